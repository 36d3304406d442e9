// Statistics: totals, protocol hierarchy, conversations, anomalies.
#include "weir/stats.hpp"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "weir/format.hpp"
#include "weir/layers.hpp"
#include "engine/printer.hpp"

namespace weir {

bool ConvKey::operator==(const ConvKey& o) const {
  return family == o.family && proto == o.proto && port_a == o.port_a && port_b == o.port_b &&
         std::memcmp(addr_a, o.addr_a, 16) == 0 && std::memcmp(addr_b, o.addr_b, 16) == 0;
}

size_t ConvKeyHash::operator()(const ConvKey& k) const {
  // FNV-1a over the key bytes: cheap and good enough for a bounded table.
  uint64_t h = 1469598103934665603ull;
  auto mix = [&h](const uint8_t* p, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      h ^= p[i];
      h *= 1099511628211ull;
    }
  };
  uint8_t hdr[6] = {k.family, k.proto, uint8_t(k.port_a >> 8), uint8_t(k.port_a), uint8_t(k.port_b >> 8),
                    uint8_t(k.port_b)};
  mix(hdr, 6);
  size_t alen = k.family == 6 ? 16 : 4;
  mix(k.addr_a, alen);
  mix(k.addr_b, alen);
  return size_t(h);
}

bool make_conv_key(uint8_t family, uint8_t proto, const uint8_t* src, uint16_t sport, const uint8_t* dst,
                   uint16_t dport, ConvKey& out) {
  size_t alen = family == 6 ? 16 : 4;
  int c = std::memcmp(src, dst, alen);
  bool swap = c > 0 || (c == 0 && sport > dport);
  out = ConvKey{};
  out.family = family;
  out.proto = proto;
  if (!swap) {
    std::memcpy(out.addr_a, src, alen);
    std::memcpy(out.addr_b, dst, alen);
    out.port_a = sport;
    out.port_b = dport;
  } else {
    std::memcpy(out.addr_a, dst, alen);
    std::memcpy(out.addr_b, src, alen);
    out.port_a = dport;
    out.port_b = sport;
  }
  return swap;
}

std::string conv_addr(const ConvKey& k, bool a) {
  char buf[64];
  const uint8_t* p = a ? k.addr_a : k.addr_b;
  size_t n = k.family == 6 ? fmt::ipv6(buf, p) : fmt::ipv4(buf, p);
  return std::string(buf, n);
}

std::string iso8601_utc(int64_t ns) {
  // Floor division without negating ns (INT64_MIN has no negation).
  int64_t sec = ns / 1000000000, frac = ns % 1000000000;
  if (frac < 0) --sec, frac += 1000000000;
  time_t t = time_t(sec);
  struct tm tm {};
  if (!gmtime_r(&t, &tm)) return "(time out of range: " + std::to_string(ns) + " ns)";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%09lldZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (long long)frac);
  return buf;
}

Stats::Stats() {
  // Reserved up front so add() never reallocates the tree or the small tables.
  nodes_.reserve(kMaxHierarchyNodes);
  nodes_.push_back(HierNode{});
  anomalies_.reserve(kMaxAnomalyKinds);
  undecoded_.reserve(16);
}

uint32_t Stats::child(uint32_t parent, Proto p) {
  uint32_t c = nodes_[parent].first_child;
  uint32_t last = 0;
  while (c) {
    if (nodes_[c].proto == p) return c;
    last = c;
    c = nodes_[c].next_sibling;
  }
  if (nodes_.size() >= kMaxHierarchyNodes) return 0;
  uint32_t idx = uint32_t(nodes_.size());
  HierNode n;
  n.proto = p;
  nodes_.push_back(n);
  // Append at the end of the sibling list so first-seen order is kept.
  if (last)
    nodes_[last].next_sibling = idx;
  else
    nodes_[parent].first_child = idx;
  return idx;
}

void Stats::add_anomaly(const char* name, uint64_t n) {
  for (auto& a : anomalies_)
    if (a.name == name || std::strcmp(a.name, name) == 0) {
      a.count += n;
      return;
    }
  if (anomalies_.size() >= kMaxAnomalyKinds) {
    anomaly_overflow_ += n;
    return;
  }
  anomalies_.push_back({name, n});
}

