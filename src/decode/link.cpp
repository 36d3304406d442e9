// Link-layer pseudo headers: BSD NULL / OpenBSD LOOP (address family),
// Linux cooked capture v1 and v2 (SLL, SLL2), and raw IP link types.
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

struct NullFields {
  uint32_t family;
};

struct SllFields {
  bool v2;
  uint16_t pkttype, hatype, halen, protocol;
  uint32_t ifindex;
  uint8_t addr[8];
};

// BSD address family values for IP across the BSDs, Darwin and Linux.
Proto af_to_proto(uint32_t af) {
  switch (af) {
    case 2: return Proto::Ipv4;
    case 10: case 24: case 28: case 30: return Proto::Ipv6;
    default: return Proto::None;
  }
}

void decode_null(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<NullFields>();
  f = {};
  ByteCursor c = in.cursor();
  uint32_t v = 0;
  if (!c.be32(v)) return du::truncated(in, layer, res, "truncated_null_header");
  // Written in the capturing host's byte order; family numbers are small.
  if (v & 0xffff0000u) v = __builtin_bswap32(v);
  f.family = v;
  layer.hdr_len = 4;
  layer.payload_len = in.claimed > 4 ? in.claimed - 4 : 0;
  res.next_proto = af_to_proto(v);
}

void info_null(const FieldCtx& c, TextOut& o) {
  du::Text t;
  t.s("Family ").d(du::get<NullFields>(c).family);
  t.to(o);
}

void sll_next(SllFields& f, DecodeResult& res) {
  switch (f.protocol) {
    case 0x0004: res.next_proto = Proto::Llc; return;  // LINUX_SLL_P_802_2
    case 0x0001: return;                                // Novell 802.3 raw
    default: break;
  }
  if (f.hatype == 778) {  // ARPHRD_IPGRE: the protocol field is GRE's
    res.next_proto = Proto::Gre;
    return;
  }
  res.next = Table::EtherType;
  res.key1 = f.protocol;
}

void decode_sll(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<SllFields>();
  f = {};
  ByteCursor c = in.cursor();
  f.v2 = in.pkt && in.pkt->pkt && in.pkt->pkt->linktype == linktype::kLinuxSll2;
  if (f.v2) {
    uint16_t reserved = 0;
    uint8_t pt = 0, hl = 0;
    if (!c.be16(f.protocol) || !c.be16(reserved) || !c.be32(f.ifindex) || !c.be16(f.hatype) ||
        !c.u8(pt) || !c.u8(hl) || !c.copy(f.addr, 8))
      return du::truncated(in, layer, res, "truncated_sll2_header");
    f.pkttype = pt;
    f.halen = hl;
    layer.hdr_len = 20;
  } else {
    if (!c.be16(f.pkttype) || !c.be16(f.hatype) || !c.be16(f.halen) || !c.copy(f.addr, 8) ||
        !c.be16(f.protocol))
      return du::truncated(in, layer, res, "truncated_sll_header");
    layer.hdr_len = 16;
  }
  layer.payload_len = in.claimed > layer.hdr_len ? in.claimed - layer.hdr_len : 0;
  sll_next(f, res);
}

void info_sll(const FieldCtx& c, TextOut& o) {
  const auto& f = du::get<SllFields>(c);
  static const char* const kTypes[] = {"Unicast to us", "Broadcast", "Multicast", "Unicast to another host",
                                       "Sent by us"};
  du::Text t;
  t.s(f.pkttype < 5 ? kTypes[f.pkttype] : "Unknown").s(", protocol ").h(f.protocol, 4);
  t.to(o);
}

void decode_raw(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  layer.hdr_len = 0;
  layer.payload_len = in.claimed;
  uint8_t b = 0;
  if (!in.cursor().peek_u8(0, b)) {
    res.stop = true;
    return;
  }
  if ((b >> 4) == 4) res.next_proto = Proto::Ipv4;
  else if ((b >> 4) == 6) res.next_proto = Proto::Ipv6;
  else res.anomaly = "raw_ip_bad_version";
}

