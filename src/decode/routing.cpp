// Routing protocols, with Wireshark's field names, protocol column and info
// text: OSPFv2 and OSPFv3 (RFC 2328, RFC 5340; the common header and Hello
// packets), BGP-4 (RFC 4271; every message of a segment, OPEN and
// NOTIFICATION details), RIPv1/v2 and the EIGRP header. Fields are read
// from the message bytes.
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

// ---------------------------------------------------------------- OSPF

// Header: version 0, type 1, packet length 2, router ID 4, area ID 8,
// checksum 12; v2: authentication type 14, authentication 16-23 (24 bytes);
// v3: instance ID 14, reserved 15 (16 bytes). Hello body, v2 (from 24):
// network mask, hello interval (2), options, priority, dead interval (4),
// DR, BDR, neighbours; v3 (from 16): interface ID, priority, options (3),
// hello interval (2), dead interval (2), DR, BDR, neighbours.
struct OspfFields {
  uint8_t version, type;
};

void decode_ospf(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<OspfFields>();
  f = {};
  ByteCursor c = in.cursor();
  uint16_t len = 0;
  if (!c.u8(f.version) || !c.u8(f.type) || !c.be16(len)) return du::truncated(in, layer, res, "truncated_ospf");
  uint32_t hl = f.version == 3 ? 16 : 24;
  uint32_t have = du::min32(in.claimed, in.avail);
  if (have < hl) return du::truncated(in, layer, res, "truncated_ospf");
  // The packet length bounds the message (a v2 cryptographic digest follows).
  layer.hdr_len = len >= hl && len < have ? len : have;
  layer.payload_len = 0;
  if (len > in.avail) {
    layer.truncated = 1;
    res.anomaly = "truncated_ospf";
  }
}

void info_ospf(const FieldCtx& c, TextOut& o) {
  static const char* const k[] = {"Hello Packet", "DB Description", "LS Request", "LS Update", "LS Acknowledge"};
  uint8_t t = du::get<OspfFields>(c).type;
  du::Text x;
  if (t >= 1 && t <= 5) x.s(k[t - 1]);
  else x.s("Unknown (").d(t).s(")");
  x.to(o);
}

bool ospf_hello(const FieldCtx& c, uint8_t version) {
  const auto& f = du::get<OspfFields>(c);
  return f.type == 1 && f.version == version;
}
template <uint32_t Off, uint32_t N, uint8_t Version>
void ospf_hello_uint(const FieldCtx& c, FieldOut& o) {
  if (ospf_hello(c, Version)) du::uint_at<Off, N>(c, o);
}
// A hello field at one offset and width in v2, another in v3.
template <uint32_t Off2, uint32_t N2, uint32_t Off3, uint32_t N3>
void ospf_hello_both(const FieldCtx& c, FieldOut& o) {
  if (ospf_hello(c, 2)) du::uint_at<Off2, N2>(c, o);
  if (ospf_hello(c, 3)) du::uint_at<Off3, N3>(c, o);
}
template <uint32_t Off2, uint32_t Off3>
void ospf_hello_ip(const FieldCtx& c, FieldOut& o) {
  if (ospf_hello(c, 2)) du::ipv4_at<Off2>(c, o);
  if (ospf_hello(c, 3)) du::ipv4_at<Off3>(c, o);
}

void ospf_neighbors(const FieldCtx& c, FieldOut& o) {
  const auto& f = du::get<OspfFields>(c);
  if (f.type != 1 || (f.version != 2 && f.version != 3)) return;
  for (uint32_t at = f.version == 2 ? 44 : 36; at + 4 <= c.layer->hdr_len; at += 4)
    if (du::frame_has(c.pkt, c.layer->offset + at, 4)) o.value(fmt::ipv4(c.pkt.data() + c.layer->offset + at));
}

// ---------------------------------------------------------------- BGP

// Messages: a 16-byte marker of all ones, length (2), type (1), body. A
// segment can hold several. OPEN: version 19, my AS 20, hold time 22, BGP
// identifier 24, optional parameters length 28. NOTIFICATION: error code
// 19, subcode 20.
struct BgpFields {
  uint8_t nmsgs;  // messages found (at most kMax are listed)
  static constexpr int kMax = 24;
  uint16_t at[kMax];  // their offsets in the layer
};

