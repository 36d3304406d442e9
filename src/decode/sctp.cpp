// SCTP (RFC 9260) common header; chunks are listed in the info text only.
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

void decode_sctp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<SctpFields>();
  f = {};
  ByteCursor c = in.cursor();
  if (!c.be16(f.sport) || !c.be16(f.dport) || !c.be32(f.vtag) || !c.be32(f.checksum)) {
    ByteCursor p = in.cursor();
    p.be16(f.sport);
    p.be16(f.dport);
    p.be32(f.vtag);
    return du::truncated(in, layer, res, "truncated_sctp_header");
  }
  layer.hdr_len = 12;
  // The chunks are SCTP's own, except what DATA chunks carry (shown as
  // data, as Wireshark does for a payload protocol it does not know).
  bool user_data = false;
  uint32_t end = du::min32(in.claimed, in.avail);
  f.end = end;
  for (uint32_t at = 12; at + 4 <= end && !user_data;) {
    uint16_t len = load_be16(in.frame + in.offset + at + 2);
    user_data = in.frame[in.offset + at] == 0 && len > 16;
    if (len < 4) break;
    at += (len + 3u) & ~3u;
  }
  layer.payload_len = user_data && in.claimed > 12 ? in.claimed - 12 : 0;
}

const char* chunk_name(uint8_t t) {
  static const char* const k[] = {"DATA", "INIT", "INIT_ACK", "SACK", "HEARTBEAT", "HEARTBEAT_ACK",
                                  "ABORT", "SHUTDOWN", "SHUTDOWN_ACK", "ERROR", "COOKIE_ECHO",
                                  "COOKIE_ACK", "ECNE", "CWR", "SHUTDOWN_COMPLETE"};
  if (t < 15) return k[t];
  switch (t) {
    case 15: return "AUTH";
    case 64: return "I_DATA";
    case 128: return "ASCONF_ACK";
    case 130: return "RE_CONFIG";
    case 132: return "PAD";
    case 192: return "FORWARD_TSN";
    case 193: return "ASCONF";
    case 194: return "I_FORWARD_TSN";
    default: return "UNKNOWN";
  }
}

void info_sctp(const FieldCtx& c, TextOut& o) {
  // tshark 4.0: each chunk's name and a space, a DATA chunk with its TSN.
  fmt::Text<2048> t;
  uint32_t off = c.layer->offset + 12;
  uint32_t cap = c.layer->offset + du::get<SctpFields>(c).end;  // (the decoder bounded it by the capture)
  for (int i = 0; i < 4096 && off + 4 <= cap && !c.layer->truncated; ++i) {  // (the text is bounded)
    const uint8_t* p = c.pkt.data() + off;
    uint16_t len = load_be16(p + 2);
    t.s(chunk_name(p[0]));
    if ((p[0] == 0 || p[0] == 64) && len >= 8 && off + 8 <= cap) {
      uint32_t tsn = load_be32(p + 4);
      t.s(" (TSN=").d(c.pkt.sctp_bases & 1 ? tsn - c.pkt.sctp_tsn_base : tsn).s(")");
    } else if (p[0] == 3 && len >= 16 && off + 16 <= cap) {  // SACK: cumulative ack, a_rwnd, the last gap block's end
      uint32_t ack = load_be32(p + 4);
      t.s(" (Ack=").d(c.pkt.sctp_bases & 2 ? ack - c.pkt.sctp_ack_base : ack);
      uint16_t gaps = load_be16(p + 12);
      if (gaps && off + 16 + 4u * gaps <= cap && 16 + 4u * gaps <= len) t.s("+").d(load_be16(p + 16 + 4 * (gaps - 1) + 2));
      t.s(", Arwnd=").d(load_be32(p + 8)).s(")");
    }
    t.s(" ");
    if (len < 4) break;
    off += (len + 3u) & ~3u;
  }
  t.to(o);
}

}  // namespace

void register_sctp(Registry& r) {
  r.add_proto({Proto::Sctp, "sctp", "SCTP", decode_sctp, info_sctp});
  r.add_dispatch(Table::IpProto, 132, Proto::Sctp);
  r.add_dispatch(Table::UdpPort, 9899, Proto::Sctp);  // SCTP over UDP (RFC 6951)
  r.add_field({"sctp.srcport", Proto::Sctp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 2)) du::dec(o, du::get<SctpFields>(c).sport);
               }});
  r.add_field({"sctp.dstport", Proto::Sctp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 4)) du::dec(o, du::get<SctpFields>(c).dport);
               }});
  r.add_field({"sctp.port", Proto::Sctp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 2)) du::dec(o, du::get<SctpFields>(c).sport);
                 if (du::has(c, 4)) du::dec(o, du::get<SctpFields>(c).dport);
               }});
  r.add_field({"sctp.verification_tag", Proto::Sctp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 8)) du::hex(o, du::get<SctpFields>(c).vtag, 8);
               }});
  r.add_field({"sctp.checksum", Proto::Sctp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 12)) du::hex(o, du::get<SctpFields>(c).checksum, 8);
               }});
}

}  // namespace weir
