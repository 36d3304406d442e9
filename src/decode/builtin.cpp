#include "protocols.hpp"

namespace weir {

void register_builtin_protocols(Registry& r) {
  register_frame(r);
  register_link(r);
  register_eth(r);
  register_vlan(r);
  register_mpls(r);
  register_pppoe(r);
  register_arp(r);
  register_ipv4(r);
  register_ipv6(r);
  register_icmp(r);
  register_icmpv6(r);
  register_igmp(r);
  register_tcp(r);
  register_udp(r);
  register_sctp(r);
  register_gre(r);
  register_vxlan(r);
  register_dns(r);
  register_dhcp(r);
  register_http(r);
  register_tls(r);
  register_ntp(r);
  register_smtp(r);
  register_ftp(r);
  register_dhcpv6(r);
  register_services(r);
  register_ctl(r);
  register_routing(r);
  register_wan(r);
  register_ssh(r);
  register_wlan(r);
  register_eapol(r);
  register_ldp(r);
  register_l2tp(r);
  register_rx(r);
  register_openflow(r);
  register_resp(r);
  register_ipx(r);
  register_nhrp(r);
  register_mpls_echo(r);
  register_babel(r);
  register_quic(r);
  register_sflow(r);
}

}  // namespace weir
