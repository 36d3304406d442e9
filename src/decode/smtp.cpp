// SMTP (RFC 5321) command and reply lines, Wireshark's "smtp", per packet.
// A client segment is a command PDU if its first word is an SMTP command
// (four letters, or STARTTLS/X-EXPS/X-LINK2STATE/XEXCH50); otherwise tshark
// calls it message body. Wireshark also tracks DATA/STARTTLS state across
// packets, which a stateless per-packet decoder cannot.
#include "app_text.hpp"
#include "line_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

struct SmtpLayer {
  uint32_t base;
  uint32_t len;
  bool request;
  bool command;  // request segment whose first line is a command
};

struct Msg {
  const uint8_t* p;
  uint32_t len;
};

Msg msg_of(const FieldCtx& c) {
  const auto& s = c.layer->as<SmtpLayer>();
  uint32_t cap = c.pkt.caplen();
  uint32_t n = s.base <= cap ? cap - s.base : 0;
  return {c.pkt.data() + s.base, n < s.len ? n : s.len};
}

bool alpha(uint8_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool ieq(const uint8_t* p, uint32_t n, std::string_view s) {
  if (n != s.size()) return false;
  for (uint32_t i = 0; i < n; ++i) {
    uint8_t a = p[i], b = uint8_t(s[i]);
    if (a >= 'a' && a <= 'z') a = uint8_t(a - 32);
    if (a != b) return false;
  }
  return true;
}

bool is_command(const uint8_t* p, uint32_t n) {
  if (n == 4 && alpha(p[0]) && alpha(p[1]) && alpha(p[2]) && alpha(p[3])) return true;
  return ieq(p, n, "STARTTLS") || ieq(p, n, "X-EXPS") || ieq(p, n, "X-LINK2STATE") ||
         ieq(p, n, "XEXCH50");
}

void decode_smtp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& s = layer.as<SmtpLayer>();
  s = {};
  s.base = in.offset;
  s.len = in.avail;
  s.request = app::to_server(in, 25, 587);
  layer.hdr_len = in.avail;
  res.stop = true;
  if (s.request) {
    const uint8_t* p = in.frame + in.offset;
    uint32_t len, next, w = 0;
    app::find_line(p, in.avail, 0, len, next);
    while (w < len && p[w] != ' ') ++w;
    s.command = is_command(p, w);
  }
}

// fn(line_off, line_len) for each line (the last may be unterminated).
template <class F>
void each_line(const Msg& m, F&& fn) {
  uint32_t off = 0, len, next;
  while (off < m.len) {
    app::find_line(m.p, m.len, off, len, next);
    fn(off, len);
    off = next;
  }
}

bool reply_code(const uint8_t* p, uint32_t n, uint32_t& code) {
  if (n < 3) return false;
  code = 0;
  for (int i = 0; i < 3; ++i) {
    if (p[i] < '0' || p[i] > '9') return false;
    code = code * 10 + uint32_t(p[i] - '0');
  }
  return true;
}

void info_smtp(const FieldCtx& c, TextOut& o) {
  const auto& s = c.layer->as<SmtpLayer>();
  Msg m = msg_of(c);
  app::Text<512> t;
  t.s(s.request ? "C: " : "S: ");
  if (s.request && !s.command) {
    t.s("Message Body, ").d(m.len).s(" bytes");
  } else {
    bool first = true;
    each_line(m, [&](uint32_t off, uint32_t len) {
      if (!first) t.s(" | ");
      if (!s.request && !first && len >= 4) app::append_text(t, m.p + off + 4, len - 4);
      else app::append_text(t, m.p + off, len);
      first = false;
    });
  }
  o.append(t);
}

#define SMTP_FIELD(NAME, ...)                                         \
  r.add_field({NAME, Proto::Smtp, [](const FieldCtx& c, FieldOut& o) { \
                 const auto& s = c.layer->as<SmtpLayer>();             \
                 Msg m = msg_of(c);                                    \
                 __VA_ARGS__                                                  \
               }})

}  // namespace

void register_smtp(Registry& r) {
  r.add_proto({Proto::Smtp, "smtp", "SMTP", decode_smtp, info_smtp});
  r.add_dispatch(Table::TcpPort, 25, Proto::Smtp);
  r.add_dispatch(Table::TcpPort, 587, Proto::Smtp);

  SMTP_FIELD("smtp.req", {
    if (s.request && s.command) each_line(m, [&](uint32_t, uint32_t) { o.value("1"); });
  });
  SMTP_FIELD("smtp.req.command", {
    if (!s.request || !s.command) return;
    each_line(m, [&](uint32_t off, uint32_t len) {
      app::emit_ascii(o, m.p + off, len < 4 ? len : 4);
    });
  });
  SMTP_FIELD("smtp.req.parameter", {
    if (!s.request || !s.command) return;
    each_line(m, [&](uint32_t off, uint32_t len) {
      if (len > 5) app::emit_ascii(o, m.p + off + 5, len - 5);
    });
  });
  SMTP_FIELD("smtp.response", {
    if (s.request) return;
    uint32_t len, next, code;
    app::find_line(m.p, m.len, 0, len, next);
    if (reply_code(m.p, len, code)) app::emit_ascii(o, m.p, next);
  });
  SMTP_FIELD("smtp.response.code", {
    if (s.request) return;
    uint32_t len, next, code;
    app::find_line(m.p, m.len, 0, len, next);
    if (reply_code(m.p, len, code)) o.value(fmt::dec(code));
  });
  SMTP_FIELD("smtp.rsp.parameter", {
    if (s.request) return;
    each_line(m, [&](uint32_t off, uint32_t len) {
      uint32_t code;
      if (reply_code(m.p + off, len, code) && len > 4) app::emit_ascii(o, m.p + off + 4, len - 4);
    });
  });
}

}  // namespace weir
