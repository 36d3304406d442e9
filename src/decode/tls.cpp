// TLS record layer and the ClientHello/ServerHello handshakes (SNI, cipher
// suites, supported_versions). Per packet, no reassembly: each complete
// record in a TCP segment becomes one TLS layer; a record that is not
// completely present shows nothing (as tshark with desegmentation off), a
// handshake message longer than its record is a fragment (record fields
// only). Handshake records after a ChangeCipherSpec in the same segment, or
// with an unknown message type, are encrypted. tshark also remembers such
// state across packets of a connection; weir is stateless per packet.
#include "app_text.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

struct TlsLayer {
  uint32_t base;  // absolute frame offset of the record header
  uint16_t len;   // record body length
  uint8_t type;   // content type
  uint16_t version;
  bool valid;      // a complete record (fields shown)
  bool after_ccs;  // a ChangeCipherSpec record precedes in this segment
  bool tls13;      // a ServerHello before this record selected TLS 1.3
  uint16_t selected;  // the version a ServerHello in this segment selected so far (0: none)
  bool quic;          // handshake messages from a QUIC CRYPTO frame (no record header)
};

bool valid_content_type(uint8_t t) { return t >= 20 && t <= 25; }

bool valid_hs_type(uint8_t t) {
  switch (t) {
    case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 8: case 11: case 12: case 13:
    case 14: case 15: case 16: case 20: case 21: case 22: case 23: case 24: case 25: case 67:
    case 254:
      return true;
    default:
      return false;
  }
}

const char* hs_name(uint8_t t) {
  switch (t) {
    case 0: return "Hello Request"; case 1: return "Client Hello"; case 2: return "Server Hello";
    case 3: return "Hello Verify Request"; case 4: return "New Session Ticket";
    case 5: return "End of Early Data"; case 6: return "Hello Retry Request";
    case 8: return "Encrypted Extensions"; case 11: return "Certificate";
    case 12: return "Server Key Exchange"; case 13: return "Certificate Request";
    case 14: return "Server Hello Done"; case 15: return "Certificate Verify";
    case 16: return "Client Key Exchange"; case 20: return "Finished";
    case 21: return "Client Certificate URL"; case 22: return "Certificate Status";
    case 23: return "Supplemental Data"; case 24: return "Key Update";
    case 25: return "Compressed Certificate"; case 67: return "Encrypted Extensions";
    case 254: return "Message Hash";
    default: return "Unknown";
  }
}

// One handshake message inside a record.
struct HsMsg {
  uint8_t type;
  uint32_t off;  // absolute offset of the message body
  uint32_t len;
};

// Visitor interface for hello contents (all offsets absolute).
struct HelloVisitor {
  virtual ~HelloVisitor() = default;
  virtual void version(uint16_t) {}
  virtual void session_id(uint32_t, uint32_t) {}
  virtual void suite(uint16_t) {}
  virtual void extension(uint16_t, uint32_t, uint32_t) {}
  virtual void sni(uint32_t, uint32_t) {}
  virtual void supported_version(uint16_t) {}
};

// Walks a ClientHello (type 1) or ServerHello (type 2) body, bounded by it.
void walk_hello(const uint8_t* f, const HsMsg& m, HelloVisitor& v) {
  ByteCursor c(f + m.off, m.len);
  uint16_t ver;
  if (!c.be16(ver)) return;
  v.version(ver);
  if (!c.skip(32)) return;
  uint8_t sid_len;
  if (!c.u8(sid_len) || !c.can_read(sid_len)) return;
  v.session_id(m.off + uint32_t(c.offset()), sid_len);
  c.skip(sid_len);
  if (m.type == 1) {
    uint16_t cs_len;
    if (!c.be16(cs_len) || !c.can_read(cs_len)) return;
    for (uint16_t i = 0; i + 1 < cs_len; i += 2) v.suite(load_be16(c.data() + i));
    c.skip(cs_len);
    uint8_t comp_len;
    if (!c.u8(comp_len) || !c.skip(comp_len)) return;
  } else {
    uint16_t cs;
    if (!c.be16(cs)) return;
    v.suite(cs);
    if (!c.skip(1)) return;
  }
  uint16_t ext_total;
  if (!c.be16(ext_total)) return;
  ByteCursor e = c.sub(ext_total);
  while (e.remaining() >= 4) {
    uint16_t type = 0, len = 0;
    e.be16(type);
    e.be16(len);
    uint32_t data_off = m.off + uint32_t(c.offset() + e.offset());
    if (!e.can_read(len)) return;
    v.extension(type, data_off, len);
    ByteCursor d = e.sub(len);
    if (type == 0) {  // server_name
      uint16_t list_len;
      if (d.be16(list_len)) {
        ByteCursor l = d.sub(list_len);
        uint8_t nt;
        uint16_t nl;
        while (l.u8(nt) && l.be16(nl) && l.can_read(nl)) {
          uint32_t at = data_off + 2 + uint32_t(l.offset());
          if (nt == 0 && nl > 0) v.sni(at, nl);
          l.skip(nl);
        }
      }
    } else if (type == 43) {  // supported_versions
      if (m.type == 1) {
        uint8_t ll;
        if (d.u8(ll)) {
          ByteCursor l = d.sub(ll);
          uint16_t sv;
          while (l.be16(sv)) v.supported_version(sv);
        }
      } else {
        uint16_t sv;
        if (d.be16(sv)) v.supported_version(sv);
      }
    }
    e.skip(len);
  }
}

