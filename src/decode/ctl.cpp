// Network control protocols, with Wireshark's field names, protocol column
// and info text: STP/RSTP/MSTP (IEEE 802.1D/Q BPDUs over LLC SAP 0x42 and
// Cisco PVST+ SNAP), VRRP v2/v3 (RFC 3768, RFC 5798), HSRP v1 and v2
// (RFC 2281, Cisco), BFD control packets (RFC 5880), LLDP (IEEE 802.1AB)
// PTP version 2 (IEEE 1588) and CDP (Cisco). Every field is read
// from the message bytes (du::uint_at and friends); a layer's hdr_len is
// its whole message, so fields past a short capture are not emitted.
#include "app_text.hpp"
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

// ---------------------------------------------------------------- STP

// BPDU layout (offsets): protocol 0, version 2, type 3, flags 4, root 5-12,
// root path cost 13, bridge 17-24, port 25, message age 27, max age 29,
// hello 31, forward delay 33, version 1 length 35 (RST/MST), version 3
// length 36 and the MST part from 38 (MST).
struct StpFields {
  uint8_t version, type;
  uint16_t msti_count;  // MST: MSTI configuration messages
};
constexpr uint32_t kMstiAt = 102, kMstiLen = 16;

void decode_stp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<StpFields>();
  f = {};
  ByteCursor c = in.cursor();
  uint16_t proto = 0;
  if (!c.be16(proto) || !c.u8(f.version) || !c.u8(f.type)) return du::truncated(in, layer, res, "truncated_stp_bpdu");
  uint32_t need = 4;  // topology change notification, or unknown type
  if (f.type == 0x00) need = 35;
  if (f.type == 0x02) need = 36;
  uint16_t v3len = 0;
  if (f.type == 0x02 && f.version >= 3 && c.peek_be16(32, v3len)) {
    need = 38 + v3len;
    if (v3len >= 64) f.msti_count = uint16_t((v3len - 64) / kMstiLen);
  }
  uint32_t have = du::min32(in.claimed, in.avail);
  if (have < need) {
    // Wireshark reads the whole BPDU before it adds any item: none shown.
    du::truncated(in, layer, res, "truncated_stp_bpdu");
    layer.hdr_len = 0;
    return;
  }
  layer.hdr_len = need;
  layer.payload_len = 0;
}

bool stp_full(const FieldCtx& c) { return c.layer->hdr_len >= 35; }

// Root and bridge identifiers: a 4-bit priority, a 12-bit system ID
// extension, a MAC address (Wireshark's default "use system ID extension").
template <uint32_t Off, bool Prio>
void stp_id_part(const FieldCtx& c, FieldOut& o) {
  uint64_t v;
  if (du::read_be(c, Off, 2, v)) du::dec(o, Prio ? (v & 0xf000) : (v & 0x0fff));
}

// Timers in 1/256 s, printed as seconds.
template <uint32_t Off>
void stp_time(const FieldCtx& c, FieldOut& o) {
  uint64_t v;
  if (du::read_be(c, Off, 2, v)) du::dbl(o, double(v) / 256.0);
}

// The flag bits exist in the CIST flags and again in every MSTI message.
template <uint8_t Mask>
void stp_flag(const FieldCtx& c, FieldOut& o) {
  const auto& f = du::get<StpFields>(c);
  if (c.layer->hdr_len < 5) return;
  auto one = [&](uint8_t b) {
    if (Mask == 0x0c) du::dec(o, (b & 0x0c) >> 2);
    else du::boolean(o, b & Mask);
  };
  // Configuration BPDUs have only the topology change (acknowledgment) bits.
  if (f.type == 0x00 && Mask != 0x80 && Mask != 0x01) return;
  if (f.type != 0x00 && f.type != 0x02) return;
  one(du::byte_at(c, 4));
  for (uint32_t i = 0; i < f.msti_count; ++i) {
    uint32_t at = kMstiAt + i * kMstiLen;
    if (at + kMstiLen > c.layer->hdr_len || !du::frame_has(c.pkt, c.layer->offset + at, 1)) break;
    one(du::byte_at(c, at));
  }
}

void info_stp(const FieldCtx& c, TextOut& o) {
  const auto& f = du::get<StpFields>(c);
  du::Text t;
  if (f.type == 0x80) {
    t.s("Topology Change Notification");
  } else if ((f.type == 0x00 || f.type == 0x02) && stp_full(c) &&
             du::frame_has(c.pkt, c.layer->offset, 35)) {
    const uint8_t* p = c.pkt.data() + c.layer->offset;
    uint16_t root = load_be16(p + 5);
    t.s(f.type == 0x00 ? "Conf. " : f.version >= 3 ? "MST. " : "RST. ");
    if (p[4] & 0x01) t.s("TC + ");
    t.s("Root = ").d(root & 0xf000).s("/").d(root & 0x0fff).s("/").mac(p + 7);
    t.s("  Cost = ").d(load_be32(p + 13)).s("  Port = ").h(load_be16(p + 25), 4);
  } else {
    t.s("Unknown BPDU type (").d(f.type).s(")");
  }
  t.to(o);
}

// ---------------------------------------------------------------- VRRP

// Offsets: version/type 0, virtual router id 1, priority 2, address count
// 3; v2: authentication type 4, advertisement interval 5; v3: reserved and
// maximum advertisement interval 4-5; checksum 6, addresses from 8; v2:
// 8 bytes of authentication data after them.
struct VrrpFields {
  uint8_t version, type, count;
  bool ipv6;  // addresses are IPv6 (v3 over IPv6)
};

void decode_vrrp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<VrrpFields>();
  f = {};
  for (int i = in.self - 1; i >= 0; --i) {
    Proto p = in.pkt->layers[i].proto;
    if (p == Proto::Ipv6) f.ipv6 = true;
    if (p == Proto::Ipv4 || p == Proto::Ipv6) break;
  }
  ByteCursor c = in.cursor();
  uint8_t vt = 0;
  if (!c.u8(vt) || !c.skip(2) || !c.u8(f.count)) return du::truncated(in, layer, res, "truncated_vrrp");
  f.version = vt >> 4;
  f.type = vt & 0x0f;
  uint32_t need = 8 + f.count * (f.ipv6 ? 16u : 4u) + (f.version == 2 ? 8u : 0u);
  if (du::min32(in.claimed, in.avail) < need) return du::truncated(in, layer, res, "truncated_vrrp");
  layer.hdr_len = need;
  layer.payload_len = 0;
}

void info_vrrp(const FieldCtx& c, TextOut& o) {
  const auto& f = du::get<VrrpFields>(c);
  du::Text t;
  if (f.type == 1) t.s("Announcement");
  else t.s("Unknown (").d(f.type).s(")");
  t.s(" (v").d(f.version).s(")");
  t.to(o);
}

