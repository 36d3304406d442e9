// Adapters over rtnetlink: list_adapters() dumps links and addresses;
// AdapterMonitor subscribes to RTMGRP_LINK and turns RTM_NEWLINK/RTM_DELLINK
// into Added/Removed/Up/Down events. Plain NETLINK_ROUTE sockets, no library:
// the messages are small and the parsing is bounds-checked attribute walking.
#include <net/if.h>  // before the linux/ headers (they defer to glibc)
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <map>

#include "io/netlink.hpp"
#include "weir/adapters.hpp"
#include "weir/packet.hpp"

namespace weir {

uint32_t linktype_for_arphrd(int arphrd) {
  switch (arphrd) {
    case ARPHRD_ETHER:
    case ARPHRD_LOOPBACK:  // Linux loopback carries a (zeroed) Ethernet header
      return linktype::kEthernet;
    case ARPHRD_NONE:      // tun, wireguard
    case ARPHRD_TUNNEL:
    case ARPHRD_TUNNEL6:
    case ARPHRD_SIT:
    case ARPHRD_IPGRE:
    case ARPHRD_IP6GRE:
    case ARPHRD_PPP:
#ifdef ARPHRD_RAWIP
    case ARPHRD_RAWIP:
#endif
      return linktype::kRaw;
    default:
      return linktype::kLinuxSll2;  // captured cooked
  }
}

namespace {

// Walks rtattrs in [p, p+len) bounds-checked.
template <class F>
void for_each_attr(const uint8_t* p, size_t len, F f) {
  while (len >= sizeof(rtattr)) {
    rtattr a;
    memcpy(&a, p, sizeof a);
    if (a.rta_len < sizeof(rtattr) || a.rta_len > len) return;
    f(a.rta_type & NLA_TYPE_MASK, p + RTA_LENGTH(0), size_t(a.rta_len - RTA_LENGTH(0)));
    size_t step = RTA_ALIGN(a.rta_len);
    if (step >= len) return;
    p += step;
    len -= step;
  }
}

// Parses one RTM_NEWLINK/RTM_DELLINK payload into `a`. False when malformed.
bool parse_link(const nlmsghdr* h, Adapter& a) {
  if (h->nlmsg_len < NLMSG_LENGTH(sizeof(ifinfomsg))) return false;
  ifinfomsg ifi;
  memcpy(&ifi, NLMSG_DATA(h), sizeof ifi);
  a.index = ifi.ifi_index;
  a.flags = ifi.ifi_flags;
  a.linktype = linktype_for_arphrd(ifi.ifi_type);
  if (ifi.ifi_type == ARPHRD_LOOPBACK) a.kind = "loopback";
  const uint8_t* attrs = reinterpret_cast<const uint8_t*>(NLMSG_DATA(h)) + NLMSG_ALIGN(sizeof(ifinfomsg));
  size_t alen = h->nlmsg_len - NLMSG_LENGTH(NLMSG_ALIGN(sizeof(ifinfomsg)));
  for_each_attr(attrs, alen, [&](int type, const uint8_t* d, size_t n) {
    switch (type) {
      case IFLA_IFNAME:
        a.name.assign(reinterpret_cast<const char*>(d), strnlen(reinterpret_cast<const char*>(d), n));
        break;
      case IFLA_ADDRESS:
        if (n == 6) {
          memcpy(a.mac, d, 6);
          a.has_mac = true;
        }
        break;
      case IFLA_MTU:
        if (n >= 4) memcpy(&a.mtu, d, 4);
        break;
      case IFLA_LINKINFO:
        for_each_attr(d, n, [&](int t2, const uint8_t* d2, size_t n2) {
          if (t2 == IFLA_INFO_KIND)
            a.kind.assign(reinterpret_cast<const char*>(d2), strnlen(reinterpret_cast<const char*>(d2), n2));
        });
        break;
      default:
        break;
    }
  });
  if (a.kind.empty()) {
    switch (ifi.ifi_type) {
      case ARPHRD_ETHER: a.kind = "ether"; break;
      case ARPHRD_NONE: a.kind = "none"; break;
      case ARPHRD_PPP: a.kind = "ppp"; break;
      default: a.kind = "arphrd-" + std::to_string(ifi.ifi_type); break;
    }
  }
  return true;
}

bool parse_addr(const nlmsghdr* h, int& index, AdapterAddress& out) {
  if (h->nlmsg_len < NLMSG_LENGTH(sizeof(ifaddrmsg))) return false;
  ifaddrmsg ifa;
  memcpy(&ifa, NLMSG_DATA(h), sizeof ifa);
  if (ifa.ifa_family != AF_INET && ifa.ifa_family != AF_INET6) return false;
  index = int(ifa.ifa_index);
  out.family = ifa.ifa_family;
  out.prefix_len = ifa.ifa_prefixlen;
  size_t want = ifa.ifa_family == AF_INET ? 4 : 16;
  bool have_local = false, have_addr = false;
  uint8_t local[16], addr[16];
  const uint8_t* attrs = reinterpret_cast<const uint8_t*>(NLMSG_DATA(h)) + NLMSG_ALIGN(sizeof(ifaddrmsg));
  size_t alen = h->nlmsg_len - NLMSG_LENGTH(NLMSG_ALIGN(sizeof(ifaddrmsg)));
  for_each_attr(attrs, alen, [&](int type, const uint8_t* d, size_t n) {
    if (n != want) return;
    if (type == IFA_LOCAL) {
      memcpy(local, d, n);
      have_local = true;
    } else if (type == IFA_ADDRESS) {
      memcpy(addr, d, n);
      have_addr = true;
    }
  });
  // IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer on
  // point-to-point links (and equal to IFA_LOCAL otherwise).
  if (have_local) memcpy(out.addr, local, want);
  else if (have_addr) memcpy(out.addr, addr, want);
  else return false;
  return true;
}

int open_route_socket(unsigned groups, Status& err) {
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0) {
    err = Status::error(std::string("rtnetlink socket: ") + strerror(errno));
    return -1;
  }
  sockaddr_nl sa{};
  sa.nl_family = AF_NETLINK;
  sa.nl_groups = groups;
  if (bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) < 0) {
    err = Status::error(std::string("rtnetlink bind: ") + strerror(errno));
    close(fd);
    return -1;
  }
  return fd;
}

