// WAN link types: Cisco HDLC (LINKTYPE_C_HDLC 104) with Cisco's SLARP, and
// Frame Relay (LINKTYPE_FRELAY 107), with Wireshark's field names, protocol
// column and info text (tshark 4.0's default Frame Relay encapsulation,
// "FRF 3.2 / Cisco HDLC").
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

// ---------------------------------------------------------------- Cisco HDLC

// What Wireshark's "chdlc.protocol" table decodes; Proto::None for the rest.
Proto chdlc_type_proto(uint16_t type) {
  switch (type) {
    case 0x0800: return Proto::Ipv4;
    case 0x86dd: return Proto::Ipv6;
    case 0x8035: return Proto::Slarp;
    case 0xfefe: return Proto::Osi;
    case 0x2000: return Proto::Cdp;
    case 0x8847: case 0x8848: return Proto::Mpls;
    case 0x6558: return Proto::Eth;  // transparent Ethernet bridging
    case 0x4242: return Proto::Stp;  // a spanning tree BPDU
    default: return Proto::None;
  }
}

// The type field and what follows it, shared by Cisco HDLC and Frame
// Relay's Cisco encapsulation: after the OSI type a padding byte comes
// first unless the next byte is already an OSI NLPID (CLNP, ES-IS, IS-IS).
// `at` is the layer-relative offset after the type; returns the header
// length (with the padding byte) and sets `pad` (-1: none).
uint32_t chdlc_payload(const DecodeInput& in, uint16_t type, uint32_t at, int16_t& pad, DecodeResult& res) {
  pad = -1;
  if (type == 0xfefe && at < in.avail) {
    uint8_t b = in.frame[in.offset + at];
    if (b != 0x81 && b != 0x82 && b != 0x83) {
      pad = b;
      ++at;
    }
  }
  res.next_proto = chdlc_type_proto(type);
  return at;
}

struct ChdlcFields {
  uint16_t type;
  int16_t pad;  // CLNS padding byte, -1 when there is none
};

void decode_chdlc(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<ChdlcFields>();
  f = {0, -1};
  if (in.avail < 4) return du::truncated(in, layer, res, "truncated_chdlc_header");
  f.type = load_be16(in.frame + in.offset + 2);
  layer.hdr_len = chdlc_payload(in, f.type, 4, f.pad, res);
  layer.payload_len = in.claimed > layer.hdr_len ? in.claimed - layer.hdr_len : 0;
}

// Undecoded bytes after the type: tshark's column shows it in hex ("0xfafe").
void names_chdlc(const FieldCtx& c, const char*&, const char*& display) {
  if (du::next_is_data(c)) display = du::hex_name(du::get<ChdlcFields>(c).type, 4);
}

// ---------------------------------------------------------------- SLARP

// Packet type (4 bytes): 0 request and 1 reply carry address and mask, 2
// a line keepalive carries both sequence numbers and the reliability.
uint32_t slarp_type(const FieldCtx& c) {
  uint64_t v = ~0ull;
  du::read_be(c, 0, 4, v);
  return uint32_t(v);
}

void decode_slarp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  if (!du::whole_message(in, layer, res, 4, "truncated_slarp")) return;
  if (layer.hdr_len > 14) layer.hdr_len = 14;
}

void info_slarp(const FieldCtx& c, TextOut& o) {
  uint64_t type = 0, a = 0, b = 0;
  if (!du::read_be(c, 0, 4, type)) return;
  du::Text t;
  if (type == 0 || type == 1) {
    if (!du::read_be(c, 4, 4, a) || !du::read_be(c, 8, 4, b)) return;
    const uint8_t* p = c.pkt.data() + c.layer->offset;
    t.s(type == 0 ? "Request" : "Reply").s(", from ").s(fmt::ipv4(p + 4)).s(", mask ").s(fmt::ipv4(p + 8));
  } else if (type == 2) {
    if (!du::read_be(c, 4, 4, a) || !du::read_be(c, 8, 4, b)) return;
    t.s("Line keepalive, outgoing sequence ").d(a).s(", returned sequence ").d(b);
  } else {
    static constexpr char kHex[] = "0123456789ABCDEF";  // %08X
    char hx[8];
    for (int i = 0; i < 8; ++i) hx[i] = kHex[(type >> (28 - 4 * i)) & 15];
    t.s("Unknown packet type 0x").s(std::string_view(hx, 8));
  }
  t.to(o);
}

bool slarp_addr(const FieldCtx& c) { return slarp_type(c) <= 1; }
bool slarp_keepalive(const FieldCtx& c) { return slarp_type(c) == 2; }

// ---------------------------------------------------------------- Frame Relay

