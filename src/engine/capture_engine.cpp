// Live capture: workers, rotation, signals, adapter events, statistics.
#include "engine/capture_engine.hpp"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <net/if.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "weir/adapters.hpp"
#include "weir/format.hpp"
#include "weir/outbuf.hpp"
#include "weir/stats.hpp"
#include "engine/printer.hpp"

namespace weir {

namespace {

std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};
int g_main_wake = -1;  // eventfd: wakes the main thread's poll() at once

void request_stop() {
  g_stop.store(true);
  uint64_t one = 1;
  if (g_main_wake >= 0) {
    ssize_t w = ::write(g_main_wake, &one, sizeof one);
    (void)w;
  }
}

void on_signal(int sig) {
  g_signal.store(sig);
  request_stop();  // async-signal-safe: an atomic store and write(2)
}

int64_t realtime_ns() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}
int64_t mono_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// -w with -C/-G/-W rotation, as tcpdump does it. One per worker; not shared
// (with several workers each gets FILE's name with ".wN" before the extension).
//   -C: before a packet is written, a file already larger than the size is
//       closed and the next one opened: FILE, FILE1, FILE2, ...; with -W N
//       the count runs 0..N-1 (zero-padded to the digits of N-1) and wraps,
//       overwriting the oldest (a ring of N files).
//   -G: the first packet at least SECS after the current file was opened
//       starts a new file; FILE goes through strftime(3) with local time (a
//       FILE without a time format is overwritten). With -W N (and no -C)
//       the capture ends after N files, with "Maximum file limit reached".
//   -G with -C: the -C count restarts at 0 in every -G file ("FILE<count>");
//       -W N then makes it a ring of N inside each -G file (and no longer
//       ends the capture).
class RotatingWriter {
 public:
  RotatingWriter(std::string path, const WriteOptions& wo, const RotationOptions& ro, int worker, int nworkers)
      : wo_(wo), ro_(ro) {
    if (nworkers > 1) {
      size_t slash = path.rfind('/');
      size_t dot = path.rfind('.');
      bool has_ext = dot != std::string::npos && dot != 0 && (slash == std::string::npos || dot > slash + 1);
      std::string tag = ".w" + std::to_string(worker);
      path = has_ext ? path.substr(0, dot) + tag + path.substr(dot) : path + tag;
    }
    base_ = path;
    digits_ = rotation_count_width(ro_);
  }

  // Opens the first file now (at start, as tcpdump; after -Z has dropped
  // privileges, so later files are created by the same user).
  Status start(const std::vector<InterfaceInfo>& ifaces) {
    ifaces_ = ifaces;
    opened_sec_ = realtime_ns() / 1'000'000'000;
    return open(name(0, ro_.max_bytes ? digits_ : 0));
  }

  bool write(const PacketView& pkt) {
    if (!w_) return false;
    if (ro_.seconds) {
      int64_t sec = pkt.ts_ns / 1'000'000'000;
      if (sec - opened_sec_ >= int64_t(ro_.seconds)) {
        opened_sec_ = sec;
        if (!close_current()) return false;
        if (!ro_.max_bytes && ro_.max_files && ++g_files_ >= ro_.max_files) {
          limit_reached_ = true;  // the caller ends the capture
          return false;
        }
        count_ = 0;
        if (!reopen(name(0, ro_.max_bytes ? digits_ : 0))) return false;
      }
    }
    if (ro_.max_bytes && w_->bytes_written() > ro_.max_bytes) {
      if (!close_current()) return false;
      if (++count_ >= ro_.max_files && ro_.max_files) count_ = 0;
      if (!reopen(name(count_, digits_))) return false;
    }
    if (wo_.format == FileFormat::Pcap && !ifaces_.empty() && pkt.linktype != ifaces_[0].linktype) {
      ++not_written_;  // counted and skipped, as weir read does
      return true;
    }
    if (!w_->write(pkt)) {
      err_ = w_->error();
      return false;
    }
    ++packets_;
    return true;
  }
  bool flush() { return w_ ? w_->flush() : true; }
  Status close() {
    if (w_ && !w_->close() && err_.is_ok()) err_ = w_->error();
    w_.reset();
    return err_;
  }
  const Status& error() const { return err_; }
  // -G -W N: N files were written; not an error.
  bool limit_reached() const { return limit_reached_; }
  // The names written, in the order first opened (the newest kFileList),
  // how many files were opened, and how many of them reused a name still in
  // that list (so overwrote it).
  static constexpr size_t kFileList = 4096;
  const std::deque<std::string>& files() const { return files_; }
  uint64_t opened() const { return opened_; }
  uint64_t overwritten() const { return overwritten_; }
  // Packets of a second link type, which a pcap file cannot hold (pcapng can).
  uint64_t not_written() const { return not_written_; }
  uint64_t packets() const { return packets_; }

