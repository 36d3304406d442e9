// IPv4 (RFC 791). Non-first fragments are not decoded further (their payload
// is not a transport header); first fragments are, as Wireshark does with
// reassembly off. With reassembly on (engine/defrag.hpp) a stored fragment
// shows its payload as data, and the frame that completes a datagram
// carries it after its own header (DecodedPacket::defrag). A total length of 0 is taken as TSO/GSO (use what the
// lower layer claims).
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

const char* ip_proto_name(uint8_t p) {
  switch (p) {
    case 1: return "ICMP";
    case 2: return "IGMP";
    case 4: return "IPIP";
    case 6: return "TCP";
    case 17: return "UDP";
    case 41: return "IPv6";
    case 47: return "GRE";
    case 50: return "ESP";
    case 51: return "AH";
    case 58: return "ICMPv6";
    case 132: return "SCTP";
    default: return nullptr;
  }
}

}  // namespace

// tshark's ip.proto names (the IANA protocol numbers; "Unknown" for the
// rest), which its info shows for a payload nothing decodes.
const char* ip_proto_long_name(uint8_t p) {
  static constexpr const char* kNames[256] = {
    "IPv6 Hop-by-Hop Option", "ICMP", "IGMP", "GGP", "IPIP", "Stream", "TCP", "CBT", "EGP", "IGRP", "BBN RCC",
    "Network Voice", "PUP", "ARGUS", "EMCON", "XNET", "CHAOS", "UDP", "Multiplex", "DCN Measurement",
    "Host Monitoring", "Packet radio", "IDP", "Trunk-1", "Trunk-2", "Leaf-1", "Leaf-2", "Reliable Data", "IRT",
    "ISO TP4", "Bulk Data", "MFE NSP", "Merit Internodal", "Datagram Congestion Control Protocol",
    "3rd Party Connect", "Inter-Domain Policy Routing Protocol", "XTP", "Datagram delivery", "Control Message",
    "TP++", "IL", "IPv6", "Source demand routing", "Routing Header for IPv6", "Fragment Header for IPv6",
    "Inter-Domain Routing Protocol", "Reservation Protocol", "Generic Routing Encapsulation",
    "Dynamic source routing", "BNA", "Encap Security Payload", "Authentication Header", "INSLP", "SWIPE", "NBMA ARP",
    "IP Mobility", "TLSP Kryptonet", "SKIP", "ICMPv6", "No Next Header for IPv6", "Destination Options for IPv6",
    "any host internal protocol", "Mobile IPv6 (old)", "any local network", "SATNET EXPAK", "Kryptolan",
    "Remote Virtual Disk", "IPPC", "any distributed file system", "SATNET Monitoring", "VISA", "IPCV", "CPNX",
    "CPHB", "Wang Span", "Packet Video", "Backroom SATNET Mon", "Sun ND Protocol", "Wideband Mon", "Wideband Expak",
    "ISO Internet Protocol", "VMTP", "Secure VMTP", "VINES", "TTP", "NSFNET IGP", "Dissimilar Gateway", "TCF",
    "EIGRP", "OSPF IGP", "Sprite RPC", "Locus ARP", "Multicast Transport", "AX.25 Frames", "IP in IP", "MICP",
    "Semaphore", "Ether in IP", "ENCAP", "any private encryption scheme", "GMTP", "Ipsilon Flow", "PNNI over IP",
    "PIM", "ARIS", "SCPS", "QNX", "Active Networks", "IPComp", "Sitara Networks", "Compaq Peer", "IPX IN IP", "VRRP",
    "PGM", "any 0-hop protocol", "Layer 2 Tunneling", "DDX", "IATP", "STP", "SpectraLink", "UTI", "SMP", "SM", "PTP",
    "ISIS over IP", "FIRE", "CRTP", "CRUDP", "SSCOPMCE", "IPLT", "Secure Packet", "PIPE", "SCTP", "Fibre Channel",
    "RSVP E2EI", "Mobile IPv6", "UDPLite", "MPLS in IP", "MANET", "HIP", "Shim6 header", "WESP", "ROHC", "Ethernet",
    "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned",
    "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned",
    "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned",
    "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "AX/4000 Testframe", "Unassigned",
    "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned",
    "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned",
    "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned",
    "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned",
    "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned",
    "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned",
    "Unassigned", "Novell NCS Heartbeat", nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
    nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
    nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
  };
  return kNames[p] ? kNames[p] : "Unknown";
}

