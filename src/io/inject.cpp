#include "io/inject.hpp"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "io/rules_iptables.hpp"

#include "weir/bytes.hpp"

namespace weir {

static int64_t mono_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

Injector::~Injector() {
  remove_helper_locked();
  if (fd_ >= 0) close(fd_);
  for (int f : raw_)
    if (f >= 0) close(f);
}

Status Injector::open(uint32_t mark) {
  if (fd_ >= 0) close(fd_);  // reopened (CapInitialize after CapUninitialize)
  fd_ = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);  // protocol 0: send only
  if (fd_ < 0) return Status::error(std::string("inject: AF_PACKET socket: ") + strerror(errno));
  if (mark && setsockopt(fd_, SOL_SOCKET, SO_MARK, &mark, sizeof mark) < 0)
    return Status::error(std::string("inject: SO_MARK: ") + strerror(errno));
  mark_ = mark;
  lo_index_ = int(if_nametoindex("lo"));
  return Status::ok();
}

Status Injector::send_locked(int sock, int ifindex, const uint8_t* dst, const uint8_t* src, const uint8_t* pkt,
                             size_t len) {
  if (len < 1 || len > 65535) return Status::error("inject: bad packet length " + std::to_string(len));
  uint8_t ver = pkt[0] >> 4;
  if (ver != 4 && ver != 6) return Status::error("inject: not an IPv4/IPv6 packet");
  std::memcpy(frame_, dst, 6);
  std::memcpy(frame_ + 6, src, 6);
  frame_[12] = ver == 4 ? 0x08 : 0x86;
  frame_[13] = ver == 4 ? 0x00 : 0xdd;
  std::memcpy(frame_ + 14, pkt, len);
  sockaddr_ll sll{};
  sll.sll_family = AF_PACKET;
  sll.sll_ifindex = ifindex;
  sll.sll_halen = 6;
  std::memcpy(sll.sll_addr, dst, 6);
  if (sendto(sock, frame_, len + 14, 0, reinterpret_cast<sockaddr*>(&sll), sizeof sll) < 0)
    return Status::error("inject: send on ifindex " + std::to_string(ifindex) + ": " + strerror(errno));
  return Status::ok();
}

Status Injector::send_frame(int ifindex, const uint8_t* frame, size_t len) {
  if (len < 14) return Status::error("inject: frame shorter than an Ethernet header");
  sockaddr_ll sll{};
  sll.sll_family = AF_PACKET;
  sll.sll_ifindex = ifindex;
  sll.sll_halen = 6;
  std::memcpy(sll.sll_addr, frame, 6);
  if (sendto(fd_, frame, len, 0, reinterpret_cast<sockaddr*>(&sll), sizeof sll) < 0)
    return Status::error("inject: send on ifindex " + std::to_string(ifindex) + ": " + strerror(errno));
  return Status::ok();
}

Status Injector::send_to_stack(const uint8_t* pkt, size_t len) {
  if (!lo_index_) return Status::error("inject: no loopback interface");
  static const uint8_t zero[6] = {};
  std::lock_guard<std::mutex> g(mu_);
  return send_locked(fd_, lo_index_, zero, zero, pkt, len);
}

// ---- injection up the stack as if received on an adapter ----

namespace {
bool run_quiet(std::vector<std::string> argv) {
  std::string out;
  return run_capture(argv, out) == 0;
}
}  // namespace

void Injector::remove_stale_helpers() {
  // Helpers of processes that are gone (a crash skips the destructor).
  std::string out;
  if (run_capture({"ip", "-o", "link", "show", "type", "veth"}, out) != 0) return;
  size_t p = 0;
  while ((p = out.find(kHelperPrefix, p)) != std::string::npos) {
    size_t e = p + std::strlen(kHelperPrefix);
    long pid = std::strtol(out.c_str() + e, nullptr, 16);
    size_t end = out.find_first_of("@: ", e);
    std::string name = out.substr(p, end == std::string::npos ? std::string::npos : end - p);
    // Deleting one end deletes its peer (name ending in 'p') too.
    if (pid > 0 && name.back() != 'p' && kill(pid_t(pid), 0) != 0 && errno == ESRCH) run_quiet({"ip", "link", "del", name});
    p = e;
  }
}

