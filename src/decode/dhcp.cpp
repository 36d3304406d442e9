// BOOTP/DHCP (RFC 951, RFC 2131/2132), Wireshark's "dhcp". Fixed 236-byte
// header, magic cookie, then options. Like Wireshark 4.0, a first pass over
// the options finds the message type; if that pass runs past the captured
// bytes (snaplen cut) nothing is shown at all. Options are only parsed after
// a valid magic cookie.
#include "app_text.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

constexpr uint32_t kCookieOff = 236;
constexpr uint32_t kOptOff = 240;

struct DhcpLayer {
  uint32_t base;     // absolute frame offset of the BOOTP header
  uint32_t avail;    // captured bytes of the message
  uint32_t claimed;  // bytes on the wire (UDP payload)
  int16_t msg_type;  // last option 53 value, -1 if none
  bool cookie;       // magic cookie present and valid
  bool empty;        // first pass hit the capture end: no fields
};

struct View {
  const uint8_t* p;
  uint32_t avail;
  uint32_t claimed;
  bool has(uint32_t off, uint32_t n) const { return off <= avail && avail - off >= n; }
};

View view_of(const FieldCtx& c) {
  const auto& d = c.layer->as<DhcpLayer>();
  return {c.pkt.data() + d.base, d.avail, d.claimed};
}

void decode_dhcp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& d = layer.as<DhcpLayer>();
  d = {};
  d.base = in.offset;
  d.avail = in.avail;
  d.claimed = in.claimed > in.avail ? in.claimed : in.avail;
  d.msg_type = -1;
  layer.hdr_len = in.avail;
  layer.payload_len = 0;
  res.stop = true;
  const uint8_t* p = in.frame + in.offset;
  View v{p, d.avail, d.claimed};
  if (!v.has(0, kOptOff)) res.anomaly = "truncated_dhcp_header";
  d.cookie = v.has(kCookieOff, 4) && load_be32(p + kCookieOff) == 0x63825363;
  // First pass: message type. Bounds are the wire length; reading a byte that
  // is on the wire but not captured aborts the whole dissection (tshark).
  // Without a cookie the pass starts after the 64-byte BOOTP vendor area.
  uint32_t off = d.cookie ? kOptOff : kCookieOff + 64, eoff = d.claimed;
  while (off < eoff) {
    if (!v.has(off, 1)) {
      d.empty = true;
      res.anomaly = "truncated_dhcp_options";
      return;
    }
    uint8_t code = p[off];
    if (code == 0) {
      ++off;
      continue;
    }
    if (code == 255) break;
    if (off + 1 >= eoff) break;
    if (!v.has(off + 1, 1)) {
      d.empty = true;
      res.anomaly = "truncated_dhcp_options";
      return;
    }
    uint32_t len = p[off + 1];
    if (off + 2 + len > eoff) break;
    if (code == 53 && len >= 1 && d.cookie) {
      if (!v.has(off + 2, 1)) {
        d.empty = true;
        res.anomaly = "truncated_dhcp_options";
        return;
      }
      d.msg_type = p[off + 2];
    }
    off += 2 + len;
  }
}

// Calls f(code, len, data_off, complete) for each option the second
// pass shows; pads are grouped (len = run length), End has code 255. Stops
// where Wireshark throws.
template <class F>
void each_option(const View& v, F&& f) {
  uint32_t off = kOptOff, eoff = v.claimed;
  while (off < eoff) {
    if (!v.has(off, 1)) return;
    uint8_t code = v.p[off];
    if (code == 0) {
      uint32_t n = 0;
      while (off + n < eoff && v.has(off + n, 1) && v.p[off + n] == 0) ++n;
      f(0, n, off, true);
      off += n;
      continue;
    }
    if (code == 255) {
      f(255, 0u, off + 1, true);
      off += 1;
      // Anything after End is padding.
      if (off < eoff && v.has(off, 1)) {
        uint32_t n = v.avail - off < eoff - off ? v.avail - off : eoff - off;
        f(-1, n, off, true);  // trailing padding: code -1
      }
      return;
    }
    if (off + 1 >= eoff || !v.has(off + 1, 1)) return;
    uint32_t len = v.p[off + 1];
    bool whole = off + 2 + len <= eoff && v.has(off + 2, len);
    f(code, len, off + 2, whole);
    if (!whole) return;
    off += 2 + len;
  }
}

const char* msg_type_name(int t) {
  static const char* const names[] = {nullptr,      "Discover",  "Offer",   "Request",
                                      "Decline",    "ACK",       "NAK",     "Release",
                                      "Inform",     "Force Renew", "Lease query",
                                      "Lease Unassigned", "Lease Unknown", "Lease Active",
                                      "Bulk Lease Query", "Lease Query Done",
                                      "Active LeaseQuery", "Lease Query Status", "TLS"};
  return t >= 1 && t <= 18 ? names[t] : nullptr;
}

