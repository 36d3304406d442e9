// IEEE 802.1Q / 802.1ad VLAN tags (stacked tags are one layer each).
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

struct VlanFields {
  uint16_t tci;
  uint16_t etype;  // inner EtherType, or 802.3 length when <= 1500
  uint16_t tpid;   // the EtherType that announced this tag
};

// The TPID of this tag is the type field of the layer before it.
uint16_t tpid_of(const DecodeInput& in) {
  if (!in.pkt || in.self <= 0) return 0;
  const Layer& p = in.pkt->layers[in.self - 1];
  if (p.proto == Proto::Eth) return p.as<EthFields>().type;
  if (p.proto == Proto::Vlan) return p.as<VlanFields>().etype;
  return 0;
}

// Wireshark shows 802.1ad service tags (0x88a8) as "ieee8021ad", not vlan.*.
bool is_ctag(const FieldCtx& c) { return du::get<VlanFields>(c).tpid != 0x88a8; }

void decode_vlan(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<VlanFields>();
  f = {};
  f.tpid = tpid_of(in);
  ByteCursor c = in.cursor();
  if (!c.be16(f.tci)) return du::truncated(in, layer, res, "truncated_vlan_header");
  if (!c.be16(f.etype)) return du::truncated(in, layer, res, "truncated_vlan_header");
  layer.hdr_len = 4;
  uint32_t rest = in.claimed > 4 ? in.claimed - 4 : 0;
  if (f.etype <= 1500) {
    layer.payload_len = du::min32(f.etype, rest);
    res.next_proto = Proto::Llc;
    return;
  }
  layer.payload_len = rest;
  res.next = Table::EtherType;
  res.key1 = f.etype;
}

void info_vlan(const FieldCtx& c, TextOut& o) {
  const auto& f = du::get<VlanFields>(c);
  du::Text t;
  t.s("PRI: ").d(f.tci >> 13).s(", DEI: ").d((f.tci >> 12) & 1).s(", ID: ").d(f.tci & 0xfff);
  t.to(o);
}

}  // namespace

void register_vlan(Registry& r) {
  r.add_proto({Proto::Vlan, "vlan", "802.1Q Virtual LAN", decode_vlan, info_vlan});
  r.add_dispatch(Table::EtherType, 0x8100, Proto::Vlan);
  r.add_dispatch(Table::EtherType, 0x88a8, Proto::Vlan);
  r.add_dispatch(Table::EtherType, 0x9100, Proto::Vlan);
  r.add_field({"vlan.priority", Proto::Vlan, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 2) && is_ctag(c)) du::dec(o, du::get<VlanFields>(c).tci >> 13);
               }});
  r.add_field({"vlan.dei", Proto::Vlan, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 2) && is_ctag(c)) du::boolean(o, (du::get<VlanFields>(c).tci >> 12) & 1);
               }});
  r.add_field({"vlan.id", Proto::Vlan, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 2) && is_ctag(c)) du::dec(o, du::get<VlanFields>(c).tci & 0xfff);
               }});
  r.add_field({"vlan.etype", Proto::Vlan, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<VlanFields>(c);
                 if (du::has(c, 4) && is_ctag(c) && f.etype > 1500) du::hex(o, f.etype, 4);
               }});
  r.add_field({"vlan.len", Proto::Vlan, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<VlanFields>(c);
                 if (du::has(c, 4) && is_ctag(c) && f.etype <= 1500) du::dec(o, f.etype);
               }});
}

}  // namespace weir
