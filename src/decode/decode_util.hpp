// Private helpers shared by the link/network/transport decoders: terse field
// emitters in Wireshark's spelling and a tiny allocation-free text builder
// for info strings.
#pragma once

#include <bit>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <string_view>

#include "weir/decode.hpp"
#include "weir/format.hpp"
#include "weir/layers.hpp"

namespace weir::du {

template <class T>
inline const T& get(const FieldCtx& c) {
  return c.layer->as<T>();
}

// True when the header bytes [0, end) of this layer were captured. A
// truncated layer records the bytes it had in hdr_len; fields past that are
// not emitted (Wireshark stops adding items at the first missing byte).
inline bool has(const FieldCtx& c, uint32_t end) {
  return !c.layer->truncated || c.layer->hdr_len >= end;
}

inline void dec(FieldOut& o, uint64_t v) { o.value(fmt::dec(v)); }
inline void hex(FieldOut& o, uint64_t v, int digits) { o.value(fmt::hex(v, digits)); }
inline void boolean(FieldOut& o, bool b) { o.value(b ? "1" : "0"); }

// Reads from the frame at an absolute offset, bounded by the captured length.
inline bool frame_has(const DecodedPacket& p, uint32_t off, uint32_t n) {
  return off <= p.caplen() && p.caplen() - off >= n;
}

// Fixed-size text builder for info strings (truncates silently).
using Text = fmt::Text<256>;

// Marks a header that ran past the captured bytes: keeps what was there.
inline void truncated(const DecodeInput& in, Layer& layer, DecodeResult& res, const char* name) {
  layer.truncated = 1;
  layer.hdr_len = in.avail;
  layer.payload_len = 0;
  res.anomaly = name;
  res.stop = true;
}

// A decoder reached by a port that finds bytes of another kind (Wireshark's
// dissector rejecting the packet): the chain goes on with the parent's
// other port, then its heuristic, then data (registry.cpp).
inline void decline(const DecodeInput&, Layer&, DecodeResult& res) { res.declined = true; }

// The layer after this one is undecoded bytes (tshark then names this
// layer's type in its columns).
inline bool next_is_data(const FieldCtx& c) {
  int self = int(c.layer - c.pkt.layers);
  return self + 1 < c.pkt.nlayers && c.pkt.layers[self + 1].proto == Proto::Data;
}

// A type number as a protocol column text ("0x3030"), in a per-thread
// buffer that the caller reads at once (one packet at a time per thread).
inline const char* hex_name(uint64_t v, int digits) {
  thread_local char buf[24];
  buf[fmt::hex(buf, v, digits)] = 0;
  return buf;
}

// Ports: the lower one is tried first, as Wireshark does.
inline void by_ports(DecodeResult& res, Table t, uint16_t a, uint16_t b) {
  res.next = t;
  res.key1 = a < b ? a : b;
  res.key2 = a < b ? b : a;
  res.has_key2 = true;
}

// Whether the nearest IP layer below is a fragment, or an ICMP error wraps us.
inline void ip_context(const DecodedPacket& p, int self, bool& fragmented, bool& in_error) {
  fragmented = false;
  in_error = false;
  bool seen_ip = false;
  for (int i = self - 1; i >= 0; --i) {
    const Layer& l = p.layers[i];
    if (l.proto == Proto::Icmp || l.proto == Proto::Icmpv6) in_error = true;
    if (seen_ip) continue;
    // A reassembled datagram (DecodedPacket::defrag) is whole again.
    bool whole = p.defrag.layer == i && p.defrag.complete;
    if (l.proto == Proto::Ipv6Fragment && !whole) fragmented = true;
    if (l.proto == Proto::Ipv4) {
      const auto& ip = l.as<Ipv4Fields>();
      if (ip.version != 4) continue;  // IPv6 under 0x0800: look further down
      fragmented = fragmented || (!whole && (ip.mf || ip.frag_off));
      seen_ip = true;
    } else if (l.proto == Proto::Ipv6) {
      seen_ip = true;
    }
  }
}

inline uint32_t min32(uint32_t a, uint32_t b) { return a < b ? a : b; }

// A message that fills the rest of its parent's payload (nothing above it):
// the layer covers what was captured; truncated when shorter than min_len.
inline bool whole_message(const DecodeInput& in, Layer& layer, DecodeResult& res, uint32_t min_len,
                          const char* anomaly) {
  uint32_t have = min32(in.claimed, in.avail);
  if (have < min_len) {
    truncated(in, layer, res, anomaly);
    return false;
  }
  layer.hdr_len = have;
  layer.payload_len = 0;
  return true;
}

// Bytes as one hex string ("4745..."), as tshark prints FT_BYTES fields;
// a buffer per thread, so a whole packet's payload needs no allocation.
inline void hex_value(FieldOut& o, const uint8_t* p, uint32_t n) {
  static constexpr uint32_t kMax = 262144;
  thread_local char buf[2 * kMax];
  if (n > kMax) n = kMax;
  o.value(std::string_view(buf, fmt::hexbytes(buf, p, n, 0)));
}

// The reassembled datagram after this IP layer (DecodedPacket::defrag), or
// null: tshark's ip.fragment* / ip.reassembled.* (and ipv6.*) fields.
inline const DecodedPacket::Defrag* reassembled_here(const FieldCtx& c) {
  const auto& d = c.pkt.defrag;
  if (!d.complete || !c.layer || c.layer != &c.pkt.layers[d.layer]) return nullptr;
  return &d;
}

// Their emitters: the fragments' frames (by offset), their count, the
// datagram's length and bytes.
inline void reasm_frames(const FieldCtx& c, FieldOut& o) {
  if (const auto* d = reassembled_here(c))
    for (uint32_t i = 0; i < d->nframes; ++i) dec(o, d->frames[i]);
}
inline void reasm_count(const FieldCtx& c, FieldOut& o) {
  if (const auto* d = reassembled_here(c)) dec(o, d->nframes);
}
inline void reasm_length(const FieldCtx& c, FieldOut& o) {
  if (const auto* d = reassembled_here(c)) dec(o, d->length);
}
inline void reasm_data(const FieldCtx& c, FieldOut& o) {
  if (const auto* d = reassembled_here(c); d && d->data) hex_value(o, d->data, d->length);
}

// The captured bytes of a layer's payload: [offset + hdr_len, + payload_len).
inline uint32_t payload_captured(const FieldCtx& c, uint32_t& start) {
  start = c.layer->offset + c.layer->hdr_len;
  uint32_t cap = c.pkt.caplen();
  if (start >= cap) return 0;
  return min32(c.layer->payload_len, cap - start);
}

// Fields read straight from this layer's bytes (for fixed-layout messages
// whose hdr_len covers the message): N big-endian bytes at offset Off,
// masked and shifted down (Mask 0: all bits), printed in decimal (Digits 0)
// or as "0x" and Digits hex digits, as tshark prints FT_UINT* fields. Not
// emitted when the bytes lie past hdr_len or the capture.
inline bool read_be(const FieldCtx& c, uint32_t off, uint32_t n, uint64_t& v) {
  if (off + n > c.layer->hdr_len || !frame_has(c.pkt, c.layer->offset + off, n)) return false;
  const uint8_t* p = c.pkt.data() + c.layer->offset + off;
  v = 0;
  for (uint32_t i = 0; i < n; ++i) v = v << 8 | p[i];
  return true;
}
template <uint32_t Off, uint32_t N, uint64_t Mask = 0, int Digits = 0>
void uint_at(const FieldCtx& c, FieldOut& o) {
  uint64_t v;
  if (!read_be(c, Off, N, v)) return;
  if constexpr (Mask != 0) v = (v & Mask) >> std::countr_zero(Mask);
  if constexpr (Digits != 0) hex(o, v, Digits);
  else dec(o, v);
}
// A field shown only where Pred holds (a message type, a version).
template <bool (*Pred)(const FieldCtx&), FieldEmitFn Emit>
void when(const FieldCtx& c, FieldOut& o) {
  if (Pred(c)) Emit(c, o);
}
template <uint32_t Off>
void mac_at(const FieldCtx& c, FieldOut& o) {
  if (Off + 6 <= c.layer->hdr_len && frame_has(c.pkt, c.layer->offset + Off, 6))
    o.value(fmt::mac(c.pkt.data() + c.layer->offset + Off));
}
template <uint32_t Off>
void ipv4_at(const FieldCtx& c, FieldOut& o) {
  if (Off + 4 <= c.layer->hdr_len && frame_has(c.pkt, c.layer->offset + Off, 4))
    o.value(fmt::ipv4(c.pkt.data() + c.layer->offset + Off));
}
// A relative time as tshark prints one: seconds with 9 decimals, sign first.
inline void rel_time(FieldOut& o, int64_t ns) {
  fmt::Buf b;
  uint64_t a = ns < 0 ? uint64_t(-(ns + 1)) + 1 : uint64_t(ns);
  if (ns < 0) b.data[b.len++] = '-';
  b.len += fmt::dec(b.data + b.len, a / 1000000000u);
  b.data[b.len++] = '.';
  char tmp[24];
  size_t n = fmt::dec(tmp, a % 1000000000u);
  for (size_t i = n; i < 9; ++i) b.data[b.len++] = '0';
  for (size_t i = 0; i < n; ++i) b.data[b.len++] = tmp[i];
  o.value(b);
}

// A 64-bit NTP timestamp as tshark prints one: "Jun 19, 2017
// 14:12:09.516015118 UTC" (era 0, wrapping as Wireshark's unsigned
// arithmetic does; 0 seconds is 1970).
inline void ntp_time(FieldOut& o, const uint8_t* p) {
  uint32_t sec = load_be32(p), frac = load_be32(p + 4);
  static constexpr const char* kMon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int64_t unix_sec = sec ? int64_t(uint32_t(sec - 2208988800u)) : 0;
  uint32_t ns = uint32_t(1000000000.0 * (double(frac) / 4294967296.0));
  time_t tt = time_t(unix_sec);
  struct tm tm;
  if (!gmtime_r(&tt, &tm)) return;
  fmt::Text<64> t;
  t.s(kMon[tm.tm_mon]).s(" ");
  if (tm.tm_mday < 10) t.put(' ');
  t.d(uint64_t(tm.tm_mday)).s(", ").d(uint64_t(tm.tm_year + 1900)).s(" ");
  auto two = [&](int v) {
    t.put(char('0' + v / 10));
    t.put(char('0' + v % 10));
  };
  two(tm.tm_hour);
  t.put(':');
  two(tm.tm_min);
  t.put(':');
  two(tm.tm_sec);
  t.put('.');
  char d[12];
  size_t n = fmt::dec(d, ns);
  for (size_t i = n; i < 9; ++i) t.put('0');
  t.s(std::string_view(d, n)).s(" UTC");
  o.value(std::string_view(t.buf, t.len));
}

// FT_DOUBLE as tshark prints it (%g).
inline void dbl(FieldOut& o, double v) {
  char b[32];
  int n = std::snprintf(b, sizeof b, "%g", v);
  o.value(std::string_view(b, n > 0 ? size_t(n) : 0));
}
// A layer's own byte at offset `off` (0 when not captured).
inline uint8_t byte_at(const FieldCtx& c, uint32_t off) {
  uint32_t a = c.layer->offset + off;
  return a < c.pkt.caplen() ? c.pkt.data()[a] : 0;
}

}  // namespace weir::du
