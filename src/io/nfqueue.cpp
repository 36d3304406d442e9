// NFQUEUE over a raw netlink socket (no library: the message formats are the
// small, stable ones in <linux/netfilter/nfnetlink_queue.h>). See
// nfqueue.hpp for the design and ../shared notes for the kernel facts.
#include "io/nfqueue.hpp"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_queue.h>
#include <linux/netlink.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cstring>

#include "weir/bytes.hpp"

namespace weir {

int64_t monotonic_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

static int64_t realtime_ns() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

struct AtomicQueueStats {
#define WEIR_QSTATS(X)                                                                        \
  X(received) X(passed) X(dropped) X(modified) X(marked) X(timed_out) X(batch_verdicts)     \
      X(single_verdicts) X(verdict_errors) X(enobufs) X(recv_errors) X(pool_exhausted)       \
          X(gso_packets) X(csum_not_ready) X(socket_overflow)
#define WEIR_DECL(f) std::atomic<uint64_t> f{0};
  WEIR_QSTATS(WEIR_DECL)
#undef WEIR_DECL
};

static inline void bump(std::atomic<uint64_t>& a, uint64_t n = 1) {
  a.store(a.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
}

uint8_t* PacketLease::writable() {
  if (view.caplen < full_len || view.caplen > buf_cap_ || !buf_) return nullptr;
  if (!owned_) {
    std::memcpy(buf_, view.data, view.caplen);
    view.data = buf_;
    owned_ = true;
  }
  return buf_;
}

NfQueue::NfQueue() : st_(new AtomicQueueStats) {}

NfQueue::~NfQueue() {
  if (fd_ >= 0) {
    release_all();
    close(fd_);
  }
}

namespace {

constexpr size_t kNlHdr = NLMSG_ALIGN(sizeof(nlmsghdr));
constexpr size_t kNfHdr = NLMSG_ALIGN(sizeof(nfgenmsg));
constexpr size_t kMaxPayload = 0xffff - NLA_HDRLEN;  // largest NFQA_PAYLOAD

// Appends one attribute at buf+off (caller guarantees room).
size_t put_attr(uint8_t* buf, size_t off, uint16_t type, const void* data, size_t len) {
  nlattr a;
  a.nla_len = uint16_t(NLA_HDRLEN + len);
  a.nla_type = type;
  std::memcpy(buf + off, &a, sizeof a);
  if (len) std::memcpy(buf + off + NLA_HDRLEN, data, len);
  size_t total = NLA_ALIGN(NLA_HDRLEN + len);
  if (total > NLA_HDRLEN + len) std::memset(buf + off + NLA_HDRLEN + len, 0, total - NLA_HDRLEN - len);
  return off + total;
}

size_t put_header(uint8_t* buf, uint16_t type, uint16_t flags, uint32_t seq, uint16_t queue) {
  nlmsghdr h{};
  h.nlmsg_type = uint16_t((NFNL_SUBSYS_QUEUE << 8) | type);
  h.nlmsg_flags = uint16_t(NLM_F_REQUEST | flags);
  h.nlmsg_seq = seq;
  std::memcpy(buf, &h, sizeof h);
  nfgenmsg g{};
  g.nfgen_family = AF_UNSPEC;
  g.version = NFNETLINK_V0;
  g.res_id = htons(queue);
  std::memcpy(buf + kNlHdr, &g, sizeof g);
  return kNlHdr + kNfHdr;
}

void set_len(uint8_t* buf, size_t len) {
  uint32_t l = uint32_t(len);
  std::memcpy(buf + offsetof(nlmsghdr, nlmsg_len), &l, 4);
}

}  // namespace

Status NfQueue::config_request(const void* attrs, size_t alen, const char* what) {
  uint8_t buf[256];
  size_t off = put_header(buf, NFQNL_MSG_CONFIG, NLM_F_ACK, ++seq_, o_.num);
  std::memcpy(buf + off, attrs, alen);
  off += alen;
  set_len(buf, off);
  sockaddr_nl to{};
  to.nl_family = AF_NETLINK;
  if (sendto(fd_, buf, off, 0, reinterpret_cast<sockaddr*>(&to), sizeof to) < 0)
    return Status::error(std::string("nfqueue ") + what + ": send: " + strerror(errno));
  // Wait for the ack. Packets from stale rules may arrive meanwhile: accept them.
  std::vector<uint8_t> rb(rx_size_ ? rx_size_ : 70000);
  for (int tries = 0; tries < 64; ++tries) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, 2000) <= 0) return Status::error(std::string("nfqueue ") + what + ": no answer from the kernel");
    ssize_t r = recv(fd_, rb.data(), rb.size(), 0);
    if (r < 0) {
      if (errno == EINTR || errno == ENOBUFS) continue;
      return Status::error(std::string("nfqueue ") + what + ": recv: " + strerror(errno));
    }
    size_t pos = 0;
    while (pos + sizeof(nlmsghdr) <= size_t(r)) {
      nlmsghdr h;
      std::memcpy(&h, rb.data() + pos, sizeof h);
      if (h.nlmsg_len < sizeof h || pos + h.nlmsg_len > size_t(r)) break;
      if (h.nlmsg_type == NLMSG_ERROR && h.nlmsg_seq == seq_ && h.nlmsg_len >= kNlHdr + sizeof(nlmsgerr)) {
        nlmsgerr e;
        std::memcpy(&e, rb.data() + pos + kNlHdr, sizeof e);
        if (e.error == 0) return Status::ok();
        int err = -e.error;
        std::string m = std::string("nfqueue ") + what + " (queue " + std::to_string(o_.num) + "): " + strerror(err);
        if (err == EBUSY) m += " (the queue is bound by another program; choose another --queue-base)";
        if (err == EPERM) m += " (needs CAP_NET_ADMIN)";
        return Status::error(m);
      }
      if ((h.nlmsg_type & 0xff) == NFQNL_MSG_PACKET) {
        PacketLease tmp;
        if (parse_packet(rb.data() + pos, h.nlmsg_len, tmp)) {
          append_verdict(NFQNL_MSG_VERDICT, tmp.packet_id, NF_ACCEPT, false, 0, nullptr, 0);
          send_tx();
        }
      }
      pos += NLMSG_ALIGN(h.nlmsg_len);
    }
  }
  return Status::error(std::string("nfqueue ") + what + ": no acknowledgement");
}

