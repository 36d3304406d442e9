// weir_audit_logger: pass everything and record one line per packet, decoded by
// weir's dissector (protocol stack, addresses, ports).
//   weir_audit_logger --forward [-i IFACE] LOGFILE
#include <arpa/inet.h>

#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>

#include "example_util.hpp"
#include "weir/decode.hpp"
#include "weir/layers.hpp"

int main(int argc, char** argv) {
  weir::InterceptConfig cfg;
  cfg.bypass_mark = 0;  // never calls bypass(): no connmark rules, no conntrack
  cfg.copy = weir::CopyMode::Headers;  // headers are all an audit needs
  const char* path = nullptr;
  for (int i = 1; i < argc; ++i)
    if (!example::hook_option(argc, argv, i, cfg)) path = argv[i];
  if (!path) {
    std::fprintf(stderr, "usage: weir_audit_logger --input|--output|--forward [-i IFACE] LOGFILE\n");
    return 2;
  }
  FILE* log = std::fopen(path, "w");
  if (!log) {
    std::perror(path);
    return 1;
  }
  example::install_signals();
  weir::Status err;
  auto icp = weir::Interceptor::open(cfg, err);
  if (!icp) {
    std::fprintf(stderr, "weir_audit_logger: %s\n", err.message().c_str());
    return 1;
  }
  const weir::Registry& reg = weir::Registry::builtin();
  static weir::DecodedPacket dp;  // one worker: one reusable result
  std::atomic<unsigned long> count{0};
  icp->start([&](unsigned, std::span<weir::PacketLease*> batch) {
    for (auto* l : batch) {
      weir::decode_packet(reg, l->view, dp);
      char line[512];
      int k = std::snprintf(line, sizeof line, "%lld.%09lld len=%u", (long long)(l->view.ts_ns / 1000000000),
                            (long long)(l->view.ts_ns % 1000000000), l->full_len);
      char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
      for (int i = 0; i < dp.nlayers && k > 0 && size_t(k) < sizeof line - 128; ++i) {
        const weir::Layer& L = dp.layers[i];
        const char* name = reg.proto(L.proto).name ? reg.proto(L.proto).name : "?";
        if (L.proto == weir::Proto::Ipv4) {
          const auto& f = L.as<weir::Ipv4Fields>();
          inet_ntop(AF_INET, f.src, a, sizeof a), inet_ntop(AF_INET, f.dst, b, sizeof b);
          k += std::snprintf(line + k, sizeof line - size_t(k), " ip %s > %s", a, b);
        } else if (L.proto == weir::Proto::Ipv6) {
          const auto& f = L.as<weir::Ipv6Fields>();
          inet_ntop(AF_INET6, f.src, a, sizeof a), inet_ntop(AF_INET6, f.dst, b, sizeof b);
          k += std::snprintf(line + k, sizeof line - size_t(k), " ipv6 %s > %s", a, b);
        } else if (L.proto == weir::Proto::Tcp) {
          const auto& f = L.as<weir::TcpFields>();
          k += std::snprintf(line + k, sizeof line - size_t(k), " tcp %u > %u", f.sport, f.dport);
        } else if (L.proto == weir::Proto::Udp) {
          const auto& f = L.as<weir::UdpFields>();
          k += std::snprintf(line + k, sizeof line - size_t(k), " udp %u > %u", f.sport, f.dport);
        } else if (L.proto != weir::Proto::RawIp) {
          k += std::snprintf(line + k, sizeof line - size_t(k), " %s", name);
        }
      }
      icp->pass(*l);
      if (k > 0) {
        std::fputs(line, log);
        std::fputc('\n', log);
      }
      count++;
    }
    std::fflush(log);
  });
  std::printf("weir_audit_logger: logging to %s\n", path);
  std::fflush(stdout);
  example::wait_for_signal();
  icp.reset();
  std::fclose(log);
  std::printf("logged %lu packets\n", count.load());
  return 0;
}
