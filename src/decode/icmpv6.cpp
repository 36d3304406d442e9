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
    case 128: case 129: case 160:               // echo and extended echo: payload is data
      return;
    default:                                    // the body is the message's own
      layer.hdr_len = 8 + du::min32(rest, uint32_t(c.remaining()));
      layer.payload_len = 0;
      return;
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

// Wireshark's names (icmpv6_type_val); nullptr: "Unknown (N)".
const char* type_name(uint8_t t) {
  static const char* const kInfo[] = {
      "Echo (ping) request", "Echo (ping) reply", "Multicast Listener Query", "Multicast Listener Report",
      "Multicast Listener Done", "Router Solicitation", "Router Advertisement", "Neighbor Solicitation",
      "Neighbor Advertisement", "Redirect", "Router Renumbering", "Node Information Query",
      "Node Information Reply", "Inverse Neighbor Discovery Solicitation",
      "Inverse Neighbor Discovery Advertisement", "Multicast Listener Report Message v2",
      "Home Agent Address Discovery Request", "Home Agent Address Discovery Reply",
      "Mobile Prefix Solicitation", "Mobile Prefix Advertisement", "Certification Path Solicitation",
      "Certification Path Advertisement", "Experimental Mobility", "Multicast Router Advertisement",
      "Multicast Router Solicitation", "Multicast Router Termination", "FMIPv6", "RPL Control",
      "Locator Update", "Duplicate Address Request", "Duplicate Address Confirmation",
      "MPL Control Message", "Extended Echo request", "Extended Echo reply"};
  switch (t) {
    case 1: return "Destination Unreachable";
    case 2: return "Packet Too Big";
    case 3: return "Time Exceeded";
    case 4: return "Parameter Problem";
    case 100: case 101: case 200: case 201: return "Private experimentation";
    case 127: return "Reserved for expansion of ICMPv6 error messages";
    case 255: return "Reserved for expansion of ICMPv6 informational messages";
    default: return t >= 128 && t <= 161 ? kInfo[t - 128] : nullptr;
  }
}

// The code Wireshark adds in parentheses for some informational types.
const char* info_code(uint8_t type, uint8_t code) {
  switch (type) {
    case 138: return code == 0 ? "Command" : code == 1 ? "Result" : code == 255 ? "Sequence Number Reset" : nullptr;
    case 139:
      return code == 0 ? "Query subject = IPv6 addresses" : code == 1 ? "Query subject = Name"
             : code == 2 ? "Query subject = IPv4 addresses" : nullptr;
    case 140: return code == 0 ? "Successful" : code == 1 ? "Refused" : code == 2 ? "Unknown query type" : nullptr;
    case 155: {
      static const char* const k[] = {"DODAG Information Solicitation", "DODAG Information Object",
                                      "Destination Advertisement Object",
                                      "Destination Advertisement Object Acknowledgment"};
      return code < 4 ? k[code] : nullptr;
    }
    case 160: return code == 0 ? "No error" : nullptr;
    case 161: {
      static const char* const k[] = {"No error", "Malformed Query", "No Such Interface", "No Such Table Entry",
                                      "Multiple Interfaces Satisfy Query"};
      return code < 5 ? k[code] : nullptr;
    }
    default: return nullptr;
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
  if (const char* name = type_name(f.type)) t.s(name);
  else t.s("Unknown (").d(f.type).s(")");
  if (const char* code = f.has_rest ? info_code(f.type, f.code) : nullptr) t.s(" (").s(code).s(")");
  if ((f.type == 128 || f.type == 129) && f.has_rest) {
    t.s(" id=").h(f.rest >> 16, 4).s(", seq=").d(f.rest & 0xffff);
    // The IPv6 header's hop limit, past any extension headers.
    int i = int(c.layer - c.pkt.layers) - 1;
    while (i >= 0 && (c.pkt.layers[i].proto == Proto::Ipv6HopOpts || c.pkt.layers[i].proto == Proto::Ipv6Routing ||
                      c.pkt.layers[i].proto == Proto::Ipv6Fragment || c.pkt.layers[i].proto == Proto::Ipv6DestOpts ||
                      c.pkt.layers[i].proto == Proto::Ah))
      --i;
    if (i >= 0 && c.pkt.layers[i].proto == Proto::Ipv6) t.s(", hop limit=").d(c.pkt.layers[i].as<Ipv6Fields>().hlim);
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
