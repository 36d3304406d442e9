// The decoder: a table-driven, allocation-free, exception-free dissector.
//
// One stateless decode function per protocol. Which protocol follows which is
// data: dispatch tables map (table, key) -> protocol, e.g. (EtherType, 0x0800)
// -> Ipv4. A decoder only reports "my payload is keyed by X in table T"; it
// never names the protocol above it. Results land in one flat DecodedPacket
// (a fixed array of layers) that the caller reuses for every packet.
// Malformed or truncated input becomes a named anomaly; decoding stops there.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>
#include <vector>

#include "weir/bytes.hpp"
#include "weir/packet.hpp"
#include "weir/source.hpp"

namespace weir {

// Every protocol weir knows. Order is irrelevant; names live in ProtoDef.
enum class Proto : uint8_t {
  None = 0,
  Frame,  // pseudo-layer for frame.* fields (never in DecodedPacket::layers)
  // link layers
  Eth, Llc, Snap, Vlan, Mpls, PppoeSess, Ppp, Null, Loop, Sll, Sll2, RawIp,
  // network
  Arp, Ipv4, Ipv6, Ipv6HopOpts, Ipv6Routing, Ipv6Fragment, Ipv6DestOpts, Ah,
  Icmp, Icmpv6, Igmp,
  // transport and tunnels
  Tcp, Udp, Sctp, Gre, Vxlan,
  // application
  Dns, Dhcp, Http, Tls, Ntp, Smtp, Ftp,
  // bytes nobody decoded
  Data,
  // tunnels added later (kept after Data so earlier values do not move)
  Geneve,
  CiscoMeta,  // Cisco MetaData (EtherType 0x8909), carries an SGT
  Arista,     // Arista vendor-specific timestamp header (EtherType 0xd28b)
  Macsec,     // IEEE 802.1AE security tag (EtherType 0x88e5)
  Nsh,        // Network Service Header (RFC 8300)
  Pim,        // PIM (RFC 7761); Register messages carry an IP packet
  Erspan,     // ERSPAN type I/II/III header after GRE
  // network control protocols (src/decode/ctl.cpp)
  Stp, Vrrp, Hsrp, Bfd, Lldp, Ptp, Cdp,
  // routing protocols (src/decode/routing.cpp)
  Ospf, Bgp, Rip, Eigrp, Osi, Isis,
  Dhcpv6,
  // services (src/decode/services.cpp)
  Esp, UdpEncap, Radius, Syslog, Isakmp,
  Nflog,  // Linux NFLOG link type
  Ssh,
  // IEEE 802.11 (src/decode/wlan.cpp)
  Radiotap, WlanRadio, Wlan,
  Eapol,  // IEEE 802.1X, with EAP (src/decode/eapol.cpp)
  Ldp,    // MPLS Label Distribution Protocol (src/decode/ldp.cpp)
  L2tp,   // L2TP version 2 (src/decode/l2tp.cpp)
  PppCtl, // PPP's LCP, IPCP, IPv6CP, PAP, CHAP (src/decode/pppoe.cpp)
  // WAN link types (src/decode/wan.cpp)
  Chdlc, Slarp, Fr,
  // an HTTP body by media type, as tshark's media_type table (src/decode/http.cpp)
  TextLines, Media, Xml,
  Rx, Afs,  // RX and AFS above it (src/decode/rx.cpp)
  // OpenFlow: a dissector call, then one layer per message by version (src/decode/openflow.cpp)
  Openflow, OpenflowV1, OpenflowV4, OpenflowV5, OpenflowV6,
  Resp,  // Redis (src/decode/resp.cpp)
  Ipx,   // Novell IPX (src/decode/ipx.cpp)
  Nhrp,  // NHRP over GRE (src/decode/nhrp.cpp)
  Ipnet,  // Solaris ipnet link type (src/decode/link.cpp)
  Ndp,    // Nortel Discovery Protocol (src/decode/ctl.cpp)
  Ctp,    // Ethernet configuration testing protocol, "loop" (src/decode/ctl.cpp)
  Geonw,  // ETSI GeoNetworking, basic header only (src/decode/ctl.cpp)
  Dtp,    // Cisco Dynamic Trunk Protocol (src/decode/ctl.cpp)
  MplsEcho,  // MPLS LSP ping (src/decode/mpls_echo.cpp)
  Babel,     // Babel routing protocol (src/decode/babel.cpp)
  Arcnet,    // ARCNET link types (src/decode/link.cpp)
  Quic,      // QUIC, IETF versions (src/decode/quic.cpp)
  Sflow,     // sFlow (src/decode/sflow.cpp)
  Count
};
inline constexpr size_t kProtoCount = size_t(Proto::Count);
// An IPX address as tshark's columns show it, "network.node" (8 and 12 hex
// digits, 21 characters), from the header's 10 bytes (src/decode/ipx.cpp).
size_t ipx_address(char* out, const uint8_t* net_node);
// An OpenFlow message of a version Wireshark decodes (src/decode/openflow.cpp).
inline bool openflow_message(Proto p) {
  return p == Proto::OpenflowV1 || p == Proto::OpenflowV4 || p == Proto::OpenflowV5 || p == Proto::OpenflowV6;
}

// Dispatch tables: how a layer names what follows it.
enum class Table : uint8_t {
  None = 0,
  LinkType,   // pcap LINKTYPE_*
  EtherType,  // also used by SLL, SNAP, GRE, PPPoE(PPP proto mapped), Null/Loop (mapped)
  PppProto,   // PPP protocol numbers
  IpProto,    // IPv4 protocol / IPv6 next header
  TcpPort,
  UdpPort,
  SctpPpid,
  Count
};
inline constexpr size_t kTableCount = size_t(Table::Count);

// One decoded protocol header. `offset` and `hdr_len` locate the header in
// the frame; `payload_len` is how many bytes after the header belong to this
// layer's payload (e.g. IPv4 total length minus header, which trims Ethernet
// padding). Protocol-specific parsed values live in `storage`, accessed via
// as<T>() with a trivially-copyable struct of the protocol's own
// (static_assert'ed to fit). Variable-length data (DNS names, HTTP lines) is
// not copied: field emitters re-read it from the frame bytes via offsets.
struct Layer {
  static constexpr size_t kStorage = 120;
  Proto proto = Proto::None;
  uint8_t truncated = 0;  // 1 if the header was cut short (anomaly recorded)
  int32_t stream = -1;    // tcp.stream / udp.stream, set by a StreamTracker (engine/streams.hpp)
  uint32_t offset = 0;
  uint32_t hdr_len = 0;
  uint32_t payload_len = 0;
  alignas(8) uint8_t storage[kStorage];