void Stats::add_undecoded(uint32_t linktype, uint64_t n) {
  for (auto& u : undecoded_)
    if (u.linktype == linktype) {
      u.count += n;
      return;
    }
  if (undecoded_.size() >= undecoded_.capacity()) {
    anomaly_overflow_ += n;
    return;
  }
  undecoded_.push_back({linktype, n});
}

void Stats::account_conv(std::unordered_map<ConvKey, ConvCounts, ConvKeyHash>& m, uint64_t& overflow,
                         const ConvKey& k, bool swapped, uint64_t bytes, int64_t ts) {
  auto it = m.find(k);
  if (it == m.end()) {
    if (m.size() >= kMaxConversations) {
      ++overflow;
      return;
    }
    ConvCounts c;
    c.first_ns = c.last_ns = ts;
    it = m.emplace(k, c).first;
  }
  ConvCounts& c = it->second;
  if (swapped) {
    ++c.pkts_ba;
    c.bytes_ba += bytes;
  } else {
    ++c.pkts_ab;
    c.bytes_ab += bytes;
  }
  if (ts < c.first_ns) c.first_ns = ts;
  if (ts > c.last_ns) c.last_ns = ts;
}

void Stats::add(const DecodedPacket& d) {
  const PacketView& p = *d.pkt;
  uint64_t len = p.origlen > p.caplen ? p.origlen : p.caplen;
  if (packets_ == 0 || p.ts_ns < first_ns_) first_ns_ = p.ts_ns;
  if (packets_ == 0 || p.ts_ns > last_ns_) last_ns_ = p.ts_ns;
  ++packets_;
  bytes_ += len;
  if (p.caplen < p.origlen) ++truncated_;

  // Protocol hierarchy: frame -> layer chain.
  uint32_t node = 0;
  nodes_[0].packets++;
  nodes_[0].bytes += len;
  for (int i = 0; i < d.nlayers; ++i) {
    uint32_t c = child(node, d.layers[i].proto);
    if (!c) {
      ++hier_overflow_;
      break;
    }
    nodes_[c].packets++;
    nodes_[c].bytes += len;
    node = c;
  }

  for (int i = 0; i < d.nanomalies; ++i) add_anomaly(d.anomalies[i], 1);
  if (d.undecoded_link) add_undecoded(p.linktype, 1);

  // Conversations: the outermost IP layer and the transport layer right
  // above it (IPv6 extension headers may sit in between).
  int ip = -1;
  for (int i = 0; i < d.nlayers; ++i)
    if (d.layers[i].proto == Proto::Ipv4 || d.layers[i].proto == Proto::Ipv6) {
      ip = i;
      break;
    }
  if (ip < 0 || d.layers[ip].truncated) return;
  const Layer& L = d.layers[ip];
  uint8_t family;
  const uint8_t *src, *dst;
  if (L.proto == Proto::Ipv4) {
    family = 4;
    src = L.as<Ipv4Fields>().src;
    dst = L.as<Ipv4Fields>().dst;
  } else {
    family = 6;
    src = L.as<Ipv6Fields>().src;
    dst = L.as<Ipv6Fields>().dst;
  }
  ConvKey k;
  bool sw = make_conv_key(family, 0, src, 0, dst, 0, k);
  account_conv(ip_conv_, ip_overflow_, k, sw, len, p.ts_ns);

  for (int i = ip + 1; i < d.nlayers; ++i) {
    const Layer& t = d.layers[i];
    if (t.proto == Proto::Ipv6HopOpts || t.proto == Proto::Ipv6Routing || t.proto == Proto::Ipv6DestOpts ||
        t.proto == Proto::Ipv6Fragment || t.proto == Proto::Ah)
      continue;
    if (t.truncated) break;
    uint16_t sport, dport;
    uint8_t proto;
    if (t.proto == Proto::Tcp) {
      sport = t.as<TcpFields>().sport;
      dport = t.as<TcpFields>().dport;
      proto = 6;
    } else if (t.proto == Proto::Udp) {
      sport = t.as<UdpFields>().sport;
      dport = t.as<UdpFields>().dport;
      proto = 17;
    } else {
      break;
    }
    sw = make_conv_key(family, proto, src, sport, dst, dport, k);
    account_conv(flow_conv_, flow_overflow_, k, sw, len, p.ts_ns);
    break;
  }
}