Status NfQueue::open(const Options& o) {
  o_ = o;
  if (o_.pool == 0) o_.pool = 1;
  if (o_.batch == 0) o_.batch = 1;
  // The kernel reads a copy range of 0 as "everything": size for that.
  if (o_.copy_range == 0 || o_.copy_range > 0xffff) o_.copy_range = 0xffff;
  fd_ = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
  if (fd_ < 0) return Status::error(std::string("nfqueue: netlink socket: ") + strerror(errno));
  sockaddr_nl me{};
  me.nl_family = AF_NETLINK;
  if (bind(fd_, reinterpret_cast<sockaddr*>(&me), sizeof me) < 0)
    return Status::error(std::string("nfqueue: bind netlink: ") + strerror(errno));
  int rcv = int(o_.rcvbuf);
  if (setsockopt(fd_, SOL_SOCKET, SO_RCVBUFFORCE, &rcv, sizeof rcv) < 0)
    setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof rcv);
  int one = 1;
  setsockopt(fd_, SOL_NETLINK, NETLINK_NO_ENOBUFS, &one, sizeof one);
  int sndbuf = 4 << 20;
  if (setsockopt(fd_, SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf, sizeof sndbuf) < 0)
    setsockopt(fd_, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);  // capped by net.core.wmem_max
  socklen_t sl = sizeof sndbuf;
  if (getsockopt(fd_, SOL_SOCKET, SO_SNDBUF, &sndbuf, &sl) < 0) sndbuf = 0;

  // Buffers, all allocated here (never per packet). new[] without () leaves
  // pages untouched until used.
  rx_size_ = size_t(o_.copy_range) + 4096;
  rx_raw_.reset(new uint8_t[rx_size_ * o_.batch]);
  msgs_.assign(o_.batch, mmsghdr{});
  iovs_.assign(o_.batch, iovec{});
  for (uint32_t i = 0; i < o_.batch; ++i) {
    iovs_[i].iov_base = rx_raw_.get() + i * rx_size_;
    iovs_[i].iov_len = rx_size_;
    msgs_[i].msg_hdr.msg_iov = &iovs_[i];
    msgs_[i].msg_hdr.msg_iovlen = 1;
  }
  size_t lease_cap = size_t(o_.copy_range) + 256;
  lease_raw_.reset(new uint8_t[lease_cap * o_.pool]);
  pool_.assign(o_.pool, PacketLease{});
  free_.clear();
  for (uint32_t i = 0; i < o_.pool; ++i) {
    pool_[i].buf_ = lease_raw_.get() + i * lease_cap;
    // A modified packet goes back in one netlink attribute (16-bit length).
    pool_[i].buf_cap_ = uint32_t(lease_cap > kMaxPayload ? kMaxPayload : lease_cap);
    free_.push_back(&pool_[o_.pool - 1 - i]);
  }
  ring_.assign(o_.pool, Slot{nullptr, 0});
  head_ = count_ = 0;
  tx_.assign(256 << 10, 0);
  tx_len_ = 0;
  // netlink refuses a send larger than the socket's send buffer (EMSGSIZE):
  // flush before one would grow past it.
  tx_limit_ = tx_.size();
  if (sndbuf > 4096 && size_t(sndbuf) - 64 < tx_limit_) tx_limit_ = size_t(sndbuf) - 64;

  nfqnl_msg_config_cmd cmd{};
  cmd.command = NFQNL_CFG_CMD_BIND;
  uint8_t a[64];
  size_t al = put_attr(a, 0, NFQA_CFG_CMD, &cmd, sizeof cmd);
  if (Status s = config_request(a, al, "bind"); !s) return s;

  // Parameters, queue length and ALL flags in one message, one FLAGS/MASK pair.
  nfqnl_msg_config_params params{};
  params.copy_range = htonl(o_.copy_range);
  params.copy_mode = NFQNL_COPY_PACKET;
  uint32_t maxlen = htonl(o_.maxlen);
  uint32_t flags = (o_.gso ? NFQA_CFG_F_GSO : 0) | (o_.fail_open ? NFQA_CFG_F_FAIL_OPEN : 0);
  uint32_t mask = htonl(NFQA_CFG_F_GSO | NFQA_CFG_F_FAIL_OPEN);
  uint32_t nflags = htonl(flags);
  al = put_attr(a, 0, NFQA_CFG_PARAMS, &params, sizeof params);
  al = put_attr(a, al, NFQA_CFG_QUEUE_MAXLEN, &maxlen, 4);
  al = put_attr(a, al, NFQA_CFG_FLAGS, &nflags, 4);
  al = put_attr(a, al, NFQA_CFG_MASK, &mask, 4);
  return config_request(a, al, "configure");
}

