// weir read: argument parsing only; the work is done by weir::Analyzer.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "weir/capfile.hpp"
#include "weir/engine.hpp"
#include "weir/outbuf.hpp"

namespace weir::cli {

namespace {

// SIGINT/SIGTERM/SIGHUP end the read like the end of the input: the -w and
// --split-by files are flushed and merged, statistics printed (as tcpdump).
// The handler also writes to a self-pipe whose read end ends a blocking read
// from a stream input, so a signal just before read(2) is not missed.
volatile sig_atomic_t g_read_signal = 0;
int g_read_wake[2] = {-1, -1};
void on_read_signal(int sig) {
  g_read_signal = sig;
  int saved = errno;
  if (g_read_wake[1] >= 0) (void)!::write(g_read_wake[1], "s", 1);
  errno = saved;
}

const char kHelp[] =
    "usage: weir read FILE [options] [FILTER...]\n"
    "\n"
    "Reads a pcap or pcapng file, also gzip-compressed (\"-\" for standard input),\n"
    "and prints one line per packet: number, time relative to the first packet,\n"
    "source -> destination (IP addresses, else MAC addresses), protocol, frame\n"
    "length, info.\n"
    "FILTER words are joined into one pcap-filter expression (as tcpdump).\n"
    "Options may come before or after FILE; \"--\" ends the options.\n"
    "\n"
    "output:\n"
    "  -T text|fields|json   output format (default text)\n"
    "  -e FIELD              field for -T fields (Wireshark name; repeatable)\n"
    "  -E header=y|n         -T fields: print a header line with the field names\n"
    "  -E separator=C        field separator: a character, /t (tab, default) or /s (space)\n"
    "  -E occurrence=f|l|a|N first, last, all (default) or (weir only) the N-th occurrence\n"
    "  -E bom=y|n            -T fields: start with a UTF-8 byte order mark\n"
    "  -E aggregator=C       joins several occurrences (default ,), /s or /t accepted\n"
    "  -E quote=d|s|n        quote fields with double, single or no quotes (default)\n"
    "  -V                    every layer with all its fields\n"
    "  -x                    hex and ASCII dump of each packet\n"
    "  -t r|a|ad|u|ud|e|d|dd time since the first packet (default), local time of day\n"
    "                        (ad: with date), the same in UTC (u, ud), epoch seconds,\n"
    "                        since the previous packet read (d) or shown (dd), as tshark\n"
    "  -o ip.defragment:FALSE   show IPv4 fragments one by one (default TRUE: as tshark,\n"
    "                        the frame that completes a datagram decodes it whole)\n"
    "  -o ipv6.defragment:FALSE the same for IPv6\n"
    "  -o tcp.desegment_tcp_streams:FALSE   show TLS records, HTTP and DNS messages one segment\n"
    "                        at a time (default TRUE: reassembled, as tshark; tls.desegment_ssl_records\n"
    "                        and dns.desegment_dns_messages for one of them)\n"
    "  -q                    no per-packet output; print statistics\n"
    "  --limit N             print at most N packets but analyse all of them\n"
    "  -c N                  stop after N packets that pass the filter\n"
    "\n"
    "statistics (printed to standard output after the packets; to standard error\n"
    "when -w writes to standard output):\n"
    "  --stats               totals, protocol hierarchy, top conversations, anomalies\n"
    "  --stats-json FILE     the same as one JSON object into FILE (\"-\": stdout)\n"
    "\n"
    "writing (no per-packet text unless -T/-V/-x is given, as tcpdump/tshark):\n"
    "  -w OUT                write packets that pass the filter (pcapng; \"-\" stdout)\n"
    "  --pcap                write pcap instead of pcapng (one link type per file; --pcapng: the default)\n"
    "  -C SIZE               a new -w file once the current one is larger than SIZE\n"
    "                        (millions of bytes, as tcpdump; weir also takes k/m/g, powers\n"
    "                        of 1024, and b): OUT, OUT1, OUT2...\n"
    "  -G SECS               a new -w file for the first packet SECS after the current one's\n"
    "                        first (packet timestamps); OUT may hold strftime formats (%H...)\n"
    "  -W N                  with -C: a ring of N files OUT0..OUT<N-1>; with -G alone:\n"
    "                        stop after N files\n"
    "  -n                    accepted for tcpdump compatibility (weir never resolves names)\n"
    "  --split-by ip|flow|port DIR\n"
    "                        one file per host / flow / (lower) port in DIR, e.g.\n"
    "                        198.18.0.1.pcapng, 198.18.0.1_40000-198.18.0.2_25_tcp.pcapng,\n"
    "                        port-25.pcapng; at most --max-open N (64) files open at\n"
    "                        once, evicted files are appended to when reused\n"
    "\n"
    "input:\n"
    "  -r FILE               the file to read (alternative to the positional FILE)\n"
    "  --salvage             skip damaged records instead of stopping at them\n"
    "\n"
    "exit status:\n"
    "  0  success\n"
    "  1  usage error, invalid filter or field, input or output cannot be opened\n"
    "  2  input damaged: packets before the damage were processed, then the reason\n"
    "     (with file offset) was printed to standard error\n"
    "  3  writing output failed\n";

int usage_error(const std::string& msg) {
  std::fprintf(stderr, "weir read: %s\n(see 'weir read --help')\n", msg.c_str());
  return 1;
}


bool write_file(const std::string& path, const std::string& text, std::string& err) {
  if (path == "-") {
    bool ok = std::fwrite(text.data(), 1, text.size(), stdout) == text.size();
    ok = std::fflush(stdout) == 0 && ok;
    if (!ok) err = std::string("standard output: ") + std::strerror(errno);
    return ok;
  }
  FILE* f = std::fopen(path.c_str(), "w");
  if (!f) {
    err = path + ": " + std::strerror(errno);
    return false;
  }
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = (std::fclose(f) == 0) && ok;
  if (!ok) err = path + ": write failed";
  return ok;
}

}  // namespace

int cmd_read(int argc, char** argv) {
  // tcpdump-style clusters: -nc3, -nr FILE, -eip.src.
  std::vector<std::string> words = expand_short_options(argc, argv, "nqVxh", "rcwTeEtCGWo");
  std::vector<char*> av = as_argv(words);
  argc = int(words.size());
  argv = av.data();
  // With -r the file is named there, so every other word is filter (as
  // tcpdump: `weir read icmp -r FILE`).
  bool has_r = false;
  for (int i = 1; i < argc && std::strcmp(argv[i], "--"); ++i) has_r = has_r || !std::strcmp(argv[i], "-r");
  AnalyzerOptions opt;
  std::string file;
  std::string stats_json;
  std::vector<std::string> filter_words;
  bool explicit_mode = false, quiet = false, want_stats = false, salvage = false;
  std::string tmode;

  auto need = [&](int& i, const char* name, std::string& out) -> bool {
    std::string a = argv[i];
    size_t eq = a.find('=');
    if (a.rfind("--", 0) == 0 && eq != std::string::npos) {
      out = a.substr(eq + 1);
      return true;
    }
    // Short option with attached value: -c5, -efoo.
    if (a.size() > 2 && a[0] == '-' && a[1] != '-') {
      out = a.substr(2);
      return true;
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "weir read: option %s needs a value\n", name);
      return false;
    }
    out = argv[++i];
    return true;
  };