bool bgp_marker(const uint8_t* p) {
  for (int i = 0; i < 16; ++i)
    if (p[i] != 0xff) return false;
  return true;
}

void decode_bgp(const DecodeInput& in, Layer& layer, DecodeResult&) {
  auto& f = layer.as<BgpFields>();
  f = {};
  uint32_t have = du::min32(in.claimed, in.avail);
  const uint8_t* p = in.frame + in.offset;
  // As Wireshark: from the first marker in the segment, message after
  // message by their lengths (the later markers are not required).
  uint32_t at = 0;
  while (at + 19 <= have && !bgp_marker(p + at)) ++at;
  while (f.nmsgs < BgpFields::kMax && at + 19 <= have && at < 65536) {
    uint16_t len = load_be16(p + at + 16);
    f.at[f.nmsgs++] = uint16_t(at);
    if (len < 19) break;
    at += len;
  }
  layer.hdr_len = have;
  layer.payload_len = 0;
}

const char* bgp_type(uint8_t t) {
  switch (t) {
    case 1: return "OPEN Message";
    case 2: return "UPDATE Message";
    case 3: return "NOTIFICATION Message";
    case 4: return "KEEPALIVE Message";
    case 5: return "ROUTE-REFRESH Message";
    case 6: return "CAPABILITY Message";
    case 128: return "ROUTE-REFRESH Message (old specification)";
    default: return nullptr;
  }
}

// Calls fn(offset of the message in the frame, its captured length) for
// each message.
template <class Fn>
void bgp_each(const FieldCtx& c, Fn fn) {
  const auto& f = du::get<BgpFields>(c);
  for (int i = 0; i < f.nmsgs; ++i) {
    uint32_t a = c.layer->offset + f.at[i];
    uint32_t n = c.layer->hdr_len - f.at[i];
    uint16_t len = load_be16(c.pkt.data() + a + 16);
    fn(a, len < n ? len : n);
  }
}

void info_bgp(const FieldCtx& c, TextOut& o) {
  fmt::Text<1024> t;
  bool first = true;
  bgp_each(c, [&](uint32_t a, uint32_t) {
    if (!first) t.s(", ");
    first = false;
    uint8_t type = c.pkt.data()[a + 18];
    if (const char* name = bgp_type(type)) t.s(name);
    else t.s("Unknown message type (").h(type, 2).s(")");
  });
  t.to(o);
}

// A field at offset Off of every message of type Type.
template <uint8_t Type, uint32_t Off, uint32_t N>
void bgp_uint(const FieldCtx& c, FieldOut& o) {
  bgp_each(c, [&](uint32_t a, uint32_t n) {
    const uint8_t* p = c.pkt.data() + a;
    if ((Type && p[18] != Type) || Off + N > n) return;
    uint64_t v = 0;
    for (uint32_t i = 0; i < N; ++i) v = v << 8 | p[Off + i];
    du::dec(o, v);
  });
}

// ---------------------------------------------------------------- RIP

// RIPv1/v2 (RFC 1058, RFC 2453): command 0, version 1, two unused bytes,
// then 20-byte entries: address family 2, route tag 2 (v2), address
// 4, mask 4 (v2), next hop 4 (v2), metric 4. An authentication entry
// (family 0xffff, v2) is not a route.
struct RipFields {
  uint8_t command, version;
  uint16_t nentries;
};

void decode_rip(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<RipFields>();
  f = {};
  ByteCursor c = in.cursor();
  if (!c.u8(f.command) || !c.u8(f.version)) return du::truncated(in, layer, res, "truncated_rip");
  uint32_t have = du::min32(in.claimed, in.avail);
  if (have < 4) return du::truncated(in, layer, res, "truncated_rip");
  // Keyed MD5 authentication (RFC 2082, type 3): the first entry gives the
  // length of the packet before the digest trailer.
  uint32_t end = have;
  const uint8_t* p = in.frame + in.offset;
  if (have >= 24 && load_be16(p + 4) == 0xffff && load_be16(p + 6) == 3 && load_be16(p + 8) >= 24)
    end = du::min32(load_be16(p + 8), have);
  f.nentries = uint16_t(du::min32((end - 4) / 20, 100));
  layer.hdr_len = have;
  layer.payload_len = 0;
}