bool NfQueue::parse_packet(const uint8_t* msg, size_t len, PacketLease& l) {
  ByteCursor c(msg, len);
  if (!c.skip(kNlHdr + kNfHdr)) return false;
  bool have_hdr = false;
  bool have_cap_len = false;
  l.view = PacketView{};
  l.view.linktype = linktype::kRaw;
  l.mark = 0;
  l.indev = l.outdev = 0;
  l.hwaddr_len = 0;
  l.csum_not_ready = l.gso = false;
  l.owned_ = false;
  int64_t ts = 0;
  while (c.remaining() >= NLA_HDRLEN) {
    nlattr na;  // netlink attribute headers are in host byte order
    if (!c.copy(&na, sizeof na)) return false;
    size_t alen = na.nla_len, atype = na.nla_type;
    if (alen < NLA_HDRLEN || alen - NLA_HDRLEN > c.remaining()) return false;
    const uint8_t* p;
    size_t plen = alen - NLA_HDRLEN;
    c.bytes(p, plen);
    size_t pad = NLA_ALIGN(alen) - alen;
    c.skip(pad < c.remaining() ? pad : c.remaining());
    switch (atype & NLA_TYPE_MASK) {
      case NFQA_PACKET_HDR:
        if (plen < 7) return false;
        l.packet_id = load_be32(p);
        l.hw_protocol = load_be16(p + 4);
        l.hook = Hook(p[6] <= 4 ? p[6] : 1);
        have_hdr = true;
        break;
      case NFQA_MARK:
        if (plen >= 4) l.mark = load_be32(p);
        break;
      case NFQA_TIMESTAMP:
        if (plen >= 16) ts = int64_t(load_be64(p)) * 1000000000 + int64_t(load_be64(p + 8)) * 1000;
        break;
      case NFQA_IFINDEX_INDEV:
        if (plen >= 4) l.indev = load_be32(p);
        break;
      case NFQA_IFINDEX_OUTDEV:
        if (plen >= 4) l.outdev = load_be32(p);
        break;
      case NFQA_HWADDR:
        if (plen >= 12) {
          uint16_t hl = load_be16(p);
          l.hwaddr_len = uint8_t(hl > 8 ? 8 : hl);
          std::memcpy(l.hwaddr, p + 4, l.hwaddr_len);
        }
        break;
      case NFQA_PAYLOAD:
        l.view.data = p;
        l.view.caplen = uint32_t(plen);
        break;
      case NFQA_CAP_LEN:
        if (plen >= 4) {
          l.full_len = load_be32(p);
          have_cap_len = true;
        }
        break;
      case NFQA_SKB_INFO:
        if (plen >= 4) {
          uint32_t info = load_be32(p);
          l.csum_not_ready = info & NFQA_SKB_CSUMNOTREADY;
          l.gso = info & NFQA_SKB_GSO;
        }
        break;
      default:
        break;
    }
  }
  if (!have_hdr) return false;
  note_id(l.packet_id);
  if (!have_cap_len) l.full_len = l.view.caplen;
  l.view.origlen = l.full_len;
  l.view.ts_ns = ts;
  l.view.iface = l.indev ? l.indev : l.outdev;
  l.view.dir = l.hook == Hook::Output || l.hook == Hook::PostRouting ? Direction::Outbound : Direction::Inbound;
  if (!l.view.data) l.view.data = l.buf_;  // no payload attribute: empty packet
  return true;
}

