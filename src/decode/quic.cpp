// QUIC (IETF versions 1 and 2, drafts 22 to 34) on UDP port 443, and by
// tshark's heuristic on other ports (a long header of a known version), as
// tshark 4.0 shows it. One layer per UDP datagram (one frame.protocols step,
// as tshark's dissector call) holding its coalesced packets; the info column
// is the last packet's: its type ("Initial", "Handshake", "0-RTT", "Retry",
// "Version Negotiation", "Protected Payload (KP0)"), its connection IDs,
// and for an Initial whose protection a QuicTracker removed
// (engine/quic_crypto.hpp, DecodedPacket::quic) the packet number and the
// frames (PADDING, PING, ACK, CRYPTO, CONNECTION_CLOSE). The CRYPTO data a
// tracker hands on is decoded as TLS handshake messages (tls.cpp). Without
// a tracker (or keys: Handshake, 0-RTT and 1-RTT packets) only the headers
// show, as tshark without secrets.
#include "decode_util.hpp"
#include "protocols.hpp"
#include "quic_wire.hpp"

namespace weir {
namespace {

struct QuicFields {
  uint32_t len;    // the datagram's bytes captured
  uint32_t total;  // on the wire
};

void decode_quic(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<QuicFields>();
  f.len = in.avail;
  f.total = in.claimed > in.avail ? in.claimed : in.avail;
  const auto& q = in.pkt->quic;
  if (q.tls_len && in.self == q.udp_layer + 1 && q.dgram_len <= in.avail) {  // CRYPTO data follows
    f.len = q.dgram_len;
    f.total = q.dgram_total > q.dgram_len ? q.dgram_total : q.dgram_len;
  }
  quic::Packet pk[quic::kMaxPackets];
  if (quic::parse_datagram(in.frame + in.offset, f.len, f.total, pk) == 0) {
    res.declined = true;
    return;
  }
  layer.hdr_len = in.avail;
  res.stop = true;
  if (q.tls_len && q.tls_at > in.offset && q.tls_at - in.offset < in.avail && q.tls_len <= in.avail - (q.tls_at - in.offset)) {
    layer.hdr_len = q.tls_at - in.offset;
    layer.payload_len = q.tls_len;
    res.stop = false;
    res.next_proto = Proto::Tls;
  }
}

// The datagram's packets, parsed from the bytes decoded (buf: unmasked).
struct View {
  const uint8_t* p;
  uint32_t len;
  quic::Packet pk[quic::kMaxPackets];
  int n;
  View(const FieldCtx& c) {
    const auto& f = c.layer->as<QuicFields>();
    p = c.pkt.data() + c.layer->offset;
    len = f.len;
    n = quic::parse_datagram(p, len, f.total, pk);
  }
};

const char* type_name(quic::Type t) {
  switch (t) {
    case quic::Type::Initial: return "Initial";
    case quic::Type::ZeroRtt: return "0-RTT";
    case quic::Type::Handshake: return "Handshake";
    case quic::Type::Retry: return "Retry";
    case quic::Type::VersionNegotiation: return "Version Negotiation";
    default: return "Protected Payload (KP0)";
  }
}

const char* frame_name(uint64_t t) {
  switch (t) {
    case 0x00: return "PADDING";
    case 0x01: return "PING";
    case 0x02: return "ACK";
    case 0x03: return "ACK";
    case 0x06: return "CRYPTO";
    default: return "CC";
  }
}

// The packet number's length, and the value of unmasked packet i (the
// tracker expanded it).
uint32_t pn_len(const quic::Packet& k) { return (k.first & 3u) + 1; }
bool pn_value(const View& v, const DecodedPacket::Quic& q, int i, uint64_t& pn) {
  if (!((q.unmasked >> i) & 1) || i >= 4 || v.pk[i].pn + pn_len(v.pk[i]) > v.len) return false;
  pn = q.pn[i];
  return true;
}

// Calls fn(packet index, Frame) for the frames of the decrypted packets.
template <class F>
void each_frame(const View& v, const DecodedPacket::Quic& q, F&& fn) {
  for (int i = 0; i < v.n; ++i) {
    if (!((q.decrypted >> i) & 1)) continue;
    const quic::Packet& k = v.pk[i];
    uint32_t off = k.pn + pn_len(k);
    uint32_t end = k.end > v.len ? v.len : k.end;
    if (end < off + quic::kTagLen) continue;
    end -= quic::kTagLen;
    quic::Frame fr;
    while (off < end && quic::next_frame(v.p, end, off, fr)) fn(i, fr);
  }
}

void info_quic(const FieldCtx& c, TextOut& o) {
  View v(c);
  if (v.n == 0) return;
  const auto& q = c.pkt.quic;
  const int i = v.n - 1;
  const quic::Packet& k = v.pk[i];
  du::Text t;
  t.s(type_name(k.type));
  char hx[48];
  if (k.type == quic::Type::Short) {
    if (q.short_dcid > 0 && k.start + 1u + uint32_t(q.short_dcid) <= v.len)
      t.s(", DCID=").s(std::string_view(hx, fmt::hexbytes(hx, v.p + k.start + 1, uint32_t(q.short_dcid), 0)));
    t.to(o);
    return;
  }
  if (k.dcil) t.s(", DCID=").s(std::string_view(hx, fmt::hexbytes(hx, v.p + k.dcid, k.dcil, 0)));
  if (k.scil) t.s(", SCID=").s(std::string_view(hx, fmt::hexbytes(hx, v.p + k.scid, k.scil, 0)));
  uint64_t pn;
  if (pn_value(v, q, i, pn)) t.s(", PKN: ").d(pn);
  each_frame(v, q, [&](int pi, const quic::Frame& fr) {
    if (pi == i) t.s(", ").s(frame_name(fr.type));
  });
  t.to(o);
}

// Emits per packet: fn(View, index, packet, out).
#define QUIC_PKT_FIELD(NAME, BODY)                                                  \
  r.add_field({NAME, Proto::Quic, [](const FieldCtx& c, FieldOut& o) {             \
                 View v(c);                                                         \
                 const auto& q = c.pkt.quic;                                        \
                 (void)q;                                                           \
                 for (int i = 0; i < v.n; ++i) {                                    \
                   const quic::Packet& k = v.pk[i];                                 \
                   (void)k;                                                         \
                   BODY                                                             \
                 }                                                                  \
               }})
#define QUIC_FRAME_FIELD(NAME, BODY)                                                \
  r.add_field({NAME, Proto::Quic, [](const FieldCtx& c, FieldOut& o) {             \
                 View v(c);                                                         \
                 each_frame(v, c.pkt.quic, [&](int, const quic::Frame& fr) { BODY }); \
               }})

bool is_long_with_length(const quic::Packet& k) {
  return k.type == quic::Type::Initial || k.type == quic::Type::Handshake || k.type == quic::Type::ZeroRtt;
}

void bytes_field(FieldOut& o, const View& v, uint32_t off, uint64_t n) {
  if (n == 0 || off > v.len || n > v.len - off) return;
  du::hex_value(o, v.p + off, uint32_t(n));
}

}  // namespace

// tshark's heuristic on UDP: a long header of a version it knows, its fixed
// bit set, room for the connection ID lengths.
Proto quic_heuristic(const uint8_t* p, uint32_t len) {
  if (len < 7 || (p[0] & 0xc0) != 0xc0) return Proto::None;
  if (!quic::known_version(load_be32(p + 1))) return Proto::None;
  quic::Packet k;
  return quic::parse_packet(p, len, len, 0, k) ? Proto::Quic : Proto::None;
}

void register_quic(Registry& r) {
  r.add_proto({Proto::Quic, "quic", "QUIC", decode_quic, info_quic});
  r.add_dispatch(Table::UdpPort, 443, Proto::Quic);

  r.add_field({"quic.connection.number", Proto::Quic, [](const FieldCtx& c, FieldOut& o) {
                 if (c.pkt.quic.conn >= 0) du::dec(o, uint32_t(c.pkt.quic.conn));
               }});
  QUIC_PKT_FIELD("quic.packet_length", { du::dec(o, (k.end > k.start ? k.end : v.len) - k.start); });
  QUIC_PKT_FIELD("quic.header_form", { du::dec(o, k.first >> 7); });
  QUIC_PKT_FIELD("quic.fixed_bit", {
    if (k.type != quic::Type::VersionNegotiation && k.type != quic::Type::Retry) du::boolean(o, k.first & 0x40);
  });
  QUIC_PKT_FIELD("quic.spin_bit", {
    if (k.type == quic::Type::Short) du::boolean(o, k.first & 0x20);
  });
  QUIC_PKT_FIELD("quic.long.packet_type", {
    if (k.first & 0x80 && k.version != 0 && k.version != quic::kV2) du::dec(o, (k.first >> 4) & 3);
  });
  QUIC_PKT_FIELD("quic.long.packet_type_v2", {
    if (k.first & 0x80 && k.version == quic::kV2) du::dec(o, (k.first >> 4) & 3);
  });
  QUIC_PKT_FIELD("quic.long.reserved", {
    if (is_long_with_length(k) && ((q.unmasked >> i) & 1)) du::dec(o, (k.first >> 2) & 3);
  });
  QUIC_PKT_FIELD("quic.packet_number_length", {
    if (is_long_with_length(k) && ((q.unmasked >> i) & 1)) du::dec(o, k.first & 3);
  });
  QUIC_PKT_FIELD("quic.version", {
    if (k.first & 0x80) du::hex(o, k.version, 8);
  });
  QUIC_PKT_FIELD("quic.vn.unused", {
    if (k.type == quic::Type::VersionNegotiation) du::hex(o, k.first & 0x7f, 2);
  });
  QUIC_PKT_FIELD("quic.dcil", {
    if (k.first & 0x80) du::dec(o, k.dcil);
  });
  QUIC_PKT_FIELD("quic.dcid", {
    if (k.first & 0x80) bytes_field(o, v, k.dcid, k.dcil);
    else if (q.short_dcid > 0) bytes_field(o, v, k.start + 1, uint32_t(q.short_dcid));
  });
  QUIC_PKT_FIELD("quic.scil", {
    if (k.first & 0x80) du::dec(o, k.scil);
  });
  QUIC_PKT_FIELD("quic.scid", {
    if (k.first & 0x80) bytes_field(o, v, k.scid, k.scil);
  });
  QUIC_PKT_FIELD("quic.token_length", {
    if (k.type == quic::Type::Initial) du::dec(o, k.token_len);
  });
  QUIC_PKT_FIELD("quic.token", {
    if (k.type == quic::Type::Initial) bytes_field(o, v, k.token, k.token_len);
  });
  QUIC_PKT_FIELD("quic.length", {
    if (is_long_with_length(k)) du::dec(o, k.length);
  });
  QUIC_PKT_FIELD("quic.packet_number", {
    uint64_t pn;
    if (pn_value(v, q, i, pn)) du::dec(o, pn);
  });
  QUIC_PKT_FIELD("quic.supported_version", {
    if (k.type == quic::Type::VersionNegotiation)
      for (uint32_t at = k.pn; at + 4 <= v.len && at + 4 <= k.end; at += 4) du::hex(o, load_be32(v.p + at), 8);
  });
  QUIC_PKT_FIELD("quic.retry_token", {
    if (k.type == quic::Type::Retry && k.end >= k.pn + quic::kTagLen)
      bytes_field(o, v, k.pn, k.end - k.pn - quic::kTagLen);
  });
  QUIC_PKT_FIELD("quic.retry_integrity_tag", {
    if (k.type == quic::Type::Retry && k.end >= k.pn + quic::kTagLen) bytes_field(o, v, k.end - quic::kTagLen, quic::kTagLen);
  });
  QUIC_FRAME_FIELD("quic.frame_type", { du::dec(o, fr.type); });
  QUIC_FRAME_FIELD("quic.padding_length", {
    if (fr.type == 0) du::dec(o, fr.a);
  });
  QUIC_FRAME_FIELD("quic.ack.largest_acknowledged", {
    if (fr.type == 2 || fr.type == 3) du::dec(o, fr.a);
  });
  QUIC_FRAME_FIELD("quic.ack.ack_delay", {
    if (fr.type == 2 || fr.type == 3) du::dec(o, fr.b);
  });
  QUIC_FRAME_FIELD("quic.ack.ack_range_count", {
    if (fr.type == 2 || fr.type == 3) du::dec(o, fr.c);
  });
  QUIC_FRAME_FIELD("quic.ack.first_ack_range", {
    if (fr.type == 2 || fr.type == 3) du::dec(o, fr.d);
  });
  QUIC_FRAME_FIELD("quic.crypto.offset", {
    if (fr.type == 6) du::dec(o, fr.a);
  });
  QUIC_FRAME_FIELD("quic.crypto.length", {
    if (fr.type == 6) du::dec(o, fr.b);
  });
  QUIC_FRAME_FIELD("quic.cc.error_code", {
    if (fr.type == 0x1c) du::dec(o, fr.a);
  });
  QUIC_FRAME_FIELD("quic.cc.error_code.app", {
    if (fr.type == 0x1d) du::dec(o, fr.a);
  });
  QUIC_FRAME_FIELD("quic.cc.frame_type", {
    if (fr.type == 0x1c) du::dec(o, fr.b);
  });
  QUIC_FRAME_FIELD("quic.cc.reason_phrase.length", {
    if (fr.type == 0x1c || fr.type == 0x1d) du::dec(o, fr.c);
  });
  QUIC_FRAME_FIELD("quic.cc.reason_phrase", {
    if (fr.type == 0x1c || fr.type == 0x1d) o.value(std::string_view(reinterpret_cast<const char*>(v.p + fr.data), size_t(fr.c)));
  });
}

}  // namespace weir
