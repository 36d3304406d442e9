// weir capture -i IFACE [options] [FILTER...]: argument parsing only; the
// pipeline is run_live_capture (src/engine/capture_engine.cpp).
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "engine/capture_engine.hpp"

namespace weir::cli {

namespace {

const char kUsage[] =
    "usage: weir capture -i IFACE [-i IFACE...] [options] [FILTER...]\n"
    "  -i IFACE          interface (repeatable; 'any' = all, cooked LINUX_SLL2)\n"
    "  -c N              stop after N packets        --duration S  stop after S seconds\n"
    "  -w FILE           write pcapng (--pcap: pcap); no packet lines unless -T/-V given\n"
    "  -C SIZE           new file once the file is larger than SIZE: millions of bytes, or\n"
    "                    with a suffix k/M/G 1024/1024^2/1024^3 bytes (as in tcpdump)\n"
    "                    files FILE, FILE1, FILE2, ... (as tcpdump)\n"
    "  -G SECS           new file every SECS seconds; FILE goes through strftime (local time)\n"
    "  -W N              with -C: a ring of N files FILE0..FILE<N-1> (oldest overwritten);\n"
    "                    with -G alone: stop after N files; with -C and -G: a ring per -G file\n"
    "  -s SNAPLEN        bytes kept per packet (default 262144)\n"
    "  -B KIB            ring size per socket in KiB (default 32768)\n"
    "  --block-size KIB  ring block size (default 1024)   --block-count N\n"
    "  --block-timeout MS  hand over a partly filled block after MS (default 100)\n"
    "  --immediate       1 ms block timeout, small blocks (low latency)\n"
    "  --busy-poll       spin on the ring while traffic flows, sleep only when idle\n"
    "  -p                no promiscuous mode\n"
    "  -Q in|out|inout   direction\n"
    "  --workers N       N threads in one PACKET_FANOUT group (symmetric IP-pair hash)\n"
    "  --fanout ip-pair|hash|cpu|lb   fanout mode (default ip-pair)\n"
    "  -T text|fields|json, -e FIELD, -E OPT=V, -V, -x, -q, --limit N, -t r|a|ad|u|ud|e|d|dd\n"
    "  -o ip.defragment:FALSE|TRUE, -o ipv6.defragment:FALSE|TRUE   IP reassembly (default on)\n"
    "  -o tcp.desegment_tcp_streams:FALSE|TRUE   TLS, HTTP, DNS messages across TCP segments (default on)\n"
    "  --split-by ip|flow|port DIR   one file per host / flow / (lower) port\n"
    "  --stats           protocol hierarchy and conversations at the end\n"
    "  --stats-json FILE statistics (totals, per worker, events) as JSON\n"
    "  -Z USER           drop privileges to USER once sockets and the first file are open\n";


}  // namespace

int cmd_capture(int argc, char** argv) {
  // tcpdump-style clusters: -nni eth0, -c5, -ilo.
  std::vector<std::string> words = expand_short_options(argc, argv, "nqVxhp", "icwCGWsBTeEtZQo");
  std::vector<char*> av = as_argv(words);
  argc = int(words.size());
  argv = av.data();
  bool opts_done = false;
  LiveCaptureOptions o;
  o.analysis.mode = OutputMode::Summary;
  bool mode_given = false;
  std::string filter;
  auto need = [&](int& i) -> const char* {
    if (i + 1 >= argc) {
      std::fprintf(stderr, "weir capture: option %s needs a value\n", argv[i]);
      std::exit(2);
    }
    return argv[++i];
  };
  auto bad = [&](const char* opt, const char* v) {
    std::fprintf(stderr, "weir capture: invalid value '%s' for %s\n", v, opt);
    return 2;
  };
  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    uint64_t v = 0;
    if (opts_done) {
      if (!filter.empty()) filter += ' ';
      filter += a;
    } else if (!std::strcmp(a, "--")) {
      opts_done = true;
    } else if (!std::strcmp(a, "-n")) {
      // tcpdump compatibility: weir never resolves names.
    } else if (!std::strcmp(a, "-h") || !std::strcmp(a, "--help")) {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (!std::strcmp(a, "-i")) {
      o.capture.interfaces.push_back(need(i));
    } else if (!std::strcmp(a, "-c")) {
      if (!parse_u64(need(i), o.count) || !o.count) return bad(a, argv[i]);
    } else if (!std::strcmp(a, "--duration")) {
      char* end;
      o.duration_s = std::strtod(need(i), &end);
      if (*end || o.duration_s <= 0) return bad(a, argv[i]);
    } else if (!std::strcmp(a, "-w")) {
      o.write_path = need(i);
    } else if (!std::strcmp(a, "--pcap")) {
      o.write_options.format = FileFormat::Pcap;
    } else if (!std::strcmp(a, "-C")) {
      if (!parse_size(need(i), o.rotation.max_bytes)) return bad(a, argv[i]);
    } else if (!std::strcmp(a, "-G")) {
      if (!parse_u64(need(i), v) || !v || v > 86400 * 366) return bad(a, argv[i]);
      o.rotation.seconds = uint32_t(v);
    } else if (!std::strcmp(a, "-W")) {
      if (!parse_u64(need(i), v) || !v || v > 1000000) return bad(a, argv[i]);
      o.rotation.max_files = uint32_t(v);
    } else if (!std::strcmp(a, "-s")) {
      if (!parse_u64(need(i), v) || v > 262144) return bad(a, argv[i]);
      o.capture.snaplen = v ? uint32_t(v) : 262144;
    } else if (!std::strcmp(a, "-B")) {
      if (!parse_u64(need(i), v) || !v || v > (16u << 20)) return bad(a, argv[i]);
      o.capture.buffer_kib = uint32_t(v);
    } else if (!std::strcmp(a, "--block-size")) {
      if (!parse_u64(need(i), v) || !v || v > 65536) return bad(a, argv[i]);
      o.capture.block_size = uint32_t(v * 1024);
    } else if (!std::strcmp(a, "--block-count")) {
      if (!parse_u64(need(i), v) || v < 2 || v > 1000000) return bad(a, argv[i]);
      o.capture.block_count = uint32_t(v);
    } else if (!std::strcmp(a, "--block-timeout")) {
      if (!parse_u64(need(i), v) || !v || v > 60000) return bad(a, argv[i]);
      o.capture.block_timeout_ms = uint32_t(v);
    } else if (!std::strcmp(a, "--immediate")) {
      o.capture.immediate = true;
    } else if (!std::strcmp(a, "--busy-poll")) {
      o.capture.busy_poll = true;
    } else if (!std::strcmp(a, "-p")) {
      o.capture.promisc = false;
    } else if (!std::strcmp(a, "-Q")) {
      const char* d = need(i);
      if (!std::strcmp(d, "in")) o.capture.direction = CaptureDirection::In;
      else if (!std::strcmp(d, "out")) o.capture.direction = CaptureDirection::Out;
      else if (!std::strcmp(d, "inout")) o.capture.direction = CaptureDirection::InOut;
      else return bad(a, d);
    } else if (!std::strcmp(a, "--workers")) {
      if (!parse_u64(need(i), v) || !v || v > 64) return bad(a, argv[i]);
      o.workers = int(v);
    } else if (!std::strcmp(a, "--fanout")) {
      const char* m = need(i);
      if (!std::strcmp(m, "ip-pair")) o.capture.fanout_mode = FanoutMode::IpPair;
      else if (!std::strcmp(m, "hash")) o.capture.fanout_mode = FanoutMode::KernelHash;
      else if (!std::strcmp(m, "cpu")) o.capture.fanout_mode = FanoutMode::Cpu;
      else if (!std::strcmp(m, "lb")) o.capture.fanout_mode = FanoutMode::LoadBalance;
      else return bad(a, m);
    } else if (!std::strcmp(a, "-T")) {
      const char* m = need(i);
      mode_given = true;
      if (!std::strcmp(m, "fields")) o.analysis.mode = OutputMode::Fields;
      else if (!std::strcmp(m, "json")) o.analysis.mode = OutputMode::Json;
      else if (!std::strcmp(m, "text")) o.analysis.mode = OutputMode::Summary;
      else return bad(a, m);
    } else if (!std::strcmp(a, "-e")) {
      o.analysis.fields.push_back(need(i));
    } else if (!std::strcmp(a, "-E")) {
      std::string e = need(i), err;
      if (!parse_E(e, o.analysis.fields_format, err)) {
        std::fprintf(stderr, "weir capture: %s\n", err.c_str());
        return 2;
      }
    } else if (!std::strcmp(a, "-V")) {
      o.analysis.mode = OutputMode::Verbose;
      mode_given = true;
    } else if (!std::strcmp(a, "-x")) {
      o.analysis.hex = true;
    } else if (!std::strcmp(a, "-q")) {
      o.analysis.mode = OutputMode::None;
      mode_given = true;
    } else if (!std::strcmp(a, "--limit")) {
      if (!parse_u64(need(i), o.analysis.print_limit)) return bad(a, argv[i]);
    } else if (!std::strcmp(a, "-o")) {
      std::string pref = need(i), err;
      if (!parse_pref(pref, o.analysis, err)) {
        std::fprintf(stderr, "weir capture: %s\n", err.c_str());
        return 2;
      }
    } else if (!std::strcmp(a, "-t")) {
      const char* t = need(i);
      if (!parse_time_format(t, o.analysis.time_format)) return bad(a, t);
    } else if (!std::strcmp(a, "--split-by")) {
      const char* k = need(i);
      if (!std::strcmp(k, "ip")) o.analysis.split_by = SplitBy::Ip;
      else if (!std::strcmp(k, "flow")) o.analysis.split_by = SplitBy::Flow;
      else if (!std::strcmp(k, "port")) o.analysis.split_by = SplitBy::Port;
      else return bad(a, k);
      o.analysis.split_dir = need(i);
    } else if (!std::strcmp(a, "--stats")) {
      o.print_stats = true;
      o.analysis.stats = true;
    } else if (!std::strcmp(a, "--stats-json")) {
      o.stats_json = need(i);
      o.analysis.stats = true;
    } else if (!std::strcmp(a, "-Z")) {
      o.drop_user = need(i);
    } else if (a[0] == '-' && a[1]) {
      std::fprintf(stderr, "weir capture: unknown option '%s'\n%s", a, kUsage);
      return 2;
    } else {
      if (!filter.empty()) filter += ' ';
      filter += a;
    }
  }
  if (o.capture.interfaces.empty()) {
    std::fprintf(stderr, "weir capture: no interface given (-i IFACE; 'weir list' shows them)\n");
    return 2;
  }
  if (o.analysis.mode == OutputMode::Fields && o.analysis.fields.empty()) {
    std::fprintf(stderr, "weir capture: -T fields needs at least one -e FIELD\n");
    return 2;
  }
  if ((o.rotation.max_bytes || o.rotation.seconds || o.rotation.max_files) && o.write_path.empty()) {
    std::fprintf(stderr, "weir capture: -C/-G/-W need -w FILE\n");
    return 2;
  }
  if (o.rotation.max_files && !o.rotation.max_bytes && !o.rotation.seconds) {
    std::fprintf(stderr, "weir capture: -W needs -C or -G (as in tcpdump)\n");
    return 2;
  }
  if (o.write_path == "-" && (o.rotation.max_bytes || o.rotation.seconds || o.workers > 1)) {
    std::fprintf(stderr, "weir capture: -w - cannot rotate or be shared by workers\n");
    return 2;
  }
  // Like tcpdump: -w alone prints no packet lines.
  if (!o.write_path.empty() && !mode_given) o.analysis.mode = OutputMode::None;
  if (o.write_path == "-" && (o.analysis.mode != OutputMode::None || o.analysis.hex)) {
    std::fprintf(stderr, "weir capture: -w - writes the capture to standard output; it cannot be combined with packet text\n");
    return 2;
  }
  o.capture.filter = filter;
  o.analysis.write_options = o.write_options;
  Status st = run_live_capture(o);
  if (!st) {
    std::fprintf(stderr, "weir capture: %s\n", st.message().c_str());
    return 1;
  }
  return 0;
}

}  // namespace weir::cli