namespace {

struct Ipv4Layer {
  Ipv4Fields f;
  uint32_t tso_len;  // length taken from the lower layer when total_len was 0
};

void decode_ipv4(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& l = layer.as<Ipv4Layer>();
  l = {};
  auto& f = l.f;
  uint32_t& tso_len = l.tso_len;
  ByteCursor c = in.cursor();
  uint8_t vihl = 0;
  if (!c.u8(vihl)) return du::truncated(in, layer, res, "truncated_ipv4_header");
  f.version = vihl >> 4;
  f.ihl_bytes = uint8_t((vihl & 0x0f) * 4);
  if (f.version == 6) {  // Wireshark hands an IPv6 header under 0x0800 to IPv6
    layer.hdr_len = 0;
    layer.payload_len = in.claimed;
    res.next_proto = Proto::Ipv6;
    res.anomaly = "ipv6_in_ipv4_ethertype";
    return;
  }
  if (f.version != 4) {
    layer.hdr_len = 1;
    res.anomaly = "bad_ipv4_version";
    res.stop = true;
    return;
  }
  if (f.ihl_bytes < 20) {
    layer.hdr_len = 1;
    res.anomaly = "bad_ipv4_ihl";
    res.stop = true;
    return;
  }
  uint16_t fl = 0;
  const uint8_t* a = nullptr;
  const uint8_t* b = nullptr;
  if (!c.u8(f.tos) || !c.be16(f.total_len) || !c.be16(f.id) || !c.be16(fl) || !c.u8(f.ttl) ||
      !c.u8(f.proto) || !c.be16(f.checksum) || !c.bytes(a, 4) || !c.bytes(b, 4)) {
    // Keep what was there; has() hides the fields that were cut off.
    ByteCursor p = in.cursor();
    p.skip(1);
    p.u8(f.tos);
    p.be16(f.total_len);
    p.be16(f.id);
    if (p.be16(fl)) {
      f.rb = fl & 0x8000;
      f.df = fl & 0x4000;
      f.mf = fl & 0x2000;
      f.frag_off = fl & 0x1fff;
    }
    p.u8(f.ttl);
    p.u8(f.proto);
    p.be16(f.checksum);
    p.copy(f.src, 4);
    return du::truncated(in, layer, res, "truncated_ipv4_header");
  }
  std::memcpy(f.src, a, 4);
  std::memcpy(f.dst, b, 4);
  f.rb = fl & 0x8000;
  f.df = fl & 0x4000;
  f.mf = fl & 0x2000;
  f.frag_off = fl & 0x1fff;

  uint32_t total = f.total_len;
  if (total == 0) {
    // TSO/GSO/BIG TCP: the NIC fills the length in. Wireshark then shows the
    // length of what the lower layer carries as ip.len, and so do we.
    total = in.claimed;
    f.total_len = uint16_t(total > 0xffff ? 0 : total);
    tso_len = total;
  }
  if (total < f.ihl_bytes) {
    // Wireshark stops after the bogus length: hide the fields past it.
    layer.truncated = 1;
    layer.hdr_len = 4;
    res.anomaly = "bad_ipv4_total_length";
    res.stop = true;
    return;
  }
  if (!c.skip(f.ihl_bytes - 20u)) {
    layer.truncated = 1;
    layer.hdr_len = in.avail;
    res.anomaly = "truncated_ipv4_options";
    res.stop = true;
    return;
  }
  layer.hdr_len = f.ihl_bytes;
  // The payload ends at the total length, or earlier if the frame says so.
  uint32_t end = du::min32(total, in.claimed);
  layer.payload_len = end > f.ihl_bytes ? end - f.ihl_bytes : 0;
  const DecodedPacket::Defrag& dg = in.pkt->defrag;
  if (dg.layer == in.self) {
    if (!dg.complete) return;  // a fragment stored for reassembly: data
    layer.payload_len = dg.length;  // the reassembled datagram follows the header
  } else if (f.frag_off != 0) {
    return;  // non-first fragment: the payload is data
  }
  res.next = Table::IpProto;
  res.key1 = f.proto;
}

bool ok(const FieldCtx& c) { return du::get<Ipv4Fields>(c).version == 4; }
// Bytes of the fixed header that must be present for a field at [0, end).
bool at(const FieldCtx& c, uint32_t end) {
  const auto& f = du::get<Ipv4Fields>(c);
  return f.version == 4 && f.ihl_bytes >= 20 && du::has(c, end);
}

void info_ipv4(const FieldCtx& c, TextOut& o) {
  const auto& f = du::get<Ipv4Fields>(c);
  du::Text t;
  if (f.version != 4 && du::has(c, 1)) {
    t.s("Bogus IP version (").d(f.version).s(")");  // (tshark's IP, column "IP")
  } else if (!at(c, 20)) {
    t.s("Bogus IPv4 header");
  } else if (f.frag_off || f.mf) {
    const char* n = ip_proto_name(f.proto);
    char id[8];
    size_t idn = fmt::hex(id, f.id, 4);  // "0x023d": tshark prints "023d"
    t.s("Fragmented IP protocol (proto=").s(n ? n : "").s(n ? " " : "").d(f.proto).s(", off=")
        .d(f.frag_off * 8u).s(", ID=").s(std::string_view(id + 2, idn - 2)).s(")");
  } else {
    t.s(ip_proto_long_name(f.proto)).s(" (").d(f.proto).s(")");  // (shown when nothing decodes the payload)
  }
  t.to(o);
}

// ip.version is also emitted by IPv6 headers (as Wireshark does), so it is a
// packet-level field that walks every IP layer in order.
void emit_ip_version(const FieldCtx& c, FieldOut& o) {
  for (int i = 0; i < c.pkt.nlayers; ++i) {
    const Layer& l = c.pkt.layers[i];
    if (l.proto == Proto::Ipv4) {
      // An IPv6 header under 0x0800 shows version 6 twice in tshark: once
      // from the IPv4 dissector that hands it over, once from IPv6.
      du::dec(o, l.as<Ipv4Fields>().version);
    } else if (l.proto == Proto::Ipv6) {
      du::dec(o, l.as<Ipv6Fields>().version);
    } else if (l.proto == Proto::Data && i > 0 && c.pkt.layers[i - 1].proto == Proto::Eth &&
               c.pkt.layers[i - 1].as<EthFields>().type == 0x86dd && l.offset < c.pkt.caplen()) {
      // IPv6 with another version under Ethernet: tshark's IPv6 shows the
      // version before it rejects the bytes (which then are data).
      du::dec(o, c.pkt.data()[l.offset] >> 4);
    }
  }
}

}  // namespace

