// Inline interception on NFQUEUE: the kernel hands packets to weir, weir
// returns a verdict (pass, drop, pass modified, set mark), and may inject new
// packets onto the wire or up the local stack.
//
//   weir::InterceptConfig cfg;
//   cfg.input = true;
//   cfg.interfaces = {"eth0"};
//   weir::Status err;
//   auto icp = weir::Interceptor::open(cfg, err);   // binds queues, installs rules
//   icp->start([&](unsigned q, std::span<weir::PacketLease*> batch) {
//     for (auto* l : batch) icp->pass(*l);          // or drop / pass_modified / hold
//   });
//   ...
//   icp.reset();                                    // stops workers, removes rules
//
// Packets arrive as raw IP (linktype kRaw). A lease comes from a pool
// allocated at open(); a lease that is not given a verdict within
// verdict_timeout_ms gets the default verdict, so nothing stays stuck. When
// every lease is held, weir stops reading and the kernel holds packets (TCP
// slows down) until the queue is full, where the fail mode applies.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "weir/packet.hpp"
#include "weir/source.hpp"
#include "weir/status.hpp"

namespace weir {

enum class CopyMode : uint8_t { Headers, Full };
enum class FailMode : uint8_t { Open, Closed };
enum class RuleBackend : uint8_t { Auto, Nft, Legacy, None };  // None: caller manages rules
enum class Hook : uint8_t { PreRouting = 0, Input = 1, Forward = 2, Output = 3, PostRouting = 4 };

// Mark bits weir reserves (configurable in InterceptConfig).
inline constexpr uint32_t kDefaultBypassMark = 0x10000000;  // connmark: flow handed back to the kernel
inline constexpr uint32_t kDefaultInjectMark = 0x20000000;  // packets weir injects skip its own rules

struct InterceptConfig {
  // Hooks to intercept, optionally restricted to interfaces (-i for input,
  // -o for output, either for forward). Empty interfaces: all.
  bool input = false, output = false, forward = false;
  std::vector<std::string> interfaces;
  bool ipv4 = true, ipv6 = true;

  uint16_t queue_base = 0;
  uint16_t queues = 1;               // one worker thread per queue; flows spread by --queue-balance
  // With queues > 1: a packet goes to the queue of the CPU that queues it
  // (--queue-cpu-fanout) instead of by its flow's hash. Faster when one
  // flow dominates (its data and its ACKs are decided in parallel), but a
  // flow's packets can then meet different workers (and be reordered).
  bool cpu_fanout = false;
  CopyMode copy = CopyMode::Full;
  uint32_t header_copy_bytes = 128;  // copy range in Headers mode
  FailMode fail = FailMode::Open;    // queue full (kernel) + rules' --queue-bypass when not listening
  uint32_t queue_maxlen = 4096;      // packets the kernel holds per queue
  uint32_t rcvbuf_bytes = 64u << 20; // SO_RCVBUFFORCE
  uint32_t pool_size = 256;          // leases per queue
  uint32_t batch = 64;               // messages per recvmmsg
  uint32_t verdict_timeout_ms = 2000;
  bool default_pass = true;          // verdict for leases that time out / are left at shutdown
  bool gso = true;                   // NFQA_CFG_F_GSO: whole GSO packets, no segmentation

  RuleBackend backend = RuleBackend::Auto;
  // Connmark that bypass() sets. Its rules (-m connmark) switch on connection
  // tracking for every packet in the namespace, which costs throughput: set 0
  // when the program never calls bypass() (weir intercept does so itself).
  uint32_t bypass_mark = kDefaultBypassMark;
  uint32_t inject_mark = kDefaultInjectMark;

  // Worker threads: nice value (0 = unchanged), or SCHED_FIFO priority (1..99,
  // 0 = off; refused unless the kernel's RT throttling bounds the run time,
  // kernel.sched_rt_runtime_us >= 0), and CPU affinity (worker i runs on
  // cpus[i % cpus.size()]).
  int nice = 0;
  int fifo_priority = 0;
  std::vector<int> cpus;
};

// One queued packet. `view` is raw IP; its bytes stay valid while the lease
// is held (weir copies held leases into their own buffer before reading more).
struct PacketLease {
  PacketView view;
  uint32_t packet_id = 0;
  uint16_t queue = 0;         // index within the interceptor (0..queues-1)
  Hook hook = Hook::Input;
  uint16_t hw_protocol = 0;   // EtherType
  uint32_t indev = 0, outdev = 0;
  uint32_t mark = 0;
  uint32_t full_len = 0;      // packet length in the kernel (view.caplen may be less)
  uint8_t hwaddr[8] = {};     // source MAC for received packets
  uint8_t hwaddr_len = 0;
  bool csum_not_ready = false;  // NFQA_SKB_CSUMNOTREADY: do not verify transport checksums
  bool gso = false;             // NFQA_SKB_GSO
  int64_t received_ns = 0;      // CLOCK_MONOTONIC

  // Writable copy of the packet with room to grow (cap() bytes), or nullptr
  // when only headers were copied (a modified verdict needs the whole packet).
  uint8_t* writable();
  uint32_t capacity() const { return buf_cap_; }
  bool held() const { return state_ == 1; }

