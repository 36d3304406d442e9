// UDP (RFC 768). The payload is dispatched by port, lower port first.
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

bool parent_is_ipv6(const DecodeInput& in) {
  for (int i = in.self - 1; in.pkt && i >= 0; --i) {
    Proto p = in.pkt->layers[i].proto;
    if (p == Proto::Ipv6) return true;
    if (p == Proto::Ipv4) return false;
  }
  return false;
}

void decode_udp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<UdpFields>();
  f = {};
  ByteCursor c = in.cursor();
  if (!c.be16(f.sport) || !c.be16(f.dport) || !c.be16(f.length) || !c.be16(f.checksum)) {
    ByteCursor p = in.cursor();
    p.be16(f.sport);
    p.be16(f.dport);
    p.be16(f.length);
    du::truncated(in, layer, res, "truncated_udp_header");
    if (in.avail < 4) layer.hdr_len = 0;  // Wireshark reads both ports before showing either
    return;
  }
  layer.hdr_len = 8;
  uint32_t rest = in.claimed > 8 ? in.claimed - 8 : 0;
  if (f.length == 0 && parent_is_ipv6(in)) {  // jumbogram (RFC 2675): use the IP length
    layer.payload_len = rest;
  } else if (f.length < 8) {
    f.bad_length = 1;
    res.anomaly = "bad_udp_length";
    res.stop = true;
    return;
  } else {
    uint32_t want = f.length - 8u;
    if (want > rest) {
      bool fragmented = false, in_error = false;
      if (in.pkt) du::ip_context(*in.pkt, in.self, fragmented, in_error);
      if (!fragmented && !in_error) {
        f.bad_length = 2;
        res.anomaly = "bad_udp_length";
        res.stop = true;
        layer.payload_len = rest;  // what is there (udp.payload), not decoded further
        return;
      }
    }
    layer.payload_len = du::min32(want, rest);
  }
  du::by_ports(res, Table::UdpPort, f.sport, f.dport);
  res.heuristic = quic_heuristic;
}

void info_udp(const FieldCtx& c, TextOut& o) {
  const auto& f = du::get<UdpFields>(c);
  du::Text t;
  if (!du::has(c, 4)) return;  // Wireshark fills the column only once it has both ports
  t.d(f.sport).s(" → ").d(f.dport);
  if (f.bad_length == 1) {
    t.s(" [BAD UDP LENGTH ").d(f.length).s(" < 8]");
  } else {
    if (f.bad_length == 2) t.s(" [BAD UDP LENGTH ").d(f.length).s(" > IP PAYLOAD LENGTH]");
    if (du::has(c, 6)) t.s(" Len=").d(f.length >= 8 ? f.length - 8u : 0u);
  }
  t.to(o);
}

}  // namespace

void register_udp(Registry& r) {
  r.add_proto({Proto::Udp, "udp", "UDP", decode_udp, info_udp});
  r.add_dispatch(Table::IpProto, 17, Proto::Udp);
  r.add_field({"udp.srcport", Proto::Udp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 2)) du::dec(o, du::get<UdpFields>(c).sport);
               }});
  r.add_field({"udp.dstport", Proto::Udp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 4)) du::dec(o, du::get<UdpFields>(c).dport);
               }});
  r.add_field({"udp.port", Proto::Udp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 2)) du::dec(o, du::get<UdpFields>(c).sport);
                 if (du::has(c, 4)) du::dec(o, du::get<UdpFields>(c).dport);
               }});
  r.add_field({"udp.stream", Proto::Udp, [](const FieldCtx& c, FieldOut& o) {
                 if (c.layer->stream >= 0) du::dec(o, uint32_t(c.layer->stream));
               },
               true});
  r.add_field({"udp.length", Proto::Udp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 6)) du::dec(o, du::get<UdpFields>(c).length);
               }});
  r.add_field({"udp.checksum", Proto::Udp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 8)) du::hex(o, du::get<UdpFields>(c).checksum, 4);
               }});
  r.add_field({"udp.payload", Proto::Udp, [](const FieldCtx& c, FieldOut& o) {
                 if (!du::has(c, 8)) return;
                 uint32_t start, n = du::payload_captured(c, start);
                 // The bytes as captured (not QUIC's decrypted ones).
                 // (QUIC: the bytes before the tracker decrypted them, not
                 // the CRYPTO data it appended.)
                 if (c.pkt.quic.tls_len && n > c.pkt.quic.dgram_len) n = c.pkt.quic.dgram_len;
                 if (n) du::hex_value(o, (c.pkt.quic.orig ? c.pkt.quic.orig : c.pkt.data()) + start, n);
               }});
}

}  // namespace weir
