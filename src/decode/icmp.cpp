// ICMP (RFC 792). Error messages (destination unreachable, source quench,
// redirect, time exceeded, parameter problem) carry the offending IPv4
// header + 8 bytes, decoded as nested layers through the normal dispatch.
#include <charconv>
#include <cstring>

#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

bool is_error(uint8_t t) { return t == 3 || t == 4 || t == 5 || t == 11 || t == 12; }
bool has_id_seq(uint8_t t) {
  return t == 0 || t == 8 || t == 13 || t == 14 || t == 15 || t == 16 || t == 17 || t == 18;
}

void decode_icmp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<IcmpFields>();
  f = {};
  ByteCursor c = in.cursor();
  if (!c.u8(f.type) || !c.u8(f.code) || !c.be16(f.checksum) || !c.be16(f.ident)) {
    // Wireshark reads type to identifier (6 bytes, whatever the type) before
    // showing any of them.
    du::truncated(in, layer, res, "truncated_icmp_header");
    layer.hdr_len = 0;
    return;
  }
  f.error = is_error(f.type);
  f.has_ident = true;
  if (!c.be16(f.seq)) {
    layer.hdr_len = 4;
    layer.payload_len = 0;
    if (f.error || has_id_seq(f.type)) {
      layer.truncated = 1;
      layer.hdr_len = in.avail;
      res.anomaly = "truncated_icmp_header";
      res.stop = true;
    }
    return;
  }
  f.has_rest = true;
  f.rest = uint32_t(f.ident) << 16 | f.seq;
  layer.hdr_len = 8;
  uint32_t rest = in.claimed > 8 ? in.claimed - 8 : 0;
  layer.payload_len = rest;
  if (f.error) {
    // RFC 4884: a non-zero length (32-bit words) bounds the original datagram.
    uint8_t words = uint8_t(f.rest >> 16);
    if ((f.type == 3 || f.type == 11 || f.type == 12) && words) layer.payload_len = du::min32(words * 4u, rest);
    res.next_proto = Proto::Ipv4;
  }
}

const char* type_name(uint8_t t) {
  switch (t) {
    case 0: return "Echo (ping) reply";
    case 3: return "Destination unreachable";
    case 4: return "Source quench (flow control)";
    case 5: return "Redirect";
    case 8: return "Echo (ping) request";
    case 9: return "Router advertisement";
    case 10: return "Router solicitation";
    case 11: return "Time-to-live exceeded";
    case 12: return "Parameter problem";
    case 13: return "Timestamp request";
    case 14: return "Timestamp reply";
    case 15: return "Information request";
    case 16: return "Information reply";
    case 17: return "Address mask request";
    case 18: return "Address mask reply";
    default: return "Unknown ICMP";
  }
}

const char* unreach_name(uint8_t code) {
  static const char* const k[] = {"Network unreachable", "Host unreachable", "Protocol unreachable",
                                  "Port unreachable", "Fragmentation needed", "Source route failed",
                                  "Destination network unknown", "Destination host unknown",
                                  "Source host isolated", "Network administratively prohibited",
                                  "Host administratively prohibited", "Network unreachable for TOS",
                                  "Host unreachable for TOS", "Communication administratively filtered",
                                  "Host precedence violation", "Precedence cutoff in effect"};
  return code < 16 ? k[code] : "Unknown code";
}

void info_icmp(const FieldCtx& c, TextOut& o) {
  const auto& f = du::get<IcmpFields>(c);
  du::Text t;
  if (!f.has_ident) return;  // Wireshark fills the column only once it has read 6 bytes
  // tshark: the type name padded to 20 columns ("%-20s"), then the rest.
  const char* tn = type_name(f.type);
  t.s(tn);
  for (size_t n = std::strlen(tn); n < 20; ++n) t.s(" ");
  if (f.type == 3) t.s(" (").s(unreach_name(f.code)).s(")");
  else if (f.type == 11) t.s(f.code == 0 ? " (Time to live exceeded in transit)" : " (Fragment reassembly time exceeded)");
  else if (f.type == 5) {
    static const char* const k[] = {"Redirect for network", "Redirect for host", "Redirect for TOS and network",
                                    "Redirect for TOS and host"};
    t.s(" (").s(f.code < 4 ? k[f.code] : "Unknown code").s(")");
  }
  if (has_id_seq(f.type) && f.has_rest) {
    t.s(" id=").h(f.ident, 4).s(", seq=").d(f.seq).s("/").d(uint16_t(f.seq >> 8 | f.seq << 8));
    int self = int(c.layer - c.pkt.layers);
    if (self > 0 && c.pkt.layers[self - 1].proto == Proto::Ipv4)
      t.s(", ttl=").d(c.pkt.layers[self - 1].as<Ipv4Fields>().ttl);
    if (c.pkt.icmp_request_in && self == c.pkt.icmp_layer) t.s(" (request in ").d(c.pkt.icmp_request_in).s(")");
  }
  t.to(o);
}