void Stats::merge_node(uint32_t dst, const Stats& o, uint32_t src) {
  for (uint32_t c = o.nodes_[src].first_child; c; c = o.nodes_[c].next_sibling) {
    uint32_t d = child(dst, o.nodes_[c].proto);
    if (!d) {
      hier_overflow_ += o.nodes_[c].packets;
      continue;
    }
    nodes_[d].packets += o.nodes_[c].packets;
    nodes_[d].bytes += o.nodes_[c].bytes;
    merge_node(d, o, c);
  }
}

void Stats::merge(const Stats& o) {
  if (o.packets_) {
    if (packets_ == 0 || o.first_ns_ < first_ns_) first_ns_ = o.first_ns_;
    if (packets_ == 0 || o.last_ns_ > last_ns_) last_ns_ = o.last_ns_;
  }
  packets_ += o.packets_;
  bytes_ += o.bytes_;
  filtered_ += o.filtered_;
  truncated_ += o.truncated_;
  nodes_[0].packets += o.nodes_[0].packets;
  nodes_[0].bytes += o.nodes_[0].bytes;
  merge_node(0, o, 0);
  hier_overflow_ += o.hier_overflow_;
  auto merge_map = [](std::unordered_map<ConvKey, ConvCounts, ConvKeyHash>& m, uint64_t& overflow,
                      const std::unordered_map<ConvKey, ConvCounts, ConvKeyHash>& src) {
    for (const auto& [k, v] : src) {
      auto it = m.find(k);
      if (it == m.end()) {
        if (m.size() >= kMaxConversations) {
          overflow += v.packets();
          continue;
        }
        m.emplace(k, v);
        continue;
      }
      ConvCounts& c = it->second;
      c.pkts_ab += v.pkts_ab;
      c.bytes_ab += v.bytes_ab;
      c.pkts_ba += v.pkts_ba;
      c.bytes_ba += v.bytes_ba;
      c.first_ns = std::min(c.first_ns, v.first_ns);
      c.last_ns = std::max(c.last_ns, v.last_ns);
    }
  };
  merge_map(ip_conv_, ip_overflow_, o.ip_conv_);
  merge_map(flow_conv_, flow_overflow_, o.flow_conv_);
  ip_overflow_ += o.ip_overflow_;
  flow_overflow_ += o.flow_overflow_;
  for (const auto& a : o.anomalies_) add_anomaly(a.name, a.count);
  anomaly_overflow_ += o.anomaly_overflow_;
  for (const auto& u : o.undecoded_) add_undecoded(u.linktype, u.count);
}

static bool key_less(const ConvKey& a, const ConvKey& b) {
  if (a.family != b.family) return a.family < b.family;
  if (int c = std::memcmp(a.addr_a, b.addr_a, 16)) return c < 0;
  if (int c = std::memcmp(a.addr_b, b.addr_b, 16)) return c < 0;
  if (a.proto != b.proto) return a.proto < b.proto;
  if (a.port_a != b.port_a) return a.port_a < b.port_a;
  return a.port_b < b.port_b;
}

std::vector<std::pair<ConvKey, ConvCounts>> Stats::top(bool flows, size_t n) const {
  const auto& m = flows ? flow_conv_ : ip_conv_;
  std::vector<std::pair<ConvKey, ConvCounts>> v(m.begin(), m.end());
  auto cmp = [](const auto& x, const auto& y) {
    if (x.second.bytes() != y.second.bytes()) return x.second.bytes() > y.second.bytes();
    if (x.second.packets() != y.second.packets()) return x.second.packets() > y.second.packets();
    return key_less(x.first, y.first);
  };
  if (v.size() > n) {
    std::partial_sort(v.begin(), v.begin() + ptrdiff_t(n), v.end(), cmp);
    v.resize(n);
  } else {
    std::sort(v.begin(), v.end(), cmp);
  }
  return v;
}

std::vector<std::pair<std::string, uint64_t>> Stats::anomaly_list() const {
  std::vector<std::pair<std::string, uint64_t>> v;
  for (const auto& a : anomalies_) v.emplace_back(a.name, a.count);
  for (const auto& u : undecoded_) v.emplace_back("undecoded_linktype_" + std::to_string(u.linktype), u.count);
  if (anomaly_overflow_) v.emplace_back("other_anomaly_kinds", anomaly_overflow_);
  std::sort(v.begin(), v.end(), [](const auto& x, const auto& y) {
    return x.second != y.second ? x.second > y.second : x.first < y.first;
  });
  return v;
}

