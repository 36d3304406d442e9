// Babel (RFC 8966, UDP port 6696) as tshark 4.0 shows it: the header
// (magic 42, version 2, body length) and each message's type and length,
// the trailer's read as messages too; the info names every message
// ("Babel hello pad1 update"). Not decoded: the messages' contents. Other
// versions tshark names in the columns without a babel step; weir shows
// them as data.
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

constexpr const char* kNames[] = {"pad1", "padn", "ack-req", "ack", "hello", "ihu", "router-id",
                                  "nh", "update", "request", "mh-request", "ts/pc (obsolete)",
                                  "hmac", "source-specific-update", "source-specific-req",
                                  "source-specific-seqno", "hmac", "pc", "challenge-request",
                                  "challenge-reply"};

void decode_babel(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  if (in.avail < 4 || in.frame[in.offset] != 42 || in.frame[in.offset + 1] != 2)
    return du::decline(in, layer, res);  // (tshark's Babel takes only its magic and version 2)
  layer.hdr_len = in.avail;
  res.stop = true;
}

// Calls fn(offset, type, has_length) for each message of the body, as
// tshark reads them (a message whose length byte is missing ends the walk).
template <class Fn>
void messages(const FieldCtx& c, Fn fn) {
  const uint8_t* p = c.pkt.data() + c.layer->offset;
  uint32_t n = du::min32(c.layer->hdr_len, c.pkt.caplen() - c.layer->offset);
  if (n < 4) return;
  uint32_t end = n;  // (tshark reads the trailer after the body as messages too)
  for (uint32_t at = 4; at < end;) {
    uint8_t type = p[at];
    if (type == 0) {
      fn(at, type, false);
      ++at;
      continue;
    }
    bool len = at + 1 < end;
    fn(at, type, len);
    if (!len) return;
    at += 2u + p[at + 1];
  }
}

void info_babel(const FieldCtx& c, TextOut& o) {
  du::Text t;
  t.s("Babel");
  messages(c, [&](uint32_t, uint8_t type, bool) { t.s(" ").s(type < std::size(kNames) ? kNames[type] : "unknown"); });
  t.to(o);
}

}  // namespace

void register_babel(Registry& r) {
  r.add_proto({Proto::Babel, "babel", "Babel", decode_babel, info_babel});
  r.add_dispatch(Table::UdpPort, 6696, Proto::Babel);
  r.add_field({"babel.magic", Proto::Babel, du::uint_at<0, 1>});
  r.add_field({"babel.version", Proto::Babel, du::uint_at<1, 1>});
  r.add_field({"babel.bodylen", Proto::Babel, du::uint_at<2, 2>});
  r.add_field({"babel.message.type", Proto::Babel, [](const FieldCtx& c, FieldOut& o) {
                 messages(c, [&](uint32_t, uint8_t type, bool) { du::dec(o, type); });
               }});
  r.add_field({"babel.message.length", Proto::Babel, [](const FieldCtx& c, FieldOut& o) {
                 const uint8_t* p = c.pkt.data() + c.layer->offset;
                 messages(c, [&](uint32_t at, uint8_t, bool len) {
                   if (len) du::dec(o, p[at + 1]);
                 });
               }});
}

}  // namespace weir
