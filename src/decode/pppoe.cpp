// PPPoE session stage (RFC 2516) and PPP (RFC 1661) framing. The PPP
// protocol number keys the PppProto table (0x0021 IPv4, 0x0057 IPv6, ...).
#include "app_text.hpp"
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

struct PppoeFields {
  uint8_t ver_type, code;
  uint16_t session, length;
};

struct PppFields {
  bool has_addr_ctl;
  uint8_t address, control;
  uint16_t protocol;
  uint8_t proto_len;  // 1 when protocol-field compression is used
};

void decode_pppoes(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<PppoeFields>();
  f = {};
  ByteCursor c = in.cursor();
  if (!c.u8(f.ver_type) || !c.u8(f.code) || !c.be16(f.session) || !c.be16(f.length))
    return du::truncated(in, layer, res, "truncated_pppoe_header");
  layer.hdr_len = 6;
  uint32_t rest = in.claimed > 6 ? in.claimed - 6 : 0;
  layer.payload_len = du::min32(f.length, rest);
  if (f.ver_type != 0x11) res.anomaly = "bad_pppoe_version";
  if (f.code == 0) res.next_proto = Proto::Ppp;
}

void info_pppoes(const FieldCtx& c, TextOut& o) {
  const auto& f = du::get<PppoeFields>(c);
  du::Text t;
  t.s("PPPoE session ").h(f.session, 4);
  t.to(o);
}

void decode_ppp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<PppFields>();
  f = {};
  ByteCursor c = in.cursor();
  uint16_t first = 0;
  if (c.peek_be16(0, first) && first == 0xff03) {
    f.has_addr_ctl = true;
    c.u8(f.address);
    c.u8(f.control);
  }
  uint8_t b0 = 0, b1 = 0;
  if (!c.u8(b0)) return du::truncated(in, layer, res, "truncated_ppp_header");
  if (b0 & 1) {  // protocol-field compression: odd first byte is the whole number
    f.protocol = b0;
    f.proto_len = 1;
  } else {
    if (!c.u8(b1)) return du::truncated(in, layer, res, "truncated_ppp_header");
    f.protocol = uint16_t(b0 << 8 | b1);
    f.proto_len = 2;
  }
  layer.hdr_len = uint32_t(c.offset());
  layer.payload_len = in.claimed > layer.hdr_len ? in.claimed - layer.hdr_len : 0;
  res.next = Table::PppProto;
  res.key1 = f.protocol;
}

// A PPP payload nothing decodes: tshark's columns name the protocol number
// ("0x1234", "PPP Unknown (0x1234)").
void info_ppp(const FieldCtx& c, TextOut& o) {
  if (!du::next_is_data(c)) return;
  du::Text t;
  t.s("PPP Unknown (").h(du::get<PppFields>(c).protocol, 4).s(")");
  t.to(o);
}

void names_ppp(const FieldCtx& c, const char*&, const char*& display) {
  if (du::next_is_data(c)) display = du::hex_name(du::get<PppFields>(c).protocol, 4);
}

// PPP's control protocols (LCP, IPCP, IPv6CP, PAP, CHAP): code,
// identifier, length; tshark's columns "PPP LCP" and the code's name.
struct PppCtlFields {
  uint16_t protocol;
};

void decode_pppctl(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<PppCtlFields>();
  f = {};
  int parent = in.self - 1;
  if (parent >= 0 && in.pkt->layers[parent].proto == Proto::Ppp) f.protocol = in.pkt->layers[parent].as<PppFields>().protocol;
  if (!du::whole_message(in, layer, res, 4, "truncated_ppp_control")) return;
}

const char* pppctl_code(uint16_t proto, uint8_t code) {
  if (proto == 0xc023) {  // PAP
    static const char* const k[] = {nullptr, "Authenticate-Request", "Authenticate-Ack", "Authenticate-Nak"};
    return code < 4 ? k[code] : nullptr;
  }
  if (proto == 0xc223) {  // CHAP
    static const char* const k[] = {nullptr, "Challenge", "Response", "Success", "Failure"};
    return code < 5 ? k[code] : nullptr;
  }
  static const char* const k[] = {nullptr, "Configuration Request", "Configuration Ack", "Configuration Nak",
                                  "Configuration Reject", "Termination Request", "Termination Ack", "Code Reject",
                                  "Protocol Reject", "Echo Request", "Echo Reply", "Discard Request",
                                  "Identification", "Time Remaining"};
  if (proto != 0xc021 && code > 7) return nullptr;  // (NCPs have codes 1-7)
  return code < 14 ? k[code] : nullptr;
}

