// VXLAN, VXLAN-GPE and Geneve.
#include <gtest/gtest.h>

#include "decode/net_samples.hpp"

namespace weir::testpkt {
namespace {

TEST(Vxlan, CarriesEthernet) {
  Decoded d(samples::vxlan_tcp());
  EXPECT_EQ(d.protocols(), "eth:ip:udp:vxlan:eth:ip:tcp:data");
  EXPECT_EQ(d.field("vxlan.vni"), "4822");
  EXPECT_EQ(d.field("vxlan.flags"), "0x0800");
  EXPECT_EQ(d.field("ip.src"), "198.18.4.1,10.0.0.1");
  EXPECT_EQ(d.field("tcp.dstport"), "2222");
  EXPECT_EQ(d.field("tcp.len"), "5");
  EXPECT_EQ(d.info(Proto::Vxlan), "VNI 4822");
}

TEST(Vxlan, GpeNextProtocol) {
  Bytes inner = ipv4_udp("10.0.0.1", 1, "10.0.0.2", 2, bytes("gpe"));
  Bytes gpe = hex("0c000001 00000100");  // P flag, next protocol IPv4, VNI 1
  Decoded d(eth(0x0800, ipv4("198.18.4.1", "198.18.4.2", 17, udp(50000, 4790, cat(gpe, inner)))));
  EXPECT_EQ(d.protocols(), "eth:ip:udp:vxlan:ip:udp:data");
  EXPECT_EQ(d.field("vxlan.next_proto"), "1");  // decimal, as tshark
  EXPECT_EQ(d.field("vxlan.vni"), "1");
  Bytes mpls = hex("0c000005 00000100 0102030405060708");
  Decoded n(eth(0x0800, ipv4("198.18.4.1", "198.18.4.2", 17, udp(50000, 4790, mpls))));
  EXPECT_EQ(n.protocols(), "eth:ip:udp:vxlan:data");
}

TEST(Nsh, OverVxlanGpeAndEthernet) {
  Bytes inner = ipv4_udp("10.0.0.1", 10000, "10.0.0.2", 20000, bytes("sfc"));
  // MD type 2, length 4 words (8 bytes of metadata), next protocol IPv4.
  Bytes nsh = hex("3004 0201 ffffffff 00010201 0000000c");
  nsh.resize(16);
  Decoded g(eth(0x0800, ipv4("198.18.4.1", "198.18.4.2", 17, udp(4790, 4790, cat(hex("0c000004 ffffff00"), cat(nsh, inner))))));
  EXPECT_EQ(g.protocols(), "eth:ip:udp:vxlan:nsh:ip:udp:data");
  EXPECT_EQ(g.field("nsh.spi"), "16777215");
  EXPECT_EQ(g.field("nsh.si"), "255");
  EXPECT_EQ(g.field("ip.dst"), "198.18.4.2,10.0.0.2");
  Decoded e(eth(0x894f, cat(nsh, inner)));
  EXPECT_EQ(e.protocols(), "eth:nsh:ip:udp:data");
  Decoded bad(eth(0x894f, hex("3001 0201 ffffffff")));
  EXPECT_TRUE(bad.has_anomaly("bad_nsh_length"));
}

TEST(Geneve, CarriesEthernet) {
  Decoded d(samples::geneve_udp());
  EXPECT_EQ(d.protocols(), "eth:ip:udp:geneve:eth:ip:udp:data");
  EXPECT_EQ(d.field("geneve.vni"), "0x00007b");
  EXPECT_EQ(d.field("geneve.proto_type"), "0x6558");
  EXPECT_EQ(d.field("udp.dstport"), "6081,44444");
}

TEST(Geneve, OptionsAreSkipped) {
  Bytes inner = ipv4_udp("10.0.0.1", 1, "10.0.0.2", 2, bytes("g"));
  Bytes gen = hex("02000800 00000100 01020304 05060708");  // 8 bytes of options, IPv4
  Decoded d(eth(0x0800, ipv4("198.18.4.1", "198.18.4.2", 17, udp(50000, 6081, cat(gen, inner)))));
  EXPECT_EQ(d.protocols(), "eth:ip:udp:geneve:ip:udp:data");
  Decoded t(eth(0x0800, ipv4("198.18.4.1", "198.18.4.2", 17, udp(50000, 6081, hex("3f000800 00000100")))));
  EXPECT_TRUE(t.has_anomaly("truncated_geneve_options"));
}

TEST(Vxlan, Truncated) {
  Decoded d(samples::vxlan_tcp(), linktype::kEthernet, 42 + 5);
  EXPECT_TRUE(d.has_anomaly("truncated_vxlan_header"));
  EXPECT_EQ(d.field("vxlan.flags"), "0x0800");
  EXPECT_EQ(d.field("vxlan.vni"), "");
}

}  // namespace
}  // namespace weir::testpkt
