// ICMP, including error messages quoting an IPv4 datagram.
#include <gtest/gtest.h>

#include "decode/net_samples.hpp"

namespace weir::testpkt {
namespace {

TEST(Icmp, EchoRequest) {
  Decoded d(samples::icmp_echo(8));
  EXPECT_EQ(d.protocols(), "eth:ip:icmp:data");
  EXPECT_EQ(d.field("icmp.type"), "8");
  EXPECT_EQ(d.field("icmp.code"), "0");
  EXPECT_EQ(d.field("icmp.ident"), "1");
  EXPECT_EQ(d.field("icmp.seq"), "1");
  EXPECT_EQ(d.field("icmp.seq_le"), "256");
  EXPECT_EQ(d.info(Proto::Icmp), "Echo (ping) request  id=0x0001, seq=1/256, ttl=64");  // tshark: "%-20s"
  Bytes f = samples::icmp_echo(8);
  EXPECT_EQ(fold(sum16(f.data() + 34, f.size() - 34)), 0);  // valid checksum
}

TEST(Icmp, EchoReply) {
  Decoded d(samples::icmp_echo(0));
  EXPECT_EQ(d.field("icmp.type"), "0");
  EXPECT_EQ(d.info(Proto::Icmp), "Echo (ping) reply    id=0x0001, seq=1/256, ttl=64");
}

TEST(Icmp, UnreachableQuotesIpAndUdp) {
  Decoded d(samples::icmp_unreachable());
  EXPECT_EQ(d.protocols(), "eth:ip:icmp:ip:udp");
  EXPECT_EQ(d.field("icmp.type"), "3");
  EXPECT_EQ(d.field("icmp.code"), "3");
  EXPECT_EQ(d.field("icmp.ident"), "");
  // tshark prints the quoted header's fields too, comma-joined.
  EXPECT_EQ(d.field("ip.src"), "198.18.0.1,198.18.0.2");
  EXPECT_EQ(d.field("ip.ttl"), "63,64");
  EXPECT_EQ(d.field("udp.srcport"), "33434");
  EXPECT_EQ(d.field("udp.length"), "13");
  EXPECT_EQ(d.info_at(2), "Destination unreachable (Port unreachable)");
  EXPECT_EQ(d.anomalies(), "");
}

TEST(Icmp, TcpInsideErrorHasNoSegmentLength) {
  Bytes inner = ipv4_tcp("198.18.0.2", 40000, "198.18.0.1", 80, {});
  inner.resize(28);
  Bytes icmp = cat(hex("0b00 0000 00000000"), inner);
  set16(icmp, 2, inet_checksum(icmp));
  Decoded d(eth(0x0800, ipv4("198.18.0.9", "198.18.0.2", 1, icmp)));
  EXPECT_EQ(d.field("icmp.type"), "11");
  EXPECT_EQ(d.field("tcp.srcport"), "40000");
  EXPECT_EQ(d.field("tcp.seq_raw"), "");  // only 8 bytes of TCP quoted
  EXPECT_EQ(d.field("tcp.len"), "");
}

TEST(Icmp, FragmentationNeededMtuAndRedirect) {
  Bytes inner = ipv4_udp("198.18.0.2", 1, "198.18.0.1", 2, {});
  Bytes icmp = cat(hex("0304 0000 000005dc"), inner);
  Decoded d(eth(0x0800, ipv4("198.18.0.9", "198.18.0.2", 1, icmp)));
  EXPECT_EQ(d.field("icmp.mtu"), "1500");
  Bytes r = cat(hex("0501 0000 c6120063"), inner);
  Decoded rd(eth(0x0800, ipv4("198.18.0.9", "198.18.0.2", 1, r)));
  EXPECT_EQ(rd.field("icmp.redir_gw"), "198.18.0.99");
}

TEST(Icmp, ShortMessageShowsNothing) {
  // Fewer than 4 bytes claimed: tshark shows no icmp fields at all.
  Bytes f = eth(0x0800, ipv4("198.18.0.1", "198.18.0.2", 1, hex("0800 00")));
  Decoded d(f);
  EXPECT_TRUE(d.has_anomaly("truncated_icmp_header"));
  EXPECT_EQ(d.field("icmp.type"), "");
  // As tshark 4.0: nothing of a message cut short of 6 bytes, whatever its
  // type; from 6 bytes on, an echo's identifier but not its sequence number.
  Decoded e5(samples::icmp_echo(8), linktype::kEthernet, 14 + 20 + 5);
  EXPECT_TRUE(e5.has_anomaly("truncated_icmp_header"));
  EXPECT_EQ(e5.field("icmp.type"), "");
  EXPECT_EQ(e5.info(Proto::Icmp), "");
  Decoded u5(samples::icmp_unreachable(), linktype::kEthernet, 14 + 20 + 5);
  EXPECT_EQ(u5.field("icmp.checksum"), "");
  Decoded e(samples::icmp_echo(8), linktype::kEthernet, 14 + 20 + 6);
  EXPECT_TRUE(e.has_anomaly("truncated_icmp_header"));
  EXPECT_EQ(e.field("icmp.type"), "8");
  EXPECT_EQ(e.field("icmp.ident"), "1");
  EXPECT_EQ(e.field("icmp.seq"), "");
  EXPECT_EQ(e.info(Proto::Icmp), "Echo (ping) request ");  // padded, as tshark
  Decoded u7(samples::icmp_unreachable(), linktype::kEthernet, 14 + 20 + 7);
  EXPECT_EQ(u7.field("icmp.type"), "3");
  EXPECT_EQ(u7.field("icmp.ident"), "");
}

}  // namespace
}  // namespace weir::testpkt
