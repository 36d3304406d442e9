// AfPacketSource: TPACKET_V3 rings on AF_PACKET sockets.
//
// Per socket: socket(protocol 0) so nothing is queued before setup is done,
// ring + mmap, filter (kernel, or a "ret #snaplen" program), bind with
// ETH_P_ALL, promiscuous membership (dropped automatically on close, so the
// interface's previous state comes back), then fanout. Blocks are walked in
// ring order; a block whose packets were all handed out is released at the
// start of the next receive() call.
#include <net/if.h>  // before the linux/ headers
#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <poll.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstdio>

#include "io/netlink.hpp"
#include "weir/bytes.hpp"
#include "weir/capture.hpp"
#include "weir/filter.hpp"

#include <pcap/pcap.h>

namespace weir {

namespace {

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

constexpr uint32_t kSll2Len = 20;
constexpr uint32_t kVlanTagLen = 4;

int64_t mono_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

std::string errstr(int e) { return strerror(e); }

struct Ring {
  std::string name;
  int fd = -1;
  int ifindex = 0;
  uint32_t linktype = linktype::kEthernet;
  bool cooked = false;
  uint8_t* map = nullptr;
  size_t map_len = 0;
  uint32_t block_size = 0;
  uint32_t nblocks = 0;
  uint32_t cur = 0;           // current block index
  uint32_t left = 0;          // packets left in the current block (0: not started)
  bool in_block = false;      // the current block is being consumed
  uint8_t* next_pkt = nullptr;
  bool dead = false;          // interface removed: no more polling for errors
  uint64_t drops = 0, freeze = 0;

