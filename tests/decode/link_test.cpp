// Link-layer pseudo headers: NULL, LOOP, SLL, SLL2, raw IP link types.
#include <gtest/gtest.h>

#include "decode/net_samples.hpp"

namespace weir::testpkt {
namespace {

TEST(Link, NullBothByteOrders) {
  Decoded le(samples::null_ipv4(), linktype::kNull);
  EXPECT_EQ(le.protocols(), "null:ip:udp:data");
  EXPECT_EQ(le.field("null.family"), "2");
  Bytes be = samples::null_ipv4();
  be[0] = 0;
  be[3] = 2;
  Decoded b(be, linktype::kNull);
  EXPECT_EQ(b.field("null.family"), "2");
  EXPECT_EQ(b.field("ip.src"), "127.0.0.1");
  Bytes v6 = cat(hex("1e000000"), samples::raw_ipv6());  // Darwin AF_INET6 30
  EXPECT_EQ(Decoded(v6, linktype::kNull).protocols(), "null:ipv6:udp:data");
}

TEST(Link, Loop) {
  Decoded d(samples::loop_ipv6(), linktype::kLoop);
  EXPECT_EQ(d.protocols(), "null:ipv6:udp:data");
  EXPECT_EQ(d.field("null.family"), "24");
  EXPECT_EQ(d.field("ipv6.src"), "::1");
}

TEST(Link, UnknownFamilyIsData) {
  Decoded d(cat(hex("07000000"), bytes("osi")), linktype::kNull);
  EXPECT_EQ(d.protocols(), "null:data");
}

TEST(Link, Sll) {
  Decoded d(samples::sll_udp(), linktype::kLinuxSll);
  EXPECT_EQ(d.protocols(), "sll:ip:udp:data");
  EXPECT_EQ(d.field("sll.pkttype"), "0");
  EXPECT_EQ(d.field("sll.hatype"), "1");
  EXPECT_EQ(d.field("sll.halen"), "6");
  EXPECT_EQ(d.field("sll.src.eth"), "02:00:00:00:00:09");
  EXPECT_EQ(d.field("sll.etype"), "0x0800");
  EXPECT_EQ(d.field("sll.ifindex"), "");
  EXPECT_EQ(d.info(Proto::Sll), "Unicast to us, protocol 0x0800");
}

TEST(Link, SllLlcProtocol) {
  Bytes llc = hex("424203 0000 00 80");  // a topology change notification BPDU
  Decoded d(cat(hex("0000 0001 0006 020000000009 0000 0004"), llc), linktype::kLinuxSll);
  EXPECT_EQ(d.protocols(), "sll:llc:stp");
  EXPECT_EQ(d.field("stp.type"), "0x80");
  EXPECT_EQ(d.field("sll.ltype"), "0x0004");
}

TEST(Link, Sll2) {
  Decoded d(samples::sll2_ipv6(), linktype::kLinuxSll2);
  EXPECT_EQ(d.protocols(), "sll:ipv6:udp:data");
  EXPECT_EQ(d.field("sll.ifindex"), "3");
  EXPECT_EQ(d.field("sll.pkttype"), "4");
  EXPECT_EQ(d.field("sll.etype"), "0x86dd");
  EXPECT_EQ(d.info(Proto::Sll), "Sent by us, protocol 0x86dd");
}

TEST(Link, RawIpByVersionNibble) {
  EXPECT_EQ(Decoded(samples::raw_ipv4(), linktype::kRaw).protocols(), "raw:ip:tcp:data");
  EXPECT_EQ(Decoded(samples::raw_ipv6(), linktype::kRaw).protocols(), "raw:ipv6:udp:data");
  EXPECT_EQ(Decoded(samples::raw_ipv4(), 12).protocols(), "raw:ip:tcp:data");
  EXPECT_EQ(Decoded(samples::raw_ipv4(), 14).protocols(), "raw:ip:tcp:data");
  Decoded bad(hex("50000000"), linktype::kRaw);
  EXPECT_TRUE(bad.has_anomaly("raw_ip_bad_version"));
}

TEST(Link, Ipv4AndIpv6LinkTypes) {
  EXPECT_EQ(Decoded(samples::raw_ipv4(), linktype::kIpv4).protocols(), "ip:tcp:data");
  EXPECT_EQ(Decoded(samples::raw_ipv6(), linktype::kIpv6).protocols(), "ipv6:udp:data");
  // An IPv4 packet under LINKTYPE_IPV6 is a bogus IPv6 header (as tshark).
  Decoded d(samples::raw_ipv4(), linktype::kIpv6);
  EXPECT_TRUE(d.has_anomaly("bad_ipv6_version"));
  EXPECT_EQ(d.field("ip.version"), "4");
  EXPECT_EQ(d.field("ip.src"), "");
}

TEST(Link, Truncated) {
  EXPECT_TRUE(Decoded(samples::null_ipv4(), linktype::kNull, 3).has_anomaly("truncated_null_header"));
  EXPECT_TRUE(Decoded(samples::sll_udp(), linktype::kLinuxSll, 15).has_anomaly("truncated_sll_header"));
  EXPECT_TRUE(Decoded(samples::sll2_ipv6(), linktype::kLinuxSll2, 19).has_anomaly("truncated_sll2_header"));
  Decoded s(samples::sll_udp(), linktype::kLinuxSll, 15);
  EXPECT_EQ(s.field("sll.etype"), "");
}

TEST(Link, UnknownLinkTypeIsUndecoded) {
  Decoded d(bytes("whatever"), 147);
  EXPECT_TRUE(d->undecoded_link);
  EXPECT_EQ(d.protocols(), "data");
}

TEST(Link, NflogCarriesTheLoggedPacket) {
  // NFLOG header (AF_INET, version 0, group 20), then little-endian TLVs: a
  // packet header (hw protocol 0x0800, hook 1), a prefix "weir: ", an input
  // interface, the payload.
  Bytes ip = ipv4_udp("198.18.0.1", 4000, "198.18.0.2", 40000, bytes("logged"));
  Bytes f = hex("02 00 0014  0800 0100 0800 01 00  0a00 0a00 7765697220 00 0000  0800 0400 00000003");
  Bytes tl = {uint8_t(ip.size() + 4), 0, 9, 0};
  f = cat(f, cat(tl, ip));
  Decoded d(f, linktype::kNflog);
  EXPECT_EQ(d.protocols(), "nflog:ip:udp:data");
  EXPECT_EQ(d.field("nflog.res_id"), "20");
  EXPECT_EQ(d.field("nflog.tlv_type"), "1,10,4,9");
  EXPECT_EQ(d.field("nflog.protocol"), "0x0800");
  EXPECT_EQ(d.field("nflog.hook"), "1");
  EXPECT_EQ(d.field("nflog.prefix"), "weir ");
  EXPECT_EQ(d.field("nflog.ifindex_indev"), "3");
  EXPECT_EQ(d.field("ip.src"), "198.18.0.1");
  EXPECT_EQ(d.anomalies(), "");
}

}  // namespace
}  // namespace weir::testpkt

