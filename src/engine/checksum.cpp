// RFC 1071 checksums for modified packets. Everything is bounds-checked
// against the packet length before any byte is touched.
#include "weir/checksum.hpp"

#include "weir/bytes.hpp"

namespace weir::csum {

uint32_t partial(const uint8_t* p, size_t n, uint32_t sum) {
  uint64_t s = sum;
  size_t i = 0;
  for (; i + 1 < n; i += 2) s += uint32_t(p[i]) << 8 | p[i + 1];
  if (i < n) s += uint32_t(p[i]) << 8;
  while (s >> 32) s = (s & 0xffffffffu) + (s >> 32);
  return uint32_t(s);
}

uint16_t finish(uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return uint16_t(~sum);
}

namespace {

void store_be16(uint8_t* p, uint16_t v) {
  p[0] = uint8_t(v >> 8);
  p[1] = uint8_t(v);
}

// Where the transport header is and what it is.
struct L4 {
  int proto = -1;      // -1: none / not checkable
  size_t off = 0;      // transport header offset
  size_t len = 0;      // transport header + payload
  bool v6 = false;
  const uint8_t* src = nullptr;
  const uint8_t* dst = nullptr;
  bool ip_ok = false;
};

bool is_v6_ext(uint8_t nh) { return nh == 0 || nh == 43 || nh == 60 || nh == 51 || nh == 44; }

// Parses the IP header(s); optionally rewrites length fields first.
L4 locate(uint8_t* pkt, size_t len, bool update_lengths) {
  L4 r;
  if (len < 1) return r;
  uint8_t ver = pkt[0] >> 4;
  if (ver == 4) {
    if (len < 20) return r;
    size_t ihl = size_t(pkt[0] & 0x0f) * 4;
    if (ihl < 20 || ihl > len) return r;
    if (update_lengths) {
      if (len > 0xffff) return r;
      store_be16(pkt + 2, uint16_t(len));
    }
    size_t total = load_be16(pkt + 2);
    if (total < ihl || total > len) return r;
    r.ip_ok = true;
    uint16_t frag = load_be16(pkt + 6);
    if ((frag & 0x2000) || (frag & 0x1fff)) return r;  // fragment: transport not checkable
    r.proto = pkt[9];
    r.off = ihl;
    r.len = total - ihl;
    r.src = pkt + 12;
    r.dst = pkt + 16;
    return r;
  }
  if (ver == 6) {
    if (len < 40) return r;
    if (update_lengths) {
      if (len - 40 > 0xffff) return r;
      store_be16(pkt + 4, uint16_t(len - 40));
    }
    size_t plen = load_be16(pkt + 4);
    if (plen == 0 || 40 + plen > len) return r;  // jumbograms unsupported
    size_t end = 40 + plen;
    r.ip_ok = true;
    uint8_t nh = pkt[6];
    size_t off = 40;
    for (int guard = 0; guard < 8 && is_v6_ext(nh); ++guard) {
      if (off + 8 > end) return r;
      if (nh == 44) return r;  // fragment
      // A routing header with segments left: the pseudo-header's address is
      // the final destination inside it, not this one; leave it alone.
      if (nh == 43 && pkt[off + 3] != 0) return r;
      size_t hl = nh == 51 ? (size_t(pkt[off + 1]) + 2) * 4 : (size_t(pkt[off + 1]) + 1) * 8;
      nh = pkt[off];
      off += hl;
      if (off > end) return r;
    }
    r.proto = nh;
    r.off = off;
    r.len = end - off;
    r.v6 = true;
    r.src = pkt + 8;
    r.dst = pkt + 24;
    return r;
  }
  return r;
}

// Offset of the checksum field within the transport header, or -1.
int csum_field(int proto, bool v6, size_t l4len) {
  switch (proto) {
    case 6: return l4len >= 20 ? 16 : -1;
    case 17: return l4len >= 8 ? 6 : -1;
    case 1: return !v6 && l4len >= 4 ? 2 : -1;
    case 58: return v6 && l4len >= 4 ? 2 : -1;
    default: return -1;
  }
}

uint32_t pseudo(const L4& r) {
  uint32_t s = 0;
  if (r.proto == 1) return 0;  // ICMPv4 has no pseudo-header
  size_t alen = r.v6 ? 16 : 4;
  s = partial(r.src, alen, s);
  s = partial(r.dst, alen, s);
  s += uint32_t(r.len >> 16) + uint32_t(r.len & 0xffff);
  s += uint32_t(r.proto);
  return s;
}

}  // namespace

FixResult fix_ip_packet(uint8_t* pkt, size_t len, bool update_lengths, bool l4_partial) {
  L4 r = locate(pkt, len, update_lengths);
  if (!r.ip_ok) return FixResult::Malformed;
  if (!r.v6) {
    size_t ihl = size_t(pkt[0] & 0x0f) * 4;
    pkt[10] = pkt[11] = 0;
    store_be16(pkt + 10, finish(partial(pkt, ihl)));
  }
  int f = csum_field(r.proto, r.v6, r.len);
  if (f < 0) return FixResult::IpOnly;
  uint8_t* l4 = pkt + r.off;
  if (r.proto == 17 && update_lengths) {
    if (r.len > 0xffff) return FixResult::IpOnly;
    store_be16(l4 + 4, uint16_t(r.len));
  }
  l4[f] = l4[f + 1] = 0;
  if (l4_partial && (r.proto == 6 || r.proto == 17)) {
    store_be16(l4 + f, uint16_t(~finish(pseudo(r))));
    return FixResult::Ok;
  }
  uint16_t c = finish(partial(l4, r.len, pseudo(r)));
  if (c == 0 && r.proto == 17) c = 0xffff;  // 0 means "no checksum" for UDP
  store_be16(l4 + f, c);
  return FixResult::Ok;
}

bool verify_ip_packet(const uint8_t* pkt, size_t len) {
  // locate() only writes when update_lengths is set.
  L4 r = locate(const_cast<uint8_t*>(pkt), len, false);
  if (!r.ip_ok) return false;
  if (!r.v6) {
    size_t ihl = size_t(pkt[0] & 0x0f) * 4;
    if (finish(partial(pkt, ihl)) != 0) return false;
  }
  int f = csum_field(r.proto, r.v6, r.len);
  if (f < 0) return true;
  const uint8_t* l4 = pkt + r.off;
  if (r.proto == 17 && !r.v6 && load_be16(l4 + 6) == 0) return true;
  return finish(partial(l4, r.len, pseudo(r))) == 0;
}

}  // namespace weir::csum
