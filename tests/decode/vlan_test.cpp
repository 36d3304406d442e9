// 802.1Q / 802.1ad tags.
#include <gtest/gtest.h>

#include "decode/net_samples.hpp"

namespace weir::testpkt {
namespace {

TEST(Vlan, SingleTag) {
  Decoded d(samples::vlan_icmp());
  EXPECT_EQ(d.protocols(), "eth:vlan:ip:icmp:data");
  EXPECT_EQ(d.field("eth.type"), "0x8100");
  EXPECT_EQ(d.field("vlan.id"), "100");
  EXPECT_EQ(d.field("vlan.priority"), "3");
  EXPECT_EQ(d.field("vlan.dei"), "0");
  EXPECT_EQ(d.field("vlan.etype"), "0x0800");
  EXPECT_EQ(d.info(Proto::Vlan), "PRI: 3, DEI: 0, ID: 100");
  EXPECT_EQ(d.field("icmp.type"), "8");
}

TEST(Vlan, QinQServiceTagIsNotShownAsVlan) {
  // tshark shows the 0x88a8 S-tag as ieee8021ad; only the C-tag is vlan.*.
  Decoded d(samples::qinq_ipv6_udp());
  EXPECT_EQ(d.protocols(), "eth:vlan:vlan:ipv6:udp:data");
  EXPECT_EQ(d.field("vlan.id"), "300");
  EXPECT_EQ(d.field("vlan.etype"), "0x86dd");
  EXPECT_EQ(d.field("ipv6.src"), "2001:db8::1");
  EXPECT_EQ(d.field("udp.dstport"), "5678");
}

TEST(Vlan, StackedCustomerTagsAreAllShown) {
  Bytes l3 = ipv4_udp("198.18.0.1", 1, "198.18.0.2", 2, bytes("x"));
  Decoded d(eth(0x8100, vlan_tag(10, 0x8100, vlan_tag(20, 0x0800, l3))));
  EXPECT_EQ(d.field("vlan.id"), "10,20");
  EXPECT_EQ(d.field("ip.dst"), "198.18.0.2");
  Decoded old(eth(0x9100, vlan_tag(30, 0x0800, l3)));
  EXPECT_EQ(old.field("vlan.id"), "30");
}

TEST(Vlan, LengthInsteadOfTypeMeansLlc) {
  Bytes arp = samples::arp_request();
  Bytes body = cat(hex("aaaa03 000000 0806"), Bytes(arp.begin() + 14, arp.end()));
  Decoded d(eth(0x8100, vlan_tag(5, uint16_t(body.size()), body)));
  EXPECT_EQ(d.protocols(), "eth:vlan:llc:arp");
  EXPECT_EQ(d.field("vlan.len"), "36");
  EXPECT_EQ(d.field("arp.opcode"), "1");
}

TEST(Vlan, Truncated) {
  Decoded d(samples::vlan_icmp(), linktype::kEthernet, 16);
  EXPECT_TRUE(d.has_anomaly("truncated_vlan_header"));
  EXPECT_EQ(d.field("vlan.id"), "100");
  EXPECT_EQ(d.field("vlan.etype"), "");
}

}  // namespace
}  // namespace weir::testpkt
