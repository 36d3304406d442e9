// frame.* fields (from the PacketView, not a header) and the Data
// pseudo-protocol that takes whatever bytes no decoder claimed.
#include "protocols.hpp"
#include "weir/format.hpp"

namespace weir {
namespace {

void emit_len(const FieldCtx& c, FieldOut& o) { o.value(fmt::dec(c.pkt.pkt->origlen)); }
void emit_cap_len(const FieldCtx& c, FieldOut& o) { o.value(fmt::dec(c.pkt.pkt->caplen)); }
void emit_number(const FieldCtx& c, FieldOut& o) { o.value(fmt::dec(c.pkt.number)); }
void emit_time_epoch(const FieldCtx& c, FieldOut& o) {
  fmt::Buf b;
  int64_t ts = c.pkt.pkt->ts_ns;
  int64_t sec = floor_seconds(ts);
  uint64_t ns = uint64_t(ts_frac(ts));
  b.len = fmt::sdec(b.data, sec);
  b.data[b.len++] = '.';
  char tmp[24];
  size_t n = fmt::dec(tmp, ns);
  for (size_t i = n; i < 9; ++i) b.data[b.len++] = '0';
  for (size_t i = 0; i < n; ++i) b.data[b.len++] = tmp[i];
  o.value(b);
}
// tshark's frame.interface_*: only when the source names interfaces
// (pcapng, live); the name is "unknown" when the interface has none.
const InterfaceInfo* iface_of(const FieldCtx& c) {
  const PacketView& p = *c.pkt.pkt;
  if (!p.iface_known || !c.pkt.ifaces || p.iface >= c.pkt.ifaces->size()) return nullptr;
  return &(*c.pkt.ifaces)[p.iface];
}
void emit_iface_id(const FieldCtx& c, FieldOut& o) {
  if (c.pkt.pkt->iface_known) o.value(fmt::dec(c.pkt.pkt->iface));
}
void emit_iface_name(const FieldCtx& c, FieldOut& o) {
  if (const InterfaceInfo* i = iface_of(c)) o.value(i->name.empty() ? std::string_view("unknown") : i->name);
}
void emit_iface_description(const FieldCtx& c, FieldOut& o) {
  if (const InterfaceInfo* i = iface_of(c); i && !i->description.empty()) o.value(i->description);
}
void emit_data_len(const FieldCtx& c, FieldOut& o) { o.value(fmt::dec(c.layer->hdr_len)); }

}  // namespace

// Bytes nobody decoded; an HTTP body (data, or a media type's layer) ends
// where the next message of the segment starts.
void decode_data(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  uint32_t n = in.pkt ? http_body_len(*in.pkt, in.self - 1) : UINT32_MAX;
  layer.hdr_len = n < in.avail ? n : in.avail;
  layer.payload_len = in.avail - layer.hdr_len;
  res.stop = layer.payload_len == 0;
  if (!res.stop) res.next_proto = Proto::Http;
}

void register_frame(Registry& r) {
  r.add_proto({Proto::Frame, "frame", "Frame", nullptr, nullptr});
  r.add_proto({Proto::Data, "data", "Data", decode_data, nullptr});
  r.add_field({"frame.number", Proto::Frame, emit_number});
  r.add_field({"frame.len", Proto::Frame, emit_len});
  r.add_field({"frame.cap_len", Proto::Frame, emit_cap_len});
  r.add_field({"frame.time_epoch", Proto::Frame, emit_time_epoch});
  r.add_field({"frame.interface_id", Proto::Frame, emit_iface_id});
  r.add_field({"frame.interface_name", Proto::Frame, emit_iface_name});
  r.add_field({"frame.interface_description", Proto::Frame, emit_iface_description});
  r.add_field({"data.len", Proto::Data, emit_data_len});
}

}  // namespace weir
