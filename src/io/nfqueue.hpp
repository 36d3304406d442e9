// One NFQUEUE queue over a raw netlink socket: bind + configure (all flags in
// one FLAGS/MASK pair), batched receive with recvmmsg into preallocated
// buffers, leases from a fixed pool, and batched verdicts (one
// NFQNL_MSG_VERDICT_BATCH for the run of plain passes at the head of the
// outstanding list, individual verdicts packed into the same send otherwise).
// Single-threaded: one thread drives one NfQueue.
#pragma once

#include <sys/socket.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "weir/intercept.hpp"

namespace weir {

struct AtomicQueueStats;

// How many packet ids the kernel handed out between `last` and `id` that
// never reached the socket. Ids are consecutive per queue and wrap at 2^32;
// they arrive in order, so an id not after `last` means no new gap (-1).
// The packet id of a queued-packet message, from its first bytes (for one
// too large for the receive buffer). False if there is none.
bool peek_packet_id(const uint8_t* buf, size_t len, uint32_t& id);

inline int64_t nfq_id_gap(uint32_t last, uint32_t id) {
  uint32_t gap = id - last - 1;
  return gap >= 0x80000000u ? -1 : int64_t(gap);
}

class NfQueue {
 public:
  struct Options {
    uint16_t num = 0;
    uint16_t index = 0;          // PacketLease::queue
    uint32_t copy_range = 0xffff;
    uint32_t maxlen = 4096;
    uint32_t rcvbuf = 64u << 20;
    bool fail_open = true;
    bool gso = true;
    uint32_t pool = 256;
    uint32_t batch = 64;
    uint32_t timeout_ms = 2000;
    bool default_pass = true;
  };

  NfQueue();
  ~NfQueue();  // default verdict for everything outstanding, then unbind
  NfQueue(const NfQueue&) = delete;
  NfQueue& operator=(const NfQueue&) = delete;

  Status open(const Options& o);
  int fd() const { return fd_; }

  RecvStatus receive(std::span<PacketLease*> out, size_t& n, int timeout_ms);
  // NF_ACCEPT / NF_DROP; mark (if has_mark); payload of mod_len bytes from
  // l.buf_ (if mod_len > 0).
  void verdict(PacketLease& l, uint32_t nf_verdict, bool has_mark, uint32_t mark, uint32_t mod_len);
  void flush();
  // Default verdict for pending leases older than the timeout.
  void expire(int64_t now_ns);
  // Default verdict for every pending lease and every packet still unread
  // in the socket, flushed.
  void release_all();

  QueueStats stats() const;

 private:
  bool parse_packet(const uint8_t* msg, size_t len, PacketLease& l);
  void note_id(uint32_t id);
  void handle_buffer(const uint8_t* buf, size_t len, std::span<PacketLease*> out, size_t& n);
  void append_verdict(uint16_t type, uint32_t id, uint32_t v, bool has_mark, uint32_t mark,
                      const uint8_t* payload, uint32_t plen);
  void send_tx();
  void set_rcvtimeo(int ms);
  void free_lease(PacketLease& l);
  Status config_request(const void* attrs, size_t alen, const char* what);

  Options o_;
  int fd_ = -1;
  int rcvtimeo_ms_ = -1;  // SO_RCVTIMEO now set on fd_ (-1: never set)
  uint32_t seq_ = 1;
  uint32_t last_id_ = 0;
  size_t tx_limit_ = 0;  // flush tx_ before it grows past this  // last packet id seen (a fresh queue numbers from 1)
  std::vector<PacketLease> pool_;
  std::vector<PacketLease*> free_;
  std::vector<uint8_t> lease_mem_;
  // Outstanding leases in arrival (= packet id) order: ring of (lease, id).
  struct Slot {
    PacketLease* l;
    uint32_t id;
  };
  std::vector<Slot> ring_;
  size_t head_ = 0, count_ = 0;
  // Receive buffers: one per recvmmsg slot.
  std::unique_ptr<uint8_t[]> rx_raw_;
  std::unique_ptr<uint8_t[]> lease_raw_;
  size_t rx_size_ = 0;
  std::vector<struct mmsghdr> msgs_;
  std::vector<struct iovec> iovs_;
  // Verdict send buffer.
  std::vector<uint8_t> tx_;
  size_t tx_len_ = 0;
  std::unique_ptr<AtomicQueueStats> st_;
};

int64_t monotonic_ns();

}  // namespace weir
