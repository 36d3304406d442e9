// OpenFlow (TCP port 6653; and, as tshark's heuristic, any connection
// whose first decoded segment goes to port 6633, 6634 or 6653), as tshark
// 4.0 shows it: its "openflow" dissector splits a segment into messages
// (8-byte header: version, type, length, transaction ID) and hands each to
// the dissector of its version (1.0, 1.3, 1.4, 1.5: "openflow_v1",
// "openflow_v4", "openflow_v5", "openflow_v6"). Layers: one Openflow layer
// (no bytes of its own: tshark's "openflow" step) per dissector call, then
// one layer per message. The info is the last message's type (1.3 also
// names a multipart request's or reply's type); the Ethernet frame a
// PACKET_IN or PACKET_OUT carries is decoded when the message is the
// segment's last (its columns stay OpenFlow's). Messages over several
// segments are reassembled by the TcpReassembler (engine/tcp_reasm.hpp), as
// tshark's tcp_dissect_pdus. Not decoded: the bodies of the messages
// (matches, actions, statistics), versions 1.1 and 1.2 (tshark does not
// either), and messages after one of those in a segment.
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

struct OfFields {
  uint8_t version, type;
  uint16_t length;  // the header's
  bool whole;       // the header was captured (8 bytes)
};

constexpr const char* kV1Types[] = {"OFPT_HELLO", "OFPT_ERROR", "OFPT_ECHO_REQUEST", "OFPT_ECHO_REPLY", "OFPT_VENDOR", "OFPT_FEATURES_REQUEST", "OFPT_FEATURES_REPLY", "OFPT_GET_CONFIG_REQUEST", "OFPT_GET_CONFIG_REPLY", "OFPT_SET_CONFIG", "OFPT_PACKET_IN", "OFPT_FLOW_REMOVED", "OFPT_PORT_STATUS", "OFPT_PACKET_OUT", "OFPT_FLOW_MOD", "OFPT_PORT_MOD", "OFPT_STATS_REQUEST", "OFPT_STATS_REPLY", "OFPT_BARRIER_REQUEST", "OFPT_BARRIER_REPLY", "OFPT_QUEUE_GET_CONFIG_REQUEST", "OFPT_QUEUE_GET_CONFIG_REPLY"};
// Versions 1.3-1.5 (1.3 has 0-29; 1.4 and 1.5 drop 22-23 and add 30-34, 1.5 also 35).
constexpr const char* kTypes[] = {"OFPT_HELLO", "OFPT_ERROR", "OFPT_ECHO_REQUEST", "OFPT_ECHO_REPLY", "OFPT_EXPERIMENTER", "OFPT_FEATURES_REQUEST", "OFPT_FEATURES_REPLY", "OFPT_GET_CONFIG_REQUEST", "OFPT_GET_CONFIG_REPLY", "OFPT_SET_CONFIG", "OFPT_PACKET_IN", "OFPT_FLOW_REMOVED", "OFPT_PORT_STATUS", "OFPT_PACKET_OUT", "OFPT_FLOW_MOD", "OFPT_GROUP_MOD", "OFPT_PORT_MOD", "OFPT_TABLE_MOD", "OFPT_MULTIPART_REQUEST", "OFPT_MULTIPART_REPLY", "OFPT_BARRIER_REQUEST", "OFPT_BARRIER_REPLY", "OFPT_QUEUE_GET_CONFIG_REQUEST", "OFPT_QUEUE_GET_CONFIG_REPLY", "OFPT_ROLE_REQUEST", "OFPT_ROLE_REPLY", "OFPT_GET_ASYNC_REQUEST", "OFPT_GET_ASYNC_REPLY", "OFPT_SET_ASYNC", "OFPT_METER_MOD", "OFPT_ROLE_STATUS", "OFPT_TABLE_STATUS", "OFPT_REQUESTFORWARD", "OFPT_BUNDLE_CONTROL", "OFPT_BUNDLE_ADD_MESSAGE", "OFPT_CONTROLLER_STATUS"};
constexpr const char* kMultipart[] = {"OFPMP_DESC", "OFPMP_FLOW", "OFPMP_AGGREGATE", "OFPMP_TABLE", "OFPMP_PORT_STATS", "OFPMP_QUEUE", "OFPMP_GROUP", "OFPMP_GROUP_DESC", "OFPMP_GROUP_FEATURES", "OFPMP_METER", "OFPMP_METER_CONFIG", "OFPMP_METER_FEATURES", "OFPMP_TABLE_FEATURES", "OFPMP_PORT_DESC"};

