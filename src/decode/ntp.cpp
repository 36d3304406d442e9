// NTP (RFC 5905) on UDP/TCP 123, Wireshark's "ntp": flags, stratum, poll,
// precision, root delay/dispersion (raw 32-bit values, as tshark 4.0 prints
// them), reference id and the four timestamps ("NULL" when zero). Control
// (mode 6) and private (mode 7) messages get flags/version/mode only.
#include <ctime>

#include "app_text.hpp"
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

struct NtpLayer {
  uint32_t base;
  uint32_t avail;
};

struct Msg {
  const uint8_t* p;
  uint32_t len;
  bool has(uint32_t end) const { return len >= end; }
  uint8_t mode() const { return p[0] & 7; }
};

Msg msg_of(const FieldCtx& c) {
  const auto& n = c.layer->as<NtpLayer>();
  uint32_t cap = c.pkt.caplen();
  uint32_t len = n.base <= cap ? cap - n.base : 0;
  return {c.pkt.data() + n.base, len < n.avail ? len : n.avail};
}

void decode_ntp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& n = layer.as<NtpLayer>();
  n.base = in.offset;
  n.avail = in.avail;
  layer.hdr_len = in.avail;
  if (in.avail < 48) res.anomaly = "truncated_ntp";
  res.stop = true;
}

// NTP timestamps print "NULL" when all zero.
void emit_ts(FieldOut& o, const uint8_t* p) {
  if (load_be32(p) == 0 && load_be32(p + 4) == 0) return o.value("NULL");
  du::ntp_time(o, p);
}

const char* mode_name(unsigned m) {
  static const char* const k[] = {"reserved", "symmetric active", "symmetric passive", "client",
                                  "server", "broadcast", "control", "private"};
  return k[m & 7];
}

void info_ntp(const FieldCtx& c, TextOut& o) {
  Msg m = msg_of(c);
  if (!m.has(1)) return;
  app::Text<64> t;
  t.s("NTP Version ").d((m.p[0] >> 3) & 7).s(", ").s(mode_name(m.mode()));
  o.append(t);
}

#define NTP_FIELD(NAME, ...)                                         \
  r.add_field({NAME, Proto::Ntp, [](const FieldCtx& c, FieldOut& o) { \
                 Msg m = msg_of(c);                                   \
                 if (!m.has(1)) return;                               \
                 bool data = m.mode() != 6 && m.mode() != 7;          \
                 (void)data;                                          \
                 __VA_ARGS__                                          \
               }})

}  // namespace

void register_ntp(Registry& r) {
  r.add_proto({Proto::Ntp, "ntp", "NTP", decode_ntp, info_ntp});
  r.add_dispatch(Table::UdpPort, 123, Proto::Ntp);
  r.add_dispatch(Table::TcpPort, 123, Proto::Ntp);

  NTP_FIELD("ntp.flags", { o.value(fmt::hex(m.p[0], 2)); });
  NTP_FIELD("ntp.flags.li", { if (data) o.value(fmt::dec(m.p[0] >> 6)); });
  NTP_FIELD("ntp.flags.vn", { o.value(fmt::dec((m.p[0] >> 3) & 7)); });
  NTP_FIELD("ntp.flags.mode", { o.value(fmt::dec(m.p[0] & 7)); });
  NTP_FIELD("ntp.stratum", { if (data && m.has(2)) o.value(fmt::dec(m.p[1])); });
  NTP_FIELD("ntp.ppoll", { if (data && m.has(3)) o.value(fmt::dec(m.p[2])); });
  NTP_FIELD("ntp.precision", { if (data && m.has(4)) o.value(fmt::dec(m.p[3])); });
  NTP_FIELD("ntp.rootdelay", { if (data && m.has(8)) o.value(fmt::dec(load_be32(m.p + 4))); });
  NTP_FIELD("ntp.rootdispersion", {
    if (data && m.has(12)) o.value(fmt::dec(load_be32(m.p + 8)));
  });
  NTP_FIELD("ntp.refid", {
    if (data && m.has(16)) {
      char b[10];
      o.value(std::string_view(b, fmt::hexbytes(b, m.p + 12, 4, 0)));
    }
  });
  NTP_FIELD("ntp.reftime", { if (data && m.has(24)) emit_ts(o, m.p + 16); });
  NTP_FIELD("ntp.org", { if (data && m.has(32)) emit_ts(o, m.p + 24); });
  NTP_FIELD("ntp.rec", { if (data && m.has(40)) emit_ts(o, m.p + 32); });
  NTP_FIELD("ntp.xmt", { if (data && m.has(48)) emit_ts(o, m.p + 40); });
}

}  // namespace weir