  ~Ring() { close_ring(); }
  void close_ring() {
    if (map) munmap(map, map_len);
    if (fd >= 0) close(fd);
    map = nullptr;
    fd = -1;
  }
  tpacket_block_desc* block(uint32_t i) const {
    return reinterpret_cast<tpacket_block_desc*>(map + size_t(i) * block_size);
  }
  bool block_ready(uint32_t i) const {
    return __atomic_load_n(&block(i)->hdr.bh1.block_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER;
  }
  void release(uint32_t i) { __atomic_store_n(&block(i)->hdr.bh1.block_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE); }
  void read_stats() {
    if (fd < 0) return;
    tpacket_stats_v3 st{};
    socklen_t len = sizeof st;
    if (getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &len) == 0) {
      drops += st.tp_drops;
      freeze += st.tp_freeze_q_cnt;
    }
  }
};

// Symmetric IP-pair hash for PACKET_FANOUT_CBPF: the sum of source and
// destination address words (commutative, so both directions agree), folded.
// Loads are relative to the network header (SKF_NET_OFF), which works on the
// receive and transmit paths and for cooked sockets alike. Non-IP frames use
// skb->hash as it is (SKF_AD_RXHASH does not compute it): 0 unless the
// driver or the stack set one, so without a NIC hash all non-IP traffic
// (ARP, ...) goes to one worker. The kernel takes the result modulo the
// group size.
// Whether a pcap-filter expression uses the `vlan` keyword.
bool mentions_vlan(const std::string& expr) {
  std::string word;
  for (size_t i = 0; i <= expr.size(); ++i) {
    char c = i < expr.size() ? expr[i] : ' ';
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      word += char(std::tolower(static_cast<unsigned char>(c)));
    } else {
      if (word == "vlan") return true;
      word.clear();
    }
  }
  return false;
}

std::vector<sock_filter> ip_pair_hash_program() {
  std::vector<sock_filter> p;
  auto stmt = [&](uint16_t code, uint32_t k) { p.push_back(BPF_STMT(code, k)); };
  const int32_t net = SKF_NET_OFF;
  // 0: A = skb->protocol
  stmt(BPF_LD | BPF_H | BPF_ABS, uint32_t(SKF_AD_OFF + SKF_AD_PROTOCOL));
  // 1: if A == IPv4 goto v4 (3) else goto 2
  p.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_IP, 1, 0));
  // 2: if A == IPv6 goto v6 else goto nonip
  size_t j6 = p.size();
  p.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_IPV6, 0, 0));  // patched
  // v4 (3):
  stmt(BPF_LD | BPF_W | BPF_ABS, uint32_t(net + 12));
  stmt(BPF_MISC | BPF_TAX, 0);
  stmt(BPF_LD | BPF_W | BPF_ABS, uint32_t(net + 16));
  stmt(BPF_ALU | BPF_ADD | BPF_X, 0);
  size_t ja4 = p.size();
  stmt(BPF_JMP | BPF_JA, 0);  // patched -> fold
  // v6:
  size_t v6 = p.size();
  stmt(BPF_LD | BPF_W | BPF_ABS, uint32_t(net + 8));
  stmt(BPF_MISC | BPF_TAX, 0);
  for (int off = 12; off <= 36; off += 4) {
    stmt(BPF_LD | BPF_W | BPF_ABS, uint32_t(net + off));
    stmt(BPF_ALU | BPF_ADD | BPF_X, 0);
    stmt(BPF_MISC | BPF_TAX, 0);
  }
  size_t ja6 = p.size();
  stmt(BPF_JMP | BPF_JA, 0);  // patched -> fold
  // nonip:
  size_t nonip = p.size();
  stmt(BPF_LD | BPF_W | BPF_ABS, uint32_t(SKF_AD_OFF + SKF_AD_RXHASH));
  stmt(BPF_RET | BPF_A, 0);
  // fold: A ^= A >> 16; A *= 0x45d9f3b; A ^= A >> 16 (every input bit
  // reaches the low bits the kernel's modulo looks at)
  size_t fold = p.size();
  stmt(BPF_MISC | BPF_TAX, 0);
  stmt(BPF_ALU | BPF_RSH | BPF_K, 16);
  stmt(BPF_ALU | BPF_XOR | BPF_X, 0);
  stmt(BPF_ALU | BPF_MUL | BPF_K, 0x45d9f3b);
  stmt(BPF_MISC | BPF_TAX, 0);
  stmt(BPF_ALU | BPF_RSH | BPF_K, 16);
  stmt(BPF_ALU | BPF_XOR | BPF_X, 0);
  stmt(BPF_RET | BPF_A, 0);
  p[j6].jt = uint8_t(v6 - (j6 + 1));
  p[j6].jf = uint8_t(nonip - (j6 + 1));
  p[ja4].k = uint32_t(fold - (ja4 + 1));
  p[ja6].k = uint32_t(fold - (ja6 + 1));
  return p;
}

class AfPacketImpl final : public AfPacketSource {
 public:
  explicit AfPacketImpl(const CaptureOptions& opt) : opt_(opt) {}
  ~AfPacketImpl() override {
    if (wake_fd_ >= 0) close(wake_fd_);
  }

  Status init() {
    if (opt_.interfaces.empty()) return Status::error("no interface given");
    wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (wake_fd_ < 0) return Status::error("eventfd: " + errstr(errno));
    if (opt_.immediate) {
      opt_.block_timeout_ms = 1;
      if (opt_.block_size > (64u << 10)) opt_.block_size = 64u << 10;
    }
    long page = sysconf(_SC_PAGESIZE);
    if (opt_.block_size < uint32_t(page) || (opt_.block_size & (opt_.block_size - 1)))
      return Status::error("block size must be a power of two and at least " + std::to_string(page) + " bytes");
    if (opt_.block_count == 0) {
      uint64_t total = opt_.buffer_kib ? uint64_t(opt_.buffer_kib) * 1024 : (32u << 20);
      opt_.block_count = uint32_t(std::max<uint64_t>(2, total / opt_.block_size));
    }
    bool any = false;
    for (auto& n : opt_.interfaces)
      if (n == "any") any = true;
    if (any && opt_.interfaces.size() > 1) return Status::error("'any' cannot be combined with other interfaces");
    Status st = filter_.set(opt_.filter, opt_.snaplen);
    user_filter_ = mentions_vlan(opt_.filter);
    if (!st) return st;
    for (size_t i = 0; i < opt_.interfaces.size(); ++i) {
      auto r = std::make_unique<Ring>();
      r->name = opt_.interfaces[i];
      st = open_ring(*r, int(i));
      if (!st) return st;
      InterfaceInfo info;
      info.name = r->name;
      info.linktype = r->linktype;
      info.snaplen = opt_.snaplen;
      info.ts_units_per_sec = 1'000'000'000;
      ifaces_.push_back(info);
      rings_.push_back(std::move(r));
    }
    return Status::ok();
  }