bool vrrp_v2(const FieldCtx& c) { return du::get<VrrpFields>(c).version == 2; }
bool vrrp_v3(const FieldCtx& c) { return du::get<VrrpFields>(c).version == 3; }

// ---------------------------------------------------------------- HSRP

// Version 0 (HSRPv1, first byte 0): version 0, opcode 1, state 2, hello 3,
// hold 4, priority 5, group 6, reserved 7, authentication 8-15, virtual IP
// 16-19; an Advertise (opcode 3) has instead a TLV at 2: type 2-3, length
// 4-5, state 6, reserved 7, active groups 8-9, passive groups 10-11.
// HSRPv2 is a list of TLVs; its group state TLV (type 1, length 40): version
// 2, opcode 3, state 4, IP version 5, group 6-7, identifier 8-13, priority
// 14-17, hello 18-21, hold 22-25, virtual IP 26-41 (offsets in the message).
struct HsrpFields {
  uint8_t v2;  // 1: HSRPv2 with a group state TLV first
  uint8_t opcode, state;
};

void decode_hsrp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<HsrpFields>();
  f = {};
  ByteCursor c = in.cursor();
  uint8_t b0 = 0;
  if (!c.u8(b0) || !c.u8(f.opcode)) return du::truncated(in, layer, res, "truncated_hsrp");
  uint32_t have = du::min32(in.claimed, in.avail);
  uint32_t need = 20;
  if (b0 != 0) {  // HSRPv2: group state TLV
    f.v2 = 1;
    f.opcode = 0;
    need = 42;
    if (have >= 6) {
      f.opcode = in.frame[in.offset + 3];
      f.state = in.frame[in.offset + 4];
    }
  } else if (f.opcode == 3) {
    need = 16;
    if (have >= 7) f.state = in.frame[in.offset + 6];
  } else if (have >= 3) {
    f.state = in.frame[in.offset + 2];
  }
  if (have < need) return du::truncated(in, layer, res, "truncated_hsrp");
  layer.hdr_len = f.v2 ? have : need;
  layer.payload_len = 0;
}

const char* hsrp_state(uint8_t v2, uint8_t op, uint8_t s) {
  if (v2) {
    static const char* const k[] = {"Disabled", "Init", "Learn", "Listen", "Speak", "Standby", "Active"};
    return s < 7 ? k[s] : "Unknown";
  }
  if (op == 3) {
    switch (s) {
      case 1: return "Dormant";
      case 2: return "Passive";
      case 3: return "Active";
      default: return "Unknown";
    }
  }
  switch (s) {
    case 0: return "Initial";
    case 1: return "Learn";
    case 2: return "Listen";
    case 4: return "Speak";
    case 8: return "Standby";
    case 16: return "Active";
    default: return "Unknown";
  }
}

void info_hsrp(const FieldCtx& c, TextOut& o) {
  const auto& f = du::get<HsrpFields>(c);
  static const char* const kOp[] = {"Hello", "Coup", "Resign", "Advertise"};
  du::Text t;
  t.s(f.opcode < (f.v2 ? 3 : 4) ? kOp[f.opcode] : "Unknown").s(" (state ").s(hsrp_state(f.v2, f.opcode, f.state)).s(")");
  t.to(o);
}

void names_hsrp(const FieldCtx& c, const char*&, const char*& display) {
  if (du::get<HsrpFields>(c).v2) display = "HSRPv2";
}

bool hsrp_v1(const FieldCtx& c) { return !du::get<HsrpFields>(c).v2; }
bool hsrp_v1_hello(const FieldCtx& c) { return hsrp_v1(c) && du::get<HsrpFields>(c).opcode != 3; }
bool hsrp_v1_advertise(const FieldCtx& c) { return hsrp_v1(c) && du::get<HsrpFields>(c).opcode == 3; }
bool hsrp_v2(const FieldCtx& c) { return du::get<HsrpFields>(c).v2; }
bool hsrp_v2_ipv4(const FieldCtx& c) { return hsrp_v2(c) && du::byte_at(c, 5) == 4; }

// ---------------------------------------------------------------- BFD

// Control packet (version 1): version/diag 0, state/flags 1, detect
// multiplier 2, length 3, my discriminator 4, your discriminator 8, desired
// min TX 12, required min RX 16, required min echo RX 20, then optional
// authentication (type 24, length 25).
struct BfdFields {
  uint8_t version, diag, state, flags;
};

void decode_bfd(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<BfdFields>();
  f = {};
  ByteCursor c = in.cursor();
  uint8_t b0 = 0, b1 = 0, mult = 0, len = 0;
  if (!c.u8(b0) || !c.u8(b1) || !c.u8(mult) || !c.u8(len)) return du::truncated(in, layer, res, "truncated_bfd");
  f.version = b0 >> 5;
  f.diag = b0 & 0x1f;
  f.state = b1 >> 6;
  f.flags = b1 & 0x3f;
  du::whole_message(in, layer, res, 24, "truncated_bfd");
}

void info_bfd(const FieldCtx& c, TextOut& o) {
  const auto& f = du::get<BfdFields>(c);
  static const char* const kDiag[] = {"No Diagnostic",
                                      "Control Detection Time Expired",
                                      "Echo Function Failed",
                                      "Neighbor Signaled Session Down",
                                      "Forwarding Plane Reset",
                                      "Path Down",
                                      "Concatenated Path Down",
                                      "Administratively Down",
                                      "Reverse Concatenated Path Down",
                                      "Mis-Connectivity Defect"};
  static const char* const kState[] = {"AdminDown", "Down", "Init", "Up"};
  du::Text t;
  t.s("Diag: ").s(f.diag < 10 ? kDiag[f.diag] : "Unknown").s(", State: ").s(kState[f.state]);
  t.s(", Flags: ").h(f.flags, 2);
  t.to(o);
}

template <uint8_t Mask>
void bfd_flag(const FieldCtx& c, FieldOut& o) {
  if (du::get<BfdFields>(c).version == 1 && c.layer->hdr_len >= 2) du::boolean(o, du::byte_at(c, 1) & Mask);
}


// ---------------------------------------------------------------- LLDP

// A list of TLVs: type (7 bits) and length (9 bits), then the value. The
// first three are mandatory: chassis ID (1), port ID (2), time to live (3).
// Offsets of the TLVs the fields and the info text use (0: absent).
struct LldpFields {
  uint16_t chassis, port, ttl, port_desc, sys_name, sys_desc, caps;
  uint16_t ntlv;
  bool bad_chassis;
};

uint16_t lldp_len(const uint8_t* p) { return uint16_t(load_be16(p) & 0x1ff); }

