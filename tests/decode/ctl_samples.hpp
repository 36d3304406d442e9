// Sample frames of the control, routing, timing and service protocols (STP,
// VRRP, HSRP, BFD, LLDP, PTP, CDP, OSPF, BGP, RIP, EIGRP, IS-IS, DHCPv6,
// ERSPAN, ESP, ISAKMP, RADIUS, syslog), of the WAN link types (Cisco
// HDLC, SLARP, Frame Relay) and of IEEE 802.11 with radiotap, built with
// packet_builder.hpp. Used by ctl_test.cpp, which also compares every field
// and both columns with tshark.
#pragma once

#include <string>
#include <vector>

#include "decode/net_samples.hpp"

namespace weir::testpkt::ctl {

inline Bytes padded(Bytes f) {
  while (f.size() < 60) f.push_back(0);  // Ethernet minimum
  return f;
}

// 802.3 frame with an LLC header for the spanning tree SAP.
inline Bytes stp_frame(const Bytes& bpdu) {
  Bytes llc = cat(hex("424203"), bpdu);
  return padded(eth(uint16_t(llc.size()), llc, "01:80:c2:00:00:00", "00:19:06:ea:b8:8c"));
}

// Protocol, version, type, flags, root (prio 32768 + ext 1), cost, bridge,
// port, message age 1, max age 20, hello 2, forward delay 15 (in 1/256 s).
inline Bytes bpdu_body(uint8_t version, uint8_t type, uint8_t flags) {
  Bytes b{0, 0, version, type, flags};
  b = cat(b, hex("8001 0019 06ea b880 00000004 8001 0019 06ea b880 800c 0100 1400 0200 0f00"));
  return b;
}

inline Bytes stp_config() { return stp_frame(bpdu_body(0, 0x00, 0x81)); }
inline Bytes stp_rst() { return stp_frame(cat(bpdu_body(2, 0x02, 0x3d), hex("00"))); }
inline Bytes stp_tcn() { return stp_frame(hex("0000 00 80")); }

inline Bytes stp_mst() {
  Bytes b = cat(bpdu_body(3, 0x02, 0x7c), hex("00"));
  put16(b, 64 + 16);                       // version 3 length: one MSTI
  b.push_back(0);                          // configuration format selector
  Bytes name = bytes("region1");
  name.resize(32, 0);
  b = cat(b, name);
  put16(b, 7);                             // revision level
  b = cat(b, hex("00112233445566778899aabbccddeeff"));  // digest
  put32(b, 200000);                        // CIST internal root path cost
  b = cat(b, hex("8000 0016 46b5 8c80"));  // CIST bridge
  b.push_back(20);                         // remaining hops
  // MSTI 1: flags, regional root, cost, priorities, remaining hops.
  b = cat(b, hex("7d 9001 0019 06ea b880 00004e20 80 80 14"));
  return stp_frame(b);
}

inline Bytes stp_pvst() {
  Bytes llc = cat(hex("aaaa03 00000c 010b"), cat(bpdu_body(0, 0x00, 0x00), hex("00 0000 0002 0064")));  // pad, originating VLAN TLV
  return padded(eth(uint16_t(llc.size()), llc, "01:00:0c:cc:cc:cd", "00:19:06:ea:b8:8c"));
}

inline Bytes vrrp_v2() {
  // Version 2, advertisement; VRID 42, priority 200, two addresses, simple
  // text authentication.
  Bytes v = cat(hex("21 2a c8 02 01 01 0000 c0a80001 c0a80002"), bytes("secret"));
  v.resize(v.size() + 2, 0);
  Ipv4Opts o;
  o.ttl = 255;
  return eth(0x0800, ipv4("198.18.1.2", "224.0.0.18", 112, v, o), "01:00:5e:00:00:12", "00:00:5e:00:01:2a");
}

inline Bytes vrrp_v3_ipv6() {
  Bytes v = hex("31 05 64 01 0064 0000 fe800000000000000000000000000001");
  return eth(0x86dd, ipv6("fe80::2", "ff02::12", 112, v, 255), "33:33:00:00:00:12", "00:00:5e:00:02:05");
}

inline Bytes hsrp_hello() {
  Bytes h = cat(hex("00 00 10 03 0a 64 01 00"), bytes("cisco"));
  h.resize(16, 0);
  h = cat(h, hex("c0a80001"));
  return eth(0x0800, ipv4("198.18.1.2", "224.0.0.2", 17, udp(1985, 1985, h)), "01:00:5e:00:00:02",
             "00:00:0c:07:ac:01");
}

inline Bytes hsrp_advertise() {
  Bytes h = hex("00 03 0001 000a 02 00 0001 0002 00000000");
  return eth(0x0800, ipv4("198.18.1.2", "224.0.0.2", 17, udp(1985, 1985, h)), "01:00:5e:00:00:02");
}

inline Bytes hsrp_v2() {
  // Group state TLV: version 2, Hello, state Active (6), IPv4, group 1,
  // identifier, priority 200, hello 3000 ms, hold 10000 ms, virtual IP.
  Bytes h = hex("01 28 02 00 06 04 0001 0019 06ea b880 000000c8 00000bb8 00002710 c0a80001");
  h.resize(42, 0);
  return eth(0x0800, ipv4("198.18.1.2", "224.0.0.102", 17, udp(1985, 1985, h)), "01:00:5e:00:00:66");
}

inline Bytes bfd_up() {
  Bytes b = hex("20 c0 03 18 00000001 00000002 000f4240 000f4240 00000000");
  return eth_ipv4_udp("198.18.2.1", 49152, "198.18.2.2", 3784, b);
}

inline Bytes bfd_auth() {
  // Down, poll + authentication, simple password "secret".
  Bytes b = cat(hex("21 64 05 21 00000003 00000000 000f4240 000f4240 00000000 01 09 01"), bytes("secret"));
  return eth_ipv4_udp("198.18.2.1", 49153, "198.18.2.2", 4784, b);
}

inline Bytes lldp_tlv(uint8_t type, const Bytes& value) {
  Bytes t;
  put16(t, uint16_t(type << 9 | value.size()));
  return cat(t, value);
}

inline Bytes lldp() {
  Bytes l = lldp_tlv(1, hex("04 0019 06ea b880"));
  l = cat(l, lldp_tlv(2, cat(hex("05"), bytes("Gi0/1"))));
  l = cat(l, lldp_tlv(3, hex("0078")));
  l = cat(l, lldp_tlv(4, bytes("uplink to core")));
  l = cat(l, lldp_tlv(5, bytes("sw1.example")));
  l = cat(l, lldp_tlv(6, bytes("Switch OS 1.0\r\nBuild 7")));
  l = cat(l, lldp_tlv(7, hex("0014 0004")));
  l = cat(l, lldp_tlv(0, {}));
  return padded(eth(0x88cc, l, "01:80:c2:00:00:0e", "00:19:06:ea:b8:8c"));
}

// PTPv2 header: message type, length, domain 0, flags, correction 0,
// clock identity, port 1, sequence id, control, log period.
inline Bytes ptp_header(uint8_t type, uint16_t len, uint16_t flags, uint16_t seq, uint8_t control, int8_t period) {
  Bytes p{type, 0x02};
  put16(p, len);
  p = cat(p, hex("00 00"));
  put16(p, flags);
  p.resize(p.size() + 12, 0);  // correction, message type specific
  p = cat(p, hex("0019 06ff fe ea b880 0001"));
  put16(p, seq);
  p.push_back(control);
  p.push_back(uint8_t(period));
  return p;
}

inline Bytes ptp_sync() {
  Bytes p = cat(ptp_header(0x00, 44, 0x0200, 7, 0, -3), hex("0000 5f5e1000 00000064"));
  return padded(eth(0x88f7, p, "01:1b:19:00:00:00", "00:19:06:ea:b8:8c"));
}

inline Bytes ptp_announce_udp() {
  Bytes p = cat(ptp_header(0x0b, 64, 0x0008, 9, 5, 1), Bytes(30, 0));
  return eth(0x0800, ipv4("198.18.3.1", "224.0.1.129", 17, udp(320, 320, p)), "01:00:5e:00:01:81");
}

inline Bytes ptp_management() {
  // Target port identity (all ones), hops, action GET, a management TLV
  // (type 1) for the default data set (0x2000).
  Bytes p = cat(ptp_header(0x0d, 54, 0, 3, 4, 127), hex("ffffffffffffffff ffff 01 01 00 00 0001 0002 2000"));
  return padded(eth(0x88f7, p, "01:1b:19:00:00:00", "00:19:06:ea:b8:8c"));
}

inline Bytes ospf_hello_v2() {
  // Router 1.1.1.1, area 0, no authentication; mask /24, hello 10,
  // options, priority 1, dead 40, DR, BDR, one neighbour.
  Bytes o = hex("02 01 0030 01010101 00000000 0000 0000 0000000000000000"
                " ffffff00 000a 02 01 00000028 c6120101 00000000 02020202");
  Ipv4Opts io;
  io.ttl = 1;
  return eth(0x0800, ipv4("198.18.1.1", "224.0.0.5", 89, o, io), "01:00:5e:00:00:05");
}

inline Bytes ospf_hello_v3() {
  Bytes o = hex("03 01 0028 01010101 00000000 0000 00 00"
                " 00000005 01 000013 000a 0028 01010101 00000000 02020202");
  return eth(0x86dd, ipv6("fe80::1", "ff02::5", 89, o, 1), "33:33:00:00:00:05");
}

inline Bytes ospf_ls_update() {
  Bytes o = hex("02 04 001c 02020202 00000001 0000 0000 0000000000000000 00000000");
  Ipv4Opts io;
  io.ttl = 1;
  return eth(0x0800, ipv4("198.18.1.2", "224.0.0.5", 89, o, io), "01:00:5e:00:00:05");
}

inline Bytes bgp_marker() { return Bytes(16, 0xff); }

inline Bytes bgp_open_keepalive() {
  // OPEN: version 4, AS 65001, hold time 180, identifier 198.18.0.1, no
  // optional parameters; then a KEEPALIVE in the same segment.
  Bytes m = cat(bgp_marker(), hex("001d 01 04 fde9 00b4 c6120001 00"));
  m = cat(m, cat(bgp_marker(), hex("0013 04")));
  TcpOpts t;
  t.flags = tcpflag::ACK | tcpflag::PSH;
  return eth_ipv4_tcp("198.18.0.1", 40179, "198.18.0.2", 179, m, t);
}

inline Bytes bgp_notification() {
  Bytes m = cat(bgp_marker(), hex("0015 03 06 02"));
  TcpOpts t;
  t.flags = tcpflag::ACK | tcpflag::PSH;
  return eth_ipv4_tcp("198.18.0.2", 179, "198.18.0.1", 40179, m, t);
}

inline Bytes dhcpv6_solicit_body() {
  // Solicit, XID 0x28792a: client ID (DUID-LL), elapsed time, IA_NA with an
  // IA address.
  return hex("01 28792a"
             " 0001 000a 0003 0001 0019 06ea b880"
             " 0008 0002 0000"
             " 0003 0028 06eab880 00000e10 00001518"
             "   0005 0018 20010db8000000000000000000000005 00001c20 00001d4c");
}

inline Bytes dhcpv6_solicit() {
  Bytes u = dhcpv6_solicit_body();
  return eth(0x86dd, ipv6("fe80::219:6ff:feea:b880", "ff02::1:2", 17, udp(546, 547, u, pseudo6(
                 "fe80::219:6ff:feea:b880", "ff02::1:2", 17, 8 + u.size()))), "33:33:00:01:00:02");
}

inline Bytes dhcpv6_relay_forw() {
  Bytes inner = dhcpv6_solicit_body();
  Bytes r = hex("0c 00 20010db8000100000000000000000001 fe800000000000000219 06fffeeab880");
  Bytes opt;
  put16(opt, 9);
  put16(opt, uint16_t(inner.size()));
  r = cat(r, cat(opt, inner));
  return eth(0x86dd, ipv6("2001:db8:1::1", "2001:db8:2::1", 17, udp(547, 547, r, pseudo6(
                 "2001:db8:1::1", "2001:db8:2::1", 17, 8 + r.size()))));
}

inline Bytes erspan_ii() {
  Bytes mirrored = samples::udp_v4();
  return eth(0x0800, ipv4("198.18.3.1", "198.18.3.2", 47, cat(hex("1000 88be 00000001 10640001 00000007"), mirrored)));
}

inline Bytes erspan_iii() {
  Bytes mirrored = samples::udp_v4();
  return eth(0x0800, ipv4("198.18.3.1", "198.18.3.2", 47,
                          cat(hex("1000 22eb 00000001 20645401 01020304 00100008"), mirrored)));
}

inline Bytes cdp() {
  // Version 2, TTL 180, checksum, device ID, software version (two lines),
  // platform, port ID.
  auto tlv = [](uint16_t type, const Bytes& v) {
    Bytes t;
    put16(t, type);
    put16(t, uint16_t(v.size() + 4));
    return cat(t, v);
  };
  Bytes c = hex("02 b4 0000");
  c = cat(c, tlv(1, bytes("sw1")));
  c = cat(c, tlv(5, bytes("Switch OS 1.0\nBuild 7")));
  c = cat(c, tlv(6, bytes("cisco WS-C3560-24TS")));
  c = cat(c, tlv(3, bytes("FastEthernet0/13")));
  Bytes llc = cat(hex("aaaa03 00000c 2000"), c);
  return padded(eth(uint16_t(llc.size()), llc, "01:00:0c:cc:cc:cc", "00:19:06:ea:b8:8c"));
}

inline Bytes ripv2_response() {
  // Response, version 2: one route 198.18.5.0/24 metric 1, one "all
  // routes" entry (family 0, as in a request).
  Bytes r = hex("02 02 0000 0002 0007 c6120500 ffffff00 00000000 00000001 0000 0000 00000000 00000000 00000000 00000010"
                " 0007 0000 01020304 ffffff00 00000000 00000002");  // an unknown family: no route fields
  Ipv4Opts o;
  o.ttl = 2;
  return eth(0x0800, ipv4("198.18.1.1", "224.0.0.9", 17, udp(520, 520, r), o), "01:00:5e:00:00:09");
}

inline Bytes ripv1_request() {
  Bytes r = hex("01 01 0000 0000 0000 00000000 00000000 00000000 00000010");
  return eth_ipv4_udp("198.18.1.1", 520, "198.18.1.255", 520, r);
}

inline Bytes eigrp_hello() {
  Bytes e = hex("02 05 ee6a 00000000 00000000 00000000 0000 0064 0001000c 0100010000000f 00 0004 0008 0c04 0102");
  Ipv4Opts o;
  o.ttl = 2;
  return eth(0x0800, ipv4("198.18.1.1", "224.0.0.10", 88, e, o), "01:00:5e:00:00:0a");
}

inline Bytes eigrp_ack() {
  // A Hello with an acknowledgement number: tshark's "Hello (Ack)".
  Bytes e = hex("02 05 0000 00000000 00000000 00000007 0000 0064");
  return eth(0x0800, ipv4("198.18.1.1", "198.18.1.2", 88, e));
}

inline Bytes syslog_high_priority() {
  return eth_ipv4_udp("198.18.4.1", 51000, "198.18.4.2", 514, bytes("<999>bad"));
}

// ISAKMP header: SPIs, next payload 0 (none), version, exchange type,
// flags, message ID, length 28 (no payloads).
inline Bytes ike(uint8_t version, uint8_t exchange, uint8_t flags, uint32_t mid) {
  Bytes h = hex("cf02326f14a95b93 18a109f89219e8df 00");
  h.push_back(version);
  h.push_back(exchange);
  h.push_back(flags);
  put32(h, mid);
  put32(h, 28);
  return h;
}

inline Bytes ikev1_main_mode() { return eth_ipv4_udp("198.18.4.1", 500, "198.18.4.2", 500, ike(0x10, 2, 0, 0)); }
inline Bytes ikev2_sa_init() { return eth_ipv4_udp("198.18.4.1", 500, "198.18.4.2", 500, ike(0x20, 34, 0x08, 0)); }
inline Bytes ikev2_auth_nat_t() {
  // In UDP 4500 behind the non-ESP marker: a responder's IKE_AUTH response.
  return eth_ipv4_udp("198.18.4.2", 4500, "198.18.4.1", 4500, cat(hex("00000000"), ike(0x20, 35, 0x20, 1)));
}

inline Bytes esp() {
  return eth(0x0800, ipv4("198.18.4.1", "198.18.4.2", 50, cat(hex("d1234567 00000005"), Bytes(40, 0x5a))));
}

inline Bytes esp_in_udp() {
  return eth_ipv4_udp("198.18.4.1", 4500, "198.18.4.2", 4500, cat(hex("12345678 00000001"), Bytes(32, 0xa5)));
}

inline Bytes radius_request() {
  // Access-Request id 5: User-Name, NAS-IP-Address, Called- and
  // Calling-Station-Id.
  Bytes a = cat(hex("01 05"), bytes("bob"));
  a = cat(a, hex("04 06 c6120001"));
  a = cat(a, cat(hex("1e 13"), bytes("00-11-22-33-44-55")));
  a = cat(a, cat(hex("1f 13"), bytes("66-77-88-99-aa-bb")));
  Bytes r = hex("01 05 0000 00112233445566778899aabbccddeeff");
  r = cat(r, a);
  set16(r, 2, uint16_t(r.size()));
  return eth_ipv4_udp("198.18.4.1", 40000, "198.18.4.2", 1812, r);
}

inline Bytes radius_accept() {
  Bytes r = hex("02 05 0014 ffeeddccbbaa99887766554433221100");
  return eth_ipv4_udp("198.18.4.2", 1812, "198.18.4.1", 40000, r);
}

inline Bytes syslog() {
  return eth_ipv4_udp("198.18.4.1", 51000, "198.18.4.2", 514, bytes("<13>Sep 12 19:16:18 host app: test message\n"));
}

// IS-IS over LLC SAP 0xfe: common header (NLPID 0x83, header length,
// version 1, ID length 0, PDU type, version 1, reserved, max areas 0) and
// the PDU's fixed part; no TLVs.
inline Bytes isis_frame(uint8_t type, uint8_t hdr_len, const Bytes& fixed) {
  Bytes pdu = cat(Bytes{0x83, hdr_len, 1, 0, type, 1, 0, 0}, fixed);
  Bytes llc = cat(hex("fefe03"), pdu);
  return padded(eth(uint16_t(llc.size()), llc, "01:80:c2:00:00:14", "00:19:06:ea:b8:8c"));
}

inline Bytes isis_l1_hello() {
  // Circuit type L1, source ID, holding time 30, PDU length 27, priority
  // 64, LAN ID.
  return isis_frame(15, 27, hex("01 222222222222 001e 001b 40 22222222222201"));
}

inline Bytes isis_p2p_hello() {
  return isis_frame(17, 20, hex("03 111111111111 001e 0014 01"));
}

inline Bytes isis_l2_lsp() {
  // PDU length 27, lifetime 1199, LSP ID, sequence 3, checksum, flags.
  return isis_frame(20, 27, hex("001b 04af 4444444444440100 00000003 1234 03"));
}

inline Bytes isis_l2_csnp() {
  return isis_frame(25, 33, hex("0021 44444444444400 0000000000000000 ffffffffffffffff"));
}

inline Bytes isis_l1_psnp() {
  return isis_frame(26, 17, hex("0011 22222222222200"));
}

// WAN link types (LINKTYPE_C_HDLC 104, LINKTYPE_FRELAY 107).
inline Bytes chdlc_slarp_keepalive() { return hex("8f00 8035 00000002 00000007 00000006 ffff"); }
inline Bytes chdlc_slarp_reply() { return hex("8f00 8035 00000001 c6120101 fffffffc 0000"); }
inline Bytes chdlc_ipv4() {
  return cat(hex("0f00 0800"), ipv4_udp("198.18.1.1", 40000, "198.18.1.2", 40001, bytes("abcdefgh")));
}
inline Bytes chdlc_isis() {
  // The CLNS padding byte, then an IS-IS point-to-point Hello.
  Bytes pdu = cat(Bytes{0x83, 20, 1, 0, 17, 1, 0, 0}, hex("03 111111111111 001e 0014 01"));
  return cat(hex("8f00 fefe 74"), pdu);
}
inline Bytes chdlc_unknown() { return hex("0f00 fafe 0102030405"); }
inline Bytes chdlc_osi_unknown() { return hex("0f00 fefe fe 7f010203"); }
// DLCI 302 (address 0x48 0xe1), Cisco encapsulation, IPv6.
inline Bytes fr_cisco_ipv6() {
  return cat(hex("48e1 86dd"), ipv6_udp("2001:db8::1", 40000, "2001:db8::2", 40001, bytes("abc")));
}
// DLCI 16 with FECN, BECN and DE set; RFC 2427 UI, NLPID IPv4.
inline Bytes fr_rfc2427_ipv4() {
  return cat(hex("040f 03 cc"), ipv4_udp("198.18.1.1", 40000, "198.18.1.2", 40001, bytes("abcd")));
}
// RFC 2427 with a padding octet, then IS-IS (its NLPID is part of its PDU).
inline Bytes fr_rfc2427_isis() {
  Bytes pdu = cat(Bytes{0x83, 20, 1, 0, 17, 1, 0, 0}, hex("03 222222222222 001e 0014 01"));
  return cat(hex("1861 03 00"), pdu);
}
// A 4-octet address (third octet with DLCI bits, final octet lower DLCI).
inline Bytes fr_four_octet() { return cat(hex("0820 1e05 03 cc"), ipv4_udp("198.18.1.1", 1, "198.18.1.2", 2, bytes("x"))); }
// A 3-octet address whose final octet is DL-CORE control.
inline Bytes fr_three_octet_dlcore() { return cat(hex("0820 0b 03 cc"), ipv4_udp("198.18.1.1", 1, "198.18.1.2", 2, bytes("y"))); }
// RFC 2427 UI frame with an NLPID weir does not decode (bytes after it).
inline Bytes fr_ui_unknown_nlpid() { return hex("1861 03 42 0102"); }
// DLCI 0 with a supervisory frame (RR, poll).
inline Bytes fr_lapf_rr() { return hex("0003 0101"); }
// DLCI 0 with an information frame: LAPF signalling, shown as bytes.
inline Bytes fr_lapf() { return hex("0001 e822 0102"); }

// IEEE 802.11: radiotap (flags, rate, channel, signal) with an FCS and a
// beacon; a QoS data frame carrying LLC/IPv4/UDP (short preamble); an RTS;
// bare 802.11 (LINKTYPE_IEEE802_11): protected data (CCMP header), an
// association response and an authentication.
inline Bytes wlan_beacon_fcs() {
  return hex("00000f002e000000100c8509a000d680003a01ffffffffffff020000000001020000000001400615cd5b07000000006400"
             "31040008776569722d6c6162010482848b9603010678563412");
}
inline Bytes wlan_qos_llc() {
  return hex("00000f002e000000020c8509a000d688022c0002000000000202000000000102000000000180060500aaaa0300000008004500"
             "0020000100004011e0a4c6120702c61207019c409c41000c000061626364");
}
inline Bytes wlan_rts() { return hex("00000f002e000000000c8509a000d6b4003c00020000000001020000000002"); }
inline Bytes wlan_protected() {
  return hex("88412c00020000000001020000000002020000000001a000000001000020000000001111111111111111111111111111111111111111");
}
inline Bytes wlan_assoc_resp() { return hex("10003a0102000000000202000000000102000000000170063104000001c0010182"); }
// Radiotap with three radiotap namespaces (Linux's per-chain signal and
// antenna) and an ACK; radiotap with TSFT and an MCS field (index 11,
// 40 MHz, short guard interval) and an FCS.
inline Bytes wlan_radiotap_chains() {
  return hex("00001e002e4000a0200800a020080000000c3c144001d8000000d700d601d4000000020000000002");
}
inline Bytes wlan_radiotap_mcs() { return hex("000014000300080040e20100000000001007050bd400000002000000000211223344"); }
inline Bytes wlan_auth() { return hex("b0003a010200000000010200000000020200000000016000000001000000"); }

// IEEE 802.1X on Ethernet: the 4-way handshake's four key messages (RSN
// descriptor; message 2 carries the supplicant's RSN element, which
// tshark shows as wlan.tag.* fields and weir does not), EAPOL-Start, EAP
// Response/Identity, PEAP start, Success and a Nak asking for PEAP.
inline Bytes eapol_m1() {
  return hex("020000000002020000000001888e0203005f02008a00100000000000000001000102030405060708090a0b0c0d0e0f1011121314"
             "15161718191a1b1c1d1e1f0000000000000000000000000000000000000000000000000000000000000000000000000000000000"
             "000000000000000000");
}
inline Bytes eapol_m2() {
  return hex("020000000001020000000002888e0103007502010a00000000000000000001202122232425262728292a2b2c2d2e2f3031323334"
             "35363738393a3b3c3d3e3f0000000000000000000000000000000000000000000000000000000000000000000102030405060708"
             "090a0b0c0d0e0f001630140100000fac040100000fac040100000fac020000");
}
inline Bytes eapol_m3() {
  return hex("020000000002020000000001888e020300970213ca00100000000000000002000102030405060708090a0b0c0d0e0f1011121314"
             "15161718191a1b1c1d1e1f0000000000000000000000000000000000000000000000000000000000000000000102030405060708"
             "090a0b0c0d0e0f003800000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
             "00000000000000000000000000");
}
inline Bytes eapol_m4() {
  return hex("020000000001020000000002888e0103005f02030a00000000000000000002000000000000000000000000000000000000000000"
             "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000102030405060708"
             "090a0b0c0d0e0f0000");
}
inline Bytes eapol_start() { return padded(hex("0180c2000003020000000002888e02010000")); }
inline Bytes eap_identity() { return padded(hex("020000000001020000000002888e0200000a0201000a01616c696365")); }
inline Bytes eap_peap_start() { return padded(hex("020000000002020000000001888e020000060102000619 21")); }
inline Bytes eap_success() { return padded(hex("020000000002020000000001888e0200000403040004")); }
inline Bytes eap_nak() { return padded(hex("020000000001020000000002888e020000060202000603 19")); }

// LDP: a Hello over UDP (hello parameters TLV), and a TCP segment with two
// PDUs (two Address messages, then a Label Mapping and a vendor-private
// message with its vendor ID).
inline Bytes ldp_hello() {
  Bytes pdu = hex("0001 001e c6120901 0000 0100 0014 00000007 0400 0004 000f 0000 0401 0004 c6120901");
  return eth(0x0800, ipv4_udp("198.18.9.1", 646, "224.0.0.2", 646, pdu), "01:00:5e:00:00:02", "00:00:00:00:09:01");
}
inline Bytes ldp_tcp_two_pdus() {
  Bytes a = hex("0001 001a c6120901 0000 0300 0006 00000001 0000 0300 0006 00000002 0000");
  Bytes b = hex("0001 001a c6120901 0000 0400 0004 00000003 3e01 0008 00000004 00000009");
  TcpOpts to;
  to.flags = 0x18;
  return eth(0x0800, ipv4_tcp("198.18.9.1", 40000, "198.18.9.2", 646, cat(a, b), to));
}

// L2TP version 2 on UDP 1701: SCCRQ and Hello control messages (message
// type and protocol version AVPs), a ZLB acknowledgement, data messages
// carrying PPP (with and without a length field) and a PPP LCP request.
inline Bytes l2tp_sccrq() {
  return hex("020000000002020000000001080045000038000100004011d88cc6120b01c6120b0206a506a500240000c802001c000000000000"
             "000080080000000000018008000000020100");
}
inline Bytes l2tp_hello() {
  return hex("020000000002020000000001080045000038000100004011d88cc6120b01c6120b0206a506a500240000c802001c000500000005"
             "000080080000000000068008000000020100");
}
inline Bytes l2tp_zlb() {
  return padded(hex("020000000002020000000001080045000028000100004011d89cc6120b01c6120b0206a506a500140000c802000c0005000000030004"));
}
inline Bytes l2tp_data() {
  return hex("020000000002020000000001080045000047000100004011d87dc6120b01c6120b0206a506a500330000000200050009ff030021"
             "4500002100010000401166c90a0000010a00000213881389000d000068656c6c6f");
}
inline Bytes l2tp_data_length() {
  return hex("020000000002020000000001080045000049000100004011d87bc6120b01c6120b0206a506a5003500004002002d00050009ff03"
             "00214500002100010000401166c90a0000010a00000213881389000d000068656c6c6f");
}
inline Bytes l2tp_lcp() {
  return padded(hex("020000000002020000000001080045000028000100004011d89cc6120b01c6120b0206a506a500140000000200050009c02101010004"));
}

// PPP authentication inside L2TP: a PAP request, a CHAP challenge and a
// CHAP success (tshark's info details).
inline Bytes ppp_pap_request() {
  return padded(hex("020000000002020000000001080045000033000100004011d891c6120b01c6120b0206a506a5001f0000000200050009ff03"
                    "c0230101000d047573657203707764"));
}
inline Bytes ppp_chap_challenge() {
  return padded(hex("020000000002020000000001080045000032000100004011d892c6120b01c6120b0206a506a5001e0000000200050009ff03"
                    "c2230102000c04112233446c6e73"));
}
inline Bytes ppp_chap_success() {
  return padded(hex("02000000000202000000000108004500002c000100004011d898c6120b01c6120b0206a506a500180000000200050009ff03"
                    "c223030200064f4b"));
}

inline std::vector<samples::Sample> all() {
  return {
      {"stp_config", stp_config()},       {"stp_rst", stp_rst()},
      {"stp_tcn", stp_tcn()},             {"stp_mst", stp_mst()},
      {"stp_pvst", stp_pvst()},           {"vrrp_v2", vrrp_v2()},
      {"vrrp_v3_ipv6", vrrp_v3_ipv6()},   {"hsrp_hello", hsrp_hello()},
      {"hsrp_advertise", hsrp_advertise()}, {"hsrp_v2", hsrp_v2()},
      {"bfd_up", bfd_up()},               {"bfd_auth", bfd_auth()},
      {"lldp", lldp()},                   {"ptp_sync", ptp_sync()},
      {"ptp_announce_udp", ptp_announce_udp()}, {"ptp_management", ptp_management()},
      {"ospf_hello_v2", ospf_hello_v2()}, {"ospf_hello_v3", ospf_hello_v3()},
      {"ospf_ls_update", ospf_ls_update()}, {"bgp_open_keepalive", bgp_open_keepalive()},
      {"bgp_notification", bgp_notification()}, {"dhcpv6_solicit", dhcpv6_solicit()},
      {"dhcpv6_relay_forw", dhcpv6_relay_forw()}, {"erspan_ii", erspan_ii()},
      {"erspan_iii", erspan_iii()},       {"cdp", cdp()},
      {"ripv2_response", ripv2_response()}, {"ripv1_request", ripv1_request()},
      {"eigrp_hello", eigrp_hello()},     {"esp", esp()},
      {"esp_in_udp", esp_in_udp()},       {"radius_request", radius_request()},
      {"radius_accept", radius_accept()}, {"syslog", syslog()},
      {"isis_l1_hello", isis_l1_hello()}, {"isis_p2p_hello", isis_p2p_hello()},
      {"isis_l2_lsp", isis_l2_lsp()},     {"isis_l2_csnp", isis_l2_csnp()},
      {"isis_l1_psnp", isis_l1_psnp()},   {"eigrp_ack", eigrp_ack()},
      {"syslog_high_priority", syslog_high_priority()},
      {"ikev1_main_mode", ikev1_main_mode()}, {"ikev2_sa_init", ikev2_sa_init()},
      {"ikev2_auth_nat_t", ikev2_auth_nat_t()},
      {"chdlc_slarp_keepalive", chdlc_slarp_keepalive(), linktype::kChdlc},
      {"chdlc_slarp_reply", chdlc_slarp_reply(), linktype::kChdlc},
      {"chdlc_ipv4", chdlc_ipv4(), linktype::kChdlc},
      {"chdlc_isis", chdlc_isis(), linktype::kChdlc},
      {"chdlc_unknown", chdlc_unknown(), linktype::kChdlc},
      {"chdlc_osi_unknown", chdlc_osi_unknown(), linktype::kChdlc},
      {"fr_cisco_ipv6", fr_cisco_ipv6(), linktype::kFrelay},
      {"fr_rfc2427_ipv4", fr_rfc2427_ipv4(), linktype::kFrelay},
      {"fr_rfc2427_isis", fr_rfc2427_isis(), linktype::kFrelay},
      {"fr_four_octet", fr_four_octet(), linktype::kFrelay},
      {"fr_three_octet_dlcore", fr_three_octet_dlcore(), linktype::kFrelay},
      {"fr_lapf", fr_lapf(), linktype::kFrelay},
      {"fr_ui_unknown_nlpid", fr_ui_unknown_nlpid(), linktype::kFrelay},
      {"fr_lapf_rr", fr_lapf_rr(), linktype::kFrelay},
      {"wlan_beacon_fcs", wlan_beacon_fcs(), linktype::kRadiotap},
      {"wlan_qos_llc", wlan_qos_llc(), linktype::kRadiotap},
      {"wlan_rts", wlan_rts(), linktype::kRadiotap},
      {"wlan_protected", wlan_protected(), linktype::kIeee80211},
      {"wlan_assoc_resp", wlan_assoc_resp(), linktype::kIeee80211},
      {"wlan_auth", wlan_auth(), linktype::kIeee80211},
      {"wlan_radiotap_chains", wlan_radiotap_chains(), linktype::kRadiotap},
      {"wlan_radiotap_mcs", wlan_radiotap_mcs(), linktype::kRadiotap},
      {"eapol_m1", eapol_m1()},           {"eapol_m2", eapol_m2()},
      {"eapol_m3", eapol_m3()},           {"eapol_m4", eapol_m4()},
      {"eapol_start", eapol_start()},     {"eap_identity", eap_identity()},
      {"eap_peap_start", eap_peap_start()}, {"eap_success", eap_success()},
      {"eap_nak", eap_nak()},
      {"ldp_hello", ldp_hello()},         {"ldp_tcp_two_pdus", ldp_tcp_two_pdus()},
      {"l2tp_sccrq", l2tp_sccrq()},       {"l2tp_hello", l2tp_hello()},
      {"l2tp_zlb", l2tp_zlb()},           {"l2tp_data", l2tp_data()},
      {"l2tp_data_length", l2tp_data_length()}, {"l2tp_lcp", l2tp_lcp()},
      {"ppp_pap_request", ppp_pap_request()}, {"ppp_chap_challenge", ppp_chap_challenge()},
      {"ppp_chap_success", ppp_chap_success()},
  };
}

}  // namespace weir::testpkt::ctl