  template <class T>
  T& as() {
    static_assert(sizeof(T) <= kStorage, "layer struct too large");
    static_assert(std::is_trivially_copyable_v<T>);
    return *reinterpret_cast<T*>(storage);
  }
  template <class T>
  const T& as() const {
    static_assert(sizeof(T) <= kStorage, "layer struct too large");
    static_assert(std::is_trivially_copyable_v<T>);
    return *reinterpret_cast<const T*>(storage);
  }
};

// Wireshark's TCP sequence analysis of one segment (the tcp.analysis.*
// fields and the summary's "[TCP Retransmission]" prefixes), set by a
// StreamTracker with analysis on (src/engine/streams.hpp). Flag values are
// Wireshark's TCP_A_* bits.
struct TcpAnalysis {
  enum : uint32_t {
    Retransmission = 0x1, LostSegment = 0x2, AckLostSegment = 0x4, KeepAlive = 0x8, DuplicateAck = 0x10,
    ZeroWindow = 0x20, ZeroWindowProbe = 0x40, ZeroWindowProbeAck = 0x80, KeepAliveAck = 0x100,
    OutOfOrder = 0x200, FastRetransmission = 0x400, WindowUpdate = 0x800, WindowFull = 0x1000,
    ReusedPorts = 0x2000, SpuriousRetransmission = 0x4000
  };
  uint32_t flags;
  uint32_t acks_frame;       // the segment this acknowledges (0: none)
  int64_t ack_rtt_ns;        // since that segment (0: not shown)
  int64_t initial_rtt_ns;    // the handshake's (0: unknown)
  uint32_t bytes_in_flight;  // 0: not shown (push_bytes_sent neither)
  uint32_t push_bytes_sent;
  uint32_t dupack_num, dupack_frame;
  int64_t rto_ns;            // retransmission: since the original (0: not shown)
  uint32_t rto_frame;
};

struct DecodedPacket {
  static constexpr size_t kMaxLayers = 64;   // depth limit: stops decoder loops (tshark shows dozens of OpenFlow messages in a segment)
  static constexpr size_t kMaxAnomalies = 8;