Proto version_proto(uint8_t v) {
  switch (v) {
    case 1: return Proto::OpenflowV1;
    case 4: return Proto::OpenflowV4;
    case 5: return Proto::OpenflowV5;
    case 6: return Proto::OpenflowV6;
    default: return Proto::None;
  }
}

// One dissector call: the messages that follow.
void decode_openflow(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  layer.hdr_len = 0;
  layer.payload_len = in.claimed;
  res.next_proto = in.avail ? version_proto(in.frame[in.offset]) : Proto::None;
  if (res.next_proto == Proto::None) res.stop = true;  // tshark: "Unsupported version not dissected"
}

// Where a PACKET_IN's or PACKET_OUT's frame starts in the message (0: none).
uint32_t frame_offset(const uint8_t* p, uint32_t n, uint8_t version, uint8_t type) {
  auto padded_match = [&](uint32_t at) -> uint32_t {
    if (at + 4 > n) return 0;
    return (uint32_t(load_be16(p + at + 2)) + 7u) & ~7u;
  };
  if (version == 1) {
    if (type == 10) return 18;
    if (type == 13 && n >= 16) return 16u + load_be16(p + 14);
    return 0;
  }
  if (type == 10) {
    uint32_t m = padded_match(24);
    return m ? 24 + m + 2 : 0;
  }
  if (type == 13 && version != 6) return n >= 24 ? 24u + load_be16(p + 16) : 0;
  if (type == 13) {
    uint32_t m = padded_match(16);
    return m && n >= 16 ? 16 + m + load_be16(p + 12) : 0;
  }
  return 0;
}

// One message.
void decode_of_message(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<OfFields>();
  f = {};
  const uint8_t* p = in.frame + in.offset;
  f.version = in.avail ? p[0] : 0;
  if (in.avail < 8) {  // the header itself is cut (the reassembler keeps such an end for later)
    if (in.avail >= 2) f.type = p[1];
    return du::truncated(in, layer, res, "truncated_openflow");
  }
  f.whole = true;
  f.type = p[1];
  f.length = load_be16(p + 2);
  // A length below the header's is bogus: the message is the rest.
  uint32_t len = f.length >= 8 ? f.length : in.claimed;
  if (len > in.avail) {
    layer.hdr_len = in.avail;
    if (len > in.claimed) return du::truncated(in, layer, res, "truncated_openflow");
    res.anomaly = "truncated_openflow";  // cut by the capture
    res.stop = true;
    return;
  }
  layer.hdr_len = len;
  layer.payload_len = in.claimed > len ? in.claimed - len : 0;
  if (in.avail > len) {
    // The next message: a call of its own after the end of a reassembled
    // one (tshark's second call), else the same call's next.
    const auto& r = in.pkt->tcp_reasm;
    bool ends_pdu = r.kind == DecodedPacket::TcpReasm::Complete && in.offset + len == r.pdu_offset + r.pdu_len;
    Proto next = ends_pdu ? Proto::Openflow : version_proto(p[len]);
    uint32_t at = frame_offset(p, len, f.version, f.type);
    if (!ends_pdu && next != Proto::None && at && at < len) {
      // A frame in a message that others follow: the frame, then the
      // next message (tshark's order in frame.protocols).
      layer.hdr_len = at;
      layer.payload_len = len - at;
      res.next_proto = Proto::Eth;
      res.resume[res.nresume++] = {next, in.offset + len, in.avail - len, in.claimed > len ? in.claimed - len : 0};
      return;
    }
    res.next_proto = next;
    if (res.next_proto == Proto::None) res.stop = true;
    return;
  }
  uint32_t at = frame_offset(p, len, f.version, f.type);
  if (at && at < len) {
    layer.hdr_len = at;
    layer.payload_len = len - at;
    res.next_proto = Proto::Eth;
    return;
  }
  res.stop = true;
}

