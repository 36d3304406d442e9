// TCP reassembly of TLS records, HTTP messages and DNS messages, as tshark
// does by default (tcp.desegment_tcp_streams, tls.desegment_ssl_records,
// http.desegment_headers, http.desegment_body and
// dns.desegment_dns_messages on): a TLS record or HTTP
// message that a segment starts but does not finish is collected from the
// segments that follow it in sequence, and decoded whole on the segment
// that ends it (DecodedPacket::tcp_reasm).
//
// HTTP (measured with tshark 4.0): a message whose headers are not all
// there, or whose chunked body is not, is asked for one more segment at a
// time, and each such segment shows the message's first line and "[TCP
// segment of a reassembled PDU]" (Held); once the headers give a
// Content-Length, the segments up to it are pieces (Middle). A response
// whose body runs to the end of the connection is not reassembled, nor one
// to a HEAD request (no body).
//
// DNS over TCP and OpenFlow (tshark's tcp_dissect_pdus: a 2-byte length
// before each DNS message; OpenFlow's 8-byte header with the message's
// length): an open message that is the segment's only one makes it a piece
// from the start (TCP's info and the note); one after whole messages is not
// shown.
//
// What tshark 4.0 shows, and weir with it (one pass):
//  * the segment that starts the record: the records before it, or, with
//    none, "[TCP segment of a reassembled PDU]" in the TCP column;
//  * the segments in between: TCP only, its info plus
//    " [TCP segment of a reassembled PDU]";
//  * the segment that ends it: the record (tcp.segment lists the frames,
//    tcp.reassembled.length its size), then what else the segment holds, a
//    second TLS step in frame.protocols; a record left incomplete there
//    starts the next reassembly.
// A segment that repeats a piece already taken (a retransmission) is shown
// as TCP only, as tshark does not hand it on; one after a gap that still
// falls inside the record is a piece too (the record then never completes,
// as in tshark); anything else (an overlap, a segment past a holed
// record's end, one cut by the snap length) abandons the record, and the
// segments are shown one by one again. A record whose 5-byte header is
// split between segments is decoded, as tshark does, with all of the next
// segment. Not reassembled: records longer than kMaxRecord, HTTP messages
// longer than kMaxHttp (kMaxHttpAsk while their length is unknown), more
// than kMaxSegments segments, other protocols.
//
// Memory: up to kSlots records in progress at once (the least recently used
// gives way); a slot's buffer is allocated the first time it is used.
#pragma once

#include <cstdint>
#include <memory>

#include "weir/decode.hpp"

namespace weir {

class TcpReassembler {
 public:
  static constexpr int kSlots = 64;
  static constexpr uint32_t kMaxRecord = 5 + 65535;
  static constexpr uint32_t kMaxSegments = 1024;
  static constexpr uint32_t kMaxHttp = 2u << 20;      // an HTTP message of known length
  static constexpr uint32_t kMaxHttpAsk = 256u << 10;  // one whose length is not known yet
  static constexpr uint32_t kMaxAsks = 64;             // segments asked for one at a time

  // TLS records, HTTP messages and DNS messages over TCP
  // (tls.desegment_ssl_records and dns.desegment_dns_messages turn off
  // one, tcp.desegment_tcp_streams all).
  void set(bool tls, bool http, bool dns = true) {
    tls_ = tls;
    http_ = http;
    dns_ = dns;
  }
  bool enabled() const { return tls_ || http_ || dns_; }

  // After decode_packet (and the Defragmenter): the packet's TCP segment
  // joins, ends or starts a record; the packet is decoded again when it
  // ends one.
  void process(const Registry& reg, DecodedPacket& d, bool heuristics);

  // After the StreamTracker: where it decoded the segment as its
  // connection's other protocol (decode_payload_as), the record started
  // here is dropped.
  void after_tracker(DecodedPacket& d);

  uint64_t completed() const { return completed_; }
  uint64_t abandoned() const { return abandoned_; }

 private:
  struct Key {
    uint8_t src[16], dst[16];
    uint16_t sport, dport;
    bool v6;
  };
  struct Slot {
    bool used = false;
    Key key{};
    uint64_t last_use = 0;
    uint32_t start_seq = 0;  // where the record starts
    uint32_t next_seq = 0;   // where it continues
    bool hole = false;       // a piece is missing: it cannot complete
    uint32_t need = 0;      // the record's length (header included)
    uint32_t have = 0;
    uint32_t nframes = 0;
    std::unique_ptr<uint32_t[]> frames;  // kMaxSegments
    std::unique_ptr<uint8_t[]> data;     // cap bytes: kMaxRecord, grown for HTTP up to kMaxHttp
    uint32_t cap = 0;
    Proto proto = Proto::Tls;
    char note[512];  // HTTP: the message's first line, for the info
    uint16_t note_len = 0;
  };
  static bool grow(Slot& s, uint32_t n);
  void release(Slot* s, bool abandoned);
  Slot* open(const DecodedPacket& d, const Key& k, Proto proto, uint32_t need, const uint8_t* p, uint32_t n,
             uint32_t start_seq, uint32_t next_seq);
  bool start_http(DecodedPacket& d, int tcp, const Key& k, uint32_t seq, uint32_t from, uint32_t len,
                  const Registry& reg, bool heuristics);
  void start_pdu(DecodedPacket& d, int tcp, int last, const Key& k, uint32_t seq, uint32_t from, uint32_t len,
                 const Registry& reg, bool heuristics);
  static bool segment(const DecodedPacket& d, int& tcp, Key& k);
  static bool same_key(const Key& a, const Key& b);
  Slot* find(const Key& k);
  Slot* take(const Key& k);
  void start(DecodedPacket& d, int tcp, const Key& k, uint32_t seq, uint32_t payload_off, uint32_t seg_len,
             const Registry& reg, bool heuristics);

  bool tls_ = true, http_ = true, dns_ = true;
  // Connections (the response's direction) whose last request was HEAD:
  // the response has no body, whatever its Content-Length says (tshark
  // remembers the request too). A small ring; the oldest gives way.
  static constexpr int kHeads = 16;
  Key heads_[kHeads]{};
  bool head_used_[kHeads]{};
  int head_next_ = 0;
  // Connections tshark's OpenFlow heuristic claimed (a segment to port 6633
  // or 6634): tshark then decodes the whole connection as OpenFlow, also
  // the other direction, so its messages are reassembled too. A small ring
  // (the StreamTracker keeps the connection's protocol for what it shows;
  // this runs before it).
  static constexpr int kOfConns = 16;
  Key of_conns_[kOfConns]{};
  bool of_used_[kOfConns]{};
  int of_next_ = 0;
  void openflow_connection(const Registry& reg, DecodedPacket& d, int tcp, const Key& k);
  std::unique_ptr<Slot[]> slots_;
  int used_ = 0;
  uint64_t clock_ = 0;
  std::unique_ptr<uint8_t[]> frame_;  // the completing frame's headers, the record, the rest
  uint32_t frame_cap_ = 0;
  std::unique_ptr<uint32_t[]> frames_;  // the completed record's frames
  uint64_t completed_ = 0, abandoned_ = 0;
};

}  // namespace weir
