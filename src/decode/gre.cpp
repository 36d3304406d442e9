// GRE (RFC 2784/2890) and enhanced GRE for PPTP (RFC 2637, version 1). The
// protocol type keys the EtherType table.
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

struct GreFields {
  uint16_t flags_ver, proto;
  uint16_t checksum;
  uint32_t key, seq, ack;
  bool has_csum, has_key, has_seq, has_ack;
  uint8_t erspan;  // ERSPAN type carried (0: none)
};

void decode_gre(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<GreFields>();
  f = {};
  ByteCursor c = in.cursor();
  if (!c.be16(f.flags_ver)) return du::truncated(in, layer, res, "truncated_gre_header");
  if (!c.be16(f.proto)) return du::truncated(in, layer, res, "truncated_gre_header");
  uint8_t ver = f.flags_ver & 7;
  bool ok = true;
  if (f.flags_ver & 0xc000) {  // C or R: checksum + offset
    uint16_t offset = 0;
    f.has_csum = true;
    ok = c.be16(f.checksum) && c.be16(offset);
  }
  if (ok && ((f.flags_ver & 0x2000) || ver == 1)) {  // K (always present in v1)
    f.has_key = true;
    ok = c.be32(f.key);
  }
  if (ok && (f.flags_ver & 0x1000)) {  // S
    f.has_seq = true;
    ok = c.be32(f.seq);
  }
  if (ok && ver == 1 && (f.flags_ver & 0x0080)) {  // A (PPTP acknowledgment)
    f.has_ack = true;
    ok = c.be32(f.ack);
  }
  if (!ok) return du::truncated(in, layer, res, "truncated_gre_header");
  // Source routing (R, RFC 1701) is deprecated; its entries are not skipped.
  if (ver > 1 || (f.flags_ver & 0x4000)) {
    layer.hdr_len = uint32_t(c.offset());
    res.anomaly = ver > 1 ? "bad_gre_version" : "gre_source_routing";
    res.stop = true;
    return;
  }
  // ERSPAN (mirrored frames, Wireshark's "erspan" dissector) follows: type I
  // without a sequence number (no header of its own), type II with one (an
  // 8-byte header), type III under its own protocol type.
  if (ver == 0 && (f.proto == 0x88be || f.proto == 0x22eb)) {
    f.erspan = f.proto == 0x22eb ? 3 : f.has_seq ? 2 : 1;
    layer.hdr_len = uint32_t(c.offset());
    layer.payload_len = in.claimed > layer.hdr_len ? in.claimed - layer.hdr_len : 0;
    res.next_proto = Proto::Erspan;
    return;
  }
  layer.hdr_len = uint32_t(c.offset());
  layer.payload_len = in.claimed > layer.hdr_len ? in.claimed - layer.hdr_len : 0;
  res.next = Table::EtherType;
  res.key1 = f.proto;
}

void info_gre(const FieldCtx& c, TextOut& o) {
  const auto& f = du::get<GreFields>(c);
  // tshark: the type's name (type 0: what a Cisco keepalive carries), else
  // its value; key and sequence number are fields, not info.
  du::Text t;
  t.s("Encapsulated ");
  if (f.proto == 0) t.s("Possible GRE keepalive packet");
  else t.h(f.proto, 4);
  t.to(o);
}


// ERSPAN: the type comes from the GRE header below (see decode_gre).
struct ErspanFields {
  uint8_t type;  // 1, 2 or 3
};

void decode_erspan(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<ErspanFields>();
  f = {};
  if (in.self > 0 && in.pkt->layers[in.self - 1].proto == Proto::Gre)
    f.type = in.pkt->layers[in.self - 1].as<GreFields>().erspan;
  ByteCursor c = in.cursor();
  uint32_t hl = 0;
  bool eth = true;
  if (f.type == 2) {
    hl = 8;
  } else if (f.type == 3) {
    // Bytes 10-11: P(1) FT(5) HwID(6) D(1) Gra(2) O(1); O adds 8 bytes.
    uint8_t b10 = 0, b11 = 0;
    if (!c.peek_u8(10, b10) || !c.peek_u8(11, b11)) return du::truncated(in, layer, res, "truncated_erspan_header");
    hl = (b11 & 1) ? 20 : 12;
    eth = ((b10 >> 2) & 0x1f) == 0;  // frame type 0: Ethernet
  }
  if (!c.skip(hl)) return du::truncated(in, layer, res, "truncated_erspan_header");
  layer.hdr_len = hl;
  layer.payload_len = in.claimed > hl ? in.claimed - hl : 0;
  if (eth) res.next_proto = Proto::Eth;
}