void names_ipv4(const FieldCtx& c, const char*&, const char*& display) {
  if (du::get<Ipv4Fields>(c).version != 4) display = "IP";
}

void register_ipv4(Registry& r) {
  r.add_proto({Proto::Ipv4, "ip", "IPv4", decode_ipv4, info_ipv4, names_ipv4});
  r.add_dispatch(Table::EtherType, 0x0800, Proto::Ipv4);
  r.add_dispatch(Table::PppProto, 0x0021, Proto::Ipv4);
  r.add_dispatch(Table::IpProto, 4, Proto::Ipv4);  // IP-in-IP
  r.add_dispatch(Table::LinkType, linktype::kIpv4, Proto::Ipv4);

  r.add_field({"ip.version", Proto::Frame, emit_ip_version});
  r.add_field({"ip.hdr_len", Proto::Ipv4, [](const FieldCtx& c, FieldOut& o) {
                 if (ok(c)) du::dec(o, du::get<Ipv4Fields>(c).ihl_bytes);
               }});
  r.add_field({"ip.dsfield", Proto::Ipv4, [](const FieldCtx& c, FieldOut& o) {
                 if (at(c, 2)) du::hex(o, du::get<Ipv4Fields>(c).tos, 2);
               }});
  r.add_field({"ip.dsfield.dscp", Proto::Ipv4, [](const FieldCtx& c, FieldOut& o) {
                 if (at(c, 2)) du::dec(o, du::get<Ipv4Fields>(c).tos >> 2);
               }});
  r.add_field({"ip.dsfield.ecn", Proto::Ipv4, [](const FieldCtx& c, FieldOut& o) {
                 if (at(c, 2)) du::dec(o, du::get<Ipv4Fields>(c).tos & 3);
               }});
  r.add_field({"ip.len", Proto::Ipv4, [](const FieldCtx& c, FieldOut& o) {
                 const auto& l = c.layer->as<Ipv4Layer>();
                 if (at(c, 4)) du::dec(o, l.tso_len ? l.tso_len : l.f.total_len);
               }});
  r.add_field({"ip.id", Proto::Ipv4, [](const FieldCtx& c, FieldOut& o) {
                 if (at(c, 6)) du::hex(o, du::get<Ipv4Fields>(c).id, 4);
               }});
  r.add_field({"ip.flags", Proto::Ipv4, [](const FieldCtx& c, FieldOut& o) {
                 const auto& f = du::get<Ipv4Fields>(c);
                 if (at(c, 8)) du::hex(o, (f.rb ? 4 : 0) | (f.df ? 2 : 0) | (f.mf ? 1 : 0), 2);
               }});
  r.add_field({"ip.flags.rb", Proto::Ipv4, [](const FieldCtx& c, FieldOut& o) {
                 if (at(c, 8)) du::boolean(o, du::get<Ipv4Fields>(c).rb);
               }});
  r.add_field({"ip.flags.df", Proto::Ipv4, [](const FieldCtx& c, FieldOut& o) {
                 if (at(c, 8)) du::boolean(o, du::get<Ipv4Fields>(c).df);
               }});
  r.add_field({"ip.flags.mf", Proto::Ipv4, [](const FieldCtx& c, FieldOut& o) {
                 if (at(c, 8)) du::boolean(o, du::get<Ipv4Fields>(c).mf);
               }});
  r.add_field({"ip.frag_offset", Proto::Ipv4, [](const FieldCtx& c, FieldOut& o) {
                 if (at(c, 8)) du::dec(o, du::get<Ipv4Fields>(c).frag_off);
               }});
  r.add_field({"ip.ttl", Proto::Ipv4, [](const FieldCtx& c, FieldOut& o) {
                 if (at(c, 9)) du::dec(o, du::get<Ipv4Fields>(c).ttl);
               }});
  r.add_field({"ip.proto", Proto::Ipv4, [](const FieldCtx& c, FieldOut& o) {
                 if (at(c, 10)) du::dec(o, du::get<Ipv4Fields>(c).proto);
               }});
  r.add_field({"ip.checksum", Proto::Ipv4, [](const FieldCtx& c, FieldOut& o) {
                 if (at(c, 12)) du::hex(o, du::get<Ipv4Fields>(c).checksum, 4);
               }});
  r.add_field({"ip.src", Proto::Ipv4, [](const FieldCtx& c, FieldOut& o) {
                 if (at(c, 16)) o.value(fmt::ipv4(du::get<Ipv4Fields>(c).src));
               }});
  r.add_field({"ip.dst", Proto::Ipv4, [](const FieldCtx& c, FieldOut& o) {
                 if (at(c, 20)) o.value(fmt::ipv4(du::get<Ipv4Fields>(c).dst));
               }});
  // A reassembled datagram (engine/defrag.hpp), on the frame that completed it.
  r.add_field({"ip.fragments", Proto::Ipv4, du::reasm_data});
  r.add_field({"ip.fragment", Proto::Ipv4, du::reasm_frames});
  r.add_field({"ip.fragment.count", Proto::Ipv4, du::reasm_count});
  r.add_field({"ip.reassembled.length", Proto::Ipv4, du::reasm_length});
  r.add_field({"ip.reassembled.data", Proto::Ipv4, du::reasm_data});
  r.add_field({"ip.addr", Proto::Ipv4, [](const FieldCtx& c, FieldOut& o) {
                 if (at(c, 16)) o.value(fmt::ipv4(du::get<Ipv4Fields>(c).src));
                 if (at(c, 20)) o.value(fmt::ipv4(du::get<Ipv4Fields>(c).dst));
               }});
}

}  // namespace weir