void info_rip(const FieldCtx& c, TextOut& o) {
  static const char* const k[] = {"Request", "Response", "Traceon", "Traceoff", "Vendor specific"};
  uint8_t cmd = du::get<RipFields>(c).command;
  du::Text t;
  if (cmd >= 1 && cmd <= 5) t.s(k[cmd - 1]);
  else t.s("Unknown command (").d(cmd).s(")");
  t.to(o);
}

void names_rip(const FieldCtx& c, const char*&, const char*& display) {
  uint8_t v = du::get<RipFields>(c).version;
  display = v == 1 ? "RIPv1" : v == 2 ? "RIPv2" : "RIP";
}

// A field of every route entry: Off within the entry, N bytes; V2 only when
// the field exists in version 2 only. Kind: 0 a number, 1 an address, 2 an
// address shown for IP entries (family 2) only, as Wireshark does for the
// route's own address. Authentication entries (family 0xffff) are not
// routes.
template <uint32_t Off, uint32_t N, bool V2, int Kind>
void rip_entry(const FieldCtx& c, FieldOut& o) {
  const auto& f = du::get<RipFields>(c);
  if (V2 && f.version != 2) return;
  for (uint32_t i = 0; i < f.nentries; ++i) {
    const uint8_t* e = c.pkt.data() + c.layer->offset + 4 + 20 * i;
    uint16_t family = load_be16(e);
    if (family == 0xffff || (Kind == 2 && family != 2)) continue;
    if (Kind) o.value(fmt::ipv4(e + Off));
    else du::dec(o, N == 2 ? load_be16(e + Off) : load_be32(e + Off));
  }
}

// ---------------------------------------------------------------- EIGRP

// Header (20 bytes): version 0, opcode 1, checksum 2, flags 4, sequence 8,
// acknowledgement 12, virtual router ID 16, autonomous system 18.
void decode_eigrp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  du::whole_message(in, layer, res, 20, "truncated_eigrp");
}

void info_eigrp(const FieldCtx& c, TextOut& o) {
  uint8_t op = du::byte_at(c, 1);
  const char* name = nullptr;
  switch (op) {
    case 1: name = "Update"; break;
    case 2: name = "Request"; break;
    case 3: name = "Query"; break;
    case 4: name = "Reply"; break;
    case 5: name = "Hello"; break;
    case 6: name = "IPX/SAP Update"; break;
    case 10: name = "SIA-Query"; break;
    case 11: name = "SIA-Reply"; break;
    default: break;
  }
  du::Text t;
  if (name) t.s(name);
  else t.s("Unknown (").h(op, 2).s(")");
  t.to(o);
}

}  // namespace

