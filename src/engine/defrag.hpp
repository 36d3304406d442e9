// IP reassembly, as tshark does it by default (ip.defragment and
// ipv6.defragment, both on): a fragment that reassembly takes is stored and
// shown as data; the frame whose fragment completes a datagram is decoded
// again with the datagram after its own IP header (DecodedPacket::defrag),
// so its transport and application layers come from the whole datagram.
// One pass, as tshark without -2: a stored fragment never names the frame
// that completes it.
//
// Which fragments are taken (packet-ip.c / packet-ipv6.c of Wireshark 4.0):
// a fragment whose payload was captured whole, outside an ICMP error. Others
// keep the per-packet view (a first fragment shows its transport header).
// Datagrams are keyed by source, destination, identification and (IPv4)
// protocol. Up to kSlots datagrams are in progress at once (the least
// recently used gives way), each with up to kMaxFragments fragments.
//
// Memory: a slot's 128 KiB buffer is allocated the first time the slot is
// used and then reused; nothing is allocated per packet otherwise.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "weir/decode.hpp"

namespace weir {

class Defragmenter {
 public:
  static constexpr int kSlots = 32;
  static constexpr uint32_t kMaxFragments = 256;
  // Largest offset (8191 * 8) plus the largest fragment payload.
  static constexpr uint32_t kMaxDatagram = 65528 + 65535;

  void set(bool ipv4, bool ipv6) {
    v4_ = ipv4;
    v6_ = ipv6;
  }
  bool enabled() const { return v4_ || v6_; }

  // After decode_packet(reg, pkt, d): takes the packet's first IP fragment
  // that reassembly applies to, and decodes the packet again (heuristics as
  // for the first decode) when that changes what it shows.
  void process(const Registry& reg, DecodedPacket& d, bool heuristics);

  // Datagrams completed and fragments stored, for tests.
  uint64_t completed() const { return completed_; }
  uint64_t stored() const { return stored_; }

 private:
  struct Key {
    uint8_t src[16], dst[16];
    uint32_t id;
    uint8_t proto;  // IPv4 only (0 for IPv6)
    bool v6;
  };
  struct Fragment {
    uint32_t frame, offset, len;
  };
  struct Slot {
    bool used = false;
    Key key{};
    uint64_t last_use = 0;
    uint32_t total = 0;  // the datagram's length, once its last fragment came (0: not yet)
    uint32_t nfrags = 0;
    Fragment frags[kMaxFragments];  // by offset
    std::unique_ptr<uint8_t[]> data;  // kMaxDatagram bytes
  };

  Slot* find_or_take(const Key& k);

  bool v4_ = true, v6_ = true;
  std::unique_ptr<Slot[]> slots_;  // kSlots, on the first fragment
  uint64_t clock_ = 0;
  std::vector<uint8_t> frame_;       // the completing frame's headers, then the datagram
  uint32_t frames_[kMaxFragments];   // the completed datagram's fragment frames
  uint64_t completed_ = 0, stored_ = 0;
};

}  // namespace weir
