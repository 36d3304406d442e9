// VXLAN (RFC 7348, UDP 4789) and VXLAN-GPE (UDP 4790, next-protocol byte).
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

struct VxlanFields {
  uint16_t flags;
  uint8_t next;  // GPE next protocol (0 for plain VXLAN)
  bool gpe;
  uint32_t vni;
};

void decode_vxlan(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<VxlanFields>();
  f = {};
  if (in.pkt && in.self > 0) {
    const Layer& u = in.pkt->layers[in.self - 1];
    if (u.proto == Proto::Udp) {
      const auto& uf = u.as<UdpFields>();
      f.gpe = uf.dport == 4790 || (uf.sport == 4790 && uf.dport != 4789);
    }
  }
  ByteCursor c = in.cursor();
  uint8_t reserved = 0;
  if (!c.be16(f.flags) || !c.u8(reserved) || !c.u8(f.next) || !c.be24(f.vni) || !c.u8(reserved))
    return du::truncated(in, layer, res, "truncated_vxlan_header");
  layer.hdr_len = 8;
  layer.payload_len = in.claimed > 8 ? in.claimed - 8 : 0;
  if (!f.gpe) {
    f.next = 0;
    res.next_proto = Proto::Eth;
    return;
  }
  switch (f.next) {
    case 1: res.next_proto = Proto::Ipv4; break;
    case 2: res.next_proto = Proto::Ipv6; break;
    case 3: res.next_proto = Proto::Eth; break;
    default: break;  // NSH, MPLS...: left as data
  }
}

void info_vxlan(const FieldCtx& c, TextOut& o) {
  du::Text t;
  t.s("VNI ").d(du::get<VxlanFields>(c).vni);
  t.to(o);
}

}  // namespace

void register_vxlan(Registry& r) {
  r.add_proto({Proto::Vxlan, "vxlan", "VXLAN", decode_vxlan, info_vxlan});
  r.add_dispatch(Table::UdpPort, 4789, Proto::Vxlan);
  r.add_dispatch(Table::UdpPort, 4790, Proto::Vxlan);
  r.add_field({"vxlan.flags", Proto::Vxlan, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 2)) du::hex(o, du::get<VxlanFields>(c).flags, 4);
               }});
  r.add_field({"vxlan.vni", Proto::Vxlan, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 7)) du::dec(o, du::get<VxlanFields>(c).vni);
               }});
  r.add_field({"vxlan.next_proto", Proto::Vxlan, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<VxlanFields>(c);
                 if (f.gpe && du::has(c, 4)) du::hex(o, f.next, 2);
               }});
}

}  // namespace weir