void register_routing(Registry& r) {
  r.add_proto({Proto::Ospf, "ospf", "OSPF", decode_ospf, info_ospf});
  r.add_dispatch(Table::IpProto, 89, Proto::Ospf);
  r.add_field({"ospf.version", Proto::Ospf, du::uint_at<0, 1>});
  r.add_field({"ospf.msg", Proto::Ospf, du::uint_at<1, 1>});
  r.add_field({"ospf.packet_length", Proto::Ospf, du::uint_at<2, 2>});
  r.add_field({"ospf.srcrouter", Proto::Ospf, du::ipv4_at<4>});
  r.add_field({"ospf.area_id", Proto::Ospf, du::ipv4_at<8>});
  r.add_field({"ospf.checksum", Proto::Ospf, du::uint_at<12, 2, 0, 4>});
  r.add_field({"ospf.auth.type", Proto::Ospf, [](const FieldCtx& c, FieldOut& o) {
                 if (du::get<OspfFields>(c).version == 2) du::uint_at<14, 2>(c, o);
               }});
  r.add_field({"ospf.instance_id", Proto::Ospf, [](const FieldCtx& c, FieldOut& o) {
                 if (du::get<OspfFields>(c).version == 3) du::uint_at<14, 1>(c, o);
               }});
  r.add_field({"ospf.hello.network_mask", Proto::Ospf, [](const FieldCtx& c, FieldOut& o) {
                 if (ospf_hello(c, 2)) du::ipv4_at<24>(c, o);
               }});
  r.add_field({"ospf.hello.interface_id", Proto::Ospf, ospf_hello_uint<16, 4, 3>});
  r.add_field({"ospf.hello.hello_interval", Proto::Ospf, ospf_hello_both<28, 2, 24, 2>});
  r.add_field({"ospf.hello.router_priority", Proto::Ospf, ospf_hello_both<31, 1, 20, 1>});
  r.add_field({"ospf.hello.router_dead_interval", Proto::Ospf, ospf_hello_both<32, 4, 26, 2>});
  r.add_field({"ospf.hello.designated_router", Proto::Ospf, ospf_hello_ip<36, 28>});
  r.add_field({"ospf.hello.backup_designated_router", Proto::Ospf, ospf_hello_ip<40, 32>});
  r.add_field({"ospf.hello.active_neighbor", Proto::Ospf, ospf_neighbors});

  r.add_proto({Proto::Bgp, "bgp", "BGP", decode_bgp, info_bgp});
  r.add_dispatch(Table::TcpPort, 179, Proto::Bgp);
  r.add_field({"bgp.marker", Proto::Bgp, [](const FieldCtx& c, FieldOut& o) {
                 bgp_each(c, [&](uint32_t a, uint32_t) { du::hex_value(o, c.pkt.data() + a, 16); });
               }});
  r.add_field({"bgp.length", Proto::Bgp, bgp_uint<0, 16, 2>});
  r.add_field({"bgp.type", Proto::Bgp, [](const FieldCtx& c, FieldOut& o) {
                 bgp_each(c, [&](uint32_t a, uint32_t) {
                   uint8_t type = c.pkt.data()[a + 18];
                   if (bgp_type(type)) du::dec(o, type);  // Wireshark: known types only
                 });
               }});
  r.add_field({"bgp.open.version", Proto::Bgp, bgp_uint<1, 19, 1>});
  r.add_field({"bgp.open.myas", Proto::Bgp, bgp_uint<1, 20, 2>});
  r.add_field({"bgp.open.holdtime", Proto::Bgp, bgp_uint<1, 22, 2>});
  r.add_field({"bgp.open.identifier", Proto::Bgp, [](const FieldCtx& c, FieldOut& o) {
                 bgp_each(c, [&](uint32_t a, uint32_t n) {
                   if (c.pkt.data()[a + 18] == 1 && n >= 28) o.value(fmt::ipv4(c.pkt.data() + a + 24));
                 });
               }});
  r.add_field({"bgp.open.opt.len", Proto::Bgp, bgp_uint<1, 28, 1>});
  r.add_field({"bgp.notify.major_error", Proto::Bgp, bgp_uint<3, 19, 1>});
  r.add_proto({Proto::Rip, "rip", "RIP", decode_rip, info_rip, names_rip});
  r.add_dispatch(Table::UdpPort, 520, Proto::Rip);
  r.add_field({"rip.command", Proto::Rip, du::uint_at<0, 1>});
  r.add_field({"rip.version", Proto::Rip, du::uint_at<1, 1>});
  r.add_field({"rip.family", Proto::Rip, rip_entry<0, 2, false, 0>});
  r.add_field({"rip.route_tag", Proto::Rip, rip_entry<2, 2, true, 0>});
  r.add_field({"rip.ip", Proto::Rip, rip_entry<4, 4, false, 2>});
  r.add_field({"rip.netmask", Proto::Rip, rip_entry<8, 4, true, 1>});
  r.add_field({"rip.next_hop", Proto::Rip, rip_entry<12, 4, true, 1>});
  r.add_field({"rip.metric", Proto::Rip, rip_entry<16, 4, false, 0>});

  r.add_proto({Proto::Eigrp, "eigrp", "EIGRP", decode_eigrp, info_eigrp});
  r.add_dispatch(Table::IpProto, 88, Proto::Eigrp);
  r.add_field({"eigrp.version", Proto::Eigrp, du::uint_at<0, 1>});
  r.add_field({"eigrp.opcode", Proto::Eigrp, du::uint_at<1, 1>});
  r.add_field({"eigrp.checksum", Proto::Eigrp, du::uint_at<2, 2, 0, 4>});
  r.add_field({"eigrp.flags", Proto::Eigrp, du::uint_at<4, 4, 0, 8>});
  r.add_field({"eigrp.seq", Proto::Eigrp, du::uint_at<8, 4>});
  r.add_field({"eigrp.ack", Proto::Eigrp, du::uint_at<12, 4>});
  r.add_field({"eigrp.as", Proto::Eigrp, du::uint_at<18, 2>});
}

}  // namespace weir
