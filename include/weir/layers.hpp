// Parsed header values that decoders store in Layer::storage, for the
// protocols other code (summaries, conversations, rewriting) needs to read.
// Access: `pkt.layers[i].as<Ipv4Fields>()` after checking layers[i].proto.
// Addresses are kept as network-order bytes. Protocols nobody else reads keep
// their struct private to their decoder file.
#pragma once

#include <cstdint>

namespace weir {

struct EthFields {
  uint8_t dst[6];
  uint8_t src[6];
  uint16_t type;      // EtherType, or 802.3 length when is_8023
  bool is_8023;
  bool is_isl;        // Cisco ISL header (26 bytes), not an Ethernet header
};

struct ArpFields {
  uint16_t htype, ptype;
  uint8_t hlen, plen;
  uint16_t opcode;
  uint32_t sha_off, spa_off, tha_off, tpa_off;  // absolute frame offsets (0 if absent)
};

struct Ipv4Fields {
  uint8_t src[4];
  uint8_t dst[4];
  uint8_t version, ihl_bytes, tos, ttl, proto;
  uint16_t total_len, id, frag_off;  // frag_off in 8-byte units
  uint16_t checksum;
  bool df, mf, rb;
};

struct Ipv6Fields {
  uint8_t src[16];
  uint8_t dst[16];
  uint8_t tclass, next, hlim;
  uint16_t plen;
  uint32_t flow;
  uint8_t final_next;  // upper-layer protocol after extension headers
  uint8_t version;     // the version nibble (6 unless the header is bogus)
};

struct TcpFields {
  uint16_t sport, dport;
  uint32_t seq, ack;
  uint8_t hdr_len;
  uint16_t flags;      // 12 bits: NS CWR ECE URG ACK PSH RST SYN FIN (+ reserved)
  uint16_t window, checksum, urg;
  uint16_t mss;        // 0 if absent
  bool has_mss;
  int8_t wscale;       // -1 if absent
  bool sack_perm;
  bool has_ts;
  uint32_t ts_val, ts_ecr;
  uint8_t nsack;
  uint8_t nmptcp;      // MPTCP options (kind 30)
  uint32_t payload_len;
  // What Wireshark's cross-packet state may use (engine/streams.hpp):
  bool has_fixed;   // ports to window were captured (the first 16 bytes)
  bool seg_known;   // segment length known: not an IP fragment, not quoted in
                    // an ICMP error, IP length covers the header; Wireshark
                    // takes relative numbers and window scaling only from these
  bool opts_whole;  // header length >= 20 and every option byte captured
  // Relative sequence/acknowledgement numbers (Wireshark's default tcp.seq,
  // tcp.ack), filled in by a StreamTracker when one runs (engine/streams.hpp).
  uint32_t rel_seq, rel_ack;
  bool has_rel_seq, has_rel_ack;
  // Window scaling in effect for this direction, from the handshake (also
  // by a StreamTracker): the shift, or -1 unknown, -2 not used.
  int8_t win_scale;
  bool has_win_scale;
};

struct IcmpFields {
  uint8_t type, code;
  uint16_t checksum;
  uint16_t ident, seq;  // echo / timestamp / information / address mask
  uint32_t rest;        // bytes 4..7
  bool has_rest;
  bool has_ident;  // the identifier's bytes were captured (6 of the 8)
  bool error;
};

struct UdpFields {
  uint16_t sport, dport, length, checksum;
  uint8_t bad_length;  // 1: below 8, 2: beyond the IP payload (tshark's info says so)
};

struct SctpFields {
  uint16_t sport, dport;
  uint32_t vtag, checksum;
  uint32_t end;  // end of the chunks: the IP-declared length, within the capture
};

}  // namespace weir
