// ARP and RARP (RFC 826 / RFC 903); Wireshark shows both as "arp".
#include <cstring>

#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

void decode_arp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<ArpFields>();
  f = {};
  ByteCursor c = in.cursor();
  if (!c.be16(f.htype) || !c.be16(f.ptype) || !c.u8(f.hlen) || !c.u8(f.plen) || !c.be16(f.opcode))
    return du::truncated(in, layer, res, "truncated_arp_header");
  if (f.htype == 19) {  // ATM ARP (RFC 2225) has another layout: not decoded
    layer.hdr_len = in.avail;
    return;
  }
  uint32_t base = in.offset + 8;
  uint32_t need = 2u * f.hlen + 2u * f.plen;
  if (!c.can_read(need)) {
    // Wireshark shows none of the addresses unless all of them are there;
    // the offsets stay 0 (absent).
    layer.truncated = 1;
    layer.hdr_len = in.avail;
    res.anomaly = "truncated_arp_addresses";
    res.stop = true;
    return;
  }
  f.sha_off = base;
  f.spa_off = base + f.hlen;
  f.tha_off = base + f.hlen + f.plen;
  f.tpa_off = base + 2u * f.hlen + f.plen;
  layer.hdr_len = 8 + need;
  layer.payload_len = 0;  // the rest is Ethernet padding
}

// Wireshark's ARP_HW_IS_ETHER / ARP_PRO_IS_IPv4.
bool hw_is_ether(const ArpFields& f) { return (f.htype == 1 || f.htype == 2 || f.htype == 6) && f.hlen == 6; }
bool pro_is_ipv4(const ArpFields& f) { return (f.ptype == 0x0800 || f.ptype == 0xcc) && f.plen == 4; }

const char* op_name(uint16_t op) {
  switch (op) {
    case 1: return "request";
    case 2: return "reply";
    case 3: return "reverse request";
    case 4: return "reverse reply";
    case 8: return "inverse request";
    case 9: return "inverse reply";
    default: return "unknown";
  }
}

// Addresses as tshark writes them in the info: a MAC / dotted IPv4 for
// Ethernet / IPv4 of the usual sizes, else the bytes in hex ("c0a80101").
template <size_t N>
fmt::Text<N>& hw_addr(fmt::Text<N>& t, const ArpFields& f, const uint8_t* p) {
  if (hw_is_ether(f)) return t.mac(p);
  char buf[2 * 255];
  return t.s(std::string_view(buf, fmt::hexbytes(buf, p, f.hlen, 0)));
}
template <size_t N>
fmt::Text<N>& pro_addr(fmt::Text<N>& t, const ArpFields& f, const uint8_t* p) {
  if (pro_is_ipv4(f)) return t.ip4(p);
  char buf[2 * 255];
  return t.s(std::string_view(buf, fmt::hexbytes(buf, p, f.plen, 0)));
}

// tshark's info for requests and replies (gratuitous, announcement, probe),
// reverse and inverse ARP; then " (duplicate use of ... detected!)" when
// the StreamTracker saw the sender's address with another MAC.
void info_arp(const FieldCtx& c, TextOut& o) {
  const auto& f = du::get<ArpFields>(c);
  const uint8_t* d = c.pkt.data();
  du::Text t;
  bool ok = f.htype != 19 && f.sha_off && f.spa_off && f.tha_off && f.tpa_off;
  if (!ok) {
    t.s("ARP opcode ").d(f.opcode).s(" (").s(op_name(f.opcode)).s(")");
  } else if (f.opcode == 1 || f.opcode == 2) {
    bool grat = !std::memcmp(d + f.spa_off, d + f.tpa_off, f.plen);
    bool tha_zero = true;  // tshark compares 6 bytes whatever the size
    for (uint32_t i = 0; i < 6; ++i) tha_zero = tha_zero && (f.tha_off + i >= c.pkt.caplen() || d[f.tha_off + i] == 0);
    bool spa_zero = f.plen == 4 && load_be32(d + f.spa_off) == 0;
    if (f.opcode == 2) {
      if (grat) pro_addr(t.s("Gratuitous ARP for "), f, d + f.spa_off).s(" (Reply)");
      else hw_addr(pro_addr(t, f, d + f.spa_off).s(" is at "), f, d + f.sha_off);
    } else if (grat && tha_zero) {
      pro_addr(t.s("ARP Announcement for "), f, d + f.tpa_off);
    } else if (grat) {
      pro_addr(t.s("Gratuitous ARP for "), f, d + f.tpa_off).s(" (Request)");
    } else if (spa_zero && tha_zero) {
      pro_addr(t.s("Who has "), f, d + f.tpa_off).s("? (ARP Probe)");
    } else {
      pro_addr(pro_addr(t.s("Who has "), f, d + f.tpa_off).s("? Tell "), f, d + f.spa_off);
    }
  } else if (f.opcode == 3 || f.opcode == 8 || f.opcode == 5) {  // reverse, inverse, DRARP requests
    hw_addr(hw_addr(t.s("Who is "), f, d + f.tha_off).s("? Tell "), f, d + f.sha_off);
  } else if (f.opcode == 4 || f.opcode == 6) {
    pro_addr(hw_addr(t, f, d + f.tha_off).s(" is at "), f, d + f.tpa_off);
  } else if (f.opcode == 9) {
    pro_addr(hw_addr(t, f, d + f.sha_off).s(" is at "), f, d + f.spa_off);
  } else if (f.opcode == 7) {
    t.s("DRARP Error");
  } else if (f.opcode == 10) {
    t.s("ARP NAK");
  } else if (f.opcode == 24 || f.opcode == 25) {
    t.s(f.opcode == 24 ? "Experimental 1 ( opcode " : "Experimental 2 ( opcode ").d(f.opcode).s(" )");
  } else if (f.opcode == 0 || f.opcode == 65535) {
    t.s("Reserved opcode ").d(f.opcode);
  } else {
    char hx[4];
    uint8_t be[2] = {uint8_t(f.opcode >> 8), uint8_t(f.opcode)};
    fmt::hexbytes(hx, be, 2, 0);
    t.s("Unknown ARP opcode 0x").s(std::string_view(hx, 4));
  }
  if (c.pkt.arp_dup_info) t.s(" (duplicate use of ").ip4(c.pkt.arp_dup_ip).s(" detected!)");
  t.to(o);
}

