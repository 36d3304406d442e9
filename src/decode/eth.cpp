// Ethernet II, IEEE 802.3 with 802.2 LLC, and SNAP (OUI 0 -> EtherType).
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

struct LlcFields {
  uint8_t dsap, ssap;
  uint16_t control;
  bool snap;
  uint32_t oui;
  uint16_t pid;
};

void decode_eth(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<EthFields>();
  f = {};
  ByteCursor c = in.cursor();
  if (!c.copy(f.dst, 6) || !c.copy(f.src, 6) || !c.be16(f.type)) {
    // Wireshark shows no Ethernet field unless all 14 bytes are there.
    du::truncated(in, layer, res, "truncated_eth_header");
    layer.hdr_len = 0;
    return;
  }
  // Cisco ISL: multicast 01-00-0c-00-00 (or 0c-00-0c-00-00) destination.
  // Wireshark shows its own isl.* fields and no eth.* for it; the 26-byte
  // header is followed by the tagged frame (Ethernet when type is 0).
  if ((f.dst[0] == 0x01 || f.dst[0] == 0x0c) && f.dst[1] == 0 && f.dst[2] == 0x0c && f.dst[3] == 0 &&
      f.dst[4] == 0) {
    f.is_isl = true;
    if (in.avail < 26) return du::truncated(in, layer, res, "truncated_isl_header");
    layer.hdr_len = 26;
    layer.payload_len = in.claimed > 26 ? in.claimed - 26 : 0;
    if ((f.dst[5] >> 4) == 0) res.next_proto = Proto::Eth;
    return;
  }
  layer.hdr_len = 14;
  uint32_t rest = in.claimed > 14 ? in.claimed - 14 : 0;
  if (f.type <= 1500) {
    f.is_8023 = true;
    layer.payload_len = du::min32(f.type, rest);
    uint16_t first = 0;
    // Novell "raw" 802.3 (IPX without LLC) starts with the 0xffff checksum.
    if (c.peek_be16(0, first) && first == 0xffff) {
      res.next_proto = Proto::Ipx;
      return;
    }
    res.next_proto = Proto::Llc;
    return;
  }
  layer.payload_len = rest;
  res.next = Table::EtherType;
  res.key1 = f.type;
}

bool isl(const FieldCtx& c) { return du::get<EthFields>(c).is_isl; }

// An Ethernet II frame whose EtherType nothing decodes: tshark's columns
// name the type ("0x3030") and the frame ("Ethernet II", or the type's
// name for the few it knows without a dissector).
bool undecoded_type(const FieldCtx& c, const EthFields& f) {
  return !f.is_isl && !f.is_8023 && du::next_is_data(c);
}

void names_eth(const FieldCtx& c, const char*&, const char*& display) {
  const auto& f = du::get<EthFields>(c);
  if (undecoded_type(c, f)) display = du::hex_name(f.type, 4);
}

void info_eth(const FieldCtx& c, TextOut& o) {
  const auto& f = du::get<EthFields>(c);
  du::Text t;
  if (f.is_isl) {
    t.s("ISL ").mac(f.src);
    t.to(o);
    return;
  }
  if (undecoded_type(c, f)) {
    t.s(f.type == 0x88b5 ? "Local Experimental Ethertype 1"
        : f.type == 0x88b6 ? "Local Experimental Ethertype 2" : "Ethernet II");
    t.to(o);
    return;
  }
  t.mac(f.src).s(" → ").mac(f.dst);
  if (f.is_8023) t.s(" 802.3 length ").d(f.type);
  else t.s(" type ").h(f.type, 4);
  t.to(o);
}

void decode_llc(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<LlcFields>();
  f = {};
  ByteCursor c = in.cursor();
  uint8_t ctl = 0;
  if (!c.u8(f.dsap) || !c.u8(f.ssap) || !c.u8(ctl)) return du::truncated(in, layer, res, "truncated_llc_header");
  f.control = ctl;
  uint32_t hl = 3;
  if ((ctl & 3) != 3) {  // I- and S-format PDUs have a 2-byte control field
    uint8_t ctl2 = 0;
    if (!c.u8(ctl2)) return du::truncated(in, layer, res, "truncated_llc_header");
    f.control = uint16_t(ctl << 8 | ctl2);
    hl = 4;
  }
  if (f.dsap == 0xaa && f.ssap == 0xaa && hl == 3) {
    f.snap = true;
    if (!c.be24(f.oui) || !c.be16(f.pid)) return du::truncated(in, layer, res, "truncated_snap_header");
    hl = 8;
    if (f.oui == 0 || f.oui == 0x0000f8) {  // RFC 1042 / 802.1H: PID is an EtherType
      res.next = Table::EtherType;
      res.key1 = f.pid;
    } else if (f.oui == 0x00000c && f.pid == 0x010b) {  // Cisco PVST+ BPDU
      res.next_proto = Proto::Stp;
    } else if (f.oui == 0x00000c && f.pid == 0x2000) {  // Cisco Discovery Protocol
      res.next_proto = Proto::Cdp;
    } else if (f.oui == 0x000081 && (f.pid == 0x01a1 || f.pid == 0x01a2)) {  // Nortel Discovery Protocol
      res.next_proto = Proto::Ndp;
    }
  } else if (f.dsap == 0x42 && f.ssap == 0x42 && hl == 3) {  // spanning tree BPDU
    res.next_proto = Proto::Stp;
  } else if (f.dsap == 0xfe && f.ssap == 0xfe && hl == 3) {  // OSI network layer (IS-IS, ...)
    res.next_proto = Proto::Osi;
  } else if (f.dsap == 0xe0 && f.ssap == 0xe0 && hl == 3) {  // Novell IPX
    res.next_proto = Proto::Ipx;
  }
  layer.hdr_len = hl;
  layer.payload_len = in.claimed > hl ? in.claimed - hl : 0;
}

