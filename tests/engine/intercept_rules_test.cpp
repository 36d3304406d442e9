// Rule language, rewrites and reject replies of `weir intercept`, offline.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstring>
#include <memory>
#include <vector>

#include "engine/intercept_rules.hpp"
#include "weir/checksum.hpp"
#include "weir/intercept.hpp"

namespace {

// IPv4/UDP 198.18.0.1:40000 -> 198.18.1.2:53 "hello weir udp!" (tshark: checksums good).
std::vector<uint8_t> udp4() {
  const uint8_t p[] = {0x45, 0x00, 0x00, 0x2b, 0x12, 0x34, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00, 198, 18, 0, 1,
                       198,  18,   1,    2,    0x9c, 0x40, 0x00, 0x35, 0x00, 0x17, 0x00, 0x00, 'h', 'e', 'l', 'l',
                       'o',  ' ',  'w',  'e',  'i',  'r',  ' ',  'u',  'd',  'p',  '!'};
  std::vector<uint8_t> v(p, p + sizeof p);
  weir::csum::fix_ip_packet(v.data(), v.size());
  return v;
}

std::vector<uint8_t> tcp4(uint8_t flags, uint32_t seq, uint32_t ack, size_t payload) {
  std::vector<uint8_t> v(40 + payload, 0);
  const uint8_t h[] = {0x45, 0, 0, 0, 0, 1, 0x40, 0, 64, 6, 0, 0, 198, 18, 0, 1, 198, 18, 1, 2};
  std::memcpy(v.data(), h, 20);
  uint8_t* t = v.data() + 20;
  t[0] = 0x9c, t[1] = 0x41, t[2] = 0, t[3] = 80;
  t[4] = uint8_t(seq >> 24), t[5] = uint8_t(seq >> 16), t[6] = uint8_t(seq >> 8), t[7] = uint8_t(seq);
  t[8] = uint8_t(ack >> 24), t[9] = uint8_t(ack >> 16), t[10] = uint8_t(ack >> 8), t[11] = uint8_t(ack);
  t[12] = 5 << 4, t[13] = flags, t[14] = 0xff, t[15] = 0xff;
  weir::csum::fix_ip_packet(v.data(), v.size());
  return v;
}

weir::PacketView view(const std::vector<uint8_t>& v) {
  weir::PacketView p;
  p.data = v.data();
  p.caplen = p.origlen = uint32_t(v.size());
  p.linktype = weir::linktype::kRaw;
  return p;
}

TEST(InterceptRules, ParsesActionsArgumentsAndFilters) {
  weir::InterceptRule r;
  ASSERT_TRUE(weir::parse_rule("drop udp and dst port 9", r));
  EXPECT_EQ(r.action, weir::RuleAction::Drop);
  EXPECT_EQ(r.filter, "udp and dst port 9");
  ASSERT_TRUE(weir::parse_rule("rate-limit 10mbit tcp", r));
  EXPECT_EQ(r.action, weir::RuleAction::RateLimit);
  EXPECT_TRUE(r.rate_bits);
  EXPECT_DOUBLE_EQ(r.rate, 10e6);
  ASSERT_TRUE(weir::parse_rule("rate-limit 100pps", r));
  EXPECT_FALSE(r.rate_bits);
  EXPECT_EQ(r.filter, "");
  ASSERT_TRUE(weir::parse_rule("rewrite ip.dst=198.18.2.9,tcp.dstport=8080 tcp and dst port 80", r));
  ASSERT_EQ(r.rewrites.size(), 2u);
  EXPECT_EQ(r.rewrites[1].value, 8080u);
  EXPECT_EQ(r.filter, "tcp and dst port 80");
}

TEST(InterceptRules, RejectsBadRulesWithAReason) {
  weir::InterceptRule r;
  weir::Status s = weir::parse_rule("explode udp", r);
  EXPECT_FALSE(s);
  EXPECT_NE(s.message().find("unknown action"), std::string::npos);
  EXPECT_FALSE(weir::parse_rule("drop udp and and", r));
  EXPECT_FALSE(weir::parse_rule("rewrite ip.dst=300.1.1.1 udp", r));
  EXPECT_FALSE(weir::parse_rule("rewrite tcp.dstport=70000", r));
  EXPECT_FALSE(weir::parse_rule("rewrite frob=1", r));
  EXPECT_FALSE(weir::parse_rule("rate-limit 5furlongs", r));
  EXPECT_FALSE(weir::parse_rule("rate-limit", r));
}

TEST(InterceptRules, RewriteAddressesPortsTtlDscpKeepChecksumsValid) {
  weir::InterceptRule r;
  ASSERT_TRUE(weir::parse_rule("rewrite ip.dst=198.18.2.9,udp.dstport=5353,ip.ttl=7,ip.dsfield.dscp=46", r));
  auto v = udp4();
  v.resize(v.size() + 64);
  uint32_t n = weir::apply_rewrites(r.rewrites, v.data(), 43, uint32_t(v.size()));
  ASSERT_EQ(n, 43u);
  ASSERT_EQ(weir::csum::fix_ip_packet(v.data(), n), weir::csum::FixResult::Ok);
  EXPECT_TRUE(weir::csum::verify_ip_packet(v.data(), n));
  EXPECT_EQ(v[19], 9);
  EXPECT_EQ(v[8], 7);
  EXPECT_EQ(v[1], 46 << 2);
  EXPECT_EQ(v[22] << 8 | v[23], 5353);
  // A TCP port rewrite does not apply to UDP.
  ASSERT_TRUE(weir::parse_rule("rewrite tcp.dstport=1", r));
  EXPECT_EQ(weir::apply_rewrites(r.rewrites, v.data(), n, uint32_t(v.size())), 0u);
}

TEST(InterceptRules, PayloadReplaceChangesLength) {
  weir::InterceptRule r;
  ASSERT_TRUE(weir::parse_rule("rewrite payload=weir/WEIR-NFQ", r));
  auto v = udp4();
  v.resize(128);
  uint32_t n = weir::apply_rewrites(r.rewrites, v.data(), 43, 128);
  ASSERT_EQ(n, 47u);
  ASSERT_EQ(weir::csum::fix_ip_packet(v.data(), n), weir::csum::FixResult::Ok);
  EXPECT_TRUE(weir::csum::verify_ip_packet(v.data(), n));
  EXPECT_EQ(std::string(reinterpret_cast<char*>(v.data() + 28), 19), "hello WEIR-NFQ udp!");
  EXPECT_EQ(v[24] << 8 | v[25], 27);  // UDP length
  // No room: refused, nothing half-done beyond the buffer.
  auto w = udp4();
  EXPECT_EQ(weir::apply_rewrites(r.rewrites, w.data(), 43, 44), 0u);
}

TEST(InterceptRules, EvaluationOrderCountersAndRateLimit) {
  auto rules = std::make_shared<std::vector<weir::InterceptRule>>();
  for (const char* t : {"count udp", "log port 53", "rate-limit 10pps udp", "drop udp and dst port 53", "pass"}) {
    weir::InterceptRule r;
    ASSERT_TRUE(weir::parse_rule(t, r)) << t;
    rules->push_back(r);
  }
  std::unique_ptr<weir::RuleSet> rs;
  ASSERT_TRUE(weir::RuleSet::create(rules, 1, rs));
  auto v = udp4();
  auto t = tcp4(0x02, 1, 0, 0);
  int64_t now = 1'000'000'000;
  weir::RuleDecision d = rs->evaluate(view(t), now);
  EXPECT_EQ(d.action, weir::RuleAction::Pass);
  EXPECT_EQ(d.rule, 4);
  int dropped = 0, limited = 0;
  for (int i = 0; i < 100; ++i) {  // 100 packets in 1 ms: the 10 pps bucket lets ~1 through
    d = rs->evaluate(view(v), now + i * 10000);
    EXPECT_TRUE(d.log);
    EXPECT_EQ(d.action, weir::RuleAction::Drop);
    dropped += d.rule == 3;
    limited += d.rate_limited;
  }
  EXPECT_EQ(dropped + limited, 100);
  EXPECT_GE(limited, 95);
  EXPECT_EQ(rs->counters(0).packets.load(), 100u);
  EXPECT_EQ(rs->counters(1).packets.load(), 100u);
  EXPECT_EQ(rs->counters(4).packets.load(), 1u);
  // One second later the bucket has refilled.
  d = rs->evaluate(view(v), now + 2'000'000'000);
  EXPECT_FALSE(d.rate_limited);
  // A clone shares counters but has its own filters.
  auto c = rs->clone();
  c->evaluate(view(t), now);
  EXPECT_EQ(rs->counters(4).packets.load(), 2u);
}

TEST(InterceptRules, RejectBuildsRstForTcpAndIcmpForUdp) {
  uint8_t out[1600];
  auto syn = tcp4(0x02, 1000, 0, 0);
  size_t n = weir::build_reject(syn.data(), syn.size(), out, sizeof out);
  ASSERT_EQ(n, 40u);
  EXPECT_TRUE(weir::csum::verify_ip_packet(out, n));
  EXPECT_EQ(0, std::memcmp(out + 12, syn.data() + 16, 4));  // src = their dst
  EXPECT_EQ(out[33], 0x14);                                // RST|ACK
  EXPECT_EQ(uint32_t(out[28] << 24 | out[29] << 16 | out[30] << 8 | out[31]), 1001u);
  auto ack = tcp4(0x10, 5, 777, 10);
  n = weir::build_reject(ack.data(), ack.size(), out, sizeof out);
  ASSERT_EQ(n, 40u);
  EXPECT_EQ(out[33], 0x04);  // RST, seq = their ack
  EXPECT_EQ(uint32_t(out[24] << 24 | out[25] << 16 | out[26] << 8 | out[27]), 777u);
  auto rst = tcp4(0x04, 5, 0, 0);
  EXPECT_EQ(weir::build_reject(rst.data(), rst.size(), out, sizeof out), 0u);
  auto u = udp4();
  n = weir::build_reject(u.data(), u.size(), out, sizeof out);
  ASSERT_EQ(n, 20u + 8 + 28);
  EXPECT_TRUE(weir::csum::verify_ip_packet(out, n));
  EXPECT_EQ(out[9], 1);
  EXPECT_EQ(out[20], 3);
  EXPECT_EQ(out[21], 3);
  for (size_t k = 0; k < 20; ++k) EXPECT_EQ(weir::build_reject(u.data(), k, out, sizeof out), 0u);
}

TEST(InterceptRules, RejectEdgeCases) {
  uint8_t out[1600];
  // A header-only copy of a SYN carrying 1000 bytes: the RST acknowledges
  // them all (the IP length counts, not the bytes copied).
  auto syn = tcp4(0x02, 1000, 0, 1000);
  size_t n = weir::build_reject(syn.data(), 60, out, sizeof out);
  ASSERT_EQ(n, 40u);
  EXPECT_EQ(uint32_t(out[28] << 24 | out[29] << 16 | out[30] << 8 | out[31]), 1000u + 1000 + 1);
  // A header-only copy of a BIG TCP (GSO above 64 KiB) SYN: the IP length
  // is 0, the packet's own length (from the kernel) counts.
  syn[2] = syn[3] = 0;
  n = weir::build_reject(syn.data(), 60, out, sizeof out, 200040);
  ASSERT_EQ(n, 40u);
  EXPECT_EQ(uint32_t(out[28] << 24 | out[29] << 16 | out[30] << 8 | out[31]), 1000u + 200000 + 1);
  // IPv6: UDP behind a destination-options header gets an ICMPv6 port
  // unreachable; a later fragment and an ICMPv6 error behind an extension
  // header get nothing.
  auto v6 = [](std::vector<uint8_t> ext, uint8_t first, std::vector<uint8_t> l4) {
    std::vector<uint8_t> p = {0x60, 0, 0, 0, 0, 0, first, 64};
    for (int i = 0; i < 2; ++i) {
      const uint8_t a[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, uint8_t(1 + i)};
      p.insert(p.end(), a, a + 16);
    }
    p.insert(p.end(), ext.begin(), ext.end());
    p.insert(p.end(), l4.begin(), l4.end());
    p[5] = uint8_t(p.size() - 40);
    return p;
  };
  std::vector<uint8_t> udp = {0x9c, 0x40, 0, 53, 0, 9, 0, 0, 'x'};
  std::vector<uint8_t> dopt = {17, 0, 1, 4, 0, 0, 0, 0};  // next UDP, PadN
  auto a = v6(dopt, 60, udp);
  n = weir::build_reject(a.data(), a.size(), out, sizeof out);
  ASSERT_EQ(n, 40u + 8 + a.size());
  EXPECT_EQ(out[40], 1);
  EXPECT_EQ(out[41], 4);
  std::vector<uint8_t> later = {17, 0, 0x00, 0x09, 0, 0, 0, 1};  // fragment header, offset 1
  auto b = v6(later, 44, udp);
  EXPECT_EQ(weir::build_reject(b.data(), b.size(), out, sizeof out), 0u);
  std::vector<uint8_t> first = {17, 0, 0x00, 0x01, 0, 0, 0, 1};  // offset 0, more fragments
  auto c = v6(first, 44, udp);
  EXPECT_GT(weir::build_reject(c.data(), c.size(), out, sizeof out), 0u);
  std::vector<uint8_t> dopt_icmp = {58, 0, 1, 4, 0, 0, 0, 0};
  auto d = v6(dopt_icmp, 60, {1, 4, 0, 0, 0, 0, 0, 0});  // an ICMPv6 error
  EXPECT_EQ(weir::build_reject(d.data(), d.size(), out, sizeof out), 0u);
}

TEST(InterceptRules, AddressRewriteLeavesDccpAndUdpLiteAlone) {
  weir::InterceptRule r;
  ASSERT_TRUE(weir::parse_rule("rewrite ip.dst=198.18.2.9", r));
  for (uint8_t proto : {33, 136}) {
    auto v = udp4();
    v[9] = proto;
    std::vector<uint8_t> before = v;
    v.resize(2000);
    EXPECT_EQ(weir::apply_rewrites(r.rewrites, v.data(), uint32_t(before.size()), 2000), 0u) << int(proto);
    EXPECT_EQ(0, std::memcmp(v.data(), before.data(), before.size()));
  }
}

TEST(InterceptRules, HashInsideAValueIsNotAComment) {
  char path[] = "/tmp/weir-rules-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  const char text[] = "# a comment\nrewrite payload=a#b/a#c udp  # trailing comment\n  # indented comment\n";
  ASSERT_EQ(write(fd, text, sizeof text - 1), ssize_t(sizeof text - 1));
  close(fd);
  std::vector<weir::InterceptRule> rules;
  weir::Status st = weir::parse_rules_file(path, rules);
  unlink(path);
  ASSERT_TRUE(st) << st.message();
  ASSERT_EQ(rules.size(), 1u);
  ASSERT_EQ(rules[0].rewrites.size(), 1u);
  EXPECT_EQ(rules[0].rewrites[0].from, "a#b");
  EXPECT_EQ(rules[0].rewrites[0].to, "a#c");
  EXPECT_EQ(rules[0].filter, "udp");
}

TEST(InterceptRules, FragmentsAndPayloadLimits) {
  weir::InterceptRule port, ttl, same, longer;
  ASSERT_TRUE(weir::parse_rule("rewrite udp.dstport=5353", port));
  ASSERT_TRUE(weir::parse_rule("rewrite ip.ttl=9", ttl));
  ASSERT_TRUE(weir::parse_rule("rewrite payload=weir/WEIR", same));
  ASSERT_TRUE(weir::parse_rule("rewrite payload=weir/WEIRD", longer));
  // First fragment (MF set): ports and payload are under a checksum of the
  // whole datagram, so only IP header fields change.
  auto f = udp4();
  f[6] |= 0x20;
  EXPECT_EQ(weir::apply_rewrites(port.rewrites, f.data(), 43, 43), 0u);
  EXPECT_EQ(weir::apply_rewrites(same.rewrites, f.data(), 43, 43), 0u);
  EXPECT_EQ(weir::apply_rewrites(ttl.rewrites, f.data(), 43, 43), 43u);
  EXPECT_EQ(f[8], 9);
  // TCP payload: same length only (sequence numbers are not shifted).
  auto t = tcp4(0x18, 1000, 1, 8);
  std::memcpy(t.data() + 40, "GET weir", 8);
  t.resize(64);
  EXPECT_EQ(weir::apply_rewrites(longer.rewrites, t.data(), 48, 64), 0u);
  EXPECT_EQ(weir::apply_rewrites(same.rewrites, t.data(), 48, 64), 48u);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(t.data() + 40), 8), "GET WEIR");
}

