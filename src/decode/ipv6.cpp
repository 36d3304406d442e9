// IPv6 (RFC 8200) and its extension headers (hop-by-hop, routing, fragment,
// destination options) plus AH (RFC 4302), each as its own layer reached
// through the IpProto table. A payload length of 0 with a hop-by-hop header
// (jumbogram, BIG TCP) means "whatever the lower layer claims".
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

struct ExtFields {
  uint8_t next;
  uint8_t len;          // the raw length byte
  uint8_t routing_type, segleft;  // routing header
  uint16_t frag_off;    // fragment header: offset in 8-byte units
  bool more;
  uint32_t ident;       // fragment identification, or AH SPI
  uint32_t ah_seq;
};

bool is_ext(uint8_t nh) { return nh == 0 || nh == 43 || nh == 44 || nh == 60 || nh == 51; }

void decode_ipv6(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<Ipv6Fields>();
  f = {};
  ByteCursor c = in.cursor();
  uint32_t w0 = 0;
  uint8_t b0 = 0;
  if (!c.peek_u8(0, b0)) return du::truncated(in, layer, res, "truncated_ipv6_header");
  f.version = b0 >> 4;
  // A wrong version: tshark's IPv6 rejects the bytes (data), but where a
  // link type names IPv6 itself it stays, bogus.
  if (f.version != 6 && in.self > 0 && in.pkt->layers[in.self - 1].proto != Proto::RawIp)
    return du::decline(in, layer, res);
  if (f.version != 6) {
    layer.hdr_len = 1;
    res.anomaly = "bad_ipv6_version";
    res.stop = true;
    return;
  }
  if (!c.be32(w0) || !c.be16(f.plen) || !c.u8(f.next) || !c.u8(f.hlim) || !c.copy(f.src, 16) ||
      !c.copy(f.dst, 16)) {
    ByteCursor p = in.cursor();
    if (p.be32(w0)) {
      f.tclass = uint8_t(w0 >> 20);
      f.flow = w0 & 0xfffff;
    }
    p.be16(f.plen);
    p.u8(f.next);
    p.u8(f.hlim);
    p.copy(f.src, 16);
    return du::truncated(in, layer, res, "truncated_ipv6_header");
  }
  f.tclass = uint8_t(w0 >> 20);
  f.flow = w0 & 0xfffff;
  layer.hdr_len = 40;
  uint32_t rest = in.claimed > 40 ? in.claimed - 40 : 0;
  // Payload length 0 means "jumbogram" (BIG TCP) only with a hop-by-hop
  // header; otherwise the payload is empty, as Wireshark treats it.
  if (f.plen) layer.payload_len = du::min32(f.plen, rest);
  else layer.payload_len = f.next == 0 ? rest : 0;

  // Walk the extension headers (bounded) only to record the upper protocol.
  uint8_t nh = f.next;
  ByteCursor e = c;
  for (int i = 0; i < 16 && is_ext(nh); ++i) {
    uint8_t n = 0, l = 0;
    if (!e.peek_u8(0, n) || !e.peek_u8(1, l)) break;
    size_t sz = nh == 44 ? 8 : nh == 51 ? (size_t(l) + 2) * 4 : (size_t(l) + 1) * 8;
    if (nh == 44) {
      uint16_t off = 0;
      if (e.peek_be16(2, off) && (off >> 3) != 0) break;
    }
    nh = n;
    if (!e.skip(sz)) break;
  }
  f.final_next = nh;
  res.next = Table::IpProto;
  res.key1 = f.next;
}

