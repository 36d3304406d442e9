#include "printer.hpp"

#include <cstring>
#include <ctime>

#include "weir/bytes.hpp"
#include "weir/format.hpp"
#include "weir/layers.hpp"

namespace weir {

namespace {

constexpr size_t kScratch = 256 * 1024;
constexpr char kHex[] = "0123456789abcdef";

std::string_view proto_name(const Registry& reg, Proto p) {
  const char* n = reg.proto(p).name;
  return n ? std::string_view(n) : std::string_view("unknown");
}

// A decoded layer's names, after its protocol's `names` hook (mdns, IGMPv2).
void layer_names(const Registry& reg, const DecodedPacket& d, int i, const char*& name, const char*& display) {
  const ProtoDef& def = reg.proto(d.layers[i].proto);
  name = def.name ? def.name : "unknown";
  display = def.display ? def.display : name;
  if (def.names) def.names(FieldCtx{d, &d.layers[i]}, name, display);
}

// Layers that hand on by EtherType (Ethernet II, 802.1Q/802.1ad tags, Linux
// cooked capture, MACsec, Arista's timestamp header).
bool by_ethertype(Proto p) {
  return p == Proto::Eth || p == Proto::Vlan || p == Proto::Sll || p == Proto::Sll2 || p == Proto::Macsec ||
         p == Proto::Arista;
}

// frame.protocols as tshark builds it: its "ethertype" dissector is a step
// of its own after each layer that hands on by EtherType, and an 802.1ad
// service tag is "ieee8021ad". Calls put(name) for each step.
template <class Put>
void protocol_chain(const Registry& reg, const DecodedPacket& d, Put&& put) {
  bool http_seen = false;  // HTTP messages of one segment are one dissector call in tshark
  for (int i = 0; i < d.nlayers; ++i) {
    const Layer& l = d.layers[i];
    if (l.proto == Proto::Tcp || l.proto == Proto::Udp || i == d.tcp_reasm.second) http_seen = false;
    if (l.proto == Proto::Http) {
      if (http_seen) continue;
      http_seen = true;
    }
    // Layers one dissector call of Wireshark's made (TLS records of one
    // segment) are one step.
    // (A segment that ends a reassembled TLS record and holds more: two
    // calls, two steps.) DNS messages of one TCP segment are one step too
    // (tshark's tcp_dissect_pdus loop), though only the last sets the info.
    if (i > 0 && d.layers[i - 1].proto == l.proto && i != d.tcp_reasm.second &&
        (reg.proto(l.proto).one_step || l.proto == Proto::Dns))
      continue;
    const char* name;
    const char* display;
    layer_names(reg, d, i, name, display);
    std::string_view n = name;
    if (l.proto == Proto::Vlan && i > 0) {
      // The EtherType that announced the tag: just before it, except in a
      // Linux cooked v2 header, which starts with it.
      const Layer& prev = d.layers[i - 1];
      bool v2 = prev.proto == Proto::Sll2 || (prev.proto == Proto::Sll && d.pkt->linktype == linktype::kLinuxSll2);
      uint32_t at = v2 ? prev.offset + 2 : l.offset;
      if (by_ethertype(prev.proto) && at >= 2 && at <= d.caplen() && load_be16(d.data() + at - 2) == 0x88a8) n = "ieee8021ad";
    }
    put(n);
    if (by_ethertype(l.proto) && i + 1 < d.nlayers && d.layers[i + 1].proto != Proto::Llc &&
        !(l.proto == Proto::Eth && (l.as<EthFields>().is_8023 || l.as<EthFields>().is_isl)) &&  // (no type)
        !(l.proto == Proto::Macsec && l.offset < d.caplen() && (d.data()[l.offset] & 0x0c)))  // (nor protected MACsec data)
      put("ethertype");
  }
}

std::string_view proto_display(const Registry& reg, Proto p) {
  const ProtoDef& d = reg.proto(p);
  if (d.display) return d.display;
  if (d.name) return d.name;
  return "Unknown";
}

// Length of the valid UTF-8 sequence starting at p (2..4), or 0.
size_t utf8_seq(const unsigned char* p, size_t n) {
  unsigned char c = p[0];
  size_t len;
  uint32_t cp;
  if (c >= 0xc2 && c <= 0xdf) {
    len = 2;
    cp = c & 0x1f;
  } else if (c >= 0xe0 && c <= 0xef) {
    len = 3;
    cp = c & 0x0f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (n < len) return 0;
  for (size_t i = 1; i < len; ++i) {
    if ((p[i] & 0xc0) != 0x80) return 0;
    cp = cp << 6 | (p[i] & 0x3f);
  }
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
    return 0;
  return len;
}

template <class Out>
void json_escape_impl(std::string_view v, Out&& put, auto&& append) {
  const auto* p = reinterpret_cast<const unsigned char*>(v.data());
  size_t n = v.size();
  size_t run = 0;  // start of a run of bytes copied verbatim
  auto flush_run = [&](size_t i) {
    if (i > run) append(std::string_view(v.data() + run, i - run));
  };
  for (size_t i = 0; i < n;) {
    unsigned char c = p[i];
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      size_t l = utf8_seq(p + i, n - i);
      if (l) {
        i += l;
        continue;
      }
    }
    flush_run(i);
    char esc[8];
    size_t el = 0;
    esc[el++] = '\\';
    switch (c) {
      case '"': esc[el++] = '"'; break;
      case '\\': esc[el++] = '\\'; break;
      case '\n': esc[el++] = 'n'; break;
      case '\r': esc[el++] = 'r'; break;
      case '\t': esc[el++] = 't'; break;
      default:
        esc[el++] = 'u';
        esc[el++] = '0';
        esc[el++] = '0';
        esc[el++] = kHex[c >> 4];
        esc[el++] = kHex[c & 15];
    }
    append(std::string_view(esc, el));
    ++i;
    run = i;
  }
  flush_run(n);
  (void)put;
}

// Writes info text from decoders, replacing control characters so one packet
// stays on one line.
struct InfoSink final : TextOut {
  OutBuf& out;
  explicit InfoSink(OutBuf& o) : out(o) {}
  void append(std::string_view s) override {
    size_t run = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (c < 0x20 || c == 0x7f) {
        if (i > run) out.append(s.substr(run, i - run));
        out.put('.');
        run = i + 1;
      }
    }
    if (run < s.size()) out.append(s.substr(run));
  }
};

// Counts values (used to decide whether a field has any occurrence).
struct CountSink final : FieldOut {
  size_t n = 0;
  void value(std::string_view) override { ++n; }
};

// Writes "name: value" lines for -V.
struct VerboseSink final : FieldOut {
  OutBuf& out;
  std::string_view name;
  VerboseSink(OutBuf& o, std::string_view n) : out(o), name(n) {}
  void value(std::string_view v) override {
    out.append("    ");
    out.append(name);
    out.append(": ");
    InfoSink s(out);
    s.append(v);
    out.put('\n');
  }
};

// sec.fraction with `digits` decimals (truncated), a sign for negative values.
void write_time(char* buf, size_t& len, int64_t ns, int digits) {
  len = 0;
  uint64_t a;
  if (ns < 0) {
    buf[len++] = '-';
    a = uint64_t(0) - uint64_t(ns);
  } else {
    a = uint64_t(ns);
  }
  len += fmt::dec(buf + len, a / 1000000000);
  if (digits <= 0) return;
  buf[len++] = '.';
  uint64_t frac = a % 1000000000;
  for (int i = digits; i < 9; ++i) frac /= 10;
  for (int i = digits - 1; i >= 0; --i) {
    buf[len + size_t(i)] = char('0' + frac % 10);
    frac /= 10;
  }
  len += size_t(digits);
}

// Appends to a string (the _ws.col.Info field), control characters as '.'.
struct StringSink final : TextOut {
  std::string& s;
  explicit StringSink(std::string& str) : s(str) {}
  void append(std::string_view v) override {
    for (char c : v) s.push_back((static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '.' : c);
  }
};

}  // namespace

void json_escape(std::string_view v, OutBuf& out) {
  json_escape_impl(v, 0, [&](std::string_view s) { out.append(s); });
}
void json_escape(std::string_view v, std::string& out) {
  json_escape_impl(v, 0, [&](std::string_view s) { out.append(s); });
}

Status resolve_field(const Registry& reg, const std::string& name, ResolvedField& out) {
  out = ResolvedField{};
  out.name = name;
  if (const FieldDef* f = reg.field(name)) {
    out.def = f;
    return Status::ok();
  }
  if (name == "frame.protocols") {
    out.synth = SyntheticField::Protocols;
    return Status::ok();
  }
  static const struct {
    const char* name;
    SyntheticField f;
  } kSynth[] = {{"frame.time_relative", SyntheticField::TimeRelative},
                {"frame.time_delta", SyntheticField::TimeDelta},
                {"frame.time_delta_displayed", SyntheticField::TimeDeltaDisplayed},
                {"frame.time", SyntheticField::Time},
                {"_ws.col.Protocol", SyntheticField::ColProtocol},
                {"_ws.col.Info", SyntheticField::ColInfo}};
  for (const auto& k : kSynth)
    if (name == k.name) {
      out.synth = k.f;
      return Status::ok();
    }
  return Status::error("Some fields aren't valid:\n\t" + name);
}

Printer::Printer(const Registry& reg, OutBuf& out) : reg_(reg), out_(out) {
  scratch_.reserve(kScratch);
  col_.reserve(4096);
}

Status Printer::set_fields(const std::vector<std::string>& names, const FieldsFormat& f) {
  fields_.clear();
  ff_ = f;
  // As tshark 4.0 -T fields: only \b \f \n \r \t are escaped; other bytes
  // (other controls, backslashes: dissector text like "\001") go out verbatim.
  for (int c = 0; c < 256; ++c) escape_[c] = c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t';
  if (ff_.quote) escape_[static_cast<unsigned char>(ff_.quote)] = true;
  std::string bad;
  for (const auto& n : names) {
    ResolvedField r;
    if (!resolve_field(reg_, n, r)) {
      bad += "\n\t" + n;
      continue;
    }
    fields_.push_back(std::move(r));
  }
  if (!bad.empty()) return Status::error("Some fields aren't valid:" + bad);
  if (fields_.empty()) return Status::error("-T fields needs at least one -e FIELD");
  return Status::ok();
}

void Printer::protocols(const DecodedPacket& d, OutBuf& out) const {
  bool first = true;
  protocol_chain(reg_, d, [&](std::string_view n) {
    if (!first) out.put(':');
    first = false;
    out.append(n);
  });
}

void Printer::time_column(const DecodedPacket& d) {
  int64_t ts = d.pkt->ts_ns;
  char buf[64];
  size_t len = 0;
  switch (time_fmt_) {
    case TimeFormat::Local:
    case TimeFormat::LocalDate:
    case TimeFormat::Utc:
    case TimeFormat::UtcDate: {
      int64_t sec = floor_seconds(ts);
      if (sec != abs_cached_sec_) {
        time_t t = time_t(sec);
        struct tm tm {};
        bool utc = time_fmt_ == TimeFormat::Utc || time_fmt_ == TimeFormat::UtcDate;
        if (utc) gmtime_r(&t, &tm);
        else localtime_r(&t, &tm);
        bool date = time_fmt_ == TimeFormat::LocalDate || time_fmt_ == TimeFormat::UtcDate;
        strftime(abs_cached_, sizeof abs_cached_, date ? "%Y-%m-%d %H:%M:%S" : "%H:%M:%S", &tm);
        abs_cached_sec_ = sec;
      }
      size_t n = std::strlen(abs_cached_);
      std::memcpy(buf, abs_cached_, n);
      len = n;
      char tmp[32];
      size_t tl;
      write_time(tmp, tl, ts_frac(ts), time_digits_);  // "0.uuuuuu"
      std::memcpy(buf + len, tmp + 1, tl - 1);
      len += tl - 1;
      out_.append(std::string_view(buf, len));
      return;
    }
    case TimeFormat::Epoch:
      write_time(buf, len, ts, time_digits_);
      break;
    case TimeFormat::Delta:
      write_time(buf, len, prev_captured_ns_ == INT64_MIN ? 0 : ts_diff(ts, prev_captured_ns_), time_digits_);
      break;
    case TimeFormat::DeltaDisplayed:
      write_time(buf, len, prev_shown_ns_ == INT64_MIN ? 0 : ts_diff(ts, prev_shown_ns_), time_digits_);
      break;
    case TimeFormat::Relative:
      if (base_ns_ == INT64_MIN) base_ns_ = ts;
      write_time(buf, len, ts_diff(ts, base_ns_), time_digits_);
      break;
  }
  for (size_t i = len; i < 11; ++i) out_.put(' ');
  out_.append(std::string_view(buf, len));
}

// tshark's sequence-analysis markers at the start of the info column, in
// its order (each is prepended in turn, so the last prepended comes first).
void Printer::analysis_prefix(const TcpAnalysis& a, TextOut& out) {
  using A = TcpAnalysis;
  uint32_t f = a.flags;
  if (!f) return;
  if (f & A::ZeroWindowProbeAck) out.append("[TCP ZeroWindowProbeAck] ");
  if (f & A::ZeroWindow) out.append("[TCP ZeroWindow] ");
  if (f & A::ZeroWindowProbe) out.append("[TCP ZeroWindowProbe] ");
  if ((f & A::DuplicateAck) && a.dupack_num) {
    char nb[24];
    out.append("[TCP Dup ACK ");
    out.append(std::string_view(nb, fmt::dec(nb, a.dupack_frame)));
    out.append("#");
    out.append(std::string_view(nb, fmt::dec(nb, a.dupack_num)));
    out.append("] ");
  }
  if (f & A::KeepAliveAck) out.append("[TCP Keep-Alive ACK] ");
  if (f & A::KeepAlive) out.append("[TCP Keep-Alive] ");
  if (f & A::WindowFull) out.append("[TCP Window Full] ");
  if (f & A::WindowUpdate) out.append("[TCP Window Update] ");
  if (f & A::AckLostSegment) out.append("[TCP ACKed unseen segment] ");
  if (f & A::LostSegment) out.append("[TCP Previous segment not captured] ");
  if (f & A::OutOfOrder) out.append("[TCP Out-Of-Order] ");
  if (f & A::SpuriousRetransmission) out.append("[TCP Spurious Retransmission] ");
  if (f & A::FastRetransmission) out.append("[TCP Fast Retransmission] ");
  if (f & A::Retransmission) out.append("[TCP Retransmission] ");
  if (f & A::ReusedPorts) out.append("[TCP Port numbers reused] ");
}

// Protocol: the top-most layer that is not undecoded payload; an ICMP
// error's quoted packet does not count (tshark freezes the columns there).
// ntop: the layers the columns may use.
std::string_view Printer::protocol_column(const DecodedPacket& d, int& ntop) const {
  ntop = int(d.nlayers);
  for (int i = 0; i < ntop; ++i)
    if (d.layers[i].proto == Proto::Icmp || d.layers[i].proto == Proto::Icmpv6 ||
        (openflow_message(d.layers[i].proto) && i + 1 < ntop && d.layers[i + 1].proto == Proto::Eth) ||
        d.layers[i].proto == Proto::Nhrp || d.layers[i].proto == Proto::Sflow)
      ntop = i + 1;  // (an OpenFlow PACKET_IN's frame, NHRP's quoted packet, sFlow's sampled frames leave the columns theirs)
  // A segment that only starts a TLS record reassembled later: TCP's columns.
  using R = DecodedPacket::TcpReasm;
  if (((d.tcp_reasm.kind == R::Start && d.tcp_reasm.only) || d.tcp_reasm.kind == R::Recall) &&
      d.tcp_reasm.layer < ntop)
    ntop = d.tcp_reasm.layer + 1;
  for (int i = ntop - 1; i >= 0; --i)
    if (d.layers[i].proto != Proto::Data) {
      const char* name;
      const char* display;
      layer_names(reg_, d, i, name, display);
      return display;
    }
  return proto_display(reg_, Proto::Data);
}

// Appends ", " before a text when an earlier one was not empty (the info
// of several TLS records in one segment, as tshark's col_append_sep).
struct SeparatedOut final : TextOut {
  TextOut& out;
  bool any = false, sep = false;
  explicit SeparatedOut(TextOut& o) : out(o) {}
  void next() { sep = any; }
  void append(std::string_view s) override {
    if (s.empty()) return;
    if (sep) out.append(", ");
    sep = false;
    any = true;
    out.append(s);
  }
};

// Info: `lead`, the sequence-analysis prefix, then the top-most layer with
// an info function (nothing at all when no layer has one); for a
// one-step protocol (TLS), every layer of that run, as tshark.
void Printer::info_column(const DecodedPacket& d, int ntop, TextOut& out, std::string_view lead) {
  using R = DecodedPacket::TcpReasm;
  int second = d.tcp_reasm.second;
  if (second > 0 && second < ntop && (d.layers[second].proto == Proto::Dns || d.layers[second].proto == Proto::Openflow)) {
    // A reassembled DNS or OpenFlow message, then the segment's next ones:
    // tshark's second call appends the last one's info to the first's.
    info_column(d, second, out, lead);
    for (int i = ntop - 1; i >= second; --i)
      if (const ProtoDef& def = reg_.proto(d.layers[i].proto); def.info) {
        def.info(FieldCtx{d, &d.layers[i]}, out);
        break;
      }
    return;
  }
  constexpr std::string_view kPdu = "[TCP segment of a reassembled PDU]";
  for (int i = ntop - 1; i >= 0; --i) {
    const ProtoDef& def = reg_.proto(d.layers[i].proto);
    if (i > 0 && d.layers[i].proto == Proto::Tls && d.layers[i - 1].proto == Proto::Quic) continue;  // QUIC's info stays
    if (def.info) {
      out.append(lead);
      if (d.tcp_analysis_layer >= 0 && d.tcp_analysis_layer < ntop) analysis_prefix(d.tcp_analysis, out);
      if (i == d.tcp_reasm.layer && (d.tcp_reasm.kind == R::Start || d.tcp_reasm.kind == R::Recall)) {
        out.append(kPdu);  // TLS cleared TCP's text, then asked for more
        return;
      }
      if (i == d.tcp_reasm.layer && d.tcp_reasm.kind == R::Held) {
        out.append(std::string_view(d.tcp_reasm.note, d.tcp_reasm.note_len));  // HTTP's first line,
        out.append(" ");                                                      // then TCP's note
        out.append(kPdu);
        return;
      }
      if (i == d.tcp_reasm.layer && d.tcp_reasm.kind == R::Middle) {
        def.info(FieldCtx{d, &d.layers[i]}, out);
        out.append(" ");
        out.append(kPdu);
        return;
      }
      if (d.layers[i].proto == Proto::Http) {
        // Every HTTP message of the segment, run together (tshark's
        // col_append without a separator), also across a reassembled
        // message and the next.
        int first = i;
        while (first > 0 && d.layers[first - 1].proto != Proto::Tcp && d.layers[first - 1].proto != Proto::Udp) --first;
        for (int k = first; k <= i; ++k)
          if (d.layers[k].proto == Proto::Http) def.info(FieldCtx{d, &d.layers[k]}, out);
        return;
      }
      int first = i;
      if (def.one_step)
        while (first > 0 && d.layers[first - 1].proto == d.layers[i].proto) --first;
      if (first == i) {
        def.info(FieldCtx{d, &d.layers[i]}, out);
        return;
      }
      SeparatedOut sep(out);
      for (int k = first; k <= i; ++k) {
        sep.next();
        def.info(FieldCtx{d, &d.layers[k]}, sep);
      }
      return;
    }
  }
}

void Printer::summary(const DecodedPacket& d) {
  // Number, right-aligned in 5 columns like tshark.
  char nb[24];
  size_t nl = fmt::dec(nb, d.number);
  for (size_t i = nl; i < 5; ++i) out_.put(' ');
  out_.append(std::string_view(nb, nl));
  out_.put(' ');
  time_column(d);
  out_.put(' ');

  // Source -> destination: the last header that sets tshark's addresses,
  // an IP or an Ethernet header (a tunnel's frame without IP shows its own
  // MACs), not past an ICMP error (tshark keeps the outer addresses there)
  // or an OpenFlow 1.3+ message (its PACKET_IN's frame leaves every column;
  // 1.0's only the protocol and info).
  int addr = -1;
  for (int i = 0; i < d.nlayers; ++i) {
    Proto p = d.layers[i].proto;
    if (p == Proto::Icmp || p == Proto::Icmpv6 || p == Proto::Nhrp || p == Proto::Sflow ||
        (openflow_message(p) && p != Proto::OpenflowV1))
      break;
    if ((p == Proto::Ipv4 || p == Proto::Ipv6 || p == Proto::Eth || p == Proto::Ipx || p == Proto::Arcnet) &&
        !d.layers[i].truncated && !(p == Proto::Ipv4 && d.layers[i].as<Ipv4Fields>().version != 4))
      addr = i;
  }
  char a[64], b[64];
  size_t al = 0, bl = 0;
  bool arrow = false;
  if (addr >= 0) {
    const Layer& L = d.layers[addr];
    if (L.proto == Proto::Ipv4) {
      al = fmt::ipv4(a, L.as<Ipv4Fields>().src);
      bl = fmt::ipv4(b, L.as<Ipv4Fields>().dst);
    } else if (L.proto == Proto::Ipv6) {
      al = fmt::ipv6(a, L.as<Ipv6Fields>().src);
      bl = fmt::ipv6(b, L.as<Ipv6Fields>().dst);
    } else if (L.proto == Proto::Arcnet) {  // tshark's ARCNET addresses: "0xbe"
      const uint8_t* p = d.data() + L.offset;
      al = fmt::hex(a, p[0], 2);
      bl = fmt::hex(b, p[1], 2);
    } else if (L.proto == Proto::Ipx) {
      al = ipx_address(a, d.data() + L.offset + 18);
      bl = ipx_address(b, d.data() + L.offset + 6);
    } else {
      al = fmt::mac(a, L.as<EthFields>().src);
      bl = fmt::mac(b, L.as<EthFields>().dst);
    }
  } else {
    if (int w = d.find(Proto::Wlan); w >= 0) {
      wlan_columns(d, d.layers[w], a, al, b, bl);
    } else if (d.find(Proto::Chdlc) >= 0) {  // tshark's point-to-point link columns
      std::memcpy(a, "N/A", 3);
      std::memcpy(b, "N/A", 3);
      al = bl = 3;
    } else if (d.find(Proto::Fr) >= 0) {
      arrow = true;  // (empty addresses around it, as tshark)
    }
  }
  if (al || bl || arrow) {
    out_.append(std::string_view(a, al));
    out_.append(" \xe2\x86\x92 ");  // U+2192, as tshark prints it
    out_.append(std::string_view(b, bl));
    out_.put(' ');
  }

  int ntop = 0;
  out_.append(protocol_column(d, ntop));
  out_.put(' ');
  out_.dec(d.pkt->origlen);
  InfoSink info(out_);
  info_column(d, ntop, info, " ");
  if (d.nanomalies) {
    out_.append(" [");
    for (int i = 0; i < d.nanomalies; ++i) {
      if (i) out_.append(", ");
      out_.append(d.anomalies[i]);
    }
    out_.put(']');
  }
  out_.put('\n');
}

void Printer::write_field_value(std::string_view v) {
  // One packet per line: control characters are written as C escapes; the
  // quote character is doubled inside quoted values. Fast path: most values
  // need no escaping and are copied in one append.
  const auto* p = reinterpret_cast<const unsigned char*>(v.data());
  size_t i = 0, n = v.size();
  // Eight bytes at a time: skip chunks with no byte below 0x0e (covers \b \t
  // \n \v \f \r) and no quote character. Exact SWAR tests; bytes >= 0x80
  // never match. The byte loop below applies the precise table.
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  const uint64_t quote = kOnes * (ff_.quote ? static_cast<unsigned char>(ff_.quote) : 0x08);
  for (; i + 8 <= n; i += 8) {
    uint64_t x;
    std::memcpy(&x, p + i, 8);
    uint64_t q = x ^ quote;
    if (((x - kOnes * 0x0e) & ~x & kHigh) | ((q - kOnes) & ~q & kHigh)) break;
  }
  while (i < n && !escape_[p[i]]) ++i;
  if (i == n) {
    out_.append(v);
    return;
  }
  size_t run = 0;
  for (; i < n; ++i) {
    unsigned char c = p[i];
    if (!escape_[c]) continue;
    if (i > run) out_.append(v.substr(run, i - run));
    run = i + 1;
    if (ff_.quote && c == static_cast<unsigned char>(ff_.quote)) {
      out_.put(ff_.quote);
      out_.put(ff_.quote);
      continue;
    }
    switch (c) {
      case '\\': out_.append("\\\\"); break;
      case '\n': out_.append("\\n"); break;
      case '\r': out_.append("\\r"); break;
      case '\t': out_.append("\\t"); break;
      case '\b': out_.append("\\b"); break;
      case '\f': out_.append("\\f"); break;
      default: {
        char e[4] = {'\\', 'x', kHex[c >> 4], kHex[c & 15]};
        out_.append(std::string_view(e, 4));
      }
    }
  }
  if (run < n) out_.append(v.substr(run));
}

struct FieldsSink final : FieldOut {
  Printer& p;
  size_t n = 0;     // values written (or buffered for 'l')
  uint32_t seen = 0;  // values emitted, for -E occurrence=N
  explicit FieldsSink(Printer& pr) : p(pr) {}
  void value(std::string_view v) override {
    const FieldsFormat& f = p.ff_;
    if (f.occurrence == 'l') {
      size_t k = v.size() < p.scratch_.capacity() ? v.size() : p.scratch_.capacity();
      p.scratch_.assign(v.data(), k);
      ++n;
      return;
    }
    if (f.occurrence == 'n') {
      if (++seen == f.occurrence_n) {
        if (f.quote) p.out_.put(f.quote);
        p.write_field_value(v);
        n = 1;
      }
      return;
    }
    if (f.occurrence == 'f' && n > 0) return;
    if (n == 0) {
      if (f.quote) p.out_.put(f.quote);
    } else {
      p.out_.append(f.aggregator);
    }
    p.write_field_value(v);
    ++n;
  }
  void finish() {
    const FieldsFormat& f = p.ff_;
    if (f.occurrence == 'l' && n) {
      if (f.quote) p.out_.put(f.quote);
      p.write_field_value(p.scratch_);
    }
    if (n && f.quote) p.out_.put(f.quote);
  }
};

void Printer::emit_synthetic(SyntheticField s, const DecodedPacket& d, FieldOut& fo) {
  if (s == SyntheticField::Protocols) {
    char buf[1024];
    size_t len = 0;
    bool full = false;
    protocol_chain(reg_, d, [&](std::string_view n) {
      if (full || len + n.size() + 1 >= sizeof buf) return void(full = true);
      if (len) buf[len++] = ':';
      std::memcpy(buf + len, n.data(), n.size());
      len += n.size();
    });
    fo.value(std::string_view(buf, len));
  } else if (s == SyntheticField::TimeRelative || s == SyntheticField::TimeDelta ||
             s == SyntheticField::TimeDeltaDisplayed) {
    int64_t ts = d.pkt->ts_ns, since;
    if (s == SyntheticField::TimeRelative) {
      if (base_ns_ == INT64_MIN) base_ns_ = ts;
      since = base_ns_;
    } else {
      since = s == SyntheticField::TimeDelta ? prev_captured_ns_ : prev_shown_ns_;
      if (since == INT64_MIN) since = ts;
    }
    char buf[48];
    size_t len = 0;
    write_time(buf, len, ts_diff(ts, since), 9);
    fo.value(std::string_view(buf, len));
  } else if (s == SyntheticField::Time) {
    // "Jan  1, 2026 00:00:00.000000000 UTC": local time, as tshark.
    int64_t ts = d.pkt->ts_ns;
    int64_t sec = floor_seconds(ts);
    time_t t = time_t(sec);
    struct tm tm {};
    localtime_r(&t, &tm);
    char a[40], z[16], frac[24];
    size_t n = strftime(a, sizeof a, "%b %e, %Y %H:%M:%S", &tm);
    size_t zn = strftime(z, sizeof z, "%Z", &tm);
    size_t fl;
    write_time(frac, fl, ts_frac(ts), 9);
    char buf[96];
    size_t len = 0;
    std::memcpy(buf, a, n);
    len = n;
    std::memcpy(buf + len, frac + 1, fl - 1);  // ".nnnnnnnnn"
    len += fl - 1;
    buf[len++] = ' ';
    std::memcpy(buf + len, z, zn);
    len += zn;
    fo.value(std::string_view(buf, len));
  } else if (s == SyntheticField::ColProtocol) {
    int ntop = 0;
    fo.value(protocol_column(d, ntop));
  } else if (s == SyntheticField::ColInfo) {
    int ntop = 0;
    protocol_column(d, ntop);
    col_.clear();
    StringSink sink(col_);
    info_column(d, ntop, sink, {});
    fo.value(col_);
  }
}

void Printer::fields_header() {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (i) out_.append(ff_.separator);
    out_.append(fields_[i].name);
  }
  out_.put('\n');
}

