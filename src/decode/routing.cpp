// Routing protocols, with Wireshark's field names, protocol column and info
// text: OSPFv2 and OSPFv3 (RFC 2328, RFC 5340; the common header and Hello
// packets), BGP-4 (RFC 4271; every message of a segment, OPEN and
// NOTIFICATION details), RIPv1/v2, the EIGRP header and IS-IS (common
// header, Hello, LSP, CSNP and PSNP headers). Fields are read from the
// message bytes.
#include <cstdio>

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

bool ospf_v2(const FieldCtx& c) { return du::get<OspfFields>(c).version == 2; }
bool ospf_v3(const FieldCtx& c) { return du::get<OspfFields>(c).version == 3; }
bool ospf_hello2(const FieldCtx& c) { return ospf_v2(c) && du::get<OspfFields>(c).type == 1; }
bool ospf_hello3(const FieldCtx& c) { return ospf_v3(c) && du::get<OspfFields>(c).type == 1; }
// A hello field at one place in v2 and another in v3.
template <FieldEmitFn V2, FieldEmitFn V3>
void ospf_hello_both(const FieldCtx& c, FieldOut& o) {
  du::when<ospf_hello2, V2>(c, o);
  du::when<ospf_hello3, V3>(c, o);
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
    uint64_t v;
    if ((Type && c.pkt.data()[a + 18] != Type) || Off + N > n) return;
    if (du::read_be(c, a - c.layer->offset + Off, N, v)) du::dec(o, v);
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
// route's own address. Only families 0 and 2 (IP) are routes.
template <uint32_t Off, uint32_t N, bool V2, int Kind>
void rip_entry(const FieldCtx& c, FieldOut& o) {
  const auto& f = du::get<RipFields>(c);
  if (V2 && f.version != 2) return;
  for (uint32_t i = 0; i < f.nentries; ++i) {
    const uint8_t* e = c.pkt.data() + c.layer->offset + 4 + 20 * i;
    uint16_t family = load_be16(e);
    // Authentication entries and unknown families show no route fields.
    if ((family != 0 && family != 2) || (Kind == 2 && family != 2)) continue;
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
  uint64_t ack = 0;
  du::read_be(c, 12, 4, ack);
  const char* name = nullptr;
  switch (op) {
    case 1: name = "Update"; break;
    case 2: name = "Request"; break;
    case 3: name = "Query"; break;
    case 4: name = "Reply"; break;
    case 5: name = ack ? "Hello (Ack)" : "Hello"; break;  // an acknowledgement is a Hello with an ack number
    case 6: name = "IPX/SAP Update"; break;
    case 7: name = "Route Probe"; break;
    case 8: name = "Hello (Ack)"; break;
    case 9: name = "Stub-Info"; break;
    case 10: name = "SIA-Query"; break;
    case 11: name = "SIA-Reply"; break;
    default: break;
  }
  du::Text t;
  if (name) t.s(name);
  else t.s("Unknown OpCode (").h(op, 4).s(")");
  t.to(o);
}

// ---------------------------------------------------------------- IS-IS

// OSI network layer protocols after LLC SAP 0xfe, told apart by their first
// byte (NLPID); Wireshark shows that step as "osi". IS-IS is 0x83.
void decode_osi(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  layer.hdr_len = 0;
  layer.payload_len = in.claimed;
  if (in.avail >= 1 && in.frame[in.offset] == 0x83) res.next_proto = Proto::Isis;
}

// An NLPID weir does not decode: tshark names the protocol "ISO" and the
// NLPID in the info column.
bool osi_unknown(const FieldCtx& c) {
  uint8_t nlpid = du::byte_at(c, 0);  // CLNP, ES-IS, IDRP: tshark decodes them, weir does not
  return du::next_is_data(c) && nlpid != 0x81 && nlpid != 0x82 && nlpid != 0x85;
}

void names_osi(const FieldCtx& c, const char*&, const char*& display) {
  if (osi_unknown(c)) display = "ISO";
}

void info_osi(const FieldCtx& c, TextOut& o) {
  if (!osi_unknown(c)) return;
  du::Text t;
  uint8_t v = du::byte_at(c, 0);
  char hx[2];
  fmt::hexbytes(hx, &v, 1, 0);
  t.s("Unknown ISO protocol (").s(std::string_view(hx, 2)).s(")");
  t.to(o);
}

// Common header (8 bytes): NLPID 0, header length 1, version 2, ID length 3
// (0 means 6), PDU type 4 (low 5 bits), version 5, reserved 6, maximum area
// addresses 7. After it, by type: LAN Hello (15 L1, 16 L2): circuit type 8,
// source ID 9, holding time 15, PDU length 17, priority 19, LAN ID 20;
// point-to-point Hello (17): ... PDU length 17, local circuit ID 19; LSP
// (18 L1, 20 L2): PDU length 8, remaining lifetime 10, LSP ID 12,
// sequence 20, checksum 24, flags 26; CSNP (24, 25): PDU length 8, source
// ID 10, start LSP ID 17, end LSP ID 25; PSNP (26, 27): PDU length 8,
// source ID 10. System IDs are 6 bytes (the ID length is not honoured).
struct IsisFields {
  uint8_t type;
};

enum IsisKind { kHello, kP2pHello, kLsp, kCsnp, kPsnp, kUnknown };

IsisKind isis_kind(uint8_t t) {
  switch (t) {
    case 15: case 16: return kHello;
    case 17: return kP2pHello;
    case 18: case 20: return kLsp;
    case 24: case 25: return kCsnp;
    case 26: case 27: return kPsnp;
    default: return kUnknown;
  }
}

void decode_isis(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<IsisFields>();
  f = {};
  if (!du::whole_message(in, layer, res, 8, "truncated_isis")) return;
  f.type = in.frame[in.offset + 4] & 0x1f;
}

// "2222.2222.2222", then ".01" (pseudonode) and "-00" (LSP fragment) for
// 7- and 8-byte IDs, as Wireshark prints FT_SYSTEM_ID.
template <size_t N>
void system_id(fmt::Text<N>& t, const uint8_t* p, int n) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < n; ++i) {
    if (i == 2 || i == 4 || i == 6) t.put('.');
    if (i == 7) t.put('-');
    t.put(kHex[p[i] >> 4]);
    t.put(kHex[p[i] & 15]);
  }
}