// Calls fn(HsMsg) for each complete, unencrypted handshake message of a
// handshake record; returns false if the record ended in a fragment, sets
// encrypted if it is an encrypted handshake message.
template <class F>
bool each_handshake(const uint8_t* f, const TlsLayer& t, F&& fn, bool* encrypted = nullptr,
                    uint8_t* frag_type = nullptr) {
  if (t.type != 22 || !t.valid) return true;
  uint32_t off = t.base + (t.quic ? 0 : 5), end = off + t.len;
  if (t.after_ccs || t.len < 1 || !valid_hs_type(f[off])) {
    if (encrypted) *encrypted = true;
    return true;
  }
  bool first = true;
  while (off < end) {
    uint8_t type = f[off];
    if (!first && !valid_hs_type(type)) return true;
    if (end - off < 4) {
      if (frag_type) *frag_type = type;
      return false;
    }
    uint32_t len = load_be24(f + off + 1);
    if (len > end - off - 4) {
      if (frag_type) *frag_type = type;
      return false;
    }
    fn(HsMsg{type, off + 4, len});
    off += 4 + len;
    first = false;
  }
  return true;
}

void decode_tls(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& t = layer.as<TlsLayer>();
  t = {};
  t.base = in.offset;
  layer.hdr_len = in.avail;
  layer.payload_len = 0;
  res.stop = true;
  const Layer* parent = app::parent_layer(in);
  if (parent && parent->proto == Proto::Quic) {
    // CRYPTO data (QuicTracker): handshake messages, no record layer
    // (tshark: "TLSv1.3 Record Layer" without record fields).
    t.quic = t.valid = true;
    t.type = 22;
    t.len = uint16_t(in.avail > 0xffff ? 0xffff : in.avail);
    layer.hdr_len = in.avail;
    return;
  }
  if (parent && parent->proto == Proto::Tls) {
    const auto& pt = parent->as<TlsLayer>();
    t.after_ccs = pt.after_ccs || pt.type == 20;
    t.selected = pt.selected;
    t.tls13 = t.selected == 0x0304;
  }
  ByteCursor c = in.cursor();
  if (!c.u8(t.type) || !c.be16(t.version) || !c.be16(t.len)) {
    res.anomaly = "truncated_tls_record";
    return;
  }
  if (!valid_content_type(t.type)) return;  // continuation data
  if (!c.can_read(t.len)) {
    res.anomaly = "truncated_tls_record";
    return;
  }
  t.valid = true;
  // A ServerHello selects the version: its supported_versions extension,
  // else its own version field.
  each_handshake(in.frame, t, [&](const HsMsg& m) {
    if (m.type != 2) return;
    struct V : HelloVisitor {
      uint16_t hello = 0, ext = 0;
      void version(uint16_t v) override { hello = v; }
      void supported_version(uint16_t v) override { ext = v; }
    } v;
    walk_hello(in.frame, m, v);
    t.selected = v.ext ? v.ext : v.hello;
  });
  uint32_t rec = 5u + t.len;
  layer.hdr_len = rec;
  if (in.avail > rec) {
    layer.payload_len = in.avail - rec;
    res.stop = false;
    res.next_proto = Proto::Tls;
  }
}

