// TCP (RFC 9293) with the common options (MSS, window scale, SACK, SACK
// permitted, timestamps). The payload is dispatched by port, lower first.
// tcp.len follows Wireshark: it is computed from the length the IP layer
// claims, and left out for IP fragments and inside ICMP error messages.
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

// Private extras that do not fit the public TcpFields semantics.
struct TcpExtra {
  bool has_seglen;   // tcp.len is meaningful (not a fragment / ICMP error)
  bool bogus_hlen;   // header length < 20
  uint32_t opt_end;  // captured bytes of the header (options stop here)
  bool quoted_seq;   // inside an ICMP error, cut short of 16 bytes: tshark still shows tcp.seq
};
struct TcpLayer {
  TcpFields f;
  TcpExtra x;
};

void parse_options(ByteCursor o, TcpFields& f, const char*& anomaly) {
  for (int i = 0; i < 40 && !o.empty(); ++i) {
    uint8_t kind = 0, len = 0;
    o.u8(kind);
    if (kind == 0) break;  // end of option list
    if (kind == 1) continue;
    if (!o.u8(len)) {
      anomaly = "truncated_tcp_option";
      return;
    }
    if (len < 2 || !o.can_read(size_t(len) - 2)) {
      anomaly = len < 2 ? "bad_tcp_option_length" : "truncated_tcp_option";
      return;
    }
    ByteCursor v = o.sub(size_t(len) - 2);
    o.skip(size_t(len) - 2);
    switch (kind) {
      case 2:
        if (len == 4 && v.be16(f.mss)) f.has_mss = true;
        break;
      case 3: {
        uint8_t s = 0;
        if (len == 3 && v.u8(s)) f.wscale = int8_t(s > 127 ? 127 : s);
        break;
      }
      case 4:
        if (len == 2) f.sack_perm = true;
        break;
      case 5:
        f.nsack = uint8_t((len - 2) / 8);
        break;
      case 8:
        if (len == 10 && v.be32(f.ts_val) && v.be32(f.ts_ecr)) f.has_ts = true;
        break;
      case 30:
        if (f.nmptcp < 255) ++f.nmptcp;
        break;
      default:
        break;
    }
  }
}

// tshark 4.0's heuristic dissectors for TCP payload on ports no dissector
// claims (both on by default), as they test a segment:
//  * HTTP: a first line (ended by LF) that is not 8 bytes long and begins
//    with "HTTP/1." or ends with "HTTP/1.?" (either case);
//  * TLS: a record header of type handshake or application data, version
//    SSL 3.0, TLS 1.0-1.2 or GM/T, length 1..18431; or an SSLv2-format
//    ClientHello.
// (tshark then keeps the conversation on that dissector; weir decides per
// segment.)
Proto heuristic(const uint8_t* p, uint32_t n) {
  auto ieq = [&](uint32_t at, const char* s, uint32_t len) {
    if (at + len > n) return false;
    for (uint32_t i = 0; i < len; ++i) {
      uint8_t c = p[at + i];
      if (c >= 'a' && c <= 'z') c = uint8_t(c - 32);
      if (c != uint8_t(s[i])) return false;
    }
    return true;
  };
  uint32_t lf = 0;
  while (lf < n && p[lf] != '\n') ++lf;
  if (lf < n) {
    uint32_t linelen = lf > 0 && p[lf - 1] == '\r' ? lf - 1 : lf;
    if (linelen != 8 && (ieq(0, "HTTP/1.", 7) || (linelen > 8 && ieq(linelen - 8, "HTTP/1.", 7)))) return Proto::Http;
  }
  if (n >= 5) {
    uint8_t type = p[0];
    uint16_t ver = uint16_t(p[1] << 8 | p[2]), len = uint16_t(p[3] << 8 | p[4]);
    if ((type == 22 || type == 23) && (ver == 0x0300 || ver == 0x0301 || ver == 0x0302 || ver == 0x0303 || ver == 0x0101) &&
        len != 0 && len < 16384 + 2048)
      return Proto::Tls;
  }
  if (n >= 46 && p[0] == 0x80 && p[2] == 1) {
    uint16_t specs = uint16_t(p[5] << 8 | p[6]), sid = uint16_t(p[7] << 8 | p[8]), chal = uint16_t(p[9] << 8 | p[10]);
    if (specs && specs % 3 == 0 && (sid == 0 || sid == 16) && chal == 32) return Proto::Tls;
  }
  return Proto::None;
}

