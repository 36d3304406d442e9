// weir_udp_tunnel: a UDP tunnel between two hosts.
//   encapsulate: weir_udp_tunnel encap LOCAL_IP PEER_IP PORT 'FILTER'
//     locally sent packets matching FILTER are wrapped in IPv4/UDP
//     LOCAL_IP:PORT -> PEER_IP:PORT (the verdict carries the new packet; the
//     kernel re-routes it to the peer).
//   decapsulate: weir_udp_tunnel decap PORT
//     received UDP datagrams to PORT are unwrapped and the inner packet is
//     delivered up the local stack as if received on the interface the outer
//     packet came in by (Interceptor::inject_to_stack(ifindex, ...), so
//     reverse-path filtering and per-interface rules see the right
//     interface); the outer packet is dropped.
#include <arpa/inet.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "example_util.hpp"
#include "weir/checksum.hpp"
#include "weir/filter.hpp"

int main(int argc, char** argv) {
  bool encap = argc == 6 && !std::strcmp(argv[1], "encap");
  bool decap = argc == 3 && !std::strcmp(argv[1], "decap");
  uint8_t local[4], peer[4];
  if (!(encap || decap) ||
      (encap && (inet_pton(AF_INET, argv[2], local) != 1 || inet_pton(AF_INET, argv[3], peer) != 1))) {
    std::fprintf(stderr, "usage: weir_udp_tunnel encap LOCAL_IP PEER_IP PORT FILTER | weir_udp_tunnel decap PORT\n");
    return 2;
  }
  const uint16_t port = uint16_t(std::atoi(encap ? argv[4] : argv[2]));
  weir::BpfFilter match;
  std::string expr = encap ? argv[5] : "udp and dst port " + std::to_string(port);
  if (weir::Status s = match.set(expr); !s) {
    std::fprintf(stderr, "weir_udp_tunnel: %s\n", s.message().c_str());
    return 2;
  }
  weir::InterceptConfig cfg;
  cfg.bypass_mark = 0;  // never calls bypass(): no connmark rules, no conntrack
  cfg.ipv6 = false;
  cfg.output = encap;
  cfg.input = decap;
  cfg.gso = false;  // wrapped packets must stay below the MTU
  example::install_signals();
  weir::Status err;
  auto icp = weir::Interceptor::open(cfg, err);
  if (!icp) {
    std::fprintf(stderr, "weir_udp_tunnel: %s\n", err.message().c_str());
    return 1;
  }
  std::atomic<unsigned long> done{0}, failed{0};
  icp->start([&](unsigned, std::span<weir::PacketLease*> batch) {
    for (auto* l : batch) {
      if (!match.matches(l->view)) {
        icp->pass(*l);
        continue;
      }
      uint32_t n = l->view.caplen;
      if (encap) {
        uint8_t* w = l->writable();
        if (!w || n + 28 > l->capacity()) {
          failed++;
          icp->drop(*l);  // never let it leave unwrapped
          continue;
        }
        weir::csum::fix_ip_packet(w, n, false);  // inner checksums may be left to offload
        std::memmove(w + 28, w, n);
        // No DF: an MTU-sized inner packet makes an outer one 28 bytes too
        // big, and the kernel must be free to fragment it.
        static const uint8_t ip[20] = {0x45, 0, 0, 0, 0, 0, 0, 0, 64, 17};
        std::memcpy(w, ip, 20);
        std::memcpy(w + 12, local, 4);
        std::memcpy(w + 16, peer, 4);
        uint8_t* u = w + 20;
        u[0] = u[2] = uint8_t(port >> 8);
        u[1] = u[3] = uint8_t(port);
        u[6] = u[7] = 0;
        icp->pass_modified(*l, n + 28);  // lengths and checksums filled in here
      } else {
        const uint8_t* p = l->view.data;
        uint32_t ihl = n >= 20 ? uint32_t(p[0] & 15) * 4 : 0;
        if (ihl < 20 || n < ihl + 8 + 20 || !icp->inject_to_stack(int(l->indev), p + ihl + 8, n - ihl - 8)) {
          failed++;
          icp->pass(*l);
          continue;
        }
        icp->drop(*l);
      }
      done++;
    }
  });
  std::printf("weir_udp_tunnel: %s on port %u\n", encap ? "encapsulating" : "decapsulating", port);
  std::fflush(stdout);
  example::wait_for_signal();
  icp.reset();
  std::printf("%s %lu packets, %lu failed\n", encap ? "encapsulated" : "decapsulated", done.load(), failed.load());
  return 0;
}
