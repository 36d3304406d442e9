// PPPoE session stage and PPP.
#include <gtest/gtest.h>

#include "decode/net_samples.hpp"

namespace weir::testpkt {
namespace {

TEST(Pppoe, SessionCarriesIpv4) {
  Decoded d(samples::pppoe_tcp());
  EXPECT_EQ(d.protocols(), "eth:pppoes:ppp:ip:tcp:data");
  EXPECT_EQ(d.field("eth.type"), "0x8864");
  EXPECT_EQ(d.field("pppoe.version"), "1");
  EXPECT_EQ(d.field("pppoe.type"), "1");
  EXPECT_EQ(d.field("pppoe.code"), "0x00");
  EXPECT_EQ(d.field("pppoe.session_id"), "0x1234");
  EXPECT_EQ(d.field("pppoe.payload_length"), "43");  // PPP 2 + IP 20 + TCP 20 + 1
  EXPECT_EQ(d.field("ppp.protocol"), "0x0021");
  EXPECT_EQ(d.field("tcp.dstport"), "40443");
  EXPECT_EQ(d.field("tcp.len"), "1");
}

TEST(Pppoe, PppIpv6AndPadding) {
  Bytes l3 = ipv6_udp("2001:db8::1", 1, "2001:db8::2", 2, bytes("v6"));
  Bytes ppp = cat(hex("0057"), l3);
  Bytes pppoe = hex("1100 0001 0000");
  set16(pppoe, 4, uint16_t(ppp.size()));
  Bytes f = eth(0x8864, cat(pppoe, ppp));
  f.resize(f.size() + 6, 0);  // trailer beyond the PPPoE length
  Decoded d(f);
  EXPECT_EQ(d.protocols(), "eth:pppoes:ppp:ipv6:udp:data");
  EXPECT_EQ(d.field("ppp.protocol"), "0x0057");
  EXPECT_EQ(d.field("udp.length"), "10");
}

TEST(Pppoe, DiscoveryCodeStopsAtPppoe) {
  Decoded d(eth(0x8864, hex("1109 0000 0004 01010000")));  // PADI code in a session frame
  EXPECT_EQ(d.protocols(), "eth:pppoes:data");
}

TEST(Ppp, HdlcFramingAndProtocolCompression) {
  Bytes l3 = ipv4_udp("198.18.0.1", 1, "198.18.0.2", 2, bytes("p"));
  Decoded d(cat(hex("ff03 0021"), l3), 9);  // LINKTYPE_PPP
  EXPECT_EQ(d.protocols(), "ppp:ip:udp:data");
  EXPECT_EQ(d.field("ppp.address"), "0xff");
  EXPECT_EQ(d.field("ppp.control"), "0x03");
  Decoded c(cat(hex("21"), l3), 9);
  EXPECT_EQ(c.protocols(), "ppp:ip:udp:data");
  EXPECT_EQ(c.field("ppp.protocol"), "0x0021");
}

TEST(Pppoe, Truncated) {
  Decoded d(samples::pppoe_tcp(), linktype::kEthernet, 18);
  EXPECT_TRUE(d.has_anomaly("truncated_pppoe_header"));
  EXPECT_EQ(d.field("pppoe.session_id"), "0x1234");
  EXPECT_EQ(d.field("pppoe.payload_length"), "");
  Decoded p(samples::pppoe_tcp(), linktype::kEthernet, 21);
  EXPECT_TRUE(p.has_anomaly("truncated_ppp_header"));
}

}  // namespace
}  // namespace weir::testpkt
