// ICMPv6 (RFC 4443) with neighbour discovery (RFC 4861). Error messages carry
// the offending IPv6 packet, decoded as nested layers.
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

struct Icmpv6Fields {
  uint8_t type, code;
  uint16_t checksum;
  uint32_t rest;        // bytes 4..7 (MTU, pointer, echo id/seq, ND flags)
  bool has_rest;
  uint32_t target_off;  // absolute offset of the ND target address (0 if none)
  uint32_t opts_off;    // absolute offset of the ND options (0 if none)
  uint32_t opts_len;    // captured bytes of options
};

bool is_error(uint8_t t) { return t >= 1 && t <= 4; }

void decode_icmpv6(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<Icmpv6Fields>();
  f = {};
  ByteCursor c = in.cursor();
  if (!c.u8(f.type) || !c.u8(f.code) || !c.be16(f.checksum)) {
    // Wireshark reads type, code and checksum before showing any of them.
    du::truncated(in, layer, res, "truncated_icmpv6_header");
    layer.hdr_len = 0;
    return;
  }
  layer.hdr_len = 4;
  if (!c.be32(f.rest)) {
    if (f.type < 200) {  // every defined message has at least 8 bytes
      layer.truncated = 1;
      layer.hdr_len = in.avail;
      res.anomaly = "truncated_icmpv6_header";
      res.stop = true;
    }
    return;
  }
  f.has_rest = true;
  layer.hdr_len = 8;
  uint32_t rest = in.claimed > 8 ? in.claimed - 8 : 0;
  layer.payload_len = rest;
  if (is_error(f.type)) {
    res.next_proto = Proto::Ipv6;
    return;
  }
  // Neighbour discovery: fixed part after the first 8 bytes, then options.
  uint32_t fixed = 0;
  switch (f.type) {
    case 133: fixed = 0; break;                 // router solicitation
    case 134: fixed = 8; break;                 // router advertisement
    case 135: case 136: fixed = 16; break;      // NS / NA: target
    case 137: fixed = 32; break;                // redirect: target + destination
    default: return;                            // echo and others: payload is data
  }
  uint32_t base = in.offset + 8;
  if (fixed >= 16 && c.can_read(16)) f.target_off = base;
  if (!c.skip(fixed)) {
    layer.truncated = 1;
    layer.hdr_len = in.avail;
    res.anomaly = "truncated_icmpv6_nd";
    res.stop = true;
    return;
  }
  f.opts_off = base + fixed;
  uint32_t claimed_opts = rest > fixed ? rest - fixed : 0;
  f.opts_len = du::min32(uint32_t(c.remaining()), claimed_opts);
  // Options are part of the message: the whole claimed length is header.
  layer.hdr_len = 8 + fixed + f.opts_len;
  layer.payload_len = 0;
  // Validate option lengths (a zero length is invalid and would loop).
  ByteCursor o = c.sub(f.opts_len);
  for (int i = 0; i < 64 && !o.empty(); ++i) {
    uint8_t ot = 0, ol = 0;
    if (!o.u8(ot) || !o.u8(ol)) {
      res.anomaly = "truncated_icmpv6_option";
      break;
    }
    if (ol == 0) {
      res.anomaly = "bad_icmpv6_option_length";
      break;
    }
    if (!o.skip(size_t(ol) * 8 - 2)) {
      res.anomaly = "truncated_icmpv6_option";
      break;
    }
  }
}

// Calls fn(type, absolute offset of the option, length in bytes) for each
// complete ND option.
template <class Fn>
void for_each_opt(const FieldCtx& c, Fn fn) {
  const auto& f = du::get<Icmpv6Fields>(c);
  if (!f.opts_off || !du::frame_has(c.pkt, f.opts_off, f.opts_len)) return;
  ByteCursor o(c.pkt.data() + f.opts_off, f.opts_len);
  for (int i = 0; i < 64 && !o.empty(); ++i) {
    uint32_t at = f.opts_off + uint32_t(o.offset());
    uint8_t ot = 0, ol = 0;
    if (!o.u8(ot) || !o.u8(ol) || ol == 0) return;
    if (!o.skip(size_t(ol) * 8 - 2)) return;
    fn(ot, at, uint32_t(ol) * 8);
  }
}

const char* type_name(uint8_t t) {
  switch (t) {
    case 1: return "Destination Unreachable";
    case 2: return "Packet Too Big";
    case 3: return "Time Exceeded";
    case 4: return "Parameter Problem";
    case 128: return "Echo (ping) request";
    case 129: return "Echo (ping) reply";
    case 130: return "Multicast Listener Query";
    case 131: return "Multicast Listener Report";
    case 132: return "Multicast Listener Done";
    case 133: return "Router Solicitation";
    case 134: return "Router Advertisement";
    case 135: return "Neighbor Solicitation";
    case 136: return "Neighbor Advertisement";
    case 137: return "Redirect";
    case 143: return "Multicast Listener Report Message v2";
    default: return "Unknown ICMPv6";
  }
}