// PAP and CHAP details, as tshark: the peer ID and password of a PAP
// request, the message of its answers; a CHAP challenge's or response's
// name and value, the message of success and failure.
void pppctl_details(const FieldCtx& c, uint16_t proto, uint8_t code, app::Text<512>& t) {
  const uint8_t* p = c.pkt.data() + c.layer->offset;
  uint32_t end = du::min32(c.layer->hdr_len, load_be16(p + 2));
  auto str = [&](uint32_t at, uint32_t n) { app::append_text(t, p + at, n); };
  if (end < 4) return;
  if (proto == 0xc023 && code == 1) {
    if (end < 5) return;
    uint32_t id = p[4];
    if (5 + id + 1 > end) return;
    uint32_t pw = p[5 + id];
    if (6 + id + pw > end) return;
    t.s(" (Peer-ID='");
    str(5, id);
    t.s("', Password='");
    str(6 + id, pw);
    t.s("')");
  } else if (proto == 0xc023 && (code == 2 || code == 3)) {
    if (end < 5 || 5u + p[4] > end) return;
    t.s(" (Message='");
    str(5, p[4]);
    t.s("')");
  } else if (proto == 0xc223 && (code == 1 || code == 2)) {
    if (end < 5 || 5u + p[4] > end) return;
    uint32_t vs = p[4];
    t.s(" (NAME='");
    str(5 + vs, end - 5 - vs);
    t.s("', VALUE=0x");
    char hx[2 * 255];
    t.s(std::string_view(hx, fmt::hexbytes(hx, p + 5, vs, 0)));
    t.s(")");
  } else if (proto == 0xc223 && (code == 3 || code == 4)) {
    t.s(" (MESSAGE='");
    str(4, end - 4);
    t.s("')");
  }
}

void info_pppctl(const FieldCtx& c, TextOut& o) {
  if (c.layer->truncated) return;
  uint16_t proto = du::get<PppCtlFields>(c).protocol;
  uint8_t code = du::byte_at(c, 0);
  const char* n = pppctl_code(proto, code);
  app::Text<512> t;
  if (n) t.s(n);
  else t.s("Unknown");
  pppctl_details(c, proto, code, t);
  t.to(o);
}

void names_pppctl(const FieldCtx& c, const char*& name, const char*& display) {
  switch (du::get<PppCtlFields>(c).protocol) {
    case 0xc021: name = "lcp", display = "PPP LCP"; break;
    case 0x8021: name = "ipcp", display = "PPP IPCP"; break;
    case 0x8057: name = "ipv6cp", display = "PPP IPV6CP"; break;
    case 0xc023: name = "pap", display = "PPP PAP"; break;
    case 0xc223: name = "chap", display = "PPP CHAP"; break;
    default: break;
  }
}

}  // namespace

void register_pppoe(Registry& r) {
  r.add_proto({Proto::PppoeSess, "pppoes", "PPPoE Session", decode_pppoes, info_pppoes});
  r.add_proto({Proto::Ppp, "ppp", "PPP", decode_ppp, info_ppp, names_ppp});
  r.add_proto({Proto::PppCtl, "lcp", "PPP LCP", decode_pppctl, info_pppctl, names_pppctl});
  for (uint16_t p : {0xc021, 0x8021, 0x8057, 0xc023, 0xc223}) r.add_dispatch(Table::PppProto, p, Proto::PppCtl);
  r.add_dispatch(Table::EtherType, 0x8864, Proto::PppoeSess);
  r.add_dispatch(Table::EtherType, 0x880b, Proto::Ppp);  // PPP over GRE (PPTP)
  r.add_dispatch(Table::LinkType, 9, Proto::Ppp);        // LINKTYPE_PPP
  r.add_dispatch(Table::LinkType, 50, Proto::Ppp);       // LINKTYPE_PPP_HDLC
  r.add_field({"pppoe.version", Proto::PppoeSess, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 1)) du::dec(o, du::get<PppoeFields>(c).ver_type >> 4);
               }});
  r.add_field({"pppoe.type", Proto::PppoeSess, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 1)) du::dec(o, du::get<PppoeFields>(c).ver_type & 0xf);
               }});
  r.add_field({"pppoe.code", Proto::PppoeSess, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 2)) du::hex(o, du::get<PppoeFields>(c).code, 2);
               }});
  r.add_field({"pppoe.session_id", Proto::PppoeSess, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 4)) du::hex(o, du::get<PppoeFields>(c).session, 4);
               }});
  r.add_field({"pppoe.payload_length", Proto::PppoeSess, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 6)) du::dec(o, du::get<PppoeFields>(c).length);
               }});
  r.add_field({"ppp.protocol", Proto::Ppp, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<PppFields>(c);
                 if (!c.layer->truncated) du::hex(o, f.protocol, 4);
               }});
  r.add_field({"ppp.address", Proto::Ppp, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<PppFields>(c);
                 if (f.has_addr_ctl) du::hex(o, f.address, 2);
               }});
  r.add_field({"ppp.control", Proto::Ppp, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<PppFields>(c);
                 if (f.has_addr_ctl) du::hex(o, f.control, 2);
               }});
}

}  // namespace weir