static std::string proto_name(Proto p) {
  const char* n = Registry::builtin().proto(p).name;
  if (n) return n;
  return "proto" + std::to_string(int(p));
}

static std::string flow_proto_name(uint8_t p) { return p == 6 ? "tcp" : p == 17 ? "udp" : std::to_string(p); }

static std::string endpoint(const ConvKey& k, bool a, bool with_port) {
  std::string s = conv_addr(k, a);
  if (!with_port) return s;
  if (k.family == 6) s = "[" + s + "]";
  return s + ":" + std::to_string(a ? k.port_a : k.port_b);
}

static void appendf(std::string& s, const char* f, ...) __attribute__((format(printf, 2, 3)));
static void appendf(std::string& s, const char* f, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, f);
  int n = std::vsnprintf(buf, sizeof buf, f, ap);
  va_end(ap);
  if (n > 0) s.append(buf, size_t(n) < sizeof buf ? size_t(n) : sizeof buf - 1);
}

static double duration_s(int64_t first, int64_t last) {
  int64_t d;  // exact when it fits; timestamps from damaged files may not
  if (__builtin_sub_overflow(last, first, &d)) return (double(last) - double(first)) / 1e9;
  return double(d) / 1e9;
}

std::string Stats::to_text() const {
  std::string s;
  s += "Statistics\n";
  appendf(s, "  Packets:                   %llu\n", (unsigned long long)packets_);
  appendf(s, "  Bytes:                     %llu\n", (unsigned long long)bytes_);
  appendf(s, "  Packets removed by filter: %llu\n", (unsigned long long)filtered_);
  if (truncated_) appendf(s, "  Packets cut short (snaplen): %llu\n", (unsigned long long)truncated_);
  if (packets_) {
    double dur = duration_s(first_ns_, last_ns_);
    s += "  First packet:              " + iso8601_utc(first_ns_) + "\n";
    s += "  Last packet:               " + iso8601_utc(last_ns_) + "\n";
    appendf(s, "  Duration:                  %.6f s\n", dur);
    if (dur > 0)
      appendf(s, "  Average rate:              %.1f packets/s, %.0f bit/s\n", double(packets_) / dur,
              double(bytes_) * 8 / dur);
    else
      s += "  Average rate:              n/a (zero duration)\n";
  }

  s += "\nProtocol hierarchy (frames, bytes)\n";
  // Depth-first walk; an explicit stack keeps deep chains safe.
  std::vector<std::pair<uint32_t, int>> stack;
  if (packets_) stack.push_back({0, 0});
  while (!stack.empty()) {
    auto [n, depth] = stack.back();
    stack.pop_back();
    std::string name(size_t(depth) * 2, ' ');
    name += proto_name(nodes_[n].proto);
    appendf(s, "  %-40s frames:%llu bytes:%llu\n", name.c_str(), (unsigned long long)nodes_[n].packets,
            (unsigned long long)nodes_[n].bytes);
    std::vector<uint32_t> kids;
    for (uint32_t c = nodes_[n].first_child; c; c = nodes_[c].next_sibling)
      kids.push_back(c);
    for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.push_back({*it, depth + 1});
  }
  if (hier_overflow_) appendf(s, "  (%llu frames beyond the node limit)\n", (unsigned long long)hier_overflow_);

  for (int flows = 0; flows < 2; ++flows) {
    auto v = top(flows, kTopConversations);
    size_t total = flows ? flow_conv_.size() : ip_conv_.size();
    appendf(s, "\n%s conversations (top %zu of %zu by bytes)\n", flows ? "TCP/UDP" : "IP", v.size(), total);
    if (v.empty()) continue;
    appendf(s, "  %-50s %10s %12s %10s %12s %10s %12s\n", flows ? "A <-> B" : "A <-> B", "pkts A>B", "bytes A>B",
            "pkts B>A", "bytes B>A", "pkts", "bytes");
    for (const auto& [k, c] : v) {
      std::string name = endpoint(k, true, flows) + " <-> " + endpoint(k, false, flows);
      if (flows) name += " " + flow_proto_name(k.proto);
      appendf(s, "  %-50s %10llu %12llu %10llu %12llu %10llu %12llu\n", name.c_str(), (unsigned long long)c.pkts_ab,
              (unsigned long long)c.bytes_ab, (unsigned long long)c.pkts_ba, (unsigned long long)c.bytes_ba,
              (unsigned long long)c.packets(), (unsigned long long)c.bytes());
    }
  }
  if (ip_overflow_ || flow_overflow_)
    appendf(s, "  (beyond the table limits: %llu packets of IP conversations, %llu of port conversations)\n",
            (unsigned long long)ip_overflow_, (unsigned long long)flow_overflow_);

  auto an = anomaly_list();
  s += "\nAnomalies\n";
  if (an.empty()) s += "  none\n";
  for (const auto& [name, n] : an) appendf(s, "  %-40s %llu\n", name.c_str(), (unsigned long long)n);
  return s;
}

