// weir intercept: inline pass/drop/reject/rewrite/rate-limit/bypass on
// NFQUEUE, with per-rule statistics and a JSON decision log.
#include <arpa/inet.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "engine/intercept_rules.hpp"
#include "io/nfqueue.hpp"
#include "weir/intercept.hpp"

namespace weir::cli {

namespace {

std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop.store(true); }

void usage(FILE* f) {
  std::fputs(
      "usage: weir intercept [--input] [--output] [--forward] [-i IFACE]... [options]\n"
      "  --input / --output / --forward   hooks to intercept (at least one)\n"
      "  -i, --interface IFACE  only packets in/out of IFACE (repeatable)\n"
      "  --rule 'ACTION [ARGS] [FILTER]'  (repeatable, tried in order; default: pass)\n"
      "        actions: pass drop reject log count bypass\n"
      "                 rate-limit RATE (100pps, 10mbit, ...)\n"
      "                 rewrite F=V[,F=V] (ip.src ip.dst ip.ttl ip.dsfield ip.dsfield.dscp ipv6.src\n"
      "                   ipv6.dst ipv6.hlim tcp.srcport tcp.dstport udp.srcport udp.dstport payload=OLD/NEW)\n"
      "                 fragments: only ip.ttl/ipv6.hlim/ip.dsfield(.dscp); payload: TCP/UDP only,\n"
      "                 same length on TCP (sequence numbers are not shifted)\n"
      "                 rate units: pps (switches GSO off: counts wire packets), or bits per\n"
      "                 second (bps kbit mbit gbit; not bytes as in tc);\n"
      "                 with --queues N each worker gets 1/N of the rate\n"
      "  --rules FILE        rules, one per line, # comments\n"
      "  --queues N          queues/worker threads (default 1), --queue-base N (default 0)\n"
      "  --cpu-fanout        with --queues N: a packet goes to the queue of the CPU that queues it,\n"
      "                      not by flow (faster for one big flow; a flow may meet several workers)\n"
      "  --copy headers|full copy range (default full), --fail open|closed (default open)\n"
      "  --maxlen N          kernel queue length (default 4096), --rcvbuf BYTES (default 64 MiB)\n"
      "  --pool N            packet leases per queue (default 256), --batch N messages per receive (default 64)\n"
      "  --timeout MS        default verdict after MS for packets without one (default 2000)\n"
      "  --backend auto|nft|legacy   iptables flavour (default auto)\n"
      "  --log FILE          JSON decision log ('-' for stdout); log rules and non-pass decisions\n"
      "  --stats FILE        final per-rule and queue statistics as JSON ('-' stdout; default stderr)\n"
      "  --stats-interval S  print live per-rule statistics to stderr every S seconds\n"
      "  --dry-run           log what would happen, pass everything\n"
      "  --duration S        stop after S seconds\n"
      "  --nice N | --fifo PRIO, --cpus LIST   worker priority and affinity\n"
      "  --no-gso            let the kernel segment GSO packets\n"
      "  --cleanup           remove rules a crashed weir left behind (queues nobody is bound to), then exit\n",
      f);
}

struct Ctx {
  Interceptor* icp = nullptr;
  std::vector<std::unique_ptr<RuleSet>> sets;
  FILE* log = nullptr;
  std::mutex log_mu;
  bool dry_run = false;
  std::atomic<uint64_t> rewrite_failed{0}, reject_sent{0}, reject_failed{0};
};

const char* hook_name(Hook h) {
  switch (h) {
    case Hook::PreRouting: return "prerouting";
    case Hook::Input: return "input";
    case Hook::Forward: return "forward";
    case Hook::Output: return "output";
    case Hook::PostRouting: return "postrouting";
  }
  return "?";
}

// One JSON line per decision, formatted on the stack (no allocation).
void log_decision(Ctx& c, const PacketLease& l, const InterceptRule* rule, const char* action, bool would) {
  if (!c.log) return;
  char src[64] = "", dst[64] = "";
  int proto = -1, sport = -1, dport = -1;
  const uint8_t* p = l.view.data;
  uint32_t n = l.view.caplen;
  if (n >= 20 && (p[0] >> 4) == 4) {
    inet_ntop(AF_INET, p + 12, src, sizeof src);
    inet_ntop(AF_INET, p + 16, dst, sizeof dst);
    proto = p[9];
    uint32_t ihl = uint32_t(p[0] & 15) * 4;
    bool later_fragment = (p[6] << 8 | p[7]) & 0x1fff;  // no ports in it
    if ((proto == 6 || proto == 17) && !later_fragment && n >= ihl + 4 && ihl >= 20)
      sport = p[ihl] << 8 | p[ihl + 1], dport = p[ihl + 2] << 8 | p[ihl + 3];
  } else if (n >= 40 && (p[0] >> 4) == 6) {
    inet_ntop(AF_INET6, p + 8, src, sizeof src);
    inet_ntop(AF_INET6, p + 24, dst, sizeof dst);
    proto = p[6];
    if ((proto == 6 || proto == 17) && n >= 44) sport = p[40] << 8 | p[41], dport = p[42] << 8 | p[43];
  }
  char line[1024];
  int k = std::snprintf(line, sizeof line,
                        "{\"ts\":%lld.%09lld,\"queue\":%u,\"id\":%u,\"hook\":\"%s\",\"len\":%u,\"src\":\"%s\","
                        "\"dst\":\"%s\",\"proto\":%d,\"sport\":%d,\"dport\":%d,\"action\":\"%s\",\"rule\":",
                        (long long)(l.view.ts_ns / 1000000000), (long long)(l.view.ts_ns % 1000000000), l.queue,
                        l.packet_id, hook_name(l.hook), l.full_len, src, dst, proto, sport, dport, action);
  if (k < 0 || size_t(k) >= sizeof line) return;
  // Rule text escaped for JSON.
  size_t pos = size_t(k);
  if (rule) {
    line[pos++] = '"';
    for (char ch : rule->text) {
      if (pos + 40 >= sizeof line) break;  // room for the closing quote and the suffix
      if (ch == '"' || ch == '\\') line[pos++] = '\\';
      line[pos++] = (ch >= 0x20 && ch < 0x7f) ? ch : '?';
    }
    line[pos++] = '"';
  } else {
    std::memcpy(line + pos, "null", 4);
    pos += 4;
  }
  k = std::snprintf(line + pos, sizeof line - pos, ",\"dry_run\":%s}\n", would ? "true" : "false");
  if (k > 0) pos += size_t(k);
  if (pos > sizeof line) pos = sizeof line;
  std::lock_guard<std::mutex> g(c.log_mu);
  std::fwrite(line, 1, pos, c.log);
}

void handle(Ctx& c, unsigned q, std::span<PacketLease*> batch) {
  RuleSet& rs = *c.sets[q];
  Interceptor& icp = *c.icp;
  int64_t now = monotonic_ns();
  uint8_t reply[1600];
  for (PacketLease* l : batch) {
    RuleDecision d = rs.evaluate(l->view, now);
    const InterceptRule* rule = d.rule >= 0 ? &rs.rules()[size_t(d.rule)] : nullptr;
    const char* act = d.rate_limited ? "rate-limit-drop" : action_name(d.action);
    if (d.log && (!rule || d.action == RuleAction::Pass))
      log_decision(c, *l, &rs.rules()[size_t(d.log_rule)], act, c.dry_run);
    else if (d.log || (rule && d.action != RuleAction::Pass))
      log_decision(c, *l, rule, act, c.dry_run);
    if (c.dry_run) {
      icp.pass(*l);
      continue;
    }
    switch (d.action) {
      case RuleAction::Drop:
        icp.drop(*l);
        break;
      case RuleAction::Reject: {
        size_t n = build_reject(l->view.data, l->view.caplen, reply, sizeof reply, l->view.origlen);
        if (n && icp.inject_reply(*l, reply, n)) c.reject_sent.fetch_add(1, std::memory_order_relaxed);
        else if (n) c.reject_failed.fetch_add(1, std::memory_order_relaxed);
        icp.drop(*l);
        break;
      }
      case RuleAction::Rewrite: {
        uint8_t* buf = l->writable();
        uint32_t nl = buf ? apply_rewrites(rule->rewrites, buf, l->view.caplen, l->capacity()) : 0;
        if (!nl || !icp.pass_modified(*l, nl, true)) {
          rs.counters(size_t(d.rule)).failed.fetch_add(1, std::memory_order_relaxed);
          c.rewrite_failed.fetch_add(1, std::memory_order_relaxed);
          icp.pass(*l);  // no-op if pass_modified already passed it
        }
        break;
      }
      case RuleAction::Bypass:
        icp.bypass(*l);
        break;
      default:
        icp.pass(*l);
        break;
    }
  }
  if (c.log) {
    std::lock_guard<std::mutex> g(c.log_mu);
    std::fflush(c.log);
  }
}

void print_stats(FILE* f, Ctx& c, bool final_) {
  InterceptStats s = c.icp->stats();
  const QueueStats& t = s.total;
  std::fprintf(f,
               "{\"final\":%s,\"received\":%llu,\"passed\":%llu,\"dropped\":%llu,\"modified\":%llu,"
               "\"marked\":%llu,\"timed_out\":%llu,\"batch_verdicts\":%llu,\"single_verdicts\":%llu,"
               "\"verdict_errors\":%llu,\"enobufs\":%llu,\"pool_exhausted\":%llu,\"gso_packets\":%llu,"
               "\"kernel_queue_dropped\":%llu,\"kernel_user_dropped\":%llu,\"rewrite_failed\":%llu,"
               "\"reject_sent\":%llu,\"reject_failed\":%llu,\"kernel_enqueued\":%llu,\"socket_overflow\":%llu,"
               "\"fail_open_passed\":%s,\"rules\":[",
               final_ ? "true" : "false", (unsigned long long)t.received, (unsigned long long)t.passed,
               (unsigned long long)t.dropped, (unsigned long long)t.modified, (unsigned long long)t.marked,
               (unsigned long long)t.timed_out, (unsigned long long)t.batch_verdicts,
               (unsigned long long)t.single_verdicts, (unsigned long long)t.verdict_errors,
               (unsigned long long)t.enobufs, (unsigned long long)t.pool_exhausted, (unsigned long long)t.gso_packets,
               (unsigned long long)t.kernel_queue_dropped, (unsigned long long)t.kernel_user_dropped,
               (unsigned long long)c.rewrite_failed.load(), (unsigned long long)c.reject_sent.load(),
               (unsigned long long)c.reject_failed.load(),
               (unsigned long long)t.kernel_enqueued, (unsigned long long)t.socket_overflow,
               s.fail_open_counted ? std::to_string(s.fail_open_passed).c_str() : "null");
  const auto& rules = c.sets[0]->rules();
  for (size_t i = 0; i < rules.size(); ++i) {
    RuleCounters& rc = c.sets[0]->counters(i);
    std::string txt;
    for (char ch : rules[i].text) {
      if (ch == '"' || ch == '\\') txt += '\\';
      if (static_cast<unsigned char>(ch) < 0x20) {
        char u[8];
        std::snprintf(u, sizeof u, "\\u%04x", unsigned(ch));
        txt += u;
      } else {
        txt += ch;
      }
    }
    std::fprintf(f, "%s{\"rule\":\"%s\",\"packets\":%llu,\"bytes\":%llu,\"limited\":%llu,\"failed\":%llu}",
                 i ? "," : "", txt.c_str(), (unsigned long long)rc.packets.load(), (unsigned long long)rc.bytes.load(),
                 (unsigned long long)rc.limited.load(), (unsigned long long)rc.failed.load());
  }
  // Packets each queue's worker received (how --queue-balance or
  // --cpu-fanout spread them).
  std::fputs("],\"queue_received\":[", f);
  for (size_t q = 0; q < s.queues.size(); ++q)
    std::fprintf(f, "%s%llu", q ? "," : "", (unsigned long long)s.queues[q].received);
  std::fputs("]}\n", f);
  std::fflush(f);
}

bool to_u32(const char* s, uint32_t& v) {
  char* e;
  errno = 0;
  unsigned long x = std::strtoul(s, &e, 0);
  if (*e || !*s || *s == '-' || errno || x > 0xffffffffUL) return false;
  v = uint32_t(x);
  return true;
}

}  // namespace

