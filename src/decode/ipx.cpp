// IPX (Novell's network layer: LLC SAP 0xe0, EtherType 0x8137, "raw"
// 802.3) as tshark 4.0 shows it: the 30-byte header, addresses as
// "network.node" in the summary's columns, and the socket's service: RIP
// and SAP (their operation in the info, "IPX RIP" / "IPX SAP" in the
// protocol column), NetBIOS over IPX broadcasts ("NBIPX": the operation
// and the NetBIOS name), another known socket's name, or "Unknown
// (0x....)" and the payload as data. tshark's RIP, SAP and NBIPX are not
// steps of frame.protocols; neither are they here. Not decoded: SPX, NCP,
// NetBIOS datagrams (SMB) over IPX, the entries of RIP and SAP.
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

constexpr uint32_t kHdr = 30;
enum : uint16_t { kSap = 0x0452, kRip = 0x0453, kNetbios = 0x0455 };

struct SocketName {
  uint16_t socket;
  const char* name;
};
constexpr SocketName kSockets[] = {
    {0x0002, "CISCO PING"},
    {0x0451, "NCP"},
    {0x0452, "SAP"},
    {0x0453, "RIP"},
    {0x0455, "NetBIOS"},
    {0x0456, "Diagnostic"},
    {0x0457, "Serialization"},
    {0x0550, "NWLink SMB Server"},
    {0x0551, "NWLink SMB Name Query"},
    {0x0552, "NWLink SMB Redirector"},
    {0x0553, "NWLink SMB Mailslot Datagram"},
    {0x0554, "NWLink SMB Messenger"},
    {0x0555, "NWLink SMB Browse"},
    {0x055d, "Attachmate Gateway"},
    {0x4001, "IPX Message"},
    {0x4003, "IPX Message"},
    {0x4006, "NetWare Directory Server"},
    {0x400c, "HP LaserJet/QuickSilver"},
    {0x8104, "NetWare 386"},
    {0x8522, "ADSM"},
    {0x85be, "Cisco EIGRP for IPX"},
    {0x8f83, "Powerchute UPS Monitoring"},
    {0x9001, "NetWare Link Services Protocol"},
    {0x9004, "IPX WAN"},
    {0x900f, "SNMP Agent"},
    {0x9010, "SNMP Sink"},
    {0x907b, "SMS Testing and Development"},
    {0x9086, "Novell PING"},
    {0x9091, "TCP Tunnel"},
    {0x9092, "UDP Tunnel"},
    {0x90b2, "NDPS Printer Agent/PSM"},
    {0x90b3, "NDPS Broker"},
    {0x90b4, "NDPS Service Registry Service"},
    {0x90b5, "NDPS Event Notification Service"},
    {0x90b6, "NDPS Remote Management Service"},
    {0x90b7, "NDPS Notify Listener"},
    {0xe885, "NT Server-RPC/GW"}
};

const char* socket_name(uint16_t s) {
  for (const SocketName& e : kSockets)
    if (e.socket == s) return e.name;
  return nullptr;
}

// The socket tshark hands the payload to: the lower of the two first
// (NetBIOS only for broadcasts, packet type 0x14: other NetBIOS packets
// carry datagrams weir does not decode).
uint16_t service(uint16_t a, uint16_t b, uint8_t type) {
  uint16_t lo = a < b ? a : b, hi = a < b ? b : a;
  for (uint16_t s : {lo, hi})
    if (s == kSap || s == kRip || (s == kNetbios && type == 0x14)) return s;
  return 0;
}

struct IpxFields {
  uint16_t length, dst_socket, src_socket, service;
  uint8_t type;
};

void decode_ipx(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<IpxFields>();
  f = {};
  if (in.avail < kHdr) return du::truncated(in, layer, res, "truncated_ipx_header");
  const uint8_t* p = in.frame + in.offset;
  f.length = load_be16(p + 2);
  f.type = p[5];
  f.dst_socket = load_be16(p + 16);
  f.src_socket = load_be16(p + 28);
  f.service = service(f.src_socket, f.dst_socket, f.type);
  layer.hdr_len = kHdr;
  uint32_t len = f.length >= kHdr ? f.length : kHdr;
  layer.payload_len = du::min32(in.claimed, len) - kHdr;
  if (f.service) {
    layer.hdr_len = du::min32(in.avail, len);  // the service's bytes are IPX's here
    layer.payload_len = 0;
    res.stop = true;
  }
}

const IpxFields& ipx(const FieldCtx& c) { return du::get<IpxFields>(c); }
const uint8_t* bytes(const FieldCtx& c) { return c.pkt.data() + c.layer->offset; }
uint32_t have(const FieldCtx& c) { return du::min32(c.layer->hdr_len, c.pkt.caplen() - c.layer->offset); }

