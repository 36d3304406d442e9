// Packet injection. NFQUEUE cannot add packets, so weir sends them itself:
//  * onto the wire: an AF_PACKET socket bound to nothing, sendto() with the
//    interface index; the Ethernet header is either given or built from the
//    interface's MAC and the next hop's MAC (route + neighbour table over
//    rtnetlink, both cached for a second; multicast and broadcast MACs derived
//    from the address). When the next hop has no neighbour entry yet, or
//    the interface has no Ethernet header (tun, wireguard, ...), the packet
//    goes out through a raw IP socket (IP_HDRINCL) bound to the interface
//    instead: the kernel resolves the neighbour and holds the packet until
//    it is known. That path passes the OUTPUT/POSTROUTING hooks (with the
//    inject mark, so weir's rules do not queue it again);
//  * up the local stack as if received on a given adapter: a helper veth
//    "weirinj<pid in hex><letter>" (one per Injector) whose tc egress
//    (clsact) holds one classic-BPF filter per adapter, matching the low 16 bits of the packet mark (= the adapter's
//    ifindex), with "action mirred ingress redirect dev ADAPTER". weir sends
//    the packet (Ethernet header to the adapter's own MAC) on the helper
//    with SO_MARK = inject mark | ifindex; the kernel hands it to ADAPTER's
//    receive path, so routing, rp_filter, INPUT rules with -i and sockets
//    bound to the device all see ADAPTER. The helper is created on first use
//    and deleted on close (stale ones of dead processes at the next start).
//    When the kernel lacks veth, cls_bpf or act_mirred, or no adapter is
//    given, the lo path below is used;
//  * up the local stack through lo: the same socket sends on the loopback interface
//    (what lo transmits, it receives), so the packet goes through routing and
//    INPUT as if it had arrived. Caveats: with rp_filter=1 on lo or "all", a
//    source address not reachable via lo is dropped (use rp_filter=0 or 2);
//    a packet whose source is a local address needs accept_local=1 on lo
//    only when rp_filter is on. The inject socket sets SO_MARK (the inject
//    mark) so weir's own rules let injected packets through unqueued.
#pragma once

#include <cstdint>
#include <mutex>

#include "weir/status.hpp"

namespace weir {

class Injector {
 public:
  ~Injector();
  Status open(uint32_t mark);
  Status send_frame(int ifindex, const uint8_t* frame, size_t len);
  // Raw IP onto the wire through ifindex, to the route's next hop.
  Status send_ip(int ifindex, const uint8_t* pkt, size_t len);
  // Raw IP to the given MAC through ifindex.
  Status send_ip_to(int ifindex, const uint8_t dst_mac[6], const uint8_t* pkt, size_t len);
  // Raw IP up the local stack (via lo).
  Status send_to_stack(const uint8_t* pkt, size_t len);
  // Raw IP up the local stack as if received on ifindex (falls back to lo).
  Status send_to_stack(int ifindex, const uint8_t* pkt, size_t len);
  // Name prefix of the helper devices (adapter lists leave them out).
  static constexpr const char* kHelperPrefix = "weirinj";
  // Deletes this injector's helper device now (also done on destruction).
  void remove_helper();
  // Deletes helpers whose process is gone (after a crash); this netns.
  static void remove_stale_helpers();

 private:
  Status iface_mac(int ifindex, uint8_t mac[6], bool& ether);
  // Ok with the MAC; error `unresolved` true when the route is fine but the
  // neighbour is not known yet.
  Status next_hop_mac(int ifindex, const uint8_t* pkt, size_t len, uint8_t mac[6], bool& unresolved);
  // Through a raw IP socket bound to ifindex (the kernel routes and resolves).
  Status send_routed(int ifindex, const uint8_t* pkt, size_t len);
  // Ethernet header (dst, src, IP ethertype) + pkt, sent on sock through ifindex.
  Status send_locked(int sock, int ifindex, const uint8_t* dst, const uint8_t* src, const uint8_t* pkt, size_t len);
  bool route_hop(int ifindex, int fam, const uint8_t* dst, size_t alen, uint8_t hop[16]);
  Status neighbour_mac(int ifindex, int fam, const uint8_t* hop, size_t alen, uint8_t mac[6], bool& unresolved);
  bool helper_setup();              // creates the helper veth + clsact (once)
  bool helper_route(int ifindex);   // the tc filter for one adapter (once)
  void remove_helper_locked();

  std::mutex mu_;
  int fd_ = -1;
  int lo_index_ = 0;
  uint32_t mark_ = 0;
  // Ingress injection helper (see above).
  int helper_state_ = 0;           // 0 not tried, 1 ready, -1 unavailable
  int helper_index_ = 0;
  char helper_name_[16] = {};
  int helper_fd_ = -1;             // AF_PACKET socket whose SO_MARK selects the adapter
  uint32_t helper_mark_ = 0;       // SO_MARK now set on helper_fd_
  int routed_[64] = {};            // adapters with a filter (ifindex, 0 = free)
  bool tc_failed_ = false;         // a filter could not be added: use lo from now on
  int raw_[2] = {-1, -1};        // IPv4, IPv6 raw sockets (opened when first needed)
  int raw_bound_[2] = {0, 0};    // ifindex each is bound to
  uint8_t frame_[65536 + 64];
  // The last N answers of one kind of lookup, each trusted for a second;
  // the oldest slot is reused.
  template <class E, unsigned N>
  struct ExpiringCache {
    E slots[N];
    unsigned next = 0;
    template <class Pred>
    const E* find(int64_t now, Pred match) const {
      for (const E& e : slots)
        if (e.expires_ns > now && match(e)) return &e;
      return nullptr;
    }
    E& add(int64_t now) {
      E& e = slots[next++ % N];
      e = E{};
      e.expires_ns = now + 1000000000LL;
      return e;
    }
  };
  struct MacCache {
    int ifindex = 0;
    uint8_t alen = 0;  // 4 or 16: the family (an IPv4 key must not match an IPv6 prefix)
    uint8_t ip[16] = {};
    uint8_t mac[6] = {};
    bool ether = true;
    int64_t expires_ns = 0;
  };
  struct RouteCache {  // destination -> next hop (gateway or itself)
    int ifindex = 0;
    uint8_t alen = 0;  // 4 or 16
    uint8_t dst[16] = {};
    uint8_t hop[16] = {};
    bool broadcast = false;
    int64_t expires_ns = 0;
  };
  ExpiringCache<MacCache, 16> neigh_;
  ExpiringCache<RouteCache, 16> routes_;
  ExpiringCache<MacCache, 8> ifmac_;
};

}  // namespace weir