TEST(InterceptRules, FiltersMustWorkOnRawIp) {
  weir::InterceptRule r;
  EXPECT_FALSE(weir::parse_rule("drop ether host aa:bb:cc:dd:ee:ff", r));
  EXPECT_TRUE(weir::parse_rule("drop host 198.18.0.1", r));
  EXPECT_FALSE(weir::parse_rule("rate-limit infpps", r));
  // Numbers: decimal (a leading 0 is not octal) or 0x hex; no sign.
  ASSERT_TRUE(weir::parse_rule("rewrite ip.ttl=010", r));
  EXPECT_EQ(r.rewrites[0].value, 10u);
  ASSERT_TRUE(weir::parse_rule("rewrite ip.dsfield=0xb8", r));
  EXPECT_EQ(r.rewrites[0].value, 0xb8u);
  EXPECT_FALSE(weir::parse_rule("rewrite ip.ttl=-1", r));
}

TEST(InterceptRules, BitRateLimitPassesAGsoPacket) {
  auto rules = std::make_shared<std::vector<weir::InterceptRule>>(1);
  ASSERT_TRUE(weir::parse_rule("rate-limit 1mbit", (*rules)[0]));
  std::unique_ptr<weir::RuleSet> rs;
  ASSERT_TRUE(weir::RuleSet::create(rules, 1, rs));
  auto v = udp4();
  weir::PacketView big = view(v);
  big.origlen = 65000;  // a GSO packet: 520,000 bits against a 100,000-bit burst
  int64_t now = 1'000'000'000;
  EXPECT_NE(rs->evaluate(big, now).action, weir::RuleAction::Drop);  // full bucket: passes, leaves debt
  EXPECT_EQ(rs->evaluate(big, now + 100'000'000).action, weir::RuleAction::Drop);  // still in debt
  // 1 Mbit/s repays the debt (420,000 bits) and refills the burst in about 0.52 s.
  EXPECT_NE(rs->evaluate(big, now + 600'000'000).action, weir::RuleAction::Drop);
}

