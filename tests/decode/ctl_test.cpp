// Control, routing and timing protocols (src/decode/ctl.cpp, routing.cpp,
// dhcpv6.cpp, ERSPAN in gre.cpp): values checked by hand, then every field
// of these protocols, the protocol column, the info column and
// frame.protocols compared with tshark for every sample of ctl_samples.hpp.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "decode/ctl_samples.hpp"
#include "decode/tshark_util.hpp"
#include "engine/printer.hpp"

namespace weir::testpkt {
namespace {

TEST(Stp, RapidSpanningTree) {
  Decoded d(ctl::stp_rst());
  EXPECT_EQ(d.protocols(), "eth:llc:stp");
  EXPECT_EQ(d.anomalies(), "");
  EXPECT_EQ(d.field("stp.version"), "2");
  EXPECT_EQ(d.field("stp.root.prio"), "32768");
  EXPECT_EQ(d.field("stp.root.ext"), "1");
  EXPECT_EQ(d.field("stp.root.hw"), "00:19:06:ea:b8:80");
  EXPECT_EQ(d.field("stp.root.cost"), "4");
  EXPECT_EQ(d.field("stp.port"), "0x800c");
  EXPECT_EQ(d.field("stp.flags.port_role"), "3");
  EXPECT_EQ(d.field("stp.hello"), "2");
  EXPECT_EQ(d.field("stp.msg_age"), "1");
  EXPECT_EQ(d.info(Proto::Stp), "RST. TC + Root = 32768/1/00:19:06:ea:b8:80  Cost = 4  Port = 0x800c");
}

TEST(Stp, MultipleSpanningTreeFlagsPerInstance) {
  Decoded d(ctl::stp_mst());
  EXPECT_EQ(d.anomalies(), "");
  EXPECT_EQ(d.field("mstp.version_3_length"), "80");
  EXPECT_EQ(d.field("mstp.cist_internal_root_path_cost"), "200000");
  EXPECT_EQ(d.field("stp.flags.tc"), "0,1");  // the CIST's, then MSTI 1's
  EXPECT_EQ(d.info(Proto::Stp).substr(0, 5), "MST. ");
}

TEST(Stp, ShortBpduShowsNoFields) {
  Bytes f = ctl::stp_rst();
  Decoded d(f, linktype::kEthernet, 14 + 3 + 20);  // cut inside the BPDU
  EXPECT_EQ(d.protocols(), "eth:llc:stp");
  EXPECT_EQ(d.field("stp.protocol"), "");
  EXPECT_EQ(d.anomalies(), "truncated_stp_bpdu");
}

TEST(Vrrp, VersionTwoAndThree) {
  Decoded v2(ctl::vrrp_v2());
  EXPECT_EQ(v2.field("vrrp.ip_addr"), "192.168.0.1,192.168.0.2");
  EXPECT_EQ(v2.field("vrrp.auth_type"), "1");
  EXPECT_EQ(v2.info(Proto::Vrrp), "Announcement (v2)");
  Decoded v3(ctl::vrrp_v3_ipv6());
  EXPECT_EQ(v3.field("vrrp.ipv6_addr"), "fe80::1");
  EXPECT_EQ(v3.field("vrrp.short_adver_int"), "100");
  EXPECT_EQ(v3.field("vrrp.auth_type"), "");
}

TEST(Hsrp, HelloAdvertiseAndVersionTwo) {
  EXPECT_EQ(Decoded(ctl::hsrp_hello()).info(Proto::Hsrp), "Hello (state Active)");
  EXPECT_EQ(Decoded(ctl::hsrp_hello()).field("hsrp.virt_ip"), "192.168.0.1");
  EXPECT_EQ(Decoded(ctl::hsrp_advertise()).info(Proto::Hsrp), "Advertise (state Passive)");
  Decoded v2(ctl::hsrp_v2());
  EXPECT_EQ(v2.field("hsrp.version"), "");
  EXPECT_EQ(v2.field("hsrp2.priority"), "200");
  EXPECT_EQ(v2.info(Proto::Hsrp), "Hello (state Active)");
}

TEST(Bfd, ControlPacket) {
  Decoded d(ctl::bfd_up());
  EXPECT_EQ(d.field("bfd.sta"), "0x03");
  EXPECT_EQ(d.field("bfd.my_discriminator"), "0x00000001");
  EXPECT_EQ(d.info(Proto::Bfd), "Diag: No Diagnostic, State: Up, Flags: 0x00");
  EXPECT_EQ(Decoded(ctl::bfd_auth()).info(Proto::Bfd), "Diag: Control Detection Time Expired, State: Down, Flags: 0x24");
}

TEST(Lldp, MandatoryAndSystemTlvs) {
  Decoded d(ctl::lldp());
  EXPECT_EQ(d.protocols(), "eth:lldp");
  EXPECT_EQ(d.field("lldp.tlv.type"), "1,2,3,4,5,6,7,0");
  EXPECT_EQ(d.field("lldp.port.id"), "Gi0/1");
  EXPECT_EQ(d.field("lldp.time_to_live"), "120");
  EXPECT_EQ(d.info(Proto::Lldp),
            "MA/00:19:06:ea:b8:80 IN/Gi0/1 120 SysN=sw1.example SysD=Switch OS 1.0\\r\\nBuild 7 ");
}

TEST(Ptp, VersionTwoMessages) {
  Decoded s(ctl::ptp_sync());
  EXPECT_EQ(s.field("ptp.v2.clockidentity"), "0x001906fffeeab880");
  EXPECT_EQ(s.field("ptp.v2.logmessageperiod"), "-3");
  EXPECT_EQ(s.info(Proto::Ptp), "Sync Message");
  EXPECT_EQ(Decoded(ctl::ptp_management()).info(Proto::Ptp), "Management (Default dataset) GET");
}

TEST(Ospf, HelloVersionsTwoAndThree) {
  Decoded v2(ctl::ospf_hello_v2());
  EXPECT_EQ(v2.field("ospf.hello.network_mask"), "255.255.255.0");
  EXPECT_EQ(v2.field("ospf.hello.router_dead_interval"), "40");
  EXPECT_EQ(v2.field("ospf.hello.active_neighbor"), "2.2.2.2");
  EXPECT_EQ(v2.info(Proto::Ospf), "Hello Packet");
  Decoded v3(ctl::ospf_hello_v3());
  EXPECT_EQ(v3.field("ospf.hello.interface_id"), "5");
  EXPECT_EQ(v3.field("ospf.hello.router_dead_interval"), "40");
  EXPECT_EQ(Decoded(ctl::ospf_ls_update()).info(Proto::Ospf), "LS Update");
}

TEST(Bgp, EveryMessageOfASegment) {
  Decoded d(ctl::bgp_open_keepalive());
  EXPECT_EQ(d.field("bgp.type"), "1,4");
  EXPECT_EQ(d.field("bgp.length"), "29,19");
  EXPECT_EQ(d.field("bgp.open.myas"), "65001");
  EXPECT_EQ(d.field("bgp.open.identifier"), "198.18.0.1");
  EXPECT_EQ(d.info(Proto::Bgp), "OPEN Message, KEEPALIVE Message");
  EXPECT_EQ(Decoded(ctl::bgp_notification()).field("bgp.notify.major_error"), "6");
}

TEST(Dhcpv6, RelayedSolicit) {
  Decoded d(ctl::dhcpv6_relay_forw());
  EXPECT_EQ(d.field("dhcpv6.msgtype"), "12,1");
  EXPECT_EQ(d.field("dhcpv6.xid"), "0x28792a");
  EXPECT_EQ(d.field("dhcpv6.option.type"), "9,1,8,3,5");
  EXPECT_EQ(d.field("dhcpv6.iaaddr.ip"), "2001:db8::5");
  EXPECT_EQ(d.info(Proto::Dhcpv6), "Relay-forw L: 2001:db8:1::1 Solicit XID: 0x28792a CID: 0003000100190"
                                   "6eab880 IAA: 2001:db8::5 ");
}

TEST(Erspan, TypesTwoAndThree) {
  Decoded t2(ctl::erspan_ii());
  EXPECT_EQ(t2.protocols(), "eth:ip:gre:erspan:eth:ip:udp:data");
  EXPECT_EQ(t2.field("erspan.index"), "7");
  Decoded t3(ctl::erspan_iii());
  EXPECT_EQ(t3.field("erspan.sgt"), "16");
  EXPECT_EQ(t3.field("erspan.hw"), "0");
  EXPECT_EQ(t3.field("erspan.direction"), "1");
}

TEST(Services, EspRadiusSyslog) {
  EXPECT_EQ(Decoded(ctl::esp()).info(Proto::Esp), "ESP (SPI=0xd1234567)");
  Decoded u(ctl::esp_in_udp());
  EXPECT_EQ(u.protocols(), "eth:ip:udp:udpencap:esp");
  EXPECT_EQ(u.field("esp.sequence"), "1");
  Decoded r(ctl::radius_request());
  EXPECT_EQ(r.info(Proto::Radius), "Access-Request id=5");
  EXPECT_EQ(r.field("radius.User_Name"), "bob");
  EXPECT_EQ(r.field("radius.NAS_IP_Address"), "198.18.0.1");
  Decoded s(ctl::syslog());
  EXPECT_EQ(s.field("syslog.facility"), "1");
  EXPECT_EQ(s.field("syslog.level"), "5");
  EXPECT_EQ(s.info(Proto::Syslog), "USER.NOTICE: Sep 12 19:16:18 host app: test message\\n");
}

TEST(Services, IkeHeaders) {
  EXPECT_EQ(Decoded(ctl::ikev1_main_mode()).info(Proto::Isakmp), "Identity Protection (Main Mode)");
  EXPECT_EQ(Decoded(ctl::ikev2_sa_init()).info(Proto::Isakmp), "IKE_SA_INIT MID=00 Initiator Request");
  Decoded n(ctl::ikev2_auth_nat_t());
  EXPECT_EQ(n.protocols(), "eth:ip:udp:udpencap:isakmp");
  EXPECT_EQ(n.info(Proto::Isakmp), "IKE_AUTH MID=01 Responder Response");
  EXPECT_EQ(n.field("isakmp.ispi"), "cf02326f14a95b93");
}

TEST(Routing, RipEigrpCdp) {
  Decoded r(ctl::ripv2_response());
  EXPECT_EQ(r.field("rip.ip"), "198.18.5.0");  // not for the family 0 entry
  EXPECT_EQ(r.field("rip.metric"), "1,16");
  EXPECT_EQ(r.info(Proto::Rip), "Response");
  EXPECT_EQ(Decoded(ctl::eigrp_hello()).field("eigrp.as"), "100");
  Decoded c(ctl::cdp());
  EXPECT_EQ(c.field("cdp.software_version"), "Switch OS 1.0,Build 7");
  EXPECT_EQ(c.info(Proto::Cdp), "Device ID: sw1  Port ID: FastEthernet0/13  ");
}

TEST(Routing, IsisPdus) {
  Decoded h(ctl::isis_l1_hello());
  EXPECT_EQ(h.protocols(), "eth:llc:osi:isis");
  EXPECT_EQ(h.field("isis.hello.lan_id"), "2222.2222.2222.01");
  EXPECT_EQ(h.info(Proto::Isis), "L1 HELLO, System-ID: 2222.2222.2222");
  // The sample's checksum (0x1234) is wrong: tshark says so, and so does weir.
  EXPECT_EQ(Decoded(ctl::isis_l2_lsp()).info(Proto::Isis),
            "L2 LSP, LSP-ID: 4444.4444.4444.01-00, Sequence: 0x00000003, Lifetime:  1199s [ISIS CHECKSUM INCORRECT]");
  EXPECT_EQ(Decoded(ctl::isis_l1_psnp()).info(Proto::Isis), "L1 PSNP, Source-ID: 2222.2222.2222.00");
}

TEST(Wan, CiscoHdlcSlarpAndFrameRelay) {
  Decoded k(ctl::chdlc_slarp_keepalive(), linktype::kChdlc);
  EXPECT_EQ(k.protocols(), "chdlc:slarp");
  EXPECT_EQ(k.info(Proto::Slarp), "Line keepalive, outgoing sequence 7, returned sequence 6");
  EXPECT_EQ(Decoded(ctl::chdlc_slarp_reply(), linktype::kChdlc).info(Proto::Slarp),
            "Reply, from 198.18.1.1, mask 255.255.255.252");
  Decoded i(ctl::chdlc_isis(), linktype::kChdlc);
  EXPECT_EQ(i.protocols(), "chdlc:osi:isis");
  EXPECT_EQ(i.field("chdlc.clns_padding"), "0x74");
  Decoded f(ctl::fr_cisco_ipv6(), linktype::kFrelay);
  EXPECT_EQ(f.protocols(), "fr:ipv6:udp:data");
  EXPECT_EQ(f.field("fr.dlci"), "302");
  EXPECT_EQ(f.field("fr.chdlctype"), "0x86dd");
  Decoded r(ctl::fr_rfc2427_isis(), linktype::kFrelay);
  EXPECT_EQ(r.protocols(), "fr:isis");
  EXPECT_EQ(r.field("fr.nlpid"), "0x00,0x83");
  EXPECT_EQ(Decoded(ctl::fr_four_octet(), linktype::kFrelay).field("fr.dlci"), "279489");  // as tshark prints it
}

TEST(Wlan, RadiotapBeaconAndData) {
  Decoded b(ctl::wlan_beacon_fcs(), linktype::kRadiotap);
  EXPECT_EQ(b.protocols(), "radiotap:wlan_radio:wlan");
  EXPECT_EQ(b.info(Proto::Wlan), "Beacon frame, SN=100, FN=0, Flags=........C, BI=100, SSID=\"weir-lab\"");
  EXPECT_EQ(b.field("wlan.fcs"), "0x12345678");
  EXPECT_EQ(b.field("wlan_radio.channel"), "6");
  Decoded q(ctl::wlan_qos_llc(), linktype::kRadiotap);
  EXPECT_EQ(q.protocols(), "radiotap:wlan_radio:wlan:llc:ip:udp:data");
  EXPECT_EQ(q.field("wlan.sa"), "02:00:00:00:00:01");  // from the distribution system: address 3
  Decoded p(ctl::wlan_protected(), linktype::kIeee80211);
  EXPECT_EQ(p.protocols(), "wlan:data");
  EXPECT_EQ(p.field("data.len"), "20");
}

TEST(Eapol, FourWayHandshakeAndEap) {
  EXPECT_EQ(Decoded(ctl::eapol_m1()).info(Proto::Eapol), "Key (Message 1 of 4)");
  EXPECT_EQ(Decoded(ctl::eapol_m2()).info(Proto::Eapol), "Key (Message 2 of 4)");
  EXPECT_EQ(Decoded(ctl::eapol_m3()).info(Proto::Eapol), "Key (Message 3 of 4)");
  EXPECT_EQ(Decoded(ctl::eapol_m4()).info(Proto::Eapol), "Key (Message 4 of 4)");
  Decoded id(ctl::eap_identity());
  EXPECT_EQ(id.protocols(), "eth:eapol");
  EXPECT_EQ(id.info(Proto::Eapol), "Response, Identity");
  EXPECT_EQ(id.field("eap.identity"), "alice");
}

bool is_ctl_proto(Proto p) {
  switch (p) {
    case Proto::Stp: case Proto::Vrrp: case Proto::Hsrp: case Proto::Bfd: case Proto::Lldp:
    case Proto::Ptp: case Proto::Ospf: case Proto::Bgp: case Proto::Dhcpv6: case Proto::Erspan:
    case Proto::Cdp: case Proto::Rip: case Proto::Eigrp: case Proto::Esp: case Proto::UdpEncap:
    case Proto::Radius: case Proto::Syslog: case Proto::Osi: case Proto::Isis: case Proto::Isakmp:
    case Proto::Chdlc: case Proto::Slarp: case Proto::Fr:
    case Proto::Radiotap: case Proto::WlanRadio: case Proto::Wlan: case Proto::Eapol: case Proto::Ldp:
    case Proto::L2tp: case Proto::Ppp: case Proto::PppCtl:
      return true;
    default:
      return false;
  }
}

// What weir prints for these fields, one line per sample (Printer::fields,
// as `weir read -T fields -E occurrence=a -E aggregator=,`).
std::vector<std::string> weir_lines(const std::vector<samples::Sample>& all, const std::vector<std::string>& names) {
  FILE* tmp = std::tmpfile();
  std::vector<std::string> lines;
  {
    OutBuf out(fileno(tmp));
    Printer pr(Registry::builtin(), out);
    FieldsFormat ff;
    ff.aggregator = ",";
    EXPECT_TRUE(pr.set_fields(names, ff));
    for (size_t i = 0; i < all.size(); ++i) {
      Decoded d(all[i].frame, all[i].linktype);
      pr.fields(d.pkt());
    }
    out.flush();
  }
  std::rewind(tmp);
  std::string text;
  char buf[65536];
  size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, tmp)) > 0) text.append(buf, got);
  std::fclose(tmp);
  return split(text, '\n');
}