// The address field: 2 octets, or 3 and 4 with EA clear; bit 0 of each
// octet is the extension bit (EA), set on the last. First octet: upper
// DLCI (6 bits), C/R. Second: 4 more DLCI bits, FECN, BECN, DE. A 4-octet
// address has a third octet of 7 DLCI bits; the final octet of a 3- or
// 4-octet address holds the lower DLCI (6 bits) or DL-CORE control, and
// the D/C flag. EA set on the first octet is a bogus 1-octet address
// (DLCI 0). After the address, tshark's default encapsulation (FRF 3.2 /
// Cisco HDLC): a UI control (0x03) starts RFC 2427 (NLPID); on DLCI 0
// anything else is LAPF signalling, 0xaf/0xbf an XID; else a Cisco HDLC
// type tshark decodes; else RFC 2427 if a known NLPID follows the control
// field; else raw Ethernet if it looks like Ethernet; else bytes.
struct FrFields {
  uint32_t dlci;
  uint8_t seen;       // address octets captured (at most 4 used)
  bool complete;      // the address ended (EA set) within the capture
  bool bogus;         // EA set on the first octet
  bool four;          // 4-octet address (the third octet carries DLCI bits)
  uint16_t addr_len;  // address octets (valid when complete)
  uint8_t ctrl_len;   // 0, 1 (unnumbered), 2 (extended I and S frames)
  int16_t nlpid;      // -1: none shown
  int16_t pad;        // padding octet before the NLPID (0), or CHDLC's CLNS one (-1: none)
  int32_t cisco_type; // Cisco encapsulation type (-1: none)
};

bool known_nlpid(uint8_t v) { return v == 0x83 || v == 0x81 || v == 0x82 || v == 0x08 || v == 0xcc || v == 0x8e || v == 0x80; }

void decode_fr(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<FrFields>();
  f = {};
  f.nlpid = f.pad = -1;
  f.cisco_type = -1;
  const uint8_t* p = in.frame + in.offset;
  uint32_t n = in.avail, at = 0;
  if (n >= 1 && (p[0] & 1)) {
    f.bogus = true;
    f.seen = 1;
    at = 1;
  } else {
    while (at < n && at < 4) {
      f.seen = uint8_t(at + 1);
      if (p[at++] & 1) break;
    }
    bool ended = f.seen >= 2 && (p[f.seen - 1] & 1);
    if (f.seen >= 3 && !(p[2] & 1)) f.four = true;
    if (!ended && f.seen == 4) {  // octets beyond the fourth are bogus; the last has EA set
      while (at < n && !(p[at] & 1)) ++at;
      ended = at < n;
      if (ended) ++at;
    }
    if (!ended) return du::truncated(in, layer, res, "truncated_fr_address");
    f.dlci = uint32_t(p[0] >> 2) << 4 | p[1] >> 4;
    if (f.four) f.dlci = f.dlci << 7 | (p[2] >> 1);
    uint8_t last = p[at - 1];
    if (at >= 3 && !(last & 2)) f.dlci = f.dlci << 6 | (last >> 2);  // D/C clear: lower DLCI
  }
  f.complete = true;
  f.addr_len = uint16_t(at > 0xffff ? 0xffff : at);
  layer.hdr_len = at;
  layer.payload_len = in.claimed > at ? in.claimed - at : 0;
  if (at >= n) return;  // nothing after the address was captured
  uint8_t ctrl = p[at];
  bool rfc2427 = ctrl == 0x03;
  if (!rfc2427) {
    if (f.dlci == 0 || ctrl == 0xaf || ctrl == 0xbf) {
      // LAPF or XID: the control field is shown, the bytes (from the
      // control on) are data.
      f.ctrl_len = (ctrl & 3) == 3 ? 1 : 2;
      return;
    }
    if (at + 2 <= n) {
      uint16_t type = load_be16(p + at);
      if (chdlc_type_proto(type) != Proto::None) {
        f.cisco_type = type;
        layer.hdr_len = chdlc_payload(in, type, at + 2, f.pad, res);
        layer.payload_len = in.claimed > layer.hdr_len ? in.claimed - layer.hdr_len : 0;
        return;
      }
      uint32_t q = at;
      uint8_t c2 = p[q];
      if (c2 == 0 && q + 1 < n) c2 = p[++q];
      q += (c2 & 3) == 3 ? 1 : 2;
      rfc2427 = q < n && known_nlpid(p[q]);
    }
    if (!rfc2427) {
      if (at + 14 <= n) {
        uint16_t tl = load_be16(p + at + 12);
        if (tl <= 1500 || tl == 0x0800 || tl == 0x86dd || tl == 0x0806 || tl == 0x8100) res.next_proto = Proto::Eth;
      }
      return;
    }
  }
  f.ctrl_len = (ctrl & 3) == 3 ? 1 : 2;
  at += f.ctrl_len;
  if (at < n && p[at] == 0) {
    f.pad = 0;
    ++at;
  }
  if (at >= n) {
    layer.hdr_len = du::min32(at, n);
    return;
  }
  uint8_t nlpid = p[at];
  f.nlpid = nlpid;
  switch (nlpid) {
    case 0x83: res.next_proto = Proto::Isis; break;  // an OSI PDU starts with its NLPID
    case 0x81: case 0x82: case 0x08: break;           // CLNP, ES-IS, Q.933: not decoded
    case 0xcc: res.next_proto = Proto::Ipv4; ++at; break;
    case 0x8e: res.next_proto = Proto::Ipv6; ++at; break;
    default: ++at; break;
  }
  layer.hdr_len = at;
  layer.payload_len = in.claimed > at ? in.claimed - at : 0;
}