void Printer::fields(const DecodedPacket& d) {
  // Which protocols the packet has, and the layer protocols in a compact
  // array: most fields are absent from most packets (udp.* on TCP...).
  static_assert(kProtoCount <= 128, "protocol bitmap");
  uint64_t present[2] = {0, 0};
  uint8_t protos[DecodedPacket::kMaxLayers];
  for (int l = 0; l < d.nlayers; ++l) {
    protos[l] = uint8_t(d.layers[l].proto);
    present[protos[l] >> 6] |= uint64_t(1) << (protos[l] & 63);
  }
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (i) out_.append(ff_.separator);
    const ResolvedField& rf = fields_[i];
    if (rf.synth != SyntheticField::None) {
      FieldsSink sink(*this);
      emit_synthetic(rf.synth, d, sink);
      sink.finish();
    } else if (rf.def->proto == Proto::Frame) {
      FieldsSink sink(*this);
      rf.def->emit(FieldCtx{d, nullptr}, sink);
      sink.finish();
    } else if (present[uint8_t(rf.def->proto) >> 6] >> (uint8_t(rf.def->proto) & 63) & 1) {
      FieldsSink sink(*this);
      const uint8_t want = uint8_t(rf.def->proto);
      for (int l = 0; l < d.nlayers; ++l)
        if (protos[l] == want) rf.def->emit(FieldCtx{d, &d.layers[l]}, sink);
      sink.finish();
    }
  }
  out_.put('\n');
}

