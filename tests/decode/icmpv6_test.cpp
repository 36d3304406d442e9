// ICMPv6 with neighbour discovery.
#include <gtest/gtest.h>

#include "decode/net_samples.hpp"

namespace weir::testpkt {
namespace {

TEST(Icmpv6, NeighbourSolicitation) {
  Decoded d(samples::icmpv6_ns());
  EXPECT_EQ(d.protocols(), "eth:ipv6:icmpv6");
  EXPECT_EQ(d.field("icmpv6.type"), "135");
  EXPECT_EQ(d.field("icmpv6.code"), "0");
  EXPECT_EQ(d.field("icmpv6.nd.ns.target_address"), "2001:db8::2");
  EXPECT_EQ(d.field("icmpv6.opt.type"), "1");
  EXPECT_EQ(d.field("icmpv6.opt.linkaddr"), "02:00:00:00:00:01");
  EXPECT_EQ(d.info(Proto::Icmpv6), "Neighbor Solicitation for 2001:db8::2 from 02:00:00:00:00:01");
}

TEST(Icmpv6, NeighbourAdvertisement) {
  auto t = ip6("2001:db8::2");
  Bytes body = cat(hex("88000000 60000000"), Bytes(t.begin(), t.end()));
  body = cat(body, hex("0201 020000000002"));
  Decoded d(eth(0x86dd, ipv6("2001:db8::2", "2001:db8::1", 58, body, 255)));
  EXPECT_EQ(d.field("icmpv6.nd.na.target_address"), "2001:db8::2");
  EXPECT_EQ(d.info(Proto::Icmpv6), "Neighbor Advertisement 2001:db8::2 (sol, ovr) is at 02:00:00:00:00:02");  // tshark
}

TEST(Icmpv6, Echo) {
  Decoded d(samples::icmpv6_echo());
  EXPECT_EQ(d.field("icmpv6.type"), "128");
  EXPECT_EQ(d.field("icmpv6.echo.identifier"), "0x1234");
  EXPECT_EQ(d.field("icmpv6.echo.sequence_number"), "7");
  EXPECT_EQ(d.info(Proto::Icmpv6), "Echo (ping) request id=0x1234, seq=7, hop limit=64");
}

TEST(Icmpv6, PacketTooBigQuotesIpv6) {
  Decoded d(samples::icmpv6_too_big());
  EXPECT_EQ(d.protocols(), "eth:ipv6:icmpv6:ipv6:udp:data");
  EXPECT_EQ(d.field("icmpv6.mtu"), "1500");
  EXPECT_EQ(d.field("ipv6.src"), "2001:db8::fe,2001:db8::1");
  EXPECT_EQ(d.field("udp.dstport"), "7777");
}

TEST(Icmpv6, ZeroLengthOptionIsAnomaly) {
  auto t = ip6("2001:db8::2");
  Bytes body = cat(cat(hex("87000000 00000000"), Bytes(t.begin(), t.end())), hex("0100 0000 0000 0000"));
  Decoded d(eth(0x86dd, ipv6("2001:db8::1", "ff02::1:ff00:2", 58, body, 255)));
  EXPECT_TRUE(d.has_anomaly("bad_icmpv6_option_length"));
  EXPECT_EQ(d.field("icmpv6.opt.type"), "");
  EXPECT_EQ(d.field("icmpv6.nd.ns.target_address"), "2001:db8::2");
}

TEST(Icmpv6, TruncatedTarget) {
  Decoded d(samples::icmpv6_ns(), linktype::kEthernet, 14 + 40 + 8 + 10);
  EXPECT_TRUE(d.has_anomaly("truncated_icmpv6_nd"));
  EXPECT_EQ(d.field("icmpv6.type"), "135");
  EXPECT_EQ(d.field("icmpv6.nd.ns.target_address"), "");
}

}  // namespace

// Info texts as tshark 4.0 prints them (checked on the same packets).
TEST(Icmpv6, InfoAsTshark) {
  // Router Solicitation with a source link-layer address option.
  Decoded rs(eth(0x86dd, ipv6("fe80::1", "ff02::2", 58, hex("85000000 00000000 0101 021122334455"), 255)));
  EXPECT_EQ(rs.info(Proto::Icmpv6), "Router Solicitation from 02:11:22:33:44:55");
  // Destination unreachable, port: the code in parentheses.
  Bytes quoted = Bytes(48, 0);
  Decoded du(eth(0x86dd, ipv6("2001:db8::1", "2001:db8::2", 58, cat(hex("01040000 00000000"), quoted), 64)));
  EXPECT_EQ(du.info(Proto::Icmpv6), "Destination Unreachable (Port unreachable)");
  // An advertisement without flags has no parentheses.
  auto t = ip6("2001:db8::2");
  Decoded na(eth(0x86dd, ipv6("2001:db8::2", "2001:db8::1", 58, cat(hex("88000000 00000000"), Bytes(t.begin(), t.end())), 255)));
  EXPECT_EQ(na.info(Proto::Icmpv6), "Neighbor Advertisement 2001:db8::2");
}

TEST(Icmpv6, BodiesOfOtherMessagesAreNotData) {
  // An MLDv2 report with one record, a node information query, RPL: the body
  // is ICMPv6's own, as in Wireshark; only echo payloads are data.
  Bytes mld = hex("8f000000 00000001 04000000 ff020000000000000000000000000001");
  Decoded d(eth(0x86dd, ipv6("fe80::1", "ff02::16", 58, mld, 1)));
  EXPECT_EQ(d.protocols(), "eth:ipv6:icmpv6");
  EXPECT_EQ(d.info(Proto::Icmpv6), "Multicast Listener Report Message v2");
  Decoded ni(eth(0x86dd, ipv6("fe80::1", "fe80::2", 58, hex("8b000000 00000000 0102030405060708 20010db8000000000000000000000001"))));
  EXPECT_EQ(ni.protocols(), "eth:ipv6:icmpv6");
  EXPECT_EQ(ni.info(Proto::Icmpv6), "Node Information Query (Query subject = IPv6 addresses)");
  Decoded rpl(eth(0x86dd, ipv6("fe80::1", "ff02::1a", 58, hex("9b020000 01000000"))));
  EXPECT_EQ(rpl.info(Proto::Icmpv6), "RPL Control (Destination Advertisement Object)");
  Decoded unknown(eth(0x86dd, ipv6("fe80::1", "fe80::2", 58, hex("a2000000 00000000"))));
  EXPECT_EQ(unknown.info(Proto::Icmpv6), "Unknown (162)");
}

TEST(Icmpv6, EchoHopLimitPastExtensionHeaders) {
  Bytes echo = hex("80000000 0000 0001");
  Bytes dst = cat(hex("3a 00 0104 00000000"), echo);  // destination options, then ICMPv6
  Decoded d(eth(0x86dd, ipv6("2001:db8::1", "2001:db8::2", 60, dst, 7)));
  EXPECT_EQ(d.info(Proto::Icmpv6), "Echo (ping) request id=0x0000, seq=1, hop limit=7");
}

}  // namespace weir::testpkt
