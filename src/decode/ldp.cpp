// LDP (RFC 5036, TCP and UDP port 646), as tshark 4.0 shows it: the PDU
// header (version, length, LDP identifier) and each message's U bit,
// type, length and identifier (not the TLVs inside); the info
// column names every message of the last PDU, each followed by a space. On TCP every PDU
// of the segment is read; on UDP (Hello) only the first, as tshark.
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

struct LdpFields {
  uint32_t end;  // captured end of the PDUs this layer reads, layer-relative
  bool tcp;
};

void decode_ldp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<LdpFields>();
  f = {};
  if (in.avail >= 2 && load_be16(in.frame + in.offset) != 1) return du::decline(in, layer, res);  // only version 1
  if (!du::whole_message(in, layer, res, 4, "truncated_ldp")) return;
  f.tcp = in.self > 0 && in.pkt->layers[in.self - 1].proto == Proto::Tcp;
  f.end = layer.hdr_len;
}

// Calls pdu(offset, end) for each PDU (layer-relative; end bounded by the
// capture) and msg(offset, type word, length, end-of-message) for each of
// its messages; a message whose length runs past its PDU ends the walk
// ("Bad Message Length" in tshark's info).
template <class Pdu, class Msg, class Bad>
void ldp_walk(const FieldCtx& c, Pdu pdu, Msg msg, Bad bad) {
  const auto& f = du::get<LdpFields>(c);
  if (c.layer->truncated) return;
  const uint8_t* p = c.pkt.data() + c.layer->offset;
  for (uint32_t at = 0; at + 4 <= f.end;) {
    uint32_t pdu_end = at + 4 + load_be16(p + at + 2);
    uint32_t stop = du::min32(pdu_end, f.end);
    pdu(at, stop);
    for (uint32_t m = at + 10; m + 4 <= stop;) {
      uint16_t type = load_be16(p + m), len = load_be16(p + m + 2);
      uint16_t t = type & 0x7fff;
      bool vendor = t >= 0x3e00 && t <= 0x3fff;  // vendor-private and experimental: an ID follows
      if (m + 4 + len > pdu_end || len < (vendor ? 8 : 4)) {
        bad();
        return;
      }
      msg(m, type, len, du::min32(m + 4 + len, stop));
      m += 4u + len;
    }
    if (!f.tcp) return;  // tshark reads one PDU of a datagram
    at = pdu_end;
  }
}

const char* msg_name(uint16_t t) {
  switch (t) {
    case 0x0001: return "Notification Message";
    case 0x0100: return "Hello Message";
    case 0x0200: return "Initialization Message";
    case 0x0201: return "Keep Alive Message";
    case 0x0202: return "Capability Message";
    case 0x0300: return "Address Message";
    case 0x0301: return "Address Withdrawal Message";
    case 0x0400: return "Label Mapping Message";
    case 0x0401: return "Label Request Message";
    case 0x0402: return "Label Withdrawal Message";
    case 0x0403: return "Label Release Message";
    case 0x0404: return "Label Abort Request Message";
    case 0x0500: return "Call Setup Message";
    case 0x0501: return "Call Release Message";
    default: return nullptr;
  }
}

// tshark clears the info at each PDU: the last PDU's messages show.
void info_ldp(const FieldCtx& c, TextOut& o) {
  du::Text t;
  ldp_walk(
      c, [&](uint32_t, uint32_t) { t.len = 0; },
      [&](uint32_t, uint16_t type, uint16_t, uint32_t) {
        uint16_t ty = type & 0x7fff;
        if (const char* n = msg_name(ty)) {
          t.s(n);
        } else {
          static constexpr char kHex[] = "0123456789ABCDEF";
          char hx[4];
          for (int i = 0; i < 4; ++i) hx[i] = kHex[ty >> (12 - 4 * i) & 15];
          t.s(ty >= 0x3e00 && ty <= 0x3eff   ? "Vendor-Private Message (0x"
              : ty >= 0x3f00 && ty <= 0x3fff ? "Experimental Message (0x"
                                             : "Unknown Message (0x")
              .s(std::string_view(hx, 4))
              .s(")");
        }
        t.s(" ");
      },
      [&] { t.s("Bad Message Length "); });
  t.to(o);
}

const uint8_t* lbytes(const FieldCtx& c) { return c.pkt.data() + c.layer->offset; }

template <class Emit>
void each_pdu(const FieldCtx& c, Emit emit) {
  ldp_walk(
      c, [&](uint32_t at, uint32_t end) { emit(at, end); }, [](uint32_t, uint16_t, uint16_t, uint32_t) {}, [] {});
}

template <class Emit>
void each_msg(const FieldCtx& c, Emit emit) {
  ldp_walk(
      c, [](uint32_t, uint32_t) {}, [&](uint32_t at, uint16_t type, uint16_t len, uint32_t end) { emit(at, type, len, end); },
      [] {});
}

}  // namespace

void register_ldp(Registry& r) {
  r.add_proto({Proto::Ldp, "ldp", "LDP", decode_ldp, info_ldp});
  r.add_dispatch(Table::TcpPort, 646, Proto::Ldp);
  r.add_dispatch(Table::UdpPort, 646, Proto::Ldp);
  r.add_field({"ldp.hdr.version", Proto::Ldp, [](const FieldCtx& c, FieldOut& o) {
                 each_pdu(c, [&](uint32_t at, uint32_t) { du::dec(o, load_be16(lbytes(c) + at)); });
               }});
  r.add_field({"ldp.hdr.pdu_len", Proto::Ldp, [](const FieldCtx& c, FieldOut& o) {
                 each_pdu(c, [&](uint32_t at, uint32_t) { du::dec(o, load_be16(lbytes(c) + at + 2)); });
               }});
  r.add_field({"ldp.hdr.ldpid.lsr", Proto::Ldp, [](const FieldCtx& c, FieldOut& o) {
                 each_pdu(c, [&](uint32_t at, uint32_t end) {
                   if (at + 8 <= end) o.value(fmt::ipv4(lbytes(c) + at + 4));
                 });
               }});
  r.add_field({"ldp.hdr.ldpid.lsid", Proto::Ldp, [](const FieldCtx& c, FieldOut& o) {
                 each_pdu(c, [&](uint32_t at, uint32_t end) {
                   if (at + 10 <= end) du::dec(o, load_be16(lbytes(c) + at + 8));
                 });
               }});
  r.add_field({"ldp.msg.ubit", Proto::Ldp, [](const FieldCtx& c, FieldOut& o) {
                 each_msg(c, [&](uint32_t, uint16_t type, uint16_t, uint32_t) { du::boolean(o, type & 0x8000); });
               }});
  r.add_field({"ldp.msg.type", Proto::Ldp, [](const FieldCtx& c, FieldOut& o) {
                 each_msg(c, [&](uint32_t, uint16_t type, uint16_t, uint32_t) { du::hex(o, type & 0x7fff, 4); });
               }});
  r.add_field({"ldp.msg.len", Proto::Ldp, [](const FieldCtx& c, FieldOut& o) {
                 each_msg(c, [&](uint32_t, uint16_t, uint16_t len, uint32_t) { du::dec(o, len); });
               }});
  r.add_field({"ldp.msg.id", Proto::Ldp, [](const FieldCtx& c, FieldOut& o) {
                 each_msg(c, [&](uint32_t at, uint16_t, uint16_t, uint32_t end) {
                   if (at + 8 <= end) du::hex(o, load_be32(lbytes(c) + at + 4), 8);
                 });
               }});
}

}  // namespace weir
