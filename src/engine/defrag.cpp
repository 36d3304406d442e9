#include "engine/defrag.hpp"

#include <cstring>

#include "weir/bytes.hpp"
#include "weir/layers.hpp"

namespace weir {

namespace {

bool same(const uint8_t* a, const uint8_t* b, size_t n) { return std::memcmp(a, b, n) == 0; }

}  // namespace

Defragmenter::Slot* Defragmenter::find_or_take(const Key& k) {
  if (!slots_) slots_ = std::make_unique<Slot[]>(kSlots);
  Slot* free_slot = nullptr;
  Slot* oldest = &slots_[0];
  for (int i = 0; i < kSlots; ++i) {
    Slot& s = slots_[i];
    if (!s.used) {
      if (!free_slot) free_slot = &s;
      continue;
    }
    const Key& o = s.key;
    if (o.v6 == k.v6 && o.id == k.id && o.proto == k.proto && same(o.src, k.src, 16) && same(o.dst, k.dst, 16))
      return &s;
    if (s.last_use < oldest->last_use || !oldest->used) oldest = &s;
  }
  Slot* s = free_slot ? free_slot : oldest;  // a new datagram: a free slot, else the least recently used
  s->used = true;
  s->key = k;
  s->total = 0;
  s->nfrags = 0;
  if (!s->data) s->data = std::make_unique<uint8_t[]>(kMaxDatagram);
  return s;
}

void Defragmenter::process(const Registry& reg, DecodedPacket& d, bool heuristics) {
  if (!enabled() || d.buf) return;
  // The first IP fragment outside an ICMP error.
  int at = -1, ip = -1;
  Key k{};
  uint32_t off = 0, len = 0, payload = 0;
  bool more = false;
  for (int i = 0; i < d.nlayers && at < 0; ++i) {
    const Layer& l = d.layers[i];
    if (l.proto == Proto::Icmp || l.proto == Proto::Icmpv6) return;
    if (l.proto == Proto::Ipv4 && v4_) {
      const auto& f = l.as<Ipv4Fields>();
      if (f.version != 4 || l.truncated || !(f.mf || f.frag_off)) continue;
      // tshark: a total length beyond the header, all of it captured.
      if (f.total_len <= f.ihl_bytes || l.hdr_len != f.ihl_bytes) continue;
      uint32_t n = f.total_len - f.ihl_bytes;
      if (l.payload_len != n || uint64_t(l.offset) + l.hdr_len + n > d.caplen()) continue;
      at = i;
      std::memcpy(k.src, f.src, 4);
      std::memcpy(k.dst, f.dst, 4);
      k.id = f.id;
      k.proto = f.proto;
      off = uint32_t(f.frag_off) * 8;
      len = n;
      more = f.mf;
      payload = l.offset + l.hdr_len;
    } else if (l.proto == Proto::Ipv6) {
      ip = i;
    } else if (l.proto == Proto::Ipv6Fragment && v6_ && ip >= 0 && !l.truncated && l.hdr_len == 8) {
      const uint8_t* h = d.data() + l.offset;
      uint16_t offmore = load_be16(h + 2);
      if (!(offmore & 0xfff9)) continue;  // offset 0 and no more fragments: not a fragment
      uint32_t end = l.offset + 8 + l.payload_len;
      if (l.payload_len == 0 || end > d.caplen()) continue;
      at = i;
      const auto& v = d.layers[ip].as<Ipv6Fields>();
      std::memcpy(k.src, v.src, 16);
      std::memcpy(k.dst, v.dst, 16);
      k.id = load_be32(h + 4);
      k.v6 = true;
      off = uint32_t(offmore & 0xfff8);
      len = l.payload_len;
      more = offmore & 1;
      payload = l.offset + 8;
    }
  }
  if (at < 0) return;
  if (uint64_t(off) + len > kMaxDatagram) return;  // cannot be stored: shown as it is
  Slot* s = find_or_take(k);
  if (s->nfrags >= kMaxFragments) return;
  s->last_use = ++clock_;
  ++stored_;
  // Insert by offset (after fragments at the same offset), copy the bytes.
  uint32_t pos = s->nfrags;
  while (pos > 0 && s->frags[pos - 1].offset > off) {
    s->frags[pos] = s->frags[pos - 1];
    --pos;
  }
  s->frags[pos] = {uint32_t(d.number), off, len};
  ++s->nfrags;
  std::memcpy(s->data.get() + off, d.data() + payload, len);
  if (!more) s->total = off + len;

  // Complete: the last fragment came and the fragments cover [0, total).
  bool complete = s->total != 0;
  uint32_t covered = 0;
  for (uint32_t i = 0; complete && i < s->nfrags && covered < s->total; ++i) {
    if (s->frags[i].offset > covered) complete = false;
    else if (s->frags[i].offset + s->frags[i].len > covered) covered = s->frags[i].offset + s->frags[i].len;
  }
  complete = complete && covered >= s->total;

  const Proto proto = d.layers[at].proto;
  if (!complete) {
    // Stored: the payload is data (only a first fragment showed more).
    if (at + 1 < d.nlayers && d.layers[at + 1].proto == Proto::Data) return;
    d.defrag = {};
    d.defrag.layer = int8_t(at);
    redecode_packet(reg, d, heuristics);
    return;
  }
  ++completed_;
  uint32_t total = s->total;
  if (frame_.size() < size_t(payload) + total) frame_.resize(size_t(payload) + total);
  std::memcpy(frame_.data(), d.data(), payload);
  std::memcpy(frame_.data() + payload, s->data.get(), total);
  for (uint32_t i = 0; i < s->nfrags; ++i) frames_[i] = s->frags[i].frame;
  d.defrag = {};
  d.defrag.layer = int8_t(at);
  d.defrag.complete = true;
  d.defrag.length = total;
  d.defrag.data_offset = payload;
  d.defrag.data = frame_.data() + payload;
  d.defrag.frames = frames_;
  d.defrag.nframes = s->nfrags;
  s->used = false;
  d.buf = frame_.data();
  d.buflen = payload + total;
  redecode_packet(reg, d, heuristics);
  if (d.nlayers <= at || d.layers[at].proto != proto) {  // cannot happen: the same bytes decode the same way
    d.defrag = {};
    d.buf = nullptr;
    d.buflen = 0;
    redecode_packet(reg, d, heuristics);
  }
}

}  // namespace weir
