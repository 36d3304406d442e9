// Private helpers for the application-protocol decoders (dns, dhcp, http,
// tls, ntp, smtp, ftp): a fixed-size text buffer and the string escaping
// tshark 4.0 applies to string fields (format_text: C escapes for control
// characters, valid UTF-8 kept, invalid sequences replaced by U+FFFD).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "weir/decode.hpp"
#include "weir/format.hpp"

namespace weir::app {

// Fixed-capacity text; appends past the end are dropped (never overflow).
template <size_t N>
using Text = fmt::Text<N>;

// Whether GLib's g_unichar_isprint() would call code point cp (>= 0x80)
// printable: everything but controls (Cc), format characters (Cf),
// surrogates and unassigned code points. The Cf list is complete for
// Unicode 14; unassigned code points are approximated by noncharacters and
// the unallocated planes.
inline bool unichar_printable(uint32_t cp) {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return false;
  if (cp == 0xad || (cp >= 0x600 && cp <= 0x605) || cp == 0x61c || cp == 0x6dd || cp == 0x70f ||
      cp == 0x890 || cp == 0x891 || cp == 0x8e2 || cp == 0x180e || (cp >= 0x200b && cp <= 0x200f) ||
      (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) ||
      (cp >= 0x2066 && cp <= 0x206f) || cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb) ||
      cp == 0x110bd || cp == 0x110cd || (cp >= 0x13430 && cp <= 0x13438) ||
      (cp >= 0x1bca0 && cp <= 0x1bca3) || (cp >= 0x1d173 && cp <= 0x1d17a) || cp == 0xe0001 ||
      (cp >= 0xe0020 && cp <= 0xe007f))
    return false;
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe) return false;
  if (cp == 0x378 || cp == 0x379) return false;
  if (cp >= 0x40000 && cp < 0xe0000) return false;  // unallocated planes 4-13
  return true;
}

// Appends an ENC_ASCII string as tshark -T fields prints its value: bytes
// below 0x80 as they are (controls too; the fields printer escapes \n \r
// \t as tshark's does), every byte >= 0x80 as U+FFFD.
template <size_t N>
void append_ascii_raw(Text<N>& out, const uint8_t* p, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (p[i] < 0x80) out.put(char(p[i]));
    else out.s("\xef\xbf\xbd");
  }
}

// Appends bytes [p, p+n) the way tshark 4.0 shows a string in its tree and
// info column (format_text; DNS names carry these escapes in the value):
// printable ASCII as is; \a \b \f \n \r \t \v; other controls as \ooo;
// well-formed (also overlong) UTF-8 sequences decoded and kept if printable,
// else \uXXXX / \UXXXXXXXX; an invalid sequence (bad lead byte, missing
// continuation, surrogate, > U+10FFFF) becomes one U+FFFD. With
// `ascii` (ENC_ASCII strings) every byte >= 0x80 becomes U+FFFD.
template <size_t N>
void append_text(Text<N>& out, const uint8_t* p, size_t n, bool ascii = false) {
  static constexpr char kHexU[] = "0123456789ABCDEF";
  static constexpr std::string_view kRepl = "\xef\xbf\xbd";
  size_t i = 0;
  while (i < n) {
    uint8_t c = p[i];
    if (c < 0x80) {
      ++i;
      if (c >= 0x20 && c < 0x7f) {
        out.put(char(c));
        continue;
      }
      out.put('\\');
      switch (c) {
        case '\a': out.put('a'); break;
        case '\b': out.put('b'); break;
        case '\f': out.put('f'); break;
        case '\n': out.put('n'); break;
        case '\r': out.put('r'); break;
        case '\t': out.put('t'); break;
        case '\v': out.put('v'); break;
        default:
          out.put(char('0' + (c >> 6)));
          out.put(char('0' + ((c >> 3) & 7)));
          out.put(char('0' + (c & 7)));
      }
      continue;
    }
    if (ascii) {
      out.s(kRepl);
      ++i;
      continue;
    }
    int extra;
    uint32_t cp;
    if ((c & 0xe0) == 0xc0) { extra = 1; cp = c & 0x1f; }
    else if ((c & 0xf0) == 0xe0) { extra = 2; cp = c & 0x0f; }
    else if ((c & 0xf8) == 0xf0) { extra = 3; cp = c & 0x07; }
    else if ((c & 0xfc) == 0xf8) { extra = 4; cp = c & 0x03; }
    else if ((c & 0xfe) == 0xfc) { extra = 5; cp = c & 0x01; }
    else {
      out.s(kRepl);
      ++i;
      continue;
    }
    size_t j = i + 1;
    int got = 0;
    while (got < extra && j < n && (p[j] & 0xc0) == 0x80) {
      cp = cp << 6 | (p[j] & 0x3f);
      ++j;
      ++got;
    }
    if (got < extra || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      out.s(kRepl);
      i = j;
      continue;
    }
    if (cp < 0x80) {  // overlong encoding of ASCII: printed as that character
      if (cp >= 0x20 && cp < 0x7f) {
        out.put(char(cp));
      } else {
        out.s("\\u00");
        out.put(kHexU[cp >> 4]);
        out.put(kHexU[cp & 15]);
      }
    } else if (unichar_printable(cp)) {
      for (size_t k = i; k < j; ++k) out.put(char(p[k]));
    } else if (cp <= 0xffff) {
      out.s("\\u");
      for (int sh = 12; sh >= 0; sh -= 4) out.put(kHexU[(cp >> sh) & 15]);
    } else {
      out.s("\\U");
      for (int sh = 28; sh >= 0; sh -= 4) out.put(kHexU[(cp >> sh) & 15]);
    }
    i = j;
  }
}

// The layer directly below `self`, or nullptr.
inline const Layer* parent_layer(const DecodeInput& in) {
  return in.pkt && in.self > 0 ? &in.pkt->layers[in.self - 1] : nullptr;
}

// Bytes of this layer present in the frame, from its offset.
inline uint32_t layer_avail(const FieldCtx& c) {
  uint32_t cap = c.pkt.caplen();
  return c.layer->offset <= cap ? cap - c.layer->offset : 0;
}

}  // namespace weir::app
