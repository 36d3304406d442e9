// L2TP version 2 (RFC 2661, UDP port 1701), as tshark 4.0 shows it: the
// header (type, length, sequence and offset bits, priority, version, tunnel
// and session IDs, Ns/Nr, offset), control messages' AVPs (flags, length,
// vendor, type, the message type) with tshark's info ("Control Message -
// SCCRQ (tunnel id=0, session id=0)", a ZLB acknowledgement), and data
// messages on to PPP.
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

struct L2tpFields {
  uint16_t flags, tunnel, session;
  uint16_t ns, nr;
  uint32_t hdr;    // header length, with the offset padding (AVPs start here)
  uint32_t end;    // end of the message within the capture, layer-relative
};

bool control(const L2tpFields& f) { return f.flags & 0x8000; }

void decode_l2tp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<L2tpFields>();
  f = {};
  ByteCursor c = in.cursor();
  if (!c.be16(f.flags)) return du::truncated(in, layer, res, "truncated_l2tp_header");
  if ((f.flags & 0x000f) != 2) {  // version 3 and others: not decoded
    layer.hdr_len = 2;
    layer.payload_len = in.claimed > 2 ? in.claimed - 2 : 0;
    return;
  }
  uint16_t len = 0, off = 0;
  if ((f.flags & 0x4000) && !c.be16(len)) return du::truncated(in, layer, res, "truncated_l2tp_header");
  if (!c.be16(f.tunnel) || !c.be16(f.session)) return du::truncated(in, layer, res, "truncated_l2tp_header");
  if ((f.flags & 0x0800) && (!c.be16(f.ns) || !c.be16(f.nr))) return du::truncated(in, layer, res, "truncated_l2tp_header");
  if ((f.flags & 0x0200) && !c.be16(off)) return du::truncated(in, layer, res, "truncated_l2tp_header");
  uint32_t hdr = uint32_t(c.offset()) + off;
  uint32_t msg = (f.flags & 0x4000) ? du::min32(len, in.claimed) : in.claimed;
  if (hdr > msg) return du::truncated(in, layer, res, "truncated_l2tp_header");
  f.hdr = hdr;
  f.end = du::min32(msg, in.avail);
  if (control(f)) {
    layer.hdr_len = f.end;  // the AVPs are L2TP's
    layer.payload_len = 0;
    return;
  }
  layer.hdr_len = hdr;
  layer.payload_len = msg - hdr;
  res.next_proto = Proto::Ppp;
}

const uint8_t* lbytes(const FieldCtx& c) { return c.pkt.data() + c.layer->offset; }

// Calls fn(offset, flags+length word, vendor, type) for each AVP.
template <class Fn>
void each_avp(const FieldCtx& c, Fn fn) {
  const auto& f = du::get<L2tpFields>(c);
  if (c.layer->truncated || !control(f)) return;
  const uint8_t* p = lbytes(c);
  for (uint32_t at = f.hdr; at + 6 <= f.end;) {
    uint16_t w = load_be16(p + at), len = w & 0x03ff;
    fn(at, w, load_be16(p + at + 2), load_be16(p + at + 4));
    if (len < 6) return;
    at += len;
  }
}

const char* msg_name(uint16_t t) {
  static const char* const k[] = {nullptr, "SCCRQ", "SCCRP", "SCCCN", "StopCCN", "Reserved", "Hello", "OCRQ", "OCRP",
                                  "OCCN", "ICRQ", "ICRP", "ICCN", "Reserved", "CDN", "WEN", "SLI", "MDMST", "SRRQ",
                                  "SRRP", "ACK", "FSQ", "FSR", "MSRQ", "MSRP", "MSE", "MSI", "MSEN", "CSUN",
                                  "CSURQ"};
  return t < sizeof k / sizeof k[0] ? k[t] : nullptr;
}

void info_l2tp(const FieldCtx& c, TextOut& o) {
  const auto& f = du::get<L2tpFields>(c);
  if (c.layer->truncated || (f.flags & 0x000f) != 2) return;
  du::Text t;
  if (control(f)) {
    t.s("Control Message");
    // The message type AVP, when it comes first (else no name); none at
    // all: a zero-length body, the ZLB acknowledgement.
    const uint8_t* p = lbytes(c);
    if (f.hdr + 6 > f.end) {
      t.s(" - ZLB     ");
    } else if (load_be16(p + f.hdr + 4) == 0 && load_be16(p + f.hdr + 2) == 0 && f.hdr + 8 <= f.end) {
      uint16_t mt = load_be16(p + f.hdr + 6);
      t.s(" - ");
      if (const char* n = msg_name(mt)) t.s(n);
      else t.s("Unknown (").d(mt).s(")");
    }
  } else {
    t.s("Data    Message           ");  // (tshark's spacing)
  }
  t.s(" (tunnel id=").d(f.tunnel).s(", session id=").d(f.session).s(")");
  t.to(o);
}

