// IGMP v1 (RFC 1112), v2 (RFC 2236) and v3 (RFC 3376). The version is
// inferred from type and message length, as Wireshark does. Also PIMv2's
// common header (RFC 7761), whose Register messages carry an IP packet.
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

struct IgmpFields {
  uint8_t type, max_resp, version;
  uint16_t checksum;
  uint8_t maddr[4];
  bool has_maddr;
  uint16_t nsrc_or_nrec;  // v3 query: number of sources; v3 report: records
  bool foreign;  // DVMRP (0x13) / PIMv1 (0x14): other protocols, no igmp.* fields
};

void decode_igmp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<IgmpFields>();
  f = {};
  ByteCursor c = in.cursor();
  if (!c.u8(f.type)) return du::truncated(in, layer, res, "truncated_igmp_header");
  if (f.type == 0x13 || f.type == 0x14) {
    f.foreign = true;
    layer.hdr_len = in.avail;
    return;
  }
  uint32_t len = in.claimed;
  switch (f.type) {
    case 0x11: f.version = len >= 12 ? 3 : 2; break;
    case 0x12: f.version = 1; break;
    case 0x16: case 0x17: f.version = 2; break;
    case 0x22: f.version = 3; break;
    default: f.version = 0; break;
  }
  if (!c.u8(f.max_resp) || !c.be16(f.checksum)) return du::truncated(in, layer, res, "truncated_igmp_header");
  if (f.type == 0x11 && f.version == 2 && f.max_resp == 0) f.version = 1;
  if (f.type == 0x22) {
    uint16_t reserved = 0;
    if (!c.be16(reserved) || !c.be16(f.nsrc_or_nrec)) return du::truncated(in, layer, res, "truncated_igmp_header");
  } else if (f.version) {
    if (!c.copy(f.maddr, 4)) return du::truncated(in, layer, res, "truncated_igmp_header");
    f.has_maddr = true;
    if (f.version == 3 && f.type == 0x11) {
      uint8_t sqrv = 0, qqic = 0;
      if (!c.u8(sqrv) || !c.u8(qqic) || !c.be16(f.nsrc_or_nrec)) return du::truncated(in, layer, res, "truncated_igmp_header");
    }
  }
  layer.hdr_len = uint32_t(c.offset());
  // Sources / group records belong to the message, not to a payload.
  uint32_t body = du::min32(len, in.avail);
  if (body > layer.hdr_len) layer.hdr_len = body;
  layer.payload_len = 0;
}

void info_igmp(const FieldCtx& c, TextOut& o) {
  const auto& f = du::get<IgmpFields>(c);
  du::Text t;
  if (f.version == 1 && (f.type == 0x11 || f.type == 0x12)) {  // IGMPv1: the type's name only, as tshark
    t.s(f.type == 0x11 ? "Membership Query" : "Membership Report");
    t.to(o);
    return;
  }
  switch (f.type) {
    case 0x11:
      if (f.has_maddr && load_be32(f.maddr) != 0) t.s("Membership Query, specific for group ").ip4(f.maddr);
      else t.s("Membership Query, general");
      break;
    case 0x12: case 0x16: t.s("Membership Report group ").ip4(f.maddr); break;
    case 0x17: t.s("Leave Group ").ip4(f.maddr); break;
    case 0x22: t.s("Membership Report / ").d(f.nsrc_or_nrec).s(" group records"); break;
    case 0x13: t.s("DVMRP"); break;
    case 0x14: t.s("PIMv1"); break;
    default: t.s("IGMP type ").h(f.type, 2); break;
  }
  t.to(o);
}

// Wireshark's column names the IGMP version (and DVMRP / PIMv1 carried in
// IGMP), and its version, DVMRP and PIM dissectors add a step to
// frame.protocols ("igmp:igmp", "igmp:dvmrp", "igmp:pim").
void names_igmp(const FieldCtx& c, const char*& name, const char*& display) {
  const auto& f = du::get<IgmpFields>(c);
  static const char* const kV[] = {"IGMP", "IGMPv1", "IGMPv2", "IGMPv3"};
  if (f.type == 0x13) {
    name = "igmp:dvmrp", display = "DVMRP";
  } else if (f.type == 0x14) {
    name = "igmp:pim", display = "PIMv1";
  } else if (f.version >= 1 && f.version <= 3) {
    name = "igmp:igmp", display = kV[f.version];
  }
}

