// weir's iptables rules: a dedicated chain per hook ("WEIR<q>-IN", "-OUT",
// "-FWD" in the mangle table, jumped to from INPUT/OUTPUT/FORWARD, with
// -i/-o per interface), ending in NFQUEUE --queue-num/--queue-balance
// --queue-bypass. Packets weir injected (inject mark) and connections handed
// back to the kernel (bypass connmark) RETURN first; a filter-table chain
// "WEIR<q>-SAVE" copies the bypass mark of a verdict into the connmark.
// Works through iptables-nft (nft compat) and iptables-legacy alike.
#pragma once

#include <string>
#include <vector>

#include "weir/intercept.hpp"
#include "weir/status.hpp"

namespace weir {

struct RuleSpec {
  bool input = false, output = false, forward = false;
  std::vector<std::string> interfaces;
  bool ipv4 = true, ipv6 = true;
  uint16_t queue_base = 0, queues = 1;
  bool cpu_fanout = false;   // --queue-cpu-fanout (queues > 1)
  bool queue_bypass = true;  // fail-open: pass when no program listens
  uint32_t bypass_mark = kDefaultBypassMark;
  uint32_t inject_mark = kDefaultInjectMark;
  // false: create the chains only; jumps come later one by one with jump().
  bool jumps = true;
};

class IptablesRules {
 public:
  // Picks the binaries (iptables/ip6tables, -nft or -legacy).
  Status init(RuleBackend backend);
  const std::string& backend_name() const { return name_; }
  // The iptables argument lists (without the binary) for the spec.
  std::vector<std::vector<std::string>> install_commands(const RuleSpec& s, bool v6) const;
  Status install(const RuleSpec& s);
  // Adds (or deletes) the jumps for one interface into the chains of s
  // (every hook s has on, both families), leaving every other rule alone:
  // traffic on other interfaces never passes unintercepted meanwhile.
  Status jump(const RuleSpec& s, const std::string& iface, bool add);
  // Stops new packets from being queued (a RETURN at the top of each of the
  // queue base's chains) without touching hooks, so packets already queued
  // can still get their verdicts before remove().
  void quiesce(uint16_t queue_base);
  // Removes the chains of one queue base (and the jumps to them).
  Status remove(uint16_t queue_base);
  // Removes every WEIR* chain (all queue bases).
  Status remove_all();
  // Packets the NFQUEUE rules of one queue base matched (both families, all
  // hooks), from the rule counters.
  Status queued_packets(uint16_t queue_base, uint64_t& packets);
  // Every rule line mentioning WEIR (iptables -S), to check leftovers.
  Status list(std::vector<std::string>& out);

 private:
  Status remove_matching(const std::string& prefix);
  std::string v4_, v6_, name_;
};

// Sum of the packet counters of the NFQUEUE rules in the chains of one
// queue base, from `iptables -t mangle -L -v -x -n` output (nft or legacy).
uint64_t nfqueue_rule_packets(const std::string& listing, uint16_t queue_base);

// Runs argv (argv[0] = binary) with stdout+stderr captured. Returns the exit
// status (or -1 when it could not be started).
int run_capture(const std::vector<std::string>& argv, std::string& output);

}  // namespace weir