  const PacketView* pkt = nullptr;
  uint64_t number = 0;  // 1-based frame number, set by the caller
  // The source's interfaces (pkt->iface indexes them), set by the caller;
  // null when unknown (frame.interface_name then shows nothing).
  const std::vector<InterfaceInfo>* ifaces = nullptr;
  Layer layers[kMaxLayers];
  uint8_t nlayers = 0;
  // Anomaly names are static strings ("truncated_tcp_header"), so recording
  // one costs a pointer store. Only the first kMaxAnomalies are kept.
  const char* anomalies[kMaxAnomalies];
  uint8_t nanomalies = 0;
  bool undecoded_link = false;  // link type not supported
  // The analysis of the TCP layer at tcp_analysis_layer (-1: none).
  int8_t tcp_analysis_layer = -1;
  TcpAnalysis tcp_analysis{};
  // An ICMP echo reply's request (StreamTracker): its frame (0: none), the
  // time since it, and which layer is the reply.
  uint32_t icmp_request_in = 0;
  int8_t icmp_layer = -1;
  int64_t icmp_resptime_ns = 0;
  // The TLS version the connection's ServerHello selected (StreamTracker;
  // 0: unknown), which Wireshark's protocol column shows ("TLSv1.3").
  uint16_t tls_version = 0;
  // SSH state of the connection (StreamTracker): the key exchange method
  // (SshKex), and whether a version exchange announced SSH 2 (tshark's
  // protocol column is "SSHv2" only then, else "SSH").
  uint8_t ssh_kex = 0;
  bool ssh_v2 = false;
  // An ARP packet whose IPv4 address was seen with another MAC address
  // (StreamTracker, as Wireshark's duplicate address detection): the
  // address, the frame that had it, and the seconds since (frame 0: none);
  // whether the info says so (as in tshark: when the packet's last check
  // found it, and a reply's target is checked after its sender).
  bool arp_dup_info = false;
  uint32_t arp_dup_frame = 0;
  uint32_t arp_dup_secs = 0;
  uint8_t arp_dup_ip[4] = {};
  // SCTP's relative TSNs (StreamTracker): the base of this direction's
  // DATA TSNs (bit 0 of sctp_bases) and of the other direction's, which its
  // SACKs acknowledge (bit 1).
  uint8_t sctp_bases = 0;
  uint32_t sctp_tsn_base = 0, sctp_ack_base = 0;
  // AFS over RX (StreamTracker, as Wireshark's afs_request_hash): the
  // operation of the call a DATA packet belongs to (its request's first 4
  // bytes; a reply names none), and for a reply the request's frame and
  // the time since it (frame 0: request not seen). afs_state: 0 not
  // tracked (the decoder then reads a request's own bytes), 1 known, 2 a
  // request too short to name its operation.
  uint8_t afs_state = 0;
  uint32_t afs_opcode = 0, afs_req_frame = 0;
  int64_t afs_time_ns = 0;

