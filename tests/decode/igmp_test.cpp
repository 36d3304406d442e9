// IGMP v1/v2/v3.
#include <gtest/gtest.h>

#include "decode/net_samples.hpp"

namespace weir::testpkt {
namespace {

TEST(Igmp, V2Report) {
  Decoded d(samples::igmp_v2_report());
  EXPECT_EQ(d.field("igmp.type"), "0x16");
  EXPECT_EQ(d.field("igmp.version"), "2");
  EXPECT_EQ(d.field("igmp.max_resp"), "0");
  EXPECT_EQ(d.field("igmp.maddr"), "224.0.0.251");
  EXPECT_EQ(d.info(Proto::Igmp), "Membership Report group 224.0.0.251");
  Bytes f = samples::igmp_v2_report();
  EXPECT_EQ(fold(sum16(f.data() + 38, 8)), 0);
}

TEST(Igmp, V1QueryAndV2Leave) {
  Decoded q(samples::igmp_v1_query());
  EXPECT_EQ(q.field("igmp.type"), "0x11");
  EXPECT_EQ(q.field("igmp.version"), "1");  // max resp 0 in an 8-byte query
  EXPECT_EQ(q.field("igmp.max_resp"), "");
  EXPECT_EQ(q.info(Proto::Igmp), "Membership Query");  // IGMPv1: the name only, as tshark (IGMP_V1.pcap)
  Decoded l(samples::igmp_v2_leave());
  EXPECT_EQ(l.field("igmp.type"), "0x17");
  EXPECT_EQ(l.info(Proto::Igmp), "Leave Group 224.0.0.251");
}

TEST(Igmp, V3QueryAndReport) {
  Decoded q(samples::igmp_v3_query());
  EXPECT_EQ(q.field("igmp.version"), "3");
  EXPECT_EQ(q.field("igmp.max_resp"), "100");
  Decoded r(samples::igmp_v3_report());
  EXPECT_EQ(r.field("igmp.type"), "0x22");
  EXPECT_EQ(r.field("igmp.version"), "3");
  EXPECT_EQ(r.field("igmp.maddr"), "224.0.0.252");
  EXPECT_EQ(r.info(Proto::Igmp), "Membership Report / 1 group records");
}

TEST(Igmp, DvmrpAndPimV1AreNotIgmpFields) {
  Decoded d(samples::igmp_msg(hex("13000000 00000000"), "224.0.0.4"));
  EXPECT_EQ(d.protocols(), "eth:ip:igmp");
  EXPECT_EQ(d.field("igmp.type"), "");
  EXPECT_EQ(d.info(Proto::Igmp), "DVMRP");
}

TEST(Pim, RegisterCarriesIpPacket) {
  Bytes inner = cat(hex("4500001c 000f0000 fe01 0000 c6120a0a ef010203"), hex("0800f7ff 00000000"));
  Bytes pim = cat(hex("2100 deff 00000000"), inner);
  Decoded d(eth(0x0800, ipv4("198.18.0.6", "198.18.1.254", 103, pim)));
  EXPECT_EQ(d.protocols(), "eth:ip:pim:ip:icmp");
  EXPECT_EQ(d.field("pim.version"), "2");
  EXPECT_EQ(d.field("pim.type"), "1");
  EXPECT_EQ(d.field("ip.src"), "198.18.0.6,198.18.10.10");
  // Hello (type 0): no nested packet.
  Decoded h(eth(0x0800, ipv4("198.18.0.6", "224.0.0.13", 103, hex("2000 0000 0001 0002 0069"))));
  EXPECT_EQ(h.protocols(), "eth:ip:pim");
  EXPECT_EQ(h.field("pim.type"), "0");
}

TEST(Igmp, Truncated) {
  Decoded d(samples::igmp_v2_report(), linktype::kEthernet, 14 + 24 + 3);
  EXPECT_TRUE(d.has_anomaly("truncated_igmp_header"));
  EXPECT_EQ(d.field("igmp.type"), "0x16");
  EXPECT_EQ(d.field("igmp.maddr"), "");
}

}  // namespace
}  // namespace weir::testpkt