// Buffers the values of one field for JSON: a single value is printed as a
// string, several as an array.
struct JsonSink final : FieldOut {
  std::string& buf;
  size_t n = 0;
  explicit JsonSink(std::string& b) : buf(b) { buf.clear(); }
  void value(std::string_view v) override {
    // Bounded: a value that would not fit the reserved scratch is dropped
    // (worst case escaping is 6 bytes per input byte).
    if (buf.size() + v.size() * 6 + 4 > buf.capacity()) return;
    if (n) buf += ',';
    buf += '"';
    json_escape(v, buf);
    buf += '"';
    ++n;
  }
  void write(OutBuf& out, std::string_view name, bool& first) {
    if (!n) return;
    if (!first) out.put(',');
    first = false;
    out.put('"');
    json_escape(name, out);
    out.append("\":");
    if (n > 1) out.put('[');
    out.append(buf);
    if (n > 1) out.put(']');
  }
};

void Printer::json(const DecodedPacket& d) {
  out_.append("{\"frame\":{");
  bool first = true;
  const FieldDef* const* defs;
  size_t nd = reg_.fields_of(Proto::Frame, defs);
  for (size_t i = 0; i < nd; ++i) {
    JsonSink s(scratch_);
    defs[i]->emit(FieldCtx{d, nullptr}, s);
    s.write(out_, defs[i]->name, first);
  }
  if (!reg_.field("frame.time_relative")) {
    JsonSink s(scratch_);
    emit_synthetic(SyntheticField::TimeRelative, d, s);
    s.write(out_, "frame.time_relative", first);
  }
  if (!reg_.field("frame.protocols")) {
    JsonSink s(scratch_);
    emit_synthetic(SyntheticField::Protocols, d, s);
    s.write(out_, "frame.protocols", first);
  }
  out_.append("},\"layers\":[");
  for (int l = 0; l < d.nlayers; ++l) {
    const Layer& L = d.layers[l];
    if (l) out_.put(',');
    out_.append("{\"");
    json_escape(proto_name(reg_, L.proto), out_);
    out_.append("\":{");
    bool f1 = true;
    nd = reg_.fields_of(L.proto, defs);
    for (size_t i = 0; i < nd; ++i) {
      JsonSink s(scratch_);
      defs[i]->emit(FieldCtx{d, &L}, s);
      s.write(out_, defs[i]->name, f1);
    }
    out_.append("}}");
  }
  out_.put(']');
  if (d.nanomalies) {
    out_.append(",\"anomalies\":[");
    for (int i = 0; i < d.nanomalies; ++i) {
      if (i) out_.put(',');
      out_.put('"');
      json_escape(d.anomalies[i], out_);
      out_.put('"');
    }
    out_.put(']');
  }
  out_.append("}\n");
}

