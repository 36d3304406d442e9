// QUIC's wire format (RFC 9000, RFC 9369 for version 2, the drafts' Initial
// layout), shared by the decoder (src/decode/quic.cpp) and the Initial
// decryption (src/engine/quic_crypto.cpp): variable-length integers, the
// packets of one UDP datagram (long headers chain by their Length field; a
// short header runs to the datagram's end), and the frames of a decrypted
// payload. Everything is bounded by the bytes given; nothing allocates.
#pragma once

#include <cstdint>
#include <cstring>

#include "weir/bytes.hpp"

namespace weir::quic {

constexpr uint32_t kV1 = 0x00000001, kV2 = 0x6b3343cf;
constexpr int kMaxPackets = 4;  // coalesced packets of one datagram that are looked at
constexpr uint32_t kTagLen = 16;

enum class Type : uint8_t { Initial, ZeroRtt, Handshake, Retry, VersionNegotiation, Short };

// A version whose Initial packets weir can decrypt (and the heuristic
// takes): 1, 2, and the drafts 22 to 34 (0xff0000xx).
inline bool known_version(uint32_t v) {
  return v == kV1 || v == kV2 || ((v >> 8) == 0xff0000 && (v & 0xff) >= 22 && (v & 0xff) <= 34);
}

// Reads a variable-length integer at p[*off] (end: bytes available).
inline bool varint(const uint8_t* p, uint32_t end, uint32_t& off, uint64_t& v) {
  if (off >= end) return false;
  uint32_t n = 1u << (p[off] >> 6);
  if (end - off < n) return false;
  v = p[off] & 0x3f;
  for (uint32_t i = 1; i < n; ++i) v = (v << 8) | p[off + i];
  off += n;
  return true;
}

// One packet of a datagram; offsets are relative to the datagram's start.
struct Packet {
  Type type = Type::Short;
  uint8_t first = 0;       // the first byte as on the wire (protected bits included)
  uint32_t version = 0;    // long headers
  uint32_t start = 0;      // where the packet starts
  uint32_t end = 0;        // where it ends (may exceed the bytes captured)
  uint8_t dcil = 0, scil = 0;
  uint32_t dcid = 0, scid = 0;    // offsets of the connection IDs (long headers)
  uint64_t token_len = 0;         // Initial
  uint32_t token = 0;
  uint64_t length = 0;            // the Length field (Initial, 0-RTT, Handshake)
  uint32_t pn = 0;                // where the packet number starts (Length-carrying types)
  bool complete = false;          // the header up to the packet number was there
};

inline Type long_type(uint32_t version, uint8_t first) {
  uint8_t t = (first >> 4) & 3;
  if (version == kV2) {
    static constexpr Type v2[4] = {Type::Retry, Type::Initial, Type::ZeroRtt, Type::Handshake};
    return v2[t];
  }
  static constexpr Type v1[4] = {Type::Initial, Type::ZeroRtt, Type::Handshake, Type::Retry};
  return v1[t];
}

// Parses the packet at p[start] (the datagram's `len` bytes captured,
// `total` on the wire). False when not even the invariant header is there.
inline bool parse_packet(const uint8_t* p, uint32_t len, uint32_t total, uint32_t start, Packet& k) {
  k = {};
  k.start = start;
  if (start >= len) return false;
  k.first = p[start];
  if (!(k.first & 0x80)) {
    k.type = Type::Short;
    k.end = total;
    k.complete = true;
    return true;
  }
  uint32_t o = start + 1;
  if (len - o < 5) return false;
  k.version = load_be32(p + o);
  o += 4;
  k.dcil = p[o++];
  if (k.dcil > 20 || len - o < uint32_t(k.dcil) + 1u) return false;
  k.dcid = o;
  o += k.dcil;
  k.scil = p[o++];
  if (k.scil > 20 || len - o < k.scil) return false;
  k.scid = o;
  o += k.scil;
  if (k.version == 0) {
    k.type = Type::VersionNegotiation;
    k.end = total;
    k.pn = o;  // the supported versions start here
    k.complete = true;
    return true;
  }
  k.type = long_type(k.version, k.first);
  if (k.type == Type::Retry) {
    k.end = total;
    k.pn = o;  // the token starts here
    k.complete = true;
    return true;
  }
  if (k.type == Type::Initial) {
    if (!varint(p, len, o, k.token_len)) return false;
    k.token = o;
    if (k.token_len > len - o) return false;
    o += uint32_t(k.token_len);
  }
  if (!varint(p, len, o, k.length)) return false;
  k.pn = o;
  k.end = k.length > uint64_t(total) - o ? total : o + uint32_t(k.length);
  k.complete = true;
  return true;
}

// The packets of a datagram, up to kMaxPackets (a short header or a packet
// that cannot be parsed ends the list). Returns how many.
// A coalesced packet whose Destination Connection ID is not the first
// packet's is padding (tshark's check_dcid_on_coalesced_packet), as is one
// starting with a zero byte.
inline int parse_datagram(const uint8_t* p, uint32_t len, uint32_t total, Packet* out) {
  int n = 0;
  uint32_t at = 0;
  while (n < kMaxPackets && at < len) {
    if (!parse_packet(p, len, total, at, out[n])) break;
    if (n > 0) {
      const Packet& f = out[0];
      const Packet& k = out[n];
      if (k.first == 0) break;
      if (k.first & 0x80) {
        if (k.dcil != f.dcil || std::memcmp(p + k.dcid, p + f.dcid, f.dcil)) break;
      } else if (len - at < 1u + f.dcil || std::memcmp(p + at + 1, p + f.dcid, f.dcil)) {
        break;
      }
    }
    at = out[n].end;
    ++n;
    if (out[n - 1].type != Type::Initial && out[n - 1].type != Type::ZeroRtt &&
        out[n - 1].type != Type::Handshake)
      break;
    if (out[n - 1].length < 1) break;
  }
  return n;
}

// One frame of a decrypted payload.
struct Frame {
  uint64_t type = 0;
  uint32_t start = 0, end = 0;  // the frame's bytes (relative to p)
  // Decoded values (by type): ACK, CRYPTO, CONNECTION_CLOSE, PADDING.
  uint64_t a = 0, b = 0, c = 0, d = 0;  // ACK: largest, delay, range count, first range
                                        // CRYPTO: offset, length; CC: error, frame type, reason length
  uint32_t data = 0;                    // CRYPTO data / CC reason phrase offset
  uint32_t ranges = 0;                  // ACK: where the gap/range pairs start
};

// Reads the frame at p[*off] (up to end); false on an unknown type or a
// frame cut short (the walk stops there, as tshark's dissector).
inline bool next_frame(const uint8_t* p, uint32_t end, uint32_t& off, Frame& f) {
  f = {};
  f.start = off;
  uint32_t o = off;
  if (!varint(p, end, o, f.type)) return false;
  switch (f.type) {
    case 0x00:  // PADDING: the run of zero bytes
      while (o < end && p[o] == 0) ++o;
      f.a = o - off;
      break;
    case 0x01:  // PING
      break;
    case 0x02:
    case 0x03: {  // ACK, ACK with ECN counts
      if (!varint(p, end, o, f.a) || !varint(p, end, o, f.b) || !varint(p, end, o, f.c) || !varint(p, end, o, f.d))
        return false;
      f.ranges = o;
      uint64_t x;
      for (uint64_t i = 0; i < f.c; ++i)
        if (!varint(p, end, o, x) || !varint(p, end, o, x)) return false;
      if (f.type == 0x03)
        for (int i = 0; i < 3; ++i)
          if (!varint(p, end, o, x)) return false;
      break;
    }
    case 0x06:  // CRYPTO
      if (!varint(p, end, o, f.a) || !varint(p, end, o, f.b) || f.b > end - o) return false;
      f.data = o;
      o += uint32_t(f.b);
      break;
    case 0x1c:
    case 0x1d:  // CONNECTION_CLOSE (transport, application)
      if (!varint(p, end, o, f.a)) return false;
      if (f.type == 0x1c && !varint(p, end, o, f.b)) return false;
      if (!varint(p, end, o, f.c) || f.c > end - o) return false;
      f.data = o;
      o += uint32_t(f.c);
      break;
    default:
      return false;
  }
  f.end = o;
  off = o;
  return true;
}

}  // namespace weir::quic
