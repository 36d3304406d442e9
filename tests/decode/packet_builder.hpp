// Test helper: builds realistic frames (Ethernet / VLAN / IPv4 / IPv6 / UDP /
// TCP) around a payload with correct lengths and checksums, and decodes them
// with the built-in registry. Test code only (allocates freely).
//
//   using namespace weir::testpkt;
//   auto f = eth_ipv4_udp("198.18.0.1", 5353, "198.18.0.2", 53, payload);
//   Decoded d(f);                         // decodes with linktype Ethernet
//   EXPECT_EQ(d.field("udp.dstport"), "53");
//   EXPECT_EQ(d.field("ip.src"), "198.18.0.1");   // occurrences joined by ','
#pragma once

#include <arpa/inet.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "weir/decode.hpp"
#include "weir/layers.hpp"
#include "weir/packet.hpp"

// Tests pass options as designated initializers ({.ttl = 1, .id = 7});
// GCC 12 warns about the members left at their defaults, which is the intent.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace weir::testpkt {

using Bytes = std::vector<uint8_t>;

inline Bytes bytes(std::initializer_list<int> v) {
  Bytes b;
  for (int x : v) b.push_back(uint8_t(x));
  return b;
}
inline Bytes bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }
// "0a0b0c" -> {0x0a, 0x0b, 0x0c}; spaces and colons are ignored.
inline Bytes hex(std::string_view s) {
  Bytes b;
  int hi = -1;
  for (char c : s) {
    int v;
    if (c >= '0' && c <= '9') v = c - '0';
    else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    else continue;
    if (hi < 0) hi = v;
    else { b.push_back(uint8_t(hi << 4 | v)); hi = -1; }
  }
  return b;
}
inline Bytes cat(const Bytes& a, const Bytes& b) {
  Bytes r = a;
  r.insert(r.end(), b.begin(), b.end());
  return r;
}
inline void put16(Bytes& b, uint16_t v) { b.push_back(uint8_t(v >> 8)); b.push_back(uint8_t(v)); }
inline void put32(Bytes& b, uint32_t v) { put16(b, uint16_t(v >> 16)); put16(b, uint16_t(v)); }
inline void set16(Bytes& b, size_t at, uint16_t v) { b[at] = uint8_t(v >> 8); b[at + 1] = uint8_t(v); }

inline std::array<uint8_t, 4> ip4(const char* s) {
  std::array<uint8_t, 4> a{};
  inet_pton(AF_INET, s, a.data());
  return a;
}
inline std::array<uint8_t, 16> ip6(const char* s) {
  std::array<uint8_t, 16> a{};
  inet_pton(AF_INET6, s, a.data());
  return a;
}
inline std::array<uint8_t, 6> mac(const char* s) {
  std::array<uint8_t, 6> a{};
  Bytes b = hex(s);
  for (size_t i = 0; i < 6 && i < b.size(); ++i) a[i] = b[i];
  return a;
}

// RFC 1071 one's-complement sum (not yet complemented).
inline uint32_t sum16(const uint8_t* p, size_t n, uint32_t acc = 0) {
  for (size_t i = 0; i + 1 < n; i += 2) acc += uint32_t(p[i] << 8 | p[i + 1]);
  if (n & 1) acc += uint32_t(p[n - 1] << 8);
  return acc;
}
inline uint16_t fold(uint32_t acc) {
  while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
  return uint16_t(~acc);
}
inline uint16_t inet_checksum(const Bytes& b) { return fold(sum16(b.data(), b.size())); }

// ---- link layers ----
inline Bytes eth(uint16_t type, const Bytes& payload, const char* dst = "02:00:00:00:00:02",
                 const char* src = "02:00:00:00:00:01") {
  Bytes b;
  auto d = mac(dst), s = mac(src);
  b.insert(b.end(), d.begin(), d.end());
  b.insert(b.end(), s.begin(), s.end());
  put16(b, type);
  b.insert(b.end(), payload.begin(), payload.end());
  return b;
}
// 802.1Q tag (TPID 0x8100 or 0x88a8 given by the caller's EtherType) body:
// TCI + inner EtherType + payload.
inline Bytes vlan_tag(uint16_t vid, uint16_t inner_type, const Bytes& payload, uint8_t pcp = 0) {
  Bytes b;
  put16(b, uint16_t(pcp << 13 | (vid & 0xfff)));
  put16(b, inner_type);
  b.insert(b.end(), payload.begin(), payload.end());
  return b;
}

