// Registry storage and the decode loop.
#include <cstring>

#include "protocols.hpp"
#include "weir/decode.hpp"

namespace weir {

Registry::Registry() {
  std::memset(tables_, 0, sizeof tables_);
  for (size_t i = 0; i < kProtoCount; ++i) protos_[i].id = Proto(i);
}

void Registry::add_proto(const ProtoDef& def) { protos_[size_t(def.id)] = def; }

void Registry::add_dispatch(Table t, uint32_t key, Proto p) {
  if (key < 65536) tables_[size_t(t)][key] = uint8_t(p);
}

void Registry::add_field(const FieldDef& f) {
  if (nfields_ >= kMaxFields) return;
  fields_[nfields_++] = f;
  size_t p = size_t(f.proto);
  if (nby_proto_[p] < kMaxProtoFields) by_proto_[p][nby_proto_[p]++] = &fields_[nfields_ - 1];
}

const FieldDef* Registry::field(std::string_view name) const {
  for (size_t i = 0; i < nfields_; ++i)
    if (name == fields_[i].name) return &fields_[i];
  return nullptr;
}

size_t Registry::fields_of(Proto p, const FieldDef* const*& out) const {
  out = by_proto_[size_t(p)];
  return nby_proto_[size_t(p)];
}

const FieldDef* Registry::all_fields(size_t& n) const {
  n = nfields_;
  return fields_;
}

const Registry& Registry::builtin() {
  static const Registry* reg = [] {
    auto* r = new Registry();
    register_builtin_protocols(*r);
    return r;
  }();
  return *reg;
}

namespace {

void add_anomaly(DecodedPacket& out, const char* name) {
  if (out.nanomalies < DecodedPacket::kMaxAnomalies) out.anomalies[out.nanomalies++] = name;
}

}  // namespace

namespace {

// Decodes protocol p at `off` (avail bytes captured, claimed on the wire)
// and whatever follows it, appending layers to `out`.
void decode_chain(const Registry& reg, DecodedPacket& out, Proto p, uint32_t off, uint32_t avail,
                  uint32_t claimed, bool heuristics = true) {
  const uint8_t* data = out.data();
  // What the parent would try after p, should p decline the bytes.
  Proto alt = Proto::None;
  Proto (*alt_heuristic)(const uint8_t*, uint32_t) = nullptr;
  // Chains a layer asked for after its own (DecodeResult::resume).
  DecodeResult::Resume pending[DecodeResult::kMaxResume];
  int npending = 0, next_pending = 0;
  for (;;) {
  while (p != Proto::None) {
    const ProtoDef& def = reg.proto(p);
    if (!def.decode) break;
    if (out.nlayers >= DecodedPacket::kMaxLayers) {
      add_anomaly(out, "decode_depth_exceeded");
      return;
    }
    Layer& layer = out.layers[out.nlayers];
    layer.proto = p;
    layer.truncated = 0;
    layer.stream = -1;
    layer.offset = off;
    layer.hdr_len = 0;
    layer.payload_len = 0;
    DecodeInput in{data, off, avail, claimed, &out, int(out.nlayers)};
    DecodeResult res;
    def.decode(in, layer, res);
    if (res.declined) {  // not this protocol's bytes: the next candidate in this slot
      p = alt;
      alt = Proto::None;
      if (p == Proto::None && alt_heuristic && heuristics) p = alt_heuristic(data + off, avail);
      alt_heuristic = nullptr;
      if (p == Proto::None) p = Proto::Data;
      continue;
    }
    ++out.nlayers;
    for (int i = 0; i < res.nresume && npending < DecodeResult::kMaxResume; ++i) pending[npending++] = res.resume[i];
    // (A resumed chain is a sample, cut by design: no anomaly of its own.)
    if (res.anomaly && next_pending == 0) add_anomaly(out, res.anomaly);
    if (res.stop) break;

    uint32_t hdr = layer.hdr_len <= avail ? layer.hdr_len : avail;
    uint32_t rest = avail - hdr;
    // Below a reassembled datagram or TCP record (an IPv6 header before its
    // fragment header, the IP header under TCP, a tunnel's outer headers)
    // every payload runs to the buffer's end.
    if (out.buf && rest > layer.payload_len) {
      int below = out.tcp_reasm.kind == DecodedPacket::TcpReasm::Complete ? out.tcp_reasm.layer : out.defrag.layer;
      if (out.quic.tls_len && out.tcp_reasm.kind != DecodedPacket::TcpReasm::Complete && out.quic.udp_layer + 1 > below)
        below = out.quic.udp_layer + 1;
      if (out.nlayers - 1 < below) layer.payload_len = rest;
    }
    uint32_t next_avail = layer.payload_len < rest ? layer.payload_len : rest;
    if (next_avail == 0) break;

    Proto np = res.next_proto;
    alt = Proto::None;
    alt_heuristic = nullptr;
    if (np == Proto::None && res.next != Table::None) {
      np = reg.lookup(res.next, res.key1);
      Proto second = res.has_key2 ? reg.lookup(res.next, res.key2) : Proto::None;
      if (np == Proto::None) np = second;
      else if (second != np) alt = second;
      if (np != Proto::None) alt_heuristic = res.heuristic;
    }
    if (np == Proto::None && res.heuristic && heuristics) np = res.heuristic(data + off + hdr, next_avail);
    if (np == Proto::None) np = Proto::Data;
    off += hdr;
    claimed = layer.payload_len;
    avail = next_avail;
    p = np;
  }
  // The next chain a layer asked for.
  if (next_pending == npending) return;
  const DecodeResult::Resume& r = pending[next_pending++];
  uint32_t cap = out.caplen();
  p = r.off < cap ? r.p : Proto::None;
  off = r.off;
  avail = r.off < cap ? (r.len < cap - r.off ? r.len : cap - r.off) : 0;
  claimed = r.claimed > avail ? r.claimed : avail;
  alt = Proto::None;
  alt_heuristic = nullptr;
  }
}

}  // namespace

void decode_packet(const Registry& reg, const PacketView& pkt, DecodedPacket& out, bool heuristics) {
  out.pkt = &pkt;
  out.defrag = {};
  out.tcp_reasm = {};
  out.quic = {};
  out.buf = nullptr;
  out.buf_is_frame = false;
  out.buflen = 0;
  redecode_packet(reg, out, heuristics);
}

void redecode_packet(const Registry& reg, DecodedPacket& out, bool heuristics) {
  const PacketView& pkt = *out.pkt;
  out.nlayers = 0;
  out.nanomalies = 0;
  out.undecoded_link = false;
  out.tls_version = 0;
  out.ssh_kex = 0;
  out.ssh_v2 = false;
  out.arp_dup_frame = 0;
  out.arp_dup_info = false;
  out.sctp_bases = 0;
  out.afs_state = 0;

  Proto p = reg.lookup(Table::LinkType, pkt.linktype);
  if (p == Proto::None) {
    out.undecoded_link = true;
    p = Proto::Data;
  }
  uint32_t cap = out.caplen();
  uint32_t claimed = (out.buf && !out.buf_is_frame) || pkt.origlen < cap ? cap : pkt.origlen;
  decode_chain(reg, out, p, 0, cap, claimed, heuristics);
}

bool decode_payload_as(const Registry& reg, DecodedPacket& out, int layer, Proto p) {
  if (layer < 0 || layer + 1 >= out.nlayers) return false;
  const Layer& l = out.layers[layer];
  uint32_t start = out.layers[layer + 1].offset;
  if (start > out.caplen()) return false;
  uint32_t avail = out.caplen() - start < l.payload_len ? out.caplen() - start : l.payload_len;
  out.nlayers = uint8_t(layer + 1);
  decode_chain(reg, out, p, start, avail, l.payload_len);
  return true;
}

}  // namespace weir