void NfQueue::note_id(uint32_t id) {
  // The kernel numbers packets under the queue lock and puts them into this
  // socket in that order; a number we never see is a packet it numbered but
  // could not deliver (receive buffer full): passed under fail-open, dropped
  // (its user_dropped) under fail-closed.
  int64_t gap = nfq_id_gap(last_id_, id);
  if (gap < 0) return;
  if (gap) bump(st_->socket_overflow, uint64_t(gap));
  last_id_ = id;
}

// The packet id of a (possibly truncated) queued-packet message: its
// NFQA_PACKET_HDR comes first, well inside what was read.
bool peek_packet_id(const uint8_t* buf, size_t len, uint32_t& id) {
  nlmsghdr h;
  if (len < sizeof h) return false;
  std::memcpy(&h, buf, sizeof h);
  if ((h.nlmsg_type >> 8) != NFNL_SUBSYS_QUEUE || (h.nlmsg_type & 0xff) != NFQNL_MSG_PACKET) return false;
  if (h.nlmsg_len < len) len = h.nlmsg_len;
  for (size_t pos = kNlHdr + kNfHdr; pos + NLA_HDRLEN <= len;) {
    nlattr a;
    std::memcpy(&a, buf + pos, sizeof a);
    if (a.nla_len < NLA_HDRLEN) return false;
    if ((a.nla_type & NLA_TYPE_MASK) == NFQA_PACKET_HDR) {
      if (a.nla_len < NLA_HDRLEN + 4 || pos + NLA_HDRLEN + 4 > len) return false;
      id = load_be32(buf + pos + NLA_HDRLEN);
      return true;
    }
    pos += NLA_ALIGN(a.nla_len);
  }
  return false;
}

void NfQueue::handle_buffer(const uint8_t* buf, size_t len, std::span<PacketLease*> out, size_t& n) {
  size_t pos = 0;
  while (pos + sizeof(nlmsghdr) <= len) {
    nlmsghdr h;
    std::memcpy(&h, buf + pos, sizeof h);
    if (h.nlmsg_len < sizeof h || pos + h.nlmsg_len > len) {
      bump(st_->recv_errors);
      return;
    }
    if (h.nlmsg_type == NLMSG_ERROR) {
      if (h.nlmsg_len >= kNlHdr + sizeof(nlmsgerr)) {
        nlmsgerr e;
        std::memcpy(&e, buf + pos + kNlHdr, sizeof e);
        if (e.error != 0) bump(st_->verdict_errors);
      }
    } else if ((h.nlmsg_type >> 8) == NFNL_SUBSYS_QUEUE && (h.nlmsg_type & 0xff) == NFQNL_MSG_PACKET) {
      if (free_.empty() || n >= out.size()) {
        // Cannot happen (we never read more than we have leases for), but
        // never leave a packet without a verdict.
        PacketLease tmp;
        if (parse_packet(buf + pos, h.nlmsg_len, tmp))
          append_verdict(NFQNL_MSG_VERDICT, tmp.packet_id, o_.default_pass ? NF_ACCEPT : NF_DROP, false, 0, nullptr, 0);
        bump(st_->pool_exhausted);
      } else {
        PacketLease* l = free_.back();
        if (parse_packet(buf + pos, h.nlmsg_len, *l)) {
          free_.pop_back();
          l->queue = o_.index;
          l->state_ = 1;
          l->received_ns = 0;
          ring_[(head_ + count_) % ring_.size()] = Slot{l, l->packet_id};
          ++count_;
          out[n++] = l;
          bump(st_->received);
          if (l->gso) bump(st_->gso_packets);
          if (l->csum_not_ready) bump(st_->csum_not_ready);
        } else {
          bump(st_->recv_errors);
        }
      }
    }
    pos += NLMSG_ALIGN(h.nlmsg_len);
  }
}