TEST(InterceptRules, NoRejectToOrFromBroadcastOrMulticast) {
  uint8_t out[256];
  auto b = udp4();
  b[16] = b[17] = b[18] = b[19] = 255;  // to 255.255.255.255
  EXPECT_EQ(weir::build_reject(b.data(), b.size(), out, sizeof out), 0u);
  auto m = udp4();
  m[16] = 224, m[17] = 0, m[18] = 0, m[19] = 251;  // mDNS
  EXPECT_EQ(weir::build_reject(m.data(), m.size(), out, sizeof out), 0u);
  auto z = udp4();
  z[12] = z[13] = z[14] = z[15] = 0;  // DHCP DISCOVER from 0.0.0.0
  EXPECT_EQ(weir::build_reject(z.data(), z.size(), out, sizeof out), 0u);
  auto u = udp4();
  EXPECT_GT(weir::build_reject(u.data(), u.size(), out, sizeof out), 0u);  // unicast: port unreachable
}

}  // namespace

#include "io/rules_iptables.hpp"

namespace {

std::string joined(const std::vector<std::vector<std::string>>& cmds) {
  std::string all;
  for (const auto& c : cmds) {
    for (const auto& a : c) all += a + " ";
    all += "\n";
  }
  return all;
}

TEST(InterceptRulesIptables, CommandsForForwardWithInterfacesAndQueues) {
  weir::IptablesRules r;
  weir::RuleSpec s;
  s.forward = true;
  s.interfaces = {"veth0"};
  s.queue_base = 4;
  s.queues = 2;
  std::string all = joined(r.install_commands(s, false));
  EXPECT_NE(all.find("-t mangle -N WEIR4-FWD"), std::string::npos) << all;
  EXPECT_NE(all.find("-j NFQUEUE --queue-balance 4:5 --queue-bypass"), std::string::npos) << all;
  EXPECT_NE(all.find("-I FORWARD 1 -i veth0 -j WEIR4-FWD"), std::string::npos) << all;
  EXPECT_NE(all.find("-I FORWARD 1 -o veth0 -j WEIR4-FWD"), std::string::npos) << all;
  EXPECT_NE(all.find("--mark 0x20000000/0x20000000 -j RETURN"), std::string::npos) << all;  // injected
  EXPECT_NE(all.find("-m connmark --mark 0x10000000/0x10000000 -j RETURN"), std::string::npos) << all;
  EXPECT_NE(all.find("-j CONNMARK --or-mark 0x10000000"), std::string::npos) << all;
  EXPECT_EQ(all.find("INPUT"), std::string::npos) << all;
  EXPECT_EQ(all.find("cpu-fanout"), std::string::npos) << all;
  // Queues by CPU instead of by flow.
  s.cpu_fanout = true;
  all = joined(r.install_commands(s, false));
  EXPECT_NE(all.find("-j NFQUEUE --queue-balance 4:5 --queue-cpu-fanout --queue-bypass"), std::string::npos) << all;
  // Fail-closed: no bypass flag, so traffic stops when nobody listens.
  s.queue_bypass = false;
  s.queues = 1;
  s.bypass_mark = 0;
  all = joined(r.install_commands(s, false));
  EXPECT_NE(all.find("-j NFQUEUE --queue-num 4 \n"), std::string::npos) << all;
  EXPECT_EQ(all.find("CONNMARK"), std::string::npos) << all;
}

TEST(InterceptRulesIptables, NfqueueRuleCountersFromListing) {
  // iptables -t mangle -L -v -x -n, as iptables-legacy and -nft print it.
  const std::string listing =
      "Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)\n"
      "    pkts      bytes target     prot opt in     out     source               destination\n"
      " 9000000  1234567 WEIR3-FWD  0    --  *      *       0.0.0.0/0            0.0.0.0/0\n"
      "\n"
      "Chain WEIR3-FWD (1 references)\n"
      "    pkts      bytes target     prot opt in     out     source               destination\n"
      "      17     1000 RETURN     0    --  *      *       0.0.0.0/0            0.0.0.0/0  mark match 0x20000000/0x20000000\n"
      "5000000000 99999999 NFQUEUE    0    --  *      *       0.0.0.0/0            0.0.0.0/0  NFQUEUE num 3 bypass\n"
      "\n"
      "Chain WEIR3-IN (1 references)\n"
      "    pkts      bytes target     prot opt in     out     source               destination\n"
      "      42     4200 NFQUEUE    0    --  *      *       0.0.0.0/0            0.0.0.0/0  NFQUEUE num 3 bypass\n"
      "\n"
      "Chain WEIR31-FWD (1 references)\n"
      "    pkts      bytes target     prot opt in     out     source               destination\n"
      "     777     7700 NFQUEUE    0    --  *      *       0.0.0.0/0            0.0.0.0/0  NFQUEUE num 31\n";
  EXPECT_EQ(weir::nfqueue_rule_packets(listing, 3), 5000000042u);  // not the jump, RETURN or queue 31
  EXPECT_EQ(weir::nfqueue_rule_packets(listing, 31), 777u);
  EXPECT_EQ(weir::nfqueue_rule_packets(listing, 4), 0u);
  EXPECT_EQ(weir::nfqueue_rule_packets("", 3), 0u);
}

}  // namespace

