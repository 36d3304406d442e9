#include "engine/tcp_reasm.hpp"

#include <cstring>

#include "weir/bytes.hpp"
#include "weir/layers.hpp"

namespace weir {

namespace {

using Kind = DecodedPacket::TcpReasm::Kind;

bool tls_content_type(uint8_t t) { return t >= 20 && t <= 25; }

// Drops the "truncated_tls_record" anomaly the first decode recorded for a
// record that is not cut but continues in the next segments.
void drop_tls_anomaly(DecodedPacket& d) {
  uint8_t n = 0;
  for (uint8_t i = 0; i < d.nanomalies; ++i)
    if (std::strcmp(d.anomalies[i], "truncated_tls_record") != 0) d.anomalies[n++] = d.anomalies[i];
  d.nanomalies = n;
}

}  // namespace

bool TcpReassembler::same_key(const Key& a, const Key& b) {
  return a.sport == b.sport && a.dport == b.dport && a.v6 == b.v6 && std::memcmp(a.src, b.src, 16) == 0 &&
         std::memcmp(a.dst, b.dst, 16) == 0;
}

TcpReassembler::Slot* TcpReassembler::find(const Key& k) {
  for (int i = 0; i < kSlots; ++i)
    if (slots_[i].used && same_key(slots_[i].key, k)) return &slots_[i];
  return nullptr;
}

TcpReassembler::Slot* TcpReassembler::take(const Key& k) {
  if (!slots_) slots_ = std::make_unique<Slot[]>(kSlots);
  Slot* pick = nullptr;
  for (int i = 0; i < kSlots && !(pick && !pick->used); ++i) {
    Slot& s = slots_[i];
    if (!pick || !s.used || s.last_use < pick->last_use) pick = &s;
  }
  if (pick->used) ++abandoned_;  // the least recently used record gives way
  else ++used_;
  pick->used = true;
  pick->key = k;
  pick->have = pick->need = pick->nframes = 0;
  pick->proto = Proto::Tls;
  pick->note_len = 0;
  if (!pick->data) {
    pick->data = std::make_unique<uint8_t[]>(kMaxRecord);
    pick->cap = kMaxRecord;
    pick->frames = std::make_unique<uint32_t[]>(kMaxSegments);
  }
  return pick;
}

// Room for n bytes (HTTP messages grow the buffer, doubling, up to their limit).
bool TcpReassembler::grow(Slot& s, uint32_t n) {
  uint32_t limit = s.proto == Proto::Http ? (s.need ? kMaxHttp : kMaxHttpAsk) : kMaxRecord;
  if (n > limit) return false;
  if (n <= s.cap) return true;
  uint32_t cap = s.cap * 2 > n ? s.cap * 2 : n;
  if (cap > kMaxHttp) cap = kMaxHttp;
  auto bigger = std::make_unique<uint8_t[]>(cap);
  std::memcpy(bigger.get(), s.data.get(), s.have);
  s.data = std::move(bigger);
  s.cap = cap;
  return true;
}

// A new slot holding the message's first n bytes, p (the packet's frame
// number, where the message starts and where it continues); null when they
// do not fit.
TcpReassembler::Slot* TcpReassembler::open(const DecodedPacket& d, const Key& k, Proto proto, uint32_t need,
                                           const uint8_t* p, uint32_t n, uint32_t start_seq, uint32_t next_seq) {
  Slot* s = take(k);
  s->proto = proto;
  s->need = need;
  if (!grow(*s, n)) {
    release(s, true);
    return nullptr;
  }
  std::memcpy(s->data.get(), p, n);
  s->have = n;
  s->frames[0] = uint32_t(d.number);
  s->nframes = 1;
  s->start_seq = start_seq;
  s->next_seq = next_seq;
  s->hole = false;
  s->last_use = ++clock_;
  return s;
}

void TcpReassembler::release(Slot* s, bool abandoned) {
  s->used = false;
  --used_;
  if (abandoned) ++abandoned_;
}

// An HTTP message starts the region [from, from + len) and does not end in
// it: store it in a new slot. Marks the packet Held when it is the
// segment's first (the message's first line then "[TCP segment of a
// reassembled PDU]", nothing above TCP).
bool TcpReassembler::start_http(DecodedPacket& d, int tcp, const Key& k, uint32_t seq, uint32_t from, uint32_t len,
                                const Registry& reg, bool heuristics) {
  // A response to HEAD has no body: nothing to collect.
  if (len >= 5 && std::memcmp(d.data() + from, "HTTP/", 5) == 0)
    for (int i = 0; i < kHeads; ++i)
      if (head_used_[i] && same_key(heads_[i], k)) {
        head_used_[i] = false;
        return false;
      }
  uint32_t whole = 0, need = 0, skipped = 0;
  // Whole messages first (pipelining): the first that is not whole starts.
  for (int i = 0; i < 64; ++i) {
    if (!http_message_extent(d.data() + from + skipped, len - skipped, whole, need)) return false;
    if (!whole) break;
    skipped += whole;
    if (skipped >= len) return false;  // all there
  }
  if (whole) return false;
  const uint8_t* p = d.data() + from + skipped;
  seq += skipped;
  len -= skipped;
  if (len > (need ? kMaxHttp : kMaxHttpAsk) || need > kMaxHttp) return false;
  Slot* s = open(d, k, Proto::Http, need, p, len, seq, seq + len);
  if (!s) return false;
  s->note_len = uint16_t(http_first_line_info(p, len, s->note, sizeof s->note));
  if (d.tcp_reasm.kind == Kind::None && skipped == 0) {
    d.tcp_reasm.kind = Kind::Held;
    d.tcp_reasm.layer = int8_t(tcp);
    d.tcp_reasm.note = s->note;
    d.tcp_reasm.note_len = s->note_len;
    redecode_packet(reg, d, heuristics);
  }
  return true;
}

// The TLS layers in [from, from + len) of the buffer (the segment's payload,
// or a completed record and the rest) end in a record that continues after
// the segment: store its bytes so far in a new slot. `seq` is the sequence
// number at `from`.
void TcpReassembler::start(DecodedPacket& d, int tcp, const Key& k, uint32_t seq, uint32_t from, uint32_t len,
                           const Registry& reg, bool heuristics) {
  // An HTTP message that starts the region (the segment's first, or the
  // one after a completed message).
  for (int i = tcp + 1; i < d.nlayers; ++i)
    if (d.layers[i].offset == from && d.layers[i].proto == Proto::Http) {
      if (http_ && (i == tcp + 1 || i == d.tcp_reasm.second)) start_http(d, tcp, k, seq, from, len, reg, heuristics);
      return;
    }
  if (d.nlayers > tcp + 1 && d.layers[d.nlayers - 1].proto == Proto::Dns) {
    if (dns_) start_pdu(d, tcp, d.nlayers - 1, k, seq, from, len, reg, heuristics);
    return;
  }
  if (d.nlayers > tcp + 2 && d.layers[tcp + 1].proto == Proto::Openflow) {
    // The last message of the first call (not one inside a PACKET_IN's
    // frame: the call ends at the first other layer).
    int last = tcp + 1;
    while (last + 1 < d.nlayers && (openflow_message(d.layers[last + 1].proto) || d.layers[last + 1].proto == Proto::Openflow))
      ++last;
    if (last > tcp + 1 && openflow_message(d.layers[last].proto)) start_pdu(d, tcp, last, k, seq, from, len, reg, heuristics);
    return;
  }
  if (!tls_) return;
  int last = d.nlayers - 1;
  if (last <= tcp || d.layers[last].proto != Proto::Tls) return;
  int first = last;  // the segment's run of TLS layers
  while (first - 1 > tcp && d.layers[first - 1].proto == Proto::Tls) --first;
  if (first != tcp + 1 && d.tcp_reasm.kind != Kind::Complete) return;
  uint32_t end = from + len;
  uint32_t at = d.layers[last].offset;
  if (at < from || at >= end) return;
  // A segment of a few bytes that would only start a header is a
  // keep-alive or a probe, not a record (tshark's analysis keeps those from
  // its dissectors).
  if (at == from && len < 5) return;
  const uint8_t* p = d.data() + at;
  // A header split between segments: tshark asks for one more segment,
  // then decodes all it has (need 0 until then).
  uint32_t need = 0;
  if (at + 5 <= end) {
    need = 5u + load_be16(p + 3);
    if (!tls_content_type(p[0]) || need <= end - at) return;
  }
  if (!open(d, k, Proto::Tls, need, p, end - at, seq + (at - from), seq + len)) return;
  drop_tls_anomaly(d);
  if (d.tcp_reasm.kind == Kind::None) {
    d.tcp_reasm.kind = Kind::Start;
    d.tcp_reasm.layer = int8_t(tcp);
    d.tcp_reasm.only = last == tcp + 1;
  }
}

namespace {

// tcp_dissect_pdus's length of the message at p (n bytes there), once its
// fixed part is (0: not yet): DNS's 2-byte length, OpenFlow's 8-byte header.
uint32_t pdu_length(Proto p, const uint8_t* b, uint32_t n) {
  if (p == Proto::Dns) return n >= 2 ? 2u + load_be16(b) : 0;
  if (n < 8) return 0;
  uint32_t len = load_be16(b + 2);
  if (len == 0) return 0;       // tshark asks for one more segment, again and again
  return len >= 8 ? len : n;  // (a length of 1-7: the message is what is there)
}

}  // namespace

// DNS over TCP and OpenFlow (tshark's tcp_dissect_pdus): the region's last
// message (layer `last`) continues after the segment: store it. When it is
// the segment's only message, the segment shows TCP's info and "[TCP
// segment of a reassembled PDU]" (a Middle); else the whole messages
// before it show, and the open one does not.
void TcpReassembler::start_pdu(DecodedPacket& d, int tcp, int last, const Key& k, uint32_t seq, uint32_t from,
                               uint32_t len, const Registry& reg, bool heuristics) {
  Proto proto = d.layers[last].proto == Proto::Dns ? Proto::Dns : Proto::Openflow;  // (a slot is a call's)
  uint32_t end = from + len, at = d.layers[last].offset;
  if (at < from || at >= end || (at == from && len < 2)) return;  // (one byte alone: a keep-alive)
  // Messages past the decoder's layer limit were not decoded: their
  // headers lead to the open one.
  uint32_t need = 0;
  bool shown = true;  // the open message is the last layer
  for (;;) {
    need = pdu_length(proto, d.data() + at, end - at);  // 0: the fixed part itself is split
    if (!need || need > end - at) break;
    at += need;
    if (at >= end) return;  // all whole
    shown = false;
  }
  const uint8_t* p = d.data() + at;
  if (!open(d, k, proto, need, p, end - at, seq + (at - from), seq + len)) return;
  if (!shown) return;
  if (d.tcp_reasm.kind == Kind::None && at == from) {
    d.tcp_reasm.kind = Kind::Middle;
    d.tcp_reasm.layer = int8_t(tcp);
    redecode_packet(reg, d, heuristics);
    return;
  }
  // The open message is not shown (nor its "cut" anomaly, the last one);
  // when it would begin tshark's second call, that call shows nothing
  // (not even OpenFlow's step).
  if (d.nanomalies && (std::strncmp(d.anomalies[d.nanomalies - 1], "truncated_dns", 13) == 0 ||
                       std::strcmp(d.anomalies[d.nanomalies - 1], "truncated_openflow") == 0))
    --d.nanomalies;
  int cut = last;
  if (d.layers[cut - 1].proto == Proto::Openflow && cut - 1 > tcp + 1) --cut;
  if (d.tcp_reasm.second >= cut) d.tcp_reasm.second = -1;
  d.nlayers = uint8_t(cut);
}

// The packet's TCP segment with data (not quoted in an ICMP error, not a
// fragment's) and its direction's key.
bool TcpReassembler::segment(const DecodedPacket& d, int& tcp, Key& k) {
  int ip = -1;
  tcp = -1;
  for (int i = 0; i < d.nlayers && tcp < 0; ++i) {
    Proto p = d.layers[i].proto;
    if (p == Proto::Icmp || p == Proto::Icmpv6) return false;  // a quoted segment
    if (p == Proto::Ipv4 || p == Proto::Ipv6) ip = i;
    if (p == Proto::Tcp) tcp = i;
  }
  if (tcp < 0 || ip < 0) return false;
  const Layer& T = d.layers[tcp];
  const TcpFields& f = T.as<TcpFields>();
  if (T.truncated || !f.seg_known || T.hdr_len < 20 || T.hdr_len != f.hdr_len) return false;
  if (f.payload_len == 0 || (f.flags & 0x06)) return false;  // no data, or SYN/RST
  k = {};
  const Layer& I = d.layers[ip];
  if (I.proto == Proto::Ipv4) {
    const auto& v = I.as<Ipv4Fields>();
    if (v.version != 4) return false;
    std::memcpy(k.src, v.src, 4);
    std::memcpy(k.dst, v.dst, 4);
  } else {
    const auto& v = I.as<Ipv6Fields>();
    std::memcpy(k.src, v.src, 16);
    std::memcpy(k.dst, v.dst, 16);
    k.v6 = true;
  }
  k.sport = f.sport;
  k.dport = f.dport;
  return true;
}

void TcpReassembler::after_tracker(DecodedPacket& d) {
  auto& r = d.tcp_reasm;
  if (r.kind != Kind::Start && !(r.kind == Kind::Complete && r.proto == Proto::Tls)) return;
  if (r.layer + 1 < d.nlayers && d.layers[r.layer + 1].proto == Proto::Tls) return;
  // The connection's earlier segments made it another protocol (an HTTP
  // body that looks like TLS): no record was started.
  int tcp;
  Key k;
  if (used_ && segment(d, tcp, k))
    if (Slot* s = find(k)) {
      s->used = false;
      --used_;
      ++abandoned_;
    }
  if (r.kind == Kind::Start) r = {};
  r.second = -1;  // (the layers are the tracker's now)
}

void TcpReassembler::openflow_connection(const Registry& reg, DecodedPacket& d, int tcp, const Key& k) {
  if (d.nlayers <= tcp + 1) return;
  Proto above = d.layers[tcp + 1].proto;
  auto same_conn = [&](const Key& a) {
    return a.v6 == k.v6 && (same_key(a, k) || (a.sport == k.dport && a.dport == k.sport &&
                                                  !std::memcmp(a.src, k.dst, 16) && !std::memcmp(a.dst, k.src, 16)));
  };
  int found = -1;
  for (int i = 0; i < kOfConns && found < 0; ++i)
    if (of_used_[i] && same_conn(of_conns_[i])) found = i;
  if (above == Proto::Openflow && (k.dport == 6633 || k.dport == 6634) && found < 0) {
    of_conns_[of_next_] = k;
    of_used_[of_next_] = true;
    of_next_ = (of_next_ + 1) % kOfConns;
  } else if (above == Proto::Data && found >= 0) {
    decode_payload_as(reg, d, tcp, Proto::Openflow);
  }
}

void TcpReassembler::process(const Registry& reg, DecodedPacket& d, bool heuristics) {
  if (!enabled()) return;
  int tcp;
  Key k;
  if (!segment(d, tcp, k)) return;
  openflow_connection(reg, d, tcp, k);
  const Layer& T = d.layers[tcp];
  const TcpFields& f = T.as<TcpFields>();
  uint32_t seg_len = f.payload_len;
  uint32_t payload_off = T.offset + T.hdr_len;
  bool whole = uint64_t(payload_off) + seg_len <= d.caplen();
  if (http_ && d.nlayers > tcp + 1 && d.layers[tcp + 1].proto == Proto::Http && seg_len >= 5 &&
      payload_off + 5 <= d.caplen() && std::memcmp(d.data() + payload_off, "HEAD ", 5) == 0) {
    // A HEAD request: its response (the other direction) has no body.
    Key r = k;
    std::memcpy(r.src, k.dst, 16);
    std::memcpy(r.dst, k.src, 16);
    r.sport = k.dport;
    r.dport = k.sport;
    heads_[head_next_] = r;
    head_used_[head_next_] = true;
    head_next_ = (head_next_ + 1) % kHeads;
  }
  Slot* s = used_ ? find(k) : nullptr;
  bool one_more = s && s->need == 0;  // the length is not known: this whole segment, then ask again
  uint32_t take_n = !s || one_more || s->need - s->have >= seg_len ? seg_len : s->need - s->have;
  if (s && whole && !s->hole && f.seq == s->next_seq && s->nframes < kMaxSegments && grow(*s, s->have + take_n)) {
    std::memcpy(s->data.get() + s->have, d.data() + payload_off, take_n);
    s->have += take_n;
    s->frames[s->nframes++] = uint32_t(d.number);
    s->next_seq = f.seq + seg_len;
    s->last_use = ++clock_;
    Kind piece = Kind::Middle;
    if (one_more && (s->proto == Proto::Dns || s->proto == Proto::Openflow)) {
      // The length is whole now: a message longer than what came goes on.
      uint32_t full = pdu_length(s->proto, s->data.get(), s->have);
      s->need = full;
      if (full && full < s->have) {  // more than the message came: the rest follows it
        take_n -= s->have - full;
        s->have = full;
      }
    } else if (one_more && s->proto == Proto::Tls) {
      // The header is whole now: a record longer than what came continues
      // (the same reassembly, all its frames kept); else decode all of it.
      uint32_t full = s->have >= 5 ? 5u + load_be16(s->data.get() + 3) : 0;
      bool recall = full > s->have && full <= kMaxRecord;
      s->need = recall ? full : s->have;
      if (recall) piece = Kind::Recall;
    } else if (one_more) {
      // HTTP asks again over all it has: whole (and what of this segment
      // follows it is the rest), its length known now, or still not.
      uint32_t whole_len = 0, need = 0, before = s->have - take_n;
      if (!http_message_extent(s->data.get(), s->have, whole_len, need) || need > kMaxHttp ||
          (!whole_len && !need && s->nframes >= kMaxAsks)) {
        // A body to the end of the connection, one too long, or asked too
        // often: the message is what came (its headers are not lost).
        whole_len = s->have;
        need = 0;
      }
      if (whole_len) {
        if (whole_len <= before) whole_len = s->have;  // (cannot be: it was not whole before)
        take_n -= s->have - whole_len;
        s->have = s->need = whole_len;
      } else {
        s->need = need;
        piece = Kind::Held;
      }
    }
    if (s->have < s->need || s->need == 0) {  // a piece: TCP only
      d.tcp_reasm.kind = piece;
      d.tcp_reasm.layer = int8_t(tcp);
      if (piece == Kind::Held) {
        d.tcp_reasm.note = s->note;
        d.tcp_reasm.note_len = s->note_len;
      }
      redecode_packet(reg, d, heuristics);
      return;
    }
    // The record is whole: the frame's headers, the record, the rest.
    uint32_t rest = seg_len - take_n;
    uint32_t n = payload_off + s->need + rest;
    if (n > frame_cap_) {
      frame_cap_ = n > 2 * kMaxRecord ? (n + 0xffffu) & ~0xffffu : 2 * kMaxRecord;
      frame_ = std::make_unique<uint8_t[]>(frame_cap_);
      if (!frames_) frames_ = std::make_unique<uint32_t[]>(kMaxSegments);
    }
    std::memcpy(frame_.get(), d.data(), payload_off);
    std::memcpy(frame_.get() + payload_off, s->data.get(), s->need);
    std::memcpy(frame_.get() + payload_off + s->need, d.data() + payload_off + take_n, rest);
    std::memcpy(frames_.get(), s->frames.get(), s->nframes * sizeof(uint32_t));
    auto& r = d.tcp_reasm;
    r = {};
    r.kind = Kind::Complete;
    r.layer = int8_t(tcp);
    r.seg_len = seg_len;
    r.total = s->need + rest;
    r.pdu_offset = payload_off;
    r.pdu_len = s->need;
    r.frames = frames_.get();
    r.nframes = s->nframes;
    r.proto = s->proto;
    release(s, false);
    ++completed_;
    const uint8_t* own = d.buf;  // null, or a reassembled IP datagram's buffer
    uint32_t own_len = d.buflen;
    d.buf = frame_.get();
    d.buflen = n;
    redecode_packet(reg, d, heuristics);
    if (d.nlayers <= tcp + 1 || d.layers[tcp].proto != Proto::Tcp || d.layers[tcp + 1].proto != r.proto) {
      // (cannot happen: the same headers decode the same way) the segment on its own
      d.buf = own;
      d.buflen = own_len;
      d.tcp_reasm = {};
      redecode_packet(reg, d, heuristics);
      return;
    }
    // The first layer decoded from the rest: tshark's second call.
    for (int i = tcp + 2; rest && i < d.nlayers && r.second < 0; ++i)
      if (d.layers[i].offset >= payload_off + r.pdu_len) r.second = int8_t(i);
    // A record the rest (or, after a split header, what was decoded) leaves
    // open starts the next reassembly.
    if (one_more && r.proto == Proto::Tls) start(d, tcp, k, f.seq + seg_len - r.total, payload_off, r.total, reg, heuristics);
    else if (rest) start(d, tcp, k, f.seq + seg_len - rest, payload_off + r.pdu_len, rest, reg, heuristics);
    return;
  }
  if (s) {
    auto mark = [&](Kind kind) {
      s->last_use = ++clock_;
      d.tcp_reasm.kind = kind;
      d.tcp_reasm.layer = int8_t(tcp);
      redecode_packet(reg, d, heuristics);
    };
    int32_t from_start = int32_t(f.seq - s->start_seq);
    // A piece taken already (a retransmission, also of the segment that
    // started the record): TCP only.
    if (whole && int32_t(f.seq + seg_len - s->start_seq) > 0 && int32_t(f.seq + seg_len - s->next_seq) <= 0)
      return mark(Kind::Repeat);
    // After a gap, inside the record: a piece of a record that cannot complete.
    if (whole && s->need && s->nframes < kMaxSegments && int32_t(f.seq - s->next_seq) >= 0 &&
        uint32_t(from_start) + seg_len <= s->need) {
      s->hole = true;
      s->next_seq = f.seq + seg_len;
      return mark(Kind::Middle);
    }
    release(s, true);  // anything else ends the record
  }
  if (whole) start(d, tcp, k, f.seq, payload_off, seg_len, reg, heuristics);
}

}  // namespace weir
