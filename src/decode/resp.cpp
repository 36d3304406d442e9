// RESP, the Redis protocol (TCP port 6379), as tshark 4.0 shows it: the
// messages of a segment (simple strings, errors, integers, bulk strings,
// arrays, nested up to 30 deep; a line of anything else is a
// "[fragment]"), the info column tshark's dissector writes ("Request:" or
// "Response:", then a request's command words, a response's values), and
// the fields resp.string, resp.error, resp.integer, resp.bulk_string.length
// and .value, resp.array.length. A message a segment does not finish shows
// "[continuation]" and TCP's note, as tshark; weir does not reassemble it
// with the next segment (tshark does).
#include <climits>
#include <cstring>

#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

constexpr uint32_t kMaxDepth = 30;   // tshark's MAX_ARRAY_DEPTH_TO_RECURSE
constexpr int64_t kMaxDisplay = 100;  // BULK_STRING_MAX_DISPLAY

struct RespFields {
  bool response;  // from port 6379
};

void decode_resp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<RespFields>();
  f = {};
  if (in.self > 0 && in.pkt->layers[in.self - 1].proto == Proto::Tcp)
    f.response = in.pkt->layers[in.self - 1].as<TcpFields>().sport == 6379;
  layer.hdr_len = in.avail;
  res.stop = true;
}

// g_ascii_strtoll on a line (base 10): leading spaces, a sign, digits;
// saturates on overflow.
int64_t strtoll_line(const uint8_t* p, uint32_t n) {
  uint32_t i = 0;
  while (i < n && (p[i] == ' ' || (p[i] >= '\t' && p[i] <= '\r'))) ++i;
  bool neg = false;
  if (i < n && (p[i] == '+' || p[i] == '-')) neg = p[i++] == '-';
  uint64_t v = 0;
  bool over = false;
  for (; i < n && p[i] >= '0' && p[i] <= '9'; ++i) {
    if (v > (uint64_t(INT64_MAX) + 1 - uint64_t(p[i] - '0')) / 10) over = true;
    else v = v * 10 + uint64_t(p[i] - '0');
  }
  if (neg) return over || v > uint64_t(INT64_MAX) ? INT64_MIN : -int64_t(v);
  return over || v > uint64_t(INT64_MAX) ? INT64_MAX : int64_t(v);
}

// What the walk reports, in order, as tshark's dissector meets it.
struct Visitor {
  virtual void string(uint32_t depth, const uint8_t* p, uint32_t n) = 0;
  virtual void error(const uint8_t* p, uint32_t n) = 0;
  virtual void integer(uint32_t depth, int64_t v) = 0;
  // A bulk string of `length` (negative: null), its n bytes at p.
  virtual void bulk(uint32_t depth, int64_t length, const uint8_t* p, uint32_t n) = 0;
  // An array's header; `shown`: tshark goes on to its elements (and names
  // a response's top-level array in the info).
  virtual void array(uint32_t depth, int64_t count, bool shown) = 0;
  virtual void fragment() = 0;
};

struct Walk {
  const uint8_t* b;
  uint32_t end;
  Visitor& v;

