// The live-capture pipeline behind `weir capture`: N worker threads, each
// with its own AfPacketSource (one PACKET_FANOUT group), its own Analyzer
// (printing, statistics, split-by) and its own rotating writer, so the hot
// path takes no lock. The main thread handles signals, the duration limit,
// rtnetlink adapter events (reporting them and re-opening sockets when an
// interface comes back), the live status line and the final statistics.
#pragma once

#include <cstdint>
#include <string>

#include "weir/capfile.hpp"
#include "weir/capture.hpp"
#include "weir/engine.hpp"
#include "weir/status.hpp"

namespace weir {

struct LiveCaptureOptions {
  CaptureOptions capture;
  AnalyzerOptions analysis;   // its filter/write_path/count are ignored (handled here)
  int workers = 1;
  uint64_t count = 0;         // -c: stop after N packets (over all workers)
  double duration_s = 0;      // --duration
  std::string write_path;     // -w
  WriteOptions write_options;
  RotationOptions rotation;
  std::string stats_json;     // --stats-json FILE
  bool print_stats = false;   // --stats: protocol hierarchy and conversations at the end
  int status_fd = 2;          // live status line goes here if it is a terminal
  std::string drop_user;      // -Z USER
  bool quiet = false;         // no final statistics on stderr
};

// Runs until -c, --duration, SIGINT or SIGTERM. Returns a Status for setup
// errors (no such interface, missing privileges, bad filter) or fatal I/O.
Status run_live_capture(const LiveCaptureOptions& opt);

}  // namespace weir