// The control field as Wireshark's xdlc code appends it to the info
// (extended mode: I and S frames have 2 octets, read little endian).
template <size_t N>
void xdlc_info(fmt::Text<N>& t, const uint8_t* p, uint32_t n, bool response) {
  if (n < 1) return;
  uint8_t c0 = p[0];
  if ((c0 & 3) == 3) {  // unnumbered: 1 octet; only UI is named here
    if ((c0 & 0xec) != 0x00) return;
    t.s(", U");
    if (c0 & 0x10) t.s(response ? " F" : " P");
    t.s(", func=UI");
    return;
  }
  if (n < 2) return;
  uint16_t v = uint16_t(c0 | p[1] << 8);
  if ((c0 & 1) == 0) {
    t.s(", I").s(v & 0x100 ? " P" : "").s(", N(R)=").d(v >> 9).s(", N(S)=").d((v >> 1) & 0x7f);
    return;
  }
  static const char* const kS[] = {"RR", "RNR", "REJ", "SREJ"};
  t.s(", S");
  if (v & 0x100) t.s(response ? " F" : " P");
  t.s(", func=").s(kS[(c0 >> 2) & 3]).s(", N(R)=").d(v >> 9);
}

void info_fr(const FieldCtx& c, TextOut& o) {
  const auto& f = du::get<FrFields>(c);
  if (!f.complete) return;
  du::Text t;
  t.s("DLCI ").d(f.dlci);
  uint32_t at = c.layer->offset + f.addr_len;
  if (f.ctrl_len != 0 && at < c.pkt.caplen()) {
    bool response = !f.bogus && (c.pkt.data()[c.layer->offset] & 2);
    xdlc_info(t, c.pkt.data() + at, c.pkt.caplen() - at, response);
  }
  t.to(o);
}

const uint8_t* fr_bytes(const FieldCtx& c) { return c.pkt.data() + c.layer->offset; }
bool fr_first(const FieldCtx& c) { return du::get<FrFields>(c).seen >= 1 && !du::get<FrFields>(c).bogus; }
bool fr_second(const FieldCtx& c) { return du::get<FrFields>(c).seen >= 2; }
bool fr_third(const FieldCtx& c) { return du::get<FrFields>(c).four; }

// The final octet of a complete 3- or 4-octet address.
bool fr_final_octet(const FieldCtx& c, uint8_t& o) {
  const auto& f = du::get<FrFields>(c);
  if (!f.complete || f.addr_len < 3) return false;
  o = fr_bytes(c)[f.addr_len - 1];
  return true;
}

void fr_ea(const FieldCtx& c, FieldOut& o) {
  const uint8_t* p = fr_bytes(c);
  if (fr_first(c)) du::boolean(o, p[0] & 1);
  if (fr_second(c)) du::boolean(o, p[1] & 1);
  if (fr_third(c)) du::boolean(o, p[2] & 1);
  uint8_t v;
  if (fr_final_octet(c, v)) du::boolean(o, v & 1);
}

template <uint8_t Bit>
void fr_second_bit(const FieldCtx& c, FieldOut& o) {
  if (fr_second(c)) du::boolean(o, fr_bytes(c)[1] & Bit);
}

}  // namespace