// tshark's OpenFlow heuristic, after the others: a segment to one of
// OpenFlow's ports (6633, 6634, 6653) is OpenFlow, and its connection stays
// so (the StreamTracker's protocol of the connection).
Proto heuristic_openflow(const uint8_t* p, uint32_t n) {
  Proto h = heuristic(p, n);
  return h != Proto::None ? h : Proto::Openflow;
}

// The TCP header is quoted by an ICMP (v4) error directly: ICMP, IPv4, TCP.
bool quoted_by_icmpv4(const DecodedPacket& p, int self) {
  return self >= 2 && p.layers[self - 1].proto == Proto::Ipv4 && p.layers[self - 2].proto == Proto::Icmp;
}

void decode_tcp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& t = layer.as<TcpLayer>();
  t = {};
  TcpFields& f = t.f;
  f.wscale = -1;
  ByteCursor c = in.cursor();
  uint8_t off = 0, fl = 0;
  // Wireshark reads the ports together (nothing of a header cut short of 4
  // bytes), then sequence number to window together (only the ports of one
  // cut short of 16), then the checksum and the urgent pointer one by one.
  if (!c.be16(f.sport) || !c.be16(f.dport) || !c.be32(f.seq) || !c.be32(f.ack) || !c.u8(off) ||
      !c.u8(fl) || !c.be16(f.window)) {
    du::truncated(in, layer, res, "truncated_tcp_header");
    layer.hdr_len = in.avail < 4 ? 0 : 4;
    if (in.avail >= 8 && in.pkt) {
      bool fragmented = false, in_error = false;
      du::ip_context(*in.pkt, in.self, fragmented, in_error);
      if (in_error && quoted_by_icmpv4(*in.pkt, in.self)) {
        // the 8 bytes an ICMP error quotes: ports and sequence number (tshark
        // shows the number early only for ICMP over IPv4)
        ByteCursor q = in.cursor();
        q.skip(4);
        t.x.quoted_seq = q.be32(f.seq);
      }
    }
    return;
  }
  bool cut = !c.be16(f.checksum) || !c.be16(f.urg);
  f.hdr_len = uint8_t((off >> 4) * 4);
  f.flags = uint16_t((off & 0x0f) << 8 | fl);
  f.has_fixed = true;
  bool fragmented = false, in_error = false;
  if (in.pkt) du::ip_context(*in.pkt, in.self, fragmented, in_error);
  // Wireshark computes the segment length (and runs its sequence analysis)
  // before it looks at a bogus header length.
  t.x.has_seglen = f.seg_known = !fragmented && !in_error && in.claimed >= f.hdr_len;
  f.payload_len = in.claimed >= f.hdr_len ? in.claimed - f.hdr_len : 0;
  if (f.hdr_len < 20) {
    // Wireshark stops after the bogus header length: hide what follows it.
    t.x.bogus_hlen = true;
    layer.truncated = 1;
    layer.hdr_len = 13;
    res.anomaly = "bad_tcp_hdr_len";
    res.stop = true;
    return;
  }
  if (cut) {
    du::truncated(in, layer, res, "truncated_tcp_header");  // hdr_len: the 16-19 bytes there
    return;
  }

  const char* opt_anomaly = nullptr;
  uint32_t opt_have = du::min32(uint32_t(c.remaining()), f.hdr_len - 20u);
  t.x.opt_end = 20 + opt_have;
  parse_options(c.sub(opt_have), f, opt_anomaly);
  if (opt_have < f.hdr_len - 20u) {
    // Options cut off by the capture: keep the fixed fields (not "truncated",
    // which would hide them), stop decoding.
    layer.hdr_len = in.avail;
    layer.payload_len = 0;
    res.anomaly = "truncated_tcp_options";
    res.stop = true;
    return;
  }
  f.opts_whole = true;
  if (in.claimed < f.hdr_len) res.anomaly = "tcp_header_exceeds_ip_payload";
  else if (opt_anomaly) res.anomaly = opt_anomaly;
  layer.hdr_len = f.hdr_len;
  layer.payload_len = f.payload_len;
  if (in.pkt && in.pkt->tcp_reasm.layer == in.self && in.pkt->tcp_reasm.kind == DecodedPacket::TcpReasm::Complete) {
    const DecodedPacket::TcpReasm& tr = in.pkt->tcp_reasm;
    // A reassembled TLS record, then the rest of this segment (engine/tcp_reasm.hpp).
    f.payload_len = tr.seg_len;
    layer.payload_len = tr.total;
    res.next_proto = tr.proto;
    return;
  }
  if (in.pkt && in.pkt->tcp_reasm.layer == in.self && in.pkt->tcp_reasm.kind == DecodedPacket::TcpReasm::Recall) {
    res.next_proto = Proto::Tls;
    return;
  }
  if (in.pkt && in.pkt->tcp_reasm.layer == in.self &&
      (in.pkt->tcp_reasm.kind == DecodedPacket::TcpReasm::Middle ||
       in.pkt->tcp_reasm.kind == DecodedPacket::TcpReasm::Held ||
       in.pkt->tcp_reasm.kind == DecodedPacket::TcpReasm::Repeat)) {
    res.stop = true;  // a piece of a record that ends in a later segment: nothing above TCP
    return;
  }
  du::by_ports(res, Table::TcpPort, f.sport, f.dport);
  // Tried only where no port dissector claims the payload.
  res.heuristic = f.dport == 6633 || f.dport == 6634 || f.dport == 6653 ? heuristic_openflow : heuristic;
}

