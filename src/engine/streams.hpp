// tcp.stream and udp.stream as Wireshark numbers them: for each transport
// protocol, the index of the conversation (the unordered pair of address and
// port endpoints, innermost IP header) in the order conversations first
// appear, from 0. As in Wireshark 4.0 (checked against tshark on crafted
// captures and the shared corpus), in tshark's order of work per segment:
//   * a TCP header needs its first 16 bytes (ports to window), a UDP header
//     all 8 and a length of at least 8 (0 for an IPv6 jumbogram); headers
//     quoted in ICMP/ICMPv6 errors and in IP fragments are numbered too;
//   * a TCP SYN without ACK whose sequence number differs from its
//     direction's base (below) starts a new conversation on the same ports
//     (port reuse); a SYN-ACK with a new one moves its direction's base;
//   * relative sequence numbers (tshark's default tcp.seq, tcp.ack,
//     tcp.nxtseq) come only from segments whose length is known (not
//     fragments, not quoted in an ICMP error, IP length covering the TCP
//     header, even one with a bogus header length): a direction's base is
//     its first SYN's sequence number, else the first one seen minus 1, or
//     an ACK's acknowledgement number minus 1 for the other direction;
//     tcp.ack is relative only with the ACK flag set;
//   * window scaling (tcp.window_size, tcp.window_size_scalefactor, the
//     summary's Win=): the shift in effect before the segment's own options
//     applies to it (scaled only where the length is known, never a SYN);
//     then a window-scale option on any segment sets its direction's shift,
//     and on a SYN whose options were all captured, a SYN without one means
//     no scaling both ways, a SYN-ACK without one after a SYN with one too;
//     unknown until then.
// The Analyzer annotates packets only when these can be shown (summary lines,
// -V, JSON, or -e of a field with FieldDef::needs_streams), and then every
// packet read, including those its filter removes, so the numbers match
// tshark's with a display filter. Unlike tshark with its defaults, IP
// fragments are not reassembled first (the conformance runs set
// ip.defragment:FALSE).
// A new conversation allocates when the table grows; at most kMaxEntries
// (TCP and UDP together) are tracked; later new ones get no index and TCP
// there keeps absolute numbers and unscaled windows (counted: untracked()).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "weir/decode.hpp"

namespace weir {

class StreamTracker {
 public:
  static constexpr size_t kMaxEntries = size_t(1) << 20;  // table <= 2M slots of sizeof(Entry)

  // Sets Layer::stream of the packet's TCP and UDP layers (or leaves -1).
  void annotate(DecodedPacket& d);
  size_t tracked() const { return used_; }
  uint64_t untracked() const { return untracked_; }  // headers of conversations past kMaxEntries

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