static void json_str(std::string& s, const std::string& v) {
  s += '"';
  json_escape(v, s);
  s += '"';
}

static void json_tree(std::string& s, const std::vector<Stats::HierNode>& nodes, uint32_t n, int depth) {
  s += "{\"protocol\":";
  json_str(s, proto_name(nodes[n].proto));
  appendf(s, ",\"frames\":%llu,\"bytes\":%llu", (unsigned long long)nodes[n].packets,
          (unsigned long long)nodes[n].bytes);
  if (nodes[n].first_child && depth < 64) {
    s += ",\"children\":[";
    bool first = true;
    for (uint32_t c = nodes[n].first_child; c; c = nodes[c].next_sibling) {
      if (!first) s += ',';
      first = false;
      json_tree(s, nodes, c, depth + 1);
    }
    s += ']';
  }
  s += '}';
}

std::string Stats::to_json() const {
  std::string s = "{";
  appendf(s, "\"packets\":%llu,\"bytes\":%llu,\"filtered_out\":%llu,\"cut_short\":%llu",
          (unsigned long long)packets_, (unsigned long long)bytes_, (unsigned long long)filtered_,
          (unsigned long long)truncated_);
  if (packets_) {
    double dur = duration_s(first_ns_, last_ns_);
    s += ",\"first\":";
    json_str(s, iso8601_utc(first_ns_));
    s += ",\"last\":";
    json_str(s, iso8601_utc(last_ns_));
    appendf(s, ",\"duration_s\":%.9f", dur);
    if (dur > 0)
      appendf(s, ",\"avg_pps\":%.3f,\"avg_bps\":%.3f", double(packets_) / dur, double(bytes_) * 8 / dur);
    s += ",\"hierarchy\":";
    json_tree(s, nodes_, 0, 0);
  } else {
    s += ",\"first\":null,\"last\":null,\"duration_s\":0,\"hierarchy\":null";
  }
  for (int flows = 0; flows < 2; ++flows) {
    s += flows ? ",\"flow_conversations\":[" : ",\"ip_conversations\":[";
    bool first = true;
    for (const auto& [k, c] : top(flows, kTopConversations)) {
      if (!first) s += ',';
      first = false;
      s += "{\"a\":";
      json_str(s, conv_addr(k, true));
      s += ",\"b\":";
      json_str(s, conv_addr(k, false));
      if (flows) {
        appendf(s, ",\"proto\":\"%s\",\"port_a\":%u,\"port_b\":%u", flow_proto_name(k.proto).c_str(), k.port_a,
                k.port_b);
      }
      appendf(s, ",\"packets_ab\":%llu,\"bytes_ab\":%llu,\"packets_ba\":%llu,\"bytes_ba\":%llu}",
              (unsigned long long)c.pkts_ab, (unsigned long long)c.bytes_ab, (unsigned long long)c.pkts_ba,
              (unsigned long long)c.bytes_ba);
    }
    s += ']';
  }
  appendf(s,
          ",\"ip_conversation_count\":%zu,\"flow_conversation_count\":%zu,\"ip_conversation_overflow\":%llu,"
          "\"flow_conversation_overflow\":%llu",
          ip_conv_.size(), flow_conv_.size(), (unsigned long long)ip_overflow_, (unsigned long long)flow_overflow_);
  s += ",\"anomalies\":{";
  bool first = true;
  for (const auto& [name, n] : anomaly_list()) {
    if (!first) s += ',';
    first = false;
    json_str(s, name);
    appendf(s, ":%llu", (unsigned long long)n);
  }
  s += "}}\n";
  return s;
}

}  // namespace weir