RecvStatus NfQueue::receive(std::span<PacketLease*> out, size_t& n, int timeout_ms) {
  n = 0;
  // Held leases may point into the receive buffers we are about to reuse.
  for (size_t i = 0; i < count_; ++i) {
    Slot& s = ring_[(head_ + i) % ring_.size()];
    PacketLease* l = s.l;
    if (l->state_ == 1 && l->packet_id == s.id && !l->owned_) {
      uint32_t c = l->view.caplen <= l->buf_cap_ ? l->view.caplen : l->buf_cap_;
      std::memcpy(l->buf_, l->view.data, c);
      l->view.data = l->buf_;
      l->view.caplen = c;
      l->owned_ = true;
    }
  }
  int64_t now = monotonic_ns();
  expire(now);
  size_t want = out.size();
  if (want > free_.size()) want = free_.size();
  if (want > ring_.size() - count_) want = ring_.size() - count_;
  if (want > msgs_.size()) want = msgs_.size();
  if (want == 0) {
    // Every lease is held: stop reading; the kernel holds packets meanwhile.
    bump(st_->pool_exhausted);
    flush();
    timespec ts{0, 1000000};
    nanosleep(&ts, nullptr);
    return RecvStatus::Timeout;
  }
  // Decided verdicts go out before we may sleep.
  flush();
  int wait = timeout_ms;
  if (count_ > 0) {
    // Wake up in time to expire held leases.
    int64_t oldest = ring_[head_].l->received_ns;
    int64_t left_ms = (oldest + int64_t(o_.timeout_ms) * 1000000 - now) / 1000000 + 1;
    if (left_ms < wait || wait < 0) wait = int(left_ms < 1 ? 1 : left_ms);
  }
  // One syscall per wake-up: a blocking recvmmsg with MSG_WAITFORONE returns
  // as soon as one message is there and takes what else is queued without
  // blocking; SO_RCVTIMEO bounds the wait (recvmmsg's own timeout only
  // counts between messages).
  for (int attempt = 0; attempt < 8; ++attempt) {
    int flags = MSG_DONTWAIT;
    if (wait != 0) {
      set_rcvtimeo(wait);
      flags = MSG_WAITFORONE;
    }
    int r = recvmmsg(fd_, msgs_.data(), unsigned(want), flags, nullptr);
    if (r > 0) {
      int64_t rt = realtime_ns();
      int64_t mono = monotonic_ns();
      for (int i = 0; i < r; ++i) {
        if (msgs_[i].msg_hdr.msg_flags & MSG_TRUNC) {
          // Larger than a receive buffer (not with the kernel's copy range):
          // never leave it waiting for a batch verdict to accept it.
          bump(st_->recv_errors);
          uint32_t id;
          if (peek_packet_id(static_cast<uint8_t*>(iovs_[i].iov_base), iovs_[i].iov_len, id)) {
            note_id(id);
            append_verdict(NFQNL_MSG_VERDICT, id, o_.default_pass ? NF_ACCEPT : NF_DROP, false, 0, nullptr, 0);
          }
          continue;
        }
        size_t before = n;
        handle_buffer(static_cast<uint8_t*>(iovs_[i].iov_base), msgs_[i].msg_len, out, n);
        for (size_t k = before; k < n; ++k) {
          out[k]->received_ns = mono;
          if (!out[k]->view.ts_ns) out[k]->view.ts_ns = rt;
        }
      }
      if (n > 0) return RecvStatus::Ok;
      continue;  // only acks or errors: read on
    }
    if (r < 0 && errno == ENOBUFS) {
      bump(st_->enobufs);
      continue;
    }
    if (r < 0 && errno == EINTR) return RecvStatus::Interrupted;
    if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
      bump(st_->recv_errors);
      return RecvStatus::Error;
    }
    break;  // timed out (or nothing there with wait == 0)
  }
  expire(monotonic_ns());
  flush();
  return RecvStatus::Timeout;
}