  // IP reassembly (tshark's ip.defragment / ipv6.defragment; set by a
  // Defragmenter, engine/defrag.hpp, then the packet is decoded again).
  // `layer` is the IPv4 header or IPv6 fragment header concerned. complete:
  // its payload is the reassembled datagram, and the bytes decoded are
  // `buf`: the frame up to that header's end, then the datagram (frame.*
  // fields and the written packet stay the frame's own). Not complete: the
  // fragment was stored for a later frame, and its payload is shown as data.
  struct Defrag {
    int8_t layer = -1;
    bool complete = false;
    uint32_t length = 0;            // the reassembled payload's length
    uint32_t data_offset = 0;       // where it starts in buf
    const uint8_t* data = nullptr;  // the payload itself (the Defragmenter's buffer: valid while
                                    // buf is replaced by a TCP reassembly of the same packet)
    const uint32_t* frames = nullptr;  // the fragments' frame numbers, by offset
    uint32_t nframes = 0;
  };
  Defrag defrag;
  // TCP reassembly of TLS records and HTTP messages (tshark's
  // tcp.desegment_tcp_streams with tls.desegment_ssl_records and
  // http.desegment_headers/body; set by a TcpReassembler,
  // engine/tcp_reasm.hpp). Start: the segment's last TLS record continues
  // in later segments (`only`: the segment holds nothing else, and tshark
  // shows just "[TCP segment of a reassembled PDU]"). Middle: the segment
  // is a piece of such a record (nothing is decoded above TCP). Repeat: the
  // segment repeats such a piece (a retransmission; TCP only). Recall: the
  // segment after a header split between segments, when the record goes on
  // (tshark calls TLS again, which asks for more: shown as a Start that
  // holds nothing else, its bytes as TLS without a record). Held: an HTTP
  // message's segment while HTTP still asks for more (its headers are not
  // all there, or their length is not reached yet when it looked): TCP
  // only, the info `note` (the message's first line) then "[TCP segment
  // of a reassembled PDU]". Complete:
  // the segment ends the record, and `buf` holds the frame up to the TCP
  // header's end, then the record (pdu_len bytes, from earlier segments and
  // this one), then the rest of this segment; `second` is the first layer
  // decoded from that rest (tshark's second call, a step of its own in
  // frame.protocols).
  struct TcpReasm {
    enum Kind : uint8_t { None, Start, Middle, Complete, Repeat, Recall, Held };
    Kind kind = None;
    bool only = false;
    int8_t layer = -1;   // the TCP layer
    int8_t second = -1;
    uint32_t seg_len = 0;     // Complete: the segment's own payload length
    uint32_t total = 0;       // Complete: the record plus the rest, after the TCP header
    uint32_t pdu_offset = 0;  // Complete: where the record starts in buf
    uint32_t pdu_len = 0;
    const uint32_t* frames = nullptr;  // Complete: the segments' frames, in order
    uint32_t nframes = 0;
    Proto proto = Proto::Tls;  // Complete: what the message is (TLS or HTTP)
    const char* note = nullptr;  // Held
    uint16_t note_len = 0;
  };
  TcpReasm tcp_reasm;
  // QUIC (set by a QuicTracker, engine/quic_crypto.hpp, before the packet
  // is decoded again): the connection (tshark's quic.connection.number;
  // -1: none known), whether the datagram comes from its server, the length
  // of the connection IDs a short header carries in this direction (-1:
  // unknown, as without a connection), and per coalesced packet (bit i:
  // packet i of the datagram) whether its header protection was removed
  // (`unmasked`: `buf` holds its first byte and packet number as sent)
  // and whether its payload was decrypted (`decrypted`: `buf` holds the
  // plaintext in place of the ciphertext, the tag left as it was). `tls_at`
  // (0: none) is the offset in buf of the CRYPTO stream data handed to TLS
  // (after the frame's bytes), `tls_len` its length.
  struct Quic {
    int32_t conn = -1;
    bool from_server = false;
    int8_t short_dcid = -1;
    uint8_t unmasked = 0, decrypted = 0;
    uint32_t tls_at = 0, tls_len = 0;
    // With CRYPTO data for TLS: the UDP layer, and the datagram's own
    // length captured and on the wire (the layers up to UDP run to the end
    // of buf, which holds the frame and then that data at tls_at).
    int8_t udp_layer = -1;
    uint32_t dgram_len = 0, dgram_total = 0;
    // The packet numbers of the unmasked packets, expanded against the
    // largest the connection's direction had (RFC 9000 A.3), and the bytes
    // decoded before the tracker's copy (udp.payload shows those).
    uint64_t pn[4] = {};
    const uint8_t* orig = nullptr;
  };
  Quic quic;
  const uint8_t* buf = nullptr;  // null: the frame's bytes
  uint32_t buflen = 0;
  // buf is the frame itself, some bytes unprotected (QUIC): lengths on the
  // wire stay the frame's (a frame cut by the snap length stays cut).
  bool buf_is_frame = false;

