// DHCPv6 (RFC 8415), Wireshark's "dhcpv6": client/server messages
// (type, 3-byte transaction ID, options) and relay messages (type, hop
// count, link and peer addresses, options; the Relay Message option holds
// the relayed message). Options nest: IA_NA, IA_TA and IA_PD, and the IA
// address and prefix inside them, carry options of their own. Fields and
// the info text come from one depth-first walk, in the order Wireshark's
// tree has them.
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

struct Dhcpv6Fields {
  uint32_t len;  // captured bytes of the message
};

constexpr int kMaxDepth = 8;  // relays inside relays, IAs inside them

bool relay_type(uint8_t t) { return t == 12 || t == 13; }

// Where an option's own sub-options begin (0: it has none).
uint32_t sub_options(uint16_t code) {
  switch (code) {
    case 3: return 12;   // IA_NA: IAID, T1, T2
    case 4: return 4;    // IA_TA: IAID
    case 25: return 12;  // IA_PD
    case 5: return 24;   // IA address: address, lifetimes
    case 26: return 25;  // IA prefix: lifetimes, length, prefix
    default: return 0;
  }
}

// A visitor sees each message (msg) and each option (opt) in tree order.
struct Visitor {
  virtual void msg(const uint8_t*, uint32_t) {}
  virtual void opt(uint16_t, const uint8_t*, uint32_t) {}
};

void walk_msg(const uint8_t* p, uint32_t n, Visitor& v, int depth);

void walk_opts(const uint8_t* p, uint32_t n, Visitor& v, int depth) {
  for (uint32_t at = 0; at + 4 <= n;) {
    uint16_t code = load_be16(p + at);
    uint32_t len = load_be16(p + at + 2);
    if (at + 4 + len > n) break;
    const uint8_t* val = p + at + 4;
    v.opt(code, val, len);
    if (depth < kMaxDepth) {
      if (code == 9) {
        walk_msg(val, len, v, depth + 1);  // Relay Message
      } else if (uint32_t s = sub_options(code); s && len > s) {
        walk_opts(val + s, len - s, v, depth + 1);
      }
    }
    at += 4 + len;
  }
}

void walk_msg(const uint8_t* p, uint32_t n, Visitor& v, int depth) {
  if (n < 1) return;
  v.msg(p, n);
  uint32_t hl = relay_type(p[0]) ? 34 : 4;
  if (n > hl) walk_opts(p + hl, n - hl, v, depth);
}

void walk(const FieldCtx& c, Visitor& v) {
  const uint8_t* p = c.pkt.data() + c.layer->offset;
  walk_msg(p, du::get<Dhcpv6Fields>(c).len, v, 0);
}

void decode_dhcpv6(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<Dhcpv6Fields>();
  f = {};
  uint32_t have = du::min32(in.claimed, in.avail);
  if (have < 1) return du::truncated(in, layer, res, "truncated_dhcpv6");
  f.len = have;
  layer.hdr_len = have;
  layer.payload_len = 0;
  uint8_t type = in.frame[in.offset];
  if (have < (relay_type(type) ? 34u : 4u)) {
    layer.truncated = 1;
    res.anomaly = "truncated_dhcpv6";
  }
}

const char* msg_name(uint8_t t) {
  static const char* const k[] = {nullptr, "Solicit", "Advertise", "Request", "Confirm", "Renew", "Rebind",
                                  "Reply", "Release", "Decline", "Reconfigure", "Information-request",
                                  "Relay-forw", "Relay-reply", "Leasequery", "Leasequery-reply"};
  return t < 16 ? k[t] : nullptr;
}

void info_dhcpv6(const FieldCtx& c, TextOut& o) {
  struct V : Visitor {
    fmt::Text<1024> t;
    void msg(const uint8_t* p, uint32_t n) override {
      if (const char* name = msg_name(p[0])) t.s(name);
      else t.s("Unknown (").d(p[0]).s(")");
      if (relay_type(p[0])) {
        if (n >= 18) t.s(" L: ").ip6(p + 2).s(" ");
      } else if (n >= 4) {
        t.s(" XID: ").h(load_be24(p + 1), 6).s(" ");
      }
    }
    void opt(uint16_t code, const uint8_t* val, uint32_t len) override {
      if (code == 1) {
        char hex[2 * 128];
        uint32_t k = len < 128 ? len : 128;
        t.s("CID: ").s(std::string_view(hex, fmt::hexbytes(hex, val, k, 0))).s(" ");
      } else if (code == 5 && len >= 16) {
        t.s("IAA: ").ip6(val).s(" ");
      }
    }
  } v;
  walk(c, v);
  v.t.to(o);
}