void info_ipv6(const FieldCtx& c, TextOut& o) {
  const auto& f = du::get<Ipv6Fields>(c);
  du::Text t;
  if (f.version != 6) t.s("Bogus IPv6 version (").d(f.version).s(", must be 6)");
  else if (c.layer->truncated) t.s("Bogus IPv6 header");
  else {
    // Shown when nothing decodes the payload: the last extension header's
    // next header, or the fixed header's.
    uint8_t next = f.next;
    for (const Layer* l = c.layer + 1; l < c.pkt.layers + c.pkt.nlayers; ++l) {
      if (l->proto != Proto::Ipv6HopOpts && l->proto != Proto::Ipv6Routing && l->proto != Proto::Ipv6DestOpts) break;
      if (l->truncated) break;
      next = l->as<ExtFields>().next;
    }
    if (next == 59) t.s("IPv6 no next header");
    else t.s("Unknown IP Protocol: ").s(ip_proto_long_name(next)).s(" (").d(next).s(")");
  }
  t.to(o);
}

// Generic extension header: next header, length, data.
void decode_ext(const DecodeInput& in, Layer& layer, DecodeResult& res, Proto p) {
  auto& f = layer.as<ExtFields>();
  f = {};
  ByteCursor c = in.cursor();
  if (!c.u8(f.next) || !c.u8(f.len)) return du::truncated(in, layer, res, "truncated_ipv6_ext_header");
  uint32_t sz = 0;
  if (p == Proto::Ipv6Fragment) {
    uint16_t off = 0;
    if (!c.be16(off) || !c.be32(f.ident)) return du::truncated(in, layer, res, "truncated_ipv6_fragment_header");
    f.frag_off = off >> 3;
    f.more = off & 1;
    sz = 8;
  } else if (p == Proto::Ah) {
    sz = (uint32_t(f.len) + 2) * 4;
    uint16_t reserved = 0;
    if (!c.be16(reserved) || !c.be32(f.ident) || !c.be32(f.ah_seq))
      return du::truncated(in, layer, res, "truncated_ah_header");
    if (sz < 12) {
      layer.hdr_len = 12;
      res.anomaly = "bad_ah_length";
      res.stop = true;
      return;
    }
  } else {
    sz = (uint32_t(f.len) + 1) * 8;
    if (p == Proto::Ipv6Routing) {
      c.u8(f.routing_type);
      c.u8(f.segleft);
    }
  }
  if (in.avail < sz) {
    layer.truncated = 1;
    layer.hdr_len = in.avail;
    res.anomaly = "truncated_ipv6_ext_header";
    res.stop = true;
    return;
  }
  layer.hdr_len = sz;
  layer.payload_len = in.claimed > sz ? in.claimed - sz : 0;
  if (p == Proto::Ipv6Fragment) {
    const DecodedPacket::Defrag& dg = in.pkt->defrag;
    if (dg.layer == in.self) {
      if (!dg.complete) return;  // a fragment stored for reassembly: data
      layer.payload_len = dg.length;  // the reassembled datagram follows
    } else if (f.frag_off != 0) {
      return;  // non-first fragment: data
    }
  }
  res.next = Table::IpProto;
  res.key1 = f.next;
}

void decode_hop(const DecodeInput& in, Layer& l, DecodeResult& r) { decode_ext(in, l, r, Proto::Ipv6HopOpts); }
void decode_rt(const DecodeInput& in, Layer& l, DecodeResult& r) { decode_ext(in, l, r, Proto::Ipv6Routing); }
void decode_frag(const DecodeInput& in, Layer& l, DecodeResult& r) { decode_ext(in, l, r, Proto::Ipv6Fragment); }
void decode_dst(const DecodeInput& in, Layer& l, DecodeResult& r) { decode_ext(in, l, r, Proto::Ipv6DestOpts); }
void decode_ah(const DecodeInput& in, Layer& l, DecodeResult& r) { decode_ext(in, l, r, Proto::Ah); }

void info_frag(const FieldCtx& c, TextOut& o) {
  const auto& f = du::get<ExtFields>(c);
  du::Text t;
  t.s("IPv6 fragment (off=").d(f.frag_off * 8u).s(" more=").s(f.more ? "y" : "n").s(" ident=")
      .h(f.ident, 8).s(" nxt=").d(f.next).s(")");
  t.to(o);
}

// The protocol column: an extension header leaves IPv6's name there.
void names_ext(const FieldCtx&, const char*&, const char*& display) { display = "IPv6"; }