const char* alert_level(uint8_t l) { return l == 1 ? "Warning" : l == 2 ? "Fatal" : nullptr; }
const char* alert_desc(uint8_t d) {
  switch (d) {
    case 0: return "Close Notify"; case 10: return "Unexpected Message"; case 20: return "Bad Record MAC";
    case 40: return "Handshake Failure"; case 42: return "Bad Certificate";
    case 46: return "Certificate Unknown"; case 47: return "Illegal Parameter"; case 48: return "Unknown CA";
    case 50: return "Decode Error"; case 51: return "Decrypt Error"; case 70: return "Protocol Version";
    case 80: return "Internal Error"; case 90: return "User Canceled"; case 112: return "Unrecognized Name";
    default: return nullptr;
  }
}

void info_tls(const FieldCtx& c, TextOut& o) {
  const auto& t = c.layer->as<TlsLayer>();
  const uint8_t* f = c.pkt.data();
  app::Text<512> x;
  // (Under QUIC the summary's info stays QUIC's: Printer::info_column;
  // -V shows the handshake messages.)
  if (!t.valid) {
    if (!valid_content_type(t.type) && app::layer_avail(c) >= 1) o.append("Continuation Data");
    return;
  }
  switch (t.type) {
    case 20: x.s("Change Cipher Spec"); break;
    case 21:
      if (t.len == 2 && !t.after_ccs) {
        const char* l = alert_level(f[t.base + 5]);
        const char* d = alert_desc(f[t.base + 6]);
        x.s("Alert (Level: ").s(l ? l : "Unknown").s(", Description: ").s(d ? d : "Unknown").s(")");
      } else {
        x.s("Encrypted Alert");
      }
      break;
    case 23: x.s("Application Data"); break;
    case 24: x.s("Heartbeat"); break;
    case 22: {
      bool enc = false, first = true;
      uint8_t frag = 0;
      bool ok = each_handshake(
          f, t,
          [&](const HsMsg& m) {
            if (!first) x.s(", ");
            first = false;
            x.s(hs_name(m.type));  // tshark 4.0 adds no SNI (4.2 and later do)
          },
          &enc, &frag);
      if (enc) x.s("Encrypted Handshake Message");
      if (!ok) {
        if (!first) x.s(", ");
        x.s("[").s(hs_name(frag)).s(" Fragment]");
      }
      break;
    }
    default: x.s("Ignored Unknown Record");
  }
  o.append(x);
}

// Wireshark's short version names (ssl_version_short_names).
const char* version_name(uint16_t v) {
  switch (v) {
    case 0x0002: return "SSLv2";
    case 0x0300: return "SSLv3";
    case 0x0301: return "TLSv1";
    case 0x0302: return "TLSv1.1";
    case 0x0303: return "TLSv1.2";
    case 0x0304: return "TLSv1.3";
    case 0xfeff: return "DTLSv1.0";
    case 0xfefd: return "DTLSv1.2";
    case 0xfefc: return "DTLSv1.3";
    default: return nullptr;
  }
}

// The column names the connection's version (tshark: the session's, once
// a ServerHello selected it; before that, the record's).
void names_tls(const FieldCtx& c, const char*&, const char*& display) {
  const auto& t = c.layer->as<TlsLayer>();
  if (t.quic) {
    display = "QUIC";  // the column stays QUIC's
    return;
  }
  uint16_t v = c.pkt.tls_version ? c.pkt.tls_version : t.selected;
  // A record not all there leaves the column to the last one that was.
  for (long i = c.layer - c.pkt.layers; !v && i >= 0 && c.pkt.layers[i].proto == Proto::Tls; --i)
    if (c.pkt.layers[i].as<TlsLayer>().valid) v = c.pkt.layers[i].as<TlsLayer>().version;
  if (const char* n = version_name(v)) display = n;
}

#define TLS_FIELD_(NAME, RECORD, BODY)                                       \
  r.add_field({NAME, Proto::Tls, [](const FieldCtx& c, FieldOut& o) { \
                 const auto& t = c.layer->as<TlsLayer>();             \
                 if (!t.valid) return;                                \
                 if (RECORD && t.quic) return;                        \
                 const uint8_t* f = c.pkt.data();                     \
                 (void)f;                                             \
                 BODY                                                 \
               }})