bool v2(const FieldCtx& c) { return !c.layer->truncated && (du::get<L2tpFields>(c).flags & 0x000f) == 2; }

template <uint16_t Mask>
void flag_bit(const FieldCtx& c, FieldOut& o) {
  if (du::has(c, 2)) du::boolean(o, du::get<L2tpFields>(c).flags & Mask);
}

}  // namespace

void register_l2tp(Registry& r) {
  r.add_proto({Proto::L2tp, "l2tp", "L2TP", decode_l2tp, info_l2tp});
  r.add_dispatch(Table::UdpPort, 1701, Proto::L2tp);
  r.add_field({"l2tp.flags", Proto::L2tp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 2)) du::hex(o, du::get<L2tpFields>(c).flags, 4);
               }});
  r.add_field({"l2tp.type", Proto::L2tp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 2)) du::dec(o, du::get<L2tpFields>(c).flags >> 15);
               }});
  r.add_field({"l2tp.length_bit", Proto::L2tp, flag_bit<0x4000>});
  r.add_field({"l2tp.seq_bit", Proto::L2tp, flag_bit<0x0800>});
  r.add_field({"l2tp.offset_bit", Proto::L2tp, flag_bit<0x0200>});
  r.add_field({"l2tp.priority", Proto::L2tp, flag_bit<0x0100>});
  r.add_field({"l2tp.version", Proto::L2tp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 2)) du::dec(o, du::get<L2tpFields>(c).flags & 0x000f);
               }});
  r.add_field({"l2tp.length", Proto::L2tp, [](const FieldCtx& c, FieldOut& o) {
                 if (v2(c) && (du::get<L2tpFields>(c).flags & 0x4000)) du::dec(o, load_be16(lbytes(c) + 2));
               }});
  r.add_field({"l2tp.tunnel", Proto::L2tp, [](const FieldCtx& c, FieldOut& o) {
                 if (v2(c)) du::dec(o, du::get<L2tpFields>(c).tunnel);
               }});
  r.add_field({"l2tp.session", Proto::L2tp, [](const FieldCtx& c, FieldOut& o) {
                 if (v2(c)) du::dec(o, du::get<L2tpFields>(c).session);
               }});
  r.add_field({"l2tp.Ns", Proto::L2tp, [](const FieldCtx& c, FieldOut& o) {
                 if (v2(c) && (du::get<L2tpFields>(c).flags & 0x0800)) du::dec(o, du::get<L2tpFields>(c).ns);
               }});
  r.add_field({"l2tp.Nr", Proto::L2tp, [](const FieldCtx& c, FieldOut& o) {
                 if (v2(c) && (du::get<L2tpFields>(c).flags & 0x0800)) du::dec(o, du::get<L2tpFields>(c).nr);
               }});
  r.add_field({"l2tp.avp.mandatory", Proto::L2tp, [](const FieldCtx& c, FieldOut& o) {
                 each_avp(c, [&](uint32_t, uint16_t w, uint16_t, uint16_t) { du::boolean(o, w & 0x8000); });
               }});
  r.add_field({"l2tp.avp.hidden", Proto::L2tp, [](const FieldCtx& c, FieldOut& o) {
                 each_avp(c, [&](uint32_t, uint16_t w, uint16_t, uint16_t) { du::boolean(o, w & 0x4000); });
               }});
  r.add_field({"l2tp.avp.length", Proto::L2tp, [](const FieldCtx& c, FieldOut& o) {
                 each_avp(c, [&](uint32_t, uint16_t w, uint16_t, uint16_t) { du::dec(o, w & 0x03ff); });
               }});
  r.add_field({"l2tp.avp.type", Proto::L2tp, [](const FieldCtx& c, FieldOut& o) {
                 each_avp(c, [&](uint32_t, uint16_t w, uint16_t, uint16_t type) {
                   if (!(w & 0x4000)) du::dec(o, type);  // (a hidden AVP's type is not shown)
                 });
               }});
  r.add_field({"l2tp.avp.message_type", Proto::L2tp, [](const FieldCtx& c, FieldOut& o) {
                 each_avp(c, [&](uint32_t at, uint16_t w, uint16_t vendor, uint16_t type) {
                   if (vendor == 0 && type == 0 && (w & 0x03ff) >= 8 && at + 8 <= du::get<L2tpFields>(c).end)
                     du::dec(o, load_be16(lbytes(c) + at + 6));
                 });
               }});
}

}  // namespace weir