  RecvStatus receive(std::span<PacketView> out, size_t& n) override {
    n = 0;
    release_done();
    bool timed_out = false;
    for (int empty_wakeups = 0;;) {
      collect(out, n);
      if (n > 0) {
        if (opt_.busy_poll) last_pkt_ns_ = mono_ns();
        return RecvStatus::Ok;
      }
      // Every packet of the blocks walked was skipped (direction or user-space
      // filter): no view points into them, so they go back to the kernel now.
      // Kept, they would be walked again once the ring wraps, and pending_
      // would overflow.
      release_done();
      if (opt_.busy_poll && last_pkt_ns_ && mono_ns() - last_pkt_ns_ < int64_t(opt_.busy_poll_us) * 1000) {
        uint64_t v;
        if (read(wake_fd_, &v, sizeof v) == sizeof v) return RecvStatus::Interrupted;
        cpu_relax();
        continue;
      }
      last_pkt_ns_ = 0;
      if (timed_out || empty_wakeups > 64) return RecvStatus::Timeout;
      int r = wait();
      if (r < 0) return RecvStatus::Interrupted;
      if (r == 0) timed_out = true;  // one more look: a block may have retired meanwhile
      else ++empty_wakeups;
    }
  }

  const Status& error() const override { return err_; }
  const std::vector<InterfaceInfo>& interfaces() const override { return ifaces_; }

  CaptureCounters counters() override {
    CaptureCounters c = counters_;
    for (auto& r : rings_) {
      r->read_stats();
      c.kernel_drops += r->drops;
      c.freeze_q += r->freeze;
    }
    return c;
  }

  void wake() override {
    uint64_t one = 1;
    ssize_t w = write(wake_fd_, &one, sizeof one);
    (void)w;
  }

  Status reopen(const std::string& name, bool* reopened) override {
    if (reopened) *reopened = false;
    for (size_t i = 0; i < rings_.size(); ++i) {
      Ring& r = *rings_[i];
      if (r.name != name) continue;
      int idx = int(if_nametoindex(name.c_str()));
      if (!r.dead && r.fd >= 0 && idx == r.ifindex) return Status::ok();
      if (idx == 0) return Status::error("interface '" + name + "' does not exist (yet)");
      release_done();  // pending blocks may belong to the ring being replaced
      if (reopened) *reopened = true;
      auto nr = std::make_unique<Ring>();
      nr->name = name;
      r.read_stats();  // drops the old socket counted since the last read
      nr->drops = r.drops;
      nr->freeze = r.freeze;
      Status st = open_ring(*nr, int(i));
      if (!st) return st;
      rings_[i] = std::move(nr);
      return Status::ok();
    }
    return Status::ok();
  }

  bool take_link_lost(std::string& name) override {
    if (lost_.empty()) return false;
    name = lost_.back();
    lost_.pop_back();
    return true;
  }

  bool kernel_filter() const override {
    for (auto& r : rings_)
      if ((r->cooked || user_filter_) && !opt_.filter.empty()) return false;
    return true;
  }