// ---- IPv4 ----
struct Ipv4Opts {
  uint8_t ttl = 64;
  uint16_t id = 0x1234;
  bool df = true;
  bool mf = false;
  uint16_t frag_off = 0;  // 8-byte units
  uint8_t tos = 0;
  Bytes options;          // padded to 4 bytes by the builder
  int total_len = -1;     // override (e.g. 0 for TSO); -1 = computed
};
inline Bytes ipv4(const char* src, const char* dst, uint8_t proto, const Bytes& payload,
                  const Ipv4Opts& o = {}) {
  Bytes opts = o.options;
  while (opts.size() % 4) opts.push_back(0);
  size_t hl = 20 + opts.size();
  Bytes b;
  b.push_back(uint8_t(0x40 | (hl / 4)));
  b.push_back(o.tos);
  put16(b, uint16_t(o.total_len >= 0 ? o.total_len : int(hl + payload.size())));
  put16(b, o.id);
  put16(b, uint16_t((o.df ? 0x4000 : 0) | (o.mf ? 0x2000 : 0) | (o.frag_off & 0x1fff)));
  b.push_back(o.ttl);
  b.push_back(proto);
  put16(b, 0);
  auto s = ip4(src), d = ip4(dst);
  b.insert(b.end(), s.begin(), s.end());
  b.insert(b.end(), d.begin(), d.end());
  b.insert(b.end(), opts.begin(), opts.end());
  set16(b, 10, fold(sum16(b.data(), hl)));
  b.insert(b.end(), payload.begin(), payload.end());
  return b;
}

// ---- IPv6 ----
inline Bytes ipv6(const char* src, const char* dst, uint8_t next, const Bytes& payload,
                  uint8_t hlim = 64, uint32_t flow = 0, uint8_t tclass = 0) {
  Bytes b;
  put32(b, 0x60000000u | uint32_t(tclass) << 20 | (flow & 0xfffff));
  put16(b, uint16_t(payload.size()));
  b.push_back(next);
  b.push_back(hlim);
  auto s = ip6(src), d = ip6(dst);
  b.insert(b.end(), s.begin(), s.end());
  b.insert(b.end(), d.begin(), d.end());
  b.insert(b.end(), payload.begin(), payload.end());
  return b;
}

// Pseudo-header sums for transport checksums.
inline uint32_t pseudo4(const char* src, const char* dst, uint8_t proto, size_t len) {
  auto s = ip4(src), d = ip4(dst);
  uint32_t acc = sum16(s.data(), 4) + sum16(d.data(), 4);
  return acc + proto + uint32_t(len);
}
inline uint32_t pseudo6(const char* src, const char* dst, uint8_t proto, size_t len) {
  auto s = ip6(src), d = ip6(dst);
  uint32_t acc = sum16(s.data(), 16) + sum16(d.data(), 16);
  return acc + uint32_t(len >> 16) + uint32_t(len & 0xffff) + proto;
}

// ---- UDP ----  (pseudo = pseudo4/pseudo6 sum; checksum left 0 if pseudo==0)
inline Bytes udp(uint16_t sport, uint16_t dport, const Bytes& payload, uint32_t pseudo = 0) {
  Bytes b;
  put16(b, sport);
  put16(b, dport);
  put16(b, uint16_t(8 + payload.size()));
  put16(b, 0);
  b.insert(b.end(), payload.begin(), payload.end());
  if (pseudo) {
    uint16_t c = fold(sum16(b.data(), b.size(), pseudo));
    set16(b, 6, c ? c : 0xffff);
  }
  return b;
}

// ---- TCP ----
namespace tcpflag {
inline constexpr uint16_t FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20,
                          ECE = 0x40, CWR = 0x80;
}
struct TcpOpts {
  uint32_t seq = 1000;
  uint32_t ack = 0;
  uint16_t flags = tcpflag::ACK | tcpflag::PSH;
  uint16_t window = 64240;
  uint16_t urg = 0;
  Bytes options;  // raw option bytes, padded with NOP(1)... no: END(0) to 4 bytes
};
inline Bytes tcp(uint16_t sport, uint16_t dport, const Bytes& payload, const TcpOpts& o = {},
                 uint32_t pseudo = 0) {
  Bytes opts = o.options;
  while (opts.size() % 4) opts.push_back(0);
  size_t hl = 20 + opts.size();
  Bytes b;
  put16(b, sport);
  put16(b, dport);
  put32(b, o.seq);
  put32(b, o.ack);
  b.push_back(uint8_t((hl / 4) << 4 | ((o.flags >> 8) & 0x0f)));
  b.push_back(uint8_t(o.flags));
  put16(b, o.window);
  put16(b, 0);
  put16(b, o.urg);
  b.insert(b.end(), opts.begin(), opts.end());
  b.insert(b.end(), payload.begin(), payload.end());
  if (pseudo) set16(b, 16, fold(sum16(b.data(), b.size(), pseudo)));
  return b;
}