 private:
  std::string name(uint32_t cnt, int width) const { return rotation_file_name(base_, ro_, opened_sec_, cnt, width); }

  bool close_current() {
    bool ok = w_->close();
    if (!ok) err_ = w_->error();
    w_.reset();
    return ok;
  }
  bool reopen(const std::string& n) {
    Status st = open(n);
    if (!st) {
      err_ = st;
      return false;
    }
    return true;
  }
  Status open(const std::string& n) {
    WriteOptions wo = wo_;
    wo.interfaces = ifaces_;
    Status st;
    w_ = create_capture_file(n, wo, st);
    if (!w_) return st.is_ok() ? Status::error("cannot create " + n) : st;
    ++opened_;
    bool seen = false;
    for (const auto& f : files_) seen = seen || f == n;
    if (seen) {
      ++overwritten_;
    } else {
      if (files_.size() == kFileList) files_.pop_front();
      files_.push_back(n);
    }
    return Status::ok();
  }

  WriteOptions wo_;
  RotationOptions ro_;
  std::string base_;
  int digits_ = 0;                // -W N: digits of N-1
  std::vector<InterfaceInfo> ifaces_;
  std::unique_ptr<PacketWriter> w_;
  std::deque<std::string> files_;
  uint64_t opened_ = 0, overwritten_ = 0, not_written_ = 0;
  uint32_t count_ = 0;            // -C count in the current -G file
  uint32_t g_files_ = 0;          // -G rotations so far
  int64_t opened_sec_ = 0;        // -G: when the current file was opened
  bool limit_reached_ = false;
  uint64_t packets_ = 0;
  Status err_;
};

struct Worker {
  int id = 0;
  std::unique_ptr<AfPacketSource> src;
  std::unique_ptr<OutBuf> out;
  std::unique_ptr<Analyzer> an;
  std::unique_ptr<RotatingWriter> writer;
  std::thread thread;
  Status err;                        // written by the worker; read after join()
  std::atomic<bool> failed{false};   // set after err, for the main loop
  // Published counters (read by the main thread for the status line).
  std::atomic<uint64_t> packets{0}, bytes{0}, kernel_drops{0}, weir_drops{0};
  // Re-open requests from the main thread (interface came back).
  std::mutex mu;
  std::vector<std::string> reopen;
  std::atomic<bool> reopen_pending{false};
  std::vector<std::string> messages;  // reopen results, under mu
  CaptureCounters final_counters;
};

std::atomic<uint64_t> g_total{0};
std::atomic<bool> g_file_limit{false};  // a worker wrote its -G -W files

