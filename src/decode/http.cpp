// HTTP/1.x request and status lines and headers (also SSDP on UDP 1900,
// which Wireshark dissects with the same http.* fields). Per packet, no
// reassembly: the first line is parsed even without a line end; so is a last
// "name: value" header line the segment cuts off (not one without a colon);
// a folded (obs-fold) line ends the headers, as in tshark. Several messages in
// one segment (pipelining) become one HTTP layer each. String values are
// ENC_ASCII in Wireshark: bytes >= 0x80 print as U+FFFD.
#include <cstring>

#include "app_text.hpp"
#include "line_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

enum class Kind : uint8_t { Continuation, Request, Response };

struct HttpLayer {
  uint32_t base;   // absolute frame offset of the message
  uint32_t len;    // bytes of this message available (headers + body present)
  Kind kind;
};

struct Msg {
  const uint8_t* p;
  uint32_t len;
};

Msg msg_of(const FieldCtx& c) {
  const auto& h = c.layer->as<HttpLayer>();
  uint32_t cap = c.pkt.caplen();
  uint32_t n = h.base <= cap ? cap - h.base : 0;
  return {c.pkt.data() + h.base, n < h.len ? n : h.len};
}

using app::find_line;  // LF, CR LF or lone CR, as Wireshark

bool eq(const uint8_t* p, uint32_t n, std::string_view s) {
  return n == s.size() && std::memcmp(p, s.data(), n) == 0;
}

bool ieq(const uint8_t* p, uint32_t n, std::string_view s) {
  if (n != s.size()) return false;
  for (uint32_t i = 0; i < n; ++i) {
    uint8_t a = p[i], b = uint8_t(s[i]);
    if (a >= 'A' && a <= 'Z') a = uint8_t(a + 32);
    if (b >= 'A' && b <= 'Z') b = uint8_t(b + 32);
    if (a != b) return false;
  }
  return true;
}

constexpr std::string_view kMethods[] = {
    "GET", "PUT", "ACL", "POST", "COPY", "HEAD", "LOCK", "MOVE", "POLL", "BIND", "MKCOL",
    "TRACE", "PATCH", "LABEL", "MERGE", "BCOPY", "BMOVE", "DELETE", "SEARCH", "UNLOCK",
    "REPORT", "UPDATE", "NOTIFY", "REBIND", "UNBIND", "BDELETE", "CONNECT", "OPTIONS",
    "CHECKIN", "PROPFIND", "CHECKOUT", "CCM_POST", "M-SEARCH", "SUBSCRIBE", "PROPPATCH",
    "BPROPFIND", "BPROPPATCH", "UNCHECKOUT", "MKACTIVITY", "MKCALENDAR", "MKWORKSPACE",
    "UNSUBSCRIBE", "RPC_CONNECT", "ORDERPATCH", "MKREDIRECTREF", "VERSION-CONTROL",
    "BASELINE-CONTROL", "UPDATEREDIRECTREF", "RPC_IN_DATA", "RPC_OUT_DATA"};

Kind classify(const uint8_t* line, uint32_t n) {
  if (n >= 5 && std::memcmp(line, "HTTP/", 5) == 0) return Kind::Response;
  uint32_t sp = 0;
  while (sp < n && line[sp] != ' ') ++sp;
  for (std::string_view m : kMethods)
    if (eq(line, sp, m)) return Kind::Request;
  return Kind::Continuation;
}

// Token up to the first space; next = after the spaces that follow.
uint32_t token_len(const uint8_t* p, uint32_t from, uint32_t end, uint32_t& next) {
  uint32_t i = from;
  while (i < end && p[i] != ' ') ++i;
  uint32_t n = i - from;
  while (i < end && p[i] == ' ') ++i;
  next = i;
  return n;
}

struct Span {
  uint32_t off = 0, len = 0;
  bool present = false;
};

struct FirstLine {
  Span method, uri, req_version, resp_version, code_txt, phrase;
  uint32_t code = 0;
  bool has_code = false;
};