// Solaris ipnet (link type 226): a 24-byte header (version, address
// family, hook, length, interface indexes, zones), then IPv4 (family 2)
// or IPv6 (26).
void decode_ipnet(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  if (in.avail < 24) return du::truncated(in, layer, res, "truncated_ipnet_header");
  layer.hdr_len = 24;
  layer.payload_len = in.claimed - 24;
  uint8_t family = in.frame[in.offset + 1];
  if (family == 2) res.next_proto = Proto::Ipv4;
  else if (family == 26) res.next_proto = Proto::Ipv6;
}

// ARCNET (link types 7, BSD, and 129, Linux): source and destination
// station, on Linux a 2-byte offset, then the protocol ID; RFC 1201
// protocols (IDs 0xd4-0xd6, and IPv6, IPX, BACnet...) add a split flag and
// a sequence number (tshark reads an exception packet's the same way).
// IDs of IPv4, ARP, RARP and IPv6 hand on; others are data, the protocol
// column then the ID ("0x0042") and the info "ARCNET", as tshark.
struct ArcnetFields {
  uint8_t src, dst, prot;
  bool linux_hdr, rfc1201;
};

bool arcnet_rfc1051(uint8_t p) { return p == 0xf0 || p == 0xf1 || p == 0xfa || p == 0xdd || p == 0xfb; }

void decode_arcnet(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<ArcnetFields>();
  f = {};
  f.linux_hdr = in.pkt && in.pkt->pkt && in.pkt->pkt->linktype == linktype::kArcnetLinux;
  uint32_t at = f.linux_hdr ? 4 : 2;
  const uint8_t* p = in.frame + in.offset;
  if (in.avail < at + 1) return du::truncated(in, layer, res, "truncated_arcnet_header");
  f.src = p[0];
  f.dst = p[1];
  f.prot = p[at++];
  if (!arcnet_rfc1051(f.prot)) {
    f.rfc1201 = true;
    if (in.avail < at + 3) return du::truncated(in, layer, res, "truncated_arcnet_header");
    at += 3;
  }
  layer.hdr_len = at;
  layer.payload_len = in.claimed > at ? in.claimed - at : 0;
  switch (f.prot) {
    case 0xf0: case 0xd4: res.next_proto = Proto::Ipv4; break;
    case 0xf1: case 0xd5: case 0xd6: res.next_proto = Proto::Arp; break;
    case 0xc4: res.next_proto = Proto::Ipv6; break;
    default: break;
  }
}

void names_arcnet(const FieldCtx& c, const char*&, const char*& display) {
  if (du::next_is_data(c)) display = du::hex_name(du::get<ArcnetFields>(c).prot, 4);
}
void info_arcnet(const FieldCtx& c, TextOut& o) {
  if (du::next_is_data(c)) o.append("ARCNET");
}

template <uint8_t ArcnetFields::*M>
void arcnet_byte(const FieldCtx& c, FieldOut& o) {
  if (c.layer->hdr_len >= 2) du::hex(o, du::get<ArcnetFields>(c).*M, 2);
}

bool sll_has(const FieldCtx& c) { return !c.layer->truncated; }

// Linux NFLOG (link type 239, what `tcpdump -i nflog:N` captures): family,
// version, resource ID (the nflog group), then TLVs whose length and type
// are in the capturing host's byte order (little endian here, as Wireshark
// reads them), each padded to 4 bytes. NFULA_PAYLOAD (9) is the packet.
struct NflogFields {
  uint8_t family;
  uint32_t end;  // captured end of the TLV area (layer-relative)
};

void decode_nflog(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<NflogFields>();
  f = {};
  if (in.avail < 4) return du::truncated(in, layer, res, "truncated_nflog_header");
  const uint8_t* p = in.frame + in.offset;
  f.family = p[0];
  f.end = in.avail;
  layer.hdr_len = in.avail;
  layer.payload_len = 0;
  for (uint32_t at = 4; at + 4 <= in.avail;) {
    uint16_t len = load_le16(p + at), type = load_le16(p + at + 2) & 0x7fff;
    if (len < 4 || at + len > in.avail) break;
    if (type == 9) {  // the packet, to the end of what was captured
      layer.hdr_len = at + 4;
      layer.payload_len = len - 4u;
      res.next_proto = f.family == 10 ? Proto::Ipv6 : Proto::Ipv4;
      return;
    }
    at += (len + 3u) & ~3u;
  }
}