void names_arp(const FieldCtx& c, const char*&, const char*& display) {
  switch (du::get<ArpFields>(c).opcode) {
    case 3: case 4: display = "RARP"; break;
    case 5: case 6: case 7: display = "DRARP"; break;
    case 8: case 9: display = "Inverse ARP"; break;
    default: break;
  }
}

bool atm(const FieldCtx& c) { return du::get<ArpFields>(c).htype == 19; }

// Address emitters: present only when captured and of the standard sizes.
void emit_mac_at(const FieldCtx& c, FieldOut& o, uint32_t off) {
  const auto& f = du::get<ArpFields>(c);
  if (off && hw_is_ether(f) && du::frame_has(c.pkt, off, 6)) o.value(fmt::mac(c.pkt.data() + off));
}
void emit_ip_at(const FieldCtx& c, FieldOut& o, uint32_t off) {
  const auto& f = du::get<ArpFields>(c);
  if (off && pro_is_ipv4(f) && du::frame_has(c.pkt, off, 4))
    o.value(fmt::ipv4(c.pkt.data() + off));
}

}  // namespace

void register_arp(Registry& r) {
  r.add_proto({Proto::Arp, "arp", "ARP", decode_arp, info_arp, names_arp});
  r.add_dispatch(Table::EtherType, 0x0806, Proto::Arp);
  r.add_dispatch(Table::EtherType, 0x8035, Proto::Arp);  // RARP
  r.add_field({"arp.hw.type", Proto::Arp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 2) && !atm(c)) du::dec(o, du::get<ArpFields>(c).htype);
               }});
  r.add_field({"arp.proto.type", Proto::Arp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 4) && !atm(c)) du::hex(o, du::get<ArpFields>(c).ptype, 4);
               }});
  r.add_field({"arp.hw.size", Proto::Arp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 5) && !atm(c)) du::dec(o, du::get<ArpFields>(c).hlen);
               }});
  r.add_field({"arp.proto.size", Proto::Arp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 6) && !atm(c)) du::dec(o, du::get<ArpFields>(c).plen);
               }});
  r.add_field({"arp.opcode", Proto::Arp, [](const FieldCtx& c, FieldOut& o) {
                 if (du::has(c, 8) && !atm(c)) du::dec(o, du::get<ArpFields>(c).opcode);
               }});
  r.add_field({"arp.src.hw_mac", Proto::Arp, [](const FieldCtx& c, FieldOut& o) {
                 emit_mac_at(c, o, du::get<ArpFields>(c).sha_off);
               }});
  r.add_field({"arp.src.proto_ipv4", Proto::Arp, [](const FieldCtx& c, FieldOut& o) {
                 emit_ip_at(c, o, du::get<ArpFields>(c).spa_off);
               }});
  r.add_field({"arp.dst.hw_mac", Proto::Arp, [](const FieldCtx& c, FieldOut& o) {
                 emit_mac_at(c, o, du::get<ArpFields>(c).tha_off);
               }});
  r.add_field({"arp.dst.proto_ipv4", Proto::Arp, [](const FieldCtx& c, FieldOut& o) {
                 emit_ip_at(c, o, du::get<ArpFields>(c).tpa_off);
               }});
  // Wireshark's duplicate address detection (StreamTracker::arp_state).
  r.add_field({"arp.duplicate-address-detected", Proto::Arp, [](const FieldCtx& c, FieldOut& o) {
                 if (c.pkt.arp_dup_frame) o.value("1");
               }, true});
  r.add_field({"arp.duplicate-address-frame", Proto::Arp, [](const FieldCtx& c, FieldOut& o) {
                 if (c.pkt.arp_dup_frame) du::dec(o, c.pkt.arp_dup_frame);
               }, true});
  r.add_field({"arp.seconds-since-duplicate-address-frame", Proto::Arp, [](const FieldCtx& c, FieldOut& o) {
                 if (c.pkt.arp_dup_frame) du::dec(o, c.pkt.arp_dup_secs);
               }, true});
}

}  // namespace weir
