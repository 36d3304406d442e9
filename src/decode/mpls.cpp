// MPLS label stack. After the bottom of stack the payload is guessed from
// its first nibble (4 -> IPv4, 6 -> IPv6), as Wireshark does by default.
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

struct MplsFields {
  uint16_t nlabels;  // a stack of 256+ labels fits a jumbo frame
  bool bottom_seen;
};

void decode_mpls(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<MplsFields>();
  f = {};
  ByteCursor c = in.cursor();
  uint32_t e = 0;
  while (c.be32(e)) {
    ++f.nlabels;
    if (e & 0x100) {
      f.bottom_seen = true;
      break;
    }
  }
  layer.hdr_len = f.nlabels * 4u;
  if (!f.bottom_seen) {
    layer.truncated = 1;
    res.anomaly = "truncated_mpls_stack";
    res.stop = true;
    return;
  }
  layer.payload_len = in.claimed > layer.hdr_len ? in.claimed - layer.hdr_len : 0;
  uint8_t first = 0;
  if (!c.peek_u8(0, first)) return;
  switch (first >> 4) {
    case 4: res.next_proto = Proto::Ipv4; break;
    case 6: res.next_proto = Proto::Ipv6; break;
    default: break;  // pseudowire payloads and the like: left as data
  }
}

// Emits one value per label stack entry, re-reading the frame.
template <int Shift, uint32_t Mask, bool Bool = false>
void emit_entry(const FieldCtx& c, FieldOut& o) {
  const auto& f = du::get<MplsFields>(c);
  const uint8_t* p = c.pkt.data() + c.layer->offset;
  for (uint32_t i = 0; i < f.nlabels; ++i) {
    uint32_t e = load_be32(p + 4 * i);
    uint32_t v = (e >> Shift) & Mask;
    if (Bool) du::boolean(o, v);
    else du::dec(o, v);
  }
}

void info_mpls(const FieldCtx& c, TextOut& o) {
  const auto& f = du::get<MplsFields>(c);
  const uint8_t* p = c.pkt.data() + c.layer->offset;
  du::Text t;
  t.s("MPLS Label");
  for (uint32_t i = 0; i < f.nlabels; ++i) t.s(i ? "," : " ").d(load_be32(p + 4 * i) >> 12);
  t.to(o);
}

}  // namespace

void register_mpls(Registry& r) {
  r.add_proto({Proto::Mpls, "mpls", "MPLS", decode_mpls, info_mpls});
  r.add_dispatch(Table::EtherType, 0x8847, Proto::Mpls);
  r.add_dispatch(Table::EtherType, 0x8848, Proto::Mpls);
  r.add_dispatch(Table::PppProto, 0x0281, Proto::Mpls);
  r.add_dispatch(Table::PppProto, 0x0283, Proto::Mpls);
  r.add_dispatch(Table::IpProto, 137, Proto::Mpls);  // MPLS-in-IP (RFC 4023)
  r.add_dispatch(Table::UdpPort, 6635, Proto::Mpls);  // MPLS-in-UDP (RFC 7510)
  r.add_field({"mpls.label", Proto::Mpls, emit_entry<12, 0xfffff>});
  r.add_field({"mpls.exp", Proto::Mpls, emit_entry<9, 0x7>});
  r.add_field({"mpls.bottom", Proto::Mpls, emit_entry<8, 0x1, true>});
  r.add_field({"mpls.ttl", Proto::Mpls, emit_entry<0, 0xff>});
}

}  // namespace weir