namespace weir::testpkt {
namespace {

TEST(Ipnet, SolarisHeaderThenIp) {
  // Values of the shared corpus's e1000g.pcap, frame 1, as tshark shows them.
  Bytes hdr = hex("01 02 0000 00000054 00000002 00000000 00000000 00000000");
  Decoded d(cat(hdr, ipv4("198.18.0.1", "198.18.0.2", 1, hex("0800f7ff00000000"))), linktype::kIpnet);
  EXPECT_EQ(d.protocols(), "ipnet:ip:icmp");
  EXPECT_EQ(d.field("ipnet.version"), "1");
  EXPECT_EQ(d.field("ipnet.family"), "2");
  EXPECT_EQ(d.field("ipnet.pktlen"), "84");
  EXPECT_EQ(d.field("ipnet.ifindex"), "2");
  Decoded v6(cat(hex("01 1a 0001 00000028 00000002 00000000 00000000 00000000"),
                 ipv6("2001:db8::1", "2001:db8::2", 59, {})),
             linktype::kIpnet);
  EXPECT_EQ(v6.protocols(), "ipnet:ipv6");
  EXPECT_EQ(Decoded(hex("01 02 0000"), linktype::kIpnet).protocols(), "ipnet");
}

}  // namespace
}  // namespace weir::testpkt

namespace weir::testpkt {
namespace {

TEST(Arcnet, BsdAndLinuxHeaders) {
  Bytes ip = ipv4("198.18.0.1", "198.18.0.2", 1, hex("0800f7ff00000000"));
  Decoded bsd(cat(hex("be 50 f0"), ip), linktype::kArcnetBsd);  // RFC 1051: no offset
  EXPECT_EQ(bsd.protocols(), "arcnet:ip:icmp");
  EXPECT_EQ(bsd.field("arcnet.src"), "0xbe");
  EXPECT_EQ(bsd.field("arcnet.offset"), "");
  Decoded lin(cat(hex("be 50 0000 d4 00 0007"), ip), linktype::kArcnetLinux);  // RFC 1201: split flag, sequence
  EXPECT_EQ(lin.protocols(), "arcnet:ip:icmp");
  EXPECT_EQ(lin.field("arcnet.protID"), "0xd4");
  Decoded other(hex("be 50 0000 42 00 0001 0102"), linktype::kArcnetLinux);
  EXPECT_EQ(other.protocols(), "arcnet:data");
  EXPECT_EQ(other.info(Proto::Arcnet), "ARCNET");
  // An IPv4 header of another version: tshark's "Bogus IP version".
  Decoded bogus(cat(hex("be 50 f0"), hex("d4000014")), linktype::kArcnetBsd);
  EXPECT_EQ(bogus.info(Proto::Ipv4), "Bogus IP version (13)");
}

}  // namespace
}  // namespace weir::testpkt
