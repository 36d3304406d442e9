#include "weir/stats.hpp"

#include <gtest/gtest.h>

#include "engine/engine_test_util.hpp"

namespace weir {
namespace {

using testutil::make_ip4_packet;

PacketView view(uint32_t len, int64_t ts) {
  PacketView p;
  p.caplen = len;
  p.origlen = len;
  p.ts_ns = ts;
  return p;
}

TEST(ConvKey, BothDirectionsGiveTheSameKey) {
  uint8_t a[4] = {198, 18, 0, 1}, b[4] = {198, 18, 0, 2};
  ConvKey k1, k2;
  EXPECT_FALSE(make_conv_key(4, 6, a, 40000, b, 25, k1));
  EXPECT_TRUE(make_conv_key(4, 6, b, 25, a, 40000, k2));
  EXPECT_TRUE(k1 == k2);
  EXPECT_EQ(ConvKeyHash()(k1), ConvKeyHash()(k2));
  EXPECT_EQ(conv_addr(k1, true), "198.18.0.1");
  EXPECT_EQ(k1.port_a, 40000);
  // Same address both sides: ports decide the order.
  ConvKey k3, k4;
  EXPECT_FALSE(make_conv_key(4, 17, a, 53, a, 1000, k3));
  EXPECT_TRUE(make_conv_key(4, 17, a, 1000, a, 53, k4));
  EXPECT_TRUE(k3 == k4);
  EXPECT_EQ(k3.port_a, 53);
}

TEST(Stats, TotalsAndTimes) {
  Stats s;
  DecodedPacket d;
  PacketView p1 = view(100, 2'000'000'000), p2 = view(60, 1'000'000'000), p3 = view(40, 4'500'000'000);
  p3.caplen = 20;  // cut short: bytes still count the wire length
  make_ip4_packet(d, p1, {198, 18, 0, 1}, {198, 18, 0, 2}, Proto::Tcp, 40000, 80);
  s.add(d);
  make_ip4_packet(d, p2, {198, 18, 0, 2}, {198, 18, 0, 1}, Proto::Tcp, 80, 40000);
  s.add(d);
  make_ip4_packet(d, p3, {198, 18, 0, 3}, {198, 18, 0, 1}, Proto::Udp, 53, 5353);
  s.add(d);
  s.add_filtered();
  EXPECT_EQ(s.packets(), 3u);
  EXPECT_EQ(s.bytes(), 200u);
  EXPECT_EQ(s.filtered(), 1u);
  EXPECT_EQ(s.truncated(), 1u);
  EXPECT_EQ(s.first_ns(), 1'000'000'000);
  EXPECT_EQ(s.last_ns(), 4'500'000'000);
  EXPECT_EQ(iso8601_utc(s.first_ns()), "1970-01-01T00:00:01.000000000Z");
  std::string text = s.to_text();
  EXPECT_NE(text.find("Duration:                  3.500000 s"), std::string::npos) << text;
  EXPECT_NE(text.find("Packets removed by filter: 1"), std::string::npos) << text;
}

TEST(Stats, ConversationsMergeBothDirections) {
  Stats s;
  DecodedPacket d;
  PacketView a = view(100, 1), b = view(60, 2), c = view(70, 3);
  make_ip4_packet(d, a, {198, 18, 0, 2}, {198, 18, 0, 1}, Proto::Tcp, 25, 40000);
  s.add(d);
  make_ip4_packet(d, b, {198, 18, 0, 1}, {198, 18, 0, 2}, Proto::Tcp, 40000, 25);
  s.add(d);
  make_ip4_packet(d, c, {198, 18, 0, 1}, {198, 18, 0, 2}, Proto::Tcp, 40001, 25);
  s.add(d);
  ASSERT_EQ(s.ip_conversations().size(), 1u);
  ASSERT_EQ(s.flow_conversations().size(), 2u);
  auto ip = s.top(false, 10);
  ASSERT_EQ(ip.size(), 1u);
  EXPECT_EQ(conv_addr(ip[0].first, true), "198.18.0.1");
  EXPECT_EQ(ip[0].second.pkts_ab, 2u);  // .1 -> .2
  EXPECT_EQ(ip[0].second.bytes_ab, 130u);
  EXPECT_EQ(ip[0].second.pkts_ba, 1u);
  EXPECT_EQ(ip[0].second.bytes_ba, 100u);
  auto flows = s.top(true, 10);
  ASSERT_EQ(flows.size(), 2u);
  // Sorted by bytes: the 40000 flow (160 bytes) first.
  EXPECT_EQ(conv_addr(flows[0].first, true), "198.18.0.1");
  EXPECT_EQ(flows[0].first.port_a, 40000) << "endpoint A keeps its own port";
  EXPECT_EQ(flows[0].second.bytes(), 160u);
  EXPECT_EQ(flows[0].second.pkts_ab, 1u);
  EXPECT_EQ(flows[0].second.pkts_ba, 1u);
  EXPECT_EQ(flows[1].second.bytes(), 70u);
  // top() honours n.
  EXPECT_EQ(s.top(true, 1).size(), 1u);
}

TEST(Stats, HierarchyCountsEveryPrefix) {
  Stats s;
  DecodedPacket d;
  PacketView p = view(100, 1);
  make_ip4_packet(d, p, {1, 1, 1, 1}, {2, 2, 2, 2}, Proto::Tcp, 1, 2);
  s.add(d);
  make_ip4_packet(d, p, {1, 1, 1, 1}, {2, 2, 2, 2}, Proto::Udp, 1, 2);
  s.add(d);
  make_ip4_packet(d, p, {1, 1, 1, 1}, {2, 2, 2, 2}, Proto::Tcp, 1, 2);
  testutil::add_layer(d, Proto::Http);
  s.add(d);
  const auto& n = s.hierarchy();
  // frame, eth, ipv4, tcp, udp, http
  ASSERT_EQ(n.size(), 6u);
  EXPECT_EQ(n[0].packets, 3u);
  EXPECT_EQ(n[0].bytes, 300u);
  EXPECT_EQ(n[1].proto, Proto::Eth);
  EXPECT_EQ(n[1].packets, 3u);
  EXPECT_EQ(n[2].proto, Proto::Ipv4);
  EXPECT_EQ(n[3].proto, Proto::Tcp);
  EXPECT_EQ(n[3].packets, 2u);
  EXPECT_EQ(n[4].proto, Proto::Udp);
  EXPECT_EQ(n[4].packets, 1u);
  EXPECT_EQ(n[5].proto, Proto::Http);
  EXPECT_EQ(n[5].packets, 1u);
  EXPECT_EQ(n[3].first_child, 5u);
}

TEST(Stats, AnomaliesAndUndecodedLinks) {
  Stats s;
  DecodedPacket d;
  PacketView p = view(10, 1);
  d.pkt = &p;
  d.nlayers = 0;
  d.nanomalies = 2;
  d.anomalies[0] = "truncated_tcp_header";
  d.anomalies[1] = "bad_checksum";
  d.undecoded_link = false;
  s.add(d);
  // A different pointer with the same text counts as the same kind.
  static char copy[] = "truncated_tcp_header";
  d.nanomalies = 1;
  d.anomalies[0] = copy;
  s.add(d);
  d.nanomalies = 0;
  d.undecoded_link = true;
  p.linktype = 147;
  s.add(d);
  auto l = s.anomaly_list();
  ASSERT_EQ(l.size(), 3u);
  EXPECT_EQ(l[0].first, "truncated_tcp_header");
  EXPECT_EQ(l[0].second, 2u);
  EXPECT_EQ(l[1].first, "bad_checksum");
  EXPECT_EQ(l[2].first, "undecoded_linktype_147");
}

TEST(Stats, MergeEqualsSequentialAdd) {
  Stats all, w1, w2;
  DecodedPacket d;
  PacketView pv[6];
  for (int i = 0; i < 6; ++i) {
    pv[i] = view(50 + uint32_t(i), int64_t(i) * 1000);
    uint8_t last = uint8_t(1 + i % 3);
    make_ip4_packet(d, pv[i], {198, 18, 0, last}, {198, 18, 1, 1}, i % 2 ? Proto::Udp : Proto::Tcp,
                    uint16_t(1000 + i % 2), 53);
    if (i == 4) {
      d.nanomalies = 1;
      d.anomalies[0] = "x";
    }
    all.add(d);
    (i < 3 ? w1 : w2).add(d);
  }
  w2.add_filtered();
  all.add_filtered();
  w1.merge(w2);
  EXPECT_EQ(w1.packets(), all.packets());
  EXPECT_EQ(w1.bytes(), all.bytes());
  EXPECT_EQ(w1.filtered(), all.filtered());
  EXPECT_EQ(w1.first_ns(), all.first_ns());
  EXPECT_EQ(w1.last_ns(), all.last_ns());
  EXPECT_EQ(w1.to_text(), all.to_text());
  EXPECT_EQ(w1.to_json(), all.to_json());
}

TEST(Stats, JsonIsWellFormedWhenEmpty) {
  Stats s;
  EXPECT_EQ(s.to_json().rfind("{\"packets\":0,", 0), 0u);
  EXPECT_NE(s.to_text().find("none"), std::string::npos);
}

}  // namespace
}  // namespace weir