void names_ipx(const FieldCtx& c, const char*&, const char*& display) {
  switch (ipx(c).service) {
    case kRip: display = "IPX RIP"; break;
    case kSap: display = "IPX SAP"; break;
    case kNetbios: display = "NBIPX"; break;
    default: break;
  }
}

// A NetBIOS name: its first 15 bytes (unprintable ones as <xx>, trailing
// spaces dropped), then the 16th as <xx>.
void hex2(du::Text& t, uint8_t v) {
  static constexpr char kHex[] = "0123456789abcdef";
  t.put('<');
  t.put(kHex[v >> 4]);
  t.put(kHex[v & 15]);
  t.put('>');
}

void netbios_name(du::Text& t, const uint8_t* p) {
  uint32_t end = 15;
  while (end > 0 && p[end - 1] == ' ') --end;
  for (uint32_t i = 0; i < end; ++i) {
    if (p[i] >= 0x20 && p[i] < 0x7f) t.put(char(p[i]));
    else hex2(t, p[i]);
  }
  hex2(t, p[15]);
}

void info_ipx(const FieldCtx& c, TextOut& o) {
  const IpxFields& f = ipx(c);
  du::Text t;
  const uint8_t* p = bytes(c);
  uint32_t n = have(c);
  switch (f.service) {
    case kRip:
      if (n >= kHdr + 2) {
        uint16_t op = load_be16(p + kHdr);
        t.s(op == 1 ? "Request" : op == 2 ? "Response" : "Unknown");
      }
      break;
    case kSap:
      if (n >= kHdr + 2) {
        static constexpr const char* k[] = {"General Query", "General Response", "Nearest Query", "Nearest Response"};
        uint16_t op = load_be16(p + kHdr);
        t.s(op >= 1 && op <= 4 ? k[op - 1] : "Unknown Packet Type");
      }
      break;
    case kNetbios: {
      // A broadcast's 32-byte list of routers passed, the name type flag,
      // then the operation and a name.
      static constexpr const char* k[] = {"Find name",    "Name recognized", "Check name",
                                          "Name in use",  "Deregister name", "Session data",
                                          "Session end",  "Session end ACK", "Status query",
                                          "Status response", "Directed datagram"};
      uint32_t at = kHdr + 32;
      if (n < at + 2) break;
      uint8_t op = p[at + 1];
      t.s(op >= 1 && op <= 11 ? k[op - 1] : "Unknown");
      if (op >= 1 && op <= 5 && n >= at + 2 + 16) {
        t.s(" ");
        netbios_name(t, p + at + 2);
      }
      break;
    }
    default:
      if (const char* s = socket_name(f.dst_socket)) t.s(s);
      else t.s("Unknown (").h(f.dst_socket, 4).s(")");
  }
  t.to(o);
}

template <uint32_t Off>
void ipxnet(const FieldCtx& c, FieldOut& o) {
  if (Off + 4 <= have(c)) du::hex(o, load_be32(bytes(c) + Off), 8);
}

}  // namespace

// "network.node" as tshark's IPX address columns (8 and 12 hex digits).
size_t ipx_address(char* out, const uint8_t* net_node) {
  static constexpr char kHex[] = "0123456789abcdef";
  size_t n = 0;
  for (int i = 0; i < 4; ++i) out[n++] = kHex[net_node[i] >> 4], out[n++] = kHex[net_node[i] & 15];
  out[n++] = '.';
  for (int i = 4; i < 10; ++i) out[n++] = kHex[net_node[i] >> 4], out[n++] = kHex[net_node[i] & 15];
  return n;
}

void register_ipx(Registry& r) {
  r.add_proto({Proto::Ipx, "ipx", "IPX", decode_ipx, info_ipx, names_ipx});
  r.add_dispatch(Table::EtherType, 0x8137, Proto::Ipx);
  r.add_field({"ipx.checksum", Proto::Ipx, du::uint_at<0, 2, 0, 4>});
  r.add_field({"ipx.len", Proto::Ipx, du::uint_at<2, 2>});
  r.add_field({"ipx.hops", Proto::Ipx, du::uint_at<4, 1, 0x0f>});
  r.add_field({"ipx.packet_type", Proto::Ipx, du::uint_at<5, 1, 0, 2>});
  r.add_field({"ipx.dst.net", Proto::Ipx, ipxnet<6>});
  r.add_field({"ipx.dst.node", Proto::Ipx, du::mac_at<10>});
  r.add_field({"ipx.dst.socket", Proto::Ipx, du::uint_at<16, 2, 0, 4>});
  r.add_field({"ipx.src.net", Proto::Ipx, ipxnet<18>});
  r.add_field({"ipx.src.node", Proto::Ipx, du::mac_at<22>});
  r.add_field({"ipx.src.socket", Proto::Ipx, du::uint_at<28, 2, 0, 4>});
}

}  // namespace weir
