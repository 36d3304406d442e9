#include "engine/intercept_rules.hpp"

#include <arpa/inet.h>

#include <cstdlib>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "weir/bytes.hpp"

namespace weir {

const char* action_name(RuleAction a) {
  switch (a) {
    case RuleAction::Pass: return "pass";
    case RuleAction::Drop: return "drop";
    case RuleAction::Reject: return "reject";
    case RuleAction::Log: return "log";
    case RuleAction::Count: return "count";
    case RuleAction::RateLimit: return "rate-limit";
    case RuleAction::Rewrite: return "rewrite";
    case RuleAction::Bypass: return "bypass";
  }
  return "?";
}

static Status bad(const std::string& rule, const std::string& why) {
  return Status::error("rule '" + rule + "': " + why);
}

static bool parse_num(const std::string& s, uint32_t max, uint32_t& v) {
  if (s.empty() || s[0] == '-' || s[0] == '+') return false;
  // Decimal, or hex with 0x (as Wireshark shows ip.dsfield); a leading 0 is
  // not octal.
  bool hex = s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
  char* end = nullptr;
  unsigned long x = std::strtoul(s.c_str(), &end, hex ? 16 : 10);
  if (*end || x > max) return false;
  v = uint32_t(x);
  return true;
}

static Status parse_rewrite(const std::string& rule, const std::string& spec, std::vector<RewriteOp>& ops) {
  size_t pos = 0;
  while (pos <= spec.size()) {
    size_t comma = spec.find(',', pos);
    std::string item = spec.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    pos = comma == std::string::npos ? spec.size() + 1 : comma + 1;
    size_t eq = item.find('=');
    if (eq == std::string::npos) return bad(rule, "rewrite item '" + item + "' is not FIELD=VALUE");
    std::string f = item.substr(0, eq), v = item.substr(eq + 1);
    RewriteOp op{};
    if (f == "ip.src" || f == "ip.dst") {
      op.field = f == "ip.src" ? RewriteOp::IpSrc : RewriteOp::IpDst;
      if (inet_pton(AF_INET, v.c_str(), op.addr) != 1) return bad(rule, "'" + v + "' is not an IPv4 address");
    } else if (f == "ipv6.src" || f == "ipv6.dst") {
      op.field = f == "ipv6.src" ? RewriteOp::Ip6Src : RewriteOp::Ip6Dst;
      if (inet_pton(AF_INET6, v.c_str(), op.addr) != 1) return bad(rule, "'" + v + "' is not an IPv6 address");
    } else if (f == "ip.ttl" || f == "ipv6.hlim" || f == "ip.dsfield" || f == "ip.dsfield.dscp") {
      op.field = f == "ip.ttl" ? RewriteOp::IpTtl : f == "ipv6.hlim" ? RewriteOp::Ip6Hlim
                 : f == "ip.dsfield" ? RewriteOp::IpDsfield : RewriteOp::IpDscp;
      if (!parse_num(v, op.field == RewriteOp::IpDscp ? 63 : 255, op.value))
        return bad(rule, "bad value '" + v + "' for " + f);
    } else if (f == "tcp.srcport" || f == "tcp.dstport" || f == "udp.srcport" || f == "udp.dstport") {
      op.field = f == "tcp.srcport" ? RewriteOp::TcpSport : f == "tcp.dstport" ? RewriteOp::TcpDport
                 : f == "udp.srcport" ? RewriteOp::UdpSport : RewriteOp::UdpDport;
      if (!parse_num(v, 65535, op.value)) return bad(rule, "bad port '" + v + "' for " + f);
    } else if (f == "payload") {
      op.field = RewriteOp::Payload;
      size_t sl = v.find('/');
      if (sl == std::string::npos || sl == 0) return bad(rule, "payload rewrite is payload=OLD/NEW");
      op.from = v.substr(0, sl);
      op.to = v.substr(sl + 1);
    } else {
      return bad(rule, "unknown rewrite field '" + f + "'");
    }
    ops.push_back(op);
  }
  return Status::ok();
}

static Status parse_rate(const std::string& rule, const std::string& s, InterceptRule& r) {
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  std::string unit = end ? end : "";
  if (!(v > 0)) return bad(rule, "rate-limit needs a positive rate such as 100pps or 10mbit");
  double mult = 0;
  if (unit == "pps" || unit == "/s") mult = 1, r.rate_bits = false;
  else if (unit == "bps" || unit == "bit") mult = 1, r.rate_bits = true;
  else if (unit == "kbit" || unit == "kbps") mult = 1e3, r.rate_bits = true;
  else if (unit == "mbit" || unit == "mbps") mult = 1e6, r.rate_bits = true;
  else if (unit == "gbit" || unit == "gbps") mult = 1e9, r.rate_bits = true;
  else return bad(rule, "unknown rate unit '" + unit + "' (pps, bps, kbit, mbit, gbit)");
  r.rate = v * mult;
  if (!std::isfinite(r.rate) || r.rate > 1e12) return bad(rule, "rate-limit rate out of range");
  return Status::ok();
}

Status parse_rule(const std::string& text, InterceptRule& r) {
  r = InterceptRule{};
  r.text = text;
  std::istringstream is(text);
  std::string word;
  if (!(is >> word)) return bad(text, "empty rule");
  static const std::pair<const char*, RuleAction> kActions[] = {
      {"pass", RuleAction::Pass},   {"accept", RuleAction::Pass},          {"drop", RuleAction::Drop},
      {"reject", RuleAction::Reject}, {"log", RuleAction::Log},            {"count", RuleAction::Count},
      {"rate-limit", RuleAction::RateLimit}, {"rewrite", RuleAction::Rewrite}, {"bypass", RuleAction::Bypass}};
  bool found = false;
  for (auto& a : kActions)
    if (word == a.first) r.action = a.second, found = true;
  if (!found) return bad(text, "unknown action '" + word + "' (pass drop reject log count rate-limit rewrite bypass)");
  std::string arg;
  if (r.action == RuleAction::RateLimit || r.action == RuleAction::Rewrite) {
    if (!(is >> arg)) return bad(text, std::string(action_name(r.action)) + " needs an argument");
    Status s = r.action == RuleAction::RateLimit ? parse_rate(text, arg, r) : parse_rewrite(text, arg, r.rewrites);
    if (!s) return s;
  }
  std::string rest;
  std::getline(is, rest);
  size_t b = rest.find_first_not_of(" \t");
  r.filter = b == std::string::npos ? "" : rest.substr(b);
  if (!r.filter.empty()) {
    // NFQUEUE hands over raw IP packets: an expression about link-layer
    // headers (ether host ...) could never match there; libpcap refuses to
    // compile it for raw IP.
    BpfFilter f;
    Status s = f.set(r.filter);
    if (s) f.program(linktype::kRaw, &s);
    if (!s) return bad(text, s.message());
  }
  return Status::ok();
}

Status parse_rules_file(const std::string& path, std::vector<InterceptRule>& out) {
  std::ifstream f(path);
  if (!f) return Status::error("cannot open rules file '" + path + "'");
  std::string line;
  int n = 0;
  while (std::getline(f, line)) {
    ++n;
    // A comment starts with '#' at the start of a line or after a blank, so
    // a '#' inside a value (rewrite payload=a#b/c) stays.
    for (size_t h = 0; (h = line.find('#', h)) != std::string::npos; ++h)
      if (h == 0 || line[h - 1] == ' ' || line[h - 1] == '\t') {
        line.resize(h);
        break;
      }
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    InterceptRule r;
    if (Status s = parse_rule(line, r); !s) return Status::error(path + ":" + std::to_string(n) + ": " + s.message());
    out.push_back(std::move(r));
  }
  return Status::ok();
}

// Where the transport header of a raw IP packet starts. False if the packet
// is not IPv4/IPv6 or is truncated. `whole` is false for a fragment (IPv4
// MF or offset; an IPv6 Fragment header) and for IPv6 extension headers
// weir does not walk: only IP header fields may change then, since ports,
// addresses and payload are covered by a checksum only the receiver of the
// whole datagram can check (and weir does not recompute it for fragments).
static bool transport(const uint8_t* p, uint32_t len, bool& v6, uint32_t& off, uint8_t& proto, bool& whole) {
  if (len < 20) return false;
  v6 = (p[0] >> 4) == 6;
  if (!v6 && (p[0] >> 4) != 4) return false;
  if (v6) {
    if (len < 40) return false;
    off = 40;
    proto = p[6];
    whole = proto == 6 || proto == 17 || proto == 58;  // no extension headers
    return true;
  }
  off = uint32_t(p[0] & 0x0f) * 4;
  proto = p[9];
  if (off < 20 || off > len) return false;
  whole = (load_be16(p + 6) & 0x3fff) == 0;  // neither MF nor an offset
  return true;
}

uint32_t apply_rewrites(const std::vector<RewriteOp>& ops, uint8_t* buf, uint32_t len, uint32_t cap) {
  bool v6, whole;
  uint32_t off;
  uint8_t proto;
  if (!transport(buf, len, v6, off, proto, whole)) return 0;
  for (const auto& op : ops) {
    bool header_only = op.field == RewriteOp::IpTtl || op.field == RewriteOp::Ip6Hlim ||
                       op.field == RewriteOp::IpDsfield || op.field == RewriteOp::IpDscp;
    if (!whole && !header_only) return 0;
    switch (op.field) {
      case RewriteOp::IpSrc:
      case RewriteOp::IpDst:
        // DCCP and UDP-Lite checksums cover the addresses too and are not
        // recomputed here: leave those packets alone.
        if (v6 || proto == 33 || proto == 136) return 0;
        std::memcpy(buf + (op.field == RewriteOp::IpSrc ? 12 : 16), op.addr, 4);
        break;
      case RewriteOp::Ip6Src:
      case RewriteOp::Ip6Dst:
        if (!v6) return 0;
        std::memcpy(buf + (op.field == RewriteOp::Ip6Src ? 8 : 24), op.addr, 16);
        break;
      case RewriteOp::IpTtl:
        if (v6) buf[7] = uint8_t(op.value);
        else buf[8] = uint8_t(op.value);
        break;
      case RewriteOp::Ip6Hlim:
        if (!v6) return 0;
        buf[7] = uint8_t(op.value);
        break;
      case RewriteOp::IpDsfield:
      case RewriteOp::IpDscp: {
        uint8_t tos = v6 ? uint8_t((load_be16(buf) >> 4) & 0xff) : buf[1];
        tos = op.field == RewriteOp::IpDsfield ? uint8_t(op.value) : uint8_t(op.value << 2 | (tos & 3));
        if (v6) {
          buf[0] = uint8_t(0x60 | tos >> 4);
          buf[1] = uint8_t((tos & 0x0f) << 4 | (buf[1] & 0x0f));
        } else {
          buf[1] = tos;
        }
        break;
      }
      case RewriteOp::TcpSport:
      case RewriteOp::TcpDport:
      case RewriteOp::UdpSport:
      case RewriteOp::UdpDport: {
        bool tcp = op.field == RewriteOp::TcpSport || op.field == RewriteOp::TcpDport;
        if (proto != (tcp ? 6 : 17) || len < off + (tcp ? 20 : 8)) return 0;
        bool src = op.field == RewriteOp::TcpSport || op.field == RewriteOp::UdpSport;
        buf[off + (src ? 0 : 2)] = uint8_t(op.value >> 8);
        buf[off + (src ? 1 : 3)] = uint8_t(op.value);
        break;
      }
      case RewriteOp::Payload: {
        // Only TCP and UDP payloads (never header bytes). TCP only with an
        // equal-length replacement: weir does not shift the sequence numbers
        // of the rest of the connection.
        uint32_t ph;
        if (proto == 6) {
          if (len < off + 20 || op.from.size() != op.to.size()) return 0;
          ph = off + uint32_t(buf[off + 12] >> 4) * 4;
        } else if (proto == 17) {
          ph = off + 8;
        } else {
          return 0;
        }
        if (ph > len) return 0;
        const uint8_t* hit = nullptr;
        size_t fl = op.from.size();
        for (uint32_t i = ph; i + fl <= len; ++i)
          if (!std::memcmp(buf + i, op.from.data(), fl)) {
            hit = buf + i;
            break;
          }
        if (!hit) break;  // nothing to replace: not an error
        uint32_t at = uint32_t(hit - buf);
        int64_t nl = int64_t(len) - int64_t(fl) + int64_t(op.to.size());
        if (nl > int64_t(cap) || nl > 65535) return 0;
        std::memmove(buf + at + op.to.size(), buf + at + fl, len - at - fl);
        std::memcpy(buf + at, op.to.data(), op.to.size());
        len = uint32_t(nl);
        break;
      }
    }
  }
  return len;
}

Status RuleSet::create(std::shared_ptr<const std::vector<InterceptRule>> rules, unsigned workers,
                       std::unique_ptr<RuleSet>& out) {
  auto rs = std::make_unique<RuleSet>();
  rs->rules_ = std::move(rules);
  rs->counters_ = std::make_shared<std::vector<RuleCounters>>(rs->rules_->size());
  rs->workers_ = workers ? workers : 1;
  for (const auto& r : *rs->rules_) {
    BpfFilter f;
    if (Status s = f.set(r.filter); !s) return s;
    rs->filters_.push_back(std::move(f));
  }
  rs->buckets_.resize(rs->rules_->size());
  out = std::move(rs);
  return Status::ok();
}

std::unique_ptr<RuleSet> RuleSet::clone() const {
  auto rs = std::make_unique<RuleSet>();
  rs->rules_ = rules_;
  rs->counters_ = counters_;
  rs->workers_ = workers_;
  for (const auto& r : *rules_) {
    BpfFilter f;
    // Compiled fine once already; should it fail now, the clone must not
    // fall back to "no filter" (= every packet).
    if (!f.set(r.filter)) return nullptr;
    rs->filters_.push_back(std::move(f));
  }
  rs->buckets_.resize(rules_->size());
  return rs;
}

RuleDecision RuleSet::evaluate(const PacketView& pkt, int64_t now) {
  RuleDecision d;
  const auto& rules = *rules_;
  for (size_t i = 0; i < rules.size(); ++i) {
    const InterceptRule& r = rules[i];
    if (!filters_[i].empty() && !filters_[i].matches(pkt)) continue;
    RuleCounters& c = (*counters_)[i];
    c.packets.fetch_add(1, std::memory_order_relaxed);
    c.bytes.fetch_add(pkt.origlen, std::memory_order_relaxed);
    switch (r.action) {
      case RuleAction::Count:
        continue;
      case RuleAction::Log:
        if (!d.log) d.log_rule = int(i);
        d.log = true;
        continue;
      case RuleAction::RateLimit: {
        // Token bucket per worker (the rate is shared evenly across workers),
        // burst of 1/10 s worth.
        Bucket& b = buckets_[i];
        double rate = r.rate / workers_;
        double burst = rate / 10 > (r.rate_bits ? 1514 * 8 : 1) ? rate / 10 : (r.rate_bits ? 1514 * 8 : 1);
        if (b.last_ns == 0) b.tokens = burst;
        else b.tokens += double(now - b.last_ns) * 1e-9 * rate;
        if (b.tokens > burst) b.tokens = burst;
        b.last_ns = now;
        double cost = r.rate_bits ? double(pkt.origlen) * 8 : 1;
        // A packet larger than the whole burst (a GSO packet carries up to
        // 64 KB) passes when the bucket is full and leaves it in debt, so
        // the long-run rate holds; it would never pass otherwise.
        if (b.tokens >= cost || (cost > burst && b.tokens >= burst)) {
          b.tokens -= cost;
          continue;
        }
        c.limited.fetch_add(1, std::memory_order_relaxed);
        d.action = RuleAction::Drop;
        d.rule = int(i);
        d.rate_limited = true;
        return d;
      }
      default:
        d.action = r.action;
        d.rule = int(i);
        return d;
    }
  }
  return d;
}

}  // namespace weir