const TcpLayer& tl(const FieldCtx& c) { return c.layer->as<TcpLayer>(); }

// The TLS record this segment completed (DecodedPacket::tcp_reasm), or null.
const DecodedPacket::TcpReasm* reasm(const FieldCtx& c) {
  const auto& t = c.pkt.tcp_reasm;
  if (t.kind != DecodedPacket::TcpReasm::Complete || c.layer != &c.pkt.layers[t.layer]) return nullptr;
  return &t;
}

uint32_t calc_window(const TcpFields& f) {
  // Wireshark scales only segments whose length it knows (not fragments or
  // headers quoted in ICMP errors), never a SYN.
  if (f.has_win_scale && f.seg_known && f.win_scale > 0 && !(f.flags & 0x02))
    return uint32_t(f.window) << f.win_scale;
  return f.window;
}

void append_flags(du::Text& t, uint16_t fl) {
  static const char* const kNames[] = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "AE"};
  bool first = true;
  t.s("[");
  for (int i = 0; i < 9; ++i)
    if (fl & (1u << i)) {
      t.s(first ? "" : ", ").s(kNames[i]);
      first = false;
    }
  if (fl & 0xe00) t.s(first ? "" : ", ").s("Reserved");
  t.s("]");
}

template <int Bit>
void emit_flag(const FieldCtx& c, FieldOut& o) {
  if (du::has(c, 14)) du::boolean(o, (tl(c).f.flags >> Bit) & 1);
}

// Re-walks the captured options: fn(kind, absolute offset, length).
template <class Fn>
void for_each_option(const FieldCtx& c, Fn fn) {
  const auto& x = tl(c);
  if (x.x.opt_end <= 20) return;
  uint32_t start = c.layer->offset + 20;
  uint32_t n = x.x.opt_end - 20;
  if (!du::frame_has(c.pkt, start, n)) return;
  ByteCursor o(c.pkt.data() + start, n);
  for (int i = 0; i < 40 && !o.empty(); ++i) {
    uint32_t at = start + uint32_t(o.offset());
    uint8_t kind = 0, len = 0;
    o.u8(kind);
    if (kind == 0 || kind == 1) {
      fn(kind, at, 1u);
      if (kind == 0) return;
      continue;
    }
    if (!o.u8(len) || len < 2 || !o.skip(size_t(len) - 2)) return;
    fn(kind, at, uint32_t(len));
  }
}

// Wireshark's MPTCP dissector adds itself to the protocols for every MPTCP
// option (kind 30) and names the column.
void names_tcp(const FieldCtx& c, const char*& name, const char*& display) {
  int n = tl(c).f.nmptcp;  // counted while decoding (parse_options)
  static const char* const kNames[] = {"tcp:mptcp", "tcp:mptcp:mptcp", "tcp:mptcp:mptcp:mptcp"};
  if (n == 0) return;
  name = kNames[n <= 3 ? n - 1 : 2];
  display = "MPTCP";
}