// Calls fn(type, value, value length) for each TLV.
template <class Fn>
void nflog_each(const FieldCtx& c, Fn fn) {
  const uint8_t* p = c.pkt.data() + c.layer->offset;
  uint32_t end = du::get<NflogFields>(c).end;
  for (uint32_t at = 4; at + 4 <= end;) {
    uint16_t len = load_le16(p + at);
    if (len < 4 || at + len > end) return;
    fn(uint16_t(load_le16(p + at + 2) & 0x7fff), p + at + 4, uint32_t(len - 4), len);
    at += (len + 3u) & ~3u;
  }
}

}  // namespace

void register_link(Registry& r) {
  r.add_proto({Proto::Null, "null", "Null/Loopback", decode_null, info_null});
  r.add_proto({Proto::Loop, "null", "OpenBSD Loopback", decode_null, info_null});
  r.add_proto({Proto::Sll, "sll", "Linux cooked capture", decode_sll, info_sll});
  r.add_proto({Proto::Sll2, "sll", "Linux cooked capture v2", decode_sll, info_sll});
  r.add_proto({Proto::RawIp, "raw", "Raw packet data", decode_raw, nullptr});
  r.add_dispatch(Table::LinkType, linktype::kNull, Proto::Null);
  // LOOP is NULL in network byte order, which decode_null already accepts;
  // sharing the protocol shares the null.* fields.
  r.add_dispatch(Table::LinkType, linktype::kLoop, Proto::Null);
  r.add_dispatch(Table::LinkType, linktype::kLinuxSll, Proto::Sll);
  // SLL2 shares the Sll protocol (and so its sll.* fields); the decoder looks
  // at the link type to pick the header layout.
  r.add_dispatch(Table::LinkType, linktype::kLinuxSll2, Proto::Sll);
  r.add_proto({Proto::Arcnet, "arcnet", "ARCNET", decode_arcnet, info_arcnet, names_arcnet});
  r.add_dispatch(Table::LinkType, linktype::kArcnetBsd, Proto::Arcnet);
  r.add_dispatch(Table::LinkType, linktype::kArcnetLinux, Proto::Arcnet);
  r.add_field({"arcnet.src", Proto::Arcnet, arcnet_byte<&ArcnetFields::src>});
  r.add_field({"arcnet.dst", Proto::Arcnet, arcnet_byte<&ArcnetFields::dst>});
  r.add_field({"arcnet.offset", Proto::Arcnet, [](const FieldCtx& c, FieldOut& o) {
                 if (du::get<ArcnetFields>(c).linux_hdr && c.layer->hdr_len >= 4)
                   du::hex_value(o, c.pkt.data() + c.layer->offset + 2, 2);
               }});
  r.add_field({"arcnet.protID", Proto::Arcnet, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<ArcnetFields>(c);
                 if (c.layer->hdr_len >= (f.linux_hdr ? 5u : 3u)) du::hex(o, f.prot, 2);
               }});
  r.add_proto({Proto::Ipnet, "ipnet", "IPNET", decode_ipnet, nullptr});
  r.add_dispatch(Table::LinkType, linktype::kIpnet, Proto::Ipnet);
  r.add_field({"ipnet.version", Proto::Ipnet, du::uint_at<0, 1>});
  r.add_field({"ipnet.family", Proto::Ipnet, du::uint_at<1, 1>});
  r.add_field({"ipnet.htype", Proto::Ipnet, du::uint_at<2, 2>});
  r.add_field({"ipnet.pktlen", Proto::Ipnet, du::uint_at<4, 4>});
  r.add_field({"ipnet.ifindex", Proto::Ipnet, du::uint_at<8, 4>});
  r.add_field({"ipnet.grifindex", Proto::Ipnet, du::uint_at<12, 4>});
  r.add_field({"ipnet.zsrc", Proto::Ipnet, du::uint_at<16, 4>});
  r.add_field({"ipnet.zdst", Proto::Ipnet, du::uint_at<20, 4>});
  r.add_proto({Proto::Nflog, "nflog", "NFLOG", decode_nflog, nullptr});
  r.add_dispatch(Table::LinkType, linktype::kNflog, Proto::Nflog);
  r.add_field({"nflog.family", Proto::Nflog, du::uint_at<0, 1>});
  r.add_field({"nflog.version", Proto::Nflog, du::uint_at<1, 1>});
  r.add_field({"nflog.res_id", Proto::Nflog, du::uint_at<2, 2>});
  r.add_field({"nflog.tlv_length", Proto::Nflog, [](const FieldCtx& c, FieldOut& o) {
                 nflog_each(c, [&](uint16_t, const uint8_t*, uint32_t, uint16_t len) { du::dec(o, len); });
               }});
  r.add_field({"nflog.tlv_type", Proto::Nflog, [](const FieldCtx& c, FieldOut& o) {
                 nflog_each(c, [&](uint16_t type, const uint8_t*, uint32_t, uint16_t) { du::dec(o, type); });
               }});
  r.add_field({"nflog.protocol", Proto::Nflog, [](const FieldCtx& c, FieldOut& o) {
                 nflog_each(c, [&](uint16_t type, const uint8_t* v, uint32_t n, uint16_t) {
                   if (type == 1 && n >= 3) du::hex(o, load_be16(v), 4);
                 });
               }});
  r.add_field({"nflog.hook", Proto::Nflog, [](const FieldCtx& c, FieldOut& o) {
                 nflog_each(c, [&](uint16_t type, const uint8_t* v, uint32_t n, uint16_t) {
                   if (type == 1 && n >= 3) du::dec(o, v[2]);
                 });
               }});
  r.add_field({"nflog.ifindex_indev", Proto::Nflog, [](const FieldCtx& c, FieldOut& o) {
                 nflog_each(c, [&](uint16_t type, const uint8_t* v, uint32_t n, uint16_t) {
                   if (type == 4 && n >= 4) du::dec(o, load_be32(v));
                 });
               }});
  r.add_field({"nflog.ifindex_outdev", Proto::Nflog, [](const FieldCtx& c, FieldOut& o) {
                 nflog_each(c, [&](uint16_t type, const uint8_t* v, uint32_t n, uint16_t) {
                   if (type == 5 && n >= 4) du::dec(o, load_be32(v));
                 });
               }});
  r.add_field({"nflog.prefix", Proto::Nflog, [](const FieldCtx& c, FieldOut& o) {
                 nflog_each(c, [&](uint16_t type, const uint8_t* v, uint32_t n, uint16_t) {
                   if (type != 10) return;
                   uint32_t k = 0;
                   while (k < n && v[k]) ++k;  // NUL-terminated
                   o.value(std::string_view(reinterpret_cast<const char*>(v), k));
                 });
               }});
  r.add_dispatch(Table::LinkType, linktype::kRaw, Proto::RawIp);
  r.add_dispatch(Table::LinkType, 12, Proto::RawIp);  // DLT_RAW as written by some BSDs
  r.add_dispatch(Table::LinkType, 14, Proto::RawIp);

  r.add_field({"null.family", Proto::Null, [](const FieldCtx& c, FieldOut& o) {
                 if (!c.layer->truncated) du::dec(o, du::get<NullFields>(c).family);
               }});
  r.add_field({"sll.pkttype", Proto::Sll, [](const FieldCtx& c, FieldOut& o) {
                 if (sll_has(c)) du::dec(o, du::get<SllFields>(c).pkttype);
               }});
  r.add_field({"sll.hatype", Proto::Sll, [](const FieldCtx& c, FieldOut& o) {
                 if (sll_has(c)) du::dec(o, du::get<SllFields>(c).hatype);
               }});
  r.add_field({"sll.halen", Proto::Sll, [](const FieldCtx& c, FieldOut& o) {
                 if (sll_has(c)) du::dec(o, du::get<SllFields>(c).halen);
               }});
  r.add_field({"sll.src.eth", Proto::Sll, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<SllFields>(c);
                 if (sll_has(c) && f.halen == 6 && (f.hatype == 1 || f.hatype == 772)) o.value(fmt::mac(f.addr));
               }});
  r.add_field({"sll.etype", Proto::Sll, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<SllFields>(c);
                 if (sll_has(c) && f.protocol > 1500) du::hex(o, f.protocol, 4);
               }});
  r.add_field({"sll.ltype", Proto::Sll, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<SllFields>(c);
                 if (sll_has(c) && f.protocol <= 1500) du::hex(o, f.protocol, 4);
               }});
  r.add_field({"sll.ifindex", Proto::Sll, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<SllFields>(c);
                 if (sll_has(c) && f.v2) du::dec(o, f.ifindex);
               }});
}

}  // namespace weir