// ---- whole frames ----
inline Bytes ipv4_udp(const char* src, uint16_t sport, const char* dst, uint16_t dport,
                      const Bytes& payload, const Ipv4Opts& io = {}) {
  return ipv4(src, dst, 17,
              udp(sport, dport, payload, pseudo4(src, dst, 17, 8 + payload.size())), io);
}
inline Bytes ipv4_tcp(const char* src, uint16_t sport, const char* dst, uint16_t dport,
                      const Bytes& payload, const TcpOpts& to = {}, const Ipv4Opts& io = {}) {
  size_t hl = 20 + (to.options.size() + 3) / 4 * 4;
  return ipv4(src, dst, 6,
              tcp(sport, dport, payload, to, pseudo4(src, dst, 6, hl + payload.size())), io);
}
inline Bytes ipv6_udp(const char* src, uint16_t sport, const char* dst, uint16_t dport,
                      const Bytes& payload) {
  return ipv6(src, dst, 17,
              udp(sport, dport, payload, pseudo6(src, dst, 17, 8 + payload.size())));
}
inline Bytes ipv6_tcp(const char* src, uint16_t sport, const char* dst, uint16_t dport,
                      const Bytes& payload, const TcpOpts& to = {}) {
  size_t hl = 20 + (to.options.size() + 3) / 4 * 4;
  return ipv6(src, dst, 6,
              tcp(sport, dport, payload, to, pseudo6(src, dst, 6, hl + payload.size())));
}
inline Bytes eth_ipv4_udp(const char* src, uint16_t sport, const char* dst, uint16_t dport,
                          const Bytes& payload, const Ipv4Opts& io = {}) {
  return eth(0x0800, ipv4_udp(src, sport, dst, dport, payload, io));
}
inline Bytes eth_ipv4_tcp(const char* src, uint16_t sport, const char* dst, uint16_t dport,
                          const Bytes& payload, const TcpOpts& to = {}, const Ipv4Opts& io = {}) {
  return eth(0x0800, ipv4_tcp(src, sport, dst, dport, payload, to, io));
}
inline Bytes eth_ipv6_udp(const char* src, uint16_t sport, const char* dst, uint16_t dport,
                          const Bytes& payload) {
  return eth(0x86dd, ipv6_udp(src, sport, dst, dport, payload));
}
inline Bytes eth_ipv6_tcp(const char* src, uint16_t sport, const char* dst, uint16_t dport,
                          const Bytes& payload, const TcpOpts& to = {}) {
  return eth(0x86dd, ipv6_tcp(src, sport, dst, dport, payload, to));
}

// ---- decoding ----
// Owns a copy of the frame, its PacketView and the DecodedPacket.
class Decoded {
 public:
  explicit Decoded(const Bytes& frame, uint32_t linktype = linktype::kEthernet,
                   uint32_t caplen = UINT32_MAX)
      : data_(frame) {
    // Copy into an exactly-sized buffer so ASan sees any read past caplen.
    uint32_t n = caplen < data_.size() ? caplen : uint32_t(data_.size());
    buf_.reset(new uint8_t[n ? n : 1]);
    if (n) std::memcpy(buf_.get(), data_.data(), n);
    view_.data = buf_.get();
    view_.caplen = n;
    view_.origlen = uint32_t(data_.size());
    view_.linktype = linktype;
    pkt_ = std::make_unique<DecodedPacket>();
    pkt_->number = 1;
    decode_packet(Registry::builtin(), view_, *pkt_);
  }
  const DecodedPacket& pkt() const { return *pkt_; }
  DecodedPacket& mutable_pkt() { return *pkt_; }  // for a StreamTracker (tcp.stream, udp.stream)
  // Frame number and time, for a StreamTracker's sequence analysis.
  void set_frame(uint64_t number, int64_t ts_ns) {
    pkt_->number = number;
    view_.ts_ns = ts_ns;
  }
  const DecodedPacket* operator->() const { return pkt_.get(); }

