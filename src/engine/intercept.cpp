// Interceptor: NfQueue per queue + iptables rules + injector + workers.
#include "weir/intercept.hpp"

#include <linux/netfilter.h>
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "io/inject.hpp"
#include "io/nfqueue.hpp"
#include "io/rules_iptables.hpp"
#include "weir/bytes.hpp"
#include "weir/checksum.hpp"

namespace weir {

struct Interceptor::Impl {
  InterceptConfig cfg;
  std::vector<std::unique_ptr<NfQueue>> queues;
  IptablesRules rules;
  bool rules_installed = false;
  Injector injector;
  std::vector<std::thread> workers;
  std::atomic<bool> running{false};
  Status worker_error;
};

Interceptor::Interceptor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

static RuleSpec spec_of(const InterceptConfig& c) {
  RuleSpec s;
  s.input = c.input;
  s.output = c.output;
  s.forward = c.forward;
  s.interfaces = c.interfaces;
  s.ipv4 = c.ipv4;
  s.ipv6 = c.ipv6;
  s.queue_base = c.queue_base;
  s.queues = c.queues;
  s.cpu_fanout = c.cpu_fanout;
  s.bypass_mark = c.bypass_mark;
  s.inject_mark = c.inject_mark;
  s.queue_bypass = c.fail == FailMode::Open;
  return s;
}

std::unique_ptr<Interceptor> Interceptor::open(const InterceptConfig& cfg, Status& err) {
  auto impl = std::make_unique<Impl>();
  impl->cfg = cfg;
  if (cfg.queues == 0 || uint32_t(cfg.queue_base) + cfg.queues > 65536) {
    err = Status::error("intercept: invalid queue range");
    return nullptr;
  }
  if (cfg.cpu_fanout && cfg.queues < 2) {
    err = Status::error("intercept: CPU fanout needs two queues or more");
    return nullptr;
  }
  if (cfg.backend != RuleBackend::None && !cfg.input && !cfg.output && !cfg.forward) {
    err = Status::error("intercept: choose at least one of input, output, forward");
    return nullptr;
  }
  if (cfg.backend != RuleBackend::None) {
    if (err = impl->rules.init(cfg.backend); !err) return nullptr;
  }
  if (err = impl->injector.open(cfg.inject_mark); !err) return nullptr;
  for (uint16_t i = 0; i < cfg.queues; ++i) {
    NfQueue::Options o;
    o.num = uint16_t(cfg.queue_base + i);
    o.index = i;
    o.copy_range = cfg.copy == CopyMode::Full ? 0xffff : cfg.header_copy_bytes;
    o.maxlen = cfg.queue_maxlen;
    o.rcvbuf = cfg.rcvbuf_bytes;
    o.fail_open = cfg.fail == FailMode::Open;
    o.gso = cfg.gso;
    o.pool = cfg.pool_size;
    o.batch = cfg.batch;
    o.timeout_ms = cfg.verdict_timeout_ms;
    o.default_pass = cfg.default_pass;
    auto q = std::make_unique<NfQueue>();
    if (err = q->open(o); !err) return nullptr;
    impl->queues.push_back(std::move(q));
  }
  if (cfg.backend != RuleBackend::None) {
    // Bound successfully, so no live weir owns these queues: whatever rules
    // exist for them were left by a crash.
    impl->rules.remove(cfg.queue_base);
    if (err = impl->rules.install(spec_of(cfg)); !err) return nullptr;
    impl->rules_installed = true;
  }
  err = Status::ok();
  return std::unique_ptr<Interceptor>(new Interceptor(std::move(impl)));
}

Interceptor::~Interceptor() {
  stop();
  // Removing rules makes the kernel drop what is still queued (seen with
  // iptables-nft), so first stop queueing, then give everything outstanding
  // its default verdict, then remove the rules.
  if (impl_->rules_installed) {
    impl_->rules.quiesce(impl_->cfg.queue_base);
    for (auto& q : impl_->queues) q->release_all();
    impl_->rules.remove(impl_->cfg.queue_base);
  }
  impl_->queues.clear();  // default verdicts for any rest, unbind
}

unsigned Interceptor::queue_count() const { return unsigned(impl_->queues.size()); }
const InterceptConfig& Interceptor::config() const { return impl_->cfg; }

static void tune_thread(const InterceptConfig& c, unsigned i) {
  if (!c.cpus.empty()) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(c.cpus[i % c.cpus.size()], &set);
    pthread_setaffinity_np(pthread_self(), sizeof set, &set);
  }
  if (c.fifo_priority > 0) {
    sched_param sp{};
    sp.sched_priority = c.fifo_priority;
    pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
  } else if (c.nice != 0) {
    setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), c.nice);
  }
}