#define TLS_FIELD(NAME, BODY) TLS_FIELD_(NAME, false, BODY)
// A record header's field: none for QUIC's CRYPTO data.
#define TLS_RECORD_FIELD(NAME, BODY) TLS_FIELD_(NAME, true, BODY)

// A field filled from the ClientHello/ServerHello contents.
#define TLS_HELLO_FIELD(NAME, ...)                             \
  TLS_FIELD(NAME, {                                            \
    struct V : HelloVisitor {                                  \
      FieldOut* o;                                             \
      const uint8_t* f;                                        \
      __VA_ARGS__                                              \
    } v;                                                       \
    v.o = &o;                                                  \
    v.f = f;                                                   \
    each_handshake(f, t, [&](const HsMsg& m) {                 \
      if (m.type == 1 || m.type == 2) walk_hello(f, m, v);     \
    });                                                        \
  })

void emit_ascii(FieldOut& o, const uint8_t* p, uint32_t n) {
  app::Text<1024> x;
  for (uint32_t i = 0; i < n; ++i) {
    if (p[i] < 0x80) x.put(char(p[i]));
    else x.s("\xef\xbf\xbd");
  }
  o.value(x);
}

}  // namespace

uint16_t tls_selected_version(const Layer& tls) {
  return tls.proto == Proto::Tls ? tls.as<TlsLayer>().selected : 0;
}

void register_tls(Registry& r) {
  r.add_proto({Proto::Tls, "tls", "TLS", decode_tls, info_tls, names_tls, true});
  for (uint32_t port : {443u, 465u, 636u, 802u, 853u, 993u, 995u, 324u, 1300u, 2221u, 2443u, 3249u,
                        3250u, 3251u, 3252u, 3496u, 5061u, 5671u, 5684u, 5868u, 8883u, 11207u,
                        19999u, 27017u})
    r.add_dispatch(Table::TcpPort, port, Proto::Tls);

  // TLS 1.3 application data records carry an opaque type: once the
  // ServerHello chose 1.3 (earlier in the segment, or in the connection).
  TLS_RECORD_FIELD("tls.record.content_type", {
    if (!((t.tls13 || c.pkt.tls_version == 0x0304) && t.type == 23)) o.value(fmt::dec(t.type));
  });
  TLS_RECORD_FIELD("tls.record.opaque_type", {
    if ((t.tls13 || c.pkt.tls_version == 0x0304) && t.type == 23) o.value(fmt::dec(t.type));
  });
  TLS_RECORD_FIELD("tls.record.version", { o.value(fmt::hex(t.version, 4)); });
  TLS_RECORD_FIELD("tls.record.length", { o.value(fmt::dec(t.len)); });
  TLS_FIELD("tls.handshake.type", {
    each_handshake(f, t, [&](const HsMsg& m) { o.value(fmt::dec(m.type)); });
  });
  TLS_FIELD("tls.handshake.length", {
    each_handshake(f, t, [&](const HsMsg& m) { o.value(fmt::dec(m.len)); });
  });
  TLS_HELLO_FIELD("tls.handshake.version",
                  void version(uint16_t x) override { o->value(fmt::hex(x, 4)); });
  TLS_HELLO_FIELD("tls.handshake.session_id_length",
                  void session_id(uint32_t, uint32_t n) override { o->value(fmt::dec(n)); });
  TLS_HELLO_FIELD("tls.handshake.ciphersuite",
                  void suite(uint16_t x) override { o->value(fmt::hex(x, 4)); });
  TLS_HELLO_FIELD("tls.handshake.extension.type",
                  void extension(uint16_t x, uint32_t, uint32_t) override {
                    o->value(fmt::dec(x));
                  });
  TLS_HELLO_FIELD("tls.handshake.extension.len",
                  void extension(uint16_t, uint32_t, uint32_t n) override {
                    o->value(fmt::dec(n));
                  });
  TLS_HELLO_FIELD("tls.handshake.extensions_server_name",
                  void sni(uint32_t at, uint32_t n) override { emit_ascii(*o, f + at, n); });
  TLS_HELLO_FIELD("tls.handshake.extensions_server_name_len",
                  void sni(uint32_t, uint32_t n) override { o->value(fmt::dec(n)); });
  TLS_HELLO_FIELD("tls.handshake.extensions.supported_version",
                  void supported_version(uint16_t x) override { o->value(fmt::hex(x, 4)); });
}

}  // namespace weir