bool Injector::helper_setup() {
  if (helper_state_) return helper_state_ > 0;
  helper_state_ = -1;
  remove_stale_helpers();
  // weirinj<pid in hex><instance letter>, peer + "p" (at most 15 characters;
  // the letters are past 'f', so they end the hex number, and never 'p').
  // Each Injector of a process has its own helper (16 before names repeat).
  static std::atomic<unsigned> instances{0};
  static const char kLetters[] = "ghijklmnoqrstuvw";
  char letter = kLetters[instances.fetch_add(1) % 16];
  std::snprintf(helper_name_, sizeof helper_name_, "%s%x%c", kHelperPrefix, unsigned(getpid()), letter);
  std::string a = helper_name_, b = a + "p";
  run_quiet({"ip", "link", "del", a});
  if (!run_quiet({"ip", "link", "add", a, "type", "veth", "peer", "name", b})) return false;
  bool ok = true;
  for (const std::string& n : {a, b}) {
    // No addresses and no IPv6: nothing but our packets leaves the helper.
    std::string path = "/proc/sys/net/ipv6/conf/" + n + "/disable_ipv6";
    if (FILE* f = std::fopen(path.c_str(), "w")) {
      std::fputs("1", f);
      std::fclose(f);
    }
    ok = ok && run_quiet({"ip", "link", "set", n, "up"});
  }
  ok = ok && run_quiet({"tc", "qdisc", "add", "dev", a, "clsact"});
  helper_index_ = int(if_nametoindex(helper_name_));
  if (ok && helper_index_ > 0) {
    helper_fd_ = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
    ok = helper_fd_ >= 0;
  }
  if (!ok) {
    remove_helper_locked();
    helper_state_ = -1;
    return false;
  }
  helper_state_ = 1;
  return true;
}

bool Injector::helper_route(int ifindex) {
  for (int r : routed_)
    if (r == ifindex) return true;
  int slot = -1;
  for (int i = 0; i < 64 && slot < 0; ++i)
    if (!routed_[i]) slot = i;
  char name[IF_NAMESIZE];
  if (slot < 0 || ifindex <= 0 || ifindex > 0xffff || !if_indextoname(unsigned(ifindex), name)) return false;
  // ld #mark; and #0xffff; jeq #ifindex ? accept : no match (tc's
  // "bytecode" syntax: count, then "code jt jf k" per instruction)
  const unsigned ld_mark = uint32_t(SKF_AD_OFF + SKF_AD_MARK);
  std::string code = "5," + std::to_string(BPF_LD | BPF_W | BPF_ABS) + " 0 0 " + std::to_string(ld_mark) + "," +
                     std::to_string(BPF_ALU | BPF_AND | BPF_K) + " 0 0 65535," +
                     std::to_string(BPF_JMP | BPF_JEQ | BPF_K) + " 0 1 " + std::to_string(ifindex) + "," +
                     std::to_string(BPF_RET | BPF_K) + " 0 0 4294967295," + std::to_string(BPF_RET | BPF_K) + " 0 0 0,";
  if (tc_failed_) return false;
  if (!run_quiet({"tc", "filter", "add", "dev", helper_name_, "egress", "pref", std::to_string(slot + 1), "bpf",
                  "bytecode", code, "action", "mirred", "ingress", "redirect", "dev", name})) {
    tc_failed_ = true;  // no cls_bpf or act_mirred: do not fork tc for every packet
    return false;
  }
  routed_[slot] = ifindex;
  return true;
}

void Injector::remove_helper() {
  std::lock_guard<std::mutex> g(mu_);
  remove_helper_locked();
}

void Injector::remove_helper_locked() {
  if (helper_fd_ >= 0) close(helper_fd_);
  helper_fd_ = -1;
  helper_mark_ = 0;
  if (helper_name_[0]) run_quiet({"ip", "link", "del", helper_name_});  // the peer and the filters go with it
  helper_name_[0] = 0;
  helper_state_ = 0;
  tc_failed_ = false;
  for (int& r : routed_) r = 0;
}

Status Injector::send_to_stack(int ifindex, const uint8_t* pkt, size_t len) {
  {
    std::lock_guard<std::mutex> g(mu_);
    uint8_t mac[6];
    bool ether = false;
    // The low 16 bits of the mark carry the ifindex: an inject mark using
    // them cannot go this way.
    if (ifindex > 0 && !(mark_ & 0xffff) && iface_mac(ifindex, mac, ether) && ether && helper_setup() &&
        helper_route(ifindex)) {
      uint32_t mark = mark_ | uint32_t(ifindex);
      if (mark != helper_mark_) {
        if (setsockopt(helper_fd_, SOL_SOCKET, SO_MARK, &mark, sizeof mark) < 0)
          return Status::error(std::string("inject: SO_MARK: ") + strerror(errno));
        helper_mark_ = mark;
      }
      // To the adapter's own address ("for this host"), out of the helper.
      return send_locked(helper_fd_, helper_index_, mac, mac, pkt, len);
    }
  }
  return send_to_stack(pkt, len);
}

