// sFlow (UDP port 6343) as tshark 4.0 shows it: the datagram header of
// versions 2, 4 and 5, and for version 5 its samples: flow samples and
// expanded flow samples with their records (raw packet headers, extended
// switch and router data), counters samples and expanded counters samples
// (generic interface, Ethernet, VLAN and processor counters). A raw packet
// header of Ethernet, IPv4 or IPv6 is decoded as a frame of its own after
// the sFlow layer (DecodeResult::resume), and, as
// tshark's sFlow dissector makes the columns unwritable first, leaves the
// protocol, info and address columns sFlow's (Printer). Version 2 and 4
// samples are not decoded (tshark's are; none in the corpus).
//
// One difference kept on purpose: a record of a standard format weir does
// not know is skipped by its length; tshark 4.0 reads its data as the next
// record.
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

struct SflowFields {
  uint32_t len;  // the datagram's bytes captured
};

// What the walk reports (offsets relative to the datagram).
struct Event {
  enum Kind : uint8_t { Header, Sample, FlowSample, CountersSample, Record } kind;
  uint32_t at = 0;      // where its fixed part starts
  uint32_t len = 0;     // its (clipped) length
  uint32_t type = 0;    // Sample: the data format word; Record: the record's format word
  bool expanded = false;
  bool in_flow = false;  // Record: of a flow sample (else counters)
};

// The datagram's header: version, agent, and where the samples start.
struct Head {
  uint32_t version = 0, agent_type = 0, agent = 0;  // agent: offset of the address
  bool sub = false;                                  // version 5: sub-agent ID present
  uint32_t after = 0;                                // end of the fields present
  int fields = 0;                                    // header words present after the agent
};

Head head(const uint8_t* p, uint32_t len) {
  Head h;
  if (len < 8) return h;
  h.version = load_be32(p);
  h.agent_type = load_be32(p + 4);
  uint32_t alen = h.agent_type == 1 ? 4 : h.agent_type == 2 ? 16 : 0;
  h.agent = 8;
  if (!alen || len < 8 + alen) {
    h.after = 8;
    return h;
  }
  h.sub = h.version == 5;
  uint32_t o = 8 + alen;
  int want = h.sub ? 4 : 3;  // [sub-agent,] sequence, uptime, samples
  while (h.fields < want && len - o >= 4) {
    o += 4;
    ++h.fields;
  }
  h.after = o;
  return h;
}

// Walks a version 5 datagram's samples and records.
template <class F>
void walk(const uint8_t* p, uint32_t len, F&& fn) {
  Head h = head(p, len);
  if (h.version != 5 || h.fields < 4) return;
  uint32_t n = load_be32(p + h.after - 4);
  uint32_t o = h.after;
  for (uint32_t s = 0; s < n && len - o >= 8; ++s) {
    uint32_t type = load_be32(p + o), slen = load_be32(p + o + 4);
    uint32_t body = o + 8;
    uint32_t end = slen > len - body ? len : body + slen;
    fn(Event{Event::Sample, body, end - body, type, false, false});
    uint32_t fmt = type & 0xfff, ent = type >> 12;
    bool flow = ent == 0 && (fmt == 1 || fmt == 3), counters = ent == 0 && (fmt == 2 || fmt == 4);
    bool expanded = fmt == 3 || fmt == 4;
    if (flow || counters) {
      uint32_t fixed = flow ? (expanded ? 44 : 32) : (expanded ? 16 : 12);
      if (end - body < fixed) {
        fn(Event{flow ? Event::FlowSample : Event::CountersSample, body, end - body, type, expanded, flow});
      } else {
        fn(Event{flow ? Event::FlowSample : Event::CountersSample, body, fixed, type, expanded, flow});
        uint32_t nrec = load_be32(p + body + fixed - 4);
        uint32_t r = body + fixed;
        for (uint32_t i = 0; i < nrec && end - r >= 8; ++i) {
          uint32_t rfmt = load_be32(p + r), rlen = load_be32(p + r + 4);
          uint32_t rb = r + 8;
          uint32_t rend = rlen > end - rb ? end : rb + rlen;
          fn(Event{Event::Record, rb, rend - rb, rfmt, expanded, flow});
          if (rlen > end - rb) break;
          r = rb + ((rlen + 3u) & ~3u) > end ? end : rb + ((rlen + 3u) & ~3u);
        }
      }
    }
    if (slen > len - body) break;
    o = body + slen;
  }
}