  // tvb_find_line_end: the line's length up to a CR or LF; -1: none.
  int64_t line(uint32_t at) const {
    for (uint32_t i = at; i < end; ++i)
      if (b[i] == '\r' || b[i] == '\n') return i - at;
    return -1;
  }
  // One message at `at` whose line is n bytes; returns the bytes it takes
  // (the line's terminator counted as 2, as tshark) or -1: more is needed.
  int64_t message(uint32_t at, uint32_t n, uint32_t depth) {
    const uint8_t* p = b + at;
    switch (n ? p[0] : 0) {
      case '+': v.string(depth, p + 1, n - 1); return n + 2;
      case '-': v.error(p + 1, n - 1); return n + 2;
      case ':': v.integer(depth, strtoll_line(p + 1, n - 1)); return n + 2;
      case '$': {
        int64_t len = int32_t(uint64_t(strtoll_line(p + 1, n - 1)));  // (tshark keeps an int)
        if (len < 0) {
          v.bulk(depth, len, nullptr, 0);
          return n + 2;
        }
        uint64_t from = uint64_t(at) + n + 2;
        uint64_t left = from < end ? end - from : 0;
        if (left < uint64_t(len) + 2) return -1;  // asks for the rest
        v.bulk(depth, len, b + from, uint32_t(len));
        return int64_t(n) + 2 + len + 2;
      }
      case '*': {
        int64_t count = strtoll_line(p + 1, n - 1);
        if (count <= 0 || depth > kMaxDepth) {
          v.array(depth, count, false);
          return n + 2;
        }
        bool more = uint64_t(at) + n + 2 < end;
        v.array(depth, count, more);
        if (!more) return -1;  // no element yet
        int64_t stop = loop(at + n + 2, depth + 1, count);
        return stop < 0 ? -1 : stop - at;
      }
      default:
        if (n == 0) return 2;  // a stray line end
        v.fragment();
        return n + 2;
    }
  }
  // Messages from `at` (all, or `expected` of them); the offset after them
  // or -1.
  int64_t loop(uint32_t at, uint32_t depth, int64_t expected) {
    int64_t done = 0;
    uint64_t o = at;
    while (o < end) {
      if (expected >= 0 && done == expected) return int64_t(o);
      int64_t n = line(uint32_t(o));
      if (n < 0) return -1;
      int64_t took = message(uint32_t(o), uint32_t(n), depth);
      if (took < 0) return -1;
      ++done;
      o += uint64_t(took);
    }
    return int64_t(o);
  }
};

bool is_ascii(const uint8_t* p, uint32_t n, uint32_t& shown) {
  shown = n;
  for (uint32_t i = 0; i < n; ++i) {
    if (p[i] == 0) {  // the C string ends there
      shown = i;
      return true;
    }
    if (p[i] >= 0x80) return false;
  }
  return true;
}

void walk(const FieldCtx& c, Visitor& v, bool& open) {
  uint32_t n = du::min32(c.layer->hdr_len, c.pkt.caplen() - c.layer->offset);
  Walk w{c.pkt.data() + c.layer->offset, n, v};
  open = w.loop(0, 0, -1) < 0;
}

// Text as tshark's ENC_ASCII reads it: up to a NUL, each byte above 0x7f
// replaced by U+FFFD.
template <class Put>
void ascii_text(const uint8_t* p, uint32_t n, Put put) {
  for (uint32_t i = 0; i < n && p[i]; ++i) {
    if (p[i] < 0x80) put(std::string_view(reinterpret_cast<const char*>(p + i), 1));
    else put(std::string_view("\xEF\xBF\xBD", 3));
  }
}

struct InfoVisitor final : Visitor {
  du::Text t;
  bool response;
  void text(const uint8_t* p, uint32_t n) { t.s(std::string_view(reinterpret_cast<const char*>(p), n)); }
  void replaced(const uint8_t* p, uint32_t n) {
    ascii_text(p, n, [&](std::string_view s) { t.s(s); });
  }
  void string(uint32_t depth, const uint8_t* p, uint32_t n) override {
    if (!response || depth) return;
    t.s(" ");
    replaced(p, n);
  }
  void error(const uint8_t* p, uint32_t n) override {
    t.s(" Error: ");
    replaced(p, n);
  }
  void integer(uint32_t depth, int64_t v) override {
    if (!response || depth) return;
    char d[24];
    t.s(" ").s(std::string_view(d, fmt::sdec(d, v)));
  }
  void bulk(uint32_t depth, int64_t length, const uint8_t* p, uint32_t n) override {
    if (length < 0) return;
    uint32_t shown;
    bool ascii = is_ascii(p, n, shown);
    bool request = !response;
    if (ascii && request && depth == 1) {
      if (length < kMaxDisplay) t.s(" "), text(p, shown);
      else t.s(" BulkString(").d(uint64_t(length)).s(")");
    } else if (ascii && response && depth == 0 && length < kMaxDisplay) {
      t.s(" "), text(p, shown);
    } else if (depth == 0) {
      t.s(" BulkString(").d(uint64_t(length)).s(")");
    }
  }
  void array(uint32_t depth, int64_t count, bool shown) override {
    if (shown && response && depth == 0) {
      char d[24];
      t.s(" Array(").s(std::string_view(d, fmt::sdec(d, count))).s(")");
    }
  }
  void fragment() override { t.s(" [fragment]"); }
};