void decode_lldp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<LldpFields>();
  f = {};
  uint32_t have = du::min32(in.claimed, in.avail);
  const uint8_t* p = in.frame + in.offset;
  uint32_t at = 0;
  while (at + 2 <= have && at < 65536) {
    uint8_t type = p[at] >> 1;
    uint32_t len = lldp_len(p + at);
    if (at + 2 + len > have) {
      du::truncated(in, layer, res, "truncated_lldp_tlv");
      break;
    }
    uint16_t* slot = nullptr;
    switch (type) {
      case 1: slot = &f.chassis; break;
      case 2: slot = &f.port; break;
      case 3: slot = &f.ttl; break;
      case 4: slot = &f.port_desc; break;
      case 5: slot = &f.sys_name; break;
      case 6: slot = &f.sys_desc; break;
      case 7: slot = &f.caps; break;
      default: break;
    }
    if (f.ntlv == 0 && type != 1) {  // Wireshark stops there, with no TLV shown
      f.bad_chassis = true;
      break;
    }
    if (slot && !*slot) *slot = uint16_t(at + 1);  // +1: 0 stays "absent"
    ++f.ntlv;
    at += 2 + len;
    if (type == 0) break;  // End of LLDPDU
  }
  layer.hdr_len = at > have ? have : at;
  if (!layer.truncated) layer.payload_len = 0;
}

// The TLV at a recorded offset: value pointer and length.
bool lldp_tlv(const FieldCtx& c, uint16_t slot, const uint8_t*& v, uint32_t& n) {
  if (!slot) return false;
  const uint8_t* p = c.pkt.data() + c.layer->offset + slot - 1;
  v = p + 2;
  n = lldp_len(p);
  return true;
}

// Strings as Wireshark's format_text() shows them in the info column
// (ENC_ASCII: bytes above 0x7f are U+FFFD).
void lldp_text(fmt::Text<2048>& t, const uint8_t* p, uint32_t n) { app::append_text(t, p, n, true); }

// "MA/00:11:22:33:44:55": subtype abbreviation and the ID as its subtype says.
void lldp_id(fmt::Text<2048>& t, const uint8_t* v, uint32_t n, bool port) {
  static const char* const kChassis[] = {"Rs", "CC", "IA", "PC", "MA", "NA", "IN", "LA"};
  static const char* const kPort[] = {"Rs", "IA", "PC", "MA", "NA", "IN", "AC", "LA"};
  if (n < 1) return;
  uint8_t st = v[0];
  t.s(st < 8 ? (port ? kPort[st] : kChassis[st]) : "Rs").s("/");
  bool mac = port ? st == 3 : st == 4;
  bool net = port ? st == 4 : st == 5;
  if (mac && n >= 7) t.mac(v + 1);
  else if (net && n >= 6 && v[1] == 1) t.ip4(v + 2);
  else lldp_text(t, v + 1, n - 1);
  t.s(" ");
}

void info_lldp(const FieldCtx& c, TextOut& o) {
  const auto& f = du::get<LldpFields>(c);
  fmt::Text<2048> t;  // system descriptions run to hundreds of bytes
  const uint8_t* v;
  uint32_t n;
  if (f.bad_chassis) {
    t.s("Invalid Chassis ID TLV");
    t.to(o);
    return;
  }
  if (lldp_tlv(c, f.chassis, v, n)) lldp_id(t, v, n, false);
  if (lldp_tlv(c, f.port, v, n)) lldp_id(t, v, n, true);
  if (lldp_tlv(c, f.ttl, v, n) && n >= 2) t.d(load_be16(v)).s(" ");
  if (lldp_tlv(c, f.sys_name, v, n)) {
    t.s("SysN=");
    lldp_text(t, v, n);
    t.s(" ");
  }
  if (lldp_tlv(c, f.sys_desc, v, n)) {
    t.s("SysD=");
    lldp_text(t, v, n);
    t.s(" ");
  }
  t.to(o);
}

// Every TLV's type or length.
template <bool Type>
void lldp_tlv_each(const FieldCtx& c, FieldOut& o) {
  const uint8_t* p = c.pkt.data() + c.layer->offset;
  uint16_t ntlv = du::get<LldpFields>(c).ntlv;
  uint32_t at = 0;
  for (uint16_t i = 0; i < ntlv && at + 2 <= c.layer->hdr_len; ++i) {
    du::dec(o, Type ? p[at] >> 1 : lldp_len(p + at));
    at += 2 + lldp_len(p + at);
  }
}

// An ID TLV's subtype, or its value when the subtype matches.
template <uint16_t LldpFields::*Slot>
void lldp_subtype(const FieldCtx& c, FieldOut& o) {
  const uint8_t* v;
  uint32_t n;
  if (lldp_tlv(c, du::get<LldpFields>(c).*Slot, v, n) && n >= 1) du::dec(o, v[0]);
}
template <uint16_t LldpFields::*Slot, uint8_t Subtype>
void lldp_id_mac(const FieldCtx& c, FieldOut& o) {
  const uint8_t* v;
  uint32_t n;
  if (lldp_tlv(c, du::get<LldpFields>(c).*Slot, v, n) && n >= 7 && v[0] == Subtype) o.value(fmt::mac(v + 1));
}
template <uint16_t LldpFields::*Slot>
void lldp_string(const FieldCtx& c, FieldOut& o) {
  const uint8_t* v;
  uint32_t n;
  if (lldp_tlv(c, du::get<LldpFields>(c).*Slot, v, n))
    o.value(std::string_view(reinterpret_cast<const char*>(v), n));
}
template <uint32_t Off>
void lldp_caps(const FieldCtx& c, FieldOut& o) {
  const uint8_t* v;
  uint32_t n;
  if (lldp_tlv(c, du::get<LldpFields>(c).caps, v, n) && n >= Off + 2) du::hex(o, load_be16(v + Off), 4);
}


// ---------------------------------------------------------------- PTP

// IEEE 1588 version 2 common header (34 bytes): majorSdoId/messageType 0,
// minorVersionPTP/versionPTP 1, messageLength 2, domainNumber 4,
// minorSdoId 5, flags 6, correctionField 8, messageTypeSpecific 16,
// clockIdentity 20, sourcePortID 28, sequenceId 30, controlField 32,
// logMessagePeriod 33. Management messages: actionField 46, managementId
// 52. Version 1 is named (PTPv1) but not decoded.
struct PtpFields {
  uint8_t version, type;
};

void decode_ptp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<PtpFields>();
  f = {};
  ByteCursor c = in.cursor();
  uint8_t b0 = 0, b1 = 0;
  if (!c.u8(b0) || !c.u8(b1)) return du::truncated(in, layer, res, "truncated_ptp");
  f.version = b1 & 0x0f;
  f.type = b0 & 0x0f;
  uint32_t have = du::min32(in.claimed, in.avail);
  if (f.version == 2 && have < 34) return du::truncated(in, layer, res, "truncated_ptp");
  layer.hdr_len = have;
  layer.payload_len = 0;
}