// Sends a dump request and calls f(nlmsghdr*) for each reply message.
template <class F>
Status dump(int fd, uint16_t type, uint8_t family, F f) {
  struct {
    nlmsghdr h;
    rtgenmsg g;
  } req{};
  req.h.nlmsg_len = NLMSG_LENGTH(sizeof(rtgenmsg));
  req.h.nlmsg_type = type;
  req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  req.h.nlmsg_seq = type;
  req.g.rtgen_family = family;
  if (send(fd, &req, req.h.nlmsg_len, 0) < 0)
    return Status::error(std::string("rtnetlink send: ") + strerror(errno));
  alignas(nlmsghdr) static thread_local uint8_t buf[32768];
  for (;;) {
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::error(std::string("rtnetlink recv: ") + strerror(errno));
    }
    size_t len = size_t(n);
    for (nlmsghdr* h = reinterpret_cast<nlmsghdr*>(buf); NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
      if (h->nlmsg_type == NLMSG_DONE) {
        // The dump may have ended early (an error code in DONE) or seen the
        // table change under it (DUMP_INTR): then the list is not complete.
        int e = 0;
        if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(int))) memcpy(&e, NLMSG_DATA(h), sizeof e);
        if (e < 0) return Status::error(std::string("rtnetlink dump: ") + strerror(-e));
        if (h->nlmsg_flags & NLM_F_DUMP_INTR) return Status::error("rtnetlink dump: interrupted by a change");
        return Status::ok();
      }
      if (h->nlmsg_type == NLMSG_ERROR) {
        int e = 0;
        if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(nlmsgerr))) e = -reinterpret_cast<nlmsgerr*>(NLMSG_DATA(h))->error;
        return Status::error(std::string("rtnetlink dump: ") + strerror(e));
      }
      f(h);
    }
  }
}

class RtnlMonitor : public AdapterMonitor {
 public:
  explicit RtnlMonitor(int fd) : fd_(fd) {}
  ~RtnlMonitor() override { close(fd_); }
  int fd() const override { return fd_; }

  Status prime() {
    // Remember each interface's up state so RTM_NEWLINK can be classified.
    std::vector<Adapter> all;
    Status st = list_adapters(all);
    if (!st) return st;
    for (auto& a : all) known_[a.index] = a;
    return Status::ok();
  }

