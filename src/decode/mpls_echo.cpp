// MPLS LSP ping (RFC 8029, UDP port 3503: "mpls-echo") as tshark 4.0 shows
// it: the header (version, flags, message type, reply mode, return code
// and subcode, sender's handle, sequence number; echo requests and replies
// then two NTP timestamps), the top-level TLVs' types and lengths, and the
// message type in the info. Not decoded: the TLVs' contents (FEC stacks,
// downstream mappings, errored TLVs' sub-TLVs).
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

struct MplsEchoFields {
  uint8_t type;
  uint32_t tlvs;  // where the TLVs start (layer-relative)
};

bool echo(uint8_t t) { return t == 1 || t == 2; }  // requests and replies carry timestamps

void decode_mpls_echo(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<MplsEchoFields>();
  f = {};
  if (in.avail < 8) return du::truncated(in, layer, res, "truncated_mpls_echo");
  f.type = in.frame[in.offset + 4];
  f.tlvs = echo(f.type) ? 32 : 16;
  layer.hdr_len = in.avail;
  if (in.avail < f.tlvs) res.anomaly = "truncated_mpls_echo";
  res.stop = true;
}

const MplsEchoFields& me(const FieldCtx& c) { return du::get<MplsEchoFields>(c); }

void info_mpls_echo(const FieldCtx& c, TextOut& o) {
  static constexpr const char* k[] = {"MPLS Echo Request", "MPLS Echo Reply", "MPLS Data Plane Verification Request",
                                      "MPLS Data Plane Verification Reply"};
  uint8_t t = me(c).type;
  if (t >= 1 && t <= 4) return o.append(k[t - 1]);
  static constexpr char kHex[] = "0123456789ABCDEF";
  char b[32] = "Unknown Message Type (0x";
  size_t n = 24;
  b[n++] = kHex[t >> 4];
  b[n++] = kHex[t & 15];
  b[n++] = ')';
  o.append(std::string_view(b, n));
}

// Calls fn(offset) for each top-level TLV (type, length, value).
template <class Fn>
void tlvs(const FieldCtx& c, Fn fn) {
  uint32_t n = du::min32(c.layer->hdr_len, c.pkt.caplen() - c.layer->offset);
  const uint8_t* p = c.pkt.data() + c.layer->offset;
  for (uint32_t at = me(c).tlvs; at + 4 <= n; at += 4u + load_be16(p + at + 2)) fn(at);
}

template <uint32_t Off>
void timestamp(const FieldCtx& c, FieldOut& o) {
  if (echo(me(c).type) && du::has(c, Off + 8) && Off + 8 <= c.layer->hdr_len &&
      du::frame_has(c.pkt, c.layer->offset + Off, 8))
    du::ntp_time(o, c.pkt.data() + c.layer->offset + Off);
}

}  // namespace

void register_mpls_echo(Registry& r) {
  r.add_proto({Proto::MplsEcho, "mpls-echo", "MPLS ECHO", decode_mpls_echo, info_mpls_echo});
  r.add_dispatch(Table::UdpPort, 3503, Proto::MplsEcho);
  r.add_field({"mpls_echo.version", Proto::MplsEcho, du::uint_at<0, 2>});
  r.add_field({"mpls_echo.flags", Proto::MplsEcho, [](const FieldCtx& c, FieldOut& o) {
                 if (echo(me(c).type)) du::uint_at<2, 2, 0, 4>(c, o);  // (tshark: echo messages only)
               }});
  r.add_field({"mpls_echo.msg_type", Proto::MplsEcho, du::uint_at<4, 1>});
  r.add_field({"mpls_echo.reply_mode", Proto::MplsEcho, du::uint_at<5, 1>});
  r.add_field({"mpls_echo.return_code", Proto::MplsEcho, du::uint_at<6, 1>});
  r.add_field({"mpls_echo.return_subcode", Proto::MplsEcho, du::uint_at<7, 1>});
  r.add_field({"mpls_echo.sender_handle", Proto::MplsEcho, du::uint_at<8, 4, 0, 8>});
  r.add_field({"mpls_echo.sequence", Proto::MplsEcho, du::uint_at<12, 4>});
  r.add_field({"mpls_echo.timestamp_sent", Proto::MplsEcho, timestamp<16>});
  r.add_field({"mpls_echo.timestamp_rec", Proto::MplsEcho, timestamp<24>});
  r.add_field({"mpls_echo.tlv.type", Proto::MplsEcho, [](const FieldCtx& c, FieldOut& o) {
                 tlvs(c, [&](uint32_t at) { du::dec(o, load_be16(c.pkt.data() + c.layer->offset + at)); });
               }});
  r.add_field({"mpls_echo.tlv.len", Proto::MplsEcho, [](const FieldCtx& c, FieldOut& o) {
                 tlvs(c, [&](uint32_t at) { du::dec(o, load_be16(c.pkt.data() + c.layer->offset + at + 2)); });
               }});
}

}  // namespace weir
