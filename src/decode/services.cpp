// Security and operations services, with Wireshark's field names, protocol
// column and info text: IPsec ESP (RFC 4303) directly over IP and in UDP
// (RFC 3948, Wireshark's "udpencap"), the ISAKMP/IKE header, RADIUS (RFC 2865/2866, dynamic
// authorization RFC 5176) and syslog (RFC 3164/5424: priority only).
#include <cstdio>

#include "app_text.hpp"
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

// ---------------------------------------------------------------- ESP

// SPI 0, sequence number 4, then the encrypted payload (ESP's own).
void decode_esp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  du::whole_message(in, layer, res, 8, "truncated_esp");
}

void info_esp(const FieldCtx& c, TextOut& o) {
  uint64_t spi = 0;
  du::Text t;
  if (du::read_be(c, 0, 4, spi)) t.s("ESP (SPI=").h(spi, 8).s(")");
  t.to(o);
}

// UDP encapsulation (port 4500): ESP unless the first four bytes are zero
// (the non-ESP marker of IKE) or the datagram is one 0xff byte (NAT
// keep-alive).
void decode_udpencap(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  uint32_t have = du::min32(in.claimed, in.avail);
  const uint8_t* p = in.frame + in.offset;
  if (have == 1 && p[0] == 0xff) {  // keep-alive: UDPENCAP's own byte
    layer.hdr_len = 1;
    layer.payload_len = 0;
  } else if (have >= 4 && load_be32(p) == 0) {  // non-ESP marker: IKE follows
    layer.hdr_len = 4;
    layer.payload_len = have - 4;
    res.next_proto = Proto::Isakmp;
  } else {
    layer.hdr_len = 0;
    layer.payload_len = have;
    if (have) res.next_proto = Proto::Esp;
  }
}

void info_udpencap(const FieldCtx& c, TextOut& o) {
  if (c.layer->hdr_len == 1) o.append("NAT-keepalive");
}

// ---------------------------------------------------------------- ISAKMP

// IKEv1/IKEv2 header (RFC 2408, RFC 7296): initiator SPI 0, responder SPI
// 8, next payload 16, version 17, exchange type 18, flags 19, message ID
// 20, length 24; payloads follow (not decoded).
void decode_isakmp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  du::whole_message(in, layer, res, 28, "truncated_isakmp");
}

const char* ikev1_exchange(uint8_t t) {
  switch (t) {
    case 0: return "NONE";
    case 1: return "Base";
    case 2: return "Identity Protection (Main Mode)";
    case 3: return "Authentication Only";
    case 4: return "Aggressive";
    case 5: return "Informational";
    case 6: return "Transaction (Config Mode)";
    case 32: return "Quick Mode";
    case 33: return "New Group Mode";
    default: return nullptr;
  }
}

const char* ikev2_exchange(uint8_t t) {
  switch (t) {
    case 34: return "IKE_SA_INIT";
    case 35: return "IKE_AUTH";
    case 36: return "CREATE_CHILD_SA";
    case 37: return "INFORMATIONAL";
    case 38: return "IKE_SESSION_RESUME";
    default: return nullptr;
  }
}

void info_isakmp(const FieldCtx& c, TextOut& o) {
  if (c.layer->hdr_len < 28) return;
  const uint8_t* p = c.pkt.data() + c.layer->offset;
  uint8_t major = p[17] >> 4, type = p[18], flags = p[19];
  du::Text t;
  if (major == 2) {
    const char* n = ikev2_exchange(type);
    if (n) t.s(n);
    else t.s("Unknown ").d(type);
    char mid[16];
    int k = std::snprintf(mid, sizeof mid, "%02u", unsigned(load_be32(p + 20)));
    t.s(" MID=").s(std::string_view(mid, k > 0 ? size_t(k) : 0));
    t.s(flags & 0x08 ? " Initiator" : " Responder").s(flags & 0x20 ? " Response" : " Request");
  } else {
    const char* n = ikev1_exchange(type);
    if (n) t.s(n);
    else t.s("Unknown ").d(type);
  }
  t.to(o);
}

// ---------------------------------------------------------------- RADIUS

// Code 0, identifier 1, length 2, authenticator 4-19, then attributes
// (type, length including the two header bytes, value).
void decode_radius(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  uint32_t have = du::min32(in.claimed, in.avail);
  if (have < 20) return du::truncated(in, layer, res, "truncated_radius");
  uint16_t len = load_be16(in.frame + in.offset + 2);
  layer.hdr_len = len >= 20 && len < have ? len : have;
  layer.payload_len = 0;
}