void info_llc(const FieldCtx& c, TextOut& o) {
  const auto& f = du::get<LlcFields>(c);
  du::Text t;
  t.s("DSAP ").h(f.dsap, 2).s(" SSAP ").h(f.ssap, 2);
  if (f.snap) t.s(" SNAP OUI ").h(f.oui, 6).s(" PID ").h(f.pid, 4);
  t.to(o);
}

// Cisco MetaData: version, length, option type, SGT, then an EtherType.
struct CmdFields {
  uint8_t version, length;
  uint16_t option, sgt, type;
};

void decode_cmd(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<CmdFields>();
  f = {};
  ByteCursor c = in.cursor();
  // After Ethernet the inner EtherType ends the header; inside GRE (as seen
  // in captures and decoded so by Wireshark) it comes first.
  bool in_gre = in.pkt && in.self > 0 && in.pkt->layers[in.self - 1].proto == Proto::Gre;
  bool ok = in_gre ? c.be16(f.type) && c.u8(f.version) && c.u8(f.length) && c.be16(f.option) && c.be16(f.sgt)
                   : c.u8(f.version) && c.u8(f.length) && c.be16(f.option) && c.be16(f.sgt) && c.be16(f.type);
  if (!ok) return du::truncated(in, layer, res, "truncated_cisco_metadata");
  layer.hdr_len = 8;
  layer.payload_len = in.claimed > 8 ? in.claimed - 8 : 0;
  res.next = Table::EtherType;
  res.key1 = f.type;
}

// Arista vendor-specific protocol: subtype 1 (timestamp), a version naming
// the timestamp format, the timestamp, then an EtherType.
struct AristaFields {
  uint16_t subtype, version, type;
};

void decode_arista(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<AristaFields>();
  f = {};
  ByteCursor c = in.cursor();
  if (!c.be16(f.subtype) || !c.be16(f.version)) return du::truncated(in, layer, res, "truncated_arista_header");
  // Low byte 0x10: 64-bit timestamp, 0x20: 48-bit (the high byte carries
  // flags); other versions are not decoded further, as in Wireshark.
  size_t ts = (f.version & 0xff) == 0x10 ? 8 : (f.version & 0xff) == 0x20 ? 6 : 0;
  if (f.subtype != 1 || ts == 0) {
    layer.hdr_len = 4;
    res.anomaly = "unknown_arista_header";
    res.stop = true;
    return;
  }
  if (!c.skip(ts) || !c.be16(f.type)) return du::truncated(in, layer, res, "truncated_arista_header");
  layer.hdr_len = uint32_t(c.offset());
  layer.payload_len = in.claimed > layer.hdr_len ? in.claimed - layer.hdr_len : 0;
  res.next = Table::EtherType;
  res.key1 = f.type;
}

// IEEE 802.1AE (MACsec) SecTAG. Integrity-only frames (E and C clear) carry
// the inner EtherType in clear after the tag and end with a 16-byte ICV.
struct MacsecFields {
  uint8_t tci_an, short_len;
  uint32_t pn;
  uint16_t type;
  bool has_sci, clear;
};

void decode_macsec(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<MacsecFields>();
  f = {};
  ByteCursor c = in.cursor();
  if (!c.u8(f.tci_an) || !c.u8(f.short_len) || !c.be32(f.pn)) return du::truncated(in, layer, res, "truncated_macsec_header");
  f.has_sci = f.tci_an & 0x20;
  if (f.has_sci && !c.skip(8)) return du::truncated(in, layer, res, "truncated_macsec_header");
  f.clear = (f.tci_an & 0x0c) == 0;
  uint32_t tag = uint32_t(c.offset());
  uint32_t rest = in.claimed > tag ? in.claimed - tag : 0;
  if (!f.clear) {  // encrypted/modified user data: left as data
    layer.hdr_len = tag;
    layer.payload_len = rest;
    return;
  }
  if (!c.be16(f.type)) return du::truncated(in, layer, res, "truncated_macsec_header");
  layer.hdr_len = tag + 2;
  uint8_t sl = f.short_len & 0x3f;
  // Secure data = short length when non-zero, else everything but the ICV.
  uint32_t secure = sl ? du::min32(sl, rest) : (rest > 16 ? rest - 16 : 0);
  layer.payload_len = secure > 2 ? secure - 2 : 0;
  res.next = Table::EtherType;
  res.key1 = f.type;
}

}  // namespace