Status Injector::send_ip_to(int ifindex, const uint8_t dst_mac[6], const uint8_t* pkt, size_t len) {
  std::lock_guard<std::mutex> g(mu_);
  uint8_t src[6];
  bool ether = true;
  if (Status s = iface_mac(ifindex, src, ether); !s) return s;
  if (!ether) return send_routed(ifindex, pkt, len);
  return send_locked(fd_, ifindex, dst_mac, src, pkt, len);
}

Status Injector::send_ip(int ifindex, const uint8_t* pkt, size_t len) {
  std::lock_guard<std::mutex> g(mu_);
  uint8_t src[6], dst[6];
  bool ether = true, unresolved = false;
  if (Status s = iface_mac(ifindex, src, ether); !s) return s;
  if (!ether) return send_routed(ifindex, pkt, len);
  if (Status s = next_hop_mac(ifindex, pkt, len, dst, unresolved); !s) {
    if (unresolved) return send_routed(ifindex, pkt, len);
    return s;
  }
  return send_locked(fd_, ifindex, dst, src, pkt, len);
}

Status Injector::send_routed(int ifindex, const uint8_t* pkt, size_t len) {
  if (len < 20) return Status::error("inject: truncated IP header");
  bool v6 = (pkt[0] >> 4) == 6;
  if (!v6 && (pkt[0] >> 4) != 4) return Status::error("inject: not an IPv4/IPv6 packet");
  if (len < (v6 ? 40u : 20u)) return Status::error("inject: truncated IP header");
  int& fd = raw_[v6];
  if (fd < 0) {
    // IPPROTO_RAW implies IP_HDRINCL (and IPV6_HDRINCL): the packet is sent as given.
    fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
    if (fd < 0) return Status::error(std::string("inject: raw IP socket: ") + strerror(errno));
    if (mark_ && setsockopt(fd, SOL_SOCKET, SO_MARK, &mark_, sizeof mark_) < 0) {
      Status e = Status::error(std::string("inject: SO_MARK: ") + strerror(errno));
      close(fd);
      fd = -1;
      return e;
    }
    raw_bound_[v6] = 0;
  }
  if (raw_bound_[v6] != ifindex) {
    if (setsockopt(fd, SOL_SOCKET, SO_BINDTOIFINDEX, &ifindex, sizeof ifindex) < 0)
      return Status::error("inject: bind raw socket to ifindex " + std::to_string(ifindex) + ": " + strerror(errno));
    raw_bound_[v6] = ifindex;
  }
  ssize_t r;
  if (v6) {
    sockaddr_in6 to{};
    to.sin6_family = AF_INET6;
    std::memcpy(&to.sin6_addr, pkt + 24, 16);
    to.sin6_scope_id = uint32_t(ifindex);  // used for link-local destinations
    r = sendto(fd, pkt, len, 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  } else {
    sockaddr_in to{};
    to.sin_family = AF_INET;
    std::memcpy(&to.sin_addr, pkt + 16, 4);
    r = sendto(fd, pkt, len, 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  }
  if (r < 0)
    return Status::error("inject: send through ifindex " + std::to_string(ifindex) + " (routed): " + strerror(errno));
  return Status::ok();
}

Status Injector::iface_mac(int ifindex, uint8_t mac[6], bool& ether) {
  int64_t now = mono_ns();
  if (const MacCache* c = ifmac_.find(now, [&](const MacCache& e) { return e.ifindex == ifindex; })) {
    std::memcpy(mac, c->mac, 6);
    ether = c->ether;
    return Status::ok();
  }
  ifreq ifr{};
  if (!if_indextoname(unsigned(ifindex), ifr.ifr_name))
    return Status::error("inject: no interface with index " + std::to_string(ifindex));
  int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0) return Status::error(std::string("inject: socket: ") + strerror(errno));
  int rc = ioctl(s, SIOCGIFHWADDR, &ifr);
  close(s);
  if (rc < 0) return Status::error(std::string("inject: SIOCGIFHWADDR ") + ifr.ifr_name + ": " + strerror(errno));
  std::memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
  ether = ifr.ifr_hwaddr.sa_family == ARPHRD_ETHER;
  MacCache& c = ifmac_.add(now);
  c.ifindex = ifindex;
  std::memcpy(c.mac, mac, 6);
  c.ether = ether;
  return Status::ok();
}

namespace {

// One rtnetlink request/response on a fresh socket (configuration-path cost;
// results are cached by the caller).
struct RtReq {
  nlmsghdr h;
  union {
    rtmsg rt;
    ndmsg nd;
  };
  uint8_t attrs[64];
};

bool rt_roundtrip(RtReq& req, size_t len, uint8_t* resp, size_t cap, size_t& rlen) {
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0) return false;
  req.h.nlmsg_len = uint32_t(len);
  bool ok = send(fd, &req, len, 0) == ssize_t(len);
  if (ok) {
    pollfd p{fd, POLLIN, 0};
    ok = poll(&p, 1, 500) == 1;
    if (ok) {
      ssize_t r = recv(fd, resp, cap, 0);
      ok = r > 0;
      rlen = ok ? size_t(r) : 0;
    }
  }
  close(fd);
  return ok;
}

void add_rta(RtReq& req, size_t& len, uint16_t type, const void* data, size_t dlen) {
  rtattr a;
  a.rta_len = uint16_t(RTA_LENGTH(dlen));
  a.rta_type = type;
  uint8_t* p = reinterpret_cast<uint8_t*>(&req) + len;
  std::memcpy(p, &a, sizeof a);
  std::memcpy(p + RTA_LENGTH(0), data, dlen);
  len += RTA_ALIGN(a.rta_len);
}

// Finds attribute `type` in the first message of resp; copies up to n bytes.
bool find_rta(const uint8_t* resp, size_t rlen, uint16_t want_msg, size_t fixed, uint16_t type, uint8_t* out, size_t n,
              size_t* got = nullptr) {
  if (rlen < sizeof(nlmsghdr)) return false;
  nlmsghdr h;
  std::memcpy(&h, resp, sizeof h);
  if (h.nlmsg_type != want_msg || h.nlmsg_len > rlen) return false;
  size_t pos = NLMSG_LENGTH(fixed);
  pos = NLMSG_ALIGN(pos);
  while (pos + sizeof(rtattr) <= h.nlmsg_len) {
    rtattr a;
    std::memcpy(&a, resp + pos, sizeof a);
    if (a.rta_len < sizeof a || pos + a.rta_len > h.nlmsg_len) return false;
    if (a.rta_type == type) {
      size_t dl = a.rta_len - RTA_LENGTH(0);
      if (dl > n) dl = n;
      std::memcpy(out, resp + pos + RTA_LENGTH(0), dl);
      if (got) *got = dl;
      return true;
    }
    pos += RTA_ALIGN(a.rta_len);
  }
  return false;
}

}  // namespace