const char* code_name(uint8_t type, uint8_t code) {
  if (type == 3) return code == 0 ? "In-transit" : code == 1 ? "Reassembly" : "Unknown";
  static const char* const k[] = {"Route unreachable", "Administratively prohibited",
                                  "Beyond scope of source address", "Address unreachable", "Port unreachable",
                                  "Source address failed ingress/egress policy", "Reject route to destination"};
  return code < 7 ? k[code] : "Unknown";
}

void info_icmpv6(const FieldCtx& c, TextOut& o) {
  const auto& f = du::get<Icmpv6Fields>(c);
  const uint8_t* d = c.pkt.data();
  du::Text t;
  t.s(type_name(f.type));
  if ((f.type == 128 || f.type == 129) && f.has_rest) {
    t.s(" id=").h(f.rest >> 16, 4).s(", seq=").d(f.rest & 0xffff);
    int self = int(c.layer - c.pkt.layers);
    if (self > 0 && c.pkt.layers[self - 1].proto == Proto::Ipv6)
      t.s(", hop limit=").d(c.pkt.layers[self - 1].as<Ipv6Fields>().hlim);
  }
  if ((f.type == 1 || f.type == 3) && f.has_rest) t.s(" (").s(code_name(f.type, f.code)).s(")");
  // Neighbour discovery as tshark: the target of a solicitation ("for") or
  // an advertisement (then its R/S/O flags), then each link-layer address
  // option in order: source " from", target " is at".
  if ((f.type == 135 || f.type == 136) && f.target_off && du::frame_has(c.pkt, f.target_off, 16)) {
    t.s(f.type == 135 ? " for " : " ").ip6(d + f.target_off);
    if (f.type == 136 && f.has_rest) {
      const char* sep = " (";
      if (f.rest & 0x80000000u) t.s(sep).s("rtr"), sep = ", ";
      if (f.rest & 0x40000000u) t.s(sep).s("sol"), sep = ", ";
      if (f.rest & 0x20000000u) t.s(sep).s("ovr"), sep = ", ";
      if (sep[0] == ',') t.s(")");
    }
  }
  if (f.type >= 133 && f.type <= 137)
    for_each_opt(c, [&](uint8_t ot, uint32_t at, uint32_t len) {
      if (ot == 1 && len >= 8) t.s(" from ").mac(d + at + 2);
      if (ot == 2 && len >= 8) t.s(" is at ").mac(d + at + 2);
    });
  t.to(o);
}

}  // namespace

void register_icmpv6(Registry& r) {
  r.add_proto({Proto::Icmpv6, "icmpv6", "ICMPv6", decode_icmpv6, info_icmpv6});
  r.add_dispatch(Table::IpProto, 58, Proto::Icmpv6);
  r.add_field({"icmpv6.type", Proto::Icmpv6, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 1)) du::dec(o, du::get<Icmpv6Fields>(c).type);
               }});
  r.add_field({"icmpv6.code", Proto::Icmpv6, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 2)) du::dec(o, du::get<Icmpv6Fields>(c).code);
               }});
  r.add_field({"icmpv6.checksum", Proto::Icmpv6, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 4)) du::hex(o, du::get<Icmpv6Fields>(c).checksum, 4);
               }});
  r.add_field({"icmpv6.mtu", Proto::Icmpv6, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<Icmpv6Fields>(c);
                 if (f.has_rest && f.type == 2) du::dec(o, f.rest);
               }});
  r.add_field({"icmpv6.echo.identifier", Proto::Icmpv6, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<Icmpv6Fields>(c);
                 if (f.has_rest && (f.type == 128 || f.type == 129)) du::hex(o, f.rest >> 16, 4);
               }});
  r.add_field({"icmpv6.echo.sequence_number", Proto::Icmpv6, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<Icmpv6Fields>(c);
                 if (f.has_rest && (f.type == 128 || f.type == 129)) du::dec(o, f.rest & 0xffff);
               }});
  r.add_field({"icmpv6.nd.ns.target_address", Proto::Icmpv6, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<Icmpv6Fields>(c);
                 if (f.type == 135 && f.target_off) o.value(fmt::ipv6(c.pkt.data() + f.target_off));
               }});
  r.add_field({"icmpv6.nd.na.target_address", Proto::Icmpv6, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<Icmpv6Fields>(c);
                 if (f.type == 136 && f.target_off) o.value(fmt::ipv6(c.pkt.data() + f.target_off));
               }});
  r.add_field({"icmpv6.opt.type", Proto::Icmpv6, [](const FieldCtx& c, FieldOut& o) {
                 for_each_opt(c, [&](uint8_t ot, uint32_t, uint32_t) { du::dec(o, ot); });
               }});
  r.add_field({"icmpv6.opt.linkaddr", Proto::Icmpv6, [](const FieldCtx& c, FieldOut& o) {
                 for_each_opt(c, [&](uint8_t ot, uint32_t at, uint32_t len) {
                   if ((ot == 1 || ot == 2) && len == 8) o.value(fmt::mac(c.pkt.data() + at + 2));
                 });
               }});
}

}  // namespace weir