bool erspan_is(const FieldCtx& c, uint8_t type) { return du::get<ErspanFields>(c).type == type; }
bool erspan_ii(const FieldCtx& c) { return erspan_is(c, 2); }
bool erspan_iii(const FieldCtx& c) { return erspan_is(c, 3); }
bool erspan_ii_iii(const FieldCtx& c) { return !erspan_is(c, 1); }  // type I has no header

}  // namespace

void register_gre(Registry& r) {
  r.add_proto({Proto::Gre, "gre", "GRE", decode_gre, info_gre});
  r.add_dispatch(Table::IpProto, 47, Proto::Gre);
  r.add_dispatch(Table::UdpPort, 4754, Proto::Gre);  // GRE-in-UDP (RFC 8086)
  r.add_proto({Proto::Erspan, "erspan", "ERSPAN", decode_erspan, nullptr});
  r.add_field({"erspan.version", Proto::Erspan, du::when<erspan_ii_iii, du::uint_at<0, 2, 0xf000>>});
  r.add_field({"erspan.vlan", Proto::Erspan, du::when<erspan_ii_iii, du::uint_at<0, 2, 0x0fff>>});
  r.add_field({"erspan.cos", Proto::Erspan, du::when<erspan_ii_iii, du::uint_at<2, 2, 0xe000>>});
  r.add_field({"erspan.encap", Proto::Erspan, du::when<erspan_ii, du::uint_at<2, 2, 0x1800>>});
  r.add_field({"erspan.bso", Proto::Erspan, du::when<erspan_iii, du::uint_at<2, 2, 0x1800>>});
  r.add_field({"erspan.truncated", Proto::Erspan, du::when<erspan_ii_iii, du::uint_at<2, 2, 0x0400>>});
  r.add_field({"erspan.spanid", Proto::Erspan, du::when<erspan_ii_iii, du::uint_at<2, 2, 0x03ff>>});
  r.add_field({"erspan.reserved", Proto::Erspan, du::when<erspan_ii, du::uint_at<4, 4, 0xfff00000>>});
  r.add_field({"erspan.index", Proto::Erspan, du::when<erspan_ii, du::uint_at<4, 4, 0x000fffff>>});
  r.add_field({"erspan.timestamp", Proto::Erspan, du::when<erspan_iii, du::uint_at<4, 4, 0xffffffff>>});
  r.add_field({"erspan.sgt", Proto::Erspan, du::when<erspan_iii, du::uint_at<8, 2, 0xffff>>});
  r.add_field({"erspan.p", Proto::Erspan, du::when<erspan_iii, du::uint_at<10, 2, 0x8000>>});
  r.add_field({"erspan.ft", Proto::Erspan, du::when<erspan_iii, du::uint_at<10, 2, 0x7c00>>});
  r.add_field({"erspan.hw", Proto::Erspan, du::when<erspan_iii, du::uint_at<10, 2, 0x03f0>>});
  r.add_field({"erspan.direction", Proto::Erspan, [](const FieldCtx& c, FieldOut& o) {
                 if (erspan_is(c, 3) && c.layer->hdr_len >= 12) du::boolean(o, du::byte_at(c, 11) & 0x08);
               }});
  r.add_field({"erspan.gra", Proto::Erspan, du::when<erspan_iii, du::uint_at<10, 2, 0x0006>>});
  r.add_field({"erspan.o", Proto::Erspan, du::when<erspan_iii, du::uint_at<10, 2, 0x0001>>});
  r.add_field({"gre.flags_and_version", Proto::Gre, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 2)) du::hex(o, du::get<GreFields>(c).flags_ver, 4);
               }});
  r.add_field({"gre.proto", Proto::Gre, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 4)) du::hex(o, du::get<GreFields>(c).proto, 4);
               }});
  r.add_field({"gre.checksum", Proto::Gre, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<GreFields>(c);
                 if (f.has_csum && du::has(c, 6)) du::hex(o, f.checksum, 4);
               }});
  r.add_field({"gre.key", Proto::Gre, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<GreFields>(c);
                 // Version 1 (PPTP) splits that word into payload length and
                 // call id; tshark has no gre.key there.
                 if (f.has_key && (f.flags_ver & 7) != 1 && !c.layer->truncated) du::hex(o, f.key, 8);
               }});
  r.add_field({"gre.sequence_number", Proto::Gre, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<GreFields>(c);
                 if (f.has_seq && !c.layer->truncated) du::dec(o, f.seq);
               }});
  r.add_field({"gre.ack_number", Proto::Gre, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<GreFields>(c);
                 if (f.has_ack && !c.layer->truncated) du::dec(o, f.ack);
               }});
}

}  // namespace weir
