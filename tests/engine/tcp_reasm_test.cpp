// TCP reassembly of TLS records (engine/tcp_reasm.hpp): which segments start,
// continue and end a record, what the ending one decodes to, repeats, gaps,
// eviction. Columns and fields are compared with tshark by cli_tshark.sh
// (tests/scripts/tls_reasm.py) and on real captures (docs/conformance.md).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "decode/packet_builder.hpp"
#include "engine/reasm_feed.hpp"
#include "engine/defrag.hpp"
#include "engine/tcp_reasm.hpp"

namespace weir {
namespace {

using namespace testpkt;
using Feed = testpkt::Feed<TcpReassembler>;

Bytes record(uint16_t n, uint8_t fill) {
  Bytes r{23, 3, 3, uint8_t(n >> 8), uint8_t(n)};
  for (uint16_t i = 0; i < n; ++i) r.push_back(uint8_t(fill + i));
  return r;
}

Bytes slice(const Bytes& b, size_t from, size_t to) { return Bytes(b.begin() + long(from), b.begin() + long(to)); }

// A server segment on port 443 at sequence number seq.
Bytes seg(uint32_t seq, const Bytes& payload, uint16_t cport = 40000) {
  return eth(0x0800, ipv4("198.18.6.2", "198.18.6.1", 6, tcp(443, cport, payload, {.seq = seq, .ack = 1})));
}

using K = DecodedPacket::TcpReasm;

TEST(TcpReasm, RecordOverThreeSegmentsThenARecordAndAStart) {
  Bytes r1 = record(2995, 1), r2 = record(95, 2), r3 = record(400, 3);
  Feed f;
  Decoded& a = f.add(seg(100, slice(r1, 0, 1000)));
  EXPECT_EQ(a->tcp_reasm.kind, K::Start);
  EXPECT_TRUE(a->tcp_reasm.only);
  EXPECT_EQ(a.protocols(), "eth:ip:tcp:tls");
  EXPECT_EQ(a.anomalies(), "") << "not cut: continued";
  Decoded& b = f.add(seg(1100, slice(r1, 1000, 2000)));
  EXPECT_EQ(b->tcp_reasm.kind, K::Middle);
  EXPECT_EQ(b.protocols(), "eth:ip:tcp") << "nothing above TCP";
  EXPECT_EQ(b.field("tcp.len"), "1000");
  Bytes third = cat(cat(slice(r1, 2000, r1.size()), r2), slice(r3, 0, 50));
  Decoded& c = f.add(seg(2100, third));
  ASSERT_EQ(c->tcp_reasm.kind, K::Complete);
  EXPECT_EQ(c.protocols(), "eth:ip:tcp:tls:tls:tls");
  EXPECT_EQ(c->tcp_reasm.second, 4) << "the rest is tshark's second call";
  EXPECT_EQ(c.field("tls.record.length"), "2995,95") << "the open record shows nothing";
  EXPECT_EQ(c.field("tcp.segment"), "1,2,3");
  EXPECT_EQ(c.field("tcp.segment.count"), "3");
  EXPECT_EQ(c.field("tcp.reassembled.length"), "3000");
  EXPECT_EQ(c.field("tcp.len"), std::to_string(third.size())) << "tcp.len stays the segment's";
  std::string hex;
  for (uint8_t x : third) hex += "0123456789abcdef"[x >> 4], hex += "0123456789abcdef"[x & 15];
  EXPECT_EQ(c.field("tcp.payload"), hex) << "tcp.payload stays the segment's";
  EXPECT_EQ(c->pkt->caplen, seg(2100, third).size()) << "the frame itself is untouched";
  // r3 started in that segment: the next one ends it exactly.
  Decoded& d = f.add(seg(2100 + uint32_t(third.size()), slice(r3, 50, r3.size())));
  ASSERT_EQ(d->tcp_reasm.kind, K::Complete);
  EXPECT_EQ(d.field("tcp.segment"), "3,4");
  EXPECT_EQ(d.field("tls.record.length"), "400");
  EXPECT_EQ(d->tcp_reasm.second, -1);
  EXPECT_EQ(f.r.completed(), 2u);
}

TEST(TcpReasm, SplitHeaderTakesAllOfTheNextSegment) {
  Bytes r4 = record(200, 4), r5 = record(300, 5), r6 = record(700, 6);
  Feed f;
  Bytes first = cat(r4, slice(r5, 0, 3));
  Decoded& a = f.add(seg(1, first));
  EXPECT_EQ(a->tcp_reasm.kind, K::Start);
  EXPECT_FALSE(a->tcp_reasm.only) << "a whole record came first";
  EXPECT_EQ(a.field("tls.record.length"), "200");
  Bytes second = cat(slice(r5, 3, r5.size()), slice(r6, 0, 20));
  Decoded& b = f.add(seg(1 + uint32_t(first.size()), second));
  ASSERT_EQ(b->tcp_reasm.kind, K::Complete);
  EXPECT_EQ(b.field("tcp.reassembled.length"), std::to_string(3 + second.size())) << "all it had";
  EXPECT_EQ(b->tcp_reasm.second, -1) << "one call";
  Decoded& c = f.add(seg(1 + uint32_t(first.size() + second.size()), slice(r6, 20, r6.size())));
  ASSERT_EQ(c->tcp_reasm.kind, K::Complete);
  EXPECT_EQ(c.field("tls.record.length"), "700");
}

TEST(TcpReasm, SplitHeaderOfALongerRecordGoesOnAndKeepAlivesStartNothing) {
  Bytes head = record(30, 1), r = record(900, 2);
  Feed f;
  Bytes first = cat(head, slice(r, 0, 3));
  f.add(seg(1, first));
  Decoded& b = f.add(seg(1 + uint32_t(first.size()), slice(r, 3, 103)));
  EXPECT_EQ(b->tcp_reasm.kind, K::Recall) << "TLS asked again: the same reassembly goes on";
  EXPECT_EQ(b.protocols(), "eth:ip:tcp:tls");
  Decoded& c = f.add(seg(1 + uint32_t(first.size() + 100), slice(r, 103, r.size())));
  ASSERT_EQ(c->tcp_reasm.kind, K::Complete);
  EXPECT_EQ(c.field("tcp.segment"), "1,2,3") << "all three frames";
  EXPECT_EQ(c.field("tls.record.length"), "900");

  Feed k;  // a one-byte keep-alive on port 443 opens no record
  Decoded& ka = k.add(seg(100, Bytes{0x17}));
  EXPECT_EQ(ka->tcp_reasm.kind, K::None);
  Decoded& next = k.add(seg(101, record(20, 3)));
  EXPECT_EQ(next->tcp_reasm.kind, K::None);
  EXPECT_EQ(next.field("tls.record.length"), "20");
}

TEST(TcpReasm, RetransmittedStartIsARepeat) {
  Bytes r = record(1500, 4);
  Bytes first = cat(record(10, 5), slice(r, 0, 800));
  Feed f;
  f.add(seg(1, first));
  Decoded& again = f.add(seg(1, first));
  EXPECT_EQ(again->tcp_reasm.kind, K::Repeat);
  Decoded& end = f.add(seg(1 + uint32_t(first.size()), slice(r, 800, r.size())));
  ASSERT_EQ(end->tcp_reasm.kind, K::Complete);
  EXPECT_EQ(end.field("tcp.segment"), "1,3");
}

TEST(TcpReasm, AfterIpReassemblyTheDatagramFieldsStayTheDatagrams) {
  // An IPv4 datagram in two fragments whose TCP segment ends a TLS record.
  Bytes r = record(1200, 6);
  Feed f;
  Defragmenter dg;
  f.add(seg(1, slice(r, 0, 200)));
  Bytes tcpseg = tcp(443, 40000, slice(r, 200, r.size()), {.seq = 201, .ack = 1});
  std::vector<Bytes> frags;
  for (size_t off = 0; off < tcpseg.size(); off += 512) {
    size_t n = std::min<size_t>(512, tcpseg.size() - off);
    frags.push_back(eth(0x0800, ipv4("198.18.6.2", "198.18.6.1", 6, slice(tcpseg, off, off + n),
                                     {.id = 9, .mf = off + n < tcpseg.size(), .frag_off = uint16_t(off / 8)})));
  }
  Decoded* last = nullptr;
  for (size_t i = 0; i < frags.size(); ++i) {
    f.pkts.push_back(std::make_unique<Decoded>(frags[i]));
    last = f.pkts.back().get();
    last->set_frame(f.pkts.size(), 0);
    dg.process(Registry::builtin(), last->mutable_pkt(), true);
    f.r.process(Registry::builtin(), last->mutable_pkt(), true);
  }
  ASSERT_EQ((*last)->tcp_reasm.kind, K::Complete);
  EXPECT_EQ(last->field("tls.record.length"), "1200");
  std::string hex;
  for (uint8_t x : tcpseg) hex += "0123456789abcdef"[x >> 4], hex += "0123456789abcdef"[x & 15];
  EXPECT_EQ(last->field("ip.reassembled.data"), hex) << "the datagram, not the TLS record";
}

// An HTTP segment on port 80 (server to client unless `up`).
Bytes hseg(uint32_t seq, const std::string& payload, bool up = false) {
  Bytes p(payload.begin(), payload.end());
  if (up) return eth(0x0800, ipv4("198.18.6.1", "198.18.6.2", 6, tcp(40000, 80, p, {.seq = seq, .ack = 1})));
  return eth(0x0800, ipv4("198.18.6.2", "198.18.6.1", 6, tcp(80, 40000, p, {.seq = seq, .ack = 1})));
}

TEST(TcpReasm, HttpHeadersThenContentLengthBody) {
  std::string body(2500, 'x');
  std::string msg = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2500\r\n\r\n" + body;
  Feed f;
  Decoded& a = f.add(hseg(1, msg.substr(0, 20)));  // the headers go on
  EXPECT_EQ(a->tcp_reasm.kind, K::Held);
  EXPECT_EQ(a.protocols(), "eth:ip:tcp");
  EXPECT_EQ(std::string(a->tcp_reasm.note, a->tcp_reasm.note_len), "HTTP/1.1 200 OK ");
  Decoded& b = f.add(hseg(21, msg.substr(20, 980)));  // headers whole, the body goes on
  EXPECT_EQ(b->tcp_reasm.kind, K::Held) << "HTTP asked again";
  Decoded& c = f.add(hseg(1001, msg.substr(1000, 1000)));
  EXPECT_EQ(c->tcp_reasm.kind, K::Middle) << "the length is known now";
  Decoded& d = f.add(hseg(2001, msg.substr(2000) + "HTTP/1.1 204 No Content\r\n\r\n"));
  ASSERT_EQ(d->tcp_reasm.kind, K::Complete);
  EXPECT_EQ(d.protocols(), "eth:ip:tcp:http:data-text-lines:http");
  EXPECT_EQ(d.field("tcp.segment"), "1,2,3,4");
  EXPECT_EQ(d.field("tcp.reassembled.length"), std::to_string(msg.size()));
  EXPECT_EQ(d.field("http.response.code"), "200,204");
  EXPECT_EQ(d->tcp_reasm.second, 5);
}

TEST(TcpReasm, HttpChunkedAndBodiesToTheEndOfTheConnection) {
  std::string msg = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n";
  Feed f;
  EXPECT_EQ(f.add(hseg(1, msg.substr(0, 50)))->tcp_reasm.kind, K::Held);
  Decoded& b = f.add(hseg(51, msg.substr(50)));
  ASSERT_EQ(b->tcp_reasm.kind, K::Complete);
  EXPECT_EQ(b.field("tcp.reassembled.length"), std::to_string(msg.size()));

  Feed g;  // no Content-Length, not chunked: tshark reads to the FIN; weir does not reassemble
  Decoded& r = g.add(hseg(1, "HTTP/1.1 200 OK\r\nServer: x\r\n\r\npart of a body"));
  EXPECT_EQ(r->tcp_reasm.kind, K::None);
  Feed head;  // a response to HEAD has no body, whatever its Content-Length
  head.add(hseg(1, "HEAD / HTTP/1.1\r\n\r\n", true));
  EXPECT_EQ(head.add(hseg(1, "HTTP/1.1 200 OK\r\nContent-Length: 900\r\n\r\n"))->tcp_reasm.kind, K::None);
  EXPECT_EQ(head.add(hseg(39, "HTTP/1.1 200 OK\r\nContent-Length: 900\r\n\r\n"))->tcp_reasm.kind, K::Held)
      << "the next response has its body";
  Feed h;  // a request without a body is whole at its headers
  EXPECT_EQ(h.add(hseg(1, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", true))->tcp_reasm.kind, K::None);
}

TEST(TcpReasm, HttpAfterAWholeMessageBadChunksAndGivingUp) {
  // A whole request, then the start of another: the second is collected.
  Feed f;
  Decoded& a = f.add(hseg(1, "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\nHo", true));
  EXPECT_EQ(a->tcp_reasm.kind, K::None) << "the first message shows as it is";
  Decoded& b = f.add(hseg(39, "st: x\r\n\r\n", true));
  ASSERT_EQ(b->tcp_reasm.kind, K::Complete);
  EXPECT_EQ(b.field("http.request.uri"), "/b");
  EXPECT_EQ(b.field("tcp.segment"), "1,2");

  // A chunk size that is not one ends the body (tshark stops there).
  Feed g;
  Decoded& c = g.add(hseg(1, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"));
  EXPECT_EQ(c->tcp_reasm.kind, K::None);

  // Headers that end without a length: what came is the message (the
  // headers are shown once they are there).
  Feed h;
  EXPECT_EQ(h.add(hseg(1, "HTTP/1.1 200 OK\r\nServ"))->tcp_reasm.kind, K::Held);
  Decoded& e = h.add(hseg(22, "er: x\r\n\r\nbody to the end"));
  ASSERT_EQ(e->tcp_reasm.kind, K::Complete);
  EXPECT_EQ(e.field("http.server"), "x");
}

// A DNS-over-TCP message (2-byte length, then the message) with n answers.
Bytes dns_tcp_msg(int n, uint16_t id) {
  Bytes m{uint8_t(id >> 8), uint8_t(id), 0x81, 0x80, 0, 1, 0, uint8_t(n), 0, 0, 0, 0};
  Bytes q = hex("03777777 076578616d706c65 03636f6d 00 0001 0001");
  m = cat(m, q);
  for (int i = 0; i < n; ++i) m = cat(m, hex("c00c 0001 0001 00000e10 0004 c6121001"));
  Bytes out{uint8_t(m.size() >> 8), uint8_t(m.size())};
  return cat(out, m);
}

Bytes dseg(uint32_t seq, const Bytes& payload) {
  return eth(0x0800, ipv4("198.18.6.2", "198.18.6.1", 6, tcp(53, 40000, payload, {.seq = seq, .ack = 1})));
}

TEST(TcpReasm, DnsOverTcpLengthsAndSplitLengths) {
  Bytes r = dns_tcp_msg(40, 0x1111), r2 = dns_tcp_msg(1, 0x2222), r3 = dns_tcp_msg(20, 0x3333);
  Feed f;
  Decoded& a = f.add(dseg(1, slice(r, 0, 300)));
  EXPECT_EQ(a->tcp_reasm.kind, K::Middle) << "the only message, open: TCP's info and the note";
  EXPECT_EQ(a.protocols(), "eth:ip:tcp");
  Decoded& b = f.add(dseg(301, cat(slice(r, 300, r.size()), cat(r2, slice(r3, 0, 1)))));
  ASSERT_EQ(b->tcp_reasm.kind, K::Complete);
  EXPECT_EQ(b.field("dns.id"), "0x1111,0x2222") << "the open third message is not shown";
  EXPECT_EQ(b.field("tcp.reassembled.length"), std::to_string(r.size()));
  uint32_t at = 301 + uint32_t(r.size() - 300 + r2.size() + 1);
  Decoded& c = f.add(dseg(at, slice(r3, 1, 100)));
  EXPECT_EQ(c->tcp_reasm.kind, K::Middle) << "the length is whole now, the message is not";
  Decoded& d = f.add(dseg(at + 99, slice(r3, 100, r3.size())));
  ASSERT_EQ(d->tcp_reasm.kind, K::Complete);
  EXPECT_EQ(d.field("dns.id"), "0x3333");
  EXPECT_EQ(d.field("tcp.segment"), "2,3,4");

  Feed k;  // one byte alone is a keep-alive, not a split length
  EXPECT_EQ(k.add(dseg(1, Bytes{0}))->tcp_reasm.kind, K::None);
  EXPECT_EQ(k.add(dseg(2, r2))->tcp_reasm.kind, K::None);
}

// OpenFlow messages (8-byte header with the length), as DNS over TCP.
Bytes of_msg(uint8_t version, uint8_t type, size_t body, uint32_t xid) {
  Bytes m{version, type, uint8_t((8 + body) >> 8), uint8_t(8 + body), 0, 0, uint8_t(xid >> 8), uint8_t(xid)};
  for (size_t i = 0; i < body; ++i) m.push_back(uint8_t(i));
  return m;
}
Bytes ofseg(uint16_t sport, uint16_t dport, uint32_t seq, const Bytes& payload) {
  bool up = dport == 6633 || dport == 6653;
  return eth(0x0800, ipv4(up ? "198.18.6.1" : "198.18.6.2", up ? "198.18.6.2" : "198.18.6.1", 6,
                          tcp(sport, dport, payload, {.seq = seq, .ack = 1})));
}

TEST(TcpReasm, OpenflowMessagesAcrossSegmentsAndASecondCall) {
  Bytes m1 = of_msg(1, 2, 1000, 1), m2 = of_msg(1, 18, 0, 2), m3 = of_msg(4, 3, 30, 3);
  Feed f;
  Decoded& a = f.add(ofseg(40000, 6653, 1, slice(m1, 0, 5)));
  EXPECT_EQ(a->tcp_reasm.kind, K::Middle) << "the header itself is split";
  EXPECT_EQ(a.protocols(), "eth:ip:tcp");
  Decoded& b = f.add(ofseg(40000, 6653, 6, slice(m1, 5, 600)));
  EXPECT_EQ(b->tcp_reasm.kind, K::Middle);
  Decoded& c = f.add(ofseg(40000, 6653, 601, cat(slice(m1, 600, m1.size()), cat(m2, slice(m3, 0, 10)))));
  ASSERT_EQ(c->tcp_reasm.kind, K::Complete);
  EXPECT_EQ(c.protocols(), "eth:ip:tcp:openflow:openflow_v1:openflow:openflow_v1") << "the rest: a second call";
  EXPECT_EQ(c.field("openflow.xid"), "1,2") << "the open third message is not shown";
  EXPECT_EQ(c.field("tcp.segment"), "1,2,3");
  uint32_t at = 601 + uint32_t(m1.size() - 600 + m2.size() + 10);
  Decoded& d = f.add(ofseg(40000, 6653, at, slice(m3, 10, m3.size())));
  ASSERT_EQ(d->tcp_reasm.kind, K::Complete);
  EXPECT_EQ(d.field("openflow_v4.xid"), "3");
  EXPECT_EQ(d.field("tcp.segment"), "3,4");
}

TEST(TcpReasm, OpenflowHeuristicTakesTheWholeConnection) {
  // On port 6633 tshark's heuristic needs a segment to 6633; from then on
  // the other direction is OpenFlow too, and reassembled.
  Bytes big = of_msg(4, 19, 500, 7);
  Feed f;
  EXPECT_EQ(f.add(ofseg(6633, 40000, 1, of_msg(4, 0, 0, 1))).protocols(), "eth:ip:tcp:data");
  EXPECT_EQ(f.add(ofseg(40000, 6633, 1, of_msg(4, 0, 0, 1))).protocols(), "eth:ip:tcp:openflow:openflow_v4");
  EXPECT_EQ(f.add(ofseg(6633, 40000, 9, of_msg(4, 2, 0, 2))).protocols(), "eth:ip:tcp:openflow:openflow_v4");
  Decoded& a = f.add(ofseg(6633, 40000, 17, slice(big, 0, 200)));
  EXPECT_EQ(a->tcp_reasm.kind, K::Middle);
  Decoded& b = f.add(ofseg(6633, 40000, 217, slice(big, 200, big.size())));
  ASSERT_EQ(b->tcp_reasm.kind, K::Complete);
  EXPECT_EQ(b.field("openflow_v4.xid"), "7");
  // Another connection from the same port is not taken.
  EXPECT_EQ(f.add(ofseg(6633, 40001, 1, of_msg(4, 0, 0, 1))).protocols(), "eth:ip:tcp:data");
}

TEST(TcpReasm, OpenflowPastTheLayerLimitAndZeroLengths) {
  // 70 whole messages, then one that the next segment ends: decoding stops
  // at the layer limit, yet the open message is found by its headers.
  Bytes many;
  for (int i = 0; i < 70; ++i) many = cat(many, of_msg(4, 20, 0, uint32_t(i)));
  Bytes big = of_msg(4, 2, 100, 99);
  Feed f;
  Decoded& a = f.add(ofseg(40000, 6653, 1, cat(many, slice(big, 0, 30))));
  EXPECT_TRUE(a.has_anomaly("decode_depth_exceeded"));
  Decoded& b = f.add(ofseg(40000, 6653, uint32_t(1 + many.size() + 30), slice(big, 30, big.size())));
  ASSERT_EQ(b->tcp_reasm.kind, K::Complete);
  EXPECT_EQ(b.field("openflow_v4.xid"), "99");
  // A length of 0: tshark asks for one more segment, again and again.
  Feed z;
  Bytes zero = {4, 2, 0, 0, 0, 0, 0, 1, 'a', 'b'};
  EXPECT_EQ(z.add(ofseg(40000, 6653, 1, zero))->tcp_reasm.kind, K::Middle);
  EXPECT_EQ(z.add(ofseg(40000, 6653, 11, of_msg(4, 3, 0, 2)))->tcp_reasm.kind, K::Middle);
}

TEST(TcpReasm, RepeatsGapsCutSegmentsAndOff) {
  Bytes r = record(2500, 8);
  Feed f;
  f.add(seg(1, slice(r, 0, 1000)));
  f.add(seg(1001, slice(r, 1000, 2000)));
  Decoded& again = f.add(seg(1001, slice(r, 1000, 2000)));
  EXPECT_EQ(again->tcp_reasm.kind, K::Repeat);
  EXPECT_EQ(again.protocols(), "eth:ip:tcp");
  Decoded& end = f.add(seg(2001, slice(r, 2000, r.size())));
  EXPECT_EQ(end->tcp_reasm.kind, K::Complete);
  EXPECT_EQ(end.field("tcp.segment"), "1,2,4");

  Feed g;  // a gap: the record cannot complete; past its end, on its own again
  g.add(seg(1, slice(r, 0, 1000)));
  Decoded& after = g.add(seg(2001, slice(r, 2000, r.size())));
  EXPECT_EQ(after->tcp_reasm.kind, K::Middle);
  Decoded& next = g.add(seg(1 + uint32_t(r.size()), record(10, 1)));
  EXPECT_EQ(next->tcp_reasm.kind, K::None);
  EXPECT_EQ(next.field("tls.record.length"), "10");
  EXPECT_EQ(g.r.completed(), 0u);

  Feed h;  // a segment cut by the snap length ends nothing and starts nothing
  Bytes cut = seg(1, slice(r, 0, 1000));
  Decoded& c = h.add(cut, uint32_t(cut.size() - 10));
  EXPECT_EQ(c->tcp_reasm.kind, K::None);
  EXPECT_EQ(c.anomalies(), "truncated_tls_record");

  Feed off;
  off.r.set(false, false, false);
  off.add(seg(1, slice(r, 0, 1000)));
  Decoded& m = off.add(seg(1001, slice(r, 1000, 2000)));
  EXPECT_EQ(m->tcp_reasm.kind, K::None);
  EXPECT_EQ(m.protocols(), "eth:ip:tcp:tls") << "per packet: port 443's dissector on the bytes";
}

TEST(TcpReasm, DirectionsAndConnectionsAreSeparateAndTheOldestGivesWay) {
  Bytes r = record(1500, 9);
  Feed f;
  f.add(seg(1, slice(r, 0, 1000), 40000));
  f.add(seg(7, slice(r, 0, 700), 40001));
  Decoded& other = f.add(seg(1001, slice(r, 1000, r.size()), 40001));
  EXPECT_EQ(other->tcp_reasm.kind, K::Middle) << "connection 40001's own record, after a gap";
  EXPECT_EQ(other.field("tcp.segment"), "");
  Decoded& done = f.add(seg(1001, slice(r, 1000, r.size()), 40000));
  EXPECT_EQ(done->tcp_reasm.kind, K::Complete);

  Feed e;  // kSlots records open: one more pushes out the oldest
  for (int i = 0; i <= TcpReassembler::kSlots; ++i) e.add(seg(1, slice(r, 0, 1000), uint16_t(41000 + i)));
  EXPECT_EQ(e.r.abandoned(), 1u);
  EXPECT_EQ(e.add(seg(1001, slice(r, 1000, r.size()), 41001))->tcp_reasm.kind, K::Complete);
  EXPECT_NE(e.add(seg(1001, slice(r, 1000, r.size()), 41000))->tcp_reasm.kind, K::Complete);
}

}  // namespace
}  // namespace weir