Status Injector::next_hop_mac(int ifindex, const uint8_t* pkt, size_t len, uint8_t mac[6], bool& unresolved) {
  unresolved = false;
  ByteCursor c(pkt, len);
  uint8_t v = 0;
  c.peek_u8(0, v);
  int fam = (v >> 4) == 4 ? AF_INET : AF_INET6;
  size_t alen = fam == AF_INET ? 4 : 16;
  size_t doff = fam == AF_INET ? 16 : 24;
  if (len < doff + alen) return Status::error("inject: truncated IP header");
  const uint8_t* dst = pkt + doff;
  // Multicast and broadcast: the MAC follows from the address.
  if (fam == AF_INET && (dst[0] & 0xf0) == 0xe0) {
    const uint8_t m[6] = {0x01, 0x00, 0x5e, uint8_t(dst[1] & 0x7f), dst[2], dst[3]};
    std::memcpy(mac, m, 6);
    return Status::ok();
  }
  if (fam == AF_INET && load_be32(dst) == 0xffffffffu) {
    std::memset(mac, 0xff, 6);
    return Status::ok();
  }
  if (fam == AF_INET6 && dst[0] == 0xff) {
    const uint8_t m[6] = {0x33, 0x33, dst[12], dst[13], dst[14], dst[15]};
    std::memcpy(mac, m, 6);
    return Status::ok();
  }
  // Route lookup: gateway or on-link (cached for a second, like neighbours).
  int64_t now = mono_ns();
  uint8_t hop[16];
  const RouteCache* rc =
      routes_.find(now, [&](const RouteCache& e) {
        return e.ifindex == ifindex && e.alen == alen && !std::memcmp(e.dst, dst, alen);
      });
  if (rc) {
    if (rc->broadcast) {
      std::memset(mac, 0xff, 6);
      return Status::ok();
    }
    std::memcpy(hop, rc->hop, alen);
  } else if (route_hop(ifindex, fam, dst, alen, hop)) {
    std::memset(mac, 0xff, 6);
    return Status::ok();
  }
  if (const MacCache* e =
          neigh_.find(now, [&](const MacCache& c) {
            return c.ifindex == ifindex && c.alen == alen && !std::memcmp(c.ip, hop, alen);
          })) {
    std::memcpy(mac, e->mac, 6);
    return Status::ok();
  }
  return neighbour_mac(ifindex, fam, hop, alen, mac, unresolved);
}

