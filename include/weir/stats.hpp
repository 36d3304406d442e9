// Traffic statistics over decoded packets: totals, time span, a protocol
// hierarchy (like `tshark -z io,phs`), IP and TCP/UDP conversations (both
// directions of a flow merged into one entry), anomaly counts and packets
// removed by the filter.
//
// One Stats per thread: add() is cheap (no allocation except when a new
// conversation or hierarchy node is first seen, both bounded), and merge()
// combines the Stats of several capture workers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "weir/decode.hpp"

namespace weir {

// A conversation key in canonical order: endpoint A sorts before endpoint B
// (address bytes, then port), so both directions of a flow map to one key.
struct ConvKey {
  uint8_t family = 0;  // 4 or 6
  uint8_t proto = 0;   // IP protocol (6 TCP, 17 UDP); 0 for the IP-pair table
  uint16_t port_a = 0, port_b = 0;
  uint8_t addr_a[16] = {};
  uint8_t addr_b[16] = {};
  bool operator==(const ConvKey& o) const;
};

struct ConvKeyHash {
  size_t operator()(const ConvKey& k) const;
};

struct ConvCounts {
  uint64_t pkts_ab = 0, bytes_ab = 0;  // A -> B
  uint64_t pkts_ba = 0, bytes_ba = 0;  // B -> A
  int64_t first_ns = 0, last_ns = 0;
  uint64_t bytes() const { return bytes_ab + bytes_ba; }
  uint64_t packets() const { return pkts_ab + pkts_ba; }
};

// Builds a canonical key from one direction's endpoints. Returns true when
// the endpoints were swapped (the packet travels B -> A).
bool make_conv_key(uint8_t family, uint8_t proto, const uint8_t* src, uint16_t sport,
                   const uint8_t* dst, uint16_t dport, ConvKey& out);

// "198.18.0.1" / "2001:db8::1" for the endpoint address of a key.
std::string conv_addr(const ConvKey& k, bool a);

class Stats {
 public:
  static constexpr size_t kMaxConversations = 1'000'000;  // per table
  static constexpr size_t kMaxHierarchyNodes = 4096;
  static constexpr size_t kMaxAnomalyKinds = 128;
  static constexpr size_t kTopConversations = 10;

  struct HierNode {
    Proto proto = Proto::Frame;
    uint32_t first_child = 0;  // 0: none (node 0 is the root and never a child)
    uint32_t next_sibling = 0;
    uint64_t packets = 0, bytes = 0;
  };
  struct AnomalyCount {
    const char* name;  // static string from a decoder
    uint64_t count;
  };
  struct LinkCount {
    uint32_t linktype;
    uint64_t count;
  };

  Stats();

  // Accounts one packet that passed the filter (bytes = frame length on the wire).
  void add(const DecodedPacket& d);
  // Accounts one packet that the filter removed.
  void add_filtered() { ++filtered_; }
  // Adds another Stats (e.g. of another capture worker) into this one.
  void merge(const Stats& o);

  uint64_t packets() const { return packets_; }
  uint64_t bytes() const { return bytes_; }
  uint64_t filtered() const { return filtered_; }
  int64_t first_ns() const { return first_ns_; }
  int64_t last_ns() const { return last_ns_; }
  uint64_t truncated() const { return truncated_; }
  const std::vector<HierNode>& hierarchy() const { return nodes_; }
  const std::unordered_map<ConvKey, ConvCounts, ConvKeyHash>& ip_conversations() const { return ip_conv_; }
  const std::unordered_map<ConvKey, ConvCounts, ConvKeyHash>& flow_conversations() const { return flow_conv_; }
  // Packets of conversations that did not fit the tables (IP pairs; ports).
  uint64_t ip_conversation_overflow() const { return ip_overflow_; }
  uint64_t flow_conversation_overflow() const { return flow_overflow_; }
  uint64_t hierarchy_overflow() const { return hier_overflow_; }
  const std::vector<AnomalyCount>& anomalies() const { return anomalies_; }
  const std::vector<LinkCount>& undecoded_links() const { return undecoded_; }

  // Conversations sorted by total bytes (descending; ties by key), at most n.
  std::vector<std::pair<ConvKey, ConvCounts>> top(bool flows, size_t n) const;
  // Anomalies sorted by count (descending), then name; undecoded link types
  // appear as "undecoded_linktype_<N>".
  std::vector<std::pair<std::string, uint64_t>> anomaly_list() const;

  // Human-readable report, and the same as one JSON object (with trailing newline).
  std::string to_text() const;
  std::string to_json() const;

 private:
  uint32_t child(uint32_t parent, Proto p);
  void add_anomaly(const char* name, uint64_t n);
  void add_undecoded(uint32_t linktype, uint64_t n);
  void merge_node(uint32_t dst, const Stats& o, uint32_t src);
  void account_conv(std::unordered_map<ConvKey, ConvCounts, ConvKeyHash>& m, uint64_t& overflow, const ConvKey& k,
                    bool swapped, uint64_t bytes, int64_t ts);

  uint64_t packets_ = 0, bytes_ = 0, filtered_ = 0, truncated_ = 0;
  int64_t first_ns_ = 0, last_ns_ = 0;
  std::vector<HierNode> nodes_;
  uint64_t hier_overflow_ = 0;
  std::unordered_map<ConvKey, ConvCounts, ConvKeyHash> ip_conv_, flow_conv_;
  uint64_t ip_overflow_ = 0, flow_overflow_ = 0;
  std::vector<AnomalyCount> anomalies_;
  uint64_t anomaly_overflow_ = 0;
  std::vector<LinkCount> undecoded_;
};

// ISO 8601 UTC with nanoseconds: "2026-11-21T23:55:00.000000000Z".
std::string iso8601_utc(int64_t ns);

}  // namespace weir