  // The bytes the layers' offsets refer to.
  const uint8_t* data() const { return buf ? buf : pkt->data; }
  uint32_t caplen() const { return buf ? buflen : pkt->caplen; }
  // Index of the first/last layer with this protocol, or -1.
  int find(Proto p) const {
    for (int i = 0; i < nlayers; ++i)
      if (layers[i].proto == p) return i;
    return -1;
  }
  int find_last(Proto p) const {
    for (int i = int(nlayers) - 1; i >= 0; --i)
      if (layers[i].proto == p) return i;
    return -1;
  }
  const Layer* top() const { return nlayers ? &layers[nlayers - 1] : nullptr; }
};

// What a decode function sees: the whole frame plus where its header starts,
// and the number of bytes available to it (its parent's payload, clamped to
// what was captured).
struct DecodeInput {
  const uint8_t* frame;   // start of the frame
  uint32_t offset;        // where this layer starts
  uint32_t avail;         // bytes of this layer + its payload present in the capture
  uint32_t claimed;       // bytes the parent says belong here (may exceed avail if truncated)
  const DecodedPacket* pkt;  // layers decoded so far (parents), read-only
  int self;               // index this layer will have in pkt->layers
  ByteCursor cursor() const { return ByteCursor(frame + offset, avail); }
};

// What a decode function reports besides filling its Layer.
struct DecodeResult {
  // Next protocol lookup. key2 (if has_key2) is tried when key1 has no entry
  // (used for ports: the lower port is tried first, as Wireshark does).
  Table next = Table::None;
  uint32_t key1 = 0;
  uint32_t key2 = 0;
  bool has_key2 = false;
  // Or name the next protocol directly (used when the header itself says
  // what follows, e.g. VXLAN -> Ethernet). Takes precedence over `next`.
  Proto next_proto = Proto::None;
  // Called on the payload only when `next` finds nothing (Wireshark's
  // heuristic dissectors, tried after the port tables: HTTP, TLS over TCP);
  // returns the protocol the bytes look like, or Proto::None.
  Proto (*heuristic)(const uint8_t* payload, uint32_t len) = nullptr;
  // Up to kMaxAnomalies names are recorded by the engine.
  const char* anomaly = nullptr;
  bool stop = false;  // do not decode further (malformed/truncated)
  // The bytes are not this protocol's (a decoder reached by port that finds
  // something else): the chain tries what the parent would have tried next
  // (its second port, its heuristic), else shows the bytes as data.
  bool declined = false;
  // More chains to decode once this layer's own chain ends (sFlow's
  // sampled headers): protocol, absolute offset and length of each,
  // decoded in order, their layers appended (nresume <= kMaxResume).
  static constexpr int kMaxResume = 16;
  struct Resume {
    Proto p;
    uint32_t off, len;  // where and how many bytes are there
    uint32_t claimed;   // bytes on the wire (a sampled header's frame length)
  };
  uint8_t nresume = 0;
  Resume resume[kMaxResume];
};

using DecodeFn = void (*)(const DecodeInput& in, Layer& layer, DecodeResult& res);

// Field output: an emitter calls value() once per occurrence.
class FieldOut {
 public:
  virtual ~FieldOut() = default;
  virtual void value(std::string_view v) = 0;
};

struct FieldCtx {
  const DecodedPacket& pkt;
  const Layer* layer;  // nullptr for Proto::Frame fields
};

using FieldEmitFn = void (*)(const FieldCtx& ctx, FieldOut& out);

struct FieldDef {
  const char* name;   // Wireshark field name, e.g. "ip.src"
  Proto proto;
  FieldEmitFn emit;
  // Needs state across packets (conversation index, relative numbers): the
  // Analyzer then runs a StreamTracker (src/engine/streams.hpp).
  bool needs_streams = false;
};

// Short "info" text for summary lines, like tshark's Info column.
class TextOut {
 public:
  virtual ~TextOut() = default;
  virtual void append(std::string_view s) = 0;
};
using InfoFn = void (*)(const FieldCtx& ctx, TextOut& out);

struct ProtoDef {
  Proto id = Proto::None;
  const char* name = nullptr;     // Wireshark filter name: "eth", "ip", "tcp"
  const char* display = nullptr;  // column text: "Ethernet", "IPv4", "TCP"
  DecodeFn decode = nullptr;
  InfoFn info = nullptr;          // optional
  // Optional: the names of one decoded layer where Wireshark gives it
  // another dissector's (mDNS is "mdns"/"MDNS", not "dns"/"DNS") or only
  // another column text ("IGMPv2", "BOOTP"); may change either. Used by the
  // protocol column and frame.protocols.
  void (*names)(const FieldCtx& c, const char*& name, const char*& display) = nullptr;
  // Consecutive layers of this protocol are one call of Wireshark's
  // dissector (TLS records of one segment): one frame.protocols step, and
  // their info texts joined with ", ".
  bool one_step = false;
};

// The registry of protocols, dispatch tables and fields. Built once at
// start-up (register_builtin_protocols), read-only afterwards, so any number
// of threads may decode concurrently.
class Registry {
 public:
  Registry();
  void add_proto(const ProtoDef& def);
  void add_dispatch(Table t, uint32_t key, Proto p);  // key < 65536
  void add_field(const FieldDef& f);