void worker_loop(Worker& w, const LiveCaptureOptions& opt) {
  constexpr size_t kBatch = 512;
  PacketView views[kBatch];
  int64_t last_flush = mono_ns();
  bool text = opt.analysis.mode != OutputMode::None || opt.analysis.hex;
  while (!g_stop.load(std::memory_order_relaxed)) {
    if (w.reopen_pending.load(std::memory_order_acquire)) {
      std::vector<std::string> names;
      {
        std::lock_guard<std::mutex> lk(w.mu);
        names.swap(w.reopen);
        w.reopen_pending.store(false);
      }
      for (auto& n : names) {
        bool reopened = false;
        Status st = w.src->reopen(n, &reopened);
        std::lock_guard<std::mutex> lk(w.mu);
        if (!st) w.messages.push_back("cannot resume on '" + n + "': " + st.message());
        else if (reopened) w.messages.push_back("capture resumed on '" + n + "' (socket re-opened)");
      }
    }
    size_t n = 0;
    RecvStatus rs = w.src->receive(std::span<PacketView>(views, kBatch), n);
    std::string lost;
    while (w.src->take_link_lost(lost)) {
      std::lock_guard<std::mutex> lk(w.mu);
      w.messages.push_back("socket on '" + lost + "' lost its interface");
    }
    if (rs == RecvStatus::Error) {
      w.err = w.src->error();
      w.failed.store(true);
      request_stop();
      break;
    }
    if (n > 0) {
      // -c over all workers: claim packets from the global budget.
      if (opt.count) {
        uint64_t before = g_total.fetch_add(n);
        if (before >= opt.count) break;
        if (before + n >= opt.count) {
          n = size_t(opt.count - before);
          request_stop();
        }
      }
      std::span<const PacketView> batch(views, n);
      if (w.an && !w.an->process(batch, w.src->interfaces()) && !w.an->error().is_ok()) {
        w.err = w.an->error();
        w.failed.store(true);
        request_stop();
        break;
      }
      if (w.writer) {
        for (const PacketView& p : batch) {
          if (!w.writer->write(p)) {
            if (w.writer->limit_reached()) {
              g_file_limit.store(true);  // -G -W: done, as tcpdump
            } else {
              w.err = w.writer->error();
              w.failed.store(true);
            }
            request_stop();
            break;
          }
        }
      }
      uint64_t bytes = 0;
      for (const PacketView& p : batch) bytes += p.origlen;
      w.packets.fetch_add(n, std::memory_order_relaxed);
      w.bytes.fetch_add(bytes, std::memory_order_relaxed);
      if (text && w.out) w.out->flush();
    }
    int64_t now = mono_ns();
    if (rs != RecvStatus::Ok || now - last_flush > 1'000'000'000) {
      // Idle or once a second: push buffered file data to the OS so a
      // killed process leaves files readable up to here, and publish drops.
      if (w.writer) w.writer->flush();
      CaptureCounters c = w.src->counters();
      w.kernel_drops.store(c.kernel_drops, std::memory_order_relaxed);
      last_flush = now;
    }
  }
}

std::string json_escape(const std::string& s) {
  std::string o;
  weir::json_escape(s, o);
  return o;
}

Status drop_privileges(const std::string& user) {
  errno = 0;
  passwd* pw = getpwnam(user.c_str());
  if (!pw) return Status::error("-Z: no such user '" + user + "'");
  if (initgroups(pw->pw_name, pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0)
    return Status::error("-Z " + user + ": cannot drop privileges: " + strerror(errno));
  return Status::ok();
}

const char* event_name(AdapterEvent e) {
  switch (e) {
    case AdapterEvent::Added: return "added";
    case AdapterEvent::Removed: return "removed";
    case AdapterEvent::Up: return "up";
    case AdapterEvent::Down: return "down";
  }
  return "?";
}

}  // namespace

