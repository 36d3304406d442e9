// MPLS label stacks.
#include <gtest/gtest.h>

#include "decode/net_samples.hpp"

namespace weir::testpkt {
namespace {

TEST(Mpls, LabelStackThenIpv4) {
  Decoded d(samples::mpls_udp());
  EXPECT_EQ(d.protocols(), "eth:mpls:ip:udp:data");
  EXPECT_EQ(d.field("mpls.label"), "1000,2000");
  EXPECT_EQ(d.field("mpls.bottom"), "0,1");
  EXPECT_EQ(d.field("mpls.ttl"), "64,63");
  EXPECT_EQ(d.field("mpls.exp"), "0,0");
  EXPECT_EQ(d.info(Proto::Mpls), "MPLS Label 1000,2000");
  EXPECT_EQ(d.field("udp.srcport"), "3000");
}

TEST(Mpls, StackOfMoreThan256Labels) {
  // 257 labels (100..356), bottom of stack on the last, then IPv4/UDP.
  Bytes stack;
  for (uint32_t i = 0; i < 257; ++i) {
    uint32_t e = (100 + i) << 12 | (i == 256 ? 0x100 : 0) | 64;
    stack.push_back(uint8_t(e >> 24)), stack.push_back(uint8_t(e >> 16));
    stack.push_back(uint8_t(e >> 8)), stack.push_back(uint8_t(e));
  }
  Decoded d(eth(0x8847, cat(stack, ipv4_udp("10.0.0.1", 1, "10.0.0.2", 2, bytes("m")))));
  EXPECT_EQ(d.protocols(), "eth:mpls:ip:udp:data");
  EXPECT_EQ(d.field("ip.src"), "10.0.0.1");
  std::string labels = d.field("mpls.label");
  EXPECT_EQ(labels.substr(0, 8), "100,101,");
  EXPECT_EQ(labels.substr(labels.size() - 4), ",356");
}

TEST(Mpls, FirstNibbleSixIsIpv6) {
  Bytes l3 = ipv6_udp("2001:db8::1", 1, "2001:db8::2", 2, bytes("v6"));
  Decoded d(eth(0x8847, cat(hex("00010140"), l3)));  // label 16, S=1
  EXPECT_EQ(d.protocols(), "eth:mpls:ipv6:udp:data");
  EXPECT_EQ(d.field("mpls.label"), "16");
}

TEST(Mpls, OtherPayloadIsData) {
  Decoded d(eth(0x8847, hex("00010140 00000000 0102030405")));  // pseudowire control word
  EXPECT_EQ(d.protocols(), "eth:mpls:data");
}

TEST(Mpls, NoBottomOfStackIsAnomaly) {
  Decoded d(eth(0x8847, hex("00010040 00020040")));
  EXPECT_TRUE(d.has_anomaly("truncated_mpls_stack"));
  EXPECT_EQ(d.field("mpls.label"), "16,32");
}

TEST(Mpls, MulticastEtherTypeToo) {
  Bytes f = samples::mpls_udp();
  f[12] = 0x88;
  f[13] = 0x48;
  Decoded d(f);
  EXPECT_EQ(d.field("mpls.label"), "1000,2000");
}

}  // namespace
}  // namespace weir::testpkt
