// GRE (with key/sequence/checksum), PPTP GRE, ERSPAN.
#include <gtest/gtest.h>

#include "decode/net_samples.hpp"

namespace weir::testpkt {
namespace {

TEST(Gre, KeyAndSequenceThenIpv4) {
  Decoded d(samples::gre_ipv4_icmp());
  EXPECT_EQ(d.protocols(), "eth:ip:gre:ip:icmp:data");
  EXPECT_EQ(d.field("gre.flags_and_version"), "0x3000");
  EXPECT_EQ(d.field("gre.proto"), "0x0800");
  EXPECT_EQ(d.field("gre.key"), "0x0000002a");
  EXPECT_EQ(d.field("gre.sequence_number"), "5");
  EXPECT_EQ(d.field("gre.checksum"), "");
  EXPECT_EQ(d.field("ip.src"), "198.18.3.1,198.18.0.1");
  EXPECT_EQ(d.info(Proto::Gre), "Encapsulated 0x0800");  // key and sequence are fields only, as tshark
  EXPECT_EQ(d->layers[2].hdr_len, 12u);
}

TEST(Gre, TransparentEthernetBridging) {
  Decoded d(samples::gre_eth());
  EXPECT_EQ(d.protocols(), "eth:ip:gre:eth:ip:udp:data");
  EXPECT_EQ(d.field("gre.proto"), "0x6558");
  EXPECT_EQ(d.field("eth.type"), "0x0800,0x0800");
}

TEST(Gre, ChecksumPresent) {
  Bytes inner = ipv4_udp("10.0.0.1", 1, "10.0.0.2", 2, bytes("c"));
  Decoded d(eth(0x0800, ipv4("198.18.3.1", "198.18.3.2", 47, cat(hex("8000 0800 abcd 0000"), inner))));
  EXPECT_EQ(d.field("gre.checksum"), "0xabcd");
  EXPECT_EQ(d.field("ip.dst"), "198.18.3.2,10.0.0.2");
}

TEST(Gre, PptpEnhancedGreCarriesPpp) {
  Bytes inner = ipv4_udp("10.0.0.1", 1, "10.0.0.2", 2, bytes("p"));
  Bytes ppp = cat(hex("ff03 0021"), inner);
  Bytes gre = hex("3081 880b 0000 0007 00000001 00000000");  // K S A, v1, call id 7
  set16(gre, 4, uint16_t(ppp.size()));
  Decoded d(eth(0x0800, ipv4("198.18.3.1", "198.18.3.2", 47, cat(gre, ppp))));
  EXPECT_EQ(d.protocols(), "eth:ip:gre:ppp:ip:udp:data");
  EXPECT_EQ(d.field("gre.ack_number"), "0");
  EXPECT_EQ(d.field("gre.sequence_number"), "1");
  EXPECT_EQ(d.field("gre.key"), "");  // tshark: payload length + call id, no gre.key
}

TEST(Gre, ErspanTypesCarryEthernet) {
  Bytes mirrored = samples::udp_v4();
  // Type I: no sequence number, no ERSPAN header.
  Decoded t1(eth(0x0800, ipv4("198.18.3.1", "198.18.3.2", 47, cat(hex("0000 88be"), mirrored))));
  EXPECT_EQ(t1.protocols(), "eth:ip:gre:erspan:eth:ip:udp:data");
  EXPECT_EQ(t1.field("erspan.version"), "");
  // Type II: sequence number and an 8-byte header.
  Decoded t2(eth(0x0800, ipv4("198.18.3.1", "198.18.3.2", 47,
                             cat(hex("1000 88be 00000001 10640001 00000000"), mirrored))));
  EXPECT_EQ(t2.field("udp.dstport"), "44444");
  EXPECT_EQ(t2.field("eth.src"), "02:00:00:00:00:01,02:00:00:00:00:01");
  EXPECT_EQ(t2.field("erspan.version"), "1");
  EXPECT_EQ(t2.field("erspan.vlan"), "100");
  EXPECT_EQ(t2.field("erspan.spanid"), "1");
  EXPECT_EQ(t2.field("erspan.index"), "0");
  EXPECT_EQ(t2.field("erspan.timestamp"), "");
  // Type III, frame type 0 (Ethernet), no optional subheader.
  Decoded t3(eth(0x0800, ipv4("198.18.3.1", "198.18.3.2", 47,
                             cat(hex("1000 22eb 00000001 20640001 00000000 00000000"), mirrored))));
  EXPECT_EQ(t3.protocols(), "eth:ip:gre:erspan:eth:ip:udp:data");
  EXPECT_EQ(t3.field("erspan.version"), "2");
  EXPECT_EQ(t3.field("erspan.timestamp"), "0");
  EXPECT_EQ(t3.field("erspan.index"), "");
}

TEST(Gre, Malformed) {
  Decoded v(eth(0x0800, ipv4("198.18.3.1", "198.18.3.2", 47, hex("0002 0800 00000000"))));
  EXPECT_TRUE(v.has_anomaly("bad_gre_version"));
  Decoded t(samples::gre_ipv4_icmp(), linktype::kEthernet, 34 + 6);
  EXPECT_TRUE(t.has_anomaly("truncated_gre_header"));
  EXPECT_EQ(t.field("gre.proto"), "0x0800");
  EXPECT_EQ(t.field("gre.key"), "");
}

}  // namespace
}  // namespace weir::testpkt
