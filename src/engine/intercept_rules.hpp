// The rule language of `weir intercept`: "ACTION [ARGS] [FILTER]", the action
// word first, then its arguments, then a pcap-filter expression (empty:
// every packet). Rules are tried in order; log, count and rate-limit (for
// packets within the rate) continue to the next rule, the others decide.
//   pass | drop | reject | log | count | bypass
//   rate-limit RATE            e.g. 100pps, 64kbit, 10mbit, 1gbit, 5000bps
//   rewrite F=V[,F=V...]       ip.src ip.dst ip.ttl ip.dsfield ip.dsfield.dscp
//                              ipv6.src ipv6.dst ipv6.hlim tcp.srcport
//                              tcp.dstport udp.srcport udp.dstport
//                              payload=OLD/NEW (first occurrence; length may change)
// Matching and rewriting run per packet without allocation; a RuleSet is
// used by one thread (clone() one per worker).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "weir/filter.hpp"
#include "weir/packet.hpp"
#include "weir/status.hpp"

namespace weir {

enum class RuleAction : uint8_t { Pass, Drop, Reject, Log, Count, RateLimit, Rewrite, Bypass };
const char* action_name(RuleAction a);

struct RewriteOp {
  enum Field : uint8_t { IpSrc, IpDst, IpTtl, IpDsfield, IpDscp, Ip6Src, Ip6Dst, Ip6Hlim, TcpSport, TcpDport, UdpSport,
                         UdpDport, Payload } field;
  uint8_t addr[16] = {};
  uint32_t value = 0;
  std::string from, to;  // payload replace
};

struct RuleCounters {
  std::atomic<uint64_t> packets{0}, bytes{0}, limited{0}, failed{0};
};

struct InterceptRule {
  RuleAction action = RuleAction::Pass;
  std::string text;    // as written
  std::string filter;  // pcap-filter expression
  double rate = 0;     // rate-limit: units per second
  bool rate_bits = false;  // rate in bits/s (else packets/s)
  std::vector<RewriteOp> rewrites;
};

// Parses one rule. Errors name the rule and what is wrong.
Status parse_rule(const std::string& text, InterceptRule& out);
// Parses a rules file: one rule per line, '#' comments, blank lines ignored.
Status parse_rules_file(const std::string& path, std::vector<InterceptRule>& out);

// Applies the rewrites to a raw IP packet in buf (len bytes used, cap
// available). Returns the new length, or 0 if a rewrite does not apply:
// wrong protocol; a fragment or an IPv6 packet with extension headers (only
// ttl/hlim/dscp/dsfield apply there); no room; a payload replacement on
// anything but TCP/UDP, or of a different length on TCP (sequence numbers
// are not shifted). Checksums are NOT fixed here.
uint32_t apply_rewrites(const std::vector<RewriteOp>& ops, uint8_t* buf, uint32_t len, uint32_t cap);

// The verdict of a rule set for one packet.
struct RuleDecision {
  RuleAction action = RuleAction::Pass;  // Pass, Drop, Reject, Rewrite or Bypass
  int rule = -1;                          // deciding rule index (-1: default pass)
  bool log = false;                       // a log rule matched
  int log_rule = -1;
  bool rate_limited = false;              // dropped by a rate-limit rule (action Drop)
};

class RuleSet {
 public:
  // Compiles the filters. rules and counters are shared between clones.
  static Status create(std::shared_ptr<const std::vector<InterceptRule>> rules, unsigned workers,
                       std::unique_ptr<RuleSet>& out);
  std::unique_ptr<RuleSet> clone() const;  // nullptr if a filter no longer compiles

  // Evaluates the packet (raw IP view) at monotonic time now_ns.
  RuleDecision evaluate(const PacketView& pkt, int64_t now_ns);

  const std::vector<InterceptRule>& rules() const { return *rules_; }
  RuleCounters& counters(size_t i) const { return (*counters_)[i]; }

 private:
  std::shared_ptr<const std::vector<InterceptRule>> rules_;
  std::shared_ptr<std::vector<RuleCounters>> counters_;
  std::vector<BpfFilter> filters_;
  struct Bucket {
    double tokens = 0;
    int64_t last_ns = 0;
  };
  std::vector<Bucket> buckets_;
  unsigned workers_ = 1;
};

}  // namespace weir