void Printer::verbose(const DecodedPacket& d) {
  const PacketView& p = *d.pkt;
  out_.append("Frame ");
  out_.dec(d.number);
  out_.append(": ");
  out_.dec(p.origlen);
  out_.append(" bytes on wire (");
  out_.dec(uint64_t(p.origlen) * 8);
  out_.append(" bits), ");
  out_.dec(p.caplen);
  out_.append(" bytes captured (");
  out_.dec(uint64_t(p.caplen) * 8);
  out_.append(" bits)\n");
  const FieldDef* const* defs;
  size_t nd = reg_.fields_of(Proto::Frame, defs);
  for (size_t i = 0; i < nd; ++i) {
    VerboseSink s(out_, defs[i]->name);
    defs[i]->emit(FieldCtx{d, nullptr}, s);
  }
  {
    VerboseSink s(out_, "frame.protocols");
    if (!reg_.field("frame.protocols")) emit_synthetic(SyntheticField::Protocols, d, s);
  }
  for (int l = 0; l < d.nlayers; ++l) {
    const Layer& L = d.layers[l];
    const ProtoDef& def = reg_.proto(L.proto);
    out_.append(proto_display(reg_, L.proto));
    if (def.info) {
      out_.append(", ");
      InfoSink info(out_);
      def.info(FieldCtx{d, &L}, info);
    }
    if (L.truncated) out_.append(" [truncated]");
    out_.put('\n');
    nd = reg_.fields_of(L.proto, defs);
    for (size_t i = 0; i < nd; ++i) {
      VerboseSink s(out_, defs[i]->name);
      defs[i]->emit(FieldCtx{d, &L}, s);
    }
  }
  if (d.nanomalies) {
    out_.append("[Anomalies: ");
    for (int i = 0; i < d.nanomalies; ++i) {
      if (i) out_.append(", ");
      out_.append(d.anomalies[i]);
    }
    out_.append("]\n");
  }
  out_.put('\n');
}