template <class Get>
void emit_if(const FieldCtx& c, FieldOut& o, uint32_t end, Get g) {
  if (du::has(c, end)) g(du::get<IcmpFields>(c));
}

}  // namespace

void register_icmp(Registry& r) {
  r.add_proto({Proto::Icmp, "icmp", "ICMP", decode_icmp, info_icmp});
  r.add_dispatch(Table::IpProto, 1, Proto::Icmp);
  // Echo request/reply matching (a StreamTracker, as tshark's one pass:
  // a reply names its request).
  r.add_field({"icmp.resp_to", Proto::Icmp, [](const FieldCtx& c, FieldOut& o) {
                 if (c.pkt.icmp_request_in && int(c.layer - c.pkt.layers) == c.pkt.icmp_layer)
                   du::dec(o, c.pkt.icmp_request_in);
               },
               true});
  r.add_field({"icmp.resptime", Proto::Icmp, [](const FieldCtx& c, FieldOut& o) {
                 if (c.pkt.icmp_request_in && int(c.layer - c.pkt.layers) == c.pkt.icmp_layer) {
                   char b[32];
                   auto res = std::to_chars(b, b + sizeof b, double(c.pkt.icmp_resptime_ns) / 1e6);
                   o.value(std::string_view(b, size_t(res.ptr - b)));  // milliseconds, shortest form
                 }
               },
               true});
  r.add_field({"icmp.type", Proto::Icmp, [](const FieldCtx& c, FieldOut& o) {
                 emit_if(c, o, 1, [&](const IcmpFields& f) { du::dec(o, f.type); });
               }});
  r.add_field({"icmp.code", Proto::Icmp, [](const FieldCtx& c, FieldOut& o) {
                 emit_if(c, o, 2, [&](const IcmpFields& f) { du::dec(o, f.code); });
               }});
  r.add_field({"icmp.checksum", Proto::Icmp, [](const FieldCtx& c, FieldOut& o) {
                 emit_if(c, o, 4, [&](const IcmpFields& f) { du::hex(o, f.checksum, 4); });
               }});
  r.add_field({"icmp.ident", Proto::Icmp, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<IcmpFields>(c);
                 // RFC 8335 extended echo (42, 43): an identifier, then an 8-bit sequence
                 if (f.has_ident && (has_id_seq(f.type) || f.type == 42 || f.type == 43)) du::dec(o, f.ident);
               }});
  r.add_field({"icmp.seq", Proto::Icmp, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<IcmpFields>(c);
                 if (f.has_rest && has_id_seq(f.type)) du::dec(o, f.seq);
               }});
  r.add_field({"icmp.seq_le", Proto::Icmp, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<IcmpFields>(c);
                 if (f.has_rest && has_id_seq(f.type)) du::dec(o, uint16_t(f.seq >> 8 | f.seq << 8));
               }});
  r.add_field({"icmp.mtu", Proto::Icmp, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<IcmpFields>(c);
                 if (f.has_rest && f.type == 3 && f.code == 4) du::dec(o, f.rest & 0xffff);
               }});
  r.add_field({"icmp.redir_gw", Proto::Icmp, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<IcmpFields>(c);
                 if (f.has_rest && f.type == 5) {
                   uint8_t a[4] = {uint8_t(f.rest >> 24), uint8_t(f.rest >> 16), uint8_t(f.rest >> 8), uint8_t(f.rest)};
                   o.value(fmt::ipv4(a));
                 }
               }});
}

}  // namespace weir