FirstLine parse_first(const Msg& m, Kind kind) {
  FirstLine f;
  uint32_t len, next;
  find_line(m.p, m.len, 0, len, next);
  const uint8_t* p = m.p;
  uint32_t end = len, at = 0, nx;
  if (kind == Kind::Request) {
    uint32_t t = token_len(p, at, end, nx);
    if (t == 0) return f;
    f.method = {at, t, true};
    // Two spaces after the method mean an empty URI.
    if (nx - at > 2 && p[nx - 1] == ' ' && p[nx - 2] == ' ') --nx;
    at = nx;
    t = token_len(p, at, end, nx);
    f.uri = {at, t, true};
    at = nx;
    if (end > at) f.req_version = {at, end - at, true};
  } else if (kind == Kind::Response) {
    uint32_t t = token_len(p, at, end, nx);
    if (t == 0) return f;
    f.resp_version = {at, t, true};
    at = nx;
    t = token_len(p, at, end, nx);
    if (t < 3) return f;
    uint32_t v = 0;
    for (int i = 0; i < 3; ++i) {
      uint8_t ch = p[at + uint32_t(i)];
      if (ch < '0' || ch > '9') return f;
      v = v * 10 + uint32_t(ch - '0');
    }
    f.code = v;
    f.has_code = true;
    at = nx;
    if (end > at) f.phrase = {at, end - at, true};
  }
  return f;
}

// Calls fn(line_off, line_len_with_terminator, name_off, name_len, value_off,
// value_len) for each header line of the message. As tshark 4.0 without
// reassembly: a last "name: value" line the segment cuts off counts too; a folded
// (obs-fold) continuation line ends the headers.
template <class F>
void each_header(const Msg& m, F&& fn) {
  uint32_t len, next;
  if (!find_line(m.p, m.len, 0, len, next)) return;
  uint32_t off = next;
  while (off < m.len) {
    if (!find_line(m.p, m.len, off, len, next)) {
      // Cut off by the segment: shown when it is a "name: value" line.
      len = m.len - off;
      next = m.len;
      if (!std::memchr(m.p + off, ':', len)) return;
    }
    if (len == 0) return;  // end of headers
    if (m.p[off] == ' ' || m.p[off] == '\t') return;
    uint32_t colon = off;
    while (colon < off + len && m.p[colon] != ':') ++colon;
    uint32_t name_len = colon - off, voff = colon, vlen = 0;
    if (colon < off + len) {
      voff = colon + 1;
      while (voff < off + len && (m.p[voff] == ' ' || m.p[voff] == '\t')) ++voff;
      vlen = off + len - voff;
    } else {
      name_len = len;
    }
    fn(off, next - off, off, name_len, voff, vlen, colon < off + len);
    off = next;
  }
}

bool chunked(const Msg& m);
bool chunks_complete(const uint8_t* p, uint32_t n, uint32_t* end);

// Length of the whole message (headers + body: Content-Length, or a whole
// chunked body) for pipelining, or 0 if it extends to the end of the data.
uint32_t message_len(const Msg& m, Kind kind, const FirstLine& f) {
  uint32_t len, next, off;
  if (!find_line(m.p, m.len, 0, len, next)) return 0;
  off = next;
  bool have_cl = false;
  uint64_t cl = 0;
  bool ok = true;
  while (true) {
    if (off >= m.len || !find_line(m.p, m.len, off, len, next)) return 0;
    if (len == 0) break;
    uint32_t colon = off;
    while (colon < off + len && m.p[colon] != ':') ++colon;
    if (colon < off + len && ieq(m.p + off, colon - off, "content-length")) {
      uint32_t v = colon + 1;
      while (v < off + len && (m.p[v] == ' ' || m.p[v] == '\t')) ++v;
      have_cl = v < off + len;
      cl = 0;
      for (; v < off + len; ++v) {
        if (m.p[v] < '0' || m.p[v] > '9') { ok = false; break; }
        cl = cl * 10 + uint64_t(m.p[v] - '0');
        if (cl > 0xffffffffu) { ok = false; break; }
      }
    }
    off = next;
  }
  uint32_t hdr_end = next;
  if (chunked(m)) {
    uint32_t e = 0;
    if (!chunks_complete(m.p + hdr_end, m.len - hdr_end, &e)) return 0;
    uint64_t t = uint64_t(hdr_end) + e;
    return t < m.len ? uint32_t(t) : 0;
  }
  if (kind == Kind::Response) {
    bool no_body = f.has_code && ((f.code >= 100 && f.code < 200) || f.code == 204 || f.code == 304);
    if (!no_body && (!have_cl || !ok)) return 0;
    if (no_body) cl = 0;
  } else if (!have_cl || !ok) {
    cl = 0;
  }
  uint64_t total = uint64_t(hdr_end) + cl;
  return total < m.len ? uint32_t(total) : 0;
}