  // Internal state (owned by the queue).
  uint8_t* buf_ = nullptr;
  uint32_t buf_cap_ = 0;
  uint8_t state_ = 0;   // 0 free, 1 pending, 2 pass deferred (batched)
  bool owned_ = false;  // view points into buf_
};

struct QueueStats {
  uint64_t received = 0, passed = 0, dropped = 0, modified = 0, marked = 0, timed_out = 0;
  uint64_t batch_verdicts = 0, single_verdicts = 0, verdict_errors = 0;
  uint64_t enobufs = 0, recv_errors = 0, pool_exhausted = 0;
  uint64_t gso_packets = 0, csum_not_ready = 0;
  // Packets the kernel numbered for this queue but could not put into weir's
  // socket (receive buffer full), seen as gaps in the packet ids: passed
  // under fail-open, dropped (= kernel_user_dropped) under fail-closed.
  // Known once a later packet arrives.
  uint64_t socket_overflow = 0;
  // From /proc/net/netfilter/nfnetlink_queue (kernel side).
  uint64_t kernel_queue_total = 0, kernel_queue_dropped = 0, kernel_user_dropped = 0;
  uint64_t kernel_enqueued = 0;  // packet ids handed out since the queue was bound
};

struct InterceptStats {
  std::vector<QueueStats> queues;
  QueueStats total;
  // Fail-open passes: packets weir's NFQUEUE rules matched that the kernel
  // never queued because the queue was full (rule counters minus the ids it
  // handed out; the kernel keeps no such counter), plus socket_overflow. Only with fail-open, GSO
  // on and weir's own rules (not RuleBackend::None); exact once traffic
  // pauses, a slight undercount while packets are in flight. Computing it
  // runs iptables -L, so stats() costs a few milliseconds.
  uint64_t fail_open_passed = 0;
  bool fail_open_counted = false;
};

class Interceptor {
 public:
  using Handler = std::function<void(unsigned queue, std::span<PacketLease*> batch)>;

  // Binds queue_base..queue_base+queues-1, removes rules a crashed weir left
  // for these queues, and installs its rules. Fails with a message (e.g.
  // queue already bound by another program, iptables missing).
  static std::unique_ptr<Interceptor> open(const InterceptConfig& cfg, Status& err);
  // Removes the rules, gives every outstanding packet the default verdict,
  // unbinds.
  ~Interceptor();

  unsigned queue_count() const;
  const InterceptConfig& config() const;

  // Push mode: one worker thread per queue calls `handler` with each batch,
  // then flushes verdicts. Leases the handler leaves without a verdict stay
  // held until it gives one (from the same worker thread) or they time out.
  Status start(Handler handler);
  void stop();  // joins the workers

  // Pull mode (without start()): the caller drives queue q from one thread.
  RecvStatus receive(unsigned q, std::span<PacketLease*> out, size_t& n, int timeout_ms);
  void flush(unsigned q);

  // Verdicts, from the thread that drives the lease's queue.
  void pass(PacketLease& l);
  void drop(PacketLease& l);
  void pass_mark(PacketLease& l, uint32_t mark);
  // Pass the first new_len bytes of l.writable() (checksums recomputed when
  // fix_checksums). Returns false (and passes the original) if impossible.
  bool pass_modified(PacketLease& l, uint32_t new_len, bool fix_checksums = true);
  // Pass, and hand the rest of this connection back to the kernel (connmark).
  void bypass(PacketLease& l);

  // Injection (thread-safe): onto the wire through interface `ifindex`, or up
  // the local IP stack as if received.
  Status inject_to_network(int ifindex, const uint8_t* ip_packet, size_t len);
  Status inject_frame(int ifindex, const uint8_t* eth_frame, size_t len);
  Status inject_to_stack(const uint8_t* ip_packet, size_t len);
  // Up the local stack as if received on ifindex (routing, rp_filter, -i
  // rules and device-bound sockets see that adapter); through lo when the
  // kernel cannot redirect (no cls_bpf/act_mirred) or ifindex is 0.
  Status inject_to_stack(int ifindex, const uint8_t* ip_packet, size_t len);
  // Replies to the sender of a received/forwarded lease (reject): the frame
  // goes out the lease's input interface to its source MAC; for locally
  // generated packets the reply goes up the local stack.
  Status inject_reply(const PacketLease& to, const uint8_t* ip_packet, size_t len);

  InterceptStats stats() const;
  // The iptables commands that install the rules (for --dry-run display).
  std::vector<std::string> rule_commands() const;

  struct Impl;

 private:
  explicit Interceptor(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Removes the rules and chains a crashed weir left behind: every queue
// number's, except those of queues a live program is bound to.
Status intercept_cleanup(RuleBackend backend = RuleBackend::Auto);

// Builds a TCP RST (for TCP) or ICMP/ICMPv6 destination-unreachable
// (port unreachable; for anything else) answering `pkt` into out (cap bytes).
// Returns the reply length, 0 if none should be sent (e.g. pkt is a RST).
// len is what was copied; wire_len, when given, the packet's whole length,
// used where the IP header claims none (a GSO packet above 64 KiB, BIG TCP).
size_t build_reject(const uint8_t* pkt, size_t len, uint8_t* out, size_t cap, size_t wire_len = 0);

}  // namespace weir
