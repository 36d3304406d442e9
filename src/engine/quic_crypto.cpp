#include "engine/quic_crypto.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstring>

#include "quic_wire.hpp"
#include "weir/bytes.hpp"
#include "weir/layers.hpp"

namespace weir {

namespace {

// HKDF-Extract and HKDF-Expand-Label (TLS 1.3) with SHA-256.
void hmac256(const uint8_t* key, size_t klen, const uint8_t* msg, size_t n, uint8_t out[32]) {
  unsigned int len = 32;
  if (!HMAC(EVP_sha256(), key, int(klen), msg, n, out, &len)) std::memset(out, 0, 32);  // keys that open nothing
}

void expand_label(const uint8_t secret[32], const char* label, uint8_t* out, uint8_t n) {
  uint8_t info[64];
  size_t ll = std::strlen(label);
  size_t i = 0;
  info[i++] = 0;
  info[i++] = n;
  info[i++] = uint8_t(6 + ll);
  std::memcpy(info + i, "tls13 ", 6);
  i += 6;
  std::memcpy(info + i, label, ll);
  i += ll;
  info[i++] = 0;    // no context
  info[i++] = 1;    // the first block is enough (n <= 32)
  uint8_t t[32];
  hmac256(secret, 32, info, i, t);
  std::memcpy(out, t, n);
}

// The Initial salts (RFC 9001 5.2, RFC 9369 3.3.1, the drafts).
const uint8_t* salt_of(uint32_t version) {
  static const uint8_t v1[20] = {0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17,
                                 0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a};
  static const uint8_t v2[20] = {0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb, 0x81, 0x93,
                                 0x81, 0xbe, 0x6e, 0x26, 0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9};
  static const uint8_t d29[20] = {0xaf, 0xbf, 0xec, 0x28, 0x99, 0x93, 0xd2, 0x4c, 0x9e, 0x97,
                                  0x86, 0xf1, 0x9c, 0x61, 0x11, 0xe0, 0x43, 0x90, 0xa8, 0x99};
  static const uint8_t d22[20] = {0x7f, 0xbc, 0xdb, 0x0e, 0x7c, 0x66, 0xbb, 0xe9, 0x19, 0x3a,
                                  0x96, 0xcd, 0x21, 0x51, 0x9e, 0xbd, 0x7a, 0x02, 0x64, 0x4a};
  static const uint8_t d23[20] = {0xc3, 0xee, 0xf7, 0x12, 0xc7, 0x2e, 0xbb, 0x5a, 0x11, 0xa7,
                                  0xd2, 0x43, 0x2b, 0xb4, 0x63, 0x65, 0xbe, 0xf9, 0xf5, 0x02};
  // Drafts 33 and 34 use version 1's salt; any other version draft 29's,
  // as tshark (which then fails to decrypt an unknown version's Initial,
  // but shows the packet number that salt's mask gives).
  if (version == quic::kV1) return v1;
  if (version == quic::kV2) return v2;
  if ((version >> 8) == 0xff0000) {
    uint32_t draft = version & 0xff;
    if (draft == 22) return d22;
    if (draft >= 23 && draft <= 28) return d23;
    if (draft >= 33 && draft <= 34) return v1;
  }
  return d29;
}

struct Endpoint {
  const uint8_t* src = nullptr;
  const uint8_t* dst = nullptr;
  bool v6 = false;
};

}  // namespace

// The two ciphers, fetched and set up once: a packet only sets keys (no
// allocation in OpenSSL per packet).
struct QuicTracker::Impl {
  EVP_CIPHER_CTX* ecb = EVP_CIPHER_CTX_new();
  EVP_CIPHER_CTX* gcm = EVP_CIPHER_CTX_new();
  bool ok = false;
  Impl() {
    ok = ecb && gcm && EVP_EncryptInit_ex(ecb, EVP_aes_128_ecb(), nullptr, nullptr, nullptr) == 1 &&
         EVP_CIPHER_CTX_set_padding(ecb, 0) == 1 &&
         EVP_DecryptInit_ex(gcm, EVP_aes_128_gcm(), nullptr, nullptr, nullptr) == 1 &&
         EVP_CIPHER_CTX_ctrl(gcm, EVP_CTRL_GCM_SET_IVLEN, 12, nullptr) == 1;
  }
  ~Impl() {
    EVP_CIPHER_CTX_free(ecb);
    EVP_CIPHER_CTX_free(gcm);
  }
  // The header protection mask from a 16-byte sample.
  bool mask(const uint8_t hp[16], const uint8_t* sample, uint8_t out[16]) {
    int n = 0;
    return ok && EVP_EncryptInit_ex(ecb, nullptr, nullptr, hp, nullptr) == 1 &&
           EVP_EncryptUpdate(ecb, out, &n, sample, 16) == 1 && n == 16;
  }
  // AES-128-GCM open in place; false when the tag does not check.
  bool open(const uint8_t key[16], const uint8_t nonce[12], const uint8_t* aad, size_t aad_len, uint8_t* data,
            size_t n, const uint8_t* tag) {
    int len = 0;
    if (!ok || EVP_DecryptInit_ex(gcm, nullptr, nullptr, key, nonce) != 1) return false;
    if (aad_len && EVP_DecryptUpdate(gcm, nullptr, &len, aad, int(aad_len)) != 1) return false;
    if (n && EVP_DecryptUpdate(gcm, data, &len, data, int(n)) != 1) return false;
    if (EVP_CIPHER_CTX_ctrl(gcm, EVP_CTRL_GCM_SET_TAG, 16, const_cast<uint8_t*>(tag)) != 1) return false;
#ifdef WEIR_FUZZING
    // Fuzzing: random bytes never pass the tag; take them as plaintext so
    // the frame walk, CRYPTO reassembly and TLS behind it are reached.
    (void)EVP_DecryptFinal_ex(gcm, data + n, &len);
    return true;
#else
    return EVP_DecryptFinal_ex(gcm, data + n, &len) == 1;
#endif
  }
};

QuicTracker::QuicTracker() = default;
QuicTracker::~QuicTracker() = default;

void QuicTracker::initial_keys(uint32_t version, const uint8_t* dcid, uint8_t dcid_len, bool server, uint8_t key[16],
                               uint8_t iv[12], uint8_t hp[16]) {
  uint8_t initial[32], secret[32];
  hmac256(salt_of(version), 20, dcid, dcid_len, initial);
  expand_label(initial, server ? "server in" : "client in", secret, 32);
  bool v2 = version == quic::kV2;
  expand_label(secret, v2 ? "quicv2 key" : "quic key", key, 16);
  expand_label(secret, v2 ? "quicv2 iv" : "quic iv", iv, 12);
  expand_label(secret, v2 ? "quicv2 hp" : "quic hp", hp, 16);
}

void QuicTracker::set_server_cid(Conn& c, const uint8_t* cid, uint8_t n) {
  c.server_cid = int8_t(n);
  std::memcpy(c.server_cid_bytes, cid, n);
}

void QuicTracker::derive(Conn& c) {
  initial_keys(c.version, c.odcid, c.odcid_len, false, c.client.key, c.client.iv, c.client.hp);
  initial_keys(c.version, c.odcid, c.odcid_len, true, c.server.key, c.server.iv, c.server.hp);
}

QuicTracker::Conn* QuicTracker::find(const uint8_t* src, const uint8_t* dst, uint16_t sp, uint16_t dp, bool v6,
                                     bool& from_server) {
  size_t al = v6 ? 16 : 4;
  for (int i = 0; i < kSlots; ++i) {
    Conn& c = conns_[i];
    if (!c.used || c.v6 != v6) continue;
    if (c.pa == sp && c.pb == dp && !std::memcmp(c.a, src, al) && !std::memcmp(c.b, dst, al)) {
      from_server = false;
      return &c;
    }
    if (c.pa == dp && c.pb == sp && !std::memcmp(c.a, dst, al) && !std::memcmp(c.b, src, al)) {
      from_server = true;
      return &c;
    }
  }
  return nullptr;
}

// The endpoints of the datagram whose UDP header is layer `udp`: the IP
// header below it (none inside an ICMP error).
static bool endpoints(const DecodedPacket& d, int udp, Endpoint& ep) {
  for (int i = udp - 1; i >= 0 && !ep.src; --i) {
    if (d.layers[i].proto == Proto::Ipv4) {
      ep.src = d.layers[i].as<Ipv4Fields>().src;
      ep.dst = d.layers[i].as<Ipv4Fields>().dst;
    } else if (d.layers[i].proto == Proto::Ipv6) {
      ep.src = d.layers[i].as<Ipv6Fields>().src;
      ep.dst = d.layers[i].as<Ipv6Fields>().dst;
      ep.v6 = true;
    } else if (d.layers[i].proto == Proto::Icmp || d.layers[i].proto == Proto::Icmpv6) {
      return false;  // a quoted datagram: not the connection's
    }
  }
  return ep.src != nullptr;
}

void QuicTracker::process(const Registry& reg, DecodedPacket& d, bool heuristics) {
  int qi = d.find_last(Proto::Quic);
  Endpoint ep;
  if (qi < 0) {
    // tshark's heuristic also takes a short header of a connection it
    // knows, on any port.
    if (!heuristics || !conns_) return;
    int ui = d.find_last(Proto::Udp);
    if (ui < 0 || ui + 2 != d.nlayers || d.layers[ui + 1].proto != Proto::Data) return;
    const Layer& pl = d.layers[ui + 1];
    if (pl.offset >= d.caplen() || (d.data()[pl.offset] & 0xc0) != 0x40 || !endpoints(d, ui, ep)) return;
    bool dir;
    const auto& u = d.layers[ui].as<UdpFields>();
    if (!find(ep.src, ep.dst, u.sport, u.dport, ep.v6, dir)) return;
    if (!decode_payload_as(reg, d, ui, Proto::Quic) || d.layers[ui + 1].proto != Proto::Quic) return;
    qi = ui + 1;
  } else if (qi < 1 || d.layers[qi - 1].proto != Proto::Udp || !endpoints(d, qi - 1, ep)) {
    return;
  }
  const Layer& udp = d.layers[qi - 1];
  const auto& uf = udp.as<UdpFields>();
  const Layer& ql = d.layers[qi];
  if (ql.offset > d.caplen()) return;
  const uint32_t start = ql.offset;
  uint32_t len = d.caplen() - start;
  if (udp.payload_len < len) len = udp.payload_len;
  const uint8_t* src = d.data();
  quic::Packet pk[quic::kMaxPackets];
  int n = quic::parse_datagram(src + start, len, udp.payload_len > len ? udp.payload_len : len, pk);
  if (n == 0) return;

  if (!conns_) conns_.reset(new Conn[kSlots]);
  bool from_server = false;
  Conn* c = find(ep.src, ep.dst, uf.sport, uf.dport, ep.v6, from_server);
  const quic::Packet& k0 = pk[0];
  // A client Initial whose DCID is neither the connection's first nor the
  // server's is a new connection on the same endpoints (tshark finds
  // connections by connection ID).
  auto same = [&](const uint8_t* cid, uint8_t n) {
    return k0.dcil == n && !std::memcmp(src + start + k0.dcid, cid, n);
  };
  bool renew = c && !from_server && k0.type == quic::Type::Initial && c->odcid_set && !same(c->odcid, c->odcid_len) &&
               !(c->server_cid >= 0 && same(c->server_cid_bytes, uint8_t(c->server_cid)));
  if (!c || renew) {
    if (k0.type != quic::Type::Initial) return;  // no connection: headers only
    // A new connection: its endpoints' slot, else a free one, else the
    // least recently used.
    Conn* pick = renew ? c : &conns_[0];
    for (int i = 0; i < kSlots && !renew; ++i) {
      if (!conns_[i].used) {
        pick = &conns_[i];
        break;
      }
      if (conns_[i].last_use < pick->last_use) pick = &conns_[i];
    }
    c = pick;
    *c = Conn{};
    c->used = true;
    c->v6 = ep.v6;
    std::memcpy(c->a, ep.src, ep.v6 ? 16 : 4);
    std::memcpy(c->b, ep.dst, ep.v6 ? 16 : 4);
    c->pa = uf.sport;
    c->pb = uf.dport;
    c->number = next_number_++;
    c->odcid_len = k0.dcil;
    std::memcpy(c->odcid, src + start + k0.dcid, k0.dcil);
    c->odcid_set = true;
    c->version = k0.version;
    c->client_cid = int8_t(k0.scil);
    derive(*c);
    from_server = false;
  }
  c->last_use = ++clock_;
  d.quic.conn = int32_t(c->number);
  d.quic.from_server = from_server;
  // The connection IDs each side chose, and a Retry's new keys.
  for (int i = 0; i < n; ++i) {
    const quic::Packet& k = pk[i];
    if (!(k.first & 0x80) || k.type == quic::Type::VersionNegotiation) continue;
    if (from_server && k.type == quic::Type::Retry) {
      c->odcid_set = false;  // the client's next Initial sets it
      if (c->server_cid < 0) set_server_cid(*c, src + start + k.scid, k.scil);
    } else if (!from_server && k.type == quic::Type::Initial && !c->odcid_set && k.dcil) {
      c->odcid_len = k.dcil;
      std::memcpy(c->odcid, src + start + k.dcid, k.dcil);
      c->odcid_set = true;
      c->server_cid = -1;  // the server's next Initial names it again
      derive(*c);
    } else if (from_server && k.type == quic::Type::Initial && k.version != c->version) {
      c->version = k.version;  // compatible version negotiation: new keys
      derive(*c);
      if (c->server_cid < 0) set_server_cid(*c, src + start + k.scid, k.scil);
    } else if (from_server && c->server_cid < 0) {
      set_server_cid(*c, src + start + k.scid, k.scil);
    } else if (!from_server && c->client_cid < 0) {
      c->client_cid = int8_t(k.scil);
    }
  }
  int8_t sd = from_server ? c->client_cid : c->server_cid;
  d.quic.short_dcid = sd < 0 ? 0 : sd;

  // Initial packets: remove the header protection, then decrypt.
  bool any = false;
  int crypto_touched = 0, in_order = 0;
  uint32_t contig_before[2] = {};
  for (int i = 0; i < n; ++i) {
    const quic::Packet& k = pk[i];
    if (k.type != quic::Type::Initial || !k.complete) continue;
    // The sample: 16 bytes from 4 after the packet number's start, inside
    // the packet (RFC 9001 5.4.2) and captured.
    if (uint64_t(k.pn) + 4 + 16 > (k.end < len ? k.end : len)) continue;
    if (!any) {
      if (buf_.size() < d.caplen()) buf_.resize(d.caplen());
      std::memcpy(buf_.data(), src, d.caplen());
      if (!impl_) impl_ = std::make_unique<Impl>();
      any = true;
    }
    uint8_t* p = buf_.data() + start;
    const Keys& key = from_server ? c->server : c->client;
    uint8_t m[16];
    if (!impl_->mask(key.hp, p + k.pn + 4, m)) continue;
    p[k.start] ^= m[0] & 0x0f;
    uint32_t pnl = (p[k.start] & 3u) + 1;
    uint64_t pn = 0;
    for (uint32_t b = 0; b < pnl; ++b) {
      p[k.pn + b] ^= m[1 + b];
      pn = (pn << 8) | p[k.pn + b];
    }
    pn = expand_pn(c->largest_pn[from_server ? 1 : 0], pn, 8 * pnl);  // against the largest decrypted
    d.quic.pn[i] = pn;
    d.quic.unmasked |= uint8_t(1u << i);
    // The payload: all of it captured, room for the tag.
    uint32_t body = k.pn + pnl;
    if (k.end > len || k.end < body + quic::kTagLen) continue;
    uint8_t nonce[12];
    std::memcpy(nonce, key.iv, 12);
    for (int b = 0; b < 8; ++b) nonce[11 - b] ^= uint8_t(pn >> (8 * b));
    uint32_t clen = k.end - body - quic::kTagLen;
    if (!impl_->open(key.key, nonce, p + k.start, body - k.start, p + body, clen, p + k.end - quic::kTagLen)) {
      std::memcpy(p + body, src + start + body, clen);  // the ciphertext again
      continue;
    }
    d.quic.decrypted |= uint8_t(1u << i);
    ++decrypted_;
    int64_t& largest = c->largest_pn[from_server ? 1 : 0];
    if (int64_t(pn) > largest) largest = int64_t(pn);
    // CRYPTO frames into the direction's stream.
    const int dir = from_server ? 1 : 0;
    Conn::Stream& st = c->crypto[dir];
    const uint32_t slot = uint32_t(c - conns_.get());
    quic::Frame fr;
    uint32_t off = body, end = k.end - quic::kTagLen;
    while (off < end && quic::next_frame(p, end, off, fr)) {
      if (fr.type != 0x06 || fr.b == 0 || fr.a >= kCryptoMax) continue;
      uint32_t a = uint32_t(fr.a);
      uint32_t b = fr.a + fr.b > kCryptoMax ? kCryptoMax : uint32_t(fr.a + fr.b);
      if (!crypto_touched) contig_before[dir] = contiguous(st);
      crypto_touched |= 1 << dir;
      if (a <= contig_before[dir] && b > contig_before[dir]) in_order |= 1 << dir;
      if (!streams_[slot][dir]) streams_[slot][dir].reset(new uint8_t[kCryptoMax]);
      std::memcpy(streams_[slot][dir].get() + a, p + fr.data, b - a);
      add_range(st, a, b);
    }
  }
  // TLS is called when the datagram's data continues the stream: on what is
  // contiguous from the next message on (complete messages, then maybe the
  // start of one that is not yet).
  uint32_t tls_from = 0, tls_to = 0;
  const int dir = from_server ? 1 : 0;
  if ((in_order >> dir) & 1) {
    Conn::Stream& st = c->crypto[dir];
    const uint8_t* sb = streams_[uint32_t(c - conns_.get())][dir].get();
    uint32_t contig = contiguous(st);
    if (sb && contig > st.next) {
      uint32_t at = uint32_t(st.next);
      while (contig - at >= 4 && load_be24(sb + at + 1) <= contig - at - 4) at += 4 + load_be24(sb + at + 1);
      tls_from = uint32_t(st.next);
      tls_to = contig;
      st.next = at;
    }
  }
  if (!any) return;
  uint32_t size = d.caplen();
  if (tls_to > tls_from) {
    // The stream's bytes after the frame; the layers below QUIC run to the
    // buffer's end, QUIC's own packets stay the datagram's.
    uint32_t n = tls_to - tls_from;
    if (buf_.size() < size_t(size) + n) buf_.resize(size_t(size) + n);
    std::memcpy(buf_.data() + size, streams_[uint32_t(c - conns_.get())][dir].get() + tls_from, n);
    d.quic.tls_at = size;
    d.quic.tls_len = n;
    d.quic.udp_layer = int8_t(qi - 1);
    d.quic.dgram_len = len;
    d.quic.dgram_total = udp.payload_len > len ? udp.payload_len : len;
    size += n;
  }
  d.buf_is_frame = d.buf == nullptr;
  d.quic.orig = src;
  d.buf = buf_.data();
  d.buflen = size;
  redecode_packet(reg, d, heuristics);
}

uint64_t QuicTracker::expand_pn(int64_t largest, uint64_t truncated, uint32_t bits) {
  const uint64_t expected = uint64_t(largest + 1);
  const uint64_t win = uint64_t(1) << bits, hwin = win / 2, mask = win - 1;
  uint64_t cand = (expected & ~mask) | truncated;
  if (cand + hwin <= expected && cand < (uint64_t(1) << 62) - win) return cand + win;
  if (cand > expected + hwin && cand >= win) return cand - win;
  return cand;
}

bool QuicTracker::add_range(Conn::Stream& s, uint32_t a, uint32_t b) {
  // Merge with every range it touches, then insert in order.
  uint32_t lo = a, hi = b;
  uint8_t w = 0;
  uint32_t nlo[8], nhi[8];
  bool placed = false;
  for (uint8_t i = 0; i < s.nranges; ++i) {
    if (s.hi[i] < lo) {
      nlo[w] = s.lo[i], nhi[w++] = s.hi[i];
    } else if (s.lo[i] > hi) {
      if (!placed) nlo[w] = lo, nhi[w++] = hi, placed = true;
      if (w == 8) return false;
      nlo[w] = s.lo[i], nhi[w++] = s.hi[i];
    } else {
      if (s.lo[i] < lo) lo = s.lo[i];
      if (s.hi[i] > hi) hi = s.hi[i];
    }
    if (w == 8 && i + 1 < s.nranges) return false;
  }
  if (!placed) {
    if (w == 8) return false;
    nlo[w] = lo, nhi[w++] = hi;
  }
  std::memcpy(s.lo, nlo, sizeof(uint32_t) * w);
  std::memcpy(s.hi, nhi, sizeof(uint32_t) * w);
  s.nranges = w;
  return true;
}

uint32_t QuicTracker::contiguous(const Conn::Stream& s) {
  return s.nranges && s.lo[0] == 0 ? s.hi[0] : 0;
}

}  // namespace weir