// A field's values: what OnMsg and OnOpt emit over the walk.
using MsgFn = void (*)(FieldOut&, const uint8_t* msg, uint32_t n);
using OptFn = void (*)(FieldOut&, uint16_t code, const uint8_t* val, uint32_t len);
template <MsgFn OnMsg, OptFn OnOpt>
void field(const FieldCtx& c, FieldOut& o) {
  struct V : Visitor {
    FieldOut& out;
    explicit V(FieldOut& x) : out(x) {}
    void msg(const uint8_t* p, uint32_t n) override {
      if constexpr (OnMsg != nullptr) OnMsg(out, p, n);
    }
    void opt(uint16_t code, const uint8_t* val, uint32_t len) override {
      if constexpr (OnOpt != nullptr) OnOpt(out, code, val, len);
    }
  } v(o);
  walk(c, v);
}

void msgtype(FieldOut& o, const uint8_t* p, uint32_t) { du::dec(o, p[0]); }
void xid(FieldOut& o, const uint8_t* p, uint32_t n) {
  if (!relay_type(p[0]) && n >= 4) du::hex(o, load_be24(p + 1), 6);
}
void hopcount(FieldOut& o, const uint8_t* p, uint32_t n) {
  if (relay_type(p[0]) && n >= 2) du::dec(o, p[1]);
}
void linkaddr(FieldOut& o, const uint8_t* p, uint32_t n) {
  if (relay_type(p[0]) && n >= 18) o.value(fmt::ipv6(p + 2));
}
void peeraddr(FieldOut& o, const uint8_t* p, uint32_t n) {
  if (relay_type(p[0]) && n >= 34) o.value(fmt::ipv6(p + 18));
}
void opttype(FieldOut& o, uint16_t code, const uint8_t*, uint32_t) { du::dec(o, code); }
void duid_type(FieldOut& o, uint16_t code, const uint8_t* val, uint32_t len) {
  if ((code == 1 || code == 2) && len >= 2) du::dec(o, load_be16(val));
}
void duid_bytes(FieldOut& o, uint16_t code, const uint8_t* val, uint32_t len) {
  if ((code == 1 || code == 2) && len >= 2) du::hex_value(o, val, len);
}
void iaaddr(FieldOut& o, uint16_t code, const uint8_t* val, uint32_t len) {
  if (code == 5 && len >= 16) o.value(fmt::ipv6(val));
}

}  // namespace

void register_dhcpv6(Registry& r) {
  r.add_proto({Proto::Dhcpv6, "dhcpv6", "DHCPv6", decode_dhcpv6, info_dhcpv6});
  r.add_dispatch(Table::UdpPort, 546, Proto::Dhcpv6);
  r.add_dispatch(Table::UdpPort, 547, Proto::Dhcpv6);
  r.add_field({"dhcpv6.msgtype", Proto::Dhcpv6, field<msgtype, nullptr>});
  r.add_field({"dhcpv6.hopcount", Proto::Dhcpv6, field<hopcount, nullptr>});
  r.add_field({"dhcpv6.xid", Proto::Dhcpv6, field<xid, nullptr>});
  r.add_field({"dhcpv6.linkaddr", Proto::Dhcpv6, field<linkaddr, nullptr>});
  r.add_field({"dhcpv6.peeraddr", Proto::Dhcpv6, field<peeraddr, nullptr>});
  r.add_field({"dhcpv6.option.type", Proto::Dhcpv6, field<nullptr, opttype>});
  r.add_field({"dhcpv6.duid.type", Proto::Dhcpv6, field<nullptr, duid_type>});
  r.add_field({"dhcpv6.duid.bytes", Proto::Dhcpv6, field<nullptr, duid_bytes>});
  r.add_field({"dhcpv6.iaaddr.ip", Proto::Dhcpv6, field<nullptr, iaaddr>});
}

}  // namespace weir
