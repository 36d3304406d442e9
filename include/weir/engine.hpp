// The analysis pipeline shared by `weir read` and `weir capture`:
//
//   PacketSource batch -> BpfFilter -> decode_packet -> printer (text,
//   fields, JSON, verbose, hex) + Stats + -w writer + split-by writers
//
// An Analyzer is single-threaded: a live capture runs one per worker thread
// (each with its own OutBuf / output file names) and merges their Stats at
// the end with Stats::merge. The per-packet path allocates nothing except
// when a new conversation, hierarchy node or split-by file is first seen.
#pragma once

#include <csignal>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "weir/capfile.hpp"
#include "weir/outbuf.hpp"
#include "weir/source.hpp"
#include "weir/stats.hpp"
#include "weir/status.hpp"

namespace weir {

enum class OutputMode {
  None,     // no per-packet lines (-q, or -w without an explicit mode)
  Summary,  // one tshark-like line per packet (default)
  Fields,   // -T fields -e ...
  Json,     // -T json: one object per line
  Verbose,  // -V: every layer and field
};

// tshark's -E options for -T fields.
struct FieldsFormat {
  bool header = false;           // -E header=y
  bool bom = false;              // -E bom=y: UTF-8 byte order mark first
  std::string separator = "\t";  // -E separator=
  char occurrence = 'a';         // -E occurrence=f|l|a, or 'n' for occurrence_n
  uint32_t occurrence_n = 0;     // -E occurrence=N: only the N-th (1-based) value
  std::string aggregator = ",";  // -E aggregator=
  char quote = 0;                // -E quote=d|s|n  ('"', '\'', 0)
};

enum class SplitBy { None, Ip, Flow, Port };

// The summary line's time column, as tshark -t: r (since the first packet),
// a / ad (local time of day / with date), u / ud (the same in UTC), e (epoch
// seconds), d (since the previous packet read), dd (since the previous one
// shown).
enum class TimeFormat : uint8_t { Relative, Local, LocalDate, Utc, UtcDate, Epoch, Delta, DeltaDisplayed };
// Parses tshark's -t letters; false when unknown.
bool parse_time_format(std::string_view s, TimeFormat& out);

// -w with rotation (weir capture, weir read), as tcpdump does it: FILE,
// FILE1, FILE2, ... with -C; a
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

// tcpdump's MakeFilename: FILE through strftime(3) (local time of
// opened_sec) with -G, then the count unless both the count and its width
// are 0. rotation_count_width: the width -W N gives the count (digits of N-1).
std::string rotation_file_name(const std::string& base, const RotationOptions& ro, int64_t opened_sec,
                               uint32_t count, int width);
int rotation_count_width(const RotationOptions& ro);

struct AnalyzerOptions {
  std::string filter;                  // pcap-filter expression; empty = all
  OutputMode mode = OutputMode::Summary;
  bool hex = false;                    // -x: hex + ASCII dump after each packet
  std::vector<std::string> fields;     // -T fields -e NAME
  FieldsFormat fields_format;
  uint64_t count = 0;                  // -c: stop after N packets that pass (0 = no limit)
  uint64_t print_limit = UINT64_MAX;   // --limit: print at most N packets, analyse all
  bool stats = false;                  // collect Stats
  TimeFormat time_format = TimeFormat::Relative;  // -t (tshark's letters)
  std::string write_path;              // -w
  // -C/-G/-W for -w (weir read), as in weir capture; -G compares packet
  // timestamps, and the first file's time is the first packet's (tcpdump -r
  // uses the clock, which splits nothing by the packets' own times).
  RotationOptions rotation;
  // The input file (st_dev, st_ino; 0 0: none): a rotated -w file of that
  // identity is refused (truncating a mapped input would crash the read).
  uint64_t input_dev = 0, input_ino = 0;
  WriteOptions write_options;          // format etc. for -w and split-by files
  SplitBy split_by = SplitBy::None;
  std::string split_dir;
  size_t split_max_open = 64;          // LRU bound on open split-by files
  // IP reassembly, tshark's default (-o ip.defragment:FALSE and
  // -o ipv6.defragment:FALSE turn it off; engine/defrag.hpp).
  bool defragment_ipv4 = true;
  bool defragment_ipv6 = true;
  // TCP reassembly of TLS records and HTTP messages, tshark's default
  // (engine/tcp_reasm.hpp): -o tcp.desegment_tcp_streams:FALSE turns off
  // both, -o tls.desegment_ssl_records:FALSE the TLS records.
  bool desegment_tcp = true;
  bool desegment_tls = true;
  bool desegment_dns = true;  // -o dns.desegment_dns_messages: DNS messages over TCP
};

class Analyzer {
 public:
  // Validates the options (filter syntax, field names, split dir) and
  // prepares everything. `out` receives per-packet text; it must outlive the
  // Analyzer (may be null when mode is None and hex is off).
  static std::unique_ptr<Analyzer> create(const AnalyzerOptions& opt, OutBuf* out, Status& err);
  virtual ~Analyzer() = default;

  // Processes one batch. `ifaces` describes PacketView::iface (used by
  // writers); it may grow between calls. Returns false once -c is reached
  // (the rest of the batch is ignored) or when a writer failed (see error()).
  virtual bool process(std::span<const PacketView> batch, const std::vector<InterfaceInfo>& ifaces) = 0;
  // Flushes and closes writers, prints the header-less tail; call once at
  // the end. Returns the first writer error, if any.
  virtual Status finish() = 0;
  virtual bool done() const = 0;
  virtual const Status& error() const = 0;
  // The filter does not apply to the input's link type (process() stopped).
  virtual const Status& filter_error() const = 0;

  virtual const Stats& stats() const = 0;
  virtual uint64_t packets_seen() const = 0;    // before the filter
  virtual uint64_t packets_passed() const = 0;  // after the filter (and -c)
  // Packets that passed but were not written: -w --pcap with a second link
  // type, --split-by without a key (non-IP, no ports) or beyond the file limit.
  virtual uint64_t packets_not_written() const = 0;
  // -w with -G -W N: the run ended after N files (tcpdump's "Maximum file
  // limit reached"; not an error).
  virtual bool file_limit_reached() const = 0;
  // For relative timestamps: the reference time (defaults to the first
  // packet seen). Live capture workers set a common one.
  virtual void set_time_base(int64_t ns) = 0;
};

// Reads `src` to the end (or until -c), feeding the analyzer, then calls
// finish(). Returns the source's error (damage, with file offset) or a
// writer error. `stop` (optional) is polled between batches.
// `stop` (optional) is polled between batches; a signal handler may set it.
Status run_analyzer(PacketSource& src, Analyzer& an, const volatile sig_atomic_t* stop = nullptr);

}  // namespace weir
