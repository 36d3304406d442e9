// The Interceptor against the real kernel, in a private network namespace of
// a forked child (unshare(CLONE_NEWNET)): UDP datagrams sent on lo are
// queued by weir's OUTPUT rules; the test holds leases, lets them time out,
// drops, modifies and passes them, and checks what the receiving socket
// sees. Skipped without root / iptables.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <functional>
#include <string>

#include "io/rules_iptables.hpp"
#include "weir/checksum.hpp"
#include "weir/intercept.hpp"

namespace {

#define CHECK(c)                                                                   \
  do {                                                                             \
    if (!(c)) {                                                                    \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c); \
      _exit(1);                                                                    \
    }                                                                              \
  } while (0)

// Runs body in a forked child inside a fresh network namespace with lo up.
// Returns the child's exit status (77: environment not suitable).
int in_netns(const std::function<void()>& body) {
  pid_t pid = fork();
  if (pid == 0) {
    if (unshare(CLONE_NEWNET) != 0) _exit(77);
    std::string out;
    if (weir::run_capture({"ip", "link", "set", "lo", "up"}, out) != 0) _exit(77);
    if (weir::run_capture({"iptables", "-w", "-t", "mangle", "-S"}, out) != 0) _exit(77);
    body();
    _exit(0);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 100;
}

int udp_socket(uint16_t port) {
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (port && bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return -1;
  timeval tv{0, 300000};
  setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return s;
}

void send_to(int s, uint16_t port, const std::string& msg) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sendto(s, msg.data(), msg.size(), 0, reinterpret_cast<sockaddr*>(&a), sizeof a);
}

std::string recv_one(int s) {
  char b[2048];
  ssize_t n = recv(s, b, sizeof b, 0);
  return n > 0 ? std::string(b, size_t(n)) : std::string();
}

// Receives until n leases arrived (or 2 s passed).
size_t collect(weir::Interceptor& icp, weir::PacketLease** out, size_t want) {
  size_t got = 0;
  for (int i = 0; i < 40 && got < want; ++i) {
    size_t n = 0;
    icp.receive(0, std::span<weir::PacketLease*>(out + got, want - got), n, 50);
    got += n;
  }
  return got;
}

weir::InterceptConfig lo_config() {
  weir::InterceptConfig c;
  c.output = true;
  c.interfaces = {"lo"};
  c.ipv6 = false;
  c.queue_base = 7;
  c.pool_size = 8;
  c.verdict_timeout_ms = 300;
  return c;
}

TEST(InterceptQueue, VerdictsDropModifyPassAndHeldLeases) {
  int rc = in_netns([] {
    weir::Status err;
    auto icp = weir::Interceptor::open(lo_config(), err);
    if (!icp) {
      std::fprintf(stderr, "%s\n", err.message().c_str());
      _exit(77);
    }
    int rx = udp_socket(9000), tx = udp_socket(0);
    CHECK(rx >= 0 && tx >= 0);
    weir::PacketLease* l[8];
    // drop / pass in arrival order.
    send_to(tx, 9000, "one");
    send_to(tx, 9000, "two");
    CHECK(collect(*icp, l, 2) == 2);
    CHECK(l[0]->view.linktype == weir::linktype::kRaw && l[0]->hook == weir::Hook::Output);
    CHECK(l[0]->view.caplen == 20 + 8 + 3 && l[0]->full_len == l[0]->view.caplen);
    icp->drop(*l[0]);
    icp->pass(*l[1]);
    icp->flush(0);
    CHECK(recv_one(rx) == "two");
    CHECK(recv_one(rx).empty());
    // Modified: payload grows; checksums recomputed; the socket sees it.
    send_to(tx, 9000, "abc");
    CHECK(collect(*icp, l, 1) == 1);
    uint8_t* w = l[0]->writable();
    CHECK(w != nullptr);
    std::memcpy(w + 28, "ABCDEFG", 7);
    CHECK(icp->pass_modified(*l[0], 35));
    icp->flush(0);
    CHECK(recv_one(rx) == "ABCDEFG");
    // Held lease: a later packet passed behind it is not covered by a batch
    // verdict; the held one stays readable after further receives.
    send_to(tx, 9000, "held");
    send_to(tx, 9000, "after");
    CHECK(collect(*icp, l, 2) == 2);
    weir::PacketLease* held = l[0];
    icp->pass(*l[1]);
    icp->flush(0);
    CHECK(recv_one(rx) == "after");
    send_to(tx, 9000, "x");
    CHECK(collect(*icp, l, 1) == 1);
    CHECK(std::memcmp(held->view.data + 28, "held", 4) == 0);
    icp->pass(*l[0]);
    icp->pass(*held);
    icp->flush(0);
    std::string a = recv_one(rx), b = recv_one(rx);
    CHECK((a == "x" && b == "held") || (a == "held" && b == "x"));
    auto s = icp->stats().total;
    CHECK(s.received == 6 && s.dropped == 1 && s.modified == 1 && s.passed == 5);
  });
  if (rc == 77) GTEST_SKIP() << "needs root, unshare and iptables";
  EXPECT_EQ(rc, 0);
}

TEST(InterceptQueue, TimeoutGivesDefaultVerdictAndPoolBackPressure) {
  int rc = in_netns([] {
    weir::Status err;
    weir::InterceptConfig c = lo_config();
    auto icp = weir::Interceptor::open(c, err);
    if (!icp) _exit(77);
    int rx = udp_socket(9001), tx = udp_socket(0);
    CHECK(rx >= 0 && tx >= 0);
    // 12 datagrams, pool of 8: the first 8 are leased and never decided;
    // weir stops reading (the kernel holds the rest); after the 300 ms
    // timeout they pass by default and the other 4 follow.
    for (int i = 0; i < 12; ++i) send_to(tx, 9001, "p" + std::to_string(i));
    weir::PacketLease* l[16];
    size_t got = collect(*icp, l, 16);
    CHECK(got == 8);
    CHECK(recv_one(rx).empty());  // nothing passed yet (held ~300 ms)
    size_t more = 0;
    for (int i = 0; i < 20 && more < 4; ++i) {
      size_t n = 0;
      icp->receive(0, std::span<weir::PacketLease*>(l, 16), n, 50);
      for (size_t k = 0; k < n; ++k) icp->pass(*l[k]);
      more += n;
      icp->flush(0);
    }
    CHECK(more == 4);
    int seen = 0;
    while (!recv_one(rx).empty()) ++seen;
    CHECK(seen == 12);
    auto s = icp->stats().total;
    CHECK(s.timed_out == 8);
    CHECK(s.pool_exhausted >= 1);
  });
  if (rc == 77) GTEST_SKIP() << "needs root, unshare and iptables";
  EXPECT_EQ(rc, 0);
}

TEST(InterceptQueue, ShutdownPassesHeldAndUnreadPackets) {
  int rc = in_netns([] {
    weir::Status err;
    auto icp = weir::Interceptor::open(lo_config(), err);
    if (!icp) _exit(77);
    int rx = udp_socket(9002), tx = udp_socket(0);
    CHECK(rx >= 0 && tx >= 0);
    send_to(tx, 9002, "held");
    weir::PacketLease* l[2];
    CHECK(collect(*icp, l, 1) == 1);  // held, never decided
    send_to(tx, 9002, "unread1");
    send_to(tx, 9002, "unread2");
    usleep(100000);
    CHECK(recv_one(rx).empty());
    icp.reset();  // rules removed, default verdict (pass) for all three
    int seen = 0;
    while (!recv_one(rx).empty()) ++seen;
    if (seen != 3) std::fprintf(stderr, "seen %d\n", seen);
    CHECK(seen == 3);
  });
  if (rc == 77) GTEST_SKIP() << "needs root, unshare and iptables";
  EXPECT_EQ(rc, 0);
}

// Queue full (kernel queue length 4): fail-open passes the overflow at once,
// fail-closed drops it and the kernel counts the drops.
void queue_full_case(weir::FailMode mode) {
  weir::Status err;
  weir::InterceptConfig c = lo_config();
  c.queue_maxlen = 4;
  c.pool_size = 16;
  c.verdict_timeout_ms = 10000;
  c.fail = mode;
  auto icp = weir::Interceptor::open(c, err);
  if (!icp) _exit(77);
  int rx = udp_socket(9003), tx = udp_socket(0);
  CHECK(rx >= 0 && tx >= 0);
  for (int i = 0; i < 10; ++i) send_to(tx, 9003, "q" + std::to_string(i));
  weir::PacketLease* l[16];
  CHECK(collect(*icp, l, 4) == 4);
  size_t extra = 0;
  icp->receive(0, std::span<weir::PacketLease*>(l + 4, 12), extra, 100);
  CHECK(extra == 0);
  int early = 0;
  while (!recv_one(rx).empty()) ++early;
  auto s = icp->stats().total;
  if (mode == weir::FailMode::Open) {
    CHECK(early == 6);
  } else {
    CHECK(early == 0);
    CHECK(s.kernel_queue_dropped == 6);
  }
  for (int i = 0; i < 4; ++i) icp->pass(*l[i]);
  icp->flush(0);
  int later = 0;
  while (!recv_one(rx).empty()) ++later;
  CHECK(later == 4);
}

TEST(InterceptQueue, QueueFullFailOpenPasses) {
  int rc = in_netns([] { queue_full_case(weir::FailMode::Open); });
  if (rc == 77) GTEST_SKIP() << "needs root, unshare and iptables";
  EXPECT_EQ(rc, 0);
}

TEST(InterceptQueue, QueueFullFailClosedDropsAndCounts) {
  int rc = in_netns([] { queue_full_case(weir::FailMode::Closed); });
  if (rc == 77) GTEST_SKIP() << "needs root, unshare and iptables";
  EXPECT_EQ(rc, 0);
}

TEST(InterceptQueue, SecondBindOfTheSameQueueFailsWithAReason) {
  int rc = in_netns([] {
    weir::Status err;
    weir::InterceptConfig c = lo_config();
    auto a = weir::Interceptor::open(c, err);
    if (!a) _exit(77);
    auto b = weir::Interceptor::open(c, err);
    CHECK(!b);
    CHECK(err.message().find("queue 7") != std::string::npos);
    // The first one's rules are intact and removed on destruction.
    std::string out;
    weir::run_capture({"iptables", "-w", "-t", "mangle", "-S"}, out);
    CHECK(out.find("WEIR7-OUT") != std::string::npos);
    a.reset();
    weir::run_capture({"iptables", "-w", "-t", "mangle", "-S"}, out);
    CHECK(out.find("WEIR") == std::string::npos);
  });
  if (rc == 77) GTEST_SKIP() << "needs root, unshare and iptables";
  EXPECT_EQ(rc, 0);
}

}  // namespace