void register_eth(Registry& r) {
  r.add_proto({Proto::Macsec, "macsec", "802.1AE Security tag", decode_macsec, nullptr});
  r.add_dispatch(Table::EtherType, 0x88e5, Proto::Macsec);
  r.add_field({"macsec.AN", Proto::Macsec, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 1)) du::hex(o, du::get<MacsecFields>(c).tci_an & 3, 2);
               }});
  r.add_field({"macsec.PN", Proto::Macsec, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 6)) du::dec(o, du::get<MacsecFields>(c).pn);
               }});
  r.add_field({"macsec.etype", Proto::Macsec, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<MacsecFields>(c);
                 if (f.clear && !c.layer->truncated) du::hex(o, f.type, 4);
               }});
  r.add_proto({Proto::CiscoMeta, "cmd", "Cisco MetaData", decode_cmd, nullptr});
  r.add_proto({Proto::Arista, "avsp", "Arista Vendor Specific Protocol", decode_arista, nullptr});
  r.add_dispatch(Table::EtherType, 0x8909, Proto::CiscoMeta);
  r.add_dispatch(Table::EtherType, 0xd28b, Proto::Arista);
  r.add_field({"cmd.sgt", Proto::CiscoMeta, [](const FieldCtx& c, FieldOut& o) {
                 if (!c.layer->truncated) du::dec(o, du::get<CmdFields>(c).sgt);
               }});
  r.add_field({"cmd.type", Proto::CiscoMeta, [](const FieldCtx& c, FieldOut& o) {
                 if (!c.layer->truncated) du::hex(o, du::get<CmdFields>(c).type, 4);
               }});
  r.add_proto({Proto::Eth, "eth", "Ethernet", decode_eth, info_eth, names_eth});
  r.add_proto({Proto::Llc, "llc", "LLC", decode_llc, info_llc});
  r.add_dispatch(Table::LinkType, linktype::kEthernet, Proto::Eth);
  r.add_dispatch(Table::EtherType, 0x6558, Proto::Eth);  // transparent Ethernet bridging (GRE, NVGRE)

  r.add_field({"eth.dst", Proto::Eth, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 6) && !isl(c)) o.value(fmt::mac(du::get<EthFields>(c).dst));
               }});
  r.add_field({"eth.src", Proto::Eth, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 12) && !isl(c)) o.value(fmt::mac(du::get<EthFields>(c).src));
               }});
  r.add_field({"eth.type", Proto::Eth, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<EthFields>(c);
                 if (du::has(c, 14) && !f.is_8023 && !f.is_isl) du::hex(o, f.type, 4);
               }});
  r.add_field({"eth.len", Proto::Eth, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<EthFields>(c);
                 if (du::has(c, 14) && f.is_8023 && !f.is_isl) du::dec(o, f.type);
               }});
  r.add_field({"eth.addr", Proto::Eth, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<EthFields>(c);
                 if (f.is_isl) return;
                 if (du::has(c, 6)) o.value(fmt::mac(f.dst));
                 if (du::has(c, 12)) o.value(fmt::mac(f.src));
               }});
  // Shown under both addresses, destination first, as Wireshark does.
  r.add_field({"eth.ig", Proto::Eth, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<EthFields>(c);
                 if (f.is_isl) return;
                 if (du::has(c, 6)) du::boolean(o, f.dst[0] & 1);
                 if (du::has(c, 12)) du::boolean(o, f.src[0] & 1);
               }});
  r.add_field({"eth.lg", Proto::Eth, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<EthFields>(c);
                 if (f.is_isl) return;
                 if (du::has(c, 6)) du::boolean(o, f.dst[0] & 2);
                 if (du::has(c, 12)) du::boolean(o, f.src[0] & 2);
               }});
  r.add_field({"llc.dsap", Proto::Llc, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 1)) du::hex(o, du::get<LlcFields>(c).dsap, 2);
               }});
  r.add_field({"llc.ssap", Proto::Llc, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 2)) du::hex(o, du::get<LlcFields>(c).ssap, 2);
               }});
  r.add_field({"llc.control", Proto::Llc, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 3)) du::hex(o, du::get<LlcFields>(c).control, 4);
               }});
  r.add_field({"llc.oui", Proto::Llc, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<LlcFields>(c);
                 if (f.snap && du::has(c, 6)) du::dec(o, f.oui);  // BASE_OUI prints decimal
               }});
  r.add_field({"llc.type", Proto::Llc, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<LlcFields>(c);
                 if (f.snap && (f.oui == 0 || f.oui == 0xf8) && du::has(c, 8)) du::hex(o, f.pid, 4);
               }});
}

}  // namespace weir