Status Interceptor::start(Handler handler) {
  if (impl_->running.exchange(true)) return Status::error("intercept: already started");
  if (impl_->cfg.fifo_priority > 0) {
    // SCHED_FIFO only with a bounded run time: the kernel's RT throttling
    // (sched_rt_runtime_us per sched_rt_period_us, default 95%) must be on,
    // so a busy worker can never starve the rest of the machine.
    std::ifstream f("/proc/sys/kernel/sched_rt_runtime_us");
    long runtime = -1;
    f >> runtime;
    if (runtime < 0) {
      impl_->running = false;
      return Status::error("intercept: refusing SCHED_FIFO: RT throttling is off (kernel.sched_rt_runtime_us = -1)");
    }
  }
  for (unsigned i = 0; i < impl_->queues.size(); ++i) {
    impl_->workers.emplace_back([this, i, handler] {
      tune_thread(impl_->cfg, i);
      NfQueue& q = *impl_->queues[i];
      std::vector<PacketLease*> batch(impl_->cfg.batch ? impl_->cfg.batch : 1);
      while (impl_->running.load(std::memory_order_relaxed)) {
        size_t n = 0;
        RecvStatus st = q.receive(batch, n, 100);
        if (n) handler(i, std::span<PacketLease*>(batch.data(), n));
        if (n || st == RecvStatus::Ok) q.flush();
        if (st == RecvStatus::Error) {
          timespec ts{0, 1000000};
          nanosleep(&ts, nullptr);
        }
      }
    });
  }
  return Status::ok();
}

void Interceptor::stop() {
  if (!impl_->running.exchange(false)) return;
  for (auto& t : impl_->workers) t.join();
  impl_->workers.clear();
}

RecvStatus Interceptor::receive(unsigned q, std::span<PacketLease*> out, size_t& n, int timeout_ms) {
  n = 0;
  if (q >= impl_->queues.size()) return RecvStatus::Error;
  return impl_->queues[q]->receive(out, n, timeout_ms);
}

void Interceptor::flush(unsigned q) {
  if (q < impl_->queues.size()) impl_->queues[q]->flush();
}

void Interceptor::pass(PacketLease& l) { impl_->queues[l.queue]->verdict(l, NF_ACCEPT, false, 0, 0); }
void Interceptor::drop(PacketLease& l) { impl_->queues[l.queue]->verdict(l, NF_DROP, false, 0, 0); }
void Interceptor::pass_mark(PacketLease& l, uint32_t mark) {
  impl_->queues[l.queue]->verdict(l, NF_ACCEPT, true, mark, 0);
}
void Interceptor::bypass(PacketLease& l) {
  if (!impl_->cfg.bypass_mark) return pass(l);
  impl_->queues[l.queue]->verdict(l, NF_ACCEPT, true, l.mark | impl_->cfg.bypass_mark, 0);
}

