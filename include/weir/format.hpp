// Allocation-free text formatting of the values decoders produce, in the
// exact forms Wireshark prints them (lower-case hex, colon-separated MACs,
// RFC 5952 IPv6). Each function writes into `buf` and returns the length.
// Buffers: 24 bytes hold any integer, 18 a MAC, 16 an IPv4, 46 an IPv6.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace weir::fmt {

size_t dec(char* buf, uint64_t v);
size_t sdec(char* buf, int64_t v);
// "0x" followed by exactly `digits` lower-case hex digits (more if needed).
size_t hex(char* buf, uint64_t v, int digits);
size_t mac(char* buf, const uint8_t* p);             // aa:bb:cc:dd:ee:ff
size_t ipv4(char* buf, const uint8_t* p);            // network order bytes
size_t ipv6(char* buf, const uint8_t* p);            // RFC 5952
// Lower-case hex bytes with an optional separator (0 for none).
size_t hexbytes(char* buf, const uint8_t* p, size_t n, char sep);

// A small stack buffer that builds one value; implicitly a string_view.
struct Buf {
  char data[64];
  size_t len = 0;
  std::string_view view() const { return {data, len}; }
  operator std::string_view() const { return view(); }
};

inline Buf dec(uint64_t v) { Buf b; b.len = dec(b.data, v); return b; }
inline Buf sdec(int64_t v) { Buf b; b.len = sdec(b.data, v); return b; }
inline Buf hex(uint64_t v, int digits) { Buf b; b.len = hex(b.data, v, digits); return b; }
inline Buf mac(const uint8_t* p) { Buf b; b.len = mac(b.data, p); return b; }
inline Buf ipv4(const uint8_t* p) { Buf b; b.len = ipv4(b.data, p); return b; }
inline Buf ipv6(const uint8_t* p) { Buf b; b.len = ipv6(b.data, p); return b; }

// Fixed-capacity text builder (info strings, escaped values): appends past
// the end are dropped, so it never overflows and never allocates.
template <size_t N>
struct Text {
  char buf[N];
  size_t len = 0;
  void put(char c) {
    if (len < N) buf[len++] = c;
  }
  Text& s(std::string_view v) {
    size_t n = v.size() < N - len ? v.size() : N - len;
    std::memcpy(buf + len, v.data(), n);
    len += n;
    return *this;
  }
  Text& d(uint64_t v) {
    char t[24];
    return s(std::string_view(t, dec(t, v)));
  }
  Text& h(uint64_t v, int digits) {
    char t[24];
    return s(std::string_view(t, hex(t, v, digits)));
  }
  Text& ip4(const uint8_t* p) {
    char t[16];
    return s(std::string_view(t, ipv4(t, p)));
  }
  Text& ip6(const uint8_t* p) {
    char t[48];
    return s(std::string_view(t, ipv6(t, p)));
  }
  Text& mac(const uint8_t* p) {
    char t[18];
    return s(std::string_view(t, fmt::mac(t, p)));
  }
  std::string_view view() const { return {buf, len}; }
  operator std::string_view() const { return view(); }
  // Appends to anything with append(string_view), e.g. a TextOut.
  template <class Out>
  void to(Out& o) const {
    o.append(view());
  }
};

}  // namespace weir::fmt