template <uint32_t Off, int N>
void isis_id_at(const FieldCtx& c, FieldOut& o) {
  if (Off + N > c.layer->hdr_len) return;
  fmt::Text<32> t;
  system_id(t, c.pkt.data() + c.layer->offset + Off, N);
  o.value(t.view());
}

// The LSP's Fletcher checksum (ISO 8473) over the LSP ID to the end of the
// PDU, checked as Wireshark does: both running sums are zero with the
// checksum in place. A zero checksum or a PDU not wholly captured is not
// checked.
bool lsp_checksum_ok(const uint8_t* p, uint32_t captured) {
  uint32_t len = load_be16(p + 8);
  if (load_be16(p + 24) == 0 || len < 27 || len > captured) return true;
  uint32_t c0 = 0, c1 = 0;
  for (uint32_t i = 12; i < len; ++i) {
    c0 = (c0 + p[i]) % 255;
    c1 = (c1 + c0) % 255;
  }
  return c0 == 0 && c1 == 0;
}

void info_isis(const FieldCtx& c, TextOut& o) {
  uint8_t type = du::get<IsisFields>(c).type;
  const uint8_t* p = c.pkt.data() + c.layer->offset;
  uint32_t n = c.layer->hdr_len;
  fmt::Text<256> t;
  const char* level = (type == 15 || type == 18 || type == 24 || type == 26) ? "L1 " : "L2 ";
  switch (isis_kind(type)) {
    case kHello:
    case kP2pHello:
      t.s(type == 17 ? "P2P " : level).s("HELLO");
      if (n >= 15) t.s(", System-ID: "), system_id(t, p + 9, 6);
      break;
    case kLsp:
      t.s(level).s("LSP");
      if (n >= 26) {
        t.s(", LSP-ID: ");
        system_id(t, p + 12, 8);
        t.s(", Sequence: ").h(load_be32(p + 20), 8).s(", Lifetime: ");
        char life[8];
        int k = std::snprintf(life, sizeof life, "%5u", unsigned(load_be16(p + 10)));
        t.s(std::string_view(life, k > 0 ? size_t(k) : 0)).s("s");
        if (!lsp_checksum_ok(p, n)) t.s(" [ISIS CHECKSUM INCORRECT]");
      }
      break;
    case kCsnp:
      t.s(level).s("CSNP");
      if (n >= 33) {
        t.s(", Source-ID: "), system_id(t, p + 10, 7);
        t.s(", Start LSP-ID: "), system_id(t, p + 17, 8);
        t.s(", End LSP-ID: "), system_id(t, p + 25, 8);
      }
      break;
    case kPsnp:
      t.s(level).s("PSNP");
      if (n >= 17) t.s(", Source-ID: "), system_id(t, p + 10, 7);
      break;
    default:
      t.s("Unknown ISIS Packet Type");
  }
  t.to(o);
}

void names_isis(const FieldCtx& c, const char*& name, const char*& display) {
  switch (isis_kind(du::get<IsisFields>(c).type)) {
    case kHello: case kP2pHello: name = "isis:isis.hello", display = "ISIS HELLO"; break;
    case kLsp: name = "isis:isis.lsp", display = "ISIS LSP"; break;
    case kCsnp: name = "isis:isis.csnp", display = "ISIS CSNP"; break;
    case kPsnp: name = "isis:isis.psnp", display = "ISIS PSNP"; break;
    default: break;
  }
}

