// VXLAN (RFC 7348, UDP 4789), VXLAN-GPE (UDP 4790, next-protocol byte) and
// Geneve (RFC 8926, UDP 6081, protocol type keys the EtherType table).
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
    case 4: res.next_proto = Proto::Nsh; break;
    default: break;  // MPLS and others: left as data
  }
}

void info_vxlan(const FieldCtx& c, TextOut& o) {
  du::Text t;
  t.s("VNI ").d(du::get<VxlanFields>(c).vni);
  t.to(o);
}

struct GeneveFields {
  uint8_t version, opt_len;  // opt_len in bytes
  uint8_t flags;
  uint16_t proto;
  uint32_t vni;
};

void decode_geneve(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<GeneveFields>();
  f = {};
  ByteCursor c = in.cursor();
  uint8_t b0 = 0, reserved = 0;
  if (!c.u8(b0) || !c.u8(f.flags) || !c.be16(f.proto) || !c.be24(f.vni) || !c.u8(reserved))
    return du::truncated(in, layer, res, "truncated_geneve_header");
  f.version = b0 >> 6;
  f.opt_len = uint8_t((b0 & 0x3f) * 4);
  if (f.version != 0) {
    layer.hdr_len = 8;
    res.anomaly = "bad_geneve_version";
    res.stop = true;
    return;
  }
  if (!c.skip(f.opt_len)) {
    layer.truncated = 1;
    layer.hdr_len = in.avail;
    res.anomaly = "truncated_geneve_options";
    res.stop = true;
    return;
  }
  layer.hdr_len = 8u + f.opt_len;
  layer.payload_len = in.claimed > layer.hdr_len ? in.claimed - layer.hdr_len : 0;
  res.next = Table::EtherType;
  res.key1 = f.proto;
}

void info_geneve(const FieldCtx& c, TextOut& o) {
  const auto& f = du::get<GeneveFields>(c);
  du::Text t;
  t.s("Geneve VNI ").d(f.vni).s(" type ").h(f.proto, 4);
  t.to(o);
}

// Network Service Header (RFC 8300): base + service path header + metadata,
// `length` 4-byte words in all; the next protocol names the payload.
struct NshFields {
  uint16_t base;  // version, O, U, TTL, length
  uint8_t md_type, next;
  uint32_t spi_si;
};

void decode_nsh(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<NshFields>();
  f = {};
  ByteCursor c = in.cursor();
  if (!c.be16(f.base) || !c.u8(f.md_type) || !c.u8(f.next) || !c.be32(f.spi_si))
    return du::truncated(in, layer, res, "truncated_nsh_header");
  uint32_t len = (f.base & 0x3f) * 4u;
  if (len < 8) {
    layer.hdr_len = 8;
    res.anomaly = "bad_nsh_length";
    res.stop = true;
    return;
  }
  if (in.avail < len) return du::truncated(in, layer, res, "truncated_nsh_header");
  layer.hdr_len = len;
  layer.payload_len = in.claimed > len ? in.claimed - len : 0;
  switch (f.next) {
    case 1: res.next_proto = Proto::Ipv4; break;
    case 2: res.next_proto = Proto::Ipv6; break;
    case 3: res.next_proto = Proto::Eth; break;
    case 5: res.next_proto = Proto::Mpls; break;
    default: break;
  }
}

}  // namespace

void register_vxlan(Registry& r) {
  r.add_proto({Proto::Nsh, "nsh", "Network Service Header", decode_nsh, nullptr});
  r.add_dispatch(Table::EtherType, 0x894f, Proto::Nsh);
  r.add_field({"nsh.spi", Proto::Nsh, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 7)) du::dec(o, du::get<NshFields>(c).spi_si >> 8);
               }});
  r.add_field({"nsh.si", Proto::Nsh, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 8)) du::dec(o, du::get<NshFields>(c).spi_si & 0xff);
               }});
  r.add_proto({Proto::Geneve, "geneve", "Geneve", decode_geneve, info_geneve});
  r.add_dispatch(Table::UdpPort, 6081, Proto::Geneve);
  r.add_field({"geneve.version", Proto::Geneve, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 1)) du::dec(o, du::get<GeneveFields>(c).version);
               }});
  r.add_field({"geneve.proto_type", Proto::Geneve, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 4)) du::hex(o, du::get<GeneveFields>(c).proto, 4);
               }});
  r.add_field({"geneve.vni", Proto::Geneve, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 7)) du::hex(o, du::get<GeneveFields>(c).vni, 6);
               }});

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
                 if (f.gpe && du::has(c, 4)) du::dec(o, f.next);  // tshark: FT_UINT8, BASE_DEC
               }});
}

}  // namespace weir
