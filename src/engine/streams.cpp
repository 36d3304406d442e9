#include "engine/streams.hpp"

#include <cstring>

#include "weir/layers.hpp"

namespace weir {

bool StreamTracker::Key::operator==(const Key& o) const {
  return proto == o.proto && alen == o.alen && port[0] == o.port[0] && port[1] == o.port[1] &&
         std::memcmp(addr, o.addr, sizeof addr) == 0;
}

uint64_t StreamTracker::hash(const Key& k) {
  // Multiply-xorshift over the key's 8-byte words (the key has no padding).
  static_assert(sizeof(Key) == 38, "Key layout");
  const auto* p = reinterpret_cast<const uint8_t*>(&k);
  uint64_t h = 0x9E3779B97F4A7C15ull;
  for (size_t i = 0; i + 8 <= sizeof k; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, p + (sizeof k / 8) * 8, sizeof k % 8);
  h = (h ^ tail) * 0x94D049BB133111EBull;
  return h ^ (h >> 29);
}

void StreamTracker::grow() {
  std::vector<Entry> old;
  old.swap(table_);
  table_.assign(old.empty() ? 1024 : old.size() * 2, Entry{});
  size_t mask = table_.size() - 1;
  for (Entry& e : old) {
    if (!e.used) continue;
    size_t i = hash(e.key) & mask;
    while (table_[i].used) i = (i + 1) & mask;
    table_[i] = e;
  }
}

StreamTracker::Entry* StreamTracker::find_or_add(const Key& k, bool& added) {
  added = false;
  if (table_.empty()) grow();
  size_t mask = table_.size() - 1;
  for (size_t i = hash(k) & mask;; i = (i + 1) & mask) {
    Entry& e = table_[i];
    if (!e.used) break;
    if (e.key == k) return &e;
  }
  if (used_ >= kMaxEntries) {
    ++untracked_;
    return nullptr;
  }
  if ((used_ + 1) * 2 > table_.size()) {
    grow();
    mask = table_.size() - 1;
  }
  size_t i = hash(k) & mask;
  while (table_[i].used) i = (i + 1) & mask;
  Entry& e = table_[i];
  e = Entry{};
  e.key = k;
  e.used = true;
  ++used_;
  added = true;
  return &e;
}

namespace {
// Sequence-number comparisons modulo 2^32 (Wireshark's GT_SEQ and friends).
inline bool gt_seq(uint32_t a, uint32_t b) { return int32_t(a - b) > 0; }
inline bool lt_seq(uint32_t a, uint32_t b) { return int32_t(a - b) < 0; }
inline bool le_seq(uint32_t a, uint32_t b) { return int32_t(a - b) <= 0; }
constexpr uint16_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10;
}  // namespace

StreamTracker::Conv& StreamTracker::conv(Entry& e) {
  if (e.an == UINT32_MAX) {
    e.an = uint32_t(conv_.size());
    conv_.emplace_back();
  }
  return conv_[e.an];
}

void StreamTracker::free_segs(Flow& f) {
  while (f.segs != -1) {
    int32_t n = segs_[size_t(f.segs)].next;
    segs_[size_t(f.segs)].next = free_seg_;
    free_seg_ = f.segs;
    f.segs = n;
  }
  f.seg_count = 0;
}

void StreamTracker::reset_conv(Conv& c) {
  free_segs(c.f[0]);
  free_segs(c.f[1]);
  c = Conv{};
}

int32_t StreamTracker::new_seg() {
  if (free_seg_ != -1) {
    int32_t i = free_seg_;
    free_seg_ = segs_[size_t(i)].next;
    return i;
  }
  if (segs_.size() >= kMaxSegs) return -1;
  segs_.emplace_back();  // the pool grows (amortised), then segments are reused
  return int32_t(segs_.size() - 1);
}

// Wireshark 4.0's tcp_analyze_sequence_number(), rule by rule in its order,
// for a segment whose length is known; bases are already set.
void StreamTracker::analyse(const DecodedPacket& d, const TcpFields& t, Conv& c, int dir, const Entry& e,
                            TcpAnalysis& ta, bool& have) {
  Flow& fwd = c.f[dir];
  Flow& rev = c.f[1 - dir];
  const uint32_t seq = t.seq, ack = t.ack, seglen = t.payload_len, window = t.window;
  const uint16_t fl = t.flags;
  const uint32_t frame = uint32_t(d.number);
  const int64_t now = d.pkt->ts_ns;
  const bool synfin = fl & (kSyn | kFin), sfr = fl & (kSyn | kFin | kRst);
  auto mark = [&](uint32_t f) {
    ta.flags |= f;
    have = true;
  };
  if (fl & kAck) rev.valid_bif = true;

  bool finished_fwd = false;
  // Zero window probe: one byte at the next sequence number into a zero window.
  if (seglen == 1 && seq == fwd.nextseq && rev.window == 0) {
    mark(TcpAnalysis::ZeroWindowProbe);
    finished_fwd = true;
  }
  if (!finished_fwd) {
    if (window == 0 && !sfr) mark(TcpAnalysis::ZeroWindow);
    // A hole before this segment (not checked on RST).
    if (fwd.nextseq && gt_seq(seq, fwd.nextseq) && !(fl & kRst)) {
      mark(TcpAnalysis::LostSegment);
      fwd.valid_bif = false;  // until the other side acknowledges again
    }
    if (seglen <= 1 && seq == fwd.nextseq - 1 && !sfr) mark(TcpAnalysis::KeepAlive);
    bool same = seglen == 0 && seq == fwd.nextseq && ack == fwd.lastack && !sfr;
    if (same && window && window != fwd.window) mark(TcpAnalysis::WindowUpdate);
    int8_t rs = e.win_scale[1 - dir];
    if (seglen > 0 && rs != -1 && !sfr &&
        seq + seglen == rev.lastack + (rev.window << (rs == -2 ? 0 : rs)))
      mark(TcpAnalysis::WindowFull);
    if (same && window && window == fwd.window && (rev.lastsegmentflags & TcpAnalysis::KeepAlive)) {
      mark(TcpAnalysis::KeepAliveAck);
      finished_fwd = true;
    } else if (same && window == 0 && window == fwd.window && (rev.lastsegmentflags & TcpAnalysis::ZeroWindowProbe)) {
      mark(TcpAnalysis::ZeroWindowProbeAck);
      finished_fwd = true;
    } else if (same && window && window == fwd.window) {
      fwd.dupacknum = fwd.dupacknum == -1 ? 1 : fwd.dupacknum + 1;
      mark(TcpAnalysis::DuplicateAck);
      ta.dupack_num = uint32_t(fwd.dupacknum);
      ta.dupack_frame = fwd.lastnondupack;
    }
  }
  // finished_fwd:
  if (ack != fwd.lastack) {
    fwd.lastnondupack = frame;
    fwd.dupacknum = 0;
  }
  // Acknowledges what was never seen going the other way.
  if (rev.maxseqtobeacked && gt_seq(ack, rev.maxseqtobeacked) && (fl & kAck)) {
    mark(TcpAnalysis::AckLostSegment);
    rev.maxseqtobeacked = rev.nextseq;  // not again for the same hole
  }
  // Retransmission, fast retransmission, spurious retransmission, out of order.
  if (seglen > 0 || synfin) {
    bool not_advanced = fwd.nextseq && lt_seq(seq, fwd.nextseq);
    if (!(ta.flags & TcpAnalysis::KeepAlive)) {
      if (seglen > 1 && fwd.nextseq - 1 == seq) not_advanced = false;
      if (seglen > 0 && rev.lastack && le_seq(seq + seglen, rev.lastack)) {
        mark(TcpAnalysis::SpuriousRetransmission);
      } else if (not_advanced && rev.dupacknum >= 2 && rev.lastack == seq &&
                 uint64_t(now - rev.lastacktime) < 20000000u) {
        mark(TcpAnalysis::FastRetransmission);  // tcp.fastrt_supersedes_ooo: before out-of-order
      } else if (not_advanced && uint64_t(now - fwd.nextseqtime) < uint64_t(c.first_rtt ? c.first_rtt : 3000000) &&
                 fwd.nextseq != seq + seglen + (synfin ? 1 : 0)) {
        mark(TcpAnalysis::OutOfOrder);
      } else if (not_advanced) {
        mark(TcpAnalysis::Retransmission);
        ta.rto_ns = ts_diff(now, fwd.nextseqtime);
        ta.rto_frame = fwd.nextseqframe;
        for (int32_t i = fwd.segs; i != -1; i = segs_[size_t(i)].next) {  // the oldest unacknowledged one
          ta.rto_ns = ts_diff(now, segs_[size_t(i)].ts);
          ta.rto_frame = segs_[size_t(i)].frame;
        }
      }
    }
  }
  uint32_t nextseq = seq + seglen;
  int32_t i = (seglen || synfin) && fwd.seg_count < kMaxUnacked ? new_seg() : -1;
  if (i != -1) {
    if (synfin) nextseq += 1;
    Seg& u = segs_[size_t(i)];
    u.frame = frame;
    u.seq = seq;
    u.nextseq = nextseq;
    u.ts = now;
    u.next = fwd.segs;
    fwd.segs = i;
    ++fwd.seg_count;
  }
  bool zwp = ta.flags & TcpAnalysis::ZeroWindowProbe;
  if ((gt_seq(nextseq, fwd.nextseq) || !fwd.nextseq) && !zwp) {
    fwd.nextseq = nextseq;
    fwd.nextseqframe = frame;
    fwd.nextseqtime = now;
  }
  if ((seq == fwd.maxseqtobeacked || !fwd.maxseqtobeacked) && !zwp) fwd.maxseqtobeacked = fwd.nextseq;
  fwd.window = window;
  fwd.lastack = ack;
  fwd.lastacktime = now;
  fwd.lastsegmentflags = ta.flags;
  // Drop what this acknowledges from the other direction's list.
  int32_t prev = -1;
  for (int32_t i = rev.segs; i != -1;) {
    Seg& u = segs_[size_t(i)];
    if (ack == u.nextseq) {
      have = true;
      ta.acks_frame = u.frame;
      ta.ack_rtt_ns = ts_diff(now, u.ts);
    } else if (gt_seq(ack, u.seq) && le_seq(ack, u.nextseq)) {
      u.seq = ack;  // partly acknowledged (then kept: ack < nextseq)
      continue;
    } else if (gt_seq(u.nextseq, ack)) {
      prev = i;
      i = u.next;
      continue;
    }
    int32_t nx = u.next;
    if (prev == -1) rev.segs = nx;
    else segs_[size_t(prev)].next = nx;
    u.next = free_seg_;
    free_seg_ = i;
    --rev.seg_count;
    i = nx;
  }
  // Bytes in flight (Wireshark's default: from the payloads of the
  // unacknowledged segments), less the other side's last SACK blocks.
  if (seglen != 0 && fwd.segs != -1 && fwd.valid_bif) {
    const Seg& h = segs_[size_t(fwd.segs)];
    uint32_t base = e.base[dir];
    uint32_t first = h.seq - base, last = h.nextseq - base;
    for (int32_t i = fwd.segs; i != -1; i = segs_[size_t(i)].next) {
      const Seg& u = segs_[size_t(i)];
      if (u.nextseq - base > last) last = u.nextseq - base;
      if (u.seq - base < first) first = u.seq - base;
    }
    uint32_t in_flight = last - first;
    uint32_t delivered = 0;
    for (int k = 0; k < rev.num_sack; ++k) delivered += rev.sack_r[k + 1] - rev.sack_l[k + 1];
    in_flight -= delivered;
    if (in_flight > 0 && in_flight < 2000000000u) {
      have = true;
      ta.bytes_in_flight = in_flight - (synfin ? 1 : 0);
    }
    if (fl & kPsh) {
      fwd.push_bytes_sent = fwd.push_set_last ? seglen : fwd.push_bytes_sent + seglen;
      fwd.push_set_last = true;
    } else if (fwd.push_set_last) {
      fwd.push_bytes_sent = seglen;
      fwd.push_set_last = false;
    } else {
      fwd.push_bytes_sent += seglen;
    }
    have = true;
    ta.push_bytes_sent = fwd.push_bytes_sent;
  }
}

// What the options do to the analysis: the SACK blocks of this segment
// (Wireshark keeps up to three, from index 1) for the other side's
// bytes-in-flight.
void StreamTracker::take_options(const DecodedPacket& d, const Layer& L, const TcpFields& t, Conv& c, int dir,
                                 const Entry&) {
  if (t.hdr_len <= 20 || !t.nsack) return;
  uint32_t start = L.offset + 20;
  if (start >= d.caplen()) return;
  uint32_t n = t.hdr_len - 20u;
  if (n > d.caplen() - start) n = d.caplen() - start;
  ByteCursor o(d.data() + start, n);
  Flow& f = c.f[dir];
  for (int guard = 0; guard < 40 && !o.empty(); ++guard) {
    uint8_t kind = 0, len = 0;
    o.u8(kind);
    if (kind == 0) break;
    if (kind == 1) continue;
    if (!o.u8(len) || len < 2 || !o.can_read(size_t(len) - 2)) break;
    ByteCursor v = o.sub(size_t(len) - 2);
    o.skip(size_t(len) - 2);
    if (kind != 5) continue;
    uint32_t count = 0, l = 0, r = 0;
    while (v.be32(l) && v.be32(r)) {
      ++count;
      if (count < 4) {
        f.num_sack = uint8_t(count);
        f.sack_l[count] = l;
        f.sack_r[count] = r;
      }
    }
  }
}

// ICMP echo: a request is remembered by (address pair, identifier,
// sequence number, checksum); a later reply with the same ones names it, as tshark's one pass does ("(request in N)", icmp.resp_to,
// icmp.resptime). A fixed table: a request whose slot a later one takes is
// forgotten.
void StreamTracker::match_echo(DecodedPacket& d, int l, const Layer& ipl) {
  const auto& f = d.layers[l].as<IcmpFields>();
  if (!f.has_rest || (f.type != 8 && f.type != 0) || d.layers[l].truncated) return;
  d.icmp_layer = int8_t(l);
  const auto& ip = ipl.as<Ipv4Fields>();
  EchoKey k;  // the address pair unordered, as tshark's conversation
  bool lo = std::memcmp(ip.src, ip.dst, 4) <= 0;
  std::memcpy(k.addr[0], lo ? ip.src : ip.dst, 4);
  std::memcpy(k.addr[1], lo ? ip.dst : ip.src, 4);
  k.ident = f.ident;
  k.seq = f.seq;
  // tshark also keys on the checksum, a reply's turned into its request's
  // (type 0 instead of 8: the one's-complement sum differs by 0x0800), so a
  // reply with other data does not match.
  k.cksum = f.checksum;
  if (f.type == 0) {
    uint32_t sum = uint32_t(uint16_t(~f.checksum)) + 0x0800u;
    sum = (sum & 0xffff) + (sum >> 16);
    k.cksum = uint16_t(~sum);
  }
  uint64_t h = 0;
  std::memcpy(&h, k.addr, 8);
  h = (h ^ (uint64_t(k.cksum) << 32 | uint64_t(k.ident) << 16 | k.seq)) * 0x9E3779B97F4A7C15ull;
  EchoSlot& slot = echo_[(h >> 40) % kEchoSlots];
  if (f.type == 8) {
    slot.key = k;
    slot.frame = uint32_t(d.number);
    slot.ts = d.pkt->ts_ns;
  } else if (slot.frame && slot.frame < d.number && !std::memcmp(&slot.key, &k, sizeof k)) {
    d.icmp_request_in = slot.frame;
    d.icmp_resptime_ns = ts_diff(d.pkt->ts_ns, slot.ts);
  }
}

// SSH: the key exchange method the connection's two KEXINITs agree on,
// which names messages 30-34, and whether the client's version line said
// SSH 2 (Wireshark's per-connection state).
void StreamTracker::ssh_state(DecodedPacket& d, int l, Entry& e) {
  d.ssh_v2 = e.ssh_v2;  // the column shows the state at the start of the segment
  bool v2 = e.ssh_v2;
  for (int i = l + 1; i < d.nlayers && d.layers[i].proto == Proto::Ssh; ++i) v2 = v2 || ssh_announces_v2(d, d.layers[i]);
  if (!v2) ssh_as_encrypted(d, l + 1);
  for (int i = l + 1; i < d.nlayers && d.layers[i].proto == Proto::Ssh; ++i) {
    if (ssh_announces_v2(d, d.layers[i])) e.ssh_v2 = true;
    bool client;
    std::string_view list;
    if (!ssh_kexinit(d, d.layers[i], client, list)) continue;
    SshPending* other = nullptr;
    for (auto& p : ssh_pending_)
      if (p.conv == e.index) other = &p;
    if (other && other->client != client) {
      std::string_view o(other->list, other->len);
      e.ssh_kex = client ? ssh_negotiate(list, o) : ssh_negotiate(o, list);
      other->conv = UINT32_MAX;
      continue;
    }
    if (!other)
      for (auto& q : ssh_pending_)
        if (q.conv == UINT32_MAX) {
          other = &q;  // a free slot first; else the oldest is reused
          break;
        }
    SshPending& p = other ? *other : ssh_pending_[ssh_next_++ % kSshPending];
    p.conv = e.index;
    p.client = client;
    p.len = uint16_t(list.size() < sizeof p.list ? list.size() : sizeof p.list);
    std::memcpy(p.list, list.data(), p.len);
  }
  d.ssh_kex = e.ssh_kex;
}

// Wireshark keeps a connection on the dissector a heuristic once chose (TLS,
// HTTP on other ports): a later segment whose payload was left as data is
// decoded as that protocol. It also keeps the TLS version the ServerHello
// selected, which the protocol column shows.
void StreamTracker::app_layer(DecodedPacket& d, int l, Entry& e) {
  if (l + 1 >= d.nlayers) return;
  Proto above = d.layers[l + 1].proto;
  if (above == Proto::Ssh) return ssh_state(d, l, e);
  if (above == Proto::Data && e.app) {
    decode_payload_as(*reg_, d, l, Proto(e.app));
  } else if (above == Proto::Tls && e.app == uint8_t(Proto::Http)) {
    decode_payload_as(*reg_, d, l, Proto::Http);  // an HTTP connection's binary body stays HTTP
  } else if (above == Proto::Tls || above == Proto::Http || above == Proto::Openflow) {
    e.app = uint8_t(above);  // (a request on a TLS connection is HTTP, as in tshark)
  }
  if (d.layers[l + 1].proto != Proto::Tls) return;
  int last = l + 1;
  while (last + 1 < d.nlayers && d.layers[last + 1].proto == Proto::Tls) ++last;
  if (uint16_t v = tls_selected_version(d.layers[last])) e.tls_version = v;
  d.tls_version = e.tls_version;
}

// Wireshark's duplicate IP address detection for ARP: an address seen
// again with the MAC it had refreshes its frame and time; seen with another
// MAC, the packet reports the earlier frame (and the table keeps the first
// MAC). Only Ethernet/IPv4 requests and replies; a sender (and, except in
// requests, a target) whose MAC is unicast and not zero and whose address
// is not 0.0.0.0.
bool StreamTracker::arp_check(DecodedPacket& d, const uint8_t* mac, const uint8_t* ip) {
  static const uint8_t kZero[6] = {};
  uint32_t a = load_be32(ip);
  if ((mac[0] & 1) || !std::memcmp(mac, kZero, 6) || a == 0) return false;
  if (arp_.empty()) arp_.resize(kArpSlots);  // once, on the first ARP packet
  size_t i = (a * 2654435761u) & (kArpSlots - 1);
  while (arp_[i].ip && arp_[i].ip != a) i = (i + 1) & (kArpSlots - 1);
  ArpSlot& s = arp_[i];
  int64_t secs = floor_seconds(d.pkt->ts_ns);
  if (!s.ip) {
    if (arp_used_ >= kArpSlots / 2) return false;
    ++arp_used_;
    s.ip = a;
    std::memcpy(s.mac, mac, 6);
    s.frame = uint32_t(d.number);
    s.secs = secs;
    return false;
  }
  if (d.number <= s.frame) return false;
  if (!std::memcmp(s.mac, mac, 6)) {
    s.frame = uint32_t(d.number);
    s.secs = secs;
    return false;
  }
  if (!d.arp_dup_frame) {  // (a second report in one packet is not kept)
    d.arp_dup_frame = s.frame;
    d.arp_dup_secs = uint32_t(ts_diff(secs, s.secs));
    std::memcpy(d.arp_dup_ip, ip, 4);
  }
  return true;
}

void StreamTracker::arp_state(DecodedPacket& d, const Layer& l) {
  const auto& f = l.as<ArpFields>();
  if ((f.opcode != 1 && f.opcode != 2) || !f.sha_off || !f.tpa_off) return;
  if (!((f.htype == 1 || f.htype == 2 || f.htype == 6) && f.hlen == 6)) return;
  if (!((f.ptype == 0x0800 || f.ptype == 0xcc) && f.plen == 4)) return;
  if (f.tpa_off + 4 > d.caplen()) return;
  const uint8_t* p = d.data();
  bool dup = arp_check(d, p + f.sha_off, p + f.spa_off);
  // A gratuitous reply names one address twice: reported once. The info
  // shows the result of the last check (tshark's).
  if (f.opcode != 1 && !(dup && !std::memcmp(p + f.spa_off, p + f.tpa_off, 4)))
    dup = arp_check(d, p + f.tha_off, p + f.tpa_off);
  d.arp_dup_info = dup;
}

// SCTP's relative TSNs (Wireshark's default): each direction's base is the
// initial TSN of its INIT or INIT ACK, else the first DATA chunk's TSN it
// sent; a SACK acknowledges the other direction's TSNs. A new INIT of the
// same ports starts over.
void StreamTracker::sctp_state(DecodedPacket& d, const Layer& L, Entry& e, int dir) {
  const uint8_t* p = d.data() + L.offset;
  uint32_t end = L.as<SctpFields>().end;
  for (uint32_t at = 12; at + 4 <= end;) {
    uint8_t type = p[at];
    uint16_t len = load_be16(p + at + 2);
    if ((type == 1 || type == 2) && len >= 20 && at + 20 <= end) {
      if (type == 1) e.base_set = 0;
      e.base[dir] = load_be32(p + at + 16);
      e.base_set |= uint8_t(1u << dir);
    } else if (type == 0 && len >= 8 && at + 8 <= end && !(e.base_set >> dir & 1)) {
      e.base[dir] = load_be32(p + at + 4);
      e.base_set |= uint8_t(1u << dir);
    }
    if (len < 4) break;
    at += (len + 3u) & ~3u;
  }
  d.sctp_bases = uint8_t((e.base_set >> dir & 1) | (e.base_set >> (1 - dir) & 1) << 1);
  d.sctp_tsn_base = e.base[dir];
  d.sctp_ack_base = e.base[1 - dir];
}

void StreamTracker::annotate(DecodedPacket& d) {
  d.tcp_analysis_layer = -1;
  d.icmp_request_in = 0;
  d.icmp_layer = -1;
  d.arp_dup_frame = 0;
  d.arp_dup_info = false;
  d.sctp_bases = 0;
  d.afs_state = 0;
  int ip = -1;  // the nearest IP layer below
  for (int l = 0; l < d.nlayers; ++l) {
    Layer& L = d.layers[l];
    L.stream = -1;
    switch (L.proto) {
      case Proto::Ipv4:
      case Proto::Ipv6:
        ip = l;
        continue;
      case Proto::Icmp:
        if (d.icmp_layer < 0 && ip >= 0 && d.layers[ip].proto == Proto::Ipv4) match_echo(d, l, d.layers[ip]);
        continue;  // a quoted header counts like any other (decoders mark it)
      case Proto::Icmpv6:
        continue;
      case Proto::Arp:
        if (!d.arp_dup_frame) arp_state(d, L);
        continue;
      case Proto::Tcp:
      case Proto::Udp:
      case Proto::Sctp:
        break;
      default:
        continue;
    }
    bool tcp = L.proto == Proto::Tcp, sctp = L.proto == Proto::Sctp;
    if (ip < 0) continue;
    if (sctp ? L.truncated : tcp ? !L.as<TcpFields>().has_fixed : (L.truncated && L.hdr_len < 8u)) continue;
    Key k;
    k.proto = tcp ? 6 : sctp ? 132 : 17;
    uint16_t sport, dport;
    if (tcp) {
      const auto& t = L.as<TcpFields>();
      sport = t.sport;
      dport = t.dport;
    } else if (sctp) {
      sport = L.as<SctpFields>().sport;
      dport = L.as<SctpFields>().dport;
    } else {
      const auto& u = L.as<UdpFields>();
      // A length below 8 (not an IPv6 jumbogram's 0) ends Wireshark's UDP
      // dissection before the conversation is looked up.
      if (u.length < 8 && !(u.length == 0 && d.layers[ip].proto == Proto::Ipv6)) continue;
      sport = u.sport;
      dport = u.dport;
    }
    const uint8_t *src, *dst;
    if (d.layers[ip].proto == Proto::Ipv4) {
      const auto& h = d.layers[ip].as<Ipv4Fields>();
      src = h.src;
      dst = h.dst;
      k.alen = 4;
    } else {
      const auto& h = d.layers[ip].as<Ipv6Fields>();
      src = h.src;
      dst = h.dst;
      k.alen = 16;
    }
    // Canonical order: the lower (address, port) endpoint first.
    int c = std::memcmp(src, dst, k.alen);
    int dir = c > 0 || (c == 0 && sport > dport) ? 1 : 0;
    std::memcpy(k.addr[dir], src, k.alen);
    std::memcpy(k.addr[1 - dir], dst, k.alen);
    k.port[dir] = sport;
    k.port[1 - dir] = dport;
    bool added;
    Entry* e = find_or_add(k, added);
    if (!e) continue;
    if (sctp) {
      sctp_state(d, L, *e, dir);
      continue;  // (no stream index: Wireshark numbers SCTP associations apart)
    }
    int proto_slot = tcp ? 0 : 1;
    if (added) e->index = next_[proto_slot]++;
    if (tcp) {
      // Wireshark's order: conversation and port reuse; then, for a segment
      // whose length it knows, the relative-number bases and the sequence
      // analysis; the window scale in effect; then the options (a
      // window-scale option on any segment, even one quoted in an ICMP
      // error, sets its direction's shift; SACK blocks) and, on a SYN whose
      // options were all captured, the scaling check.
      auto& t = L.as<TcpFields>();
      bool syn = t.flags & 0x02, ack = t.flags & 0x10;
      int rev = 1 - dir;
      bool base_dir = e->base_set >> dir & 1;
      TcpAnalysis ta{};
      bool have_ta = false;
      Conv* cv = analysis_ ? &conv(*e) : nullptr;
      if (!added && syn && !ack && base_dir && t.seq != e->base[dir]) {
        e->index = next_[0]++;  // the ports were reused: a new conversation
        e->base_set = 0;
        e->win_scale[0] = e->win_scale[1] = -1;
        e->app = 0;
        e->tls_version = 0;
        e->ssh_kex = 0;
        e->ssh_v2 = false;
        if (cv) reset_conv(*cv);
        ta.flags |= TcpAnalysis::ReusedPorts;
        have_ta = true;
      } else if (syn && ack && base_dir && t.seq != e->base[dir]) {
        e->base[dir] = t.seq;  // a SYN-ACK with a new ISN moves the base
        ta.flags |= TcpAnalysis::ReusedPorts;
        have_ta = true;
      }
      if (cv) cv->f[dir].num_sack = 0;
      if (t.seg_known) {
        if (!(e->base_set >> dir & 1)) {
          e->base[dir] = syn ? t.seq : t.seq - 1;
          e->base_set |= uint8_t(1u << dir);
        }
        if (ack && !(e->base_set >> rev & 1)) {
          e->base[rev] = t.ack - 1;
          e->base_set |= uint8_t(1u << rev);
        }
        if (cv) analyse(d, t, *cv, dir, *e, ta, have_ta);
        t.rel_seq = t.seq - e->base[dir];
        t.has_rel_seq = true;
        if (ack) {
          t.rel_ack = t.ack - e->base[rev];
          t.has_rel_ack = true;
        }
      }
      t.win_scale = e->win_scale[dir];
      t.has_win_scale = true;
      if (cv && t.hdr_len >= 20) {  // the handshake's round-trip time
        if (syn && !ack) cv->mru_syn = d.pkt->ts_ns;
        else if (ack && !syn && cv->mru_syn && !cv->first_rtt) cv->first_rtt = ts_diff(d.pkt->ts_ns, cv->mru_syn);
      }
      if (t.wscale >= 0) e->win_scale[dir] = int8_t(t.wscale > 14 ? 14 : t.wscale);
      if (cv) take_options(d, L, t, *cv, dir, *e);
      if (syn && t.opts_whole) {
        if (e->win_scale[dir] == -1) {
          e->win_scale[dir] = e->win_scale[rev] = -2;
        } else if (ack && e->win_scale[rev] == -2) {
          e->win_scale[dir] = -2;
        }
      }
      // tshark shows the analysis after the options: not for a header cut
      // short, with a bogus length, or whose options the capture cut.
      if (have_ta && cv && t.opts_whole) {
        ta.initial_rtt_ns = cv->first_rtt;
        d.tcp_analysis = ta;
        d.tcp_analysis_layer = int8_t(l);
      }
      app_layer(d, l, *e);
    }
    L.stream = int32_t(e->index);
    if (l + 1 < d.nlayers && d.layers[l + 1].proto == Proto::Rx) afs_state(d, d.layers[l + 1], e->index);
  }
}

// AFS: a request (client-initiated DATA packet) not seen before records its
// operation, its first 4 bytes; a reply takes its request's, and names its
// frame and the time since. A reply whose request was not seen has
// operation 0, as in tshark.
void StreamTracker::afs_state(DecodedPacket& d, const Layer& rx, uint32_t conv) {
  if (rx.hdr_len < 28) return;
  const uint8_t* p = d.data() + rx.offset;
  if (p[20] != 1) return;  // DATA packets only
  if (afs_.empty()) afs_.resize(kAfsSlots);
  bool reply = !(p[21] & 1);
  AfsSlot k;
  k.conv = conv;
  k.epoch = load_be32(p);
  k.cid = load_be32(p + 4);
  k.call = load_be32(p + 8);
  k.service = load_be16(p + 26);
  uint64_t h = (uint64_t(conv) << 32 ^ k.epoch ^ uint64_t(k.cid) << 16 ^ k.call ^ uint64_t(k.service) << 48) *
               0x9E3779B97F4A7C15ull;
  size_t first = size_t(h >> 40) % kAfsSlots, victim = first;
  AfsSlot* hit = nullptr;
  for (size_t i = 0; i < kAfsProbe; ++i) {
    AfsSlot& s = afs_[(first + i) % kAfsSlots];
    if (s.conv == k.conv && s.epoch == k.epoch && s.cid == k.cid && s.call == k.call && s.service == k.service) {
      hit = &s;
      break;
    }
    if (s.conv == UINT32_MAX) {
      victim = (first + i) % kAfsSlots;
      break;
    }
    if (s.frame < afs_[victim].frame) victim = (first + i) % kAfsSlots;
  }
  d.afs_req_frame = 0;
  d.afs_time_ns = 0;
  if (hit) {
    d.afs_state = 1;
    d.afs_opcode = hit->opcode;
    if (reply) {
      d.afs_req_frame = hit->frame;
      d.afs_time_ns = ts_diff(d.pkt->ts_ns, hit->ts);
    }
    return;
  }
  if (reply) {
    d.afs_state = 1;
    d.afs_opcode = 0;
    return;
  }
  uint32_t start = rx.offset + 28;
  uint32_t have = start < d.caplen() ? d.caplen() - start : 0;
  if (have < 4 || rx.payload_len < 4) {
    d.afs_state = 2;  // tshark's read of the operation fails: nothing recorded
    return;
  }
  k.opcode = load_be32(p + 28);
  k.frame = uint32_t(d.number);
  k.ts = d.pkt->ts_ns;
  afs_[victim] = k;
  d.afs_state = 1;
  d.afs_opcode = k.opcode;
}

}  // namespace weir
