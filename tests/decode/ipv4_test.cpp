// IPv4: header fields, options, fragments, TSO lengths, tunnels, malformed.
#include <gtest/gtest.h>

#include "decode/net_samples.hpp"
#include "weir/format.hpp"

namespace weir::testpkt {
namespace {

TEST(Ipv4, HeaderFields) {
  Decoded d(samples::tcp_syn());
  EXPECT_EQ(d.field("ip.version"), "4");
  EXPECT_EQ(d.field("ip.hdr_len"), "20");
  EXPECT_EQ(d.field("ip.dsfield"), "0x00");
  EXPECT_EQ(d.field("ip.len"), "60");
  EXPECT_EQ(d.field("ip.id"), "0x1234");
  EXPECT_EQ(d.field("ip.flags"), "0x02");
  EXPECT_EQ(d.field("ip.flags.df"), "1");
  EXPECT_EQ(d.field("ip.flags.mf"), "0");
  EXPECT_EQ(d.field("ip.frag_offset"), "0");
  EXPECT_EQ(d.field("ip.ttl"), "64");
  EXPECT_EQ(d.field("ip.proto"), "6");
  EXPECT_EQ(d.field("ip.src"), "198.18.0.1");
  EXPECT_EQ(d.field("ip.dst"), "198.18.0.2");
  EXPECT_EQ(d.field("ip.addr"), "198.18.0.1,198.18.0.2");
  const auto& ip = d->layers[1].as<Ipv4Fields>();
  EXPECT_EQ(ip.total_len, 60);
  EXPECT_EQ(ip.ihl_bytes, 20);
  // The builder's checksum is right: the header sums to 0xffff.
  Bytes f = samples::tcp_syn();
  EXPECT_EQ(fold(sum16(f.data() + 14, 20)), 0);
  EXPECT_EQ(d.field("ip.checksum"), fmt::hex(ip.checksum, 4).view());
}

TEST(Ipv4, OptionsAreSkipped) {
  Decoded d(samples::igmp_v2_report());
  EXPECT_EQ(d.field("ip.hdr_len"), "24");
  EXPECT_EQ(d.protocols(), "eth:ip:igmp");
  EXPECT_EQ(d->layers[1].hdr_len, 24u);
}

TEST(Ipv4, DscpAndEcn) {
  Bytes f = eth(0x0800, ipv4("198.18.0.1", "198.18.0.2", 17, udp(1, 2, {}), {.tos = 0xb9}));
  Decoded d(f);
  EXPECT_EQ(d.field("ip.dsfield"), "0xb9");
  EXPECT_EQ(d.field("ip.dsfield.dscp"), "46");
  EXPECT_EQ(d.field("ip.dsfield.ecn"), "1");
}

TEST(Ipv4, FirstFragmentIsDecodedLaterOnesAreNot) {
  Decoded first(samples::ipv4_frag_first());
  EXPECT_EQ(first.protocols(), "eth:ip:udp:data");
  EXPECT_EQ(first.field("ip.flags.mf"), "1");
  EXPECT_EQ(first.field("udp.length"), "108");  // bigger than this fragment: fine
  EXPECT_EQ(first.anomalies(), "");
  EXPECT_EQ(first.info(Proto::Ipv4), "Fragmented IP protocol (proto=UDP 17, off=0, ID=7777)");
  Decoded second(samples::ipv4_frag_second());
  EXPECT_EQ(second.protocols(), "eth:ip:data");
  EXPECT_EQ(second.field("ip.frag_offset"), "6");  // tshark prints 8-byte units
  EXPECT_EQ(second.field("udp.srcport"), "");
}

TEST(Ipv4, EthernetPaddingIsTrimmed) {
  Bytes f = eth_ipv4_udp("198.18.0.1", 1, "198.18.0.2", 2, bytes("ab"));
  f.resize(60, 0);
  Decoded d(f);
  int data = d->find(Proto::Data);
  ASSERT_GE(data, 0);
  EXPECT_EQ(d->layers[data].hdr_len, 2u);
  EXPECT_EQ(d.field("udp.length"), "10");
}

TEST(Ipv4, TsoZeroLengthUsesFrameLength) {
  Bytes f = eth_ipv4_tcp("198.18.0.1", 1, "198.18.0.2", 2, Bytes(3000, 0x61), {}, {.total_len = 0});
  Decoded d(f);
  EXPECT_EQ(d.field("ip.len"), "3040");  // as tshark shows it
  EXPECT_EQ(d.field("tcp.len"), "3000");
  EXPECT_EQ(d.anomalies(), "");
}

TEST(Ipv4, TotalLengthBeyondFrame) {
  // The IP header claims 820 bytes, the frame has 32 after it: tcp.len is
  // computed from what the frame carries (as tshark does).
  Bytes f = eth_ipv4_tcp("198.18.0.1", 1, "198.18.0.2", 2, {}, {.options = hex("0101080a0000000100000002")},
                         {.total_len = 820});
  Decoded d(f);
  EXPECT_EQ(d.field("ip.len"), "820");
  EXPECT_EQ(d.field("tcp.hdr_len"), "32");
  EXPECT_EQ(d.field("tcp.len"), "0");
}

TEST(Ipv4, IpInIpGivesTwoOccurrences) {
  Decoded d(samples::ipip());
  EXPECT_EQ(d.protocols(), "eth:ip:ip:udp:data");
  EXPECT_EQ(d.field("ip.src"), "198.18.5.1,10.0.0.1");
  EXPECT_EQ(d.field("ip.dst"), "198.18.5.2,192.168.0.1");
  EXPECT_EQ(d.field("ip.proto"), "4,17");
  EXPECT_EQ(d.field("ip.version"), "4,4");
  Decoded six(samples::sixinfour());
  EXPECT_EQ(six.protocols(), "eth:ip:ipv6:tcp:ssh");  // port 22, as tshark
  EXPECT_EQ(six.field("ip.version"), "4,6");
}

TEST(Ipv4, BadHeaderLength) {
  Bytes f = samples::udp_v4();
  f[14] = 0x44;  // IHL 16 bytes
  Decoded d(f);
  EXPECT_TRUE(d.has_anomaly("bad_ipv4_ihl"));
  EXPECT_EQ(d.protocols(), "eth:ip");
  EXPECT_EQ(d.field("ip.version"), "4");
  EXPECT_EQ(d.field("ip.hdr_len"), "16");
  EXPECT_EQ(d.field("ip.src"), "");
}

TEST(Ipv4, BadVersion) {
  Bytes f = samples::udp_v4();
  f[14] = 0x55;
  Decoded d(f);
  EXPECT_TRUE(d.has_anomaly("bad_ipv4_version"));
  EXPECT_EQ(d.field("ip.version"), "5");
  EXPECT_EQ(d.field("ip.hdr_len"), "");
}

TEST(Ipv4, Ipv6UnderIpv4EtherType) {
  Bytes v6 = ipv6_udp("2001:db8::1", 1, "2001:db8::2", 2, bytes("x"));
  Decoded d(eth(0x0800, v6));
  EXPECT_EQ(d.field("ipv6.src"), "2001:db8::1");
  EXPECT_EQ(d.field("ip.version"), "6,6");  // as tshark: from both dissectors
  EXPECT_EQ(d.field("ip.src"), "");
}

TEST(Ipv4, TotalLengthShorterThanHeader) {
  Bytes f = eth_ipv4_udp("198.18.0.1", 1, "198.18.0.2", 2, bytes("x"), {.total_len = 12});
  Decoded d(f);
  EXPECT_TRUE(d.has_anomaly("bad_ipv4_total_length"));
  EXPECT_EQ(d.field("ip.len"), "12");
  EXPECT_EQ(d.field("ip.ttl"), "");
  EXPECT_EQ(d.field("udp.srcport"), "");
}

TEST(Ipv4, TruncatedHeaderKeepsWhatWasCaptured) {
  Bytes f = samples::udp_v4();
  Decoded d(f, linktype::kEthernet, 14 + 16);
  EXPECT_TRUE(d.has_anomaly("truncated_ipv4_header"));
  EXPECT_EQ(d.field("ip.ttl"), "64");
  EXPECT_EQ(d.field("ip.src"), "198.18.0.1");
  EXPECT_EQ(d.field("ip.dst"), "");
  Decoded o(samples::igmp_v2_report(), linktype::kEthernet, 14 + 22);
  EXPECT_TRUE(o.has_anomaly("truncated_ipv4_options"));
  EXPECT_EQ(o.field("ip.dst"), "224.0.0.251");
}

}  // namespace
}  // namespace weir::testpkt

namespace weir::testpkt {
namespace {

TEST(Ipv4, InfoNamesAPayloadNothingDecodes) {
  // tshark's info: the protocol number's name (ip.proto's), or "Unknown".
  EXPECT_EQ(Decoded(eth(0x0800, ipv4("198.18.0.1", "198.18.0.2", 63, hex("0102")))).info(Proto::Ipv4),
            "any local network (63)");
  EXPECT_EQ(Decoded(eth(0x0800, ipv4("198.18.0.1", "198.18.0.2", 240, hex("0102")))).info(Proto::Ipv4), "Unknown (240)");
}

}  // namespace
}  // namespace weir::testpkt