// A segment that asks for more shows TCP in the protocol column.
void names_resp(const FieldCtx& c, const char*&, const char*& display) {
  struct None final : Visitor {
    void string(uint32_t, const uint8_t*, uint32_t) override {}
    void error(const uint8_t*, uint32_t) override {}
    void integer(uint32_t, int64_t) override {}
    void bulk(uint32_t, int64_t, const uint8_t*, uint32_t) override {}
    void array(uint32_t, int64_t, bool) override {}
    void fragment() override {}
  } v;
  bool open;
  walk(c, v, open);
  if (open) display = "TCP";
}

void info_resp(const FieldCtx& c, TextOut& o) {
  InfoVisitor v;
  v.response = du::get<RespFields>(c).response;
  v.t.s(v.response ? "Response:" : "Request:");
  bool open;
  walk(c, v, open);
  if (open) v.t.s(" [continuation] [TCP segment of a reassembled PDU]");
  v.t.to(o);
}

// One field's values, from the same walk.
enum class Kind { String, Error, Integer, BulkLength, BulkValue, ArrayLength };
template <Kind K>
void resp_field(const FieldCtx& c, FieldOut& o) {
  struct V final : Visitor {
    FieldOut& o;
    explicit V(FieldOut& out) : o(out) {}
    void str(const uint8_t* p, uint32_t n) {
      uint32_t shown;
      if (is_ascii(p, n, shown)) return o.value(std::string_view(reinterpret_cast<const char*>(p), shown));
      // Bytes above 0x7f: each becomes 3 bytes (a line is at most a segment).
      static constexpr uint32_t kMax = 65536;
      thread_local char buf[3 * kMax];
      size_t len = 0;
      ascii_text(p, du::min32(n, kMax), [&](std::string_view s) {
        std::memcpy(buf + len, s.data(), s.size());
        len += s.size();
      });
      o.value(std::string_view(buf, len));
    }
    void string(uint32_t, const uint8_t* p, uint32_t n) override {
      if (K == Kind::String) str(p, n);
    }
    void error(const uint8_t* p, uint32_t n) override {
      if (K == Kind::Error) str(p, n);
    }
    void integer(uint32_t, int64_t v) override {
      if (K == Kind::Integer) o.value(fmt::sdec(v));
    }
    void bulk(uint32_t, int64_t length, const uint8_t* p, uint32_t n) override {
      if (K == Kind::BulkLength) o.value(fmt::sdec(int32_t(length)));
      if (K == Kind::BulkValue && p && n) du::hex_value(o, p, n);
    }
    void array(uint32_t, int64_t count, bool) override {
      if (K == Kind::ArrayLength) o.value(fmt::sdec(count));
    }
    void fragment() override {}
  } v(o);
  bool open;
  walk(c, v, open);
}

}  // namespace

void register_resp(Registry& r) {
  r.add_proto({Proto::Resp, "resp", "RESP", decode_resp, info_resp, names_resp});
  r.add_dispatch(Table::TcpPort, 6379, Proto::Resp);
  r.add_field({"resp.string", Proto::Resp, resp_field<Kind::String>});
  r.add_field({"resp.error", Proto::Resp, resp_field<Kind::Error>});
  r.add_field({"resp.integer", Proto::Resp, resp_field<Kind::Integer>});
  r.add_field({"resp.bulk_string.length", Proto::Resp, resp_field<Kind::BulkLength>});
  r.add_field({"resp.bulk_string.value", Proto::Resp, resp_field<Kind::BulkValue>});
  r.add_field({"resp.array.length", Proto::Resp, resp_field<Kind::ArrayLength>});
}

}  // namespace weir
