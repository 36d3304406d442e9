#include "io/rules_iptables.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>

extern char** environ;

namespace weir {

int run_capture(const std::vector<std::string>& argv, std::string& output) {
  output.clear();
  int pfd[2];
  if (pipe2(pfd, O_CLOEXEC) < 0) return -1;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
  posix_spawn_file_actions_adddup2(&fa, pfd[1], 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid;
  int rc = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(pfd[1]);
  if (rc != 0) {
    close(pfd[0]);
    output = std::string("cannot run ") + argv[0] + ": " + strerror(rc);
    return -1;
  }
  char buf[4096];
  ssize_t r;
  while ((r = read(pfd[0], buf, sizeof buf)) > 0 || (r < 0 && errno == EINTR))
    if (r > 0) output.append(buf, size_t(r));
  close(pfd[0]);
  int st = 0;
  pid_t w;
  while ((w = waitpid(pid, &st, 0)) < 0 && errno == EINTR) {
  }
  if (w < 0) {
    // E.g. ECHILD when the host program ignores SIGCHLD: the exit status is
    // lost, so the command cannot be taken to have worked.
    output += std::string("cannot wait for ") + argv[0] + ": " + strerror(errno);
    return -1;
  }
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static bool works(const std::string& bin, std::string& version) {
  return run_capture({bin, "-V"}, version) == 0;
}

Status IptablesRules::init(RuleBackend backend) {
  std::string ver;
  switch (backend) {
    case RuleBackend::Nft:
      v4_ = "iptables-nft", v6_ = "ip6tables-nft", name_ = "nft";
      break;
    case RuleBackend::Legacy:
      v4_ = "iptables-legacy", v6_ = "ip6tables-legacy", name_ = "legacy";
      break;
    default:
      v4_ = "iptables", v6_ = "ip6tables";
      if (!works(v4_, ver)) return Status::error("iptables not found: " + ver);
      name_ = ver.find("nf_tables") != std::string::npos ? "nft" : "legacy";
      return Status::ok();
  }
  if (!works(v4_, ver)) return Status::error(v4_ + " does not work: " + ver);
  return Status::ok();
}

static std::string hex(uint32_t v) {
  char b[16];
  std::snprintf(b, sizeof b, "0x%x", v);
  return b;
}

static std::string chain(uint16_t qbase, const char* suffix) { return "WEIR" + std::to_string(qbase) + "-" + suffix; }

namespace {
// One built-in chain weir hooks into: its chain suffix, and whether -i / -o
// apply to it.
struct Hook {
  bool on;
  const char* builtin;
  const char* sfx;
  bool in, out;
};
std::array<Hook, 3> hooks_of(const RuleSpec& s) {
  return {{{s.input, "INPUT", "IN", true, false},
           {s.output, "OUTPUT", "OUT", false, true},
           {s.forward, "FORWARD", "FWD", true, true}}};
}
}  // namespace

std::vector<std::vector<std::string>> IptablesRules::install_commands(const RuleSpec& s, bool v6) const {
  std::vector<std::vector<std::string>> cmds;
  const auto hooks = hooks_of(s);
  std::vector<std::string> target = {"-j", "NFQUEUE"};
  if (s.queues > 1) {
    target.insert(target.end(), {"--queue-balance", std::to_string(s.queue_base) + ":" +
                                                         std::to_string(s.queue_base + s.queues - 1)});
  } else {
    target.insert(target.end(), {"--queue-num", std::to_string(s.queue_base)});
  }
  if (s.queues > 1 && s.cpu_fanout) target.push_back("--queue-cpu-fanout");
  if (s.queue_bypass) target.push_back("--queue-bypass");
  std::string save = chain(s.queue_base, "SAVE");
  if (s.bypass_mark) cmds.push_back({"-w", "-t", "filter", "-N", save});
  for (const auto& h : hooks) {
    if (!h.on) continue;
    std::string c = chain(s.queue_base, h.sfx);
    cmds.push_back({"-w", "-t", "mangle", "-N", c});
    if (s.inject_mark)
      cmds.push_back({"-w", "-t", "mangle", "-A", c, "-m", "mark", "--mark", hex(s.inject_mark) + "/" + hex(s.inject_mark),
                      "-j", "RETURN"});
    if (s.bypass_mark)
      cmds.push_back({"-w", "-t", "mangle", "-A", c, "-m", "connmark", "--mark",
                      hex(s.bypass_mark) + "/" + hex(s.bypass_mark), "-j", "RETURN"});
    std::vector<std::string> q = {"-w", "-t", "mangle", "-A", c};
    q.insert(q.end(), target.begin(), target.end());
    cmds.push_back(q);
    // Jumps: one per interface (and direction for forward), or one for all.
    std::vector<std::vector<std::string>> matches;
    if (!s.jumps) continue;
    if (s.interfaces.empty()) matches.push_back({});
    for (const auto& i : s.interfaces) {
      if (h.in) matches.push_back({"-i", i});
      if (h.out) matches.push_back({"-o", i});
    }
    for (const auto& m : matches) {
      std::vector<std::string> j = {"-w", "-t", "mangle", "-I", h.builtin, "1"};
      j.insert(j.end(), m.begin(), m.end());
      j.insert(j.end(), {"-j", c});
      cmds.push_back(j);
      if (s.bypass_mark) {
        std::vector<std::string> sj = {"-w", "-t", "filter", "-I", h.builtin, "1"};
        sj.insert(sj.end(), m.begin(), m.end());
        sj.insert(sj.end(), {"-j", save});
        cmds.push_back(sj);
      }
    }
  }
  if (s.bypass_mark)
    cmds.push_back({"-w", "-t", "filter", "-A", save, "-m", "mark", "--mark", hex(s.bypass_mark) + "/" + hex(s.bypass_mark),
                    "-j", "CONNMARK", "--or-mark", hex(s.bypass_mark)});
  (void)v6;
  return cmds;
}

Status IptablesRules::install(const RuleSpec& s) {
  for (int fam = 0; fam < 2; ++fam) {
    if ((fam == 0 && !s.ipv4) || (fam == 1 && !s.ipv6)) continue;
    const std::string& bin = fam ? v6_ : v4_;
    for (auto& c : install_commands(s, fam == 1)) {
      std::vector<std::string> argv = {bin};
      argv.insert(argv.end(), c.begin(), c.end());
      std::string out;
      if (run_capture(argv, out) != 0) {
        std::string line;
        for (const auto& a : argv) line += a + " ";
        remove(s.queue_base);
        return Status::error("rule installation failed: " + line + ": " + out);
      }
    }
  }
  return Status::ok();
}

Status IptablesRules::jump(const RuleSpec& s, const std::string& iface, bool add) {
  const auto hooks = hooks_of(s);
  std::string first_err;
  for (int fam = 0; fam < 2; ++fam) {
    if ((fam == 0 && !s.ipv4) || (fam == 1 && !s.ipv6)) continue;
    for (const auto& h : hooks) {
      if (!h.on) continue;
      for (const char* dir : {"-i", "-o"}) {
        if ((dir[1] == 'i' && !h.in) || (dir[1] == 'o' && !h.out)) continue;
        std::vector<std::string> argv = {fam ? v6_ : v4_, "-w", "-t", "mangle"};
        if (add) argv.insert(argv.end(), {"-I", h.builtin, "1"});
        else argv.insert(argv.end(), {"-D", h.builtin});
        argv.insert(argv.end(), {dir, iface, "-j", chain(s.queue_base, h.sfx)});
        std::string out;
        if (run_capture(argv, out) != 0 && first_err.empty()) {
          for (const auto& a : argv) first_err += a + " ";
          first_err += ": " + out;
        }
      }
    }
  }
  if (!first_err.empty()) return Status::error(std::string(add ? "adding" : "removing") + " a rule failed: " + first_err);
  return Status::ok();
}

// Deletes jumps to chains starting with prefix, then flushes and deletes them.
Status IptablesRules::remove_matching(const std::string& prefix) {
  std::string first_err;
  for (const std::string& bin : {v4_, v6_}) {
    for (const char* table : {"mangle", "filter"}) {
      std::string out;
      if (run_capture({bin, "-w", "-t", table, "-S"}, out) != 0) continue;  // e.g. no ip6tables
      std::vector<std::string> chains;
      std::vector<std::vector<std::string>> jumps;
      std::istringstream is(out);
      std::string line;
      while (std::getline(is, line)) {
        std::istringstream ls(line);
        std::vector<std::string> w;
        std::string t;
        while (ls >> t) w.push_back(t);
        if (w.size() >= 2 && w[0] == "-N" && w[1].rfind(prefix, 0) == 0) chains.push_back(w[1]);
        if (w.size() >= 4 && w[0] == "-A" && w[1].rfind("WEIR", 0) != 0) {
          for (size_t k = 2; k + 1 < w.size(); ++k)
            if (w[k] == "-j" && w[k + 1].rfind(prefix, 0) == 0) {
              w[0] = "-D";
              jumps.push_back(w);
            }
        }
      }
      for (auto& j : jumps) {
        std::vector<std::string> argv = {bin, "-w", "-t", table};
        argv.insert(argv.end(), j.begin(), j.end());
        std::string o;
        if (run_capture(argv, o) != 0 && first_err.empty()) first_err = o;
      }
      for (auto& c : chains) {
        std::string o;
        run_capture({bin, "-w", "-t", table, "-F", c}, o);
        if (run_capture({bin, "-w", "-t", table, "-X", c}, o) != 0 && first_err.empty()) first_err = o;
      }
    }
  }
  if (!first_err.empty()) return Status::error("rule removal: " + first_err);
  return Status::ok();
}

void IptablesRules::quiesce(uint16_t queue_base) {
  for (const std::string& bin : {v4_, v6_})
    for (const char* sfx : {"IN", "OUT", "FWD"}) {
      std::string out;
      run_capture({bin, "-w", "-t", "mangle", "-I", chain(queue_base, sfx), "1", "-j", "RETURN"}, out);
    }
}

Status IptablesRules::remove(uint16_t queue_base) { return remove_matching("WEIR" + std::to_string(queue_base) + "-"); }
Status IptablesRules::remove_all() { return remove_matching("WEIR"); }

uint64_t nfqueue_rule_packets(const std::string& listing, uint16_t queue_base) {
  uint64_t packets = 0;
  std::istringstream is(listing);
  std::string line, chain_now;
  const std::string prefix = "WEIR" + std::to_string(queue_base) + "-";
  while (std::getline(is, line)) {
    if (line.rfind("Chain ", 0) == 0) {
      chain_now = line.substr(6, line.find(' ', 6) - 6);
      continue;
    }
    if (chain_now.rfind(prefix, 0) != 0 || line.find("NFQUEUE") == std::string::npos) continue;
    packets += std::strtoull(line.c_str(), nullptr, 10);  // first column: pkts
  }
  return packets;
}

Status IptablesRules::queued_packets(uint16_t queue_base, uint64_t& packets) {
  packets = 0;
  for (const std::string& bin : {v4_, v6_}) {
    std::string out;
    // The whole table in one call (-L of a missing chain would fail).
    if (run_capture({bin, "-w", "-t", "mangle", "-L", "-v", "-x", "-n"}, out) != 0) continue;
    packets += nfqueue_rule_packets(out, queue_base);
  }
  return Status::ok();
}

Status IptablesRules::list(std::vector<std::string>& lines) {
  lines.clear();
  for (const std::string& bin : {v4_, v6_}) {
    for (const char* table : {"mangle", "filter"}) {
      std::string out;
      if (run_capture({bin, "-w", "-t", table, "-S"}, out) != 0) continue;
      std::istringstream is(out);
      std::string line;
      while (std::getline(is, line))
        if (line.find("WEIR") != std::string::npos) lines.push_back(bin + " -t " + table + " " + line);
    }
  }
  return Status::ok();
}

}  // namespace weir