bool Interceptor::pass_modified(PacketLease& l, uint32_t new_len, bool fix_checksums) {
  NfQueue& q = *impl_->queues[l.queue];
  // Only a packet the program made writable (whole, in the lease's buffer);
  // a held header-only lease is owned too, but holds just the headers.
  if (!l.owned_ || l.view.caplen < l.full_len || new_len == 0 || new_len > l.buf_cap_) {
    q.verdict(l, NF_ACCEPT, false, 0, 0);
    return false;
  }
  if (fix_checksums &&
      // Full checksums even when the kernel said CSUMNOTREADY: nfqnl_mangle
      // sets ip_summed = CHECKSUM_NONE on a modified packet, so nothing
      // completes a partial checksum later.
      csum::fix_ip_packet(l.buf_, new_len, true, false) == csum::FixResult::Malformed) {
    q.verdict(l, NF_ACCEPT, false, 0, 0);
    return false;
  }
  q.verdict(l, NF_ACCEPT, false, 0, new_len);
  return true;
}

Status Interceptor::inject_to_network(int ifindex, const uint8_t* p, size_t len) {
  return impl_->injector.send_ip(ifindex, p, len);
}
Status Interceptor::inject_frame(int ifindex, const uint8_t* f, size_t len) {
  return impl_->injector.send_frame(ifindex, f, len);
}
Status Interceptor::inject_to_stack(const uint8_t* p, size_t len) { return impl_->injector.send_to_stack(p, len); }
Status Interceptor::inject_to_stack(int ifindex, const uint8_t* p, size_t len) {
  return impl_->injector.send_to_stack(ifindex, p, len);
}

Status Interceptor::inject_reply(const PacketLease& to, const uint8_t* p, size_t len) {
  // A reply to a packet this host sends arrives, in effect, on the interface
  // the packet leaves by.
  if (to.hook == Hook::Output || to.hook == Hook::PostRouting || to.indev == 0)
    return inject_to_stack(int(to.outdev), p, len);
  if (to.hwaddr_len == 6) return impl_->injector.send_ip_to(int(to.indev), to.hwaddr, p, len);
  return impl_->injector.send_ip(int(to.indev), p, len);
}

InterceptStats Interceptor::stats() const {
  InterceptStats s;
  for (auto& q : impl_->queues) s.queues.push_back(q->stats());
  // Rule counters first, ids second: a packet in between is never counted
  // as a fail-open pass (undercount, not overcount).
  uint64_t rule_hits = 0;
  s.fail_open_counted = impl_->rules_installed && impl_->cfg.fail == FailMode::Open && impl_->cfg.gso &&
                        impl_->rules.queued_packets(impl_->cfg.queue_base, rule_hits);
  // Kernel view: queue_number portid queue_total copy_mode copy_range queue_dropped user_dropped id_sequence 1
  std::ifstream f("/proc/net/netfilter/nfnetlink_queue");
  std::string line;
  while (std::getline(f, line)) {
    std::istringstream is(line);
    uint64_t num, portid, total, mode, range, qd, ud, ids = 0;
    if (!(is >> num >> portid >> total >> mode >> range >> qd >> ud)) continue;
    is >> ids;
    if (num < impl_->cfg.queue_base || num >= uint64_t(impl_->cfg.queue_base) + s.queues.size()) continue;
    auto& q = s.queues[num - impl_->cfg.queue_base];
    q.kernel_queue_total = total;
    q.kernel_queue_dropped = qd;
    q.kernel_user_dropped = ud;
    q.kernel_enqueued = ids;
  }
  for (auto& q : s.queues) {
    QueueStats& t = s.total;
    t.received += q.received, t.passed += q.passed, t.dropped += q.dropped, t.modified += q.modified;
    t.marked += q.marked, t.timed_out += q.timed_out, t.batch_verdicts += q.batch_verdicts;
    t.single_verdicts += q.single_verdicts, t.verdict_errors += q.verdict_errors, t.enobufs += q.enobufs;
    t.recv_errors += q.recv_errors, t.pool_exhausted += q.pool_exhausted, t.gso_packets += q.gso_packets;
    t.csum_not_ready += q.csum_not_ready, t.kernel_queue_total += q.kernel_queue_total;
    t.kernel_queue_dropped += q.kernel_queue_dropped, t.kernel_user_dropped += q.kernel_user_dropped;
    t.kernel_enqueued += q.kernel_enqueued, t.socket_overflow += q.socket_overflow;
  }
  if (s.fail_open_counted) {
    if (rule_hits > s.total.kernel_enqueued) s.fail_open_passed = rule_hits - s.total.kernel_enqueued;
    s.fail_open_passed += s.total.socket_overflow;
  }
  return s;
}