  const ProtoDef& proto(Proto p) const { return protos_[size_t(p)]; }
  Proto lookup(Table t, uint32_t key) const {
    return key < 65536 ? Proto(tables_[size_t(t)][key]) : Proto::None;
  }
  const FieldDef* field(std::string_view name) const;
  // All fields of one protocol, in registration order.
  size_t fields_of(Proto p, const FieldDef* const*& out) const;
  const FieldDef* all_fields(size_t& n) const;

  // The process-wide registry with every built-in protocol.
  static const Registry& builtin();

 private:
  ProtoDef protos_[kProtoCount];
  uint8_t tables_[kTableCount][65536];
  static constexpr size_t kMaxFields = 2048;
  FieldDef fields_[kMaxFields];
  size_t nfields_ = 0;
  static constexpr size_t kMaxProtoFields = 96;
  const FieldDef* by_proto_[kProtoCount][kMaxProtoFields];
  uint8_t nby_proto_[kProtoCount] = {};
};

// Decodes one frame into `out` (which is reset first). Never allocates,
// never throws; stops at kMaxLayers. Without `heuristics`, a payload no
// table claims is data without asking the heuristic dissectors (HTTP and
// TLS on other ports), for callers that show nothing of those protocols.
void decode_packet(const Registry& reg, const PacketView& pkt, DecodedPacket& out, bool heuristics = true);
// Decodes out.pkt again, keeping out.defrag, out.tcp_reasm and out.buf
// (which decode_packet clears): the reassemblers' second pass.
void redecode_packet(const Registry& reg, DecodedPacket& out, bool heuristics = true);

// Decodes the payload of `layer` again as protocol p (a conversation
// Wireshark keeps on the dissector it chose earlier: StreamTracker),
// replacing the layers above it. False when nothing follows that layer.
bool decode_payload_as(const Registry& reg, DecodedPacket& out, int layer, Proto p);

// The TLS version a ServerHello in this or an earlier record of the same
// segment selected, for a TLS layer (supported_versions, else the
// ServerHello's version; 0: none).
uint16_t tls_selected_version(const Layer& tls);
// SSH's key exchange method per connection, agreed by its two KEXINITs
// (the first of the client's algorithms the server also lists): it names
// messages 30-34, and after a Diffie-Hellman or elliptic-curve exchange
// tshark 4.0 shows encrypted packets without their length or bytes.
namespace SshKex {
enum : uint8_t { kUnknown = 0, kDh, kGex, kEcdh };
}
// Whether layer l is a KEXINIT whose kex algorithm list was captured: its
// sender's side and that list.
bool ssh_kexinit(const DecodedPacket& d, const Layer& l, bool& client, std::string_view& kex_list);
uint8_t ssh_negotiate(std::string_view client_list, std::string_view server_list);
// The summary's source and destination columns of an 802.11 frame, as
// tshark's: SA and DA; for control frames TA and RA (or BSSID) with the
// role in parentheses ("02:00:00:00:00:02 (TA)"). Buffers of 64 bytes;
// a length of 0 leaves the column empty.
// The body bytes of the HTTP message at layer (what follows its headers,
// up to the next message in the segment); UINT32_MAX when layer is not an
// HTTP message (src/decode/http.cpp). A body's decoder stops there.
uint32_t http_body_len(const DecodedPacket& d, int layer);
// For TCP reassembly of an HTTP message starting at p with n bytes so far,
// as tshark's http.desegment_headers / desegment_body: `whole` its length
// once all of it is there (headers, then a Content-Length or chunked body),
// else `need` the length it will have when the headers say (0: unknown
// yet, one more segment). False when it is no message start, or a response
// whose body runs to the end of the connection (not reassembled).
bool http_message_extent(const uint8_t* p, uint32_t n, uint32_t& whole, uint32_t& need);
// The info tshark shows for such a message before it is whole: its first
// line and a space. Returns the bytes written to out (at most cap).
size_t http_first_line_info(const uint8_t* p, uint32_t n, char* out, size_t cap);

void wlan_columns(const DecodedPacket& d, const Layer& wlan, char* src, size_t& src_len, char* dst, size_t& dst_len);
// Before the client's version line was seen, tshark shows the SSH packets
// of a segment after its version lines as one encrypted packet: those
// layers (from `first` on) become one.
void ssh_as_encrypted(DecodedPacket& d, int first);
// Whether layer l is the client's SSH version line of protocol 2
// ("SSH-2.0-", "SSH-1.99-"): tshark's connection is version 2 from then on.
bool ssh_announces_v2(const DecodedPacket& d, const Layer& l);

}  // namespace weir