void Printer::hexdump(const PacketView& p) {
  // tshark -x layout: offset, 16 hex bytes, ASCII ('.' for non-printables).
  char line[96];
  for (uint32_t off = 0; off < p.caplen; off += 16) {
    uint32_t n = p.caplen - off < 16 ? p.caplen - off : 16;
    size_t len = 0;
    // 4 offset digits, 8 for frames longer than 64 KiB (as tshark).
    for (int shift = p.caplen > 0x10000 ? 28 : 12; shift >= 0; shift -= 4) line[len++] = kHex[(off >> shift) & 15];
    line[len++] = ' ';
    line[len++] = ' ';
    for (uint32_t i = 0; i < 16; ++i) {
      if (i < n) {
        uint8_t c = p.data[off + i];
        line[len++] = kHex[c >> 4];
        line[len++] = kHex[c & 15];
      } else {
        line[len++] = ' ';
        line[len++] = ' ';
      }
      line[len++] = ' ';
    }
    line[len++] = ' ';
    line[len++] = ' ';
    for (uint32_t i = 0; i < n; ++i) {
      uint8_t c = p.data[off + i];
      line[len++] = (c >= 0x20 && c < 0x7f) ? char(c) : '.';
    }
    line[len++] = '\n';
    out_.append(std::string_view(line, len));
  }
  out_.put('\n');
}

}  // namespace weir
