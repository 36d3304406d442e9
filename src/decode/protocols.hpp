// Registration entry points, one per protocol file. Each registers its
// ProtoDef, the dispatch-table keys under which it is reached, and its fields.
#pragma once

#include "weir/decode.hpp"

namespace weir {

void register_builtin_protocols(Registry& r);

// link layer (src/decode/link.cpp, eth.cpp, vlan.cpp, mpls.cpp, pppoe.cpp)
void register_frame(Registry& r);   // frame.* fields, Data pseudo-protocol
// Data's decoder, also the HTTP body layers' (src/decode/frame.cpp).
void decode_data(const DecodeInput& in, Layer& layer, DecodeResult& res);
void register_link(Registry& r);    // Null, Loop, SLL, SLL2, raw IP link types
void register_eth(Registry& r);     // Ethernet II, 802.3 LLC/SNAP
void register_vlan(Registry& r);
void register_mpls(Registry& r);
void register_pppoe(Registry& r);   // PPPoE session + PPP
// network
void register_arp(Registry& r);
void register_ipv4(Registry& r);
void register_ipv6(Registry& r);    // + extension headers, AH
void register_icmp(Registry& r);
void register_icmpv6(Registry& r);
void register_igmp(Registry& r);
// transport and tunnels
void register_tcp(Registry& r);
void register_udp(Registry& r);
void register_sctp(Registry& r);
void register_gre(Registry& r);
void register_vxlan(Registry& r);
// application
void register_dns(Registry& r);
void register_dhcp(Registry& r);
void register_http(Registry& r);
void register_tls(Registry& r);
void register_ntp(Registry& r);
void register_smtp(Registry& r);
void register_ftp(Registry& r);
// network control: STP, VRRP, HSRP, BFD, LLDP (src/decode/ctl.cpp)
void register_ctl(Registry& r);
void register_dhcpv6(Registry& r);
// services: ESP, UDP-encapsulated ESP, RADIUS, syslog (src/decode/services.cpp)
void register_services(Registry& r);
// routing: OSPF, BGP (src/decode/routing.cpp)
void register_routing(Registry& r);
// WAN link types: Cisco HDLC, SLARP, Frame Relay (src/decode/wan.cpp)
void register_wan(Registry& r);
void register_ssh(Registry& r);
// IEEE 802.11 and radiotap (src/decode/wlan.cpp)
void register_wlan(Registry& r);
// IEEE 802.1X / EAPOL with EAP (src/decode/eapol.cpp)
void register_eapol(Registry& r);
void register_ldp(Registry& r);  // src/decode/ldp.cpp
void register_l2tp(Registry& r);  // src/decode/l2tp.cpp
void register_rx(Registry& r);    // src/decode/rx.cpp
void register_openflow(Registry& r);  // src/decode/openflow.cpp
void register_resp(Registry& r);  // src/decode/resp.cpp
void register_ipx(Registry& r);   // src/decode/ipx.cpp
void register_nhrp(Registry& r);  // src/decode/nhrp.cpp
void register_mpls_echo(Registry& r);  // src/decode/mpls_echo.cpp
void register_babel(Registry& r);  // src/decode/babel.cpp
void register_quic(Registry& r);   // src/decode/quic.cpp
void register_sflow(Registry& r);  // src/decode/sflow.cpp
// tshark's QUIC heuristic on UDP (src/decode/quic.cpp).
Proto quic_heuristic(const uint8_t* p, uint32_t len);
// tshark's name of an IP protocol number, "Unknown" if none (src/decode/ipv4.cpp).
const char* ip_proto_long_name(uint8_t p);

}  // namespace weir
