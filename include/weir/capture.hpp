// Live capture from Linux AF_PACKET sockets with TPACKET_V3 memory-mapped
// rings. Packets are handed out as PacketViews pointing into the ring; a ring
// block is given back to the kernel only on the receive() call after the one
// that returned its last packet, so views stay valid exactly as long as the
// PacketSource contract says.
//
// Interfaces: `-i a -i b` opens one socket+ring per interface (PacketView::
// iface = position in CaptureOptions::interfaces), each with its own link
// type (Ethernet, raw IP for tun-like devices). `-i any` opens one cooked
// socket on all interfaces and yields LINKTYPE_LINUX_SLL2 (like tcpdump),
// whose header carries the interface index, protocol and packet type. For
// "any" the filter runs in user space (a kernel filter compiled for SLL2
// would need libpcap's cooked-offset rewriting); for named interfaces it is
// attached in the kernel with SO_ATTACH_FILTER. As with tcpdump on Linux,
// the kernel filter sees 802.1Q frames with the tag already moved out of the
// frame (so "udp" matches tagged UDP too); weir puts the tag back into the
// bytes it hands out. Frames sent with PACKET_QDISC_BYPASS (weir replay,
// trafgen) skip the sending host's taps: capture them on the receiving side.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "weir/source.hpp"
#include "weir/status.hpp"

namespace weir {

enum class CaptureDirection { InOut, In, Out };

enum class FanoutMode {
  // Classic BPF program computing a symmetric hash of the IP source and
  // destination addresses (IPv4 and IPv6; other frames use the kernel's
  // flow hash): both directions and every fragment of an IP pair reach the
  // same member. The default.
  IpPair,
  // PACKET_FANOUT_HASH with PACKET_FANOUT_FLAG_DEFRAG (kernel flow hash;
  // fragments are reassembled before hashing, so they are captured
  // reassembled).
  KernelHash,
  Cpu,          // PACKET_FANOUT_CPU: the CPU that received the packet
  LoadBalance,  // PACKET_FANOUT_LB: round robin (no flow affinity)
};

struct CaptureOptions {
  std::vector<std::string> interfaces;  // names, or "any"
  uint32_t snaplen = 262144;
  // Ring per socket: block_size bytes (a power-of-two multiple of the page
  // size) times block_count. buffer_kib (-B), if set, decides block_count.
  uint32_t buffer_kib = 0;              // 0: 32 MiB
  uint32_t block_size = 1u << 20;
  uint32_t block_count = 0;             // 0: derived from buffer_kib
  // A TPACKET_V3 block is handed over when full or when this expires.
  uint32_t block_timeout_ms = 100;
  bool immediate = false;               // 1 ms block timeout, small blocks
  // Spin on the ring (up to busy_poll_us after the last packet) before
  // sleeping in poll().
  bool busy_poll = false;
  uint32_t busy_poll_us = 200;
  bool promisc = true;                  // PACKET_MR_PROMISC (dropped on close)
  CaptureDirection direction = CaptureDirection::InOut;
  std::string filter;                   // pcap-filter expression
  // PACKET_FANOUT: every source opened with the same group id (> 0) shares
  // the packets of each interface.
  int fanout_group = 0;
  FanoutMode fanout_mode = FanoutMode::IpPair;
  // poll() timeout of receive() when nothing is ready, milliseconds.
  int poll_timeout_ms = 100;
};

struct CaptureCounters {
  uint64_t packets = 0;        // handed out by receive()
  uint64_t bytes = 0;          // sum of origlen handed out
  uint64_t kernel_drops = 0;   // PACKET_STATISTICS tp_drops, accumulated
  uint64_t freeze_q = 0;       // tp_freeze_q_cnt, accumulated
  uint64_t filtered = 0;       // removed by the user-space filter / direction
};

class AfPacketSource : public PacketSource {
 public:
  // Opens sockets and rings. Errors name the interface and say what is
  // missing (no such interface, CAP_NET_RAW, ...).
  static std::unique_ptr<AfPacketSource> open(const CaptureOptions& opt, Status& err);
  ~AfPacketSource() override = default;

  // receive() waits at most poll_timeout_ms (Timeout with n == 0) unless
  // woken by wake() (Interrupted). An interface that disappears is reported
  // through take_link_lost(); receive() continues on the others.

  // Reads PACKET_STATISTICS (which resets on read) into the totals.
  virtual CaptureCounters counters() = 0;
  // Interrupts a blocking receive() from another thread or a signal handler.
  virtual void wake() = 0;
  // Re-opens the socket of interface `name` (after it was removed and added
  // again). Sets *reopened to false (and does nothing) if the socket is still
  // bound to a live interface of that name (a down/up needs no re-open: the
  // kernel re-attaches the socket). Views from the previous receive() are
  // invalid afterwards.
  virtual Status reopen(const std::string& name, bool* reopened = nullptr) = 0;
  // True (once per loss) when an interface's socket lost its interface: the
  // interface was removed (its name no longer maps to the bound index). An
  // interface going down is not a loss: the socket stays bound.
  virtual bool take_link_lost(std::string& name) = 0;
  // Whether the kernel filter is attached (false: filtering in user space).
  virtual bool kernel_filter() const = 0;
};

// Sends frames unchanged onto an interface through an AF_PACKET socket
// (SOCK_RAW, bound to the interface, PACKET_QDISC_BYPASS unless disabled),
// in sendmmsg batches. Used by `weir replay`.
class AfPacketSender {
 public:
  static std::unique_ptr<AfPacketSender> open(const std::string& ifname, bool qdisc_bypass, Status& err);
  virtual ~AfPacketSender() = default;
  // Queues one frame (the bytes must stay valid until flush()). Flushes by
  // itself when the batch is full. False on a send error (see error()).
  virtual bool send(const uint8_t* data, uint32_t len) = 0;
  virtual bool flush() = 0;
  virtual uint32_t linktype() const = 0;  // of the interface
  virtual uint32_t mtu() const = 0;
  virtual uint64_t packets_sent() const = 0;
  virtual uint64_t bytes_sent() const = 0;
  virtual uint64_t send_errors() const = 0;  // frames the kernel refused (e.g. too long)
  virtual const Status& error() const = 0;
};

}  // namespace weir