struct PimFields {
  uint8_t ver_type;
  uint16_t checksum;
  uint32_t reg_flags;
};

void decode_pim(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<PimFields>();
  f = {};
  ByteCursor c = in.cursor();
  uint8_t reserved = 0;
  if (!c.u8(f.ver_type) || !c.u8(reserved) || !c.be16(f.checksum)) return du::truncated(in, layer, res, "truncated_pim_header");
  layer.hdr_len = 4;
  layer.payload_len = 0;
  if (f.ver_type != 0x21) {  // anything but a v2 Register: the body is PIM's own
    layer.hdr_len = in.avail;
    return;
  }
  uint8_t nibble = 0;
  if (!c.be32(f.reg_flags)) return du::truncated(in, layer, res, "truncated_pim_header");
  layer.hdr_len = 8;
  layer.payload_len = in.claimed > 8 ? in.claimed - 8 : 0;
  if ((f.reg_flags & 0x40000000u) || !c.peek_u8(0, nibble)) return;  // null register
  if ((nibble >> 4) == 4) res.next_proto = Proto::Ipv4;
  else if ((nibble >> 4) == 6) res.next_proto = Proto::Ipv6;
}

void info_pim(const FieldCtx& c, TextOut& o) {
  // Wireshark's PIMv2 message type names (RFC 7761, RFC 5015, RFC 3973).
  static const char* const kType[] = {"Hello", "Register", "Register-stop", "Join/Prune", "Bootstrap",
                                      "Assert", "Graft", "Graft-Ack", "Candidate-RP-Advertisement",
                                      "State-Refresh", "DF election"};
  uint8_t vt = du::get<PimFields>(c).ver_type;
  du::Text t;
  if ((vt >> 4) == 2 && (vt & 0xf) < 11) t.s(kType[vt & 0xf]);
  else t.s("PIMv").d(vt >> 4).s(" type ").d(vt & 0xf);
  t.to(o);
}

void names_pim(const FieldCtx& c, const char*&, const char*& display) {
  if ((du::get<PimFields>(c).ver_type >> 4) == 2) display = "PIMv2";
}

}  // namespace

void register_igmp(Registry& r) {
  r.add_proto({Proto::Pim, "pim", "PIM", decode_pim, info_pim, names_pim});
  r.add_dispatch(Table::IpProto, 103, Proto::Pim);
  r.add_field({"pim.version", Proto::Pim, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 1)) du::dec(o, du::get<PimFields>(c).ver_type >> 4);
               }});
  r.add_field({"pim.type", Proto::Pim, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 1)) du::dec(o, du::get<PimFields>(c).ver_type & 0xf);
               }});
  r.add_proto({Proto::Igmp, "igmp", "IGMP", decode_igmp, info_igmp, names_igmp});
  r.add_dispatch(Table::IpProto, 2, Proto::Igmp);
  r.add_field({"igmp.version", Proto::Igmp, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<IgmpFields>(c);
                 if (f.version) du::dec(o, f.version);
               }});
  r.add_field({"igmp.type", Proto::Igmp, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<IgmpFields>(c);
                 if (du::has(c, 1) && !f.foreign) du::hex(o, f.type, 2);
               }});
  r.add_field({"igmp.max_resp", Proto::Igmp, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<IgmpFields>(c);
                 if (du::has(c, 2) && !f.foreign && f.version >= 2 && f.type != 0x22) du::dec(o, f.max_resp);
               }});
  r.add_field({"igmp.checksum", Proto::Igmp, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<IgmpFields>(c);
                 if (du::has(c, 4) && !f.foreign) du::hex(o, f.checksum, 4);
               }});
  r.add_field({"igmp.maddr", Proto::Igmp, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<IgmpFields>(c);
                 if (f.has_maddr) o.value(fmt::ipv4(f.maddr));
                 if (f.type != 0x22 || c.layer->truncated) return;
                 // v3 report: one multicast address per group record.
                 uint32_t end = c.layer->offset + c.layer->hdr_len;
                 uint32_t at = c.layer->offset + 8;
                 for (uint32_t i = 0; i < f.nsrc_or_nrec && at + 8 <= end && du::frame_has(c.pkt, at, 8); ++i) {
                   const uint8_t* r = c.pkt.data() + at;
                   o.value(fmt::ipv4(r + 4));
                   at += 8 + 4u * load_be16(r + 2) + 4u * r[1];
                 }
               }});
}

}  // namespace weir