bool isis_any_hello(const FieldCtx& c) {
  IsisKind k = isis_kind(du::get<IsisFields>(c).type);
  return k == kHello || k == kP2pHello;
}
template <IsisKind K>
bool isis_is(const FieldCtx& c) {
  return isis_kind(du::get<IsisFields>(c).type) == K;
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
  r.add_field({"ospf.auth.type", Proto::Ospf, du::when<ospf_v2, du::uint_at<14, 2>>});
  r.add_field({"ospf.instance_id", Proto::Ospf, du::when<ospf_v3, du::uint_at<14, 1>>});
  r.add_field({"ospf.hello.network_mask", Proto::Ospf, du::when<ospf_hello2, du::ipv4_at<24>>});
  r.add_field({"ospf.hello.interface_id", Proto::Ospf, du::when<ospf_hello3, du::uint_at<16, 4>>});
  r.add_field({"ospf.hello.hello_interval", Proto::Ospf, ospf_hello_both<du::uint_at<28, 2>, du::uint_at<24, 2>>});
  r.add_field({"ospf.hello.router_priority", Proto::Ospf, ospf_hello_both<du::uint_at<31, 1>, du::uint_at<20, 1>>});
  r.add_field({"ospf.hello.router_dead_interval", Proto::Ospf, ospf_hello_both<du::uint_at<32, 4>, du::uint_at<26, 2>>});
  r.add_field({"ospf.hello.designated_router", Proto::Ospf, ospf_hello_both<du::ipv4_at<36>, du::ipv4_at<28>>});
  r.add_field({"ospf.hello.backup_designated_router", Proto::Ospf, ospf_hello_both<du::ipv4_at<40>, du::ipv4_at<32>>});
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
  r.add_proto({Proto::Osi, "osi", "OSI", decode_osi, info_osi, names_osi});
  r.add_dispatch(Table::EtherType, 0x00fe, Proto::Osi);  // OSI over GRE (no Ethernet type is this small)
  r.add_proto({Proto::Isis, "isis", "ISIS", decode_isis, info_isis, names_isis});
  r.add_field({"isis.irpd", Proto::Isis, du::uint_at<0, 1, 0, 2>});
  r.add_field({"isis.len", Proto::Isis, du::uint_at<1, 1>});
  r.add_field({"isis.version", Proto::Isis, du::uint_at<2, 1>});
  r.add_field({"isis.sysid_len", Proto::Isis, du::uint_at<3, 1>});
  r.add_field({"isis.type", Proto::Isis, du::uint_at<4, 1, 0x1f>});
  r.add_field({"isis.version2", Proto::Isis, du::uint_at<5, 1>});
  r.add_field({"isis.reserved", Proto::Isis, du::uint_at<6, 1>});
  r.add_field({"isis.max_area_adr", Proto::Isis, du::uint_at<7, 1>});
  r.add_field({"isis.hello.circuit_type", Proto::Isis, du::when<isis_any_hello, du::uint_at<8, 1, 0x03, 2>>});
  r.add_field({"isis.hello.source_id", Proto::Isis, du::when<isis_any_hello, isis_id_at<9, 6>>});
  r.add_field({"isis.hello.holding_timer", Proto::Isis, du::when<isis_any_hello, du::uint_at<15, 2>>});
  r.add_field({"isis.hello.pdu_length", Proto::Isis, du::when<isis_any_hello, du::uint_at<17, 2>>});
  r.add_field({"isis.hello.priority", Proto::Isis, du::when<isis_is<kHello>, du::uint_at<19, 1, 0x7f>>});
  r.add_field({"isis.hello.lan_id", Proto::Isis, du::when<isis_is<kHello>, isis_id_at<20, 7>>});
  r.add_field({"isis.hello.local_circuit_id", Proto::Isis, du::when<isis_is<kP2pHello>, du::uint_at<19, 1>>});
  r.add_field({"isis.lsp.pdu_length", Proto::Isis, du::when<isis_is<kLsp>, du::uint_at<8, 2>>});
  r.add_field({"isis.lsp.remaining_life", Proto::Isis, du::when<isis_is<kLsp>, du::uint_at<10, 2>>});
  r.add_field({"isis.lsp.lsp_id", Proto::Isis, du::when<isis_is<kLsp>, isis_id_at<12, 8>>});
  r.add_field({"isis.lsp.sequence_number", Proto::Isis, du::when<isis_is<kLsp>, du::uint_at<20, 4, 0, 8>>});
  r.add_field({"isis.lsp.checksum", Proto::Isis, du::when<isis_is<kLsp>, du::uint_at<24, 2, 0, 4>>});
  r.add_field({"isis.lsp.is_type", Proto::Isis, du::when<isis_is<kLsp>, du::uint_at<26, 1, 0x03>>});
  r.add_field({"isis.csnp.pdu_length", Proto::Isis, du::when<isis_is<kCsnp>, du::uint_at<8, 2>>});
  r.add_field({"isis.csnp.source_id", Proto::Isis, du::when<isis_is<kCsnp>, isis_id_at<10, 6>>});
  r.add_field({"isis.csnp.end_lsp_id", Proto::Isis, du::when<isis_is<kCsnp>, isis_id_at<25, 8>>});
  r.add_field({"isis.psnp.pdu_length", Proto::Isis, du::when<isis_is<kPsnp>, du::uint_at<8, 2>>});
  r.add_field({"isis.psnp.source_id", Proto::Isis, du::when<isis_is<kPsnp>, isis_id_at<10, 6>>});
}

}  // namespace weir
