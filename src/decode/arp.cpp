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
bool is_ether_ip(const ArpFields& f) { return hw_is_ether(f) && pro_is_ipv4(f); }

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

void info_arp(const FieldCtx& c, TextOut& o) {
  const auto& f = du::get<ArpFields>(c);
  const uint8_t* d = c.pkt.data();
  du::Text t;
  bool ok = is_ether_ip(f) && f.sha_off && f.spa_off && f.tha_off && f.tpa_off;
  if (!ok) {
    t.s("ARP opcode ").d(f.opcode).s(" (").s(op_name(f.opcode)).s(")");
  } else if (f.opcode == 1 || f.opcode == 2) {
    // As tshark: gratuitous when the sender and target addresses are equal;
    // a request of that kind with a zero target MAC is an announcement, one
    // from 0.0.0.0 to a zero MAC a probe (RFC 5227).
    static const uint8_t kZero[6] = {};
    bool grat = load_be32(d + f.spa_off) == load_be32(d + f.tpa_off);
    bool tha_zero = !std::memcmp(d + f.tha_off, kZero, 6);
    if (f.opcode == 2) {
      if (grat) t.s("Gratuitous ARP for ").ip4(d + f.spa_off).s(" (Reply)");
      else t.ip4(d + f.spa_off).s(" is at ").mac(d + f.sha_off);
    } else if (grat && tha_zero) {
      t.s("ARP Announcement for ").ip4(d + f.spa_off);
    } else if (grat) {
      t.s("Gratuitous ARP for ").ip4(d + f.spa_off).s(" (Request)");
    } else if (load_be32(d + f.spa_off) == 0 && tha_zero) {
      t.s("Who has ").ip4(d + f.tpa_off).s("? (ARP Probe)");
    } else {
      t.s("Who has ").ip4(d + f.tpa_off).s("? Tell ").ip4(d + f.spa_off);
    }
  } else if (f.opcode == 3) {
    t.s("Who is ").mac(d + f.tha_off).s("? Tell ").mac(d + f.sha_off);
  } else if (f.opcode == 4) {
    t.mac(d + f.tha_off).s(" is at ").ip4(d + f.tpa_off);
  } else {
    t.s("ARP opcode ").d(f.opcode);
  }
  t.to(o);
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
  r.add_proto({Proto::Arp, "arp", "ARP", decode_arp, info_arp});
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
}

}  // namespace weir