void info_dhcp(const FieldCtx& c, TextOut& o) {
  const auto& d = c.layer->as<DhcpLayer>();
  View v = view_of(c);
  app::Text<128> t;
  if (d.msg_type >= 0 && v.has(4, 4)) {
    t.s("DHCP ");
    if (const char* n = msg_type_name(d.msg_type)) {
      t.s(n);
      for (size_t k = std::string_view(n).size(); k < 8; ++k) t.put(' ');
    } else {
      t.s("Unknown Message Type (").h(uint64_t(d.msg_type), 2).s(")");
    }
    t.s(" - Transaction ID ").h(load_be32(v.p + 4), 1);
  } else if (v.has(0, 1)) {
    if (v.p[0] == 1) {
      t.s("Boot Request");
      if (v.has(28, 6) && v.has(2, 1) && v.p[2] == 6) {
        char m[18];
        std::string_view mv(m, fmt::mac(m, v.p + 28));
        t.s(" from ").s(mv).s(" (").s(mv).s(")");
      }
    } else if (v.p[0] == 2) {
      t.s("Boot Reply");
    } else {
      t.s("Unknown BOOTP message type (").d(v.p[0]).s(")");
    }
  }
  o.append(t);
}

#define DHCP_FIELD(NAME, BODY)                                         \
  r.add_field({NAME, Proto::Dhcp, [](const FieldCtx& c, FieldOut& o) { \
                 if (c.layer->as<DhcpLayer>().empty) return;           \
                 View v = view_of(c);                                  \
                 BODY                                                  \
               }})

// Emits the data of every complete option with this code through fn.
#define DHCP_OPT_FIELD(NAME, CODE, BODY)                                              \
  DHCP_FIELD(NAME, {                                                                  \
    if (!c.layer->as<DhcpLayer>().cookie) return;                                     \
    each_option(v, [&](int code, uint32_t len, uint32_t at, bool whole) {         \
      if (code != (CODE) || !whole) return;                                           \
      const uint8_t* d = v.p + at;                                                    \
      (void)d;                                                                        \
      (void)len;                                                                      \
      BODY                                                                            \
    });                                                                               \
  })

// A string option (ENC_ASCII) as tshark 4.0 -T fields prints it: up to the
// first NUL, control characters as they are, bytes >= 0x80 as U+FFFD.
void emit_ascii_z(FieldOut& o, const uint8_t* p, uint32_t n) {
  uint32_t k = 0;
  while (k < n && p[k]) ++k;
  app::Text<1024> t;
  app::append_ascii_raw(t, p, k);
  o.value(t);
}

// A NUL-terminated fixed-size string field (sname, file); absent if empty.
void emit_cstr(FieldOut& o, const View& v, uint32_t off, uint32_t size) {
  if (!v.has(off, size) || v.p[off] == 0) return;
  uint32_t n = 0;
  while (n < size && v.p[off + n]) ++n;
  emit_ascii_z(o, v.p + off, n);
}

// Without a DHCP message type Wireshark's column says BOOTP.
void names_dhcp(const FieldCtx& c, const char*&, const char*& display) {
  if (c.layer->as<DhcpLayer>().msg_type < 0) display = "BOOTP";
}

}  // namespace