int cmd_intercept(int argc, char** argv) {
  InterceptConfig cfg;
  std::vector<InterceptRule> rules;
  std::string log_path, stats_path;
  bool dry_run = false, cleanup = false;
  double duration = 0, stats_interval = 0;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto need = [&](const char* what) -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "weir intercept: %s needs %s\n", a.c_str(), what);
        std::exit(2);
      }
      return argv[++i];
    };
    uint32_t v;
    if (a == "-h" || a == "--help") {
      usage(stdout);
      return 0;
    } else if (a == "--input") cfg.input = true;
    else if (a == "--output") cfg.output = true;
    else if (a == "--forward") cfg.forward = true;
    else if (a == "-i" || a == "--interface") cfg.interfaces.push_back(need("an interface"));
    else if (a == "--queues" || a == "--queue-base" || a == "--maxlen" || a == "--rcvbuf" || a == "--timeout" ||
             a == "--pool" || a == "--batch") {
      if (!to_u32(need("a number"), v) || (a == "--queues" && (v == 0 || v > 64)) ||
          (a == "--queue-base" && v > 65535) || (a == "--rcvbuf" && v > 0x7fffffffu)) {  // SO_RCVBUF is an int
        std::fprintf(stderr, "weir intercept: bad value for %s\n", a.c_str());
        return 2;
      }
      if (a == "--queues") cfg.queues = uint16_t(v);
      else if (a == "--queue-base") cfg.queue_base = uint16_t(v);
      else if (a == "--maxlen") cfg.queue_maxlen = v;
      else if (a == "--rcvbuf") cfg.rcvbuf_bytes = v;
      else if (a == "--timeout") cfg.verdict_timeout_ms = v;
      else if (a == "--pool") cfg.pool_size = v;
      else cfg.batch = v;
    } else if (a == "--copy") {
      std::string m = need("headers|full");
      if (m == "headers") cfg.copy = CopyMode::Headers;
      else if (m == "full") cfg.copy = CopyMode::Full;
      else {
        std::fprintf(stderr, "weir intercept: --copy is headers or full\n");
        return 2;
      }
    } else if (a == "--fail") {
      std::string m = need("open|closed");
      if (m == "open") cfg.fail = FailMode::Open;
      else if (m == "closed") cfg.fail = FailMode::Closed;
      else {
        std::fprintf(stderr, "weir intercept: --fail is open or closed\n");
        return 2;
      }
    } else if (a == "--backend") {
      std::string m = need("auto|nft|legacy");
      cfg.backend = m == "nft" ? RuleBackend::Nft : m == "legacy" ? RuleBackend::Legacy : RuleBackend::Auto;
      if (m != "nft" && m != "legacy" && m != "auto") {
        std::fprintf(stderr, "weir intercept: --backend is auto, nft or legacy\n");
        return 2;
      }
    } else if (a == "--rule") {
      InterceptRule r;
      if (Status s = parse_rule(need("a rule"), r); !s) {
        std::fprintf(stderr, "weir intercept: %s\n", s.message().c_str());
        return 2;
      }
      rules.push_back(std::move(r));
    } else if (a == "--rules") {
      if (Status s = parse_rules_file(need("a file"), rules); !s) {
        std::fprintf(stderr, "weir intercept: %s\n", s.message().c_str());
        return 2;
      }
    } else if (a == "--log") log_path = need("a file");
    else if (a == "--stats") stats_path = need("a file");
    else if (a == "--stats-interval") stats_interval = std::atof(need("seconds"));
    else if (a == "--duration") {
      const char* s = need("seconds");
      char* e;
      duration = std::strtod(s, &e);
      if (*e || e == s || !std::isfinite(duration) || duration <= 0) {
        std::fprintf(stderr, "weir intercept: bad value for --duration: '%s'\n", s);
        return 2;
      }
    }
    else if (a == "--dry-run") dry_run = true;
    else if (a == "--cleanup") cleanup = true;
    else if (a == "--no-gso") cfg.gso = false;
    else if (a == "--cpu-fanout") cfg.cpu_fanout = true;
    else if (a == "--nice") cfg.nice = std::atoi(need("a nice value"));
    else if (a == "--fifo") cfg.fifo_priority = std::atoi(need("a priority"));
    else if (a == "--cpus") {
      std::string l = need("a CPU list");
      for (size_t p = 0; p < l.size();) {
        cfg.cpus.push_back(std::atoi(l.c_str() + p));
        size_t c = l.find(',', p);
        p = c == std::string::npos ? l.size() : c + 1;
      }
    } else {
      std::fprintf(stderr, "weir intercept: unknown option '%s'\n", a.c_str());
      usage(stderr);
      return 2;
    }
  }
  if (cleanup) {
    if (Status s = intercept_cleanup(cfg.backend); !s) {
      std::fprintf(stderr, "weir intercept: %s\n", s.message().c_str());
      return 1;
    }
    std::fprintf(stderr, "weir intercept: rules removed\n");
    return 0;
  }
  if (!cfg.input && !cfg.output && !cfg.forward) {
    std::fprintf(stderr, "weir intercept: choose at least one of --input, --output, --forward\n");
    return 2;
  }
  Ctx ctx;
  ctx.dry_run = dry_run;
  // The connmark rules behind `bypass` make the kernel track every
  // connection in this namespace (conntrack on every packet): install them
  // only when a rule can hand flows back.
  bool any_bypass = false;
  for (const auto& r : rules) any_bypass |= r.action == RuleAction::Bypass;
  if (!any_bypass) cfg.bypass_mark = 0;
  // A packets-per-second limit counts what it is handed: with GSO one queued
  // packet can be dozens of segments, so let the kernel segment first.
  for (const auto& r : rules)
    if (r.action == RuleAction::RateLimit && !r.rate_bits) cfg.gso = false;
  auto shared = std::make_shared<const std::vector<InterceptRule>>(std::move(rules));
  std::unique_ptr<RuleSet> first;
  if (Status s = RuleSet::create(shared, cfg.queues, first); !s) {
    std::fprintf(stderr, "weir intercept: %s\n", s.message().c_str());
    return 2;
  }
  if (!log_path.empty()) {
    ctx.log = log_path == "-" ? stdout : std::fopen(log_path.c_str(), "a");
    if (!ctx.log) {
      std::fprintf(stderr, "weir intercept: cannot open log '%s': %s\n", log_path.c_str(), strerror(errno));
      return 1;
    }
  }
  for (unsigned q = 1; q < cfg.queues; ++q) ctx.sets.push_back(nullptr);
  ctx.sets.insert(ctx.sets.begin(), std::move(first));
  for (unsigned q = 1; q < cfg.queues; ++q)
    if (!(ctx.sets[q] = ctx.sets[0]->clone())) {
      std::fprintf(stderr, "weir intercept: cannot compile the rules' filters for worker %u\n", q);
      return 2;
    }

  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGHUP, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);

  Status err;
  auto icp = Interceptor::open(cfg, err);
  if (!icp) {
    std::fprintf(stderr, "weir intercept: %s\n", err.message().c_str());
    return 1;
  }
  ctx.icp = icp.get();
  if (dry_run) {
    std::fprintf(stderr, "weir intercept: dry run: every packet passes; rules installed:\n");
    for (auto& l : icp->rule_commands()) std::fprintf(stderr, "  %s\n", l.c_str());
  }
  if (Status s = icp->start([&](unsigned q, std::span<PacketLease*> b) { handle(ctx, q, b); }); !s) {
    std::fprintf(stderr, "weir intercept: %s\n", s.message().c_str());
    return 1;
  }
  std::fprintf(stderr, "weir intercept: running on queue%s %u..%u (%zu rules)\n", cfg.queues > 1 ? "s" : "",
               cfg.queue_base, cfg.queue_base + cfg.queues - 1, shared->size());
  int64_t start = monotonic_ns(), last_stats = start;
  while (!g_stop.load()) {
    usleep(50000);
    int64_t now = monotonic_ns();
    if (duration > 0 && double(now - start) * 1e-9 >= duration) break;
    if (stats_interval > 0 && double(now - last_stats) * 1e-9 >= stats_interval) {
      print_stats(stderr, ctx, false);
      last_stats = now;
    }
  }
  icp->stop();
  FILE* sf = stderr;
  if (!stats_path.empty()) sf = stats_path == "-" ? stdout : std::fopen(stats_path.c_str(), "w");
  if (sf) print_stats(sf, ctx, true);
  if (sf && sf != stderr && sf != stdout) std::fclose(sf);
  icp.reset();  // removes rules
  if (ctx.log && ctx.log != stdout) std::fclose(ctx.log);
  return 0;
}

}  // namespace weir::cli