  // All values of a field, joined by ',' as tshark -T fields prints them
  // ("" when absent). Frame fields are emitted once.
  std::string field(std::string_view name) const {
    const FieldDef* f = Registry::builtin().field(name);
    if (!f) return "<no such field: " + std::string(name) + ">";
    struct Collect : FieldOut {
      std::string s;
      bool first = true;
      void value(std::string_view v) override {
        if (!first) s += ',';
        first = false;
        s.append(v);
      }
    } c;
    if (f->proto == Proto::Frame) {
      f->emit(FieldCtx{*pkt_, nullptr}, c);
    } else {
      for (int i = 0; i < pkt_->nlayers; ++i)
        if (pkt_->layers[i].proto == f->proto) f->emit(FieldCtx{*pkt_, &pkt_->layers[i]}, c);
    }
    return c.s;
  }
  // The info text of the first layer with protocol p ("" if none/no info fn).
  std::string info(Proto p) const {
    const ProtoDef& d = Registry::builtin().proto(p);
    int i = pkt_->find(p);
    if (i < 0 || !d.info) return "";
    struct Collect : TextOut {
      std::string s;
      void append(std::string_view v) override { s.append(v); }
    } c;
    d.info(FieldCtx{*pkt_, &pkt_->layers[i]}, c);
    return c.s;
  }
  // The info text of layer i ("" if none/no info fn).
  std::string info_at(int i) const {
    if (i < 0 || i >= pkt_->nlayers) return "";
    const ProtoDef& d = Registry::builtin().proto(pkt_->layers[i].proto);
    if (!d.info) return "";
    struct Collect : TextOut {
      std::string s;
      void append(std::string_view v) override { s.append(v); }
    } c;
    d.info(FieldCtx{*pkt_, &pkt_->layers[i]}, c);
    return c.s;
  }
  // "eth:ip:tcp" like tshark's frame.protocols (without "frame").
  std::string protocols() const {
    std::string s;
    for (int i = 0; i < pkt_->nlayers; ++i) {
      if (i) s += ':';
      const char* n = Registry::builtin().proto(pkt_->layers[i].proto).name;
      s += n ? n : "?";
    }
    return s;
  }
  bool has_anomaly(std::string_view name) const {
    for (int i = 0; i < pkt_->nanomalies; ++i)
      if (name == pkt_->anomalies[i]) return true;
    return false;
  }
  std::string anomalies() const {
    std::string s;
    for (int i = 0; i < pkt_->nanomalies; ++i) {
      if (i) s += ',';
      s += pkt_->anomalies[i];
    }
    return s;
  }

 private:
  Bytes data_;
  std::unique_ptr<uint8_t[]> buf_;
  PacketView view_;
  std::unique_ptr<DecodedPacket> pkt_;
};

// Decodes every prefix (caplen 0..size) of a frame and emits every
// registered field and info text for each; returns how many prefixes were
// decoded. Useful to let ASan/UBSan check truncated input handling.
inline size_t decode_all_prefixes(const Bytes& frame, uint32_t linktype = linktype::kEthernet) {
  size_t n = 0;
  const Registry& reg = Registry::builtin();
  size_t nf = 0;
  const FieldDef* fields = reg.all_fields(nf);
  struct Sink : FieldOut, TextOut {
    size_t bytes = 0;
    void value(std::string_view v) override { bytes += v.size(); }
    void append(std::string_view v) override { bytes += v.size(); }
  } sink;
  for (uint32_t len = 0; len <= frame.size(); ++len) {
    Decoded d(frame, linktype, len);
    const DecodedPacket& p = d.pkt();
    for (size_t i = 0; i < nf; ++i) {
      if (fields[i].proto == Proto::Frame) {
        fields[i].emit(FieldCtx{p, nullptr}, sink);
        continue;
      }
      for (int l = 0; l < p.nlayers; ++l)
        if (p.layers[l].proto == fields[i].proto) fields[i].emit(FieldCtx{p, &p.layers[l]}, sink);
    }
    for (int l = 0; l < p.nlayers; ++l) {
      const ProtoDef& def = reg.proto(p.layers[l].proto);
      if (def.info) def.info(FieldCtx{p, &p.layers[l]}, sink);
    }
    ++n;
  }
  return n;
}

}  // namespace weir::testpkt
