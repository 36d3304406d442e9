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

// -w with rotation, as tcpdump does it: FILE, FILE1, FILE2, ... with -C; a
// ring FILE0..FILE<N-1> with -C -W N (the count also wraps inside each -G
// file); strftime(FILE) with -G; -G -W N stops after N files. Without any
// rotation option the file is written at exactly `path`. With several
// workers each writes its own files, FILE with ".w<K>" before the extension,
// and the counts apply per worker. Details in RotatingWriter
// (capture_engine.cpp).
struct RotationOptions {
  uint64_t max_bytes = 0;     // -C: a new file once the current one is larger than this
  uint32_t seconds = 0;       // -G: a new file for the first packet this many seconds after the last one opened
  uint32_t max_files = 0;     // -W: with -C a ring of this many files; with -G alone, stop after this many
};

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