const OfFields& of(const FieldCtx& c) { return du::get<OfFields>(c); }

const char* type_name(uint8_t version, uint8_t t) {
  if (version == 1) return t < std::size(kV1Types) ? kV1Types[t] : nullptr;
  if (t >= std::size(kTypes)) return nullptr;
  if (version == 4 && t > 29) return nullptr;
  if (version >= 5 && (t == 22 || t == 23)) return nullptr;
  if (version == 5 && t > 34) return nullptr;
  return kTypes[t];
}

// Whether the message (whole in the layer) carries a frame.
bool carries_frame(const DecodedPacket& d, const Layer& l) {
  const auto& f = l.as<OfFields>();
  if (!f.whole || (f.type != 10 && f.type != 13)) return false;
  if (l.hdr_len < f.length) return l.payload_len > 0;  // its frame decoded as the next layers
  uint32_t at = frame_offset(d.data() + l.offset, f.length, f.version, f.type);
  return at && at < f.length;
}

void info_of(const FieldCtx& c, TextOut& o) {
  // tshark's dissectors leave the columns unwritable once a PACKET_IN's or
  // PACKET_OUT's frame is decoded: a later message of the call does not
  // change the info.
  const Layer* shown = c.layer;
  for (const Layer* l = c.layer - 1; l >= c.pkt.layers && openflow_message(l->proto); --l)
    if (carries_frame(c.pkt, *l)) shown = l;
  const OfFields& f = shown->as<OfFields>();
  if (!f.whole) return;
  du::Text t;
  t.s("Type: ");
  const char* n = type_name(f.version, f.type);
  t.s(n ? n : "Unknown message type");
  // 1.3 names the multipart type too, when its 2 bytes are there.
  if (f.version == 4 && (f.type == 18 || f.type == 19) && shown->hdr_len >= 10) {
    uint16_t mp = load_be16(c.pkt.data() + shown->offset + 8);
    t.s(", ");
    t.s(mp < std::size(kMultipart) ? kMultipart[mp] : mp == 0xffff ? "OFPMP_EXPERIMENTER" : "Unknown type");
  }
  t.to(o);
}

void info_call(const FieldCtx&, TextOut&) {}  // tshark clears the info per call

// An error of 1.3 and later quotes the failed message (error types 1-13;
// not HELLO_FAILED's text or an experimenter's data), which tshark decodes
// again: its header's fields follow the error's own.
bool quotes_message(const FieldCtx& c) {
  uint64_t et;
  return of(c).version >= 4 && of(c).type == 1 && du::read_be(c, 8, 2, et) && et >= 1 && et <= 13 &&
         c.layer->hdr_len >= 20 && du::frame_has(c.pkt, c.layer->offset, 20);
}

// A field of the message header (1.0 and the others name them apart).
template <uint32_t Off, uint32_t N, int Digits = 0>
void hdr(const FieldCtx& c, FieldOut& o) {
  if (!of(c).whole) return;
  du::uint_at<Off, N, 0, Digits>(c, o);
  if (quotes_message(c)) du::uint_at<12 + Off, N, 0, Digits>(c, o);
}
// A multipart (1.0: statistics) request's or reply's type, also of a
// quoted message.
template <uint8_t Type1, uint8_t Type2>
void multipart_type(const FieldCtx& c, FieldOut& o) {
  if (of(c).type == Type1 || of(c).type == Type2) du::uint_at<8, 2>(c, o);
  if (!quotes_message(c)) return;
  uint8_t t = du::byte_at(c, 13);
  if (t == Type1 || t == Type2) du::uint_at<20, 2>(c, o);
}