 private:
  Status open_ring(Ring& r, int pos) {
    bool any = r.name == "any";
    int arphrd = 0;
    if (!any) {
      if (r.name.size() >= IFNAMSIZ) return Status::error("interface name too long: '" + r.name + "'");
      r.ifindex = int(if_nametoindex(r.name.c_str()));
      if (r.ifindex == 0)
        return Status::error("no such interface '" + r.name + "' (see 'weir list')");
    }
    int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      int e = errno;
      if (e == EPERM || e == EACCES)
        return Status::error("cannot open a packet socket: " + errstr(e) +
                             " (capturing needs CAP_NET_RAW: run as root or grant cap_net_raw)");
      return Status::error("socket(AF_PACKET): " + errstr(e));
    }
    r.fd = fd;
    if (!any) {
      ifreq ifr{};
      memcpy(ifr.ifr_name, r.name.c_str(), r.name.size() + 1);
      if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) return Status::error("interface '" + r.name + "': " + errstr(errno));
      arphrd = ifr.ifr_hwaddr.sa_family;
      r.linktype = linktype_for_arphrd(arphrd);
    }
    r.cooked = any || r.linktype == linktype::kLinuxSll2;
    if (r.cooked) {
      r.linktype = linktype::kLinuxSll2;
      // Cooked: the kernel strips the link header; weir writes an SLL2
      // header in the reserved room before each packet.
      close(fd);
      r.fd = -1;  // ~Ring must not close the number again
      fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
      if (fd < 0) return Status::error("socket(AF_PACKET, SOCK_DGRAM): " + errstr(errno));
      r.fd = fd;
    }
    int ver = TPACKET_V3;
    if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &ver, sizeof ver) < 0)
      return Status::error("PACKET_VERSION TPACKET_V3: " + errstr(errno));
    // Room to write an SLL2 header (cooked) or re-insert a VLAN tag that the
    // kernel moved out of the frame (hardware VLAN acceleration).
    unsigned reserve = r.cooked ? kSll2Len : kVlanTagLen;
    if (setsockopt(fd, SOL_PACKET, PACKET_RESERVE, &reserve, sizeof reserve) < 0)
      return Status::error("PACKET_RESERVE: " + errstr(errno));
    tpacket_req3 req{};
    req.tp_block_size = opt_.block_size;
    req.tp_block_nr = opt_.block_count;
    req.tp_frame_size = 2048;
    req.tp_frame_nr = uint32_t(uint64_t(opt_.block_size) * opt_.block_count / req.tp_frame_size);
    req.tp_retire_blk_tov = opt_.block_timeout_ms ? opt_.block_timeout_ms : 1;
    if (setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req) < 0)
      return Status::error("PACKET_RX_RING (" + std::to_string(opt_.block_count) + " blocks of " +
                           std::to_string(opt_.block_size) + " bytes): " + errstr(errno));
    r.block_size = req.tp_block_size;
    r.nblocks = req.tp_block_nr;
    r.map_len = size_t(r.block_size) * r.nblocks;
    void* m = mmap(nullptr, r.map_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_LOCKED, fd, 0);
    if (m == MAP_FAILED) m = mmap(nullptr, r.map_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED) return Status::error("mmap of the capture ring: " + errstr(errno));
    r.map = static_cast<uint8_t*>(m);

    // Filter: the compiled expression in the kernel, else just the snaplen.
    Status st;
    const bpf_program* prog = nullptr;
    if (!opt_.filter.empty() && !r.cooked && !user_filter_) {
      prog = filter_.program(r.linktype, &st);
      if (!prog) return st;
      kernel_filter_ = true;
    }
    sock_filter snap[1] = {BPF_STMT(BPF_RET | BPF_K, opt_.snaplen)};
    sock_fprog fp{};
    if (prog) {
      fp.len = uint16_t(prog->bf_len);
      fp.filter = reinterpret_cast<sock_filter*>(prog->bf_insns);
    } else {
      fp.len = 1;
      fp.filter = snap;
    }
    if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fp, sizeof fp) < 0)
      return Status::error("SO_ATTACH_FILTER: " + errstr(errno));
    if (opt_.direction == CaptureDirection::In) {
      int one = 1;
      if (setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one) < 0)
        return Status::error("PACKET_IGNORE_OUTGOING: " + errstr(errno));
    }
    sockaddr_ll sll{};
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = r.ifindex;
    if (bind(fd, reinterpret_cast<sockaddr*>(&sll), sizeof sll) < 0) {
      int e = errno;
      return Status::error("bind to interface '" + r.name + "': " + errstr(e) +
                           (e == ENETDOWN ? " (interface is down)" : ""));
    }
    if (opt_.promisc && !any) {
      packet_mreq mr{};
      mr.mr_ifindex = r.ifindex;
      mr.mr_type = PACKET_MR_PROMISC;
      if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof mr) < 0)
        return Status::error("promiscuous mode on '" + r.name + "': " + errstr(errno));
    }
    if (opt_.fanout_group > 0) {
      uint32_t mode = PACKET_FANOUT_CBPF;
      switch (opt_.fanout_mode) {
        case FanoutMode::IpPair: mode = PACKET_FANOUT_CBPF; break;
        case FanoutMode::KernelHash: mode = PACKET_FANOUT_HASH | PACKET_FANOUT_FLAG_DEFRAG; break;
        case FanoutMode::Cpu: mode = PACKET_FANOUT_CPU; break;
        case FanoutMode::LoadBalance: mode = PACKET_FANOUT_LB; break;
      }
      // One group per interface: the kernel requires members of a group to
      // be bound to the same device.
      uint32_t id = uint32_t(opt_.fanout_group + pos) & 0xffff;
      uint32_t arg = id | (mode << 16);
      if (setsockopt(fd, SOL_PACKET, PACKET_FANOUT, &arg, sizeof arg) < 0)
        return Status::error("PACKET_FANOUT group " + std::to_string(id) + " on '" + r.name + "': " + errstr(errno));
      if (opt_.fanout_mode == FanoutMode::IpPair) {
        static const std::vector<sock_filter> hash = ip_pair_hash_program();
        sock_fprog hp{uint16_t(hash.size()), const_cast<sock_filter*>(hash.data())};
        if (setsockopt(fd, SOL_PACKET, PACKET_FANOUT_DATA, &hp, sizeof hp) < 0)
          return Status::error("PACKET_FANOUT_DATA (IP-pair hash program): " + errstr(errno));
      }
    }
    r.cur = 0;
    r.in_block = false;
    r.dead = false;
    return Status::ok();
  }

  // Hands released blocks back to the kernel (those finished last call).
  void release_done() {
    for (int i = 0; i < npending_; ++i) pending_[i].ring->release(pending_[i].block);
    npending_ = 0;
  }

  // Walks ready blocks of every ring, round-robin, filling `out`.
  void collect(std::span<PacketView> out, size_t& n) {
    size_t nr = rings_.size();
    for (size_t k = 0; k < nr && n < out.size(); ++k) {
      size_t ri = (rr_ + k) % nr;
      Ring& r = *rings_[ri];
      if (!r.map) continue;
      // Bounded: at most one pass over the ring per call.
      for (uint32_t guard = 0; guard < r.nblocks && n < out.size(); ++guard) {
        if (npending_ == kMaxPending) {  // cannot track more consumed blocks this call
          rr_ = ri;
          return;
        }
        if (!r.in_block) {
          if (!r.block_ready(r.cur)) break;
          tpacket_block_desc* b = r.block(r.cur);
          r.left = b->hdr.bh1.num_pkts;
          uint32_t first = b->hdr.bh1.offset_to_first_pkt;
          r.next_pkt = first < r.block_size ? reinterpret_cast<uint8_t*>(b) + first : nullptr;
          if (!r.next_pkt) r.left = 0;
          r.in_block = true;
        }
        uint8_t* bstart = reinterpret_cast<uint8_t*>(r.block(r.cur));
        uint8_t* bend = bstart + r.block_size;
        while (r.left > 0 && n < out.size()) {
          uint8_t* p = r.next_pkt;
          if (p + sizeof(tpacket3_hdr) > bend) {  // corrupt: give up on this block
            r.left = 0;
            break;
          }
          auto* h = reinterpret_cast<tpacket3_hdr*>(p);
          --r.left;
          r.next_pkt = h->tp_next_offset ? p + h->tp_next_offset : nullptr;
          if (!r.next_pkt) r.left = 0;
          if (take(r, int(ri), p, bend, out[n])) ++n;
        }
        if (r.left == 0) {
          // Block consumed: release on the next call (views point into it).
          pending_[npending_++] = {&r, r.cur};
          r.in_block = false;
          r.cur = (r.cur + 1) % r.nblocks;
          if (npending_ == kMaxPending) {  // cannot track more; stop here
            rr_ = ri;
            return;
          }
        }
      }
    }
    rr_ = (rr_ + 1) % (nr ? nr : 1);
  }

  // Fills one view from a ring frame; false if the packet is skipped.
  bool take(Ring& r, int ri, uint8_t* p, uint8_t* bend, PacketView& v) {
    auto* h = reinterpret_cast<tpacket3_hdr*>(p);
    const size_t sll_off = TPACKET_ALIGN(sizeof(tpacket3_hdr));
    if (p + sll_off + sizeof(sockaddr_ll) > bend) return false;
    auto* sll = reinterpret_cast<sockaddr_ll*>(p + sll_off);
    uint8_t pkttype = sll->sll_pkttype;
    if (opt_.direction == CaptureDirection::Out && pkttype != PACKET_OUTGOING) {
      ++counters_.filtered;
      return false;
    }
    uint32_t mac = h->tp_mac, caplen = h->tp_snaplen, len = h->tp_len;
    if (mac > size_t(bend - p) || caplen > size_t(bend - p) - mac) return false;
    uint8_t* data = p + mac;
    if (r.cooked) {
      if (mac < sll_off + sizeof(sockaddr_ll) + kSll2Len) return false;
      data -= kSll2Len;
      // SLL2: protocol, reserved, ifindex, hatype, pkttype, halen, addr[8]
      uint16_t proto = sll->sll_protocol;  // network order already
      memcpy(data, &proto, 2);
      data[2] = data[3] = 0;
      uint32_t idx = htonl(uint32_t(sll->sll_ifindex));
      memcpy(data + 4, &idx, 4);
      uint16_t hat = htons(sll->sll_hatype);
      memcpy(data + 8, &hat, 2);
      data[10] = pkttype;
      uint8_t halen = sll->sll_halen > 8 ? 8 : sll->sll_halen;
      data[11] = halen;
      memset(data + 12, 0, 8);
      memcpy(data + 12, sll->sll_addr, halen);
      caplen += kSll2Len;
      len += kSll2Len;
    } else if ((h->tp_status & TP_STATUS_VLAN_VALID) && r.linktype == linktype::kEthernet && caplen >= 12 &&
               mac >= sll_off + sizeof(sockaddr_ll) + kVlanTagLen) {
      // Put back the 802.1Q tag the kernel took out of the frame.
      uint16_t tpid = (h->tp_status & TP_STATUS_VLAN_TPID_VALID) ? h->hv1.tp_vlan_tpid : ETH_P_8021Q;
      uint16_t tci = h->hv1.tp_vlan_tci;
      memmove(data - kVlanTagLen, data, 12);
      data -= kVlanTagLen;
      data[12] = uint8_t(tpid >> 8);
      data[13] = uint8_t(tpid);
      data[14] = uint8_t(tci >> 8);
      data[15] = uint8_t(tci);
      caplen += kVlanTagLen;
      len += kVlanTagLen;
    }
    if (caplen > opt_.snaplen) caplen = opt_.snaplen;
    v.data = data;
    v.caplen = caplen;
    v.origlen = len;
    v.ts_ns = int64_t(h->tp_sec) * 1'000'000'000 + h->tp_nsec;
    v.linktype = r.linktype;
    v.iface = uint32_t(ri);
    v.iface_known = true;
    v.dir = pkttype == PACKET_OUTGOING ? Direction::Outbound : Direction::Inbound;
    v.file_offset = 0;
    if ((r.cooked || user_filter_) && !opt_.filter.empty() && !filter_.matches(v)) {
      ++counters_.filtered;
      return false;
    }
    ++counters_.packets;
    counters_.bytes += len;
    return true;
  }

  // poll() on every ring and the wake eventfd: >0 ready, 0 timeout, -1 woken.
  int wait() {
    pollfd pfd[kMaxPoll];
    size_t np = 0;
    pfd[np++] = {wake_fd_, POLLIN, 0};
    size_t ring_of[kMaxPoll];
    for (size_t i = 0; i < rings_.size() && np < kMaxPoll; ++i) {
      if (rings_[i]->fd < 0) continue;
      ring_of[np] = i;
      pfd[np++] = {rings_[i]->fd, short(rings_[i]->dead ? POLLIN : (POLLIN | POLLERR)), 0};
    }
    int r = ::poll(pfd, np, opt_.poll_timeout_ms);
    if (r < 0) return errno == EINTR ? -1 : 0;
    if (pfd[0].revents & POLLIN) {
      uint64_t v;
      ssize_t rd = read(wake_fd_, &v, sizeof v);
      (void)rd;
      return -1;
    }
    for (size_t i = 1; i < np; ++i) {
      if (!(pfd[i].revents & (POLLERR | POLLHUP | POLLNVAL))) continue;
      Ring& ring = *rings_[ring_of[i]];
      int e = 0;
      socklen_t el = sizeof e;
      getsockopt(ring.fd, SOL_SOCKET, SO_ERROR, &e, &el);  // clears sk_err
      // ENETDOWN on both "down" and "removed"; removed if the name no longer
      // maps to the index we bound to (the kernel unbinds the socket then).
      if (int(if_nametoindex(ring.name.c_str())) != ring.ifindex && !ring.dead) {
        ring.dead = true;
        lost_.push_back(ring.name);
      }
    }
    return r;
  }

  struct Pending {
    Ring* ring;
    uint32_t block;
  };
  static constexpr int kMaxPending = 256;
  static constexpr size_t kMaxPoll = 64;

  CaptureOptions opt_;
  BpfFilter filter_;
  bool kernel_filter_ = false;
  // The expression tests VLAN tags: the kernel takes the tag out of the
  // frame before a socket filter runs, and a program compiled without a
  // live libpcap handle looks for it in the frame, so `vlan` would never
  // match there. Such expressions run in user space on the frame with its
  // tag put back (as a capture file has it).
  bool user_filter_ = false;
  std::vector<std::unique_ptr<Ring>> rings_;
  std::vector<InterfaceInfo> ifaces_;
  std::vector<std::string> lost_;
  Pending pending_[kMaxPending];
  int npending_ = 0;
  size_t rr_ = 0;
  int wake_fd_ = -1;
  int64_t last_pkt_ns_ = 0;
  CaptureCounters counters_;
  Status err_;
};

}  // namespace

std::unique_ptr<AfPacketSource> AfPacketSource::open(const CaptureOptions& opt, Status& err) {
  auto s = std::make_unique<AfPacketImpl>(opt);
  Status st = s->init();
  if (!st) {
    err = st;
    return nullptr;
  }
  return s;
}

}  // namespace weir
