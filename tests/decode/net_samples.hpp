// Realistic sample frames for the link/network/transport/tunnel decoder
// tests, built with packet_builder.hpp (correct lengths and checksums).
// Shared by the per-protocol tests and the tshark cross-check.
#pragma once

#include <string>
#include <vector>

#include "decode/packet_builder.hpp"

namespace weir::testpkt::samples {

struct Sample {
  std::string name;
  Bytes frame;
  uint32_t linktype = linktype::kEthernet;
};

inline Bytes tcp_syn_options() {
  // MSS 1460, SACK permitted, timestamps, NOP, window scale 7 (Linux order).
  return hex("020405b4 0402 080a 0001e240 00000000 01 030307");
}

inline Bytes tcp_syn() {
  TcpOpts t;
  t.seq = 123456789;
  t.ack = 0;
  t.flags = tcpflag::SYN;
  t.window = 64240;
  t.options = tcp_syn_options();
  return eth_ipv4_tcp("198.18.0.1", 40000, "198.18.0.2", 80, {}, t);
}

inline Bytes tcp_data() {
  TcpOpts t;
  t.seq = 1000;
  t.ack = 2000;
  t.flags = tcpflag::ACK | tcpflag::PSH;
  t.window = 502;
  t.options = hex("0101080a 00000064 000000c8");  // NOP NOP TS
  return eth_ipv4_tcp("198.18.0.1", 40000, "198.18.0.2", 80, bytes("GET / HTTP/1.1\r\n\r\n"), t);
}

inline Bytes udp_v4() {
  return eth_ipv4_udp("198.18.0.1", 33333, "198.18.0.2", 44444, bytes("hello, udp"));
}

inline Bytes icmp_echo(uint8_t type = 8) {
  Bytes icmp = hex("08000000 0001 0001");
  icmp[0] = type;
  Bytes payload = bytes("abcdefghijklmnopqrstuvwabcdefghi");
  icmp.insert(icmp.end(), payload.begin(), payload.end());
  set16(icmp, 2, inet_checksum(icmp));
  return eth(0x0800, ipv4("198.18.0.1", "198.18.0.2", 1, icmp));
}

// Port unreachable quoting the IPv4+UDP header of a datagram we "sent".
inline Bytes icmp_unreachable() {
  Bytes inner = ipv4_udp("198.18.0.2", 33434, "198.18.0.1", 7777, bytes("query"));
  inner.resize(28);  // quoted: IP header + 8 bytes
  Bytes icmp = hex("0303 0000 00000000");
  icmp.insert(icmp.end(), inner.begin(), inner.end());
  set16(icmp, 2, inet_checksum(icmp));
  return eth(0x0800, ipv4("198.18.0.1", "198.18.0.2", 1, icmp, {.ttl = 63, .id = 0x4321}));
}

inline Bytes vlan_icmp() {
  Bytes ip = icmp_echo();
  Bytes l3(ip.begin() + 14, ip.end());
  return eth(0x8100, vlan_tag(100, 0x0800, l3, 3));
}

inline Bytes qinq_ipv6_udp() {
  Bytes l3 = ipv6_udp("2001:db8::1", 1234, "2001:db8::2", 5678, bytes("qinq"));
  return eth(0x88a8, vlan_tag(200, 0x8100, vlan_tag(300, 0x86dd, l3)));
}

inline Bytes arp_request() {
  return eth(0x0806,
             hex("0001 0800 06 04 0001 020000000001 c6120001 000000000000 c6120002"),
             "ff:ff:ff:ff:ff:ff", "02:00:00:00:00:01");
}
inline Bytes arp_reply() {
  return eth(0x0806,
             hex("0001 0800 06 04 0002 020000000002 c6120002 020000000001 c6120001"),
             "02:00:00:00:00:01", "02:00:00:00:00:02");
}

inline Bytes icmpv6_ns() {
  // Neighbour solicitation for 2001:db8::2 with a source link-layer option.
  Bytes body = hex("87000000 00000000");
  auto t = ip6("2001:db8::2");
  body.insert(body.end(), t.begin(), t.end());
  Bytes opt = hex("0101 020000000001");
  body.insert(body.end(), opt.begin(), opt.end());
  const char* src = "2001:db8::1";
  const char* dst = "ff02::1:ff00:2";
  set16(body, 2, fold(sum16(body.data(), body.size(), pseudo6(src, dst, 58, body.size()))));
  return eth(0x86dd, ipv6(src, dst, 58, body, 255), "33:33:ff:00:00:02");
}

inline Bytes icmpv6_echo() {
  Bytes body = hex("80000000 1234 0007");
  Bytes pl = bytes("ping6");
  body.insert(body.end(), pl.begin(), pl.end());
  const char* src = "2001:db8::1";
  const char* dst = "2001:db8::2";
  set16(body, 2, fold(sum16(body.data(), body.size(), pseudo6(src, dst, 58, body.size()))));
  return eth(0x86dd, ipv6(src, dst, 58, body));
}

// Packet too big quoting an IPv6/UDP header.
inline Bytes icmpv6_too_big() {
  Bytes inner = ipv6_udp("2001:db8::1", 4000, "2001:db8::3", 7777, bytes("big"));
  Bytes body = hex("02000000 000005dc");
  body.insert(body.end(), inner.begin(), inner.end());
  const char* src = "2001:db8::fe";
  const char* dst = "2001:db8::1";
  set16(body, 2, fold(sum16(body.data(), body.size(), pseudo6(src, dst, 58, body.size()))));
  return eth(0x86dd, ipv6(src, dst, 58, body));
}

inline Bytes igmp_msg(const Bytes& m, const char* dst) {
  Bytes b = m;
  set16(b, 2, inet_checksum(b));
  // Router alert option, as real IGMP senders use.
  return eth(0x0800, ipv4("198.18.0.1", dst, 2, b, {.ttl = 1, .id = 0x0001, .df = false,
                                                    .options = hex("94040000")}));
}
inline Bytes igmp_v2_report() { return igmp_msg(hex("16000000 e00000fb"), "224.0.0.251"); }
inline Bytes igmp_v1_query() { return igmp_msg(hex("11000000 00000000"), "224.0.0.1"); }
inline Bytes igmp_v2_leave() { return igmp_msg(hex("17000000 e00000fb"), "224.0.0.2"); }
inline Bytes igmp_v3_report() {
  return igmp_msg(hex("22000000 00000001 04000000 e00000fc"), "224.0.0.22");
}
inline Bytes igmp_v3_query() { return igmp_msg(hex("11640000 00000000 027d0000"), "224.0.0.1"); }

inline Bytes mpls_udp() {
  Bytes l3 = ipv4_udp("198.18.1.1", 3000, "198.18.1.2", 4000, bytes("mpls payload"));
  // Two labels: 1000 (exp 0, ttl 64) and 2000 (bottom of stack, ttl 63).
  Bytes stack = hex("003e8040 007d013f");
  return eth(0x8847, cat(stack, l3));
}

inline Bytes pppoe_tcp() {
  Bytes l3 = ipv4_tcp("198.18.2.1", 51000, "198.18.2.2", 40443, bytes("x"));
  Bytes ppp = cat(hex("0021"), l3);
  Bytes pppoe = hex("1100 1234 0000");
  set16(pppoe, 4, uint16_t(ppp.size()));
  return eth(0x8864, cat(pppoe, ppp));
}

inline Bytes gre_ipv4_icmp() {
  Bytes inner = icmp_echo();
  Bytes l3(inner.begin() + 14, inner.end());
  Bytes gre = hex("3000 0800 0000002a 00000005");  // K and S set
  return eth(0x0800, ipv4("198.18.3.1", "198.18.3.2", 47, cat(gre, l3)));
}

inline Bytes gre_eth() {
  Bytes inner = udp_v4();
  Bytes gre = hex("0000 6558");
  return eth(0x0800, ipv4("198.18.3.1", "198.18.3.2", 47, cat(gre, inner)));
}

inline Bytes vxlan_tcp() {
  TcpOpts t;
  t.flags = tcpflag::ACK;
  Bytes inner = eth_ipv4_tcp("10.0.0.1", 1111, "10.0.0.2", 2222, bytes("inner"), t);
  Bytes vx = hex("08000000 0012d600");  // VNI 4822
  Bytes u = udp(49152, 4789, cat(vx, inner));  // checksum 0, as VTEPs send
  return eth(0x0800, ipv4("198.18.4.1", "198.18.4.2", 17, u));
}

inline Bytes geneve_udp() {
  Bytes inner = udp_v4();
  Bytes gen = hex("00006558 00007b00");  // VNI 123, no options
  Bytes u = udp(50000, 6081, cat(gen, inner));
  return eth(0x0800, ipv4("198.18.4.1", "198.18.4.2", 17, u));
}

inline Bytes ipip() {
  Bytes inner = ipv4_udp("10.0.0.1", 7, "192.168.0.1", 7, bytes("echo"));
  return eth(0x0800, ipv4("198.18.5.1", "198.18.5.2", 4, inner));
}

inline Bytes sixinfour() {
  Bytes inner = ipv6_tcp("2001:db8::10", 2000, "2001:db8::20", 22, bytes("ssh"));
  return eth(0x0800, ipv4("198.18.5.1", "198.18.5.2", 41, inner));
}

inline Bytes ipv6_ext_udp() {
  // Hop-by-hop (PadN) -> destination options (PadN) -> UDP.
  Bytes u = udp(546, 547, bytes("dhcp6"), pseudo6("fe80::1", "ff02::1:2", 17, 13));
  Bytes dst = cat(hex("11 00 0104 00000000"), u);
  Bytes hop = cat(hex("3c 00 0104 00000000"), dst);
  return eth(0x86dd, ipv6("fe80::1", "ff02::1:2", 0, hop, 1));
}

inline Bytes ipv6_routing_tcp() {
  Bytes t = tcp(3000, 30080, bytes("r"), {}, 0);
  // Type 0 routing header with one address (len 2), segments left 1.
  Bytes rh = hex("06 02 00 01 00000000");
  auto a = ip6("2001:db8::99");
  rh.insert(rh.end(), a.begin(), a.end());
  return eth(0x86dd, ipv6("2001:db8::1", "2001:db8::2", 43, cat(rh, t)));
}

inline Bytes ipv6_frag_first() {
  Bytes u = udp(5000, 6000, Bytes(40, 0x41), 0);
  u.resize(24);  // first fragment carries only part of the datagram
  Bytes fh = hex("11 00 0001 00abcdef");  // offset 0, M=1
  return eth(0x86dd, ipv6("2001:db8::1", "2001:db8::2", 44, cat(fh, u)));
}

inline Bytes ipv6_frag_second() {
  Bytes fh = hex("11 00 0018 00abcdef");  // offset 3 (24 bytes), M=0
  return eth(0x86dd, ipv6("2001:db8::1", "2001:db8::2", 44, cat(fh, Bytes(24, 0x41))));
}

inline Bytes ipv6_ah_tcp() {
  Bytes t = tcp(179, 40001, bytes("bgp"), {}, 0);
  Bytes ah = hex("06 04 0000 00001000 00000001 0102030405060708090a0b0c");
  return eth(0x86dd, ipv6("2001:db8::1", "2001:db8::2", 51, cat(ah, t)));
}

inline Bytes ipv4_frag_first() {
  Bytes u = udp(7000, 7001, Bytes(100, 0x42), pseudo4("198.18.6.1", "198.18.6.2", 17, 108));
  u.resize(48);
  return eth(0x0800, ipv4("198.18.6.1", "198.18.6.2", 17, u, {.id = 0x7777, .df = false, .mf = true}));
}

inline Bytes ipv4_frag_second() {
  return eth(0x0800, ipv4("198.18.6.1", "198.18.6.2", 17, Bytes(60, 0x42),
                          {.id = 0x7777, .df = false, .mf = false, .frag_off = 6}));
}

inline Bytes sctp_init() {
  // Common header + INIT chunk (checksum field left as is: CRC32c not needed).
  Bytes s = hex("0b59 0b59 00000000 12345678 01 00 0014 a1b2c3d4 0001a000 000a 000a 01020304");
  return eth(0x0800, ipv4("198.18.7.1", "198.18.7.2", 132, s));
}

inline Bytes llc_snap_ipv4() {
  Bytes l3 = ipv4_udp("198.18.8.1", 111, "198.18.8.2", 222, bytes("snap"));
  Bytes llc = cat(hex("aaaa03 000000 0800"), l3);
  Bytes f = eth(uint16_t(llc.size()), llc);
  return f;
}

inline Bytes llc_stp() {
  // A configuration BPDU (35 bytes) with the topology change flag.
  Bytes bpdu = hex("0000 00 00 01 8000020000000001 00000004 8000020000000001 8001 0000 1400 0200 0f00");
  Bytes llc = cat(hex("424203"), bpdu);
  Bytes f = eth(uint16_t(llc.size()), llc, "01:80:c2:00:00:00");
  while (f.size() < 60) f.push_back(0);  // Ethernet padding
  return f;
}

inline Bytes sll_udp() {
  Bytes l3 = ipv4_udp("198.18.9.1", 1000, "198.18.9.2", 2000, bytes("sll"));
  return cat(hex("0000 0001 0006 020000000009 0000 0800"), l3);
}

inline Bytes sll2_ipv6() {
  Bytes l3 = ipv6_udp("2001:db8::9", 1000, "2001:db8::a", 2000, bytes("sll2"));
  return cat(hex("86dd 0000 00000003 0001 04 06 020000000009 0000"), l3);
}

inline Bytes null_ipv4() {
  Bytes l3 = ipv4_udp("127.0.0.1", 1, "127.0.0.1", 2, bytes("lo"));
  return cat(hex("02000000"), l3);  // AF_INET, little-endian host
}

inline Bytes loop_ipv6() {
  Bytes l3 = ipv6_udp("::1", 1, "::1", 2, bytes("lo6"));
  return cat(hex("00000018"), l3);  // AF_INET6 (OpenBSD 24), network order
}

inline Bytes raw_ipv4() { return ipv4_tcp("198.18.10.1", 1, "198.18.10.2", 2, bytes("raw")); }
inline Bytes raw_ipv6() { return ipv6_udp("2001:db8::b", 3, "2001:db8::c", 4, bytes("raw6")); }

inline std::vector<Sample> all() {
  return {
      {"tcp_syn", tcp_syn()},
      {"tcp_data", tcp_data()},
      {"udp_v4", udp_v4()},
      {"icmp_echo_request", icmp_echo(8)},
      {"icmp_echo_reply", icmp_echo(0)},
      {"icmp_unreachable", icmp_unreachable()},
      {"vlan_icmp", vlan_icmp()},
      {"qinq_ipv6_udp", qinq_ipv6_udp()},
      {"arp_request", arp_request()},
      {"arp_reply", arp_reply()},
      {"icmpv6_ns", icmpv6_ns()},
      {"icmpv6_echo", icmpv6_echo()},
      {"icmpv6_too_big", icmpv6_too_big()},
      {"igmp_v2_report", igmp_v2_report()},
      {"igmp_v1_query", igmp_v1_query()},
      {"igmp_v2_leave", igmp_v2_leave()},
      {"igmp_v3_report", igmp_v3_report()},
      {"igmp_v3_query", igmp_v3_query()},
      {"mpls_udp", mpls_udp()},
      {"pppoe_tcp", pppoe_tcp()},
      {"gre_ipv4_icmp", gre_ipv4_icmp()},
      {"gre_eth", gre_eth()},
      {"vxlan_tcp", vxlan_tcp()},
      {"geneve_udp", geneve_udp()},
      {"ipip", ipip()},
      {"sixinfour", sixinfour()},
      {"ipv6_ext_udp", ipv6_ext_udp()},
      {"ipv6_routing_tcp", ipv6_routing_tcp()},
      {"ipv6_frag_first", ipv6_frag_first()},
      {"ipv6_frag_second", ipv6_frag_second()},
      {"ipv6_ah_tcp", ipv6_ah_tcp()},
      {"ipv4_frag_first", ipv4_frag_first()},
      {"ipv4_frag_second", ipv4_frag_second()},
      {"sctp_init", sctp_init()},
      {"llc_snap_ipv4", llc_snap_ipv4()},
      {"llc_stp", llc_stp()},
      {"sll_udp", sll_udp(), linktype::kLinuxSll},
      {"sll2_ipv6", sll2_ipv6(), linktype::kLinuxSll2},
      {"null_ipv4", null_ipv4(), linktype::kNull},
      {"loop_ipv6", loop_ipv6(), linktype::kLoop},
      {"raw_ipv4", raw_ipv4(), linktype::kRaw},
      {"raw_ipv6", raw_ipv6(), linktype::kRaw},
      {"ipv4_linktype", raw_ipv4(), linktype::kIpv4},
      {"ipv6_linktype", raw_ipv6(), linktype::kIpv6},
  };
}

}  // namespace weir::testpkt::samples