const char* ptp_mgmt_id(uint16_t id) {
  switch (id) {
    case 0x0000: return "Null management";
    case 0x0001: return "Clock description";
    case 0x0002: return "User description";
    case 0x2000: return "Default dataset";
    case 0x2001: return "Current dataset";
    case 0x2002: return "Parent dataset";
    case 0x2003: return "Time properties dataset";
    case 0x2004: return "Port dataset";
    default: return nullptr;
  }
}

void info_ptp(const FieldCtx& c, TextOut& o) {
  const auto& f = du::get<PtpFields>(c);
  du::Text t;
  if (f.version != 2) {
    t.s("PTPv").d(f.version);
    t.to(o);
    return;
  }
  static const char* const kType[16] = {"Sync Message", "Delay_Req Message", "Path_Delay_Req Message",
                                        "Path_Delay_Resp Message", nullptr, nullptr, nullptr, nullptr,
                                        "Follow_Up Message", "Delay_Resp Message",
                                        "Path_Delay_Resp_Follow_Up Message", "Announce Message",
                                        "Signaling Message", "Management Message", nullptr, nullptr};
  uint64_t id = 0, action = 0;
  if (f.type == 0x0d && du::read_be(c, 52, 2, id) && du::read_be(c, 46, 1, action)) {
    static const char* const kAction[] = {"GET", "SET", "RESPONSE", "COMMAND", "ACKNOWLEDGE"};
    t.s("Management (");
    if (const char* n = ptp_mgmt_id(uint16_t(id))) t.s(n);
    else t.s("Unknown management Id ").d(id);
    t.s(") ");
    action &= 0x0f;
    if (action < 5) t.s(kAction[action]);
    else t.s("Unknown Action");
  } else if (kType[f.type]) {
    t.s(kType[f.type]);
  } else {
    t.s("Unknown message (").h(f.type, 2).s(")");
  }
  t.to(o);
}

void names_ptp(const FieldCtx& c, const char*&, const char*& display) {
  display = du::get<PtpFields>(c).version == 2 ? "PTPv2" : "PTPv1";
}

bool ptp_v2(const FieldCtx& c) { return du::get<PtpFields>(c).version == 2; }
template <uint32_t Off, uint32_t N, uint64_t Mask = 0, int Digits = 0>
constexpr FieldEmitFn ptp2_uint = du::when<ptp_v2, du::uint_at<Off, N, Mask, Digits>>;

// ---------------------------------------------------------------- LOOP

// Ethernet configuration testing protocol (EtherType 0x9000, "loop"): a
// skip count, then functions (little-endian): forward data (a forwarding
// address follows) until a reply (its receipt number, then data). The info
// names the function the skip count points at.
struct CtpFields {
  uint16_t relevant;  // the function at the skip count (0: not there)
  uint16_t end;       // after the last function, within the capture
};

void decode_ctp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<CtpFields>();
  f = {};
  const uint8_t* p = in.frame + in.offset;
  uint32_t n = du::min32(in.avail, 0xffff);
  if (n < 2) return du::truncated(in, layer, res, "truncated_loop");
  uint32_t skip = uint32_t(p[0] | p[1] << 8);
  if (2 + skip + 2 <= n) f.relevant = uint16_t(p[2 + skip] | p[3 + skip] << 8);
  uint32_t at = 2;
  while (at + 2 <= n) {
    uint16_t fn = uint16_t(p[at] | p[at + 1] << 8);
    if (fn == 2 && at + 8 <= n) {
      at += 8;
    } else {
      at += fn == 1 ? 4 : 2;  // a reply's receipt number; anything else ends the functions
      break;
    }
  }
  f.end = uint16_t(du::min32(at, n));
  layer.hdr_len = f.end;
  layer.payload_len = in.claimed > f.end ? in.claimed - f.end : 0;
}

void info_ctp(const FieldCtx& c, TextOut& o) {
  uint16_t r = du::get<CtpFields>(c).relevant;
  if (r == 1) o.append("Reply");
  else if (r == 2) o.append("Forward Data");
  else {
    du::Text t;
    t.s("Unknown function (").d(r).s(")");
    t.to(o);
  }
}

// Calls fn(offset) of each function's 2 bytes.
template <class Fn>
void ctp_functions(const FieldCtx& c, Fn fn) {
  const uint8_t* p = c.pkt.data() + c.layer->offset;
  uint32_t end = du::get<CtpFields>(c).end;
  for (uint32_t at = 2; at + 2 <= end;) {
    fn(at);
    uint16_t v = uint16_t(p[at] | p[at + 1] << 8);
    if (v != 2) break;
    at += 8;
  }
}

uint16_t le16(const FieldCtx& c, uint32_t off) {
  const uint8_t* p = c.pkt.data() + c.layer->offset + off;
  return uint16_t(p[0] | p[1] << 8);
}

// ---------------------------------------------------------------- GeoNetworking

// ETSI GeoNetworking (EtherType 0x8947): the basic header (version, next
// header, lifetime, remaining hop limit). Only a basic header whose next
// header is "any" (0) is taken, which tshark shows as the basic header
// alone with no info; a packet with a common or secured header is data.
void decode_geonw(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  if (in.avail < 4 || (in.frame[in.offset] & 0x0f) != 0) return du::decline(in, layer, res);
  layer.hdr_len = in.avail;
  res.stop = true;
}

// ---------------------------------------------------------------- DTP

// Cisco's Dynamic Trunk Protocol (LLC SNAP, OUI 0x00000c, PID 0x2004): a
// version, then TLVs (type, length with the 4-byte header): domain 1,
// trunk status 2, trunk type 3, sender ID 4.
void decode_dtp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  if (in.avail < 1) return du::truncated(in, layer, res, "truncated_dtp");
  layer.hdr_len = in.avail;
  res.stop = true;
}

// Calls fn(offset, type, length) per TLV; a length below 4 ends the walk.
template <class Fn>
void dtp_tlvs(const FieldCtx& c, Fn fn) {
  const uint8_t* p = c.pkt.data() + c.layer->offset;
  uint32_t n = du::min32(c.layer->hdr_len, c.pkt.caplen() - c.layer->offset);
  for (uint32_t at = 1; at + 4 <= n;) {
    uint16_t type = load_be16(p + at), len = load_be16(p + at + 2);
    fn(at, type, len);
    if (len < 4) return;
    at += len;
  }
}

