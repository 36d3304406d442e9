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

void StreamTracker::annotate(DecodedPacket& d) {
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
      case Proto::Icmpv6:
        continue;  // a quoted header counts like any other (decoders mark it)
      case Proto::Tcp:
      case Proto::Udp:
        break;
      default:
        continue;
    }
    bool tcp = L.proto == Proto::Tcp;
    if (ip < 0) continue;
    if (tcp ? !L.as<TcpFields>().has_fixed : (L.truncated && L.hdr_len < 8u)) continue;
    Key k;
    k.proto = tcp ? 6 : 17;
    uint16_t sport, dport;
    if (tcp) {
      const auto& t = L.as<TcpFields>();
      sport = t.sport;
      dport = t.dport;
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
    int proto_slot = tcp ? 0 : 1;
    if (added) e->index = next_[proto_slot]++;
    if (tcp) {
      // Wireshark's order: conversation and port reuse; then, for a segment
      // whose length it knows, the relative-number bases; the window scale
      // in effect; then the options (a window-scale option on any segment,
      // even one quoted in an ICMP error, sets its direction's shift) and,
      // on a SYN whose options were all captured, the scaling check.
      auto& t = L.as<TcpFields>();
      bool syn = t.flags & 0x02, ack = t.flags & 0x10;
      int rev = 1 - dir;
      bool base_dir = e->base_set >> dir & 1;
      if (!added && syn && !ack && base_dir && t.seq != e->base[dir]) {
        e->index = next_[0]++;  // the ports were reused: a new conversation
        e->base_set = 0;
        e->win_scale[0] = e->win_scale[1] = -1;
      } else if (syn && ack && base_dir && t.seq != e->base[dir]) {
        e->base[dir] = t.seq;  // a SYN-ACK with a new ISN moves the base
      }
      if (t.seg_known) {
        if (!(e->base_set >> dir & 1)) {
          e->base[dir] = syn ? t.seq : t.seq - 1;
          e->base_set |= uint8_t(1u << dir);
        }
        if (ack && !(e->base_set >> rev & 1)) {
          e->base[rev] = t.ack - 1;
          e->base_set |= uint8_t(1u << rev);
        }
        t.rel_seq = t.seq - e->base[dir];
        t.has_rel_seq = true;
        if (ack) {
          t.rel_ack = t.ack - e->base[rev];
          t.has_rel_ack = true;
        }
      }
      t.win_scale = e->win_scale[dir];
      t.has_win_scale = true;
      if (t.wscale >= 0) e->win_scale[dir] = int8_t(t.wscale > 14 ? 14 : t.wscale);
      if (syn && t.opts_whole) {
        if (e->win_scale[dir] == -1) {
          e->win_scale[dir] = e->win_scale[rev] = -2;
        } else if (ack && e->win_scale[rev] == -2) {
          e->win_scale[dir] = -2;
        }
      }
    }
    L.stream = int32_t(e->index);
  }
}

}  // namespace weir