#include "io/nfqueue.hpp"

namespace {

TEST(NfQueueIds, GapsBetweenConsecutiveIds) {
  EXPECT_EQ(weir::nfq_id_gap(0, 1), 0);  // a fresh queue numbers from 1
  EXPECT_EQ(weir::nfq_id_gap(0, 5), 4);  // 1..4 never arrived
  EXPECT_EQ(weir::nfq_id_gap(41, 42), 0);
  EXPECT_EQ(weir::nfq_id_gap(41, 100), 58);
  EXPECT_EQ(weir::nfq_id_gap(0xfffffffeu, 0xffffffffu), 0);
  EXPECT_EQ(weir::nfq_id_gap(0xffffffffu, 0), 0);  // the kernel's counter wraps
  EXPECT_EQ(weir::nfq_id_gap(0xfffffffdu, 2), 4);  // fffffffe ffffffff 0 1
  EXPECT_EQ(weir::nfq_id_gap(42, 42), -1);         // not after the last one
  EXPECT_EQ(weir::nfq_id_gap(42, 7), -1);
}

}  // namespace

#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_queue.h>
#include <linux/netlink.h>

namespace {

// A queued-packet message as the kernel starts it: nlmsghdr, nfgenmsg,
// NFQA_PACKET_HDR (id, hw protocol, hook), then (here cut off) the rest.
std::vector<uint8_t> packet_msg_start(uint32_t id, uint32_t claimed_len, bool hdr_first = true) {
  std::vector<uint8_t> b(64, 0);
  nlmsghdr h{};
  h.nlmsg_len = claimed_len;
  h.nlmsg_type = uint16_t((NFNL_SUBSYS_QUEUE << 8) | NFQNL_MSG_PACKET);
  std::memcpy(b.data(), &h, sizeof h);
  size_t pos = NLMSG_ALIGN(sizeof h) + NLMSG_ALIGN(sizeof(nfgenmsg));
  if (!hdr_first) {  // an attribute before it (NFQA_MARK)
    nlattr m{8, NFQA_MARK};
    std::memcpy(b.data() + pos, &m, sizeof m);
    pos += 8;
  }
  nlattr a{uint16_t(NLA_HDRLEN + 7), NFQA_PACKET_HDR};
  std::memcpy(b.data() + pos, &a, sizeof a);
  const uint8_t v[7] = {uint8_t(id >> 24), uint8_t(id >> 16), uint8_t(id >> 8), uint8_t(id), 0x08, 0x00, 2};
  std::memcpy(b.data() + pos + NLA_HDRLEN, v, 7);
  return b;
}

TEST(NfQueueIds, PacketIdOfATruncatedMessage) {
  uint32_t id = 0;
  auto m = packet_msg_start(0x01020304, 70000);  // far longer than what was read
  ASSERT_TRUE(weir::peek_packet_id(m.data(), m.size(), id));
  EXPECT_EQ(id, 0x01020304u);
  m = packet_msg_start(77, 70000, false);
  ASSERT_TRUE(weir::peek_packet_id(m.data(), m.size(), id));
  EXPECT_EQ(id, 77u);
  // Cut inside the header attribute, not a packet message, or too short.
  EXPECT_TRUE(weir::peek_packet_id(m.data(), 36, id));  // the id just fits
  EXPECT_FALSE(weir::peek_packet_id(m.data(), 35, id));
  m = packet_msg_start(5, 70000);
  m[5] = NFNL_SUBSYS_CTNETLINK;  // nlmsg_type's high byte: another subsystem
  EXPECT_FALSE(weir::peek_packet_id(m.data(), m.size(), id));
  EXPECT_FALSE(weir::peek_packet_id(m.data(), 10, id));
  // A zero-length attribute ends the walk instead of looping.
  m = packet_msg_start(5, 70000);
  std::memset(m.data() + 20, 0, 4);
  EXPECT_FALSE(weir::peek_packet_id(m.data(), m.size(), id));
}

}  // namespace