// What tshark 4.0 hands an HTTP body to, by its Content-Type (the media
// type, lower case, without parameters; measured with tshark): Line-based
// text, its "Media Type" dissector, XML, or data (no type, octet-stream).
// Types with a dissector weir does not have (JSON, forms, multipart, OCSP,
// certificates, DNS, gRPC) get no body layer (Proto::None).
Proto body_proto(std::string_view type) {
  auto is = [&](std::string_view t) { return type == t; };
  auto ends = [&](std::string_view t) { return type.size() >= t.size() && type.substr(type.size() - t.size()) == t; };
  if (type.empty() || is("application/octet-stream")) return Proto::Data;
  if (is("text/plain") || is("text/html") || is("text/css") || is("text/javascript") ||
      is("application/x-javascript"))
    return Proto::TextLines;
  if (is("text/xml") || is("application/xml") || ends("+xml")) return Proto::Xml;
  if (is("application/json") || ends("+json") || type.rfind("multipart/", 0) == 0 ||
      is("application/x-www-form-urlencoded") || type.rfind("application/ocsp", 0) == 0 ||
      type.rfind("application/pkix", 0) == 0 || is("application/dns-message") ||
      type.rfind("application/grpc", 0) == 0)
    return Proto::None;
  return Proto::Media;
}

// The message's media type (lower case, no parameters) into out; false
// without a Content-Type header.
bool media_type(const Msg& m, app::Text<128>& out) {
  bool found = false;
  each_header(m, [&](uint32_t, uint32_t, uint32_t n, uint32_t nl, uint32_t v, uint32_t vl, bool colon) {
    if (found || !colon || !ieq(m.p + n, nl, "content-type")) return;
    found = true;
    uint32_t e = 0;
    while (e < vl && m.p[v + e] != ';') ++e;
    while (e > 0 && (m.p[v + e - 1] == ' ' || m.p[v + e - 1] == '\t')) --e;
    for (uint32_t i = 0; i < e; ++i) {
      uint8_t ch = m.p[v + i];
      out.put(char(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch));
    }
  });
  return found;
}

// Whether Transfer-Encoding says chunked.
bool chunked(const Msg& m) {
  bool yes = false;
  each_header(m, [&](uint32_t, uint32_t, uint32_t n, uint32_t nl, uint32_t v, uint32_t vl, bool colon) {
    if (!colon || !ieq(m.p + n, nl, "transfer-encoding")) return;
    for (uint32_t i = 0; i + 7 <= vl; ++i)
      if (ieq(m.p + v + i, 7, "chunked")) yes = true;
  });
  return yes;
}

// Whether p[0, n) holds a whole chunked body (up to the last, empty
// chunk; with `end`, also the trailer's empty line, and *end is where it
// ends). A line that is no chunk size, or a size over 2^31, ends the body
// there, as tshark stops.
bool chunks_complete(const uint8_t* p, uint32_t n, uint32_t* end) {
  if (end) *end = 0;
  uint32_t off = 0;
  for (int guard = 0; guard < 100000; ++guard) {
    uint32_t len, next;
    if (!find_line(p, n, off, len, next)) return false;
    uint64_t size = 0;
    uint32_t i = off;
    bool any = false;
    for (; i < off + len; ++i) {
      uint8_t c = p[i];
      int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (v < 0) break;
      size = size * 16 + uint64_t(v);
      any = true;
      if (size > 0x7fffffffu) {  // tshark gives up on such a size too
        if (end) *end = off;
        return true;
      }
    }
    if (!any) {  // not a chunk size: tshark stops there, the body ends
      if (end) *end = off;
      return true;
    }
    if (size == 0) {
      if (!end) return true;
      uint32_t at = next;  // trailer lines up to an empty one
      for (int t = 0; t < 1000 && find_line(p, n, at, len, next); ++t) {
        at = next;
        if (len == 0) {
          *end = at;
          return true;
        }
      }
      return false;
    }
    uint64_t after = uint64_t(next) + size;
    if (after > n) return false;
    off = uint32_t(after);
    if (!find_line(p, n, off, len, next)) return false;  // the CRLF after the data
    off = next;
  }
  return false;
}

// Where the headers end (after the empty line), or 0 if they do not in m.
uint32_t headers_end(const Msg& m) {
  uint32_t len, next, off = 0;
  if (!find_line(m.p, m.len, 0, len, next)) return 0;
  off = next;
  while (off < m.len) {
    if (!find_line(m.p, m.len, off, len, next)) return 0;
    if (len == 0) return next;
    off = next;
  }
  return 0;
}