TEST(CtlTshark, EveryFieldAndColumnOfEverySampleMatchesTshark) {
  if (!have_tshark()) GTEST_SKIP() << "tshark not installed: cross-check skipped";
  auto all = ctl::all();
  std::string path = write_pcapng(all);
  ASSERT_FALSE(path.empty());
  std::vector<std::string> names{"frame.protocols", "_ws.col.Protocol", "_ws.col.Info"};
  size_t n = 0;
  const FieldDef* defs = Registry::builtin().all_fields(n);
  for (size_t i = 0; i < n; ++i)
    if (is_ctl_proto(defs[i].proto)) names.push_back(defs[i].name);
  ASSERT_GT(names.size(), 120u);

  std::string cmd = "tshark -n -r " + path + " -o tcp.analyze_sequence_numbers:FALSE -T fields -E occurrence=a -E aggregator=,";
  for (const auto& f : names) cmd += " -e " + f;
  int rc = 0;
  std::string text = run_command(cmd + " 2>/dev/null", rc);
  unlink(path.c_str());
  ASSERT_EQ(rc, 0) << "tshark failed";
  std::vector<std::string> want = split(text, '\n');
  std::vector<std::string> got = weir_lines(all, names);
  ASSERT_GE(want.size(), all.size());
  ASSERT_GE(got.size(), all.size());
  size_t compared = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    std::vector<std::string> w = split(want[i], '\t'), g = split(got[i], '\t');
    ASSERT_EQ(w.size(), names.size()) << all[i].name;
    ASSERT_EQ(g.size(), names.size()) << all[i].name;
    for (size_t j = 0; j < names.size(); ++j) {
      // The one known difference: tshark decodes the RSN element inside an
      // EAPOL key's data as 802.11 tags; weir leaves key data as bytes.
      if (all[i].name == "eapol_m2" && names[j].rfind("wlan.tag.", 0) == 0) continue;
      EXPECT_EQ(g[j], w[j]) << "sample " << all[i].name << ", field " << names[j];
      if (!w[j].empty()) ++compared;
    }
  }
  EXPECT_GT(compared, 300u);  // a guard against an empty run
}

}  // namespace
}  // namespace weir::testpkt