bool v6(const FieldCtx& c, uint32_t end) {
  return du::get<Ipv6Fields>(c).version == 6 && du::has(c, end);
}
bool ext(const FieldCtx& c, uint32_t end) { return du::has(c, end); }

}  // namespace

void register_ipv6(Registry& r) {
  r.add_proto({Proto::Ipv6, "ipv6", "IPv6", decode_ipv6, info_ipv6});
  r.add_proto({Proto::Ipv6HopOpts, "ipv6.hopopts", "IPv6 Hop-by-Hop Option", decode_hop, nullptr, names_ext});
  r.add_proto({Proto::Ipv6Routing, "ipv6.routing", "Routing Header for IPv6", decode_rt, nullptr, names_ext});
  r.add_proto({Proto::Ipv6Fragment, "ipv6.fraghdr", "Fragment Header for IPv6", decode_frag, info_frag, names_ext});
  r.add_proto({Proto::Ipv6DestOpts, "ipv6.dstopts", "Destination Options for IPv6", decode_dst, nullptr, names_ext});
  r.add_proto({Proto::Ah, "ah", "Authentication Header", decode_ah, nullptr});
  r.add_dispatch(Table::EtherType, 0x86dd, Proto::Ipv6);
  r.add_dispatch(Table::PppProto, 0x0057, Proto::Ipv6);
  r.add_dispatch(Table::IpProto, 41, Proto::Ipv6);
  r.add_dispatch(Table::LinkType, linktype::kIpv6, Proto::Ipv6);
  r.add_dispatch(Table::IpProto, 0, Proto::Ipv6HopOpts);
  r.add_dispatch(Table::IpProto, 43, Proto::Ipv6Routing);
  r.add_dispatch(Table::IpProto, 44, Proto::Ipv6Fragment);
  r.add_dispatch(Table::IpProto, 60, Proto::Ipv6DestOpts);
  r.add_dispatch(Table::IpProto, 51, Proto::Ah);

  r.add_field({"ipv6.version", Proto::Ipv6, [](const FieldCtx& c, FieldOut& o) {
                 du::dec(o, du::get<Ipv6Fields>(c).version);
               }});
  r.add_field({"ipv6.tclass", Proto::Ipv6, [](const FieldCtx& c, FieldOut& o) {
                 if (v6(c, 4)) du::hex(o, du::get<Ipv6Fields>(c).tclass, 8);
               }});
  r.add_field({"ipv6.flow", Proto::Ipv6, [](const FieldCtx& c, FieldOut& o) {
                 if (v6(c, 4)) du::hex(o, du::get<Ipv6Fields>(c).flow, 6);
               }});
  r.add_field({"ipv6.plen", Proto::Ipv6, [](const FieldCtx& c, FieldOut& o) {
                 if (v6(c, 6)) du::dec(o, du::get<Ipv6Fields>(c).plen);
               }});
  r.add_field({"ipv6.nxt", Proto::Ipv6, [](const FieldCtx& c, FieldOut& o) {
                 if (v6(c, 7)) du::dec(o, du::get<Ipv6Fields>(c).next);
               }});
  r.add_field({"ipv6.hlim", Proto::Ipv6, [](const FieldCtx& c, FieldOut& o) {
                 if (v6(c, 8)) du::dec(o, du::get<Ipv6Fields>(c).hlim);
               }});
  r.add_field({"ipv6.src", Proto::Ipv6, [](const FieldCtx& c, FieldOut& o) {
                 if (v6(c, 24)) o.value(fmt::ipv6(du::get<Ipv6Fields>(c).src));
               }});
  r.add_field({"ipv6.dst", Proto::Ipv6, [](const FieldCtx& c, FieldOut& o) {
                 if (v6(c, 40)) o.value(fmt::ipv6(du::get<Ipv6Fields>(c).dst));
               }});
  r.add_field({"ipv6.addr", Proto::Ipv6, [](const FieldCtx& c, FieldOut& o) {
                 if (v6(c, 24)) o.value(fmt::ipv6(du::get<Ipv6Fields>(c).src));
                 if (v6(c, 40)) o.value(fmt::ipv6(du::get<Ipv6Fields>(c).dst));
               }});
  r.add_field({"ipv6.hopopts.nxt", Proto::Ipv6HopOpts, [](const FieldCtx& c, FieldOut& o) {
                 if (ext(c, 1)) du::dec(o, du::get<ExtFields>(c).next);
               }});
  r.add_field({"ipv6.hopopts.len", Proto::Ipv6HopOpts, [](const FieldCtx& c, FieldOut& o) {
                 if (ext(c, 2)) du::dec(o, du::get<ExtFields>(c).len);
               }});
  r.add_field({"ipv6.routing.nxt", Proto::Ipv6Routing, [](const FieldCtx& c, FieldOut& o) {
                 if (ext(c, 1)) du::dec(o, du::get<ExtFields>(c).next);
               }});
  r.add_field({"ipv6.routing.type", Proto::Ipv6Routing, [](const FieldCtx& c, FieldOut& o) {
                 if (ext(c, 3)) du::dec(o, du::get<ExtFields>(c).routing_type);
               }});
  r.add_field({"ipv6.routing.segleft", Proto::Ipv6Routing, [](const FieldCtx& c, FieldOut& o) {
                 if (ext(c, 4)) du::dec(o, du::get<ExtFields>(c).segleft);
               }});
  // A reassembled datagram (engine/defrag.hpp), on the frame that completed
  // it; ipv6.fragments is a label (FT_NONE) in tshark.
  r.add_field({"ipv6.fragments", Proto::Ipv6Fragment, [](const FieldCtx&, FieldOut&) {}});
  r.add_field({"ipv6.fragment", Proto::Ipv6Fragment, du::reasm_frames});
  r.add_field({"ipv6.fragment.count", Proto::Ipv6Fragment, du::reasm_count});
  r.add_field({"ipv6.reassembled.length", Proto::Ipv6Fragment, du::reasm_length});
  r.add_field({"ipv6.reassembled.data", Proto::Ipv6Fragment, du::reasm_data});
  r.add_field({"ipv6.fraghdr.nxt", Proto::Ipv6Fragment, [](const FieldCtx& c, FieldOut& o) {
                 if (ext(c, 1)) du::dec(o, du::get<ExtFields>(c).next);
               }});
  r.add_field({"ipv6.fraghdr.offset", Proto::Ipv6Fragment, [](const FieldCtx& c, FieldOut& o) {
                 if (ext(c, 4)) du::dec(o, du::get<ExtFields>(c).frag_off);
               }});
  r.add_field({"ipv6.fraghdr.more", Proto::Ipv6Fragment, [](const FieldCtx& c, FieldOut& o) {
                 if (ext(c, 4)) du::boolean(o, du::get<ExtFields>(c).more);
               }});
  r.add_field({"ipv6.fraghdr.ident", Proto::Ipv6Fragment, [](const FieldCtx& c, FieldOut& o) {
                 if (ext(c, 8)) du::hex(o, du::get<ExtFields>(c).ident, 8);
               }});
  r.add_field({"ipv6.dstopts.nxt", Proto::Ipv6DestOpts, [](const FieldCtx& c, FieldOut& o) {
                 if (ext(c, 1)) du::dec(o, du::get<ExtFields>(c).next);
               }});
  r.add_field({"ah.next_header", Proto::Ah, [](const FieldCtx& c, FieldOut& o) {
                 if (ext(c, 1)) du::dec(o, du::get<ExtFields>(c).next);
               }});
  r.add_field({"ah.spi", Proto::Ah, [](const FieldCtx& c, FieldOut& o) {
                 if (ext(c, 8)) du::hex(o, du::get<ExtFields>(c).ident, 8);
               }});
  r.add_field({"ah.sequence", Proto::Ah, [](const FieldCtx& c, FieldOut& o) {
                 if (ext(c, 12)) du::dec(o, du::get<ExtFields>(c).ah_seq);
               }});
}

}  // namespace weir