void register_dhcp(Registry& r) {
  r.add_proto({Proto::Dhcp, "dhcp", "DHCP", decode_dhcp, info_dhcp, names_dhcp});
  r.add_dispatch(Table::UdpPort, 67, Proto::Dhcp);
  r.add_dispatch(Table::UdpPort, 68, Proto::Dhcp);
  r.add_dispatch(Table::UdpPort, 4011, Proto::Dhcp);  // PXE

  DHCP_FIELD("dhcp.type", { if (v.has(0, 1)) o.value(fmt::dec(v.p[0])); });
  DHCP_FIELD("dhcp.hw.type", {
    if (v.has(1, 1)) o.value(fmt::hex(v.p[1], 2));
    if (!c.layer->as<DhcpLayer>().cookie) return;
    each_option(v, [&](int code, uint32_t len, uint32_t at, bool whole) {
      if (code == 61 && whole && len == 7 && v.p[at] == 1) o.value(fmt::hex(1, 2));
    });
  });
  DHCP_FIELD("dhcp.hw.len", { if (v.has(2, 1)) o.value(fmt::dec(v.p[2])); });
  DHCP_FIELD("dhcp.hops", { if (v.has(3, 1)) o.value(fmt::dec(v.p[3])); });
  DHCP_FIELD("dhcp.id", { if (v.has(4, 4)) o.value(fmt::hex(load_be32(v.p + 4), 8)); });
  DHCP_FIELD("dhcp.secs", { if (v.has(8, 2)) o.value(fmt::dec(load_be16(v.p + 8))); });
  DHCP_FIELD("dhcp.flags", { if (v.has(10, 2)) o.value(fmt::hex(load_be16(v.p + 10), 4)); });
  DHCP_FIELD("dhcp.flags.bc", { if (v.has(10, 2)) o.value(v.p[10] & 0x80 ? "1" : "0"); });
  DHCP_FIELD("dhcp.ip.client", { if (v.has(12, 4)) o.value(fmt::ipv4(v.p + 12)); });
  DHCP_FIELD("dhcp.ip.your", { if (v.has(16, 4)) o.value(fmt::ipv4(v.p + 16)); });
  DHCP_FIELD("dhcp.ip.server", { if (v.has(20, 4)) o.value(fmt::ipv4(v.p + 20)); });
  DHCP_FIELD("dhcp.ip.relay", { if (v.has(24, 4)) o.value(fmt::ipv4(v.p + 24)); });
  DHCP_FIELD("dhcp.hw.mac_addr", {
    if (v.has(2, 1) && v.p[2] == 6 && v.has(28, 6)) o.value(fmt::mac(v.p + 28));
    if (!c.layer->as<DhcpLayer>().cookie) return;
    each_option(v, [&](int code, uint32_t len, uint32_t at, bool whole) {
      if (code == 61 && whole && len == 7 && v.p[at] == 1) o.value(fmt::mac(v.p + at + 1));
    });
  });
  DHCP_FIELD("dhcp.hw.addr_padding", {
    if (v.has(2, 1) && v.p[2] == 6 && v.has(34, 10)) {
      char b[24];
      o.value(std::string_view(b, fmt::hexbytes(b, v.p + 34, 10, 0)));
    }
  });
  DHCP_FIELD("dhcp.hw.addr", {
    if (!v.has(2, 1)) return;
    uint8_t n = v.p[2];
    if (n != 6 && n >= 1 && n <= 16 && v.has(28, n)) {
      char b[40];
      o.value(std::string_view(b, fmt::hexbytes(b, v.p + 28, n, 0)));
    }
  });
  DHCP_FIELD("dhcp.server", { emit_cstr(o, v, 44, 64); });
  DHCP_FIELD("dhcp.file", { emit_cstr(o, v, 108, 128); });
  DHCP_FIELD("dhcp.cookie", {
    if (c.layer->as<DhcpLayer>().cookie) o.value(fmt::ipv4(v.p + kCookieOff));
  });
  DHCP_FIELD("dhcp.option.type", {
    if (!c.layer->as<DhcpLayer>().cookie) return;
    each_option(v, [&](int code, uint32_t, uint32_t at, bool whole) {
      if (code < 0) return;  // trailing padding has no type
      o.value(fmt::dec(code == 255 ? 0 : uint64_t(code)));
    });
  });
  DHCP_FIELD("dhcp.option.length", {
    if (!c.layer->as<DhcpLayer>().cookie) return;
    each_option(v, [&](int code, uint32_t len, uint32_t, bool) {
      if (code > 0 && code != 255) o.value(fmt::dec(len));
    });
  });
  DHCP_FIELD("dhcp.option.padding", {
    if (!c.layer->as<DhcpLayer>().cookie) return;
    each_option(v, [&](int code, uint32_t len, uint32_t at, bool whole) {
      if (code <= 0 && len > 0) {
        char b[512];
        uint32_t n = len > 250 ? 250 : len;
        o.value(std::string_view(b, fmt::hexbytes(b, v.p + at, n, 0)));
      }
    });
  });
  DHCP_FIELD("dhcp.option.end", {
    if (!c.layer->as<DhcpLayer>().cookie) return;
    each_option(v, [&](int code, uint32_t, uint32_t, bool whole) {
      if (code == 255 && whole) o.value("255");
    });
  });
  DHCP_OPT_FIELD("dhcp.option.dhcp", 53, { if (len >= 1) o.value(fmt::dec(d[0])); });
  // ENC_ASCII strings that end at a NUL, as tshark shows them.
  DHCP_OPT_FIELD("dhcp.option.hostname", 12, { emit_ascii_z(o, d, len); });
  DHCP_OPT_FIELD("dhcp.option.domain_name", 15, { emit_ascii_z(o, d, len); });
  DHCP_OPT_FIELD("dhcp.option.vendor_class_id", 60, { emit_ascii_z(o, d, len); });
  DHCP_OPT_FIELD("dhcp.option.requested_ip_address", 50, { if (len == 4) o.value(fmt::ipv4(d)); });
  DHCP_OPT_FIELD("dhcp.option.dhcp_server_id", 54, { if (len == 4) o.value(fmt::ipv4(d)); });
  DHCP_OPT_FIELD("dhcp.option.subnet_mask", 1, { if (len == 4) o.value(fmt::ipv4(d)); });
  DHCP_OPT_FIELD("dhcp.option.router", 3, {
    for (uint32_t i = 0; i + 4 <= len; i += 4) o.value(fmt::ipv4(d + i));
  });
  DHCP_OPT_FIELD("dhcp.option.domain_name_server", 6, {
    for (uint32_t i = 0; i + 4 <= len; i += 4) o.value(fmt::ipv4(d + i));
  });
  DHCP_OPT_FIELD("dhcp.option.ip_address_lease_time", 51, {
    if (len == 4) o.value(fmt::dec(load_be32(d)));
  });
}

}  // namespace weir