  bool opts_done = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (opts_done || a.empty() || a[0] != '-' || a == "-") {
      if (file.empty() && !has_r && a.size()) file = a;
      else filter_words.push_back(a);
      continue;
    }
    // Short options come one per word (expanded above): a longer one is
    // unknown. Long ones may carry "=VALUE" where they take a value.
    std::string name = a[1] == '-' ? a.substr(0, a.find('=')) : a;
    bool has_value = a[1] == '-' && a.find('=') != std::string::npos;
    if (has_value && (name == "--salvage" || name == "--stats" || name == "--pcap" || name == "--pcapng" ||
                      name == "--help"))
      return usage_error(name + " takes no value");
    std::string v;
    if (a == "--") {
      opts_done = true;
    } else if (a == "-h" || a == "--help") {
      std::fputs(kHelp, stdout);
      return 0;
    } else if (name == "-r") {
      if (!need(i, "-r", v)) return 1;
      if (!file.empty()) return usage_error("more than one input file");
      file = v;
    } else if (name == "-c" || name == "--limit" || name == "--max-open") {
      if (!need(i, name.c_str(), v)) return 1;
      uint64_t n;
      if (!parse_u64(v.c_str(), n) || (name == "-c" && n == 0))
        return usage_error("invalid number '" + v + "' for " + name);
      if (name == "-c") opt.count = n;
      else if (name == "--limit") opt.print_limit = n;
      else opt.split_max_open = n ? size_t(n) : 1;
    } else if (name == "-q") {
      quiet = true;
    } else if (name == "-n") {
      // tcpdump compatibility: weir never resolves names.
    } else if (name == "--salvage") {
      salvage = true;
    } else if (name == "--stats") {
      want_stats = true;
    } else if (name == "--stats-json") {
      if (!need(i, name.c_str(), stats_json)) return 1;
    } else if (name == "-T") {
      if (!need(i, "-T", tmode)) return 1;
      if (tmode == "fields") opt.mode = OutputMode::Fields;
      else if (tmode == "json") opt.mode = OutputMode::Json;
      else if (tmode == "text") opt.mode = OutputMode::Summary;
      else return usage_error("-T must be text, fields or json, not '" + tmode + "'");
      explicit_mode = true;
    } else if (name == "-e") {
      if (!need(i, "-e", v)) return 1;
      opt.fields.push_back(v);
    } else if (name == "-E") {
      if (!need(i, "-E", v)) return 1;
      std::string err;
      if (!parse_E(v, opt.fields_format, err)) return usage_error(err);
    } else if (name == "-V") {
      opt.mode = OutputMode::Verbose;
      explicit_mode = true;
    } else if (name == "-x") {
      opt.hex = true;
    } else if (name == "-o") {
      if (!need(i, "-o", v)) return 1;
      std::string err;
      if (!parse_pref(v, opt, err)) return usage_error(err);
    } else if (name == "-t") {
      if (!need(i, "-t", v)) return 1;
      if (!parse_time_format(v, opt.time_format)) return usage_error("-t must be r, a, ad, u, ud, e, d or dd");
    } else if (name == "-w") {
      if (!need(i, "-w", opt.write_path)) return 1;
    } else if (name == "-C") {
      if (!need(i, "-C", v)) return 1;
      if (!parse_size(v.c_str(), opt.rotation.max_bytes)) return usage_error("invalid size '" + v + "' for -C");
    } else if (name == "-G" || name == "-W") {
      if (!need(i, name.c_str(), v)) return 1;
      uint64_t n;
      if (!parse_u64(v.c_str(), n) || !n || n > (name == "-G" ? 86400u * 366 : 1000000u))
        return usage_error("invalid number '" + v + "' for " + name);
      if (name == "-G") opt.rotation.seconds = uint32_t(n);
      else opt.rotation.max_files = uint32_t(n);
    } else if (name == "--pcap") {
      opt.write_options.format = FileFormat::Pcap;
    } else if (name == "--pcapng") {
      opt.write_options.format = FileFormat::PcapNg;
    } else if (name == "--split-by") {
      if (!need(i, name.c_str(), v)) return 1;
      if (v == "ip") opt.split_by = SplitBy::Ip;
      else if (v == "flow") opt.split_by = SplitBy::Flow;
      else if (v == "port") opt.split_by = SplitBy::Port;
      else return usage_error("--split-by must be ip, flow or port, not '" + v + "'");
      if (i + 1 >= argc) return usage_error("--split-by needs a directory");
      opt.split_dir = argv[++i];
    } else {
      return usage_error("unknown option '" + a + "'");
    }
  }
  if (file.empty()) return usage_error("no input file");
  if (!opt.fields.empty() && opt.mode != OutputMode::Fields)
    return usage_error("-e needs -T fields");
  if (opt.mode == OutputMode::Fields && opt.fields.empty()) return usage_error("-T fields needs at least one -e FIELD");
  for (size_t i = 0; i < filter_words.size(); ++i) opt.filter += (i ? " " : "") + filter_words[i];

  if (quiet) {
    opt.mode = OutputMode::None;
    opt.hex = false;
    want_stats = true;
  } else if (!explicit_mode && (!opt.write_path.empty() || opt.split_by != SplitBy::None)) {
    opt.mode = OutputMode::None;  // like tcpdump -w / tshark -w
  }
  opt.stats = want_stats || !stats_json.empty();
  bool stdout_is_capture = opt.write_path == "-";
  if (stdout_is_capture && (opt.mode != OutputMode::None || opt.hex))
    return usage_error("-w - writes the capture to standard output; it cannot be combined with packet text");
  bool rotating = opt.rotation.max_bytes || opt.rotation.seconds;
  if ((rotating || opt.rotation.max_files) && opt.write_path.empty()) return usage_error("-C, -G and -W need -w");
  if (opt.rotation.max_files && !rotating) return usage_error("-W needs -C or -G");
  if (rotating && stdout_is_capture) return usage_error("-w - cannot rotate (-C/-G)");
  if (rotating) {
    // The names come later (the Analyzer refuses one that is the input);
    // the folder can be checked now, unless strftime makes it.
    struct stat in_st;
    if (file != "-" && ::stat(file.c_str(), &in_st) == 0) opt.input_dev = in_st.st_dev, opt.input_ino = in_st.st_ino;
    size_t slash = opt.write_path.rfind('/');
    std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : opt.write_path.substr(0, slash);
    if (dir.find('%') == std::string::npos && ::access(dir.c_str(), W_OK) != 0) {
      std::fprintf(stderr, "weir: %s: %s\n", dir.c_str(), std::strerror(errno));
      return 1;
    }
  }

  // The -w file is created when the first packet arrives (its interfaces come
  // from the input); check now that it can be created at all, and that it is
  // not the input (truncating a mapped input would crash the read). A file
  // this check creates is removed again if the run fails before it starts.
  if (opt.split_by != SplitBy::None && file != "-") {
    // A split file named like the input would truncate it while it is read.
    char* real = ::realpath(file.c_str(), nullptr);
    std::string dir = real ? real : file;
    std::free(real);
    size_t slash = dir.rfind('/');
    dir = slash == std::string::npos ? "." : slash == 0 ? "/" : dir.substr(0, slash);
    struct stat in_dir, out_dir;
    if (::stat(dir.c_str(), &in_dir) == 0 && ::stat(opt.split_dir.c_str(), &out_dir) == 0 &&
        in_dir.st_dev == out_dir.st_dev && in_dir.st_ino == out_dir.st_ino)
      return usage_error("--split-by writes into " + opt.split_dir +
                         ", the input's own directory: a split file could replace the input");
  }
  bool created_output = false;
  if (!opt.write_path.empty() && opt.write_path != "-" && !rotating) {
    struct stat in_st, out_st;
    if (file != "-" && ::stat(file.c_str(), &in_st) == 0 && ::stat(opt.write_path.c_str(), &out_st) == 0 &&
        in_st.st_dev == out_st.st_dev && in_st.st_ino == out_st.st_ino)
      return usage_error("-w " + opt.write_path + " is the input file");
    created_output = ::access(opt.write_path.c_str(), F_OK) != 0;
    int fd = ::open(opt.write_path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
      std::fprintf(stderr, "weir: %s: %s\n", opt.write_path.c_str(), std::strerror(errno));
      return 1;
    }
    ::close(fd);
  }

  OutBuf out(1);
  Status err;
  auto an = Analyzer::create(opt, &out, err);
  if (!an) {
    std::fprintf(stderr, "weir read: %s\n", err.message().c_str());
    if (created_output) ::unlink(opt.write_path.c_str());
    return 1;
  }
  ReadOptions ro;
  ro.salvage = salvage;
  auto src = open_capture_file(file, ro, err);
  if (!src) {
    std::fprintf(stderr, "weir: %s\n", err.message().empty() ? (file + ": cannot open").c_str() : err.message().c_str());
    if (created_output) ::unlink(opt.write_path.c_str());
    return 1;
  }
  if (g_read_wake[0] < 0 && ::pipe2(g_read_wake, O_CLOEXEC | O_NONBLOCK) == 0) set_read_wake_fd(g_read_wake[0]);
  struct sigaction sa {};
  sa.sa_handler = on_read_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a read from a pipe returns at once
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  struct sigaction old_hup;
  sigaction(SIGHUP, nullptr, &old_hup);
  if (old_hup.sa_handler != SIG_IGN) sigaction(SIGHUP, &sa, nullptr);  // nohup: keep ignoring it
  Status run = run_analyzer(*src, *an, &g_read_signal);
  if (g_read_signal) std::fprintf(stderr, "weir: stopped by signal %d\n", int(g_read_signal));
  out.flush();

  int rc = 0;
  CaptureFileStats fst;
  if (salvage && capture_file_stats(*src, fst) && fst.damaged_regions)
    std::fprintf(stderr, "weir: %s: --salvage skipped %llu damaged bytes in %llu places (first: %s)\n", file.c_str(),
                 (unsigned long long)fst.bytes_skipped, (unsigned long long)fst.damaged_regions,
                 fst.first_damage.c_str());
  if (an->file_limit_reached())
    std::fprintf(stderr, "weir: Maximum file limit reached: %u\n", opt.rotation.max_files);
  if (uint64_t nw = an->packets_not_written())
    std::fprintf(stderr, "weir: %llu packets were not written (%s)\n", (unsigned long long)nw,
                 opt.split_by != SplitBy::None ? "no address/port to split by, or too many files"
                                                : "pcap files hold a single link type");
  if (!run) {
    bool write_failed = !an->error().is_ok();
    std::string msg = run.message();
    if (!write_failed && msg.rfind(file, 0) != 0) msg = file + ": " + msg;
    std::fprintf(stderr, "weir: %s\n", msg.c_str());
    rc = write_failed ? 3 : !an->filter_error().is_ok() ? 1 : 2;
  }
  if (want_stats) {
    std::string text = an->stats().to_text();
    if (opt.mode != OutputMode::None && an->packets_passed()) text = "\n" + text;
    if (stdout_is_capture) {
      std::fputs(text.c_str(), stderr);
    } else {
      OutBuf so(1);
      so.append(text);
      if (!so.flush() && !rc) rc = 3;
    }
  }
  if (!stats_json.empty()) {
    std::string e;
    if (stats_json == "-" && stdout_is_capture) {
      std::fputs(an->stats().to_json().c_str(), stderr);
    } else if (!write_file(stats_json, an->stats().to_json(), e)) {
      std::fprintf(stderr, "weir: %s\n", e.c_str());
      if (!rc) rc = 3;
    }
  }
  if (out.failed() && !rc) rc = 3;
  return rc;
}

}  // namespace weir::cli