void NfQueue::set_rcvtimeo(int ms) {
  if (ms < 0) ms = 0;  // 0 = block without limit
  if (ms == rcvtimeo_ms_) return;
  timeval tv{ms / 1000, (ms % 1000) * 1000};
  if (setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0) rcvtimeo_ms_ = ms;
}

void NfQueue::append_verdict(uint16_t type, uint32_t id, uint32_t v, bool has_mark, uint32_t mark,
                             const uint8_t* payload, uint32_t plen) {
  size_t need = kNlHdr + kNfHdr + NLA_ALIGN(NLA_HDRLEN + sizeof(nfqnl_msg_verdict_hdr)) + NLA_ALIGN(NLA_HDRLEN + 4) +
                NLA_ALIGN(NLA_HDRLEN + plen);
  if (tx_len_ + need > tx_limit_) send_tx();
  if (need > tx_.size()) return;  // cannot happen: tx_ holds a maximal payload
  uint8_t* b = tx_.data() + tx_len_;
  size_t off = put_header(b, type, 0, 0, o_.num);
  nfqnl_msg_verdict_hdr vh;
  vh.verdict = htonl(v);
  vh.id = htonl(id);
  off = put_attr(b, off, NFQA_VERDICT_HDR, &vh, sizeof vh);
  if (has_mark) {
    uint32_t m = htonl(mark);
    off = put_attr(b, off, NFQA_MARK, &m, 4);
  }
  if (payload) off = put_attr(b, off, NFQA_PAYLOAD, payload, plen);
  set_len(b, off);
  tx_len_ += off;
  bump(type == NFQNL_MSG_VERDICT_BATCH ? st_->batch_verdicts : st_->single_verdicts);
}

void NfQueue::send_tx() {
  if (!tx_len_) return;
  sockaddr_nl to{};
  to.nl_family = AF_NETLINK;
  auto send = [&](const uint8_t* p, size_t len) {
    for (int tries = 0; tries < 100; ++tries) {
      if (sendto(fd_, p, len, 0, reinterpret_cast<sockaddr*>(&to), sizeof to) >= 0) return true;
      if (errno != EINTR && errno != EAGAIN && errno != ENOBUFS) return false;
    }
    return false;
  };
  if (!send(tx_.data(), tx_len_)) {
    // Leases are already free: never lose the verdicts. One message at a
    // time (a send buffer smaller than we knew, EMSGSIZE); count the ones
    // the kernel still refuses.
    size_t pos = 0;
    while (pos + sizeof(nlmsghdr) <= tx_len_) {
      nlmsghdr h;
      std::memcpy(&h, tx_.data() + pos, sizeof h);
      if (h.nlmsg_len < sizeof h || pos + h.nlmsg_len > tx_len_) break;
      if (!send(tx_.data() + pos, h.nlmsg_len)) bump(st_->verdict_errors);
      pos += NLMSG_ALIGN(h.nlmsg_len);
    }
  }
  tx_len_ = 0;
}

void NfQueue::free_lease(PacketLease& l) {
  l.state_ = 0;
  l.owned_ = false;
  free_.push_back(&l);
}

void NfQueue::verdict(PacketLease& l, uint32_t v, bool has_mark, uint32_t mark, uint32_t mod_len) {
  if (l.state_ != 1) return;  // already decided
  if (v == NF_ACCEPT && !has_mark && mod_len == 0) {
    l.state_ = 2;  // joins the next batch verdict
    bump(st_->passed);
    return;
  }
  if (v == NF_DROP) bump(st_->dropped);
  else bump(st_->passed);
  if (has_mark) bump(st_->marked);
  if (mod_len) bump(st_->modified);
  append_verdict(NFQNL_MSG_VERDICT, l.packet_id, v, has_mark, mark, mod_len ? l.buf_ : nullptr, mod_len);
  free_lease(l);
}

