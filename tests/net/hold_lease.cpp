// Holds one lease while passing many more than the pool has leases, then
// drops it (tests/scripts/icp_hold.sh). The held packet must stay held:
// not accepted by the batch verdicts given to the packets behind it, and
// gone once dropped.
//   hold_lease IFACE COUNT  -> intercepts input on IFACE; prints
//   "held <udp payload>" and, after COUNT more packets, "dropped"; exits on SIGINT.
#include <netinet/in.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "../../examples/example_util.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: hold_lease IFACE COUNT\n");
    return 2;
  }
  const unsigned long count = std::strtoul(argv[2], nullptr, 10);
  weir::InterceptConfig cfg;
  cfg.input = true;
  cfg.ipv6 = false;
  cfg.interfaces = {argv[1]};
  cfg.pool_size = 16;  // far fewer leases than packets passed behind the held one
  cfg.batch = 8;
  cfg.verdict_timeout_ms = 20000;
  example::install_signals();
  weir::Status err;
  auto icp = weir::Interceptor::open(cfg, err);
  if (!icp) {
    std::fprintf(stderr, "hold_lease: %s\n", err.message().c_str());
    return 1;
  }
  weir::PacketLease* held = nullptr;
  unsigned long behind = 0;
  bool dropped = false;
  icp->start([&](unsigned, std::span<weir::PacketLease*> batch) {
    for (auto* l : batch) {
      const uint8_t* p = l->view.data;
      uint32_t n = l->view.caplen;
      uint32_t ihl = n >= 20 ? uint32_t(p[0] & 15) * 4 : 0;
      bool udp9 = ihl >= 20 && n >= ihl + 8 && p[9] == IPPROTO_UDP && p[ihl + 2] == 0 && p[ihl + 3] == 9;
      if (!held && udp9) {
        held = l;  // no verdict: the kernel keeps the packet
        std::printf("held %.*s\n", int(n - ihl - 8), reinterpret_cast<const char*>(p + ihl + 8));
        std::fflush(stdout);
        continue;
      }
      icp->pass(*l);
      if (held && !dropped && ++behind == count) {
        icp->drop(*held);
        dropped = true;
        std::printf("dropped after %lu packets\n", behind);
        std::fflush(stdout);
      }
    }
  });
  example::wait_for_signal();
  icp.reset();
  return 0;
}
