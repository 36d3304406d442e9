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
  // A length field of 0 is EtherType 0 to Wireshark (ETHERTYPE_UNK): an
  // Ethernet II frame nothing decodes.
  if (f.type <= 1500 && f.type != 0) {
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
// tshark's EtherType names (eth.type's), which its info shows for a type
// nothing decodes (else "Ethernet II").
struct EtherTypeName {
  uint16_t type;
  const char* name;
};
constexpr EtherTypeName kEtherTypes[] = {
    {0x0600, "XNS Internet Datagram Protocol"},
    {0x0800, "IPv4"},
    {0x0805, "X.25 Layer 3"},
    {0x0806, "ARP"},
    {0x0842, "Wake on LAN"},
    {0x08f0, "WiMax Mac-to-Mac"},
    {0x08ff, "AX.25"},
    {0x0bad, "Vines IP"},
    {0x0baf, "Vines Echo"},
    {0x1984, "Netmon Train"},
    {0x2001, "Cisco Group Management Protocol"},
    {0x22e5, "Gigamon Header"},
    {0x22ea, "802.1Qat Multiple Stream Reservation Protocol"},
    {0x22f0, "IEEE 1722 Audio Video Transport Protocol"},
    {0x22f1, "Robust Header Compression(RoHC)"},
    {0x22f3, "Transparent Interconnection of Lots of Links"},
    {0x22f4, "Intermediate System to Intermediate System"},
    {0x2452, "IEEE 802.11 (Centrino promiscuous)"},
    {0x3c07, "3Com NBP Datagram"},
    {0x3e3f, "EPL_V1"},
    {0x6000, "DEC proto"},
    {0x6001, "DEC DNA Dump/Load"},
    {0x6002, "DEC DNA Remote Console"},
    {0x6003, "DEC DNA Routing"},
    {0x6004, "DEC LAT"},
    {0x6005, "DEC Diagnostics"},
    {0x6006, "DEC Customer use"},
    {0x6007, "DEC LAVC/SCA"},
    {0x6558, "Transparent Ethernet bridging"},
    {0x8021, "PPP IP Control Protocol"},
    {0x8035, "RARP"},
    {0x8038, "DEC LanBridge"},
    {0x8041, "DEC LAST"},
    {0x809b, "AppleTalk LLAP bridging"},
    {0x80d5, "SNA-over-Ethernet"},
    {0x80e1, "EtherNet/IP Device Level Ring"},
    {0x80f3, "AARP"},
    {0x80fd, "PPP Compression Control Protocol"},
    {0x80ff, "Wellfleet Compression Protocol"},
    {0x8100, "802.1Q Virtual LAN"},
    {0x8102, "Simple Loop Protection Protocol"},
    {0x8103, "Virtual LACP"},
    {0x8104, "Simple Loop Protection Protocol (old)"},
    {0x8133, "Juniper Netscreen Redundant Protocol"},
    {0x8137, "Netware IPX/SPX"},
    {0x8181, "Spanning Tree Protocol"},
    {0x81fd, "Cabletron Interswitch Message Protocol"},
    {0x81ff, "Cabletron SFVLAN 1.8 Tag-Based Flood"},
    {0x8204, "QNX 6 QNET protocol"},
    {0x86dd, "IPv6"},
    {0x872d, "Cisco Wireless Lan Context Control Protocol"},
    {0x8783, "Motorola Media Independent Network Transport"},
    {0x8808, "MAC Control"},
    {0x8809, "Slow Protocols"},
    {0x8819, "Cirrus Cobranet Packet"},
    {0x8847, "MPLS label switched packet"},
    {0x8848, "MPLS multicast label switched packet"},
    {0x885a, "Foundry proprietary"},
    {0x8863, "PPPoE Discovery"},
    {0x8864, "PPPoE Session"},
    {0x886c, "HomePNA, wlan link local tunnel"},
    {0x886d, "Intel ANS probe"},
    {0x886f, "MS NLB heartbeat"},
    {0x8870, "Jumbo LLC"},
    {0x8874, "Broadcom tag"},
    {0x887b, "Homeplug"},
    {0x8881, "CDMA2000 A10 Unstructured byte stream"},
    {0x8884, "ATM over Ethernet"},
    {0x888e, "802.1X Authentication"},
    {0x8892, "PROFINET"},
    {0x8899, "Realtek Layer 2 Protocols"},
    {0x889b, "CSM_ENCAPS Protocol"},
    {0x88a1, "Telkonet powerline"},
    {0x88a2, "ATA over Ethernet"},
    {0x88a4, "EtherCAT frame"},
    {0x88a8, "802.1ad Provider Bridge (Q-in-Q)"},
    {0x88ab, "ETHERNET Powerlink v2"},
    {0x88ad, "XiMeta Technology"},
    {0x88b4, "WAI Authentication Protocol"},
    {0x88b5, "Local Experimental Ethertype 1"},
    {0x88b6, "Local Experimental Ethertype 2"},
    {0x88b7, "IEEE 802a OUI Extended Ethertype"},
    {0x88b8, "IEC 61850/GOOSE"},
    {0x88b9, "IEC 61850/GSE management services"},
    {0x88ba, "IEC 61850/SV (Sampled Value Transmission"},
    {0x88c7, "802.11i Pre-Authentication"},
    {0x88ca, "Transparent Inter Process Communication"},
    {0x88cc, "802.1 Link Layer Discovery Protocol (LLDP)"},
    {0x88d2, "CDMA2000 A10 3GPP2 Packet"},
    {0x88d8, "Circuit Emulation Services over Ethernet (MEF8)"},
    {0x88d9, "Link Layer Topology Discovery (LLTD)"},
    {0x88dc, "(WAVE) Short Message Protocol (WSM)"},
    {0x88de, "VMware Lab Manager"},
    {0x88e1, "Homeplug AV"},
    {0x88e3, "MRP"},
    {0x88e5, "802.1AE (MACsec)"},
    {0x88e7, "802.1ah Provider Backbone Bridge (mac-in-mac)"},
    {0x88ee, "Ethernet Local Management Interface (MEF16)"},
    {0x88f6, "802.1ak Multiple Mac Registration Protocol"},
    {0x88f7, "PTPv2 over Ethernet (IEEE1588)"},
    {0x88f8, "Network Controller Sideband Interface"},
    {0x88fb, "Parallel Redundancy Protocol (PRP) and HSR Supervision (IEC62439 Part 3)"},
    {0x8901, "Flow Layer Internal Protocol"},
    {0x8902, "IEEE 802.1ag Connectivity Fault Management (CFM) protocol"},
    {0x8903, "Data Center Ethernet (DCE) protocol(Cisco)"},
    {0x8906, "Fibre Channel over Ethernet"},
    {0x8909, "CiscoMetaData"},
    {0x890d, "IEEE 802.11 data encapsulation"},
    {0x8911, "LINX IPC Protocol"},
    {0x8914, "FCoE Initialization Protocol"},
    {0x8915, "RDMA over Converged Ethernet"},
    {0x8917, "Media Independent Handover Protocol"},
    {0x891d, "TTEthernet Protocol Control Frame"},
    {0x8926, "VN-Tag"},
    {0x892b, "Schweitzer Engineering Labs Layer 2 Protocol"},
    {0x892d, "bluecom Protocol"},
    {0x892f, "High-availability Seamless Redundancy (IEC62439 Part 3)"},
    {0x893a, "1905.1a Convergent Digital Home Network for Heterogenous Technologies"},
    {0x893f, "802.1br Bridge Port Extension E-Tag"},
    {0x8947, "GeoNetworking"},
    {0x894f, "Network Service Header"},
    {0x8988, "PA HB Backup"},
    {0x9000, "Loopback"},
    {0x9021, "Real-Time Media Access Control"},
    {0x9022, "Real-Time Configuration Protocol"},
    {0x9100, "QinQ: old non-standard 802.1ad"},
    {0x9104, "EERO Broadcast Packet"},
    {0x99fe, "Technically Enhanced Capture Module Protocol (TECMP)"},
    {0xa0ed, "6LoWPAN"},
    {0xaefe, "eCPRI"},
    {0xb4e3, "CableLabs Layer-3 Protocol"},
    {0xc021, "PPP Link Control Protocol"},
    {0xc023, "PPP Password Authentication Protocol"},
    {0xc0de, "eXpressive Internet Protocol"},
    {0xc0df, "Neighborhood Watch Protocol"},
    {0xcafe, "Veritas Low Latency Transport (not officially registered)"},
    {0xd00d, "Digium TDM over Ethernet Protocol"},
    {0xd28b, "Arista Timestamp"},
    {0xe555, "EXos internal Extra Header"},
    {0xf1c1, "802.1CB Frame Replication and Elimination for Reliability"},
    {0xfff2, "Cisco ACI ARP gleaning"}
};

const char* ethertype_name(uint16_t t) {
  size_t lo = 0, hi = std::size(kEtherTypes);
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (kEtherTypes[mid].type < t) lo = mid + 1;
    else hi = mid;
  }
  return lo < std::size(kEtherTypes) && kEtherTypes[lo].type == t ? kEtherTypes[lo].name : nullptr;
}

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
    const char* n = ethertype_name(f.type);
    t.s(n ? n : "Ethernet II");
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
    } else if (f.oui == 0x00000c && f.pid == 0x2004) {  // Cisco Dynamic Trunk Protocol
      res.next_proto = Proto::Dtp;
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
  // tshark takes no frame with the version bit set, or not longer than its
  // SecTAG and the 16-byte ICV (the bytes are then data).
  if (in.avail < 1 || (in.frame[in.offset] & 0x80) ||
      in.avail <= ((in.frame[in.offset] & 0x20) ? 14u : 6u) + 16u)
    return du::decline(in, layer, res);
  if (!c.u8(f.tci_an) || !c.u8(f.short_len) || !c.be32(f.pn) || ((f.tci_an & 0x20) && !c.skip(8)))
    return du::truncated(in, layer, res, "truncated_macsec_header");
  f.has_sci = f.tci_an & 0x20;
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
  r.add_proto({Proto::Macsec, "macsec", "MACSEC", decode_macsec,
               [](const FieldCtx&, TextOut& o) { o.append("MACsec frame"); }});
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
  r.add_proto({Proto::Arista, "avsp", "AVSP", decode_arista,
               [](const FieldCtx&, TextOut&) {}});  // (tshark writes no info)
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