std::vector<std::string> Interceptor::rule_commands() const {
  std::vector<std::string> out;
  RuleSpec s = spec_of(impl_->cfg);
  for (auto& c : impl_->rules.install_commands(s, false)) {
    std::string line = "iptables";
    for (auto& a : c) line += " " + a;
    out.push_back(line);
  }
  return out;
}

Status intercept_cleanup(RuleBackend backend) {
  Injector::remove_stale_helpers();  // injection helpers of dead processes
  IptablesRules r;
  if (Status s = r.init(backend); !s) return s;
  // Queues some program is bound to right now (this network namespace):
  // their rules belong to a live weir and stay.
  std::vector<uint32_t> bound;
  std::ifstream f("/proc/net/netfilter/nfnetlink_queue");
  std::string line;
  while (std::getline(f, line)) {
    std::istringstream is(line);
    uint32_t q;
    if (is >> q) bound.push_back(q);
  }
  std::vector<std::string> lines;
  r.list(lines);
  std::vector<uint32_t> stale;
  for (const auto& l : lines) {
    size_t p = l.find("-N WEIR");
    if (p == std::string::npos) continue;
    uint32_t q = uint32_t(std::strtoul(l.c_str() + p + 7, nullptr, 10));
    bool live = false;
    for (uint32_t b : bound) live |= b == q;
    bool seen = false;
    for (uint32_t x : stale) seen |= x == q;
    if (!live && !seen) stale.push_back(q);
  }
  Status result;
  for (uint32_t q : stale)
    if (Status s = r.remove(uint16_t(q)); !s && result) result = s;
  return result;
}

// ---- reject replies ----

static void put16(uint8_t* p, uint16_t v) {
  p[0] = uint8_t(v >> 8);
  p[1] = uint8_t(v);
}