void register_wan(Registry& r) {
  r.add_proto({Proto::Chdlc, "chdlc", "CHDLC", decode_chdlc, nullptr, names_chdlc});
  r.add_dispatch(Table::LinkType, linktype::kChdlc, Proto::Chdlc);
  r.add_field({"chdlc.address", Proto::Chdlc, du::uint_at<0, 1, 0, 2>});
  r.add_field({"chdlc.control", Proto::Chdlc, du::uint_at<1, 1, 0, 2>});
  r.add_field({"chdlc.protocol", Proto::Chdlc, du::uint_at<2, 2, 0, 4>});
  r.add_field({"chdlc.clns_padding", Proto::Chdlc, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<ChdlcFields>(c);
                 if (!c.layer->truncated && f.pad >= 0) du::hex(o, uint8_t(f.pad), 2);
               }});

  r.add_proto({Proto::Slarp, "slarp", "SLARP", decode_slarp, info_slarp});
  r.add_field({"slarp.ptype", Proto::Slarp, du::uint_at<0, 4>});
  r.add_field({"slarp.address", Proto::Slarp, du::when<slarp_addr, du::ipv4_at<4>>});
  r.add_field({"slarp.netmask", Proto::Slarp, du::when<slarp_addr, du::ipv4_at<8>>});
  r.add_field({"slarp.mysequence", Proto::Slarp, du::when<slarp_keepalive, du::uint_at<4, 4>>});
  r.add_field({"slarp.yoursequence", Proto::Slarp, du::when<slarp_keepalive, du::uint_at<8, 4>>});
  r.add_field({"slarp.reliability", Proto::Slarp, du::when<slarp_keepalive, du::uint_at<12, 2, 0, 4>>});

  r.add_proto({Proto::Fr, "fr", "FR", decode_fr, info_fr});
  r.add_dispatch(Table::LinkType, linktype::kFrelay, Proto::Fr);
  r.add_field({"fr.dlci", Proto::Fr, [](const FieldCtx& c, FieldOut& o) {
                 if (du::get<FrFields>(c).complete) du::dec(o, du::get<FrFields>(c).dlci);
               }});
  r.add_field({"fr.first_addr_octet", Proto::Fr, du::when<fr_first, du::uint_at<0, 1, 0, 2>>});
  r.add_field({"fr.upper_dlci", Proto::Fr, du::when<fr_first, du::uint_at<0, 1, 0xfc, 2>>});
  r.add_field({"fr.cr", Proto::Fr, [](const FieldCtx& c, FieldOut& o) {
                 if (fr_first(c)) du::boolean(o, fr_bytes(c)[0] & 2);
               }});
  r.add_field({"fr.second_addr_octet", Proto::Fr, du::when<fr_second, du::uint_at<1, 1, 0, 2>>});
  r.add_field({"fr.second_dlci", Proto::Fr, du::when<fr_second, du::uint_at<1, 1, 0xf0, 2>>});
  r.add_field({"fr.fecn", Proto::Fr, fr_second_bit<8>});
  r.add_field({"fr.becn", Proto::Fr, fr_second_bit<4>});
  r.add_field({"fr.de", Proto::Fr, fr_second_bit<2>});
  r.add_field({"fr.third_addr_octet", Proto::Fr, du::when<fr_third, du::uint_at<2, 1, 0, 2>>});
  r.add_field({"fr.third_dlci", Proto::Fr, du::when<fr_third, du::uint_at<2, 1, 0xfe, 2>>});
  r.add_field({"fr.lower_dlci", Proto::Fr, [](const FieldCtx& c, FieldOut& o) {
                 uint8_t v;
                 if (fr_final_octet(c, v) && !(v & 2)) du::hex(o, v >> 2, 2);
               }});
  r.add_field({"fr.dlcore_control", Proto::Fr, [](const FieldCtx& c, FieldOut& o) {
                 uint8_t v;
                 if (fr_final_octet(c, v) && (v & 2)) du::hex(o, v >> 2, 2);
               }});
  r.add_field({"fr.dc", Proto::Fr, [](const FieldCtx& c, FieldOut& o) {
                 uint8_t v;
                 if (fr_final_octet(c, v)) du::boolean(o, v & 2);
               }});
  r.add_field({"fr.ea", Proto::Fr, fr_ea});
  // tshark shows the control field as one octet, also an extended one.
  r.add_field({"fr.control", Proto::Fr, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<FrFields>(c);
                 uint32_t at = c.layer->offset + f.addr_len;
                 if (f.ctrl_len != 0 && du::frame_has(c.pkt, at, 1)) du::hex(o, c.pkt.data()[at], 2);
               }});
  r.add_field({"fr.nlpid", Proto::Fr, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<FrFields>(c);
                 if (f.pad == 0 && f.cisco_type < 0) du::hex(o, 0, 2);  // the padding octet
                 if (f.nlpid >= 0) du::hex(o, uint8_t(f.nlpid), 2);
               }});
  r.add_field({"fr.chdlctype", Proto::Fr, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<FrFields>(c);
                 if (f.cisco_type >= 0) du::hex(o, uint16_t(f.cisco_type), 4);
               }});
}

}  // namespace weir