// openflow.version: 1.0's messages of this call show it (1.0 has no field
// of its own), and a message no version's dissector takes.
void version_field(const FieldCtx& c, FieldOut& o) {
  const Layer* l = c.layer + 1;
  const Layer* end = c.pkt.layers + c.pkt.nlayers;
  if (l == end || !openflow_message(l->proto)) {
    uint32_t at = c.layer->offset;
    if (at < c.pkt.caplen()) du::hex(o, c.pkt.data()[at] & 0x7f, 2);
    return;
  }
  for (; l < end && openflow_message(l->proto); ++l)
    if (l->proto == Proto::OpenflowV1 && l->as<OfFields>().whole) o.value("0x01");
}

}  // namespace

void register_openflow(Registry& r) {
  r.add_proto({Proto::Openflow, "openflow", "OpenFlow", decode_openflow, info_call});
  r.add_proto({Proto::OpenflowV1, "openflow_v1", "OpenFlow", decode_of_message, info_of});
  r.add_proto({Proto::OpenflowV4, "openflow_v4", "OpenFlow", decode_of_message, info_of});
  r.add_proto({Proto::OpenflowV5, "openflow_v5", "OpenFlow", decode_of_message, info_of});
  r.add_proto({Proto::OpenflowV6, "openflow_v6", "OpenFlow", decode_of_message, info_of});
  r.add_dispatch(Table::TcpPort, 6653, Proto::Openflow);
  r.add_field({"openflow.version", Proto::Openflow, version_field});
  r.add_field({"openflow_1_0.type", Proto::OpenflowV1, hdr<1, 1>});
  r.add_field({"openflow.xid", Proto::OpenflowV1, hdr<4, 4>});
  r.add_field({"openflow.length", Proto::OpenflowV1, hdr<2, 2>});
  r.add_field({"openflow.stats.type", Proto::OpenflowV1, multipart_type<16, 17>});
  r.add_field({"openflow_v4.version", Proto::OpenflowV4, hdr<0, 1, 2>});
  r.add_field({"openflow_v4.type", Proto::OpenflowV4, hdr<1, 1>});
  r.add_field({"openflow_v4.xid", Proto::OpenflowV4, hdr<4, 4>});
  r.add_field({"openflow_v4.length", Proto::OpenflowV4, hdr<2, 2>});
  r.add_field({"openflow_v4.multipart_request.type", Proto::OpenflowV4, multipart_type<18, 18>});
  r.add_field({"openflow_v4.multipart_reply.type", Proto::OpenflowV4, multipart_type<19, 19>});
  r.add_field({"openflow_v5.version", Proto::OpenflowV5, hdr<0, 1, 2>});
  r.add_field({"openflow_v5.type", Proto::OpenflowV5, hdr<1, 1>});
  r.add_field({"openflow_v5.xid", Proto::OpenflowV5, hdr<4, 4>});
  r.add_field({"openflow_v5.length", Proto::OpenflowV5, hdr<2, 2>});
  r.add_field({"openflow_v5.multipart_request.type", Proto::OpenflowV5, multipart_type<18, 18>});
  r.add_field({"openflow_v5.multipart_reply.type", Proto::OpenflowV5, multipart_type<19, 19>});
  r.add_field({"openflow_v6.version", Proto::OpenflowV6, hdr<0, 1, 2>});
  r.add_field({"openflow_v6.type", Proto::OpenflowV6, hdr<1, 1>});
  r.add_field({"openflow_v6.xid", Proto::OpenflowV6, hdr<4, 4>});
  r.add_field({"openflow_v6.length", Proto::OpenflowV6, hdr<2, 2>});
  r.add_field({"openflow_v6.multipart_request.type", Proto::OpenflowV6, multipart_type<18, 18>});
  r.add_field({"openflow_v6.multipart_reply.type", Proto::OpenflowV6, multipart_type<19, 19>});
}

}  // namespace weir
