// Private helpers for the line-based application decoders (http, smtp, ftp).
#pragma once

#include <cstdint>

#include "app_text.hpp"
#include "weir/decode.hpp"
#include "weir/layers.hpp"

namespace weir::app {

// Finds the end of the line starting at `off` (Wireshark's
// tvb_find_line_end: LF, CR LF or a lone CR). Sets len (without the
// terminator) and next (after it). Returns false if there is no terminator;
// then len is the rest of the data.
inline bool find_line(const uint8_t* p, uint32_t n, uint32_t off, uint32_t& len, uint32_t& next) {
  for (uint32_t i = off; i < n; ++i) {
    if (p[i] == '\n') {
      len = i - off;
      next = i + 1;
      return true;
    }
    if (p[i] == '\r') {
      len = i - off;
      next = (i + 1 < n && p[i + 1] == '\n') ? i + 2 : i + 1;
      return true;
    }
  }
  len = off <= n ? n - off : 0;
  next = n;
  return false;
}

// Whether this segment goes to the server: Wireshark compares the
// destination port with the port that selected the dissector (the lower one
// if both are server ports). `a`/`b` are the decoder's registered ports.
inline bool to_server(const DecodeInput& in, uint16_t a, uint16_t b) {
  const Layer* parent = in.pkt && in.self > 0 ? &in.pkt->layers[in.self - 1] : nullptr;
  if (!parent || parent->proto != Proto::Tcp) return true;
  const auto& t = parent->as<TcpFields>();
  auto is_server = [&](uint16_t p) { return p == a || p == b; };
  uint16_t lo = t.sport < t.dport ? t.sport : t.dport, hi = t.sport < t.dport ? t.dport : t.sport;
  uint16_t match = is_server(lo) ? lo : hi;
  return t.dport == match;
}

// ENC_ASCII string value: bytes >= 0x80 print as U+FFFD. Plain ASCII goes
// out as it is, whatever its length; a value that needs replacements is
// built in a 4 KiB buffer (longer ones are cut there).
inline void emit_ascii(FieldOut& o, const uint8_t* p, uint32_t n) {
  bool plain = true;
  for (uint32_t i = 0; i < n && plain; ++i) plain = p[i] < 0x80;
  if (plain) {
    o.value(std::string_view(reinterpret_cast<const char*>(p), n));
    return;
  }
  Text<4096> t;
  for (uint32_t i = 0; i < n; ++i) {
    if (p[i] < 0x80) t.put(char(p[i]));
    else t.s("\xef\xbf\xbd");
  }
  o.value(t);
}

}  // namespace weir::app
