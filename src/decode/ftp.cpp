// FTP control connection (RFC 959), Wireshark's "ftp": the first line of a
// segment is a request ("CMD arg", client to port 21) or a reply
// ("227 text"). Direction comes from which port matched, as in Wireshark.
#include "app_text.hpp"
#include "line_util.hpp"
#include "protocols.hpp"
#include "weir/layers.hpp"

namespace weir {
namespace {

struct FtpLayer {
  uint32_t base;
  uint32_t len;
  bool request;
};

// The first line: [off, off+len) relative to the message start.
struct FirstLine {
  const uint8_t* p;
  uint32_t len;
};

FirstLine first_line(const FieldCtx& c) {
  const auto& f = c.layer->as<FtpLayer>();
  uint32_t cap = c.pkt.caplen();
  uint32_t n = f.base <= cap ? cap - f.base : 0;
  if (n > f.len) n = f.len;
  const uint8_t* p = c.pkt.data() + f.base;
  uint32_t len, next;
  app::find_line(p, n, 0, len, next);
  return {p, len};
}

void decode_ftp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<FtpLayer>();
  f = {};
  f.base = in.offset;
  f.len = in.avail;
  f.request = app::to_server(in, 21, 21);
  layer.hdr_len = in.avail;
  res.stop = true;
}

// Request: command token and argument after the spaces that follow it.
void split_request(const FirstLine& l, uint32_t& cmd_len, uint32_t& arg_off) {
  uint32_t i = 0;
  while (i < l.len && l.p[i] != ' ') ++i;
  cmd_len = i;
  while (i < l.len && l.p[i] == ' ') ++i;
  arg_off = i;
}

bool reply_code(const FirstLine& l, uint32_t& code) {
  if (l.len < 3) return false;
  code = 0;
  for (int i = 0; i < 3; ++i) {
    if (l.p[i] < '0' || l.p[i] > '9') return false;
    code = code * 10 + uint32_t(l.p[i] - '0');
  }
  return true;
}

void info_ftp(const FieldCtx& c, TextOut& o) {
  FirstLine l = first_line(c);
  app::Text<512> t;
  t.s(c.layer->as<FtpLayer>().request ? "Request: " : "Response: ");
  app::append_text(t, l.p, l.len);
  o.append(t);
}

#define FTP_FIELD(NAME, ...)                                         \
  r.add_field({NAME, Proto::Ftp, [](const FieldCtx& c, FieldOut& o) { \
                 bool request = c.layer->as<FtpLayer>().request;      \
                 FirstLine l = first_line(c);                         \
                 (void)l;                                             \
                 __VA_ARGS__                                                 \
               }})

}  // namespace

void register_ftp(Registry& r) {
  r.add_proto({Proto::Ftp, "ftp", "FTP", decode_ftp, info_ftp});
  r.add_dispatch(Table::TcpPort, 21, Proto::Ftp);

  FTP_FIELD("ftp.request", { o.value(request ? "1" : "0"); });
  FTP_FIELD("ftp.response", { o.value(request ? "0" : "1"); });
  FTP_FIELD("ftp.request.command", {
    if (!request) return;
    uint32_t n, a;
    split_request(l, n, a);
    if (n) app::emit_ascii(o, l.p, n);
  });
  FTP_FIELD("ftp.request.arg", {
    if (!request) return;
    uint32_t n, a;
    split_request(l, n, a);
    if (a < l.len) app::emit_ascii(o, l.p + a, l.len - a);
  });
  FTP_FIELD("ftp.response.code", {
    uint32_t code;
    if (!request && reply_code(l, code)) o.value(fmt::dec(code));
  });
  FTP_FIELD("ftp.response.arg", {
    if (request) return;
    uint32_t code, at = 0;
    if (reply_code(l, code)) at = l.len >= 4 ? 4 : l.len;
    if (at < l.len) app::emit_ascii(o, l.p + at, l.len - at);
  });
}

}  // namespace weir