// A TLV's value byte (types 2 and 3), its masked part in hex as tshark.
template <uint16_t Type, uint8_t Mask>
void dtp_bits(const FieldCtx& c, FieldOut& o) {
  const uint8_t* p = c.pkt.data() + c.layer->offset;
  uint32_t n = du::min32(c.layer->hdr_len, c.pkt.caplen() - c.layer->offset);
  dtp_tlvs(c, [&](uint32_t at, uint16_t type, uint16_t len) {
    if (type == Type && len >= 5 && at + 5 <= n) du::hex(o, (p[at + 4] & Mask) >> std::countr_zero(Mask), 2);
  });
}

// ---------------------------------------------------------------- NDP

// Nortel Discovery Protocol (LLC SNAP, OUI 0x000081, PID 0x01a1 or
// 0x01a2): IP address, segment ID, chassis and backplane types, state,
// number of links. The info names the hello by the frame's destination,
// as tshark: 01:00:81:00:01:01 a FlatNet hello, else a segment hello.
struct NdpFields {
  bool flatnet;
};

void decode_ndp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  bool flatnet = false;
  for (int i = in.self - 1; i >= 0; --i)  // the nearest Ethernet header
    if (in.pkt->layers[i].proto == Proto::Eth) {
      static const uint8_t kFlatnet[6] = {0x01, 0x00, 0x81, 0x00, 0x01, 0x01};
      flatnet = std::memcmp(in.pkt->layers[i].as<EthFields>().dst, kFlatnet, 6) == 0;
      break;
    }
  layer.as<NdpFields>().flatnet = flatnet;
  layer.hdr_len = du::min32(in.avail, 11);
  if (in.avail < 11) res.anomaly = "truncated_ndp";
  res.stop = true;
}

void info_ndp(const FieldCtx& c, TextOut& o) {
  o.append(du::get<NdpFields>(c).flatnet ? "FlatNet Hello" : "Segment Hello");
}

// ---------------------------------------------------------------- CDP

// Cisco Discovery Protocol (LLC SNAP, OUI 0x00000c, PID 0x2000): version,
// TTL, checksum, then TLVs (type 2, length 2 including this header): device
// ID 1, port ID 3, software version 5 (shown a line at a time), platform 6.
struct CdpFields {
  uint16_t device, port, software, platform;  // TLV offsets + 1 (0: absent)
};

void decode_cdp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<CdpFields>();
  f = {};
  uint32_t have = du::min32(in.claimed, in.avail);
  if (have < 4) return du::truncated(in, layer, res, "truncated_cdp");
  const uint8_t* p = in.frame + in.offset;
  uint32_t at = 4;
  while (at + 4 <= have && at < 65536) {
    uint16_t type = load_be16(p + at), len = load_be16(p + at + 2);
    if (len < 4 || at + len > have) break;
    uint16_t* slot = type == 1 ? &f.device : type == 3 ? &f.port : type == 5 ? &f.software
                     : type == 6 ? &f.platform : nullptr;
    if (slot && !*slot) *slot = uint16_t(at + 1);
    at += len;
  }
  layer.hdr_len = have;
  layer.payload_len = 0;
}

bool cdp_tlv(const FieldCtx& c, uint16_t slot, const uint8_t*& v, uint32_t& n) {
  if (!slot) return false;
  const uint8_t* p = c.pkt.data() + c.layer->offset + slot - 1;
  v = p + 4;
  n = load_be16(p + 2) - 4u;
  return true;
}

void info_cdp(const FieldCtx& c, TextOut& o) {
  const auto& f = du::get<CdpFields>(c);
  fmt::Text<1024> t;
  const uint8_t* v;
  uint32_t n;
  if (cdp_tlv(c, f.device, v, n)) {
    t.s("Device ID: ");
    app::append_text(t, v, n, true);
    t.s("  ");
  }
  if (cdp_tlv(c, f.port, v, n)) {
    t.s("Port ID: ");
    app::append_text(t, v, n, true);
    t.s("  ");
  }
  t.to(o);
}

template <uint16_t CdpFields::*Slot>
void cdp_string(const FieldCtx& c, FieldOut& o) {
  const uint8_t* v;
  uint32_t n;
  if (cdp_tlv(c, du::get<CdpFields>(c).*Slot, v, n)) o.value(std::string_view(reinterpret_cast<const char*>(v), n));
}

}  // namespace