void info_tcp(const FieldCtx& c, TextOut& o) {
  const auto& x = tl(c);
  const TcpFields& f = x.f;
  du::Text t;
  if (!du::has(c, 4)) return;  // Wireshark fills the column only once it has both ports
  t.d(f.sport).s(" → ").d(f.dport);
  if (x.x.bogus_hlen) {  // the first 16 bytes are there; tshark stops after the window
    t.s(" ");
    append_flags(t, f.flags);
    t.s(" Seq=").d(x.x.has_seglen && f.has_rel_seq ? f.rel_seq : f.seq);
    if (f.flags & 0x10) t.s(" Ack=").d(x.x.has_seglen && f.has_rel_ack ? f.rel_ack : f.ack);
    t.s(" Win=").d(calc_window(f)).s(", bogus TCP header length (").d(f.hdr_len).s(", must be at least 20)");
  } else if (du::has(c, 16)) {
    t.s(" ");
    append_flags(t, f.flags);
    bool rel = x.x.has_seglen;  // relative numbers as in the fields (tshark's default)
    t.s(" Seq=").d(rel && f.has_rel_seq ? f.rel_seq : f.seq);
    if (f.flags & 0x10) t.s(" Ack=").d(rel && f.has_rel_ack ? f.rel_ack : f.ack);
    t.s(" Win=").d(calc_window(f));
    if (x.x.has_seglen && du::has(c, 20)) t.s(" Len=").d(f.payload_len);
    // Options in the order they come (as tshark appends them).
    for_each_option(c, [&](uint8_t kind, uint32_t at, uint32_t len) {
      ByteCursor v(c.pkt.data() + at + 2, len - 2);  // for_each_option checked the bytes
      uint16_t mss = 0;
      uint8_t ws = 0;
      uint32_t tsv = 0, tse = 0;
      if (kind == 2 && len == 4 && v.be16(mss)) t.s(" MSS=").d(mss);
      else if (kind == 4 && len == 2) t.s(" SACK_PERM");
      else if (kind == 8 && len == 10 && v.be32(tsv) && v.be32(tse)) t.s(" TSval=").d(tsv).s(" TSecr=").d(tse);
      else if (kind == 3 && len == 3 && v.u8(ws)) t.s(" WS=").d(ws > 14 ? 16384u : 1u << ws);
      else if (kind == 5) {
        // SACK blocks, relative to the other side's base as tshark shows them.
        uint32_t base = f.has_rel_ack && rel ? f.ack - f.rel_ack : 0, l = 0, r = 0;
        while (v.be32(l) && v.be32(r)) t.s(" SLE=").d(l - base).s(" SRE=").d(r - base);
      }
    });
  }
  t.to(o);
}

// Sequence analysis of this layer (a StreamTracker with analysis on), or null.
const TcpAnalysis* analysis(const FieldCtx& c) {
  return c.pkt.tcp_analysis_layer == int(c.layer - c.pkt.layers) ? &c.pkt.tcp_analysis : nullptr;
}

template <uint32_t Flags>
void emit_analysis_flag(const FieldCtx& c, FieldOut& o) {
  if (const TcpAnalysis* a = analysis(c); a && (a->flags & Flags)) o.value("1");
}

}  // namespace