const char* radius_code(uint8_t c) {
  switch (c) {
    case 1: return "Access-Request";
    case 2: return "Access-Accept";
    case 3: return "Access-Reject";
    case 4: return "Accounting-Request";
    case 5: return "Accounting-Response";
    case 11: return "Access-Challenge";
    case 12: return "Status-Server";
    case 13: return "Status-Client";
    case 40: return "Disconnect-Request";
    case 41: return "Disconnect-ACK";
    case 42: return "Disconnect-NAK";
    case 43: return "CoA-Request";
    case 44: return "CoA-ACK";
    case 45: return "CoA-NAK";
    default: return nullptr;
  }
}

void info_radius(const FieldCtx& c, TextOut& o) {
  du::Text t;
  uint8_t code = du::byte_at(c, 0);
  if (const char* n = radius_code(code)) t.s(n);
  else t.s("Unknown-Packet-Type-").d(code);
  t.s(" id=").d(du::byte_at(c, 1));
  t.to(o);
}

// Calls fn(type, value, length) for each attribute.
template <class Fn>
void radius_each(const FieldCtx& c, Fn fn) {
  const uint8_t* p = c.pkt.data() + c.layer->offset;
  for (uint32_t at = 20; at + 2 <= c.layer->hdr_len;) {
    uint8_t len = p[at + 1];
    if (len < 2 || at + len > c.layer->hdr_len) return;
    fn(p[at], p + at + 2, uint32_t(len - 2));
    at += len;
  }
}

// An EAP-Message attribute (79) is EAP's: Wireshark adds "eap".
void names_radius(const FieldCtx& c, const char*& name, const char*&) {
  bool eap = false;
  radius_each(c, [&](uint8_t type, const uint8_t*, uint32_t) { eap = eap || type == 79; });
  if (eap) name = "radius:eap";
}

template <uint8_t Type>
void radius_string(const FieldCtx& c, FieldOut& o) {
  radius_each(c, [&](uint8_t type, const uint8_t* v, uint32_t n) {
    if (type == Type) o.value(std::string_view(reinterpret_cast<const char*>(v), n));
  });
}

// ---------------------------------------------------------------- syslog

// "<PRI>message" (1-3 digits): facility = PRI / 8, level = PRI % 8.
struct SyslogFields {
  int16_t pri;     // -1: no priority
  uint8_t msg_at;  // where the message starts
};

void decode_syslog(const DecodeInput& in, Layer& layer, DecodeResult&) {
  auto& f = layer.as<SyslogFields>();
  f = {};
  f.pri = -1;
  uint32_t have = du::min32(in.claimed, in.avail);
  const uint8_t* p = in.frame + in.offset;
  if (have >= 3 && p[0] == '<') {
    int v = 0;
    uint32_t i = 1;
    for (; i < have && i < 4 && p[i] >= '0' && p[i] <= '9'; ++i) v = v * 10 + (p[i] - '0');  // 1-3 digits
    if (i > 1 && i < have && p[i] == '>') {
      f.pri = int16_t(v);
      f.msg_at = uint8_t(i + 1);
    }
  }
  layer.hdr_len = have;
  layer.payload_len = 0;
}

void info_syslog(const FieldCtx& c, TextOut& o) {
  static const char* const kFac[] = {"KERN", "USER", "MAIL", "DAEMON", "AUTH", "SYSLOG", "LPR", "NEWS",
                                     "UUCP", "CRON", "AUTHPRIV", "FTP", "NTP", "SECURITY", "CONSOLE", "SOLARIS-CRON",
                                     "LOCAL0", "LOCAL1", "LOCAL2", "LOCAL3", "LOCAL4", "LOCAL5", "LOCAL6", "LOCAL7"};
  static const char* const kLevel[] = {"EMERG", "ALERT", "CRIT", "ERR", "WARNING", "NOTICE", "INFO", "DEBUG"};
  const auto& f = du::get<SyslogFields>(c);
  fmt::Text<1024> t;
  const uint8_t* p = c.pkt.data() + c.layer->offset;
  uint32_t from = 0;
  if (f.pri >= 0) {
    int fac = (f.pri & 0x3f8) >> 3;  // Wireshark's facility mask
    t.s(fac < 24 ? kFac[fac] : "UNKNOWN").s(".").s(kLevel[f.pri & 7]).s(": ");
    from = f.msg_at;
  }
  app::append_text(t, p + from, c.layer->hdr_len - from);
  t.to(o);
}

}  // namespace