void decode_http(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& h = layer.as<HttpLayer>();
  h = {};
  h.base = in.offset;
  h.len = in.avail;
  layer.hdr_len = in.avail;
  layer.payload_len = 0;
  res.stop = true;
  Msg m{in.frame + in.offset, in.avail};
  uint32_t len, next;
  find_line(m.p, m.len, 0, len, next);
  h.kind = classify(m.p, len);
  if (h.kind == Kind::Continuation) {
    // Body bytes: Wireshark hands them on as data (http:data, data.len).
    layer.hdr_len = 0;
    layer.payload_len = in.avail;
    res.stop = false;
    res.next_proto = Proto::Data;
    return;
  }
  FirstLine f = parse_first(m, h.kind);
  uint32_t total = message_len(m, h.kind, f);
  bool next_http = false;
  if (total) {
    // Another message follows in this segment: decode it as its own layer
    // if it starts with a request or status line.
    uint32_t n2, nx2;
    find_line(m.p + total, m.len - total, 0, n2, nx2);
    // (Bytes that start no message go on as HTTP continuation data.)
    next_http = true;
    h.len = total;
  }
  // A body after the headers goes to the dissector of its media type, as
  // in tshark (bounded by the message: http_body_len).
  Msg whole{m.p, h.len};
  uint32_t end = headers_end(whole);
  Proto body = Proto::None;
  // (A chunked body cut short raises tshark's exception before its media
  // type's dissector runs: no body layer then.)
  if (end && end < h.len && !(chunked(whole) && !chunks_complete(m.p + end, h.len - end, nullptr))) {
    app::Text<128> type;
    media_type(whole, type);
    body = body_proto(std::string_view(type.buf, type.len));
  }
  if (body == Proto::None && !next_http) return;
  layer.hdr_len = body != Proto::None ? end : h.len;
  layer.payload_len = in.avail - layer.hdr_len;
  res.stop = false;
  res.next_proto = body != Proto::None ? body : Proto::Http;
}

// As tshark: the value ends at a NUL; plain ASCII goes out as it is,
// whatever its length (a long URI or Cookie); a value that needs U+FFFD
// replacements is built in a 4 KiB buffer.
void emit_ascii(FieldOut& o, const uint8_t* p, uint32_t n) {
  bool plain = true;
  for (uint32_t i = 0; i < n; ++i) {
    if (!p[i]) {
      n = i;
      break;
    }
    plain = plain && p[i] < 0x80;
  }
  if (plain) {
    o.value(std::string_view(reinterpret_cast<const char*>(p), n));
    return;
  }
  app::Text<4096> t;
  app::append_ascii_raw(t, p, n);
  o.value(t);
}

void emit_span(FieldOut& o, const Msg& m, const Span& s) {
  if (s.present) emit_ascii(o, m.p + s.off, s.len);
}

void info_http(const FieldCtx& c, TextOut& o) {
  const auto& h = c.layer->as<HttpLayer>();
  if (h.kind == Kind::Continuation) {
    o.append("Continuation");
    return;
  }
  Msg m = msg_of(c);
  uint32_t len, next;
  find_line(m.p, m.len, 0, len, next);
  app::Text<512> t;
  app::append_text(t, m.p, len);
  t.s(" ");
  // A body shown as line-based text or a media type adds its type (those
  // dissectors write it, in tshark); XML and data add nothing.
  int self = int(c.layer - c.pkt.layers);
  Proto body = self + 1 < c.pkt.nlayers ? c.pkt.layers[self + 1].proto : Proto::None;
  app::Text<128> type;
  bool typed = media_type(m, type);
  if (body == Proto::TextLines || body == Proto::Media) {
    t.s(" (").s(std::string_view(type.buf, type.len)).s(")");
  } else if (h.kind == Kind::Response && typed && body_proto(std::string_view(type.buf, type.len)) == Proto::None) {
    // A type whose dissector weir does not have: its raw value.
    each_header(m, [&](uint32_t, uint32_t, uint32_t n, uint32_t nl, uint32_t v, uint32_t vl, bool) {
      if (ieq(m.p + n, nl, "content-type")) {
        t.s(" (");
        app::append_ascii_raw(t, m.p + v, vl);
        t.s(")");
      }
    });
  }
  o.append(t);
}