// The next hop toward dst out of ifindex (the gateway, or dst itself when
// on-link), cached. True when dst has a broadcast route (ff:ff:ff:ff:ff:ff).
bool Injector::route_hop(int ifindex, int fam, const uint8_t* dst, size_t alen, uint8_t hop[16]) {
  uint8_t resp[4096];
  size_t rlen = 0;
  RtReq req{};
  req.h.nlmsg_type = RTM_GETROUTE;
  req.h.nlmsg_flags = NLM_F_REQUEST;
  req.rt.rtm_family = uint8_t(fam);
  req.rt.rtm_dst_len = uint8_t(alen * 8);
  size_t l = NLMSG_LENGTH(sizeof(rtmsg));
  add_rta(req, l, RTA_DST, dst, alen);
  uint32_t oif = uint32_t(ifindex);
  add_rta(req, l, RTA_OIF, &oif, 4);
  std::memcpy(hop, dst, alen);
  bool broadcast = false;
  bool answered = rt_roundtrip(req, l, resp, sizeof resp, rlen);
  if (answered) {
    find_rta(resp, rlen, RTM_NEWROUTE, sizeof(rtmsg), RTA_GATEWAY, hop, alen);
    rtmsg rm;
    nlmsghdr rh{};
    if (rlen >= NLMSG_LENGTH(sizeof rm)) std::memcpy(&rh, resp, sizeof rh);
    if (rh.nlmsg_type == RTM_NEWROUTE) {
      std::memcpy(&rm, resp + NLMSG_LENGTH(0), sizeof rm);
      broadcast = rm.rtm_type == RTN_BROADCAST;  // e.g. the subnet's broadcast address
    } else {
      answered = false;  // no route: not cached, asked again next time
    }
  }
  if (answered) {
    RouteCache& e = routes_.add(mono_ns());
    e.ifindex = ifindex;
    e.alen = uint8_t(alen);
    std::memcpy(e.dst, dst, alen);
    std::memcpy(e.hop, hop, 16);
    e.broadcast = broadcast;
  }
  return broadcast;
}

Status Injector::neighbour_mac(int ifindex, int fam, const uint8_t* hop, size_t alen, uint8_t mac[6],
                               bool& unresolved) {
  int64_t now = mono_ns();
  uint8_t resp[4096];
  size_t rlen = 0, l;
  RtReq nr{};
  nr.h.nlmsg_type = RTM_GETNEIGH;
  nr.h.nlmsg_flags = NLM_F_REQUEST;
  nr.nd.ndm_family = uint8_t(fam);
  nr.nd.ndm_ifindex = ifindex;
  l = NLMSG_LENGTH(sizeof(ndmsg));
  add_rta(nr, l, NDA_DST, hop, alen);
  size_t got = 0;
  char ipstr[64];
  inet_ntop(fam, hop, ipstr, sizeof ipstr);
  if (!rt_roundtrip(nr, l, resp, sizeof resp, rlen) ||
      !find_rta(resp, rlen, RTM_NEWNEIGH, sizeof(ndmsg), NDA_LLADDR, mac, 6, &got) || got != 6) {
    unresolved = true;
    return Status::error(std::string("inject: no neighbour entry for next hop ") + ipstr + " on ifindex " +
                         std::to_string(ifindex));
  }
  MacCache& e = neigh_.add(now);
  e.ifindex = ifindex;
  e.alen = uint8_t(alen);
  std::memcpy(e.ip, hop, alen);
  std::memcpy(e.mac, mac, 6);
  return Status::ok();
}

}  // namespace weir
