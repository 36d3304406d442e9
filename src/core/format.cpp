#include "weir/format.hpp"

#include <arpa/inet.h>

#include <cstring>

namespace weir::fmt {

// Two digits per step from a 200-byte table: the field printer formats
// millions of numbers, and one division per digit showed in profiles.
static constexpr char kDigits2[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

size_t dec(char* buf, uint64_t v) {
  if (v < 10) {
    buf[0] = char('0' + v);
    return 1;
  }
  char tmp[24];
  char* end = tmp + sizeof tmp;
  char* p = end;
  while (v >= 100) {
    unsigned r = unsigned(v % 100);
    v /= 100;
    p -= 2;
    p[0] = kDigits2[r * 2];
    p[1] = kDigits2[r * 2 + 1];
  }
  if (v >= 10) {
    p -= 2;
    p[0] = kDigits2[v * 2];
    p[1] = kDigits2[v * 2 + 1];
  } else {
    *--p = char('0' + v);
  }
  size_t n = size_t(end - p);
  std::memcpy(buf, p, n);
  return n;
}

size_t sdec(char* buf, int64_t v) {
  if (v < 0) {
    buf[0] = '-';
    return 1 + dec(buf + 1, uint64_t(0) - uint64_t(v));
  }
  return dec(buf, uint64_t(v));
}

static constexpr char kHex[] = "0123456789abcdef";

size_t hex(char* buf, uint64_t v, int digits) {
  char tmp[16];
  int n = 0;
  do {
    tmp[n++] = kHex[v & 0xf];
    v >>= 4;
  } while (v);
  while (n < digits && n < 16) tmp[n++] = '0';
  buf[0] = '0';
  buf[1] = 'x';
  for (int i = 0; i < n; ++i) buf[2 + i] = tmp[n - 1 - i];
  return size_t(2 + n);
}

size_t mac(char* buf, const uint8_t* p) {
  for (int i = 0; i < 6; ++i) {
    buf[i * 3] = kHex[p[i] >> 4];
    buf[i * 3 + 1] = kHex[p[i] & 0xf];
    if (i < 5) buf[i * 3 + 2] = ':';
  }
  return 17;
}

size_t ipv4(char* buf, const uint8_t* p) {
  size_t n = 0;
  for (int i = 0; i < 4; ++i) {
    n += dec(buf + n, p[i]);
    if (i < 3) buf[n++] = '.';
  }
  return n;
}

size_t ipv6(char* buf, const uint8_t* p) {
  // glibc's inet_ntop follows RFC 5952 (longest zero run, lower case) and
  // prints IPv4-mapped/compatible forms the way Wireshark does.
  char tmp[INET6_ADDRSTRLEN];
  if (!inet_ntop(AF_INET6, p, tmp, sizeof tmp)) return 0;
  size_t n = std::strlen(tmp);
  std::memcpy(buf, tmp, n);
  return n;
}

size_t hexbytes(char* buf, const uint8_t* p, size_t n, char sep) {
  size_t o = 0;
  for (size_t i = 0; i < n; ++i) {
    if (sep && i) buf[o++] = sep;
    buf[o++] = kHex[p[i] >> 4];
    buf[o++] = kHex[p[i] & 0xf];
  }
  return o;
}

}  // namespace weir::fmt