void NfQueue::flush() {
  // The run of decided leases at the head: plain passes become one batch
  // verdict covering every id up to the last of them.
  uint32_t run_max = 0;
  size_t run = 0;
  while (count_ > 0) {
    Slot& s = ring_[head_];
    PacketLease* l = s.l;
    bool live = l->state_ != 0 && l->packet_id == s.id;
    if (live && l->state_ == 1) break;
    if (live) {  // state 2
      run_max = s.id;
      ++run;
      free_lease(*l);
    }
    head_ = (head_ + 1) % ring_.size();
    --count_;
  }
  if (run == 1) append_verdict(NFQNL_MSG_VERDICT, run_max, NF_ACCEPT, false, 0, nullptr, 0);
  else if (run > 1) append_verdict(NFQNL_MSG_VERDICT_BATCH, run_max, NF_ACCEPT, false, 0, nullptr, 0);
  // Passes queued behind a held lease go individually (a batch would cover
  // it); then only the held leases stay in the ring, in arrival order, so
  // the ring never holds more slots than there are leases out.
  size_t kept = 0;
  for (size_t i = 0; i < count_; ++i) {
    Slot s = ring_[(head_ + i) % ring_.size()];
    PacketLease* l = s.l;
    if (l->packet_id != s.id || l->state_ == 0) continue;  // decided earlier
    if (l->state_ == 2) {
      append_verdict(NFQNL_MSG_VERDICT, s.id, NF_ACCEPT, false, 0, nullptr, 0);
      free_lease(*l);
      continue;
    }
    ring_[(head_ + kept++) % ring_.size()] = s;
  }
  count_ = kept;
  send_tx();
}

void NfQueue::expire(int64_t now) {
  int64_t limit = int64_t(o_.timeout_ms) * 1000000;
  for (size_t i = 0; i < count_; ++i) {
    Slot& s = ring_[(head_ + i) % ring_.size()];
    PacketLease* l = s.l;
    if (l->state_ != 1 || l->packet_id != s.id) continue;
    if (now - l->received_ns < limit) break;  // ring is in arrival order
    bump(st_->timed_out);
    verdict(*l, o_.default_pass ? NF_ACCEPT : NF_DROP, false, 0, 0);
  }
}

void NfQueue::release_all() {
  for (size_t i = 0; i < count_; ++i) {
    Slot& s = ring_[(head_ + i) % ring_.size()];
    if (s.l->state_ == 1 && s.l->packet_id == s.id) verdict(*s.l, o_.default_pass ? NF_ACCEPT : NF_DROP, false, 0, 0);
  }
  flush();
  // Packets still in the socket would be dropped by the kernel when the
  // socket closes: give them the default verdict too (bounded: with the
  // rules quiesced nothing new should arrive, but rules weir does not own
  // may still queue).
  for (int rounds = 0; rounds < 1000 && fd_ >= 0; ++rounds) {
    int r = recvmmsg(fd_, msgs_.data(), unsigned(msgs_.size()), MSG_DONTWAIT, nullptr);
    if (r <= 0) {
      if (r < 0 && (errno == EINTR || errno == ENOBUFS)) continue;
      break;
    }
    for (int i = 0; i < r; ++i) {
      const uint8_t* buf = static_cast<uint8_t*>(iovs_[i].iov_base);
      size_t len = msgs_[i].msg_len, pos = 0;
      while (pos + sizeof(nlmsghdr) <= len) {
        nlmsghdr h;
        std::memcpy(&h, buf + pos, sizeof h);
        if (h.nlmsg_len < sizeof h || pos + h.nlmsg_len > len) break;
        PacketLease tmp;
        if ((h.nlmsg_type >> 8) == NFNL_SUBSYS_QUEUE && (h.nlmsg_type & 0xff) == NFQNL_MSG_PACKET &&
            parse_packet(buf + pos, h.nlmsg_len, tmp))
          append_verdict(NFQNL_MSG_VERDICT, tmp.packet_id, o_.default_pass ? NF_ACCEPT : NF_DROP, false, 0, nullptr, 0);
        pos += NLMSG_ALIGN(h.nlmsg_len);
      }
    }
    send_tx();
  }
}

QueueStats NfQueue::stats() const {
  QueueStats q;
#define WEIR_COPY(f) q.f = st_->f.load(std::memory_order_relaxed);
  WEIR_QSTATS(WEIR_COPY)
#undef WEIR_COPY
  return q;
}

}  // namespace weir
