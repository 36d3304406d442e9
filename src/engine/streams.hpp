// tcp.stream and udp.stream as Wireshark numbers them: for each transport
// protocol, the index of the conversation (the unordered pair of address and
// port endpoints, innermost IP header) in the order conversations first
// appear, from 0. As in Wireshark 4.0 (checked against tshark on crafted
// captures and the shared corpus):
//   * a TCP SYN without ACK whose sequence number differs from the first one
//     seen in its direction starts a new conversation on the same ports
//     (port reuse); a retransmitted SYN, a SYN-ACK, FIN or RST do not;
//   * a TCP header quoted inside an ICMP/ICMPv6 error gets no index, a UDP
//     header does (it finds or creates the conversation);
//   * window scaling (tcp.window_size, tcp.window_size_scalefactor, the
//     summary's Win=): a SYN's option sets its direction's shift; a SYN
//     without one means no scaling both ways, a SYN-ACK without one after a
//     SYN with one too; unknown until a SYN is seen;
//   * a TCP header needs its first 16 bytes, a UDP header all 8 and a
//     length of at least 8 (0 for an IPv6 jumbogram).
// It also sets TCP's relative sequence numbers (tshark's default tcp.seq,
// tcp.ack, tcp.nxtseq): a SYN's sequence number is its direction's base;
// otherwise the first one seen minus 1; an ACK in a direction whose base is
// unknown sets it to the acknowledgement number minus 1. tcp.ack is relative
// only with the ACK flag set.
// The Analyzer annotates packets only when these can be shown (summary lines,
// -V, JSON, or -e of a field with FieldDef::needs_streams), and then every
// packet read, including those
// its filter removes, so the numbers match tshark's with a display filter.
// A new conversation allocates when the table grows; at most kMaxEntries
// are tracked, later new ones get no index.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "weir/decode.hpp"

namespace weir {

class StreamTracker {
 public:
  static constexpr size_t kMaxEntries = size_t(1) << 20;  // table <= 2M slots, ~112 MB

  // Sets Layer::stream of the packet's TCP and UDP layers (or leaves -1).
  void annotate(DecodedPacket& d);
  size_t tracked() const { return used_; }
  uint64_t untracked() const { return untracked_; }  // conversations past kMaxEntries

 private:
  struct Key {
    uint8_t proto = 0, alen = 0;
    uint16_t port[2] = {0, 0};
    uint8_t addr[2][16] = {};
    bool operator==(const Key& o) const;
  };
  struct Entry {
    Key key;
    uint32_t index = 0;
    uint32_t isn[2] = {0, 0};   // port reuse: first TCP sequence number seen in each direction
    uint8_t isn_set = 0;        // bit per direction
    uint32_t base[2] = {0, 0};  // relative sequence numbers: each direction's base
    uint8_t base_set = 0;       // bit per direction
    int8_t win_scale[2] = {-1, -1};  // shift, -1 unknown, -2 not used
    bool used = false;
  };
  static uint64_t hash(const Key& k);
  Entry* find_or_add(const Key& k, bool& added);
  void grow();

  std::vector<Entry> table_;
  size_t used_ = 0;
  uint32_t next_[2] = {0, 0};  // next index: TCP, UDP
  uint64_t untracked_ = 0;
};

}  // namespace weir