Status run_live_capture(const LiveCaptureOptions& opt) {
  g_stop.store(false);
  g_signal.store(0);
  g_total.store(0);
  g_file_limit.store(false);
  if (g_main_wake < 0) g_main_wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  int nworkers = opt.workers < 1 ? 1 : opt.workers;
  std::vector<std::unique_ptr<Worker>> workers;
  for (int i = 0; i < nworkers; ++i) workers.push_back(std::make_unique<Worker>());

  CaptureOptions co = opt.capture;
  if (nworkers > 1 && co.fanout_group == 0) co.fanout_group = 1 + int(getpid() % 60000);
  bool text = opt.analysis.mode != OutputMode::None || opt.analysis.hex;
  AnalyzerOptions ao = opt.analysis;
  ao.filter.clear();  // the source filters (in the kernel where possible)
  ao.write_path.clear();
  ao.count = 0;
  bool need_analyzer = text || ao.stats || ao.split_by != SplitBy::None;

  // The sockets need root; the output files are created afterwards, as the
  // -Z user (as tcpdump does), so a rotation that reuses a name, or a split
  // file, can still be opened after privileges are dropped.
  for (int i = 0; i < nworkers; ++i) {
    Worker& w = *workers[i];
    w.id = i;
    Status st;
    w.src = AfPacketSource::open(co, st);
    if (!w.src) return st;
  }
  if (!opt.drop_user.empty()) {
    Status st = drop_privileges(opt.drop_user);
    if (!st) return st;
  }
  for (int i = 0; i < nworkers; ++i) {
    Worker& w = *workers[i];
    Status st;
    if (need_analyzer) {
      if (text) w.out = std::make_unique<OutBuf>(1);
      AnalyzerOptions a = ao;
      if (nworkers > 1 && a.split_by != SplitBy::None) a.split_dir += "/w" + std::to_string(i);
      if (nworkers > 1 && a.split_by != SplitBy::None) {
        ::mkdir(ao.split_dir.c_str(), 0755);  // the parent may not exist yet (one worker creates it itself)
        ::mkdir(a.split_dir.c_str(), 0755);
      }
      w.an = Analyzer::create(a, w.out.get(), st);
      if (!w.an) return st;
    }
    if (!opt.write_path.empty()) {
      WriteOptions wo = opt.write_options;
      wo.snaplen = co.snaplen;
      w.writer = std::make_unique<RotatingWriter>(opt.write_path, wo, opt.rotation, i, nworkers);
      st = w.writer->start(w.src->interfaces());
      if (!st) return st;
    }
  }
  Status mst;
  std::unique_ptr<AdapterMonitor> mon = AdapterMonitor::open(mst);

  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  struct sigaction old_int, old_term, old_hup;
  sigaction(SIGINT, &sa, &old_int);
  sigaction(SIGTERM, &sa, &old_term);
  // A dropped ssh session: flush and close, as tcpdump; but under nohup
  // (SIGHUP ignored) keep ignoring it, as tcpdump does.
  sigaction(SIGHUP, nullptr, &old_hup);
  if (old_hup.sa_handler != SIG_IGN) sigaction(SIGHUP, &sa, nullptr);

  int64_t start_real = realtime_ns();
  int64_t start_mono = mono_ns();
  for (auto& w : workers) {
    if (w->an) w->an->set_time_base(start_real);
  }
  {
    std::string ifs;
    for (auto& n : co.interfaces) ifs += (ifs.empty() ? "" : ", ") + n;
    if (!opt.quiet)
      std::fprintf(stderr, "weir: capturing on %s, %d worker%s%s\n", ifs.c_str(), nworkers, nworkers > 1 ? "s" : "",
                   co.filter.empty() ? "" : workers[0]->src->kernel_filter() ? ", kernel filter" : ", user-space filter");
  }
  for (auto& w : workers) {
    Worker* wp = w.get();
    wp->thread = std::thread([wp, &opt] { worker_loop(*wp, opt); });
  }

  bool tty = isatty(opt.status_fd);
  std::vector<std::string> events;
  auto note = [&](const std::string& m) {
    if (tty) std::fputs("\r\033[K", stderr);
    std::fprintf(stderr, "weir: %s\n", m.c_str());
    std::fflush(stderr);
    char ts[32];
    double rel = double(mono_ns() - start_mono) / 1e9;
    std::snprintf(ts, sizeof ts, "%.3f", rel);
    events.push_back(std::string("{\"t\": ") + ts + ", \"message\": \"" + json_escape(m) + "\"}");
  };
  int64_t last_status = mono_ns();
  while (!g_stop.load()) {
    pollfd pfd[2] = {{g_main_wake, POLLIN, 0}, {mon ? mon->fd() : -1, POLLIN, 0}};
    ::poll(pfd, 2, 100);
    if (mon && (pfd[1].revents & POLLIN)) {
      mon->poll([&](AdapterEvent ev, const Adapter& a) {
        bool ours = false;
        for (auto& n : co.interfaces)
          if (n == a.name || n == "any") ours = true;
        if (!ours) return;
        note("interface '" + a.name + "' " + event_name(ev));
        if (ev == AdapterEvent::Added || ev == AdapterEvent::Up) {
          for (auto& w : workers) {
            std::lock_guard<std::mutex> lk(w->mu);
            if (co.interfaces.size() == 1 && co.interfaces[0] == "any") continue;
            w->reopen.push_back(a.name);
            w->reopen_pending.store(true, std::memory_order_release);
          }
          for (auto& w : workers) w->src->wake();
        }
      });
    }
    for (auto& w : workers) {
      std::vector<std::string> msgs;
      {
        std::lock_guard<std::mutex> lk(w->mu);
        msgs.swap(w->messages);
      }
      for (auto& m : msgs) note((nworkers > 1 ? "worker " + std::to_string(w->id) + ": " : std::string()) + m);
    }
    int64_t now = mono_ns();
    if (opt.duration_s > 0 && double(now - start_mono) / 1e9 >= opt.duration_s) break;
    bool all_done = true;
    for (auto& w : workers)
      if (!w->failed.load() && !g_stop.load()) all_done = false;
    if (all_done) break;
    if (tty && now - last_status >= 1'000'000'000) {
      last_status = now;
      uint64_t p = 0, b = 0, d = 0;
      for (auto& w : workers) {
        p += w->packets.load();
        b += w->bytes.load();
        d += w->kernel_drops.load();
      }
      double secs = double(now - start_mono) / 1e9;
      std::fprintf(stderr, "\r\033[K%.0fs  %llu packets  %llu bytes  %.0f pps  %.2f Mbit/s  %llu kernel drops", secs,
                   (unsigned long long)p, (unsigned long long)b, secs > 0 ? double(p) / secs : 0.0,
                   secs > 0 ? double(b) * 8 / secs / 1e6 : 0.0, (unsigned long long)d);
      std::fflush(stderr);
    }
  }
  g_stop.store(true);
  for (auto& w : workers) w->src->wake();
  for (auto& w : workers)
    if (w->thread.joinable()) w->thread.join();
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
  sigaction(SIGHUP, &old_hup, nullptr);
  if (tty) std::fputs("\r\033[K", stderr);
  int64_t end_mono = mono_ns();

  Status result;
  for (auto& w : workers) {
    w->final_counters = w->src->counters();
    if (w->an) {
      Status st = w->an->finish();
      if (!st && result.is_ok()) result = st;
    }
    if (w->writer) {
      Status st = w->writer->close();
      if (!st && result.is_ok()) result = st;
    }
    if (!w->err.is_ok() && result.is_ok()) result = w->err;
  }

  // Statistics: counts come from what workers processed (after -c), kernel
  // drops from PACKET_STATISTICS.
  double dur = double(end_mono - start_mono) / 1e9;
  uint64_t tp = 0, tb = 0, td = 0, tf = 0;
  for (auto& w : workers) {
    tp += w->packets.load();
    tb += w->bytes.load();
    td += w->final_counters.kernel_drops;
    tf += w->final_counters.filtered;
  }
  Stats merged;
  bool have_stats = false;
  for (auto& w : workers)
    if (w->an && ao.stats) {
      merged.merge(w->an->stats());
      have_stats = true;
    }
  if (!opt.quiet) {
    if (g_signal.load()) std::fprintf(stderr, "weir: stopped by signal %d\n", g_signal.load());
    if (g_file_limit.load()) std::fprintf(stderr, "weir: Maximum file limit reached: %u\n", opt.rotation.max_files);
    std::fprintf(stderr,
                 "weir: %llu packets captured (%llu bytes), %llu dropped by kernel, 0 dropped by weir\n"
                 "weir: started %s, duration %.3f s, %.0f pps, %.3f Mbit/s\n",
                 (unsigned long long)tp, (unsigned long long)tb, (unsigned long long)td, iso8601_utc(start_real).c_str(),
                 dur, dur > 0 ? double(tp) / dur : 0.0, dur > 0 ? double(tb) * 8 / dur / 1e6 : 0.0);
    if (nworkers > 1)
      for (auto& w : workers)
        std::fprintf(stderr, "weir:   worker %d: %llu packets, %llu bytes, %llu dropped by kernel\n", w->id,
                     (unsigned long long)w->packets.load(), (unsigned long long)w->bytes.load(),
                     (unsigned long long)w->final_counters.kernel_drops);
    if (tf) std::fprintf(stderr, "weir: %llu packets removed by the user-space filter/direction\n", (unsigned long long)tf);
    uint64_t nw = 0;
    for (auto& w : workers)
      if (w->writer) nw += w->writer->not_written();
    if (nw)
      std::fprintf(stderr, "weir: %llu packets were not written (pcap files hold a single link type; pcapng can mix them)\n",
                   (unsigned long long)nw);
    if (opt.print_stats && have_stats) {
      std::string t = merged.to_text();
      std::fwrite(t.data(), 1, t.size(), stderr);
    }
  }
  if (!opt.stats_json.empty()) {
    std::string j = "{\n  \"start\": \"" + iso8601_utc(start_real) + "\",\n";
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "  \"duration_s\": %.6f,\n  \"packets\": %llu,\n  \"bytes\": %llu,\n  \"kernel_drops\": %llu,\n"
                  "  \"weir_drops\": 0,\n  \"filtered_user_space\": %llu,\n  \"pps\": %.1f,\n  \"bits_per_s\": %.1f,\n",
                  dur, (unsigned long long)tp, (unsigned long long)tb, (unsigned long long)td, (unsigned long long)tf,
                  dur > 0 ? double(tp) / dur : 0.0, dur > 0 ? double(tb) * 8 / dur : 0.0);
    j += buf;
    j += "  \"signal\": " + std::to_string(g_signal.load()) + ",\n  \"workers\": [\n";
    for (size_t i = 0; i < workers.size(); ++i) {
      Worker& w = *workers[i];
      std::snprintf(buf, sizeof buf, "    {\"worker\": %d, \"packets\": %llu, \"bytes\": %llu, \"kernel_drops\": %llu",
                    w.id, (unsigned long long)w.packets.load(), (unsigned long long)w.bytes.load(),
                    (unsigned long long)w.final_counters.kernel_drops);
      j += buf;
      if (w.an && ao.stats) {
        // IP pairs this worker saw (canonical "a b" order), at most 4096.
        j += ", \"ip_pairs\": [";
        size_t k = 0;
        for (auto& [key, cnt] : w.an->stats().ip_conversations()) {
          if (k == 4096) break;
          j += (k++ ? ", \"" : "\"") + conv_addr(key, true) + " " + conv_addr(key, false) + "\"";
        }
        j += "]";
      }
      if (w.writer) {
        j += ", \"files\": [";
        size_t k = 0;
        for (auto& f : w.writer->files()) j += (k++ ? ", \"" : "\"") + json_escape(f) + "\"";
        j += "], \"files_opened\": " + std::to_string(w.writer->opened()) +
             ", \"files_overwritten\": " + std::to_string(w.writer->overwritten()) +
             ", \"packets_not_written\": " + std::to_string(w.writer->not_written());
      }
      j += i + 1 < workers.size() ? "},\n" : "}\n";
    }
    j += "  ],\n  \"events\": [";
    for (size_t i = 0; i < events.size(); ++i) j += (i ? ", " : "") + events[i];
    j += "]";
    if (have_stats) {
      std::string a = merged.to_json();
      while (!a.empty() && (a.back() == '\n' || a.back() == ' ')) a.pop_back();
      j += ",\n  \"analysis\": " + a;
    }
    j += "\n}\n";
    FILE* f = std::fopen(opt.stats_json.c_str(), "w");
    if (!f) {
      if (result.is_ok()) result = Status::error("--stats-json " + opt.stats_json + ": " + strerror(errno));
    } else {
      bool ok = std::fwrite(j.data(), 1, j.size(), f) == j.size();
      ok = std::fclose(f) == 0 && ok;
      if (!ok && result.is_ok()) result = Status::error("--stats-json " + opt.stats_json + ": write failed");
    }
  }
  return result;
}

}  // namespace weir