#define HTTP_FIELD(NAME, BODY)                                         \
  r.add_field({NAME, Proto::Http, [](const FieldCtx& c, FieldOut& o) { \
                 const auto& h = c.layer->as<HttpLayer>();             \
                 if (h.kind == Kind::Continuation) return;             \
                 Msg m = msg_of(c);                                    \
                 (void)m;                                              \
                 BODY                                                  \
               }})

#define HTTP_HEADER_FIELD(NAME, HEADER)                                                         \
  HTTP_FIELD(NAME, {                                                                            \
    each_header(m, [&](uint32_t, uint32_t, uint32_t n, uint32_t nl, uint32_t v, uint32_t vl,    \
                       bool colon) {                                                            \
      if (colon && ieq(m.p + n, nl, HEADER)) emit_ascii(o, m.p + v, vl);                        \
    });                                                                                         \
  })

// HTTP over UDP 1900 is Wireshark's SSDP.
void names_http(const FieldCtx& c, const char*& name, const char*& display) {
  int self = int(c.layer - c.pkt.layers);
  if (self <= 0 || c.pkt.layers[self - 1].proto != Proto::Udp) return;
  const auto& u = c.pkt.layers[self - 1].as<UdpFields>();
  if (u.sport == 1900 || u.dport == 1900) name = "ssdp", display = "SSDP";
}

// Its protocol column stays the message's (HTTP, or SSDP).
void names_body(const FieldCtx& c, const char*&, const char*& display) {
  int self = int(c.layer - c.pkt.layers);
  display = "HTTP";
  if (self > 0 && c.pkt.layers[self - 1].proto == Proto::Http) {
    const char* n = "http";
    names_http(FieldCtx{c.pkt, &c.pkt.layers[self - 1]}, n, display);
  }
  if (c.layer->proto == Proto::Xml) display = std::strcmp(display, "SSDP") == 0 ? "SSDP/XML" : "HTTP/XML";
}

}  // namespace

bool http_message_extent(const uint8_t* p, uint32_t n, uint32_t& whole, uint32_t& need) {
  whole = need = 0;
  uint32_t len, next;
  find_line(p, n, 0, len, next);
  Kind kind = classify(p, len);
  if (kind == Kind::Continuation) return false;
  Msg m{p, n};
  uint32_t end = headers_end(m);
  if (end == 0) return true;  // the headers go on: one more segment
  if (chunked(m)) {
    uint32_t e = 0;
    if (chunks_complete(p + end, n - end, &e)) whole = end + e;
    return true;
  }
  bool have_cl = false, ok = true;
  uint64_t cl = 0;
  each_header(m, [&](uint32_t, uint32_t, uint32_t nm, uint32_t nl, uint32_t v, uint32_t vl, bool colon) {
    if (!colon || !ieq(p + nm, nl, "content-length")) return;
    have_cl = vl > 0;
    cl = 0;
    for (uint32_t i = 0; i < vl; ++i) {
      uint8_t c = p[v + i];
      if (c < '0' || c > '9' || cl > 0xffffffffu) {
        ok = false;
        return;
      }
      cl = cl * 10 + uint64_t(c - '0');
    }
  });
  FirstLine f = parse_first(m, kind);
  bool no_body = kind == Kind::Request ? !have_cl
                                       : f.has_code && ((f.code >= 100 && f.code < 200) || f.code == 204 || f.code == 304);
  if (no_body) {
    whole = end;
    return true;
  }
  if (!have_cl || !ok || cl > 0xffffffffu - end) return false;  // (a response to the end of the connection)
  uint64_t total = end + cl;
  if (total <= n) whole = uint32_t(total);
  else need = uint32_t(total);
  return true;
}

size_t http_first_line_info(const uint8_t* p, uint32_t n, char* out, size_t cap) {
  uint32_t len, next;
  find_line(p, n, 0, len, next);
  app::Text<512> t;
  app::append_text(t, p, len);
  t.s(" ");
  size_t k = t.len < cap ? t.len : cap;
  if (k < t.len)
    while (k > 0 && (uint8_t(t.buf[k]) & 0xc0) == 0x80) --k;  // not inside a UTF-8 sequence
  std::memcpy(out, t.buf, k);
  return k;
}

