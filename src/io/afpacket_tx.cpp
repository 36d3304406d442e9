// AfPacketSender: frames onto an interface with sendmmsg batches on a bound
// SOCK_RAW packet socket, bypassing the qdisc (PACKET_QDISC_BYPASS).
#include <net/if.h>  // before the linux/ headers
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "io/netlink.hpp"
#include "weir/capture.hpp"

namespace weir {

namespace {

class SenderImpl final : public AfPacketSender {
 public:
  ~SenderImpl() override {
    if (fd_ >= 0) close(fd_);
  }

  Status init(const std::string& name, bool bypass) {
    if (name.size() >= IFNAMSIZ) return Status::error("interface name too long: '" + name + "'");
    int idx = int(if_nametoindex(name.c_str()));
    if (!idx) return Status::error("no such interface '" + name + "' (see 'weir list')");
    fd_ = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);  // protocol 0: receives nothing
    if (fd_ < 0) {
      int e = errno;
      if (e == EPERM || e == EACCES)
        return Status::error("cannot open a packet socket: " + std::string(strerror(e)) +
                             " (sending needs CAP_NET_RAW: run as root or grant cap_net_raw)");
      return Status::error(std::string("socket(AF_PACKET): ") + strerror(e));
    }
    ifreq ifr{};
    memcpy(ifr.ifr_name, name.c_str(), name.size() + 1);
    if (ioctl(fd_, SIOCGIFHWADDR, &ifr) < 0) return Status::error("interface '" + name + "': " + strerror(errno));
    linktype_ = linktype_for_arphrd(ifr.ifr_hwaddr.sa_family);
    if (ioctl(fd_, SIOCGIFMTU, &ifr) == 0) mtu_ = uint32_t(ifr.ifr_mtu);
    if (bypass) {
      int one = 1;
      setsockopt(fd_, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one);  // best effort (kernel >= 3.14)
    }
    int sndbuf = 4 << 20;
    setsockopt(fd_, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
    sockaddr_ll sll{};
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = 0;
    sll.sll_ifindex = idx;
    if (bind(fd_, reinterpret_cast<sockaddr*>(&sll), sizeof sll) < 0)
      return Status::error("bind to '" + name + "': " + strerror(errno));
    return Status::ok();
  }

  bool send(const uint8_t* data, uint32_t len) override {
    iov_[n_].iov_base = const_cast<uint8_t*>(data);
    iov_[n_].iov_len = len;
    msgs_[n_] = {};
    msgs_[n_].msg_hdr.msg_iov = &iov_[n_];
    msgs_[n_].msg_hdr.msg_iovlen = 1;
    ++n_;
    if (n_ == kBatch) return flush();
    return true;
  }

  bool flush() override {
    unsigned done = 0;
    int spins = 0;
    while (done < n_) {
      int r = sendmmsg(fd_, msgs_ + done, n_ - done, 0);
      if (r > 0) {
        for (int i = 0; i < r; ++i) {
          ++packets_;
          bytes_ += iov_[done + i].iov_len;
        }
        done += unsigned(r);
        continue;
      }
      int e = errno;
      if (e == EINTR) continue;
      if ((e == ENOBUFS || e == EAGAIN) && spins++ < 100000) {
        // Device queue full: wait for room rather than lose the frame.
        pollfd p{fd_, POLLOUT, 0};
        ::poll(&p, 1, 1);
        continue;
      }
      if (e == EMSGSIZE || e == EINVAL) {  // this frame cannot be sent; skip it
        ++errors_;
        ++done;
        continue;
      }
      err_ = Status::error(std::string("sendmmsg: ") + strerror(e) +
                           (e == ENETDOWN ? " (interface is down)" : ""));
      n_ = 0;
      return false;
    }
    n_ = 0;
    return true;
  }

  uint32_t linktype() const override { return linktype_; }
  uint32_t mtu() const override { return mtu_; }
  uint64_t packets_sent() const override { return packets_; }
  uint64_t bytes_sent() const override { return bytes_; }
  uint64_t send_errors() const override { return errors_; }
  const Status& error() const override { return err_; }

 private:
  static constexpr unsigned kBatch = 64;
  int fd_ = -1;
  uint32_t linktype_ = 1, mtu_ = 0;
  mmsghdr msgs_[kBatch];
  iovec iov_[kBatch];
  unsigned n_ = 0;
  uint64_t packets_ = 0, bytes_ = 0, errors_ = 0;
  Status err_;
};

}  // namespace

std::unique_ptr<AfPacketSender> AfPacketSender::open(const std::string& ifname, bool qdisc_bypass, Status& err) {
  auto s = std::make_unique<SenderImpl>();
  Status st = s->init(ifname, qdisc_bypass);
  if (!st) {
    err = st;
    return nullptr;
  }
  return s;
}

}  // namespace weir