  int poll(const Callback& cb) override {
    alignas(nlmsghdr) uint8_t buf[16384];
    int events = 0;
    if (need_resync_) events += resync(cb);  // a failed one, tried again
    for (;;) {
      ssize_t n = recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
      if (n < 0) {
        if (errno == EINTR) continue;
        if (errno == ENOBUFS) {
          // Lost notifications. What is still queued is older than any fresh
          // dump: drop it first, then resynchronise from the dump.
          for (int k = 0; k < 100000; ++k) {
            errno = 0;
            ssize_t d = recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
            if (d <= 0 && errno != EINTR && errno != ENOBUFS) break;
          }
          events += resync(cb);
          continue;
        }
        break;
      }
      if (n == 0) break;
      size_t len = size_t(n);
      for (nlmsghdr* h = reinterpret_cast<nlmsghdr*>(buf); NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
        if (h->nlmsg_type != RTM_NEWLINK && h->nlmsg_type != RTM_DELLINK) continue;
        Adapter a;
        if (!parse_link(h, a)) continue;
        events += classify(h->nlmsg_type == RTM_DELLINK, a, cb);
      }
    }
    return events;
  }

 private:
  static bool is_up(uint32_t flags) { return (flags & IFF_UP) && (flags & IFF_RUNNING); }

  int classify(bool deleted, const Adapter& a, const Callback& cb) {
    auto it = known_.find(a.index);
    if (deleted) {
      if (it == known_.end()) return 0;
      Adapter gone = it->second;  // with the name it had
      known_.erase(it);
      cb(AdapterEvent::Removed, gone);
      return 1;
    }
    int n = 0;
    // (A message without IFLA_IFNAME, which the kernel always sends, is not
    // taken for a rename.)
    if (it != known_.end() && !a.name.empty() && it->second.name != a.name) {
      // Renamed: to a user who follows names, the old one went away and a
      // new one came.
      Adapter gone = it->second;
      known_.erase(it);
      cb(AdapterEvent::Removed, gone);
      ++n;
      it = known_.end();
    }
    if (it == known_.end()) {
      known_[a.index] = a;
      cb(AdapterEvent::Added, a);
      ++n;
      if (is_up(a.flags)) {
        cb(AdapterEvent::Up, a);
        ++n;
      }
      return n;
    }
    bool was = is_up(it->second.flags), now = is_up(a.flags);
    std::string name = a.name.empty() ? it->second.name : a.name;
    it->second = a;
    it->second.name = name;
    if (was == now) return n;
    cb(now ? AdapterEvent::Up : AdapterEvent::Down, a);
    return n + 1;
  }

  int resync(const Callback& cb) {
    std::vector<Adapter> all;
    need_resync_ = !list_adapters(all);
    if (need_resync_) return 0;  // tried again on the next poll()
    int n = 0;
    std::map<int, bool> seen;
    for (auto& a : all) {
      seen[a.index] = true;
      n += classify(false, a, cb);
    }
    for (auto it = known_.begin(); it != known_.end();) {
      if (!seen.count(it->first)) {
        Adapter gone = it->second;
        it = known_.erase(it);
        cb(AdapterEvent::Removed, gone);
        ++n;
      } else {
        ++it;
      }
    }
    return n;
  }

  int fd_;
  std::map<int, Adapter> known_;  // index -> last state seen (name, flags)
  bool need_resync_ = false;
};

}  // namespace

static Status list_adapters_once(std::vector<Adapter>& out) {
  out.clear();
  Status err;
  int fd = open_route_socket(0, err);
  if (fd < 0) return err;
  Status st = dump(fd, RTM_GETLINK, AF_UNSPEC, [&](const nlmsghdr* h) {
    if (h->nlmsg_type != RTM_NEWLINK) return;
    Adapter a;
    if (parse_link(h, a)) out.push_back(std::move(a));
  });
  if (st) {
    st = dump(fd, RTM_GETADDR, AF_UNSPEC, [&](const nlmsghdr* h) {
      if (h->nlmsg_type != RTM_NEWADDR) return;
      int index = 0;
      AdapterAddress addr;
      if (!parse_addr(h, index, addr)) return;
      for (auto& a : out)
        if (a.index == index) a.addresses.push_back(addr);
    });
  }
  close(fd);
  std::sort(out.begin(), out.end(), [](const Adapter& a, const Adapter& b) { return a.index < b.index; });
  return st;
}

Status list_adapters(std::vector<Adapter>& out) {
  Status st;
  for (int attempt = 0; attempt < 3; ++attempt) {  // a dump the kernel marked interrupted is redone
    st = list_adapters_once(out);
    if (st || st.message().find("interrupted") == std::string::npos) break;
  }
  return st;
}

std::unique_ptr<AdapterMonitor> AdapterMonitor::open(Status& err) {
  int fd = open_route_socket(RTMGRP_LINK, err);
  if (fd < 0) return nullptr;
  auto m = std::make_unique<RtnlMonitor>(fd);
  Status st = m->prime();
  if (!st) {
    err = st;
    return nullptr;
  }
  return m;
}

}  // namespace weir
