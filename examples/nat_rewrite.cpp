// weir_nat_rewrite: NAT-like address and port rewrite for one service.
//   weir_nat_rewrite --forward [-i IFACE] tcp|udp ORIG_IP:PORT NEW_IP:PORT
// Packets to ORIG go to NEW; replies from NEW look as if they came from ORIG.
// Checksums are recomputed by Interceptor::pass_modified.
#include <arpa/inet.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "example_util.hpp"

namespace {

struct Endpoint {
  uint8_t ip[4];
  uint16_t port;
};

bool parse(const char* s, Endpoint& e) {
  std::string t = s;
  size_t c = t.rfind(':');
  if (c == std::string::npos) return false;
  e.port = uint16_t(std::atoi(t.c_str() + c + 1));
  return inet_pton(AF_INET, t.substr(0, c).c_str(), e.ip) == 1 && e.port;
}

}  // namespace

int main(int argc, char** argv) {
  weir::InterceptConfig cfg;
  cfg.bypass_mark = 0;  // never calls bypass(): no connmark rules, no conntrack
  cfg.ipv6 = false;
  const char* pos[3] = {};
  int npos = 0;
  for (int i = 1; i < argc; ++i)
    if (!example::hook_option(argc, argv, i, cfg) && npos < 3) pos[npos++] = argv[i];
  Endpoint from{}, to{};
  if (npos != 3 || (std::strcmp(pos[0], "tcp") && std::strcmp(pos[0], "udp")) || !parse(pos[1], from) ||
      !parse(pos[2], to)) {
    std::fprintf(stderr, "usage: weir_nat_rewrite --forward|--output [-i IFACE] tcp|udp ORIG_IP:PORT NEW_IP:PORT\n");
    return 2;
  }
  const uint8_t proto = pos[0][0] == 't' ? 6 : 17;
  example::install_signals();
  weir::Status err;
  auto icp = weir::Interceptor::open(cfg, err);
  if (!icp) {
    std::fprintf(stderr, "weir_nat_rewrite: %s\n", err.message().c_str());
    return 1;
  }
  std::atomic<unsigned long> fwd{0}, rev{0};
  icp->start([&](unsigned, std::span<weir::PacketLease*> batch) {
    for (auto* l : batch) {
      const uint8_t* p = l->view.data;
      uint32_t n = l->view.caplen;
      uint32_t ihl = n >= 20 ? uint32_t(p[0] & 15) * 4 : 0;
      if (n < 20 || (p[0] >> 4) != 4 || p[9] != proto || ihl < 20 || n < ihl + 4 || (p[6] & 0x1f) || p[7]) {
        icp->pass(*l);
        continue;
      }
      uint16_t sport = uint16_t(p[ihl] << 8 | p[ihl + 1]), dport = uint16_t(p[ihl + 2] << 8 | p[ihl + 3]);
      bool to_orig = !std::memcmp(p + 16, from.ip, 4) && dport == from.port;
      bool from_new = !std::memcmp(p + 12, to.ip, 4) && sport == to.port;
      uint8_t* w = (to_orig || from_new) ? l->writable() : nullptr;
      if (!w) {
        icp->pass(*l);
        continue;
      }
      if (to_orig) {  // destination NAT
        std::memcpy(w + 16, to.ip, 4);
        w[ihl + 2] = uint8_t(to.port >> 8), w[ihl + 3] = uint8_t(to.port);
        fwd++;
      } else {  // reply: restore the original source
        std::memcpy(w + 12, from.ip, 4);
        w[ihl] = uint8_t(from.port >> 8), w[ihl + 1] = uint8_t(from.port);
        rev++;
      }
      icp->pass_modified(*l, n);
    }
  });
  std::printf("weir_nat_rewrite: %s %s -> %s\n", pos[0], pos[1], pos[2]);
  std::fflush(stdout);
  example::wait_for_signal();
  icp.reset();
  std::printf("rewrote %lu forward %lu reply\n", fwd.load(), rev.load());
  return 0;
}
