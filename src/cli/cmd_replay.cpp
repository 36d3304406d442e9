// weir replay FILE -i IFACE [--pps N | --mbps N | --topspeed] [--loop N]:
// sends a capture's frames unchanged onto an interface (AfPacketSender:
// sendmmsg batches, qdisc bypassed). Default pacing is the capture's own
// timing; --pps/--mbps pace evenly; --topspeed sends as fast as possible.
#include <signal.h>
#include <time.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "cli/commands.hpp"
#include "weir/capfile.hpp"
#include "weir/capture.hpp"

namespace weir::cli {

namespace {

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop.store(true); }

int64_t mono_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

void sleep_until(int64_t t) {
  for (;;) {
    int64_t now = mono_ns();
    if (now >= t || g_stop.load()) return;
    if (t - now > 200'000) {
      timespec ts{time_t((t - 100'000) / 1'000'000'000), long((t - 100'000) % 1'000'000'000)};
      clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr);
    } else {
      cpu_relax();
    }
  }
}

const char kUsage[] =
    "usage: weir replay FILE -i IFACE [--pps N | --mbps N | --topspeed] [--loop N] [--no-bypass]\n"
    "  Sends the frames of a pcap/pcapng file unchanged onto IFACE.\n"
    "  Pacing: the capture's own timing (default), N packets/s, N Mbit/s, or top speed.\n"
    "  --loop N   send the file N times (0 = until interrupted; default 1)\n"
    "  --no-bypass  go through the qdisc (default: PACKET_QDISC_BYPASS)\n"
    "  -q         no summary at the end\n";

}  // namespace

int cmd_replay(int argc, char** argv) {
  std::string file, iface;
  double pps = 0, mbps = 0;
  bool topspeed = false, bypass = true, quiet = false;
  uint64_t loops = 1;
  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    auto val = [&]() -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "weir replay: option %s needs a value\n", a);
        std::exit(2);
      }
      return argv[++i];
    };
    auto num = [&](double& out) {
      const char* v = val();
      char* end;
      out = std::strtod(v, &end);
      if (*end || !(out > 0)) {
        std::fprintf(stderr, "weir replay: invalid value '%s' for %s\n", v, a);
        std::exit(2);
      }
    };
    if (!std::strcmp(a, "-h") || !std::strcmp(a, "--help")) {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (!std::strcmp(a, "-i")) {
      iface = val();
    } else if (!std::strcmp(a, "--pps")) {
      num(pps);
    } else if (!std::strcmp(a, "--mbps")) {
      num(mbps);
    } else if (!std::strcmp(a, "--topspeed")) {
      topspeed = true;
    } else if (!std::strcmp(a, "--loop")) {
      const char* v = val();
      char* end;
      loops = std::strtoull(v, &end, 10);
      if (*end || v[0] == '-') {
        std::fprintf(stderr, "weir replay: invalid value '%s' for --loop\n", v);
        return 2;
      }
    } else if (!std::strcmp(a, "--no-bypass")) {
      bypass = false;
    } else if (!std::strcmp(a, "-q")) {
      quiet = true;
    } else if (a[0] == '-' && a[1]) {
      std::fprintf(stderr, "weir replay: unknown option '%s'\n%s", a, kUsage);
      return 2;
    } else if (file.empty()) {
      file = a;
    } else {
      std::fprintf(stderr, "weir replay: unexpected argument '%s'\n%s", a, kUsage);
      return 2;
    }
  }
  if (file.empty() || iface.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  if ((pps > 0) + (mbps > 0) + topspeed > 1) {
    std::fprintf(stderr, "weir replay: choose one of --pps, --mbps, --topspeed\n");
    return 2;
  }
  Status st;
  auto tx = AfPacketSender::open(iface, bypass, st);
  if (!tx) {
    std::fprintf(stderr, "weir replay: %s\n", st.message().c_str());
    return 1;
  }
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);

  uint64_t skipped = 0, truncated = 0, idx = 0, bytes_paced = 0;
  int64_t start = mono_ns();
  int64_t offset_ns = 0;  // original timing: where this loop starts relative to the first
  int rc = 0;
  constexpr size_t kBatch = 256;
  PacketView views[kBatch];
  for (uint64_t loop = 0; (loops == 0 || loop < loops) && !g_stop.load(); ++loop) {
    auto src = open_capture_file(file, ReadOptions{}, st);
    if (!src) {
      std::fprintf(stderr, "weir replay: %s\n", st.message().c_str());
      return 1;
    }
    int64_t first_ts = INT64_MIN, last_ts = 0;
    bool failed = false;
    while (!g_stop.load()) {
      size_t n = 0;
      RecvStatus rs = src->receive(std::span<PacketView>(views, kBatch), n);
      for (size_t i = 0; i < n && !g_stop.load(); ++i) {
        const PacketView& p = views[i];
        if (p.linktype != tx->linktype()) {
          ++skipped;
          continue;
        }
        if (p.caplen < p.origlen) ++truncated;
        if (first_ts == INT64_MIN) first_ts = p.ts_ns;
        last_ts = p.ts_ns;
        int64_t target = 0;
        if (pps > 0) target = start + int64_t(double(idx) * 1e9 / pps);
        else if (mbps > 0) target = start + int64_t(double(bytes_paced) * 8 * 1e3 / mbps);
        else if (!topspeed) target = sat_add(sat_add(start, offset_ns), ts_diff(p.ts_ns, first_ts));
        if (target > mono_ns() + 20'000) {
          if (!tx->flush()) {
            failed = true;
            break;
          }
          sleep_until(target);
        }
        if (!tx->send(p.data, p.caplen)) {
          failed = true;
          break;
        }
        ++idx;
        bytes_paced += p.caplen;
      }
      // Views die at the next receive(): send what is queued now.
      if (!failed && !tx->flush()) failed = true;
      if (failed) {
        std::fprintf(stderr, "weir replay: %s\n", tx->error().message().c_str());
        rc = 1;
        break;
      }
      if (rs == RecvStatus::Eof) break;
      if (rs == RecvStatus::Error) {
        std::fprintf(stderr, "weir replay: %s\n", src->error().message().c_str());
        rc = 1;
        break;
      }
    }
    if (rc) break;
    if (first_ts != INT64_MIN) offset_ns = sat_add(offset_ns, sat_add(ts_diff(last_ts, first_ts), 1'000'000));  // 1 ms between loops
  }
  double secs = double(mono_ns() - start) / 1e9;
  if (!quiet || rc)
    std::fprintf(stderr, "weir replay: %llu packets (%llu bytes) sent in %.3f s, %.0f pps, %.3f Mbit/s%s\n",
                 (unsigned long long)tx->packets_sent(), (unsigned long long)tx->bytes_sent(), secs,
                 secs > 0 ? double(tx->packets_sent()) / secs : 0.0,
                 secs > 0 ? double(tx->bytes_sent()) * 8 / secs / 1e6 : 0.0, g_stop.load() ? " (interrupted)" : "");
  if (skipped)
    std::fprintf(stderr, "weir replay: %llu packets skipped (link type differs from the interface's)\n",
                 (unsigned long long)skipped);
  if (truncated)
    std::fprintf(stderr, "weir replay: %llu packets were truncated in the file and sent as captured\n",
                 (unsigned long long)truncated);
  if (tx->send_errors())
    std::fprintf(stderr, "weir replay: %llu packets refused by the kernel (longer than the MTU?)\n",
                 (unsigned long long)tx->send_errors());
  return rc;
}

}  // namespace weir::cli
