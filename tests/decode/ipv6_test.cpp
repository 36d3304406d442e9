// IPv6 and its extension headers.
#include <gtest/gtest.h>

#include "decode/net_samples.hpp"

namespace weir::testpkt {
namespace {

TEST(Ipv6, HeaderFields) {
  Bytes f = eth(0x86dd, ipv6("2001:db8::1", "2001:db8:0:0:1::2", 17, udp(1, 2, bytes("abc")), 7, 0xabcde, 0x2e));
  Decoded d(f);
  EXPECT_EQ(d.protocols(), "eth:ipv6:udp:data");
  EXPECT_EQ(d.field("ip.version"), "6");
  EXPECT_EQ(d.field("ipv6.version"), "6");
  EXPECT_EQ(d.field("ipv6.tclass"), "0x0000002e");
  EXPECT_EQ(d.field("ipv6.flow"), "0x0abcde");
  EXPECT_EQ(d.field("ipv6.plen"), "11");
  EXPECT_EQ(d.field("ipv6.nxt"), "17");
  EXPECT_EQ(d.field("ipv6.hlim"), "7");
  EXPECT_EQ(d.field("ipv6.src"), "2001:db8::1");
  EXPECT_EQ(d.field("ipv6.dst"), "2001:db8::1:0:0:2");
  EXPECT_EQ(d.field("ipv6.addr"), "2001:db8::1,2001:db8::1:0:0:2");
  const auto& v = d->layers[1].as<Ipv6Fields>();
  EXPECT_EQ(v.final_next, 17);
  EXPECT_EQ(v.flow, 0xabcdeu);
}

TEST(Ipv6, HopByHopAndDestinationOptions) {
  Decoded d(samples::ipv6_ext_udp());
  EXPECT_EQ(d.protocols(), "eth:ipv6:ipv6.hopopts:ipv6.dstopts:udp:dhcpv6");  // ports 546/547
  EXPECT_EQ(d.field("ipv6.nxt"), "0");
  EXPECT_EQ(d.field("ipv6.hopopts.nxt"), "60");
  EXPECT_EQ(d.field("ipv6.hopopts.len"), "0");
  EXPECT_EQ(d.field("ipv6.dstopts.nxt"), "17");
  EXPECT_EQ(d.field("udp.dstport"), "547");
  EXPECT_EQ(d->layers[1].as<Ipv6Fields>().final_next, 17);
}

TEST(Ipv6, RoutingHeader) {
  Decoded d(samples::ipv6_routing_tcp());
  EXPECT_EQ(d.protocols(), "eth:ipv6:ipv6.routing:tcp:data");
  EXPECT_EQ(d.field("ipv6.routing.type"), "0");
  EXPECT_EQ(d.field("ipv6.routing.segleft"), "1");
  EXPECT_EQ(d.field("tcp.len"), "1");
}

TEST(Ipv6, Fragments) {
  Decoded first(samples::ipv6_frag_first());
  EXPECT_EQ(first.protocols(), "eth:ipv6:ipv6.fraghdr:udp:data");
  EXPECT_EQ(first.field("ipv6.fraghdr.more"), "1");
  EXPECT_EQ(first.field("ipv6.fraghdr.offset"), "0");
  EXPECT_EQ(first.field("ipv6.fraghdr.ident"), "0x00abcdef");
  Decoded second(samples::ipv6_frag_second());
  EXPECT_EQ(second.protocols(), "eth:ipv6:ipv6.fraghdr:data");
  EXPECT_EQ(second.field("ipv6.fraghdr.offset"), "3");
  EXPECT_EQ(second.info(Proto::Ipv6Fragment), "IPv6 fragment (off=24 more=n ident=0x00abcdef nxt=17)");
}

TEST(Ipv6, AuthenticationHeaderIsSkipped) {
  Decoded d(samples::ipv6_ah_tcp());
  EXPECT_EQ(d.protocols(), "eth:ipv6:ah:tcp:bgp");  // port 179
  EXPECT_EQ(d.field("ah.spi"), "0x00001000");
  EXPECT_EQ(d.field("ah.sequence"), "1");
  EXPECT_EQ(d.field("tcp.srcport"), "179");
  EXPECT_EQ(d->layers[2].hdr_len, 24u);
}

TEST(Ipv6, ZeroPayloadLengthWithoutJumboIsEmpty) {
  Bytes f = samples::raw_ipv6();
  f[4] = f[5] = 0;
  Decoded d(f, linktype::kRaw);
  EXPECT_EQ(d.protocols(), "raw:ipv6");
  EXPECT_EQ(d.field("ipv6.plen"), "0");
}

TEST(Ipv6, JumbogramViaHopByHop) {
  // plen 0 + hop-by-hop jumbo option: the payload is what the frame carries.
  Bytes t = tcp(1, 2, Bytes(100, 0x61), {}, 0);
  Bytes hop = cat(hex("06 00 c204 00000078"), t);
  Bytes f = eth(0x86dd, ipv6("2001:db8::1", "2001:db8::2", 0, hop));
  f[14 + 4] = f[14 + 5] = 0;
  Decoded d(f);
  EXPECT_EQ(d.protocols(), "eth:ipv6:ipv6.hopopts:tcp:data");
  EXPECT_EQ(d.field("tcp.len"), "100");
}

TEST(Ipv6, BadVersionShowsOnlyIpVersion) {
  // Under an EtherType tshark's IPv6 rejects the bytes: data, and Ethernet
  // names the type in the info.
  Bytes f = samples::icmpv6_echo();
  f[14] = 0x00;
  Decoded d(f);
  EXPECT_EQ(d.protocols(), "eth:data");
  EXPECT_EQ(d.info(Proto::Eth), "IPv6");
  EXPECT_EQ(d.field("ip.version"), "0") << "shown before the bytes were rejected, as tshark";
  // Where the link type is IPv6 itself it stays, bogus.
  Bytes raw(f.begin() + 14, f.end());
  Decoded r(raw, linktype::kIpv6);
  EXPECT_EQ(r.protocols(), "ipv6");
  EXPECT_TRUE(r.has_anomaly("bad_ipv6_version"));
  EXPECT_EQ(r.field("ip.version"), "0");
  EXPECT_EQ(r.field("ipv6.src"), "");
  EXPECT_EQ(r.info(Proto::Ipv6), "Bogus IPv6 version (0, must be 6)");
}

TEST(Ipv6, TruncatedHeaderAndExtension) {
  Decoded d(samples::raw_ipv6(), linktype::kRaw, 30);
  EXPECT_TRUE(d.has_anomaly("truncated_ipv6_header"));
  EXPECT_EQ(d.field("ipv6.hlim"), "64");
  EXPECT_EQ(d.field("ipv6.src"), "2001:db8::b");
  EXPECT_EQ(d.field("ipv6.dst"), "");
  Decoded e(samples::ipv6_ext_udp(), linktype::kEthernet, 14 + 40 + 5);
  EXPECT_TRUE(e.has_anomaly("truncated_ipv6_ext_header"));
  EXPECT_EQ(e.field("ipv6.hopopts.nxt"), "60");
}

TEST(Ipv6, ExtensionHeaderChainIsBoundedByDepth) {
  // 70 destination-options headers in a row: decoding stops at the depth
  // limit with an anomaly instead of looping.
  Bytes p = udp(1, 2, {});
  for (int i = 0; i < 70; ++i) p = cat(hex(i == 0 ? "11 00 0104 00000000" : "3c 00 0104 00000000"), p);
  Decoded d(eth(0x86dd, ipv6("2001:db8::1", "2001:db8::2", 60, p)));
  EXPECT_TRUE(d.has_anomaly("decode_depth_exceeded"));
  EXPECT_EQ(d->nlayers, DecodedPacket::kMaxLayers);
}

}  // namespace
}  // namespace weir::testpkt

namespace weir::testpkt {
namespace {

TEST(Ipv6, InfoNamesAPayloadNothingDecodes) {
  EXPECT_EQ(Decoded(eth(0x86dd, ipv6("2001:db8::1", "2001:db8::2", 59, {}))).info(Proto::Ipv6), "IPv6 no next header");
  EXPECT_EQ(Decoded(eth(0x86dd, ipv6("2001:db8::1", "2001:db8::2", 63, hex("01")))).info(Proto::Ipv6),
            "Unknown IP Protocol: any local network (63)");
}

}  // namespace
}  // namespace weir::testpkt