void register_services(Registry& r) {
  r.add_proto({Proto::Esp, "esp", "ESP", decode_esp, info_esp});
  r.add_dispatch(Table::IpProto, 50, Proto::Esp);
  r.add_field({"esp.spi", Proto::Esp, du::uint_at<0, 4, 0, 8>});
  r.add_field({"esp.sequence", Proto::Esp, du::uint_at<4, 4>});
  r.add_proto({Proto::UdpEncap, "udpencap", "UDPENCAP", decode_udpencap, info_udpencap});
  r.add_dispatch(Table::UdpPort, 4500, Proto::UdpEncap);

  r.add_proto({Proto::Isakmp, "isakmp", "ISAKMP", decode_isakmp, info_isakmp});
  r.add_dispatch(Table::UdpPort, 500, Proto::Isakmp);
  r.add_field({"isakmp.ispi", Proto::Isakmp, [](const FieldCtx& c, FieldOut& o) {
                 if (c.layer->hdr_len >= 8) du::hex_value(o, c.pkt.data() + c.layer->offset, 8);
               }});
  r.add_field({"isakmp.rspi", Proto::Isakmp, [](const FieldCtx& c, FieldOut& o) {
                 if (c.layer->hdr_len >= 16) du::hex_value(o, c.pkt.data() + c.layer->offset + 8, 8);
               }});
  r.add_field({"isakmp.version", Proto::Isakmp, du::uint_at<17, 1, 0, 2>});
  r.add_field({"isakmp.mjver", Proto::Isakmp, du::uint_at<17, 1, 0xf0, 2>});
  r.add_field({"isakmp.mnver", Proto::Isakmp, du::uint_at<17, 1, 0x0f, 2>});
  r.add_field({"isakmp.exchangetype", Proto::Isakmp, du::uint_at<18, 1>});
  r.add_field({"isakmp.flags", Proto::Isakmp, du::uint_at<19, 1, 0, 2>});
  r.add_field({"isakmp.messageid", Proto::Isakmp, du::uint_at<20, 4, 0, 8>});
  r.add_field({"isakmp.length", Proto::Isakmp, du::uint_at<24, 4>});

  r.add_proto({Proto::Radius, "radius", "RADIUS", decode_radius, info_radius, names_radius});
  for (uint16_t port : {1812, 1813, 1645, 1646, 1700, 3799}) r.add_dispatch(Table::UdpPort, port, Proto::Radius);
  r.add_field({"radius.code", Proto::Radius, du::uint_at<0, 1>});
  r.add_field({"radius.id", Proto::Radius, du::uint_at<1, 1>});
  r.add_field({"radius.length", Proto::Radius, du::uint_at<2, 2>});
  r.add_field({"radius.authenticator", Proto::Radius, [](const FieldCtx& c, FieldOut& o) {
                 if (du::frame_has(c.pkt, c.layer->offset + 4, 16)) du::hex_value(o, c.pkt.data() + c.layer->offset + 4, 16);
               }});
  r.add_field({"radius.User_Name", Proto::Radius, radius_string<1>});
  r.add_field({"radius.NAS_IP_Address", Proto::Radius, [](const FieldCtx& c, FieldOut& o) {
                 radius_each(c, [&](uint8_t type, const uint8_t* v, uint32_t n) {
                   if (type == 4 && n == 4) o.value(fmt::ipv4(v));
                 });
               }});
  r.add_field({"radius.Called_Station_Id", Proto::Radius, radius_string<30>});
  r.add_field({"radius.Calling_Station_Id", Proto::Radius, radius_string<31>});

  r.add_proto({Proto::Syslog, "syslog", "Syslog", decode_syslog, info_syslog});
  r.add_dispatch(Table::UdpPort, 514, Proto::Syslog);
  r.add_field({"syslog.facility", Proto::Syslog, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<SyslogFields>(c);
                 if (f.pri >= 0) du::dec(o, (f.pri & 0x3f8) >> 3);
               }});
  r.add_field({"syslog.level", Proto::Syslog, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<SyslogFields>(c);
                 if (f.pri >= 0) du::dec(o, f.pri & 7);
               }});
}

}  // namespace weir
