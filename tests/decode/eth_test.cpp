// Ethernet II, 802.3 + LLC/SNAP.
#include <gtest/gtest.h>

#include "decode/net_samples.hpp"

namespace weir::testpkt {
namespace {

TEST(Eth, EthernetIIFields) {
  Decoded d(samples::udp_v4());
  EXPECT_EQ(d.protocols(), "eth:ip:udp:data");
  EXPECT_EQ(d.field("eth.dst"), "02:00:00:00:00:02");
  EXPECT_EQ(d.field("eth.src"), "02:00:00:00:00:01");
  EXPECT_EQ(d.field("eth.type"), "0x0800");
  EXPECT_EQ(d.field("eth.len"), "");
  EXPECT_EQ(d.field("eth.addr"), "02:00:00:00:00:02,02:00:00:00:00:01");
  EXPECT_EQ(d.field("eth.ig"), "0,0");
  EXPECT_EQ(d.field("eth.lg"), "1,1");
  EXPECT_EQ(d.info(Proto::Eth), "02:00:00:00:00:01 → 02:00:00:00:00:02 type 0x0800");
  const auto& e = d->layers[0].as<EthFields>();
  EXPECT_EQ(e.type, 0x0800);
  EXPECT_FALSE(e.is_8023);
  EXPECT_EQ(d->layers[0].hdr_len, 14u);
}

TEST(Eth, BroadcastIsGroupAddress) {
  Decoded d(samples::arp_request());
  EXPECT_EQ(d.field("eth.dst"), "ff:ff:ff:ff:ff:ff");
  EXPECT_EQ(d.field("eth.ig"), "1,0");
}

TEST(Eth, Ieee8023LlcSnapCarriesIpv4) {
  Decoded d(samples::llc_snap_ipv4());
  EXPECT_EQ(d.protocols(), "eth:llc:ip:udp:data");
  EXPECT_EQ(d.field("eth.type"), "");  // tshark shows eth.len for 802.3
  EXPECT_EQ(d.field("eth.len"), "40");
  EXPECT_EQ(d.field("llc.dsap"), "0xaa");
  EXPECT_EQ(d.field("llc.control"), "0x0003");
  EXPECT_EQ(d.field("llc.oui"), "0");
  EXPECT_EQ(d.field("llc.type"), "0x0800");
  EXPECT_EQ(d.field("ip.src"), "198.18.8.1");
}

TEST(Eth, Ieee8023PaddingIsNotPayload) {
  Decoded d(samples::llc_stp());
  EXPECT_EQ(d.protocols(), "eth:llc:stp");
  EXPECT_EQ(d.field("eth.len"), "38");
  EXPECT_EQ(d.field("llc.dsap"), "0x42");
  EXPECT_EQ(d.field("llc.type"), "");
  // The BPDU is 35 bytes: the 802.3 length excludes the padding.
  int stp = d->find(Proto::Stp);
  ASSERT_GE(stp, 0);
  EXPECT_EQ(d->layers[stp].hdr_len, 35u);
  EXPECT_EQ(d.anomalies(), "");
}

TEST(Eth, NovellRawIsNotLlc) {
  // 802.3 whose payload starts with IPX's 0xffff checksum: IPX, no LLC
  // (here cut short of its 30-byte header).
  Bytes f = eth(0x0020, hex("ffff 0020 0000 0000"));
  Decoded d(f);
  EXPECT_EQ(d.protocols(), "eth:ipx");
  EXPECT_TRUE(d.has_anomaly("truncated_ipx_header"));
}

TEST(Eth, LengthZeroIsEtherTypeZero) {
  // Wireshark takes a type/length field of 0 as EtherType 0x0000 (its
  // ETHERTYPE_UNK), not as an empty 802.3 frame.
  Decoded d(eth(0x0000, bytes("forty bytes of anything at all, really!!")));
  EXPECT_EQ(d.protocols(), "eth:data");
  EXPECT_EQ(d.field("eth.type"), "0x0000");
  EXPECT_EQ(d.field("eth.len"), "");
  EXPECT_EQ(Decoded(eth(0x0005, hex("00 01 03 00 00"))).protocols(), "eth:llc:data");
}

TEST(Eth, UnknownEtherTypeIsData) {
  Decoded d(eth(0x88b5, bytes("local experimental")));
  EXPECT_EQ(d.protocols(), "eth:data");
  EXPECT_EQ(d.field("eth.type"), "0x88b5");
}

TEST(Eth, CiscoMetaDataAfterEthernetAndInGre) {
  Bytes l3 = ipv4_udp("198.18.0.1", 1, "198.18.0.2", 2, bytes("sgt"));
  Decoded e(eth(0x8909, cat(hex("01 01 0001 0010 0800"), l3)));
  EXPECT_EQ(e.protocols(), "eth:cmd:ip:udp:data");
  EXPECT_EQ(e.field("cmd.sgt"), "16");
  EXPECT_EQ(e.field("cmd.type"), "0x0800");
  // Inside GRE the inner EtherType comes first (as Wireshark decodes it).
  Decoded g(eth(0x0800, ipv4("198.18.3.1", "198.18.3.2", 47, cat(hex("0000 8909 0800 01 01 0001 0020"), l3))));
  EXPECT_EQ(g.protocols(), "eth:ip:gre:cmd:ip:udp:data");
  EXPECT_EQ(g.field("cmd.sgt"), "32");
  EXPECT_EQ(g.field("ip.src"), "198.18.3.1,198.18.0.1");
}

TEST(Eth, AristaTimestampHeader) {
  Bytes l3 = ipv4_udp("198.18.0.1", 1, "198.18.0.2", 2, bytes("ts"));
  Decoded d64(eth(0xd28b, cat(hex("0001 0010 5ceeed58 19c38c2c 0800"), l3)));
  EXPECT_EQ(d64.protocols(), "eth:avsp:ip:udp:data");
  Decoded d48(eth(0xd28b, cat(hex("0001 0120 ed58 19c38c2c 0800"), l3)));
  EXPECT_EQ(d48.protocols(), "eth:avsp:ip:udp:data");
  Decoded unknown(eth(0xd28b, cat(hex("0001 0011 5ceeed58 19c38c2c 0800"), l3)));
  EXPECT_EQ(unknown.protocols(), "eth:avsp");
  EXPECT_TRUE(unknown.has_anomaly("unknown_arista_header"));
}

TEST(Eth, MacsecIntegrityOnly) {
  Bytes l3 = ipv4_udp("198.18.0.1", 1, "198.18.0.2", 2, bytes("secure"));
  Bytes tag = hex("20 00 00000045 020000000001 0064 0800");  // SC set, short length 0
  Bytes icv(16, 0xee);
  Decoded d(eth(0x88e5, cat(cat(tag, l3), icv)));
  EXPECT_EQ(d.protocols(), "eth:macsec:ip:udp:data");
  EXPECT_EQ(d.field("macsec.PN"), "69");
  EXPECT_EQ(d.field("macsec.etype"), "0x0800");
  int data = d->find(Proto::Data);
  ASSERT_GE(data, 0);
  EXPECT_EQ(d->layers[data].hdr_len, 6u);  // the ICV is not payload
  Bytes enc = cat(hex("2c 00 00000046 020000000001 0064 a1b2c3d4"), icv);  // E and C set
  Decoded e(eth(0x88e5, enc));
  EXPECT_EQ(e.protocols(), "eth:macsec:data");
  EXPECT_EQ(e.info(Proto::Macsec), "MACsec frame");
  // Too short for the SecTAG and the ICV: tshark takes it for no MACsec.
  Decoded s(eth(0x88e5, hex("20 00 00000045 020000000001 0064")));
  EXPECT_EQ(s.protocols(), "eth:data");
  EXPECT_EQ(s.info(Proto::Eth), "802.1AE (MACsec)");
  // The version bit set: not MACsec either.
  Decoded v(eth(0x88e5, cat(hex("ac 00 00000046 020000000001 0064 a1b2c3d4"), icv)));
  EXPECT_EQ(v.protocols(), "eth:data");
}

TEST(Eth, CiscoIslIsNotShownAsEthernet) {
  Bytes inner = samples::llc_stp();
  // ISL: DA 01-00-0c-00-00 + type/user 0 (Ethernet), SA, length, AAAA03,
  // HSA, VLAN, index, reserved.
  Bytes isl = hex("01000c000000 001906eab885 004c aaaa03 00000c 0003 0000 0000");
  Decoded d(cat(isl, inner));
  EXPECT_EQ(d.protocols(), "eth:eth:llc:stp");
  EXPECT_EQ(d.field("eth.dst"), "01:80:c2:00:00:00");
  EXPECT_EQ(d.field("eth.src"), "02:00:00:00:00:01");
  EXPECT_TRUE(d->layers[0].as<EthFields>().is_isl);
}

TEST(Eth, TruncatedHeader) {
  Bytes f = samples::udp_v4();
  Decoded d(f, linktype::kEthernet, 9);
  EXPECT_TRUE(d.has_anomaly("truncated_eth_header"));
  // As in tshark, a partial header shows no Ethernet field at all.
  EXPECT_EQ(d.field("eth.dst"), "");
  EXPECT_EQ(d.field("eth.src"), "");
  Decoded d2(f, linktype::kEthernet, 13);
  EXPECT_EQ(d2.field("eth.src"), "");
  EXPECT_EQ(d2.field("eth.type"), "");
  Decoded d3(f, linktype::kEthernet, 14);
  EXPECT_EQ(d3.field("eth.type"), "0x0800");
  EXPECT_EQ(d3.anomalies(), "");
}

TEST(Eth, TruncatedSnap) {
  Decoded d(samples::llc_snap_ipv4(), linktype::kEthernet, 19);
  EXPECT_EQ(d.protocols(), "eth:llc");
  EXPECT_TRUE(d.has_anomaly("truncated_snap_header"));
}

TEST(Eth, UndecodedEtherTypeNamesTheColumns) {
  // tshark: protocol column "0x3030", info "Ethernet II" (or the type's
  // name where it has one but no dissector).
  Decoded d(eth(0x3030, Bytes(46, 0x30)));
  EXPECT_EQ(d.protocols(), "eth:data");
  const ProtoDef& def = Registry::builtin().proto(Proto::Eth);
  const char* name = def.name;
  const char* display = def.display;
  def.names(FieldCtx{d.pkt(), &d->layers[0]}, name, display);
  EXPECT_STREQ(display, "0x3030");
  EXPECT_EQ(d.info(Proto::Eth), "Ethernet II");
  EXPECT_EQ(Decoded(eth(0x88b5, Bytes(46, 1))).info(Proto::Eth), "Local Experimental Ethertype 1");
  // A decoded type keeps the usual names.
  Decoded ip(samples::udp_v4());
  display = def.display;
  def.names(FieldCtx{ip.pkt(), &ip->layers[0]}, name, display);
  EXPECT_STREQ(display, "Ethernet");
}

}  // namespace
}  // namespace weir::testpkt
