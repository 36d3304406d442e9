// PacketView: one captured frame, as a non-owning view. Every source (file
// reader, AF_PACKET ring, NFQUEUE) produces these; every consumer (decoder,
// filter, writer) takes them. The bytes belong to the source and stay valid
// until the source's next receive() call.
#pragma once

#include <cstdint>

namespace weir {

// Link-layer header types (LINKTYPE_* values from the pcap/pcapng specs).
namespace linktype {
inline constexpr uint32_t kNull = 0;       // BSD loopback, host byte order AF
inline constexpr uint32_t kEthernet = 1;   // EN10MB
inline constexpr uint32_t kRaw = 101;      // raw IPv4/IPv6
inline constexpr uint32_t kChdlc = 104;    // Cisco HDLC
inline constexpr uint32_t kFrelay = 107;   // Frame Relay
inline constexpr uint32_t kIeee80211 = 105;  // IEEE 802.11 without a radio header
inline constexpr uint32_t kRadiotap = 127;   // radiotap + IEEE 802.11
inline constexpr uint32_t kLoop = 108;     // OpenBSD loopback, network order AF
inline constexpr uint32_t kLinuxSll = 113;
inline constexpr uint32_t kIpv4 = 228;
inline constexpr uint32_t kIpv6 = 229;
inline constexpr uint32_t kLinuxSll2 = 276;
inline constexpr uint32_t kNflog = 239;    // Linux NFLOG (tcpdump -i nflog:N)
inline constexpr uint32_t kIpnet = 226;    // Solaris ipnet
inline constexpr uint32_t kArcnetBsd = 7;
inline constexpr uint32_t kArcnetLinux = 129;
}  // namespace linktype

enum class Direction : uint8_t { Unknown = 0, Inbound = 1, Outbound = 2 };

// Whole seconds of a timestamp in ns since the epoch, rounded down (also
// before 1970), so that ns - seconds * 1e9 is the fraction in [0, 1e9).
inline constexpr int64_t floor_seconds(int64_t ns) {
  int64_t s = ns / 1'000'000'000;  // (no negation, no overflow at INT64_MIN)
  return ns % 1'000'000'000 < 0 ? s - 1 : s;
}
// The nanoseconds past floor_seconds(ns), in [0, 1e9).
inline constexpr int64_t ts_frac(int64_t ns) {
  int64_t f = ns % 1'000'000'000;
  return f < 0 ? f + 1'000'000'000 : f;
}

// b - a for two timestamps, saturated at the int64 range (a damaged capture
// can hold any 64-bit time; the difference must not overflow).
inline constexpr int64_t ts_diff(int64_t b, int64_t a) {
  int64_t r = 0;
  if (__builtin_sub_overflow(b, a, &r)) return b > a ? INT64_MAX : INT64_MIN;
  return r;
}

// a + b, saturated at the int64 range.
inline constexpr int64_t sat_add(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) return b > 0 ? INT64_MAX : INT64_MIN;
  return r;
}

struct PacketView {
  const uint8_t* data = nullptr;
  uint32_t caplen = 0;    // bytes present at data
  uint32_t origlen = 0;   // length on the wire
  int64_t ts_ns = 0;      // nanoseconds since the Unix epoch
  uint32_t linktype = linktype::kEthernet;
  uint32_t iface = 0;     // interface index within the source (pcapng IDB number)
  Direction dir = Direction::Unknown;
  // iface names an interface the source describes (pcapng, live capture);
  // false for pcap, which has none (tshark shows no frame.interface_id).
  bool iface_known = false;
  uint64_t file_offset = 0;  // where the record starts in its file (0 for live)
};

}  // namespace weir
