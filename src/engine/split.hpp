// --split-by ip|flow|port DIR: one capture file per host, flow or port.
//
// Keys come from the outermost IP header (and the TCP/UDP header above it):
//   ip    198.18.0.1.pcapng         a packet goes into both hosts' files
//   flow  198.18.0.1_40000-198.18.0.2_25_tcp.pcapng   (endpoints in canonical
//         order, so both directions share a file); non-TCP/UDP IP traffic:
//         198.18.0.1-198.18.0.2_icmp.pcapng / ..._ip47.pcapng
//   port  port-25.pcapng            the lower of the two TCP/UDP ports (the
//         usual server-port guess)
// Packets without the key (non-IP, or no ports for `port`) are not written
// and are counted in unsplit(). At most kMaxFiles files are created; packets
// of further keys are counted in overflow() and not written.
//
// At most max_open files are open at once (LRU). An evicted file is closed
// complete; if its key shows up again, new packets go to a hidden part file
// (".NAME.part") which is appended to the main file when that is evicted or
// at finish(): for pcap the part's packet records, for pcapng its blocks
// after the section header and the interface descriptions the main file
// already has. The result is one valid file per key with packets in order.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "weir/capfile.hpp"
#include "weir/decode.hpp"
#include "weir/engine.hpp"

namespace weir {

struct SplitName {
  char s[128];
  size_t n = 0;
  std::string_view view() const { return {s, n}; }
};

// Computes the file base names (without extension) for a packet; returns how
// many (0, 1 or 2).
size_t split_names(SplitBy by, const DecodedPacket& d, SplitName out[2]);

// Appends `part` (a complete capture file written by weir) to `main`,
// dropping the part's file header (pcap) or section header and its first
// `main_ifaces` interface descriptions (pcapng). Returns how many interface
// descriptions `main` has afterwards in `ifaces_after`.
Status append_capture_part(const std::string& main, const std::string& part, FileFormat format,
                           uint32_t main_ifaces, uint32_t& ifaces_after);

class SplitWriter {
 public:
  static constexpr size_t kMaxFiles = 100000;
  SplitWriter(SplitBy by, std::string dir, WriteOptions wo, size_t max_open);
  ~SplitWriter();
  Status init();  // creates DIR if needed
  // Writes the packet to its file(s). Returns false on an I/O error (error()).
  bool write(const DecodedPacket& d, const std::vector<InterfaceInfo>& ifaces);
  Status finish();
  const Status& error() const { return err_; }
  uint64_t unsplit() const { return unsplit_; }
  size_t files() const { return entries_.size(); }
  uint64_t reopens() const { return reopens_; }
  uint64_t overflow() const { return overflow_; }

 private:
  struct Entry;
  struct SvHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  struct SvEq {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const { return a == b; }
  };
  bool open(Entry& e, const std::vector<InterfaceInfo>& ifaces);
  bool close(Entry& e);

  SplitBy by_;
  std::string dir_;
  WriteOptions wo_;
  size_t max_open_;
  std::unordered_map<std::string, std::unique_ptr<Entry>, SvHash, SvEq> entries_;
  std::list<Entry*> lru_;  // front = most recently used; only open entries
  uint64_t unsplit_ = 0;
  uint64_t reopens_ = 0;
  uint64_t overflow_ = 0;
  Status err_;
};

}  // namespace weir