// A raw packet header record's sampled frame: protocol, offset, length.
bool sampled(const uint8_t* p, const Event& e, Proto& proto, uint32_t& off, uint32_t& n) {
  if (e.kind != Event::Record || !e.in_flow || e.type != 1 || e.len < 16) return false;
  uint32_t hp = load_be32(p + e.at), hl = load_be32(p + e.at + 12);
  proto = hp == 1 ? Proto::Eth : hp == 11 ? Proto::Ipv4 : hp == 12 ? Proto::Ipv6 : Proto::Data;
  off = e.at + 16;
  n = hl < e.len - 16 ? hl : e.len - 16;
  return true;
}

// The sampled header's bytes with their padding to 4 (within the record),
// as tshark shows them.
uint32_t padded(const Event& e, uint32_t off, uint32_t n) {
  uint32_t m = (n + 3u) & ~3u;
  return m > e.at + e.len - off ? e.at + e.len - off : m;
}

void decode_sflow(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<SflowFields>();
  f.len = in.avail;
  layer.hdr_len = in.avail;
  res.stop = true;
  const uint8_t* p = in.frame + in.offset;
  if (in.avail < 4) return du::truncated(in, layer, res, "truncated_sflow");
  // The sampled frames, each a chain of its own after this layer.
  // tshark's sub-tvb: the header's bytes with their padding to 4 bytes,
  // and on the wire everything to the datagram's end.
  uint32_t total = in.claimed > in.avail ? in.claimed : in.avail;
  walk(p, in.avail, [&](const Event& e) {
    Proto pr;
    uint32_t off, n;
    if (!sampled(p, e, pr, off, n) || n == 0 || res.nresume == DecodeResult::kMaxResume) return;
    res.resume[res.nresume++] = {pr, in.offset + off, padded(e, off, n), total - off};
  });
}

void info_sflow(const FieldCtx& c, TextOut& o) {
  const uint8_t* p = c.pkt.data() + c.layer->offset;
  uint32_t len = c.layer->as<SflowFields>().len;
  if (len < 4) return;
  Head h = head(p, len);
  du::Text t;
  t.s("V").d(load_be32(p));
  if (len >= 8 + (h.agent_type == 2 ? 16u : 4u) && (h.agent_type == 1 || h.agent_type == 2)) {
    char a[64];
    size_t n = h.agent_type == 1 ? fmt::ipv4(a, p + 8) : fmt::ipv6(a, p + 8);
    t.s(", agent ").s(std::string_view(a, n));
    uint32_t o = 8 + (h.agent_type == 1 ? 4 : 16);
    int k = 0;
    if (h.sub && k < h.fields) t.s(", sub-agent ID ").d(load_be32(p + o + 4 * k++));
    if (k < h.fields) t.s(", seq ").d(load_be32(p + o + 4 * k++));
    if (k < h.fields) ++k;  // uptime
    if (k < h.fields) t.s(", ").d(load_be32(p + o + 4 * k)).s(" samples");
  }
  t.to(o);
}

struct Ctx {
  const uint8_t* p;
  uint32_t len;
  explicit Ctx(const FieldCtx& c) : p(c.pkt.data() + c.layer->offset), len(c.layer->as<SflowFields>().len) {}
};

// The header's word k after the agent address (0: sub-agent or sequence).
bool head_word(const Ctx& x, const char* which, uint32_t& v) {
  Head h = head(x.p, x.len);
  if (h.agent_type != 1 && h.agent_type != 2) return false;
  uint32_t o = 8 + (h.agent_type == 1 ? 4 : 16);
  int idx;
  std::string_view w(which);
  if (w == "sub") {
    if (!h.sub) return false;
    idx = 0;
  } else {
    idx = (w == "seq" ? 0 : w == "uptime" ? 1 : 2) + (h.sub ? 1 : 0);
  }
  if (idx >= h.fields) return false;
  v = load_be32(x.p + o + 4 * uint32_t(idx));
  return true;
}

#define SF_HEAD(NAME, WHICH)                                            \
  r.add_field({NAME, Proto::Sflow, [](const FieldCtx& c, FieldOut& o) { \
                 uint32_t v;                                            \
                 if (head_word(Ctx(c), WHICH, v)) du::dec(o, v);        \
               }})
// A field of events of one kind: BODY sees x (Ctx), e (Event), o.
#define SF_EVENT(NAME, ...)                                             \
  r.add_field({NAME, Proto::Sflow, [](const FieldCtx& c, FieldOut& o) { \
                 Ctx x(c);                                              \
                 walk(x.p, x.len, [&](const Event& e) { __VA_ARGS__ }); \
               }})
