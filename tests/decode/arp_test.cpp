// ARP / RARP.
#include <gtest/gtest.h>

#include "decode/net_samples.hpp"

namespace weir::testpkt {
namespace {

TEST(Arp, Request) {
  Decoded d(samples::arp_request());
  EXPECT_EQ(d.protocols(), "eth:arp");
  EXPECT_EQ(d.field("arp.opcode"), "1");
  EXPECT_EQ(d.field("arp.hw.type"), "1");
  EXPECT_EQ(d.field("arp.proto.type"), "0x0800");
  EXPECT_EQ(d.field("arp.src.hw_mac"), "02:00:00:00:00:01");
  EXPECT_EQ(d.field("arp.src.proto_ipv4"), "198.18.0.1");
  EXPECT_EQ(d.field("arp.dst.hw_mac"), "00:00:00:00:00:00");
  EXPECT_EQ(d.field("arp.dst.proto_ipv4"), "198.18.0.2");
  EXPECT_EQ(d.info(Proto::Arp), "Who has 198.18.0.2? Tell 198.18.0.1");
  const auto& a = d->layers[1].as<ArpFields>();
  EXPECT_EQ(a.opcode, 1);
  EXPECT_EQ(a.sha_off, 22u);
  EXPECT_EQ(a.tpa_off, 38u);
}

TEST(Arp, ReplyAndGratuitous) {
  Decoded r(samples::arp_reply());
  EXPECT_EQ(r.info(Proto::Arp), "198.18.0.2 is at 02:00:00:00:00:02");
  // As tshark 4.0 (checked on the same frames): sender = target address is
  // gratuitous; as a request with a zero target MAC an announcement; from
  // 0.0.0.0 to a zero MAC a probe.
  Decoded g(eth(0x0806, hex("0001 0800 06 04 0001 020000000001 c6120001 000000000000 c6120001")));
  EXPECT_EQ(g.info(Proto::Arp), "ARP Announcement for 198.18.0.1");
  Decoded g2(eth(0x0806, hex("0001 0800 06 04 0001 020000000001 c6120001 ffffffffffff c6120001")));
  EXPECT_EQ(g2.info(Proto::Arp), "Gratuitous ARP for 198.18.0.1 (Request)");
  Decoded gr(eth(0x0806, hex("0001 0800 06 04 0002 020000000001 c6120001 ffffffffffff c6120001")));
  EXPECT_EQ(gr.info(Proto::Arp), "Gratuitous ARP for 198.18.0.1 (Reply)");
  Decoded probe(eth(0x0806, hex("0001 0800 06 04 0001 020000000001 00000000 000000000000 c6120007")));
  EXPECT_EQ(probe.info(Proto::Arp), "Who has 198.18.0.7? (ARP Probe)");
}

TEST(Arp, RarpIsArp) {
  Decoded d(eth(0x8035, hex("0001 0800 06 04 0003 020000000001 00000000 020000000001 00000000")));
  EXPECT_EQ(d.protocols(), "eth:arp");
  EXPECT_EQ(d.field("arp.opcode"), "3");
  EXPECT_EQ(d.info(Proto::Arp), "Who is 02:00:00:00:00:01? Tell 02:00:00:00:00:01");
}

TEST(Arp, NonEthernetHardwareHasNoMacFields) {
  // Hardware type 37 (HFI): addresses are not shown as MACs by tshark.
  Decoded d(eth(0x0806, hex("0025 0800 06 04 0001 020000000001 c6120001 000000000000 c6120002")));
  EXPECT_EQ(d.field("arp.opcode"), "1");
  EXPECT_EQ(d.field("arp.src.hw_mac"), "");
  EXPECT_EQ(d.field("arp.src.proto_ipv4"), "198.18.0.1");
}

TEST(Arp, TruncatedAddressesShowNone) {
  Decoded d(samples::arp_request(), linktype::kEthernet, 14 + 8 + 16);
  EXPECT_TRUE(d.has_anomaly("truncated_arp_addresses"));
  EXPECT_EQ(d.field("arp.opcode"), "1");
  EXPECT_EQ(d.field("arp.src.hw_mac"), "");
  EXPECT_EQ(d.field("arp.src.proto_ipv4"), "");
  Decoded h(samples::arp_request(), linktype::kEthernet, 14 + 5);
  EXPECT_TRUE(h.has_anomaly("truncated_arp_header"));
  EXPECT_EQ(h.field("arp.hw.size"), "6");
  EXPECT_EQ(h.field("arp.opcode"), "");
}

TEST(Arp, OversizedAddressLengths) {
  // plen 36: a malformed request from the corpus family; nothing past the
  // fixed header can be trusted.
  Decoded d(eth(0x0806, hex("0001 0800 06 24 0001 020000000001 c6120001")));
  EXPECT_EQ(d.field("arp.opcode"), "1");
  EXPECT_EQ(d.field("arp.src.hw_mac"), "");
}

}  // namespace
}  // namespace weir::testpkt