uint32_t http_body_len(const DecodedPacket& d, int layer) {
  if (layer < 0 || layer >= d.nlayers || d.layers[layer].proto != Proto::Http) return UINT32_MAX;
  const Layer& l = d.layers[layer];
  const auto& h = l.as<HttpLayer>();
  if (h.kind == Kind::Continuation || h.len < l.hdr_len) return UINT32_MAX;
  return h.len - l.hdr_len;
}

void register_http(Registry& r) {
  r.add_proto({Proto::Http, "http", "HTTP", decode_http, info_http, names_http});
  r.add_proto({Proto::TextLines, "data-text-lines", "Line-based text data", decode_data, nullptr, names_body});
  r.add_proto({Proto::Media, "media", "Media Type", decode_data, nullptr, names_body});
  r.add_proto({Proto::Xml, "xml", "eXtensible Markup Language", decode_data, nullptr, names_body});
  for (uint32_t port : {80u, 631u, 1900u, 2710u, 2869u, 3128u, 3132u, 3689u, 5985u, 8080u, 8088u,
                        11371u})
    r.add_dispatch(Table::TcpPort, port, Proto::Http);
  r.add_dispatch(Table::UdpPort, 1900, Proto::Http);  // SSDP

  HTTP_FIELD("http.request", { if (h.kind == Kind::Request) o.value("1"); });
  HTTP_FIELD("http.response", { if (h.kind == Kind::Response) o.value("1"); });
  HTTP_FIELD("http.request.method", { emit_span(o, m, parse_first(m, h.kind).method); });
  HTTP_FIELD("http.request.uri", { emit_span(o, m, parse_first(m, h.kind).uri); });
  HTTP_FIELD("http.request.version", { emit_span(o, m, parse_first(m, h.kind).req_version); });
  HTTP_FIELD("http.response.version", { emit_span(o, m, parse_first(m, h.kind).resp_version); });
  HTTP_FIELD("http.response.code", {
    FirstLine f = parse_first(m, h.kind);
    if (f.has_code) o.value(fmt::dec(f.code));
  });
  HTTP_FIELD("http.response.phrase", { emit_span(o, m, parse_first(m, h.kind).phrase); });
  HTTP_FIELD("http.request.line", {
    if (h.kind != Kind::Request) return;
    each_header(m, [&](uint32_t l, uint32_t ll, uint32_t, uint32_t, uint32_t, uint32_t, bool) {
      emit_ascii(o, m.p + l, ll);
    });
  });
  HTTP_FIELD("http.response.line", {
    if (h.kind != Kind::Response) return;
    each_header(m, [&](uint32_t l, uint32_t ll, uint32_t, uint32_t, uint32_t, uint32_t, bool) {
      emit_ascii(o, m.p + l, ll);
    });
  });
  HTTP_HEADER_FIELD("http.host", "host");
  HTTP_HEADER_FIELD("http.user_agent", "user-agent");
  HTTP_HEADER_FIELD("http.accept", "accept");
  HTTP_HEADER_FIELD("http.accept_encoding", "accept-encoding");
  HTTP_HEADER_FIELD("http.accept_language", "accept-language");
  HTTP_HEADER_FIELD("http.referer", "referer");
  HTTP_HEADER_FIELD("http.cookie", "cookie");
  HTTP_HEADER_FIELD("http.set_cookie", "set-cookie");
  HTTP_HEADER_FIELD("http.connection", "connection");
  HTTP_HEADER_FIELD("http.content_type", "content-type");
  HTTP_HEADER_FIELD("http.content_length_header", "content-length");
  HTTP_HEADER_FIELD("http.location", "location");
  HTTP_HEADER_FIELD("http.server", "server");
  HTTP_HEADER_FIELD("http.authorization", "authorization");
  HTTP_HEADER_FIELD("http.cache_control", "cache-control");
  HTTP_HEADER_FIELD("http.date", "date");
  HTTP_HEADER_FIELD("http.transfer_encoding", "transfer-encoding");
  HTTP_FIELD("http.content_length", {
    each_header(m, [&](uint32_t, uint32_t, uint32_t n, uint32_t nl, uint32_t v, uint32_t vl,
                       bool colon) {
      if (!colon || !ieq(m.p + n, nl, "content-length") || vl == 0) return;
      uint64_t x = 0;
      for (uint32_t i = 0; i < vl; ++i) {
        uint8_t ch = m.p[v + i];
        if (ch < '0' || ch > '9' || x > 0xffffffffffffull) return;
        x = x * 10 + uint64_t(ch - '0');
      }
      o.value(fmt::dec(x));
    });
  });
}

}  // namespace weir
