// weir_firewall: drop what matches a pcap-filter expression, pass the rest.
//   weir_firewall --forward [-i IFACE] 'udp and dst port 9'
// Prints "passed N dropped M" on SIGINT/SIGTERM.
#include <cstdio>
#include <string>
#include <vector>

#include "example_util.hpp"
#include "weir/filter.hpp"

int main(int argc, char** argv) {
  weir::InterceptConfig cfg;
  cfg.bypass_mark = 0;  // never calls bypass(): no connmark rules, no conntrack
  std::string expr;
  for (int i = 1; i < argc; ++i)
    if (!example::hook_option(argc, argv, i, cfg)) expr += (expr.empty() ? "" : " ") + std::string(argv[i]);
  if (expr.empty()) {
    std::fprintf(stderr, "usage: weir_firewall --input|--output|--forward [-i IFACE] FILTER\n");
    return 2;
  }
  // One filter per worker thread (a BpfFilter caches per link type).
  cfg.queues = 1;
  std::vector<weir::BpfFilter> block(cfg.queues);
  for (auto& f : block)
    if (weir::Status s = f.set(expr); !s) {
      std::fprintf(stderr, "weir_firewall: %s\n", s.message().c_str());
      return 2;
    }
  example::install_signals();
  weir::Status err;
  auto icp = weir::Interceptor::open(cfg, err);
  if (!icp) {
    std::fprintf(stderr, "weir_firewall: %s\n", err.message().c_str());
    return 1;
  }
  std::atomic<unsigned long> passed{0}, dropped{0};
  icp->start([&](unsigned q, std::span<weir::PacketLease*> batch) {
    for (auto* l : batch) {
      if (block[q].matches(l->view)) {
        icp->drop(*l);
        dropped++;
      } else {
        icp->pass(*l);
        passed++;
      }
    }
  });
  std::printf("weir_firewall: blocking '%s'\n", expr.c_str());
  std::fflush(stdout);
  example::wait_for_signal();
  icp.reset();
  std::printf("passed %lu dropped %lu\n", passed.load(), dropped.load());
  return 0;
}