void register_ctl(Registry& r) {
  // STP
  r.add_proto({Proto::Stp, "stp", "STP", decode_stp, info_stp});
  r.add_field({"stp.protocol", Proto::Stp, du::uint_at<0, 2, 0, 4>});
  r.add_field({"stp.version", Proto::Stp, du::uint_at<2, 1>});
  r.add_field({"stp.type", Proto::Stp, du::uint_at<3, 1, 0, 2>});
  r.add_field({"stp.flags", Proto::Stp, du::uint_at<4, 1, 0, 2>});
  r.add_field({"stp.flags.tcack", Proto::Stp, stp_flag<0x80>});
  r.add_field({"stp.flags.agreement", Proto::Stp, stp_flag<0x40>});
  r.add_field({"stp.flags.forwarding", Proto::Stp, stp_flag<0x20>});
  r.add_field({"stp.flags.learning", Proto::Stp, stp_flag<0x10>});
  r.add_field({"stp.flags.port_role", Proto::Stp, stp_flag<0x0c>});
  r.add_field({"stp.flags.proposal", Proto::Stp, stp_flag<0x02>});
  r.add_field({"stp.flags.tc", Proto::Stp, stp_flag<0x01>});
  r.add_field({"stp.root.prio", Proto::Stp, stp_id_part<5, true>});
  r.add_field({"stp.root.ext", Proto::Stp, stp_id_part<5, false>});
  r.add_field({"stp.root.hw", Proto::Stp, du::mac_at<7>});
  r.add_field({"stp.root.cost", Proto::Stp, du::uint_at<13, 4>});
  r.add_field({"stp.bridge.prio", Proto::Stp, stp_id_part<17, true>});
  r.add_field({"stp.bridge.ext", Proto::Stp, stp_id_part<17, false>});
  r.add_field({"stp.bridge.hw", Proto::Stp, du::mac_at<19>});
  r.add_field({"stp.port", Proto::Stp, du::uint_at<25, 2, 0, 4>});
  r.add_field({"stp.msg_age", Proto::Stp, stp_time<27>});
  r.add_field({"stp.max_age", Proto::Stp, stp_time<29>});
  r.add_field({"stp.hello", Proto::Stp, stp_time<31>});
  r.add_field({"stp.forward", Proto::Stp, stp_time<33>});
  r.add_field({"stp.version_1_length", Proto::Stp, du::uint_at<35, 1>});
  r.add_field({"mstp.version_3_length", Proto::Stp, du::uint_at<36, 2>});
  r.add_field({"mstp.config_format_selector", Proto::Stp, du::uint_at<38, 1>});
  r.add_field({"mstp.config_revision_level", Proto::Stp, du::uint_at<71, 2>});
  r.add_field({"mstp.cist_internal_root_path_cost", Proto::Stp, du::uint_at<89, 4>});
  r.add_field({"mstp.cist_bridge.hw", Proto::Stp, du::mac_at<95>});
  r.add_field({"mstp.cist_remaining_hops", Proto::Stp, du::uint_at<101, 1>});
  // VRRP
  r.add_proto({Proto::Vrrp, "vrrp", "VRRP", decode_vrrp, info_vrrp});
  r.add_dispatch(Table::IpProto, 112, Proto::Vrrp);
  r.add_field({"vrrp.version", Proto::Vrrp, du::uint_at<0, 1, 0xf0>});
  r.add_field({"vrrp.type", Proto::Vrrp, du::uint_at<0, 1, 0x0f>});
  r.add_field({"vrrp.virt_rtr_id", Proto::Vrrp, du::uint_at<1, 1>});
  r.add_field({"vrrp.prio", Proto::Vrrp, du::uint_at<2, 1>});
  r.add_field({"vrrp.addr_count", Proto::Vrrp, du::uint_at<3, 1>});
  r.add_field({"vrrp.auth_type", Proto::Vrrp, du::when<vrrp_v2, du::uint_at<4, 1>>});
  r.add_field({"vrrp.adver_int", Proto::Vrrp, du::when<vrrp_v2, du::uint_at<5, 1>>});
  r.add_field({"vrrp.short_adver_int", Proto::Vrrp, du::when<vrrp_v3, du::uint_at<4, 2, 0x0fff>>});
  r.add_field({"vrrp.checksum", Proto::Vrrp, du::uint_at<6, 2, 0, 4>});
  r.add_field({"vrrp.ip_addr", Proto::Vrrp, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<VrrpFields>(c);
                 if (f.ipv6 || c.layer->truncated) return;
                 for (uint32_t i = 0; i < f.count; ++i) o.value(fmt::ipv4(c.pkt.data() + c.layer->offset + 8 + 4 * i));
               }});
  r.add_field({"vrrp.ipv6_addr", Proto::Vrrp, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<VrrpFields>(c);
                 if (!f.ipv6 || c.layer->truncated) return;
                 for (uint32_t i = 0; i < f.count; ++i) o.value(fmt::ipv6(c.pkt.data() + c.layer->offset + 8 + 16 * i));
               }});
  // HSRP
  r.add_proto({Proto::Hsrp, "hsrp", "HSRP", decode_hsrp, info_hsrp, names_hsrp});
  r.add_dispatch(Table::UdpPort, 1985, Proto::Hsrp);
  r.add_dispatch(Table::UdpPort, 2029, Proto::Hsrp);  // HSRPv2 over IPv6
  r.add_field({"hsrp.version", Proto::Hsrp, du::when<hsrp_v1, du::uint_at<0, 1>>});
  r.add_field({"hsrp.opcode", Proto::Hsrp, du::when<hsrp_v1, du::uint_at<1, 1>>});
  r.add_field({"hsrp.state", Proto::Hsrp, du::when<hsrp_v1_hello, du::uint_at<2, 1>>});
  r.add_field({"hsrp.hellotime", Proto::Hsrp, du::when<hsrp_v1_hello, du::uint_at<3, 1>>});
  r.add_field({"hsrp.holdtime", Proto::Hsrp, du::when<hsrp_v1_hello, du::uint_at<4, 1>>});
  r.add_field({"hsrp.priority", Proto::Hsrp, du::when<hsrp_v1_hello, du::uint_at<5, 1>>});
  r.add_field({"hsrp.group", Proto::Hsrp, du::when<hsrp_v1_hello, du::uint_at<6, 1>>});
  r.add_field({"hsrp.reserved", Proto::Hsrp, du::when<hsrp_v1_hello, du::uint_at<7, 1>>});
  r.add_field({"hsrp.virt_ip", Proto::Hsrp, du::when<hsrp_v1_hello, du::ipv4_at<16>>});
  r.add_field({"hsrp.adv.tlvtype", Proto::Hsrp, du::when<hsrp_v1_advertise, du::uint_at<2, 2>>});
  r.add_field({"hsrp.adv.tlvlength", Proto::Hsrp, du::when<hsrp_v1_advertise, du::uint_at<4, 2>>});
  r.add_field({"hsrp.adv.state", Proto::Hsrp, du::when<hsrp_v1_advertise, du::uint_at<6, 1>>});
  r.add_field({"hsrp.adv.activegrp", Proto::Hsrp, du::when<hsrp_v1_advertise, du::uint_at<8, 2>>});
  r.add_field({"hsrp.adv.passivegrp", Proto::Hsrp, du::when<hsrp_v1_advertise, du::uint_at<10, 2>>});
  r.add_field({"hsrp2.version", Proto::Hsrp, du::when<hsrp_v2, du::uint_at<2, 1>>});
  r.add_field({"hsrp2.opcode", Proto::Hsrp, du::when<hsrp_v2, du::uint_at<3, 1>>});
  r.add_field({"hsrp2.state", Proto::Hsrp, du::when<hsrp_v2, du::uint_at<4, 1>>});
  r.add_field({"hsrp2.ipversion", Proto::Hsrp, du::when<hsrp_v2, du::uint_at<5, 1>>});
  r.add_field({"hsrp2.group", Proto::Hsrp, du::when<hsrp_v2, du::uint_at<6, 2>>});
  r.add_field({"hsrp2.identifier", Proto::Hsrp, du::when<hsrp_v2, du::mac_at<8>>});
  r.add_field({"hsrp2.priority", Proto::Hsrp, du::when<hsrp_v2, du::uint_at<14, 4>>});
  r.add_field({"hsrp2.hellotime", Proto::Hsrp, du::when<hsrp_v2, du::uint_at<18, 4>>});
  r.add_field({"hsrp2.holdtime", Proto::Hsrp, du::when<hsrp_v2, du::uint_at<22, 4>>});
  r.add_field({"hsrp2.virt_ip", Proto::Hsrp, du::when<hsrp_v2_ipv4, du::ipv4_at<26>>});
  r.add_field({"hsrp2.virt_ip_v6", Proto::Hsrp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::get<HsrpFields>(c).v2 && du::byte_at(c, 5) == 6 && c.layer->hdr_len >= 42 &&
                     du::frame_has(c.pkt, c.layer->offset + 26, 16))
                   o.value(fmt::ipv6(c.pkt.data() + c.layer->offset + 26));
               }});
  // LLDP
  r.add_proto({Proto::Lldp, "lldp", "LLDP", decode_lldp, info_lldp});
  r.add_dispatch(Table::EtherType, 0x88cc, Proto::Lldp);
  r.add_field({"lldp.tlv.type", Proto::Lldp, lldp_tlv_each<true>});
  r.add_field({"lldp.tlv.len", Proto::Lldp, lldp_tlv_each<false>});
  r.add_field({"lldp.chassis.subtype", Proto::Lldp, lldp_subtype<&LldpFields::chassis>});
  r.add_field({"lldp.chassis.id.mac", Proto::Lldp, lldp_id_mac<&LldpFields::chassis, 4>});
  r.add_field({"lldp.port.subtype", Proto::Lldp, lldp_subtype<&LldpFields::port>});
  r.add_field({"lldp.port.id.mac", Proto::Lldp, lldp_id_mac<&LldpFields::port, 3>});
  r.add_field({"lldp.port.id", Proto::Lldp, [](const FieldCtx& c, FieldOut& o) {
                 const uint8_t* v;
                 uint32_t n;
                 // Interface alias, port component, interface name, agent
                 // circuit ID, locally assigned: text.
                 if (lldp_tlv(c, du::get<LldpFields>(c).port, v, n) && n >= 1 && v[0] != 3 && v[0] != 4)
                   o.value(std::string_view(reinterpret_cast<const char*>(v + 1), n - 1));
               }});
  r.add_field({"lldp.time_to_live", Proto::Lldp, [](const FieldCtx& c, FieldOut& o) {
                 const uint8_t* v;
                 uint32_t n;
                 if (lldp_tlv(c, du::get<LldpFields>(c).ttl, v, n) && n >= 2) du::dec(o, load_be16(v));
               }});
  r.add_field({"lldp.port.desc", Proto::Lldp, lldp_string<&LldpFields::port_desc>});
  r.add_field({"lldp.tlv.system.name", Proto::Lldp, lldp_string<&LldpFields::sys_name>});
  r.add_field({"lldp.tlv.system.desc", Proto::Lldp, lldp_string<&LldpFields::sys_desc>});
  r.add_field({"lldp.tlv.system_cap", Proto::Lldp, lldp_caps<0>});
  r.add_field({"lldp.tlv.enable_system_cap", Proto::Lldp, lldp_caps<2>});
  // PTP (Ethernet, UDP event and general ports)
  r.add_proto({Proto::Ptp, "ptp", "PTP", decode_ptp, info_ptp, names_ptp});
  r.add_dispatch(Table::EtherType, 0x88f7, Proto::Ptp);
  r.add_dispatch(Table::UdpPort, 319, Proto::Ptp);
  r.add_dispatch(Table::UdpPort, 320, Proto::Ptp);
  r.add_field({"ptp.v2.majorsdoid", Proto::Ptp, ptp2_uint<0, 1, 0xf0, 2>});
  r.add_field({"ptp.v2.messagetype", Proto::Ptp, ptp2_uint<0, 1, 0x0f, 2>});
  r.add_field({"ptp.v2.minorversionptp", Proto::Ptp, ptp2_uint<1, 1, 0xf0>});
  r.add_field({"ptp.v2.versionptp", Proto::Ptp, ptp2_uint<1, 1, 0x0f>});
  r.add_field({"ptp.v2.messagelength", Proto::Ptp, ptp2_uint<2, 2>});
  r.add_field({"ptp.v2.domainnumber", Proto::Ptp, ptp2_uint<4, 1>});
  r.add_field({"ptp.v2.minorsdoid", Proto::Ptp, ptp2_uint<5, 1>});
  r.add_field({"ptp.v2.flags", Proto::Ptp, ptp2_uint<6, 2, 0, 4>});
  r.add_field({"ptp.v2.clockidentity", Proto::Ptp, ptp2_uint<20, 8, 0, 16>});
  r.add_field({"ptp.v2.sourceportid", Proto::Ptp, ptp2_uint<28, 2>});
  r.add_field({"ptp.v2.sequenceid", Proto::Ptp, ptp2_uint<30, 2>});
  r.add_field({"ptp.v2.controlfield", Proto::Ptp, ptp2_uint<32, 1>});
  r.add_field({"ptp.v2.logmessageperiod", Proto::Ptp, [](const FieldCtx& c, FieldOut& o) {
                 uint64_t v;
                 if (du::get<PtpFields>(c).version == 2 && du::read_be(c, 33, 1, v)) o.value(fmt::sdec(int8_t(v)));
               }});
  // CDP (reached from LLC SNAP, eth.cpp)
  r.add_proto({Proto::Ctp, "loop", "LOOP", decode_ctp, info_ctp});
  r.add_dispatch(Table::EtherType, 0x9000, Proto::Ctp);
  r.add_field({"loop.skipcount", Proto::Ctp, [](const FieldCtx& c, FieldOut& o) {
                 if (c.layer->hdr_len >= 2) du::dec(o, le16(c, 0));
               }});
  r.add_field({"loop.relevant_function", Proto::Ctp, [](const FieldCtx& c, FieldOut& o) {
                 if (uint16_t r = du::get<CtpFields>(c).relevant) du::dec(o, r);
               }});
  r.add_field({"loop.function", Proto::Ctp, [](const FieldCtx& c, FieldOut& o) {
                 ctp_functions(c, [&](uint32_t at) { du::dec(o, le16(c, at)); });
               }});
  r.add_field({"loop.forwarding_address", Proto::Ctp, [](const FieldCtx& c, FieldOut& o) {
                 ctp_functions(c, [&](uint32_t at) {
                   if (le16(c, at) == 2 && at + 8 <= c.layer->hdr_len)
                     o.value(fmt::mac(c.pkt.data() + c.layer->offset + at + 2));
                 });
               }});
  r.add_field({"loop.receipt_number", Proto::Ctp, [](const FieldCtx& c, FieldOut& o) {
                 ctp_functions(c, [&](uint32_t at) {
                   if (le16(c, at) == 1 && at + 4 <= c.layer->hdr_len) du::dec(o, le16(c, at + 2));
                 });
               }});
  r.add_proto({Proto::Geonw, "gnw", "GEONW", decode_geonw, [](const FieldCtx&, TextOut&) {}});
  r.add_dispatch(Table::EtherType, 0x8947, Proto::Geonw);
  r.add_field({"geonw.bh.version", Proto::Geonw, du::uint_at<0, 1, 0xf0>});
  r.add_field({"geonw.bh.nh", Proto::Geonw, du::uint_at<0, 1, 0x0f>});
  r.add_field({"geonw.bh.reserved", Proto::Geonw, du::uint_at<1, 1, 0, 2>});
  r.add_field({"geonw.bh.lt", Proto::Geonw, du::uint_at<2, 1>});
  r.add_field({"geonw.bh.rhl", Proto::Geonw, du::uint_at<3, 1>});
  r.add_proto({Proto::Dtp, "dtp", "DTP", decode_dtp,
               [](const FieldCtx&, TextOut& o) { o.append("Dynamic Trunk Protocol"); }});
  r.add_field({"dtp.version", Proto::Dtp, du::uint_at<0, 1>});
  r.add_field({"dtp.tlv_type", Proto::Dtp, [](const FieldCtx& c, FieldOut& o) {
                 dtp_tlvs(c, [&](uint32_t, uint16_t type, uint16_t) { du::hex(o, type, 4); });
               }});
  r.add_field({"dtp.tlv_len", Proto::Dtp, [](const FieldCtx& c, FieldOut& o) {
                 dtp_tlvs(c, [&](uint32_t, uint16_t, uint16_t len) { du::dec(o, len); });
               }});
  r.add_field({"dtp.domain", Proto::Dtp, [](const FieldCtx& c, FieldOut& o) {
                 const uint8_t* p = c.pkt.data() + c.layer->offset;
                 uint32_t n = du::min32(c.layer->hdr_len, c.pkt.caplen() - c.layer->offset);
                 dtp_tlvs(c, [&](uint32_t at, uint16_t type, uint16_t len) {
                   if (type != 1 || len < 4) return;
                   uint32_t end = du::min32(at + len, n), e = at + 4;
                   while (e < end && p[e]) ++e;  // (a C string)
                   o.value(std::string_view(reinterpret_cast<const char*>(p + at + 4), e - (at + 4)));
                 });
               }});
  r.add_field({"dtp.tos", Proto::Dtp, dtp_bits<2, 0x80>});
  r.add_field({"dtp.tas", Proto::Dtp, dtp_bits<2, 0x07>});
  r.add_field({"dtp.tot", Proto::Dtp, dtp_bits<3, 0xe0>});
  r.add_field({"dtp.tat", Proto::Dtp, dtp_bits<3, 0x07>});
  r.add_field({"dtp.senderid", Proto::Dtp, [](const FieldCtx& c, FieldOut& o) {
                 const uint8_t* p = c.pkt.data() + c.layer->offset;
                 uint32_t n = du::min32(c.layer->hdr_len, c.pkt.caplen() - c.layer->offset);
                 dtp_tlvs(c, [&](uint32_t at, uint16_t type, uint16_t len) {
                   if (type == 4 && len >= 10 && at + 10 <= n) o.value(fmt::mac(p + at + 4));
                 });
               }});
  r.add_proto({Proto::Ndp, "ndp", "NDP", decode_ndp, info_ndp});
  r.add_field({"ndp.ipaddress", Proto::Ndp, du::ipv4_at<0>});
  r.add_field({"ndp.segmentident", Proto::Ndp, du::uint_at<4, 3, 0, 6>});
  r.add_field({"ndp.chassis", Proto::Ndp, du::uint_at<7, 1>});
  r.add_field({"ndp.backplane", Proto::Ndp, du::uint_at<8, 1>});
  r.add_field({"ndp.state", Proto::Ndp, du::uint_at<9, 1>});
  r.add_field({"ndp.numberoflinks", Proto::Ndp, du::uint_at<10, 1>});
  r.add_proto({Proto::Cdp, "cdp", "CDP", decode_cdp, info_cdp});
  r.add_dispatch(Table::EtherType, 0x2000, Proto::Cdp);  // CDP over GRE (its protocol type)
  r.add_field({"cdp.version", Proto::Cdp, du::uint_at<0, 1>});
  r.add_field({"cdp.ttl", Proto::Cdp, du::uint_at<1, 1>});
  r.add_field({"cdp.checksum", Proto::Cdp, du::uint_at<2, 2, 0, 4>});
  r.add_field({"cdp.deviceid", Proto::Cdp, cdp_string<&CdpFields::device>});
  r.add_field({"cdp.portid", Proto::Cdp, cdp_string<&CdpFields::port>});
  r.add_field({"cdp.platform", Proto::Cdp, cdp_string<&CdpFields::platform>});
  r.add_field({"cdp.software_version", Proto::Cdp, [](const FieldCtx& c, FieldOut& o) {
                 const uint8_t* v;
                 uint32_t n;
                 if (!cdp_tlv(c, du::get<CdpFields>(c).software, v, n)) return;
                 const char* s = reinterpret_cast<const char*>(v);
                 for (uint32_t start = 0, i = 0; i <= n; ++i)  // one value per line
                   if (i == n || s[i] == '\n') {
                     if (i > start || i < n) o.value(std::string_view(s + start, i - start));
                     start = i + 1;
                   }
               }});
  // BFD control (single hop, multihop, micro-BFD on LAG members, S-BFD)
  r.add_proto({Proto::Bfd, "bfd", "BFD Control", decode_bfd, info_bfd});
  for (uint16_t port : {3784, 4784, 6784, 7784}) r.add_dispatch(Table::UdpPort, port, Proto::Bfd);
  r.add_field({"bfd.version", Proto::Bfd, du::uint_at<0, 1, 0xe0>});
  r.add_field({"bfd.diag", Proto::Bfd, du::uint_at<0, 1, 0x1f, 2>});
  r.add_field({"bfd.sta", Proto::Bfd, du::uint_at<1, 1, 0xc0, 2>});
  r.add_field({"bfd.flags", Proto::Bfd, du::uint_at<1, 1, 0, 2>});
  r.add_field({"bfd.flags.p", Proto::Bfd, bfd_flag<0x20>});
  r.add_field({"bfd.flags.f", Proto::Bfd, bfd_flag<0x10>});
  r.add_field({"bfd.flags.c", Proto::Bfd, bfd_flag<0x08>});
  r.add_field({"bfd.flags.a", Proto::Bfd, bfd_flag<0x04>});
  r.add_field({"bfd.flags.m", Proto::Bfd, bfd_flag<0x01>});
  r.add_field({"bfd.detect_time_multiplier", Proto::Bfd, du::uint_at<2, 1>});
  r.add_field({"bfd.message_length", Proto::Bfd, du::uint_at<3, 1>});
  r.add_field({"bfd.my_discriminator", Proto::Bfd, du::uint_at<4, 4, 0, 8>});
  r.add_field({"bfd.your_discriminator", Proto::Bfd, du::uint_at<8, 4, 0, 8>});
  r.add_field({"bfd.desired_min_tx_interval", Proto::Bfd, du::uint_at<12, 4>});
  r.add_field({"bfd.required_min_rx_interval", Proto::Bfd, du::uint_at<16, 4>});
  r.add_field({"bfd.required_min_echo_interval", Proto::Bfd, du::uint_at<20, 4>});
  r.add_field({"bfd.auth.type", Proto::Bfd, [](const FieldCtx& c, FieldOut& o) {
                 if (du::byte_at(c, 1) & 0x04) du::uint_at<24, 1>(c, o);
               }});
}

}  // namespace weir