// A 32-bit (or 64-bit) word at offset OFF of a record of format FMT in a
// flow (FLOW true) or counters sample.
#define SF_REC32(NAME, FLOW, FMT, OFF)                                                          \
  SF_EVENT(NAME, if (e.kind == Event::Record && e.in_flow == FLOW && e.type == FMT && e.len >= OFF + 4) \
                   du::dec(o, load_be32(x.p + e.at + OFF));)
#define SF_REC64(NAME, FLOW, FMT, OFF)                                                          \
  SF_EVENT(NAME, if (e.kind == Event::Record && e.in_flow == FLOW && e.type == FMT && e.len >= OFF + 8) \
                   du::dec(o, load_be64(x.p + e.at + OFF));)
// A word of a flow or counters sample's fixed part: at OFF in a sample, at
// XOFF in an expanded one (-1: none there).
#define SF_SAMPLE32(NAME, KIND, OFF, XOFF)                                               \
  SF_EVENT(NAME, if (e.kind == Event::KIND) {                                           \
    int at = e.expanded ? XOFF : OFF;                                                   \
    if (at >= 0 && e.len >= uint32_t(at) + 4) du::dec(o, load_be32(x.p + e.at + uint32_t(at))); \
  })

}  // namespace

void register_sflow(Registry& r) {
  r.add_proto({Proto::Sflow, "sflow", "sFlow", decode_sflow, info_sflow});
  r.add_dispatch(Table::UdpPort, 6343, Proto::Sflow);

  r.add_field({"sflow_245.version", Proto::Sflow, [](const FieldCtx& c, FieldOut& o) {
                 Ctx x(c);
                 if (x.len >= 4) du::dec(o, load_be32(x.p));
               }});
  r.add_field({"sflow_245.agenttype", Proto::Sflow, [](const FieldCtx& c, FieldOut& o) {
                 Ctx x(c);
                 if (x.len >= 8) du::dec(o, load_be32(x.p + 4));
               }});
  r.add_field({"sflow_245.agent", Proto::Sflow, [](const FieldCtx& c, FieldOut& o) {
                 Ctx x(c);
                 char a[32];
                 if (x.len >= 12 && load_be32(x.p + 4) == 1) o.value(std::string_view(a, fmt::ipv4(a, x.p + 8)));
               }});
  r.add_field({"sflow_245.agent.v6", Proto::Sflow, [](const FieldCtx& c, FieldOut& o) {
                 Ctx x(c);
                 char a[64];
                 if (x.len >= 24 && load_be32(x.p + 4) == 2) o.value(std::string_view(a, fmt::ipv6(a, x.p + 8)));
               }});
  SF_HEAD("sflow_245.sub_agent_id", "sub");
  SF_HEAD("sflow_245.sequence_number", "seq");
  SF_HEAD("sflow_245.sysuptime", "uptime");
  SF_HEAD("sflow_245.numsamples", "samples");

  SF_EVENT("sflow_245.sampletype", if (e.kind == Event::Sample) du::dec(o, e.type & 0xfff););
  SF_EVENT("sflow.enterprise", if (e.kind == Event::Sample || e.kind == Event::Record) du::dec(o, e.type >> 12););
  SF_EVENT("sflow_5.sample_length", if (e.kind == Event::Sample) du::dec(o, load_be32(x.p + e.at - 4)););

  // Flow samples (expanded ones have a type and an index of their own).
  SF_SAMPLE32("sflow.flow_sample.sequence_number", FlowSample, 0, 0);
  SF_SAMPLE32("sflow.flow_sample.sampling_rate", FlowSample, 8, 12);
  SF_SAMPLE32("sflow.flow_sample.sample_pool", FlowSample, 12, 16);
  SF_SAMPLE32("sflow.flow_sample.dropped_packets", FlowSample, 16, 20);
  SF_SAMPLE32("sflow.flow_sample.input_interface", FlowSample, 20, -1);
  SF_SAMPLE32("sflow.flow_sample.flow_record", FlowSample, 28, 40);
  SF_EVENT("sflow.flow_sample.source_id_class",
           if (e.kind == Event::FlowSample && !e.expanded && e.len >= 8) du::dec(o, x.p[e.at + 4]););
  SF_EVENT("sflow.flow_sample.index",
           if (e.kind == Event::FlowSample && !e.expanded && e.len >= 8) du::dec(o, load_be32(x.p + e.at + 4) & 0xffffff););
  SF_EVENT("sflow.flow_sample.output_interface",
           if (e.kind == Event::FlowSample && !e.expanded && e.len >= 28) du::hex(o, load_be32(x.p + e.at + 24), 8););
  SF_EVENT("sflow.flow_sample.output_interface_format",
           if (e.kind == Event::FlowSample && !e.expanded && e.len >= 28) du::dec(o, x.p[e.at + 24] >> 6););
  SF_EVENT("sflow.flow_sample.output_interface_value",
           if (e.kind == Event::FlowSample && e.len >= (e.expanded ? 40u : 28u))
             du::dec(o, e.expanded ? load_be32(x.p + e.at + 36) : load_be32(x.p + e.at + 24) & 0x3fffffff););
  SF_SAMPLE32("sflow.flow_sample.source_id_type", FlowSample, -1, 4);
  SF_SAMPLE32("sflow.flow_sample.source_id_index", FlowSample, -1, 8);
  SF_SAMPLE32("sflow.flow_sample.input_interface_format", FlowSample, -1, 24);
  SF_SAMPLE32("sflow.flow_sample.input_interface_value", FlowSample, -1, 28);
  SF_SAMPLE32("sflow.flow_sample.output_interface.format", FlowSample, -1, 32);
  // Counters samples (both kinds name the source the same way).
  SF_SAMPLE32("sflow.counters_sample.sequence_number", CountersSample, 0, 0);
  SF_EVENT("sflow.counters_sample.source_id_type",
           if (e.kind == Event::CountersSample && e.len >= 8)
             du::dec(o, e.expanded ? load_be32(x.p + e.at + 4) : x.p[e.at + 4]););
  SF_EVENT("sflow.counters_sample.source_id_index",
           if (e.kind == Event::CountersSample && e.len >= (e.expanded ? 12u : 8u))
             du::dec(o, e.expanded ? load_be32(x.p + e.at + 8) : load_be32(x.p + e.at + 4) & 0xffffff););
  SF_SAMPLE32("sflow.counters_sample.counters_records", CountersSample, 8, 12);

  // Records.
  SF_EVENT("sflow_245.flow_record_format", if (e.kind == Event::Record && e.in_flow) du::dec(o, e.type & 0xfff););
  SF_EVENT("sflow_245.counters_record_format", if (e.kind == Event::Record && !e.in_flow) du::dec(o, e.type & 0xfff););
  SF_EVENT("sflow_5.flow_data_length", if (e.kind == Event::Record) du::dec(o, load_be32(x.p + e.at - 4)););
  SF_REC32("sflow_245.header_protocol", true, 1, 0);
  SF_REC32("sflow_245.header.frame_length", true, 1, 4);
  SF_REC32("sflow_245.header.payload_stripped", true, 1, 8);
  SF_REC32("sflow_245.header.sampled_header_length", true, 1, 12);
  SF_EVENT("sflow_245.header", {
    Proto pr;
    uint32_t off, n;
    if (sampled(x.p, e, pr, off, n) && n) du::hex_value(o, x.p + off, padded(e, off, n));
  });
  SF_REC32("sflow_245.vlan.in", true, 1001, 0);
  SF_REC32("sflow_245.pri.in", true, 1001, 4);
  SF_REC32("sflow_245.vlan.out", true, 1001, 8);
  SF_REC32("sflow_245.pri.out", true, 1001, 12);
  SF_EVENT("sflow_245.nexthop", if (e.kind == Event::Record && e.in_flow && e.type == 1002 && e.len >= 8 &&
                                    load_be32(x.p + e.at) == 1) {
    char a[32];
    o.value(std::string_view(a, fmt::ipv4(a, x.p + e.at + 4)));
  });
  SF_EVENT("sflow_245.nexthop.v6", if (e.kind == Event::Record && e.in_flow && e.type == 1002 && e.len >= 20 &&
                                       load_be32(x.p + e.at) == 2) {
    char a[64];
    o.value(std::string_view(a, fmt::ipv6(a, x.p + e.at + 4)));
  });
  SF_EVENT("sflow_245.nexthop.src_mask", if (e.kind == Event::Record && e.in_flow && e.type == 1002 && e.len >= 4) {
    uint32_t at = load_be32(x.p + e.at) == 2 ? 20 : 8;
    if (e.len >= at + 4) du::dec(o, load_be32(x.p + e.at + at));
  });
  SF_EVENT("sflow_245.nexthop.dst_mask", if (e.kind == Event::Record && e.in_flow && e.type == 1002 && e.len >= 4) {
    uint32_t at = load_be32(x.p + e.at) == 2 ? 24 : 12;
    if (e.len >= at + 4) du::dec(o, load_be32(x.p + e.at + at));
  });
  // Generic interface counters (format 1).
  SF_REC32("sflow_245.ifindex", false, 1, 0);
  SF_REC32("sflow_245.iftype", false, 1, 4);
  SF_REC64("sflow_245.ifspeed", false, 1, 8);
  SF_REC32("sflow_245.ifdirection", false, 1, 16);
  SF_EVENT("sflow_245.ifadmin_status", if (e.kind == Event::Record && !e.in_flow && e.type == 1 && e.len >= 24)
                                          du::dec(o, load_be32(x.p + e.at + 20) & 1););
  SF_EVENT("sflow_245.ifoper_status", if (e.kind == Event::Record && !e.in_flow && e.type == 1 && e.len >= 24)
                                         du::dec(o, (load_be32(x.p + e.at + 20) >> 1) & 1););
  SF_REC64("sflow_245.ifinoct", false, 1, 24);
  SF_REC32("sflow_245.ifinpkt", false, 1, 32);
  SF_REC32("sflow_245.ifinmcast", false, 1, 36);
  SF_REC32("sflow_245.ifinbcast", false, 1, 40);
  SF_REC32("sflow_245.ifindisc", false, 1, 44);
  SF_REC32("sflow_245.ifinerr", false, 1, 48);
  SF_REC32("sflow_245.ifinunk", false, 1, 52);
  SF_REC64("sflow_245.ifoutoct", false, 1, 56);
  SF_REC32("sflow_245.ifoutpkt", false, 1, 64);
  SF_REC32("sflow_245.ifoutmcast", false, 1, 68);
  SF_REC32("sflow_245.ifoutbcast", false, 1, 72);
  SF_REC32("sflow_245.ifoutdisc", false, 1, 76);
  SF_REC32("sflow_245.ifouterr", false, 1, 80);
  SF_REC32("sflow_245.ifpromisc", false, 1, 84);
  // Ethernet interface counters (format 2).
  SF_REC32("sflow_245.dot3StatsAlignmentErrors", false, 2, 0);
  SF_REC32("sflow_245.dot3StatsFCSErrors", false, 2, 4);
  SF_REC32("sflow_245.dot3StatsSingleCollisionFrames", false, 2, 8);
  SF_REC32("sflow_245.dot3StatsMultipleCollisionFrames", false, 2, 12);
  SF_REC32("sflow_245.dot3StatsSQETestErrors", false, 2, 16);
  SF_REC32("sflow_245.dot3StatsDeferredTransmissions", false, 2, 20);
  SF_REC32("sflow_245.dot3StatsLateCollisions", false, 2, 24);
  SF_REC32("sflow_245.dot3StatsExcessiveCollisions", false, 2, 28);
  SF_REC32("sflow_245.dot3StatsInternalMacTransmitErrors", false, 2, 32);
  SF_REC32("sflow_245.dot3StatsCarrierSenseErrors", false, 2, 36);
  SF_REC32("sflow_245.dot3StatsFrameTooLongs", false, 2, 40);
  SF_REC32("sflow_245.dot3StatsInternalMacReceiveErrors", false, 2, 44);
  SF_REC32("sflow_245.dot3StatsSymbolErrors", false, 2, 48);
  // VLAN counters (format 5).
  SF_REC32("sflow_245.vlan_id", false, 5, 0);
  SF_REC64("sflow_245.octets", false, 5, 4);
  SF_REC32("sflow_245.ucastPkts", false, 5, 12);
  SF_REC32("sflow_245.multicastPkts", false, 5, 16);
  SF_REC32("sflow_245.broadcastPkts", false, 5, 20);
  SF_REC32("sflow_245.discards", false, 5, 24);
  // Processor information (format 1001).
  SF_REC32("sflow_5.cpu_5s", false, 1001, 0);
  SF_REC32("sflow_5.cpu_1m", false, 1001, 4);
  SF_REC32("sflow_5.cpu_5m", false, 1001, 8);
  SF_REC64("sflow_5.total_memory", false, 1001, 12);
  SF_REC64("sflow_5.free_memory", false, 1001, 20);
}

}  // namespace weir