size_t build_reject(const uint8_t* pkt, size_t len, uint8_t* out, size_t cap, size_t wire_len) {
  ByteCursor c(pkt, len);
  uint8_t v0;
  if (!c.peek_u8(0, v0)) return 0;
  bool v6 = (v0 >> 4) == 6;
  if (!v6 && (v0 >> 4) != 4) return 0;
  size_t ihl = v6 ? 40 : size_t(v0 & 0x0f) * 4;
  if (len < ihl || ihl < 20) return 0;
  uint8_t proto = v6 ? pkt[6] : pkt[9];
  size_t alen = v6 ? 16 : 4;
  const uint8_t* src = pkt + (v6 ? 8 : 12);
  const uint8_t* dst = pkt + (v6 ? 24 : 16);
  if (!v6 && (load_be16(pkt + 6) & 0x1fff)) return 0;  // not the first fragment
  if (v6) {
    // Past the extension headers to the upper layer; only a first fragment
    // is answered (RFC 4443 2.4: never an ICMPv6 error behind them either).
    for (int i = 0; i < 8; ++i) {
      if (proto != 0 && proto != 43 && proto != 44 && proto != 51 && proto != 60) break;
      if (len < ihl + 8) return 0;
      const uint8_t* h = pkt + ihl;
      if (proto == 44 && (load_be16(h + 2) & 0xfff8)) return 0;  // a later fragment
      size_t hlen = proto == 44 ? 8 : proto == 51 ? (size_t(h[1]) + 2) * 4 : (size_t(h[1]) + 1) * 8;
      proto = h[0];
      ihl += hlen;
    }
    if (len < ihl) return 0;
  }
  // Never answer to or from broadcast, multicast or unspecified addresses
  // (RFC 1122 3.2.2, RFC 4443 2.4 e): a DHCP DISCOVER or an mDNS query.
  if (v6) {
    static const uint8_t zero[16] = {};
    if (dst[0] == 0xff || src[0] == 0xff || !std::memcmp(src, zero, 16)) return 0;
  } else {
    uint32_t s4 = load_be32(src), d4 = load_be32(dst);
    if (d4 >= 0xe0000000u || s4 >= 0xe0000000u || s4 == 0) return 0;  // multicast, class E, broadcast
  }
  if (proto == 6 && len >= ihl + 20) {
    const uint8_t* th = pkt + ihl;
    uint8_t flags = th[13];
    if (flags & 0x04) return 0;  // never answer a RST
    size_t hl = v6 ? 40 : 20;
    if (cap < hl + 20) return 0;
    std::memset(out, 0, hl + 20);
    size_t data_len = 0;
    size_t thl = size_t(th[12] >> 4) * 4;
    // The length the IP header claims (only used in arithmetic, so a
    // header-only copy still gives the right acknowledgement number); the
    // packet's own length when it claims nothing (TSO, BIG TCP).
    size_t total = v6 ? 40 + load_be16(pkt + 4) : load_be16(pkt + 2);
    if (total < ihl || (v6 && total == 40)) total = wire_len > len ? wire_len : len;
    if (total >= ihl + thl) data_len = total - ihl - thl;
    uint8_t* t = out + hl;
    std::memcpy(t, th + 2, 2);  // sport = their dport
    std::memcpy(t + 2, th, 2);
    uint32_t seq = load_be32(th + 4), ack = load_be32(th + 8);
    uint32_t rseq = 0, rack = seq + uint32_t(data_len) + ((flags & 0x02) ? 1 : 0) + ((flags & 0x01) ? 1 : 0);
    uint8_t rflags = 0x14;  // RST|ACK
    if (flags & 0x10) {
      rseq = ack;
      rflags = 0x04;
      rack = 0;
    }
    t[4] = uint8_t(rseq >> 24), t[5] = uint8_t(rseq >> 16), t[6] = uint8_t(rseq >> 8), t[7] = uint8_t(rseq);
    t[8] = uint8_t(rack >> 24), t[9] = uint8_t(rack >> 16), t[10] = uint8_t(rack >> 8), t[11] = uint8_t(rack);
    t[12] = 5 << 4;
    t[13] = rflags;
    if (v6) {
      out[0] = 0x60;
      out[6] = 6;
      out[7] = 64;
      std::memcpy(out + 8, dst, alen);
      std::memcpy(out + 24, src, alen);
    } else {
      out[0] = 0x45;
      out[6] = 0x40;
      out[8] = 64;
      out[9] = 6;
      std::memcpy(out + 12, dst, alen);
      std::memcpy(out + 16, src, alen);
    }
    csum::fix_ip_packet(out, hl + 20, true);
    return hl + 20;
  }
  // ICMP errors are never answered with ICMP errors.
  if (!v6 && proto == 1 && len >= ihl + 1 && pkt[ihl] != 0 && pkt[ihl] != 8) return 0;
  if (v6 && proto == 58 && len >= ihl + 1 && pkt[ihl] < 128) return 0;
  size_t hl = v6 ? 40 : 20;
  size_t quote = v6 ? (len < 1232 ? len : 1232) : (len < ihl + 8 ? len : ihl + 8);
  if (cap < hl + 8 + quote) return 0;
  std::memset(out, 0, hl + 8);
  uint8_t* ic = out + hl;
  if (v6) {
    ic[0] = 1;  // destination unreachable
    ic[1] = 4;  // port unreachable
    out[0] = 0x60;
    out[6] = 58;
    out[7] = 64;
    std::memcpy(out + 8, dst, 16);
    std::memcpy(out + 24, src, 16);
  } else {
    ic[0] = 3;
    ic[1] = 3;  // port unreachable (what iptables REJECT sends by default)
    out[0] = 0x45;
    out[8] = 64;
    out[9] = 1;
    std::memcpy(out + 12, dst, 4);
    std::memcpy(out + 16, src, 4);
  }
  std::memcpy(ic + 8, pkt, quote);
  put16(out + 2, 0);
  csum::fix_ip_packet(out, hl + 8 + quote, true);
  return hl + 8 + quote;
}

}  // namespace weir