void register_tcp(Registry& r) {
  r.add_proto({Proto::Tcp, "tcp", "TCP", decode_tcp, info_tcp, names_tcp});
  r.add_dispatch(Table::IpProto, 6, Proto::Tcp);
  r.add_field({"tcp.srcport", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 2)) du::dec(o, tl(c).f.sport);
               }});
  r.add_field({"tcp.dstport", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 4)) du::dec(o, tl(c).f.dport);
               }});
  r.add_field({"tcp.port", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 2)) du::dec(o, tl(c).f.sport);
                 if (du::has(c, 4)) du::dec(o, tl(c).f.dport);
               }});
  // Conversation index: set by the Analyzer's StreamTracker when asked for.
  r.add_field({"tcp.stream", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (c.layer->stream >= 0) du::dec(o, uint32_t(c.layer->stream));
               },
               true});
  r.add_field({"tcp.len", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 const auto& x = tl(c);
                 // tshark shows it before its bogus-header-length stop, too
                 if (x.x.has_seglen && (x.x.bogus_hlen || du::has(c, 14))) du::dec(o, x.f.payload_len);
               }});
  // Relative numbers where a StreamTracker ran (tshark's default) and the
  // segment length is known (tshark leaves fragments' numbers raw), else raw.
  r.add_field({"tcp.seq", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 const auto& x = tl(c);
                 bool rel = x.f.has_rel_seq && x.x.has_seglen;
                 if (du::has(c, 8) || x.x.quoted_seq) du::dec(o, rel ? x.f.rel_seq : x.f.seq);
               },
               true});
  r.add_field({"tcp.nxtseq", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 const auto& x = tl(c);
                 if (!du::has(c, 14) || !x.x.has_seglen || x.x.bogus_hlen) return;
                 uint32_t s = x.f.has_rel_seq ? x.f.rel_seq : x.f.seq;  // has_seglen holds here
                 du::dec(o, uint32_t(s + x.f.payload_len + (x.f.flags & 0x03 ? 1 : 0)));  // SYN+FIN: once
               },
               true});
  r.add_field({"tcp.ack", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 const auto& x = tl(c);
                 bool rel = x.f.has_rel_ack && x.x.has_seglen;
                 // tshark adds it after its bogus-header-length stop
                 if (du::has(c, 12) && !x.x.bogus_hlen) du::dec(o, rel ? x.f.rel_ack : x.f.ack);
               },
               true});
  r.add_field({"tcp.seq_raw", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 8)) du::dec(o, tl(c).f.seq);
               }});
  r.add_field({"tcp.ack_raw", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 12) && !tl(c).x.bogus_hlen) du::dec(o, tl(c).f.ack);
               }});
  r.add_field({"tcp.hdr_len", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 13)) du::dec(o, tl(c).f.hdr_len);
               }});
  r.add_field({"tcp.flags", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 14)) du::hex(o, tl(c).f.flags, 4);
               }});
  r.add_field({"tcp.flags.res", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 14)) du::boolean(o, (tl(c).f.flags & 0xe00) != 0);
               }});
  r.add_field({"tcp.flags.ae", Proto::Tcp, emit_flag<8>});
  r.add_field({"tcp.flags.cwr", Proto::Tcp, emit_flag<7>});
  r.add_field({"tcp.flags.ece", Proto::Tcp, emit_flag<6>});
  r.add_field({"tcp.flags.urg", Proto::Tcp, emit_flag<5>});
  r.add_field({"tcp.flags.ack", Proto::Tcp, emit_flag<4>});
  r.add_field({"tcp.flags.push", Proto::Tcp, emit_flag<3>});
  r.add_field({"tcp.flags.reset", Proto::Tcp, emit_flag<2>});
  r.add_field({"tcp.flags.syn", Proto::Tcp, emit_flag<1>});
  r.add_field({"tcp.flags.fin", Proto::Tcp, emit_flag<0>});
  r.add_field({"tcp.flags.str", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (!du::has(c, 14)) return;
                 static const char kChars[] = "RRRACEUAPRSF";
                 uint16_t fl = tl(c).f.flags;
                 du::Text t;
                 for (int i = 0; i < 12; ++i) {
                   if (fl & (0x800u >> i)) t.s(std::string_view(&kChars[i], 1));
                   else t.s("\xc2\xb7");  // U+00B7 middle dot, as Wireshark prints
                 }
                 o.value(t.view());
               }});
  r.add_field({"tcp.window_size_value", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 16)) du::dec(o, tl(c).f.window);
               }});
  // The calculated window (scaled where the handshake said so; never on a SYN).
  r.add_field({"tcp.window_size", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 16)) du::dec(o, calc_window(tl(c).f));
               },
               true});
  r.add_field({"tcp.window_size_scalefactor", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = tl(c).f;
                 if (!du::has(c, 16) || !f.has_win_scale || (f.flags & 0x02)) return;
                 if (f.win_scale >= 0) du::dec(o, uint32_t(1) << f.win_scale);
                 else o.value(f.win_scale == -1 ? "-1" : "-2");
               },
               true});
  // Wireshark's sequence analysis (needs_streams: the Analyzer runs the
  // tracker with analysis on for any of these). FT_NONE fields and expert
  // items print "1", as tshark; a fast or spurious retransmission is also a
  // retransmission, and tcp.analysis.duplicate_ack appears twice (a field and
  // an expert item of that name).
  r.add_field({"tcp.analysis", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (analysis(c)) o.value("1");
               },
               true});
  r.add_field({"tcp.analysis.flags", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (const TcpAnalysis* a = analysis(c); a && a->flags) o.value("1");
               },
               true});
  r.add_field({"tcp.analysis.acks_frame", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (const TcpAnalysis* a = analysis(c); a && a->acks_frame) du::dec(o, a->acks_frame);
               },
               true});
  r.add_field({"tcp.analysis.ack_rtt", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (const TcpAnalysis* a = analysis(c); a && a->acks_frame && a->ack_rtt_ns) du::rel_time(o, a->ack_rtt_ns);
               },
               true});
  r.add_field({"tcp.analysis.initial_rtt", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (const TcpAnalysis* a = analysis(c); a && a->initial_rtt_ns) du::rel_time(o, a->initial_rtt_ns);
               },
               true});
  r.add_field({"tcp.analysis.bytes_in_flight", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (const TcpAnalysis* a = analysis(c); a && a->bytes_in_flight) du::dec(o, a->bytes_in_flight);
               },
               true});
  r.add_field({"tcp.analysis.push_bytes_sent", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (const TcpAnalysis* a = analysis(c); a && a->bytes_in_flight) du::dec(o, a->push_bytes_sent);
               },
               true});
  r.add_field({"tcp.analysis.retransmission", Proto::Tcp,
               emit_analysis_flag<TcpAnalysis::Retransmission | TcpAnalysis::FastRetransmission |
                                  TcpAnalysis::SpuriousRetransmission>,
               true});
  r.add_field({"tcp.analysis.fast_retransmission", Proto::Tcp, emit_analysis_flag<TcpAnalysis::FastRetransmission>, true});
  r.add_field({"tcp.analysis.spurious_retransmission", Proto::Tcp,
               emit_analysis_flag<TcpAnalysis::SpuriousRetransmission>, true});
  r.add_field({"tcp.analysis.out_of_order", Proto::Tcp, emit_analysis_flag<TcpAnalysis::OutOfOrder>, true});
  r.add_field({"tcp.analysis.reused_ports", Proto::Tcp, emit_analysis_flag<TcpAnalysis::ReusedPorts>, true});
  r.add_field({"tcp.analysis.lost_segment", Proto::Tcp, emit_analysis_flag<TcpAnalysis::LostSegment>, true});
  r.add_field({"tcp.analysis.ack_lost_segment", Proto::Tcp, emit_analysis_flag<TcpAnalysis::AckLostSegment>, true});
  r.add_field({"tcp.analysis.window_update", Proto::Tcp, emit_analysis_flag<TcpAnalysis::WindowUpdate>, true});
  r.add_field({"tcp.analysis.window_full", Proto::Tcp, emit_analysis_flag<TcpAnalysis::WindowFull>, true});
  r.add_field({"tcp.analysis.keep_alive", Proto::Tcp, emit_analysis_flag<TcpAnalysis::KeepAlive>, true});
  r.add_field({"tcp.analysis.keep_alive_ack", Proto::Tcp, emit_analysis_flag<TcpAnalysis::KeepAliveAck>, true});
  r.add_field({"tcp.analysis.zero_window", Proto::Tcp, emit_analysis_flag<TcpAnalysis::ZeroWindow>, true});
  r.add_field({"tcp.analysis.zero_window_probe", Proto::Tcp, emit_analysis_flag<TcpAnalysis::ZeroWindowProbe>, true});
  r.add_field({"tcp.analysis.zero_window_probe_ack", Proto::Tcp, emit_analysis_flag<TcpAnalysis::ZeroWindowProbeAck>,
               true});
  r.add_field({"tcp.analysis.duplicate_ack", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (const TcpAnalysis* a = analysis(c); a && (a->flags & TcpAnalysis::DuplicateAck)) {
                   o.value("1");
                   o.value("1");
                 }
               },
               true});
  r.add_field({"tcp.analysis.duplicate_ack_num", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (const TcpAnalysis* a = analysis(c); a && a->flags && a->dupack_num) du::dec(o, a->dupack_num);
               },
               true});
  r.add_field({"tcp.analysis.duplicate_ack_frame", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (const TcpAnalysis* a = analysis(c); a && a->flags && a->dupack_num) du::dec(o, a->dupack_frame);
               },
               true});
  r.add_field({"tcp.analysis.rto", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 const TcpAnalysis* a = analysis(c);
                 if (a && (a->flags & TcpAnalysis::Retransmission) && a->rto_ns) du::rel_time(o, a->rto_ns);
               },
               true});
  r.add_field({"tcp.analysis.rto_frame", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 const TcpAnalysis* a = analysis(c);
                 if (a && (a->flags & TcpAnalysis::Retransmission) && a->rto_ns) du::dec(o, a->rto_frame);
               },
               true});
  // The payload's captured bytes (not after a RST, whose data is a reason).
  r.add_field({"tcp.payload", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 const auto& x = tl(c);
                 if (x.x.bogus_hlen || (x.f.flags & 0x04) || !du::has(c, 20) || c.layer->hdr_len < 20) return;
                 uint32_t start, n = du::payload_captured(c, start);
                 const auto& tr = c.pkt.tcp_reasm;
                 if (tr.kind == DecodedPacket::TcpReasm::Complete && c.layer == &c.pkt.layers[tr.layer]) {
                   start += tr.total - tr.seg_len;  // the segment's own bytes end the buffer
                   n = tr.seg_len;
                 }
                 if (n) du::hex_value(o, c.pkt.data() + start, n);
               }});
  // A reassembled TLS record or HTTP message (engine/tcp_reasm.hpp), on the segment that ended it.
  r.add_field({"tcp.segments", Proto::Tcp, [](const FieldCtx&, FieldOut&) {}});  // a label in tshark
  r.add_field({"tcp.segment", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (const auto* t = reasm(c))
                   for (uint32_t i = 0; i < t->nframes; ++i) du::dec(o, t->frames[i]);
               }});
  r.add_field({"tcp.segment.count", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (const auto* t = reasm(c)) du::dec(o, t->nframes);
               }});
  r.add_field({"tcp.reassembled.length", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (const auto* t = reasm(c)) du::dec(o, t->pdu_len);
               }});
  r.add_field({"tcp.reassembled.data", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (const auto* t = reasm(c)) du::hex_value(o, c.pkt.data() + t->pdu_offset, t->pdu_len);
               }});
  r.add_field({"tcp.checksum", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 18)) du::hex(o, tl(c).f.checksum, 4);
               }});
  r.add_field({"tcp.urgent_pointer", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 20)) du::dec(o, tl(c).f.urg);
               }});
  r.add_field({"tcp.option_kind", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 for_each_option(c, [&](uint8_t kind, uint32_t, uint32_t) { du::dec(o, kind); });
               }});
  r.add_field({"tcp.options.mss_val", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 for_each_option(c, [&](uint8_t kind, uint32_t at, uint32_t len) {
                   if (kind == 2 && len == 4) du::dec(o, load_be16(c.pkt.data() + at + 2));
                 });
               }});
  r.add_field({"tcp.options.wscale.shift", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 for_each_option(c, [&](uint8_t kind, uint32_t at, uint32_t len) {
                   if (kind == 3 && len == 3) du::dec(o, c.pkt.data()[at + 2]);
                 });
               }});
  r.add_field({"tcp.options.sack_perm", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 for_each_option(c, [&](uint8_t kind, uint32_t at, uint32_t len) {
                   if (kind == 4 && len == 2) {
                     char b[8];
                     o.value(std::string_view(b, fmt::hexbytes(b, c.pkt.data() + at, 2, 0)));
                   }
                 });
               }});
  r.add_field({"tcp.options.timestamp.tsval", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 for_each_option(c, [&](uint8_t kind, uint32_t at, uint32_t len) {
                   if (kind == 8 && len == 10) du::dec(o, load_be32(c.pkt.data() + at + 2));
                 });
               }});
  r.add_field({"tcp.options.timestamp.tsecr", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 for_each_option(c, [&](uint8_t kind, uint32_t at, uint32_t len) {
                   if (kind == 8 && len == 10) du::dec(o, load_be32(c.pkt.data() + at + 6));
                 });
               }});
  r.add_field({"tcp.options.sack_le", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 for_each_option(c, [&](uint8_t kind, uint32_t at, uint32_t len) {
                   for (uint32_t i = 2; kind == 5 && i + 8 <= len; i += 8) du::dec(o, load_be32(c.pkt.data() + at + i));
                 });
               }});
  r.add_field({"tcp.options.sack_re", Proto::Tcp, [](const FieldCtx& c, FieldOut& o) {
                 for_each_option(c, [&](uint8_t kind, uint32_t at, uint32_t len) {
                   for (uint32_t i = 2; kind == 5 && i + 8 <= len; i += 8) du::dec(o, load_be32(c.pkt.data() + at + i + 4));
                 });
               }});
}

}  // namespace weir
