// tcp.stream / udp.stream numbering (engine/streams.hpp), as tshark 4.0 does
// it; the same rules are checked against tshark itself by the conformance
// script (its tcp.stream,udp.stream pass) and NetTshark.* on the samples.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "decode/packet_builder.hpp"
#include "engine/streams.hpp"

namespace weir::testpkt {
namespace {

// Runs the frames through one tracker in order; returns each frame's
// tcp.stream,udp.stream values as "t" / "u<index>" / "-" strings.
std::vector<std::string> run(const std::vector<Bytes>& frames, std::vector<uint32_t> caplens = {}) {
  StreamTracker st;
  std::vector<std::string> out;
  for (size_t i = 0; i < frames.size(); ++i) {
    Decoded d(frames[i], linktype::kEthernet, i < caplens.size() ? caplens[i] : UINT32_MAX);
    st.annotate(d.mutable_pkt());
    std::string t = d.field("tcp.stream"), u = d.field("udp.stream");
    out.push_back(!t.empty() ? "t" + t : !u.empty() ? "u" + u : "-");
  }
  return out;
}

Bytes seg(const char* src, uint16_t sp, const char* dst, uint16_t dp, uint32_t seq, uint16_t flags) {
  TcpOpts o;
  o.seq = seq;
  o.flags = flags;
  return eth_ipv4_tcp(src, sp, dst, dp, {}, o);
}
constexpr uint16_t SYN = tcpflag::SYN, SA = tcpflag::SYN | tcpflag::ACK, ACK = tcpflag::ACK, RST = tcpflag::RST;
const char *A = "198.18.0.1", *B = "198.18.0.2", *C = "198.18.0.3";

TEST(Streams, TcpConversationsAndPortReuse) {
  auto r = run({seg(A, 1000, B, 80, 100, SYN), seg(B, 80, A, 1000, 900, SA), seg(A, 1000, B, 80, 101, ACK),
                seg(A, 1000, B, 80, 100, SYN),    // retransmitted SYN: same conversation
                seg(A, 1000, B, 80, 5000, SYN),   // another sequence number: ports reused
                seg(B, 80, A, 1000, 7000, SA),
                seg(A, 2000, B, 80, 300, ACK),    // joined mid-stream
                seg(A, 2000, B, 80, 1, SYN),      // then a SYN: new
                seg(A, 3000, B, 80, 10, SYN), seg(A, 3000, B, 80, 11, RST),
                seg(A, 3000, B, 80, 10, SYN),     // same SYN after a RST: same
                seg(A, 4000, B, 80, 10, SYN), seg(B, 80, A, 4000, 20, SA),
                seg(B, 80, A, 4000, 99, SA),      // a SYN-ACK never starts one
                seg(A, 1000, C, 80, 100, SYN)});  // another host
  std::vector<std::string> want = {"t0", "t0", "t0", "t0", "t1", "t1", "t2", "t3", "t4",
                                   "t4", "t4", "t5", "t5", "t5", "t6"};
  EXPECT_EQ(r, want);
}

TEST(Streams, RelativeSequenceNumbers) {
  // tshark's default tcp.seq / tcp.ack / tcp.nxtseq.
  StreamTracker st;
  auto rel = [&](const Bytes& f) {
    Decoded d(f);
    st.annotate(d.mutable_pkt());
    return d.field("tcp.seq") + "/" + d.field("tcp.ack") + "/" + d.field("tcp.nxtseq");
  };
  auto segd = [](const char* s, uint16_t sp, const char* d, uint16_t dp, uint32_t seq, uint32_t ack,
                 uint16_t flags, size_t len) {
    TcpOpts o;
    o.seq = seq;
    o.ack = ack;
    o.flags = flags;
    return eth_ipv4_tcp(s, sp, d, dp, Bytes(len, 'x'), o);
  };
  EXPECT_EQ(rel(segd(A, 1000, B, 80, 100, 0, SYN, 0)), "0/0/1");           // SYN: the base; no ACK: raw ack
  EXPECT_EQ(rel(segd(B, 80, A, 1000, 900, 101, SA, 0)), "0/1/1");
  EXPECT_EQ(rel(segd(A, 1000, B, 80, 101, 901, ACK, 10)), "1/1/11");
  EXPECT_EQ(rel(segd(B, 80, A, 1000, 901, 111, ACK | tcpflag::FIN, 0)), "1/11/2");  // FIN counts one
  EXPECT_EQ(rel(segd(A, 1000, B, 80, 5000, 77, SYN, 0)), "0/77/1");         // reused ports: new bases
  // Joined mid-stream: first seq - 1, and the other side's base from the ack.
  EXPECT_EQ(rel(segd(A, 2000, B, 80, 300, 400, ACK, 3)), "1/1/4");
  EXPECT_EQ(rel(segd(B, 80, A, 2000, 400, 303, ACK, 5)), "1/4/6");
}

TEST(Streams, WindowScaling) {
  // Expected values are tshark 4.0's on the same packets (tcp.window_size /
  // tcp.window_size_scalefactor; nothing for a SYN's factor).
  StreamTracker st;
  auto win = [&](const char* s, uint16_t sp, const char* d, uint16_t dp, uint16_t flags, int ws) {
    TcpOpts o;
    o.flags = flags;
    o.window = 1000;
    if (ws >= 0) o.options = bytes({1, 3, 3, uint8_t(ws)});
    Decoded dec(eth_ipv4_tcp(s, sp, d, dp, {}, o));
    st.annotate(dec.mutable_pkt());
    return dec.field("tcp.window_size") + "/" + dec.field("tcp.window_size_scalefactor");
  };
  EXPECT_EQ(win(A, 1000, B, 80, SYN, 7), "1000/");  // both sides offer scaling
  EXPECT_EQ(win(B, 80, A, 1000, SA, 2), "1000/");
  EXPECT_EQ(win(A, 1000, B, 80, ACK, -1), "128000/128");
  EXPECT_EQ(win(B, 80, A, 1000, ACK, -1), "4000/4");
  EXPECT_EQ(win(A, 2000, B, 80, SYN, 7), "1000/");  // the SYN-ACK does not: none
  EXPECT_EQ(win(B, 80, A, 2000, SA, -1), "1000/");
  EXPECT_EQ(win(A, 2000, B, 80, ACK, -1), "1000/-2");
  EXPECT_EQ(win(A, 3000, B, 80, SYN, -1), "1000/");  // the SYN does not: none
  EXPECT_EQ(win(B, 80, A, 3000, SA, 3), "1000/");
  EXPECT_EQ(win(B, 80, A, 3000, ACK, -1), "1000/-2");
  EXPECT_EQ(win(A, 4000, B, 80, ACK, -1), "1000/-1");  // no handshake seen: unknown
}

TEST(Streams, UdpAndQuotedHeadersAndTruncation) {
  Bytes u1 = eth_ipv4_udp(A, 5000, B, 53, bytes("q"));
  Bytes u2 = eth_ipv4_udp(B, 53, A, 5000, bytes("r"));
  Bytes u3 = eth_ipv4_udp(A, 5000, C, 53, bytes("q"));
  // ICMP port unreachable quoting a UDP and a TCP header (IP + 8 bytes).
  Bytes qu = ipv4(A, "198.18.0.9", 17, bytes({0x1e, 0x61, 0x00, 0x35, 0, 9, 0, 0}));
  Bytes icmp_u = cat(bytes({3, 3, 0, 0, 0, 0, 0, 0}), qu);
  Bytes qt = ipv4(A, B, 6, bytes({0x03, 0xe8, 0x00, 0x50, 0, 0, 0, 100}));
  Bytes icmp_t = cat(bytes({3, 3, 0, 0, 0, 0, 0, 0}), qt);
  auto r = run({u1, u2, u3, eth(0x0800, ipv4("198.18.0.9", A, 1, icmp_u)), eth(0x0800, ipv4(B, A, 1, icmp_t)),
                seg(A, 7000, B, 80, 1, SYN), seg(A, 7001, B, 80, 1, SYN), eth_ipv4_udp(A, 6000, B, 53, bytes("q"))},
               {UINT32_MAX, UINT32_MAX, UINT32_MAX, UINT32_MAX, UINT32_MAX,
                34 + 16,   // TCP cut to 16 bytes: still numbered
                34 + 15,   // cut to 15: not
                34 + 7});  // UDP cut to 7: not
  std::vector<std::string> want = {"u0", "u0", "u1", "u2", "-", "t0", "-", "-"};
  EXPECT_EQ(r, want);
}

// Headers Wireshark numbers but does not analyse, and the option handling
// that follows its dissection order. Every expected value is tshark 4.0's
// on the same packets.
TEST(Streams, QuotedFragmentedAndOptionsAsTshark) {
  StreamTracker st;
  auto f = [&](const Bytes& frame, uint32_t caplen = UINT32_MAX) {
    Decoded d(frame, linktype::kEthernet, caplen);
    st.annotate(d.mutable_pkt());
    return d.field("tcp.stream") + "/" + d.field("tcp.seq") + "/" + d.field("tcp.window_size") + "/" +
           d.field("tcp.window_size_scalefactor");
  };
  auto tcp = [](const char* s, uint16_t sp, const char* d, uint16_t dp, uint32_t seq, uint32_t ack, uint16_t flags,
                int ws = -1, size_t len = 0) {
    TcpOpts o;
    o.seq = seq;
    o.ack = ack;
    o.flags = flags;
    o.window = 1000;
    if (ws >= 0) o.options = bytes({1, 3, 3, uint8_t(ws)});
    return eth_ipv4_tcp(s, sp, d, dp, Bytes(len, 'x'), o);
  };
  // An ICMP error quoting the whole header (as Linux does) of `frame`.
  auto quoted = [](const Bytes& frame, size_t n) {
    Bytes inner(frame.begin() + 14, frame.begin() + 14 + n);
    return eth(0x0800, ipv4(B, A, 1, cat(bytes({3, 3, 0, 0, 0, 0, 0, 0}), inner)));
  };
  EXPECT_EQ(f(tcp(A, 1000, B, 80, 100, 0, SYN, 2)), "0/0/1000/");
  EXPECT_EQ(f(tcp(B, 80, A, 1000, 900, 101, SA, 3)), "0/0/1000/");
  // Quoted whole: numbered, raw sequence number, unscaled window, the factor shown.
  EXPECT_EQ(f(quoted(tcp(A, 1000, B, 80, 101, 901, ACK), 40)), "0/101/1000/4");
  EXPECT_EQ(f(quoted(tcp(A, 1000, B, 80, 101, 901, ACK), 28)), "/101//");  // 8 bytes: no number
  EXPECT_EQ(f(quoted(tcp(A, 5555, B, 80, 7, 0, ACK), 40)), "1/7/1000/-1");   // unseen: a new conversation
  // A window-scale option on a non-SYN segment sets the shift for the next ones.
  EXPECT_EQ(f(tcp(A, 1000, B, 80, 101, 901, ACK, 5)), "0/1/4000/4");
  EXPECT_EQ(f(tcp(A, 1000, B, 80, 101, 901, ACK)), "0/1/32000/32");
  // A first fragment: numbered, but it sets no base (the next segment's
  // sequence number is relative to its own).
  {
    Ipv4Opts io;
    io.df = false;
    io.mf = true;
    TcpOpts o;
    o.seq = 40;
    o.flags = ACK;
    o.window = 1000;
    Bytes frag = eth_ipv4_tcp(A, 6000, B, 80, Bytes(8, 'x'), o, io);
    EXPECT_EQ(f(frag), "2/40/1000/-1");
    EXPECT_EQ(f(tcp(A, 6000, B, 80, 41, 0, ACK)), "2/1/1000/-1");
  }
  // Port reuse compares with the direction's base, which an ACK from the
  // other side can set (ack - 1).
  EXPECT_EQ(f(tcp(A, 7000, B, 80, 1, 4, ACK)), "3/1/1000/-1");
  EXPECT_EQ(f(tcp(B, 80, A, 7000, 500, 0, SYN)), "4/0/1000/");
  // A SYN-ACK whose options were cut off by the capture decides nothing:
  // the client keeps its own SYN's shift, the server's stays unknown.
  EXPECT_EQ(f(tcp(A, 8000, B, 80, 10, 0, SYN, 8)), "5/0/1000/");
  EXPECT_EQ(f(tcp(B, 80, A, 8000, 20, 11, SA, 7), 14 + 20 + 21), "5/0/1000/");
  EXPECT_EQ(f(tcp(A, 8000, B, 80, 11, 21, ACK)), "5/1/256000/256");
  EXPECT_EQ(f(tcp(B, 80, A, 8000, 21, 11, ACK)), "5/1/1000/-1");
}

TEST(Streams, SynAndFinCountOnceInNxtseq) {
  StreamTracker st;
  TcpOpts o;
  o.seq = 100;
  o.flags = SYN | tcpflag::FIN;
  Decoded d(eth_ipv4_tcp(A, 1000, B, 80, Bytes(2, 'x'), o));
  st.annotate(d.mutable_pkt());
  EXPECT_EQ(d.field("tcp.nxtseq"), "3");  // tshark 4.0: 0 + 2 + 1
}

// Wireshark's sequence analysis on a few segments; the expected values are
// tshark 4.0.17's on the same packets (the whole set of verdicts is checked
// against tshark by cli_tshark.sh with tests/scripts/tcp_analysis.py).
TEST(Streams, SequenceAnalysisAsTshark) {
  StreamTracker st;
  st.set_analysis(true);
  uint64_t n = 0;
  auto f = [&](const char* s, uint16_t sp, const char* dd, uint16_t dp, uint32_t seq, uint32_t ack, uint16_t flags,
               size_t len, int64_t ms) {
    TcpOpts o;
    o.seq = seq;
    o.ack = ack;
    o.flags = flags;
    o.window = 1000;
    Decoded d(eth_ipv4_tcp(s, sp, dd, dp, Bytes(len, 'x'), o));
    d.set_frame(++n, 1'700'000'000'000'000'000 + ms * 1'000'000);
    st.annotate(d.mutable_pkt());
    std::string r;
    for (const char* name : {"tcp.analysis.flags", "tcp.analysis.retransmission", "tcp.analysis.fast_retransmission",
                             "tcp.analysis.spurious_retransmission", "tcp.analysis.lost_segment",
                             "tcp.analysis.duplicate_ack_num", "tcp.analysis.duplicate_ack_frame",
                             "tcp.analysis.acks_frame", "tcp.analysis.ack_rtt", "tcp.analysis.initial_rtt",
                             "tcp.analysis.bytes_in_flight", "tcp.analysis.rto_frame"})
      r += d.field(name) + "|";
    return r;
  };
  const uint16_t AP = ACK | tcpflag::PSH;
  const char* P = "198.18.0.2";
  // flags|retrans|fast|spurious|lost|dupnum|dupframe|acks|ack_rtt|irtt|bif|rto_frame
  EXPECT_EQ(f(A, 1000, P, 9, 100, 0, SYN, 0, 0), "||||||||||||");
  EXPECT_EQ(f(A, 1000, P, 9, 100, 0, SYN, 0, 1), "1|1||||||||||1|");
  EXPECT_EQ(f(P, 9, A, 1000, 900, 101, SA, 0, 2), "|||||||1|0.002000000||||");
  EXPECT_EQ(f(A, 1000, P, 9, 101, 901, ACK, 0, 3), "|||||||3|0.001000000|0.002000000|||");
  EXPECT_EQ(f(A, 1000, P, 9, 101, 901, AP, 100, 4), "|||||||||0.002000000|100||");
  EXPECT_EQ(f(A, 1000, P, 9, 201, 901, AP, 100, 5), "|||||||||0.002000000|200||");
  EXPECT_EQ(f(P, 9, A, 1000, 901, 301, ACK, 0, 6), "|||||||6|0.001000000|0.002000000|||");
  EXPECT_EQ(f(A, 1000, P, 9, 201, 901, AP, 100, 7), "1|1||1||||||0.002000000|100||");
  EXPECT_EQ(f(A, 1000, P, 9, 401, 901, AP, 100, 8), "1||||1|||||0.002000000|||");
  EXPECT_EQ(f(P, 9, A, 1000, 901, 301, ACK, 0, 9), "1|||||1|7|8|0.002000000|0.002000000|||");
  EXPECT_EQ(f(P, 9, A, 1000, 901, 301, ACK, 0, 10), "1|||||2|7|||0.002000000|||");
  EXPECT_EQ(f(P, 9, A, 1000, 901, 301, ACK, 0, 11), "1|||||3|7|||0.002000000|||");
  EXPECT_EQ(f(A, 1000, P, 9, 301, 901, AP, 100, 12), "1|1|1|||||||0.002000000|200||");
}

TEST(Streams, ManyConversationsKeepTheirIndex) {
  // Enough conversations to grow the table several times; every one keeps
  // its index when it shows up again.
  StreamTracker st;
  auto index_of = [&](int i) {
    Decoded d(eth_ipv4_udp(A, uint16_t(1024 + i % 50000), i < 50000 ? B : C, 53, bytes("q")));
    st.annotate(d.mutable_pkt());
    return d.field("udp.stream");
  };
  for (int i = 0; i < 60000; ++i) ASSERT_EQ(index_of(i), std::to_string(i)) << i;
  for (int i = 0; i < 60000; i += 997) ASSERT_EQ(index_of(i), std::to_string(i)) << i;
  EXPECT_EQ(st.tracked(), 60000u);
}

TEST(Streams, ConnectionStaysOnItsTlsAndRemembersTheVersion) {
  // Port 4433 has no dissector: the ClientHello is TLS by the heuristic; a
  // later ChangeCipherSpec + encrypted segment is TLS only through the
  // connection, and carries the version the ServerHello selected.
  StreamTracker st;
  TcpOpts o;
  o.flags = tcpflag::ACK | tcpflag::PSH;
  Bytes hello = hex("16 0301 002f 01 00002b 0303");
  hello = cat(hello, Bytes(32, 1));
  hello = cat(hello, hex("00 0002 1301 0100 0000"));
  Decoded ch(eth_ipv4_tcp(A, 40001, B, 4433, hello, o));
  st.annotate(ch.mutable_pkt());
  EXPECT_EQ(ch.protocols(), "eth:ip:tcp:tls");
  // ServerHello with supported_versions = TLS 1.3.
  Bytes sh = hex("16 0303 0032 02 00002e 0303");
  sh = cat(sh, Bytes(32, 2));
  sh = cat(sh, hex("00 1301 00 0006 002b 0002 0304"));
  Decoded sd(eth_ipv4_tcp(B, 4433, A, 40001, sh, o));
  st.annotate(sd.mutable_pkt());
  EXPECT_EQ(sd->tls_version, 0x0304);
  Bytes ccs = cat(hex("14 0303 0001 01 17 0303 0010"), Bytes(16, 0x5a));
  Decoded later(eth_ipv4_tcp(A, 40001, B, 4433, ccs, o));
  EXPECT_EQ(later.protocols(), "eth:ip:tcp:data");  // alone: not TLS
  st.annotate(later.mutable_pkt());
  EXPECT_EQ(later.protocols(), "eth:ip:tcp:tls:tls");
  EXPECT_EQ(later->tls_version, 0x0304);
  EXPECT_EQ(later.field("tls.record.opaque_type"), "23");
  // Another connection knows nothing of it.
  Decoded other(eth_ipv4_tcp(A, 40002, B, 4433, ccs, o));
  st.annotate(other.mutable_pkt());
  EXPECT_EQ(other.protocols(), "eth:ip:tcp:data");
  EXPECT_EQ(other->tls_version, 0);
}

}  // namespace
}  // namespace weir::testpkt

namespace weir::testpkt {
namespace {

Bytes arp_frame(uint16_t op, const char* sha, const char* spa, const char* tha, const char* tpa) {
  Bytes body = hex("0001 0800 06 04");
  put16(body, op);
  auto mac_bytes = [](const char* m) {
    Bytes b;
    for (int i = 0; i < 6; ++i) b.push_back(uint8_t(std::stoul(std::string(m + 3 * i, 2), nullptr, 16)));
    return b;
  };
  auto ip = [](const char* a) {
    Bytes b(4);
    std::sscanf(a, "%hhu.%hhu.%hhu.%hhu", &b[0], &b[1], &b[2], &b[3]);
    return b;
  };
  body = cat(body, cat(cat(mac_bytes(sha), ip(spa)), cat(mac_bytes(tha), ip(tpa))));
  return eth(0x0806, body, "ff:ff:ff:ff:ff:ff", sha);
}

// Wireshark's duplicate address detection: the frame that had the address,
// the seconds since; refreshed by the same MAC; the text decided by the
// last check of a reply.
TEST(Streams, ArpDuplicateAddresses) {
  StreamTracker st;
  auto feed = [&](const Bytes& f, uint64_t n, int64_t sec) {
    Decoded d(f);
    d.set_frame(n, sec * 1'000'000'000);
    st.annotate(d.mutable_pkt());
    return d.field("arp.duplicate-address-frame") + "/" + d.field("arp.seconds-since-duplicate-address-frame") + "/" +
           d.info(Proto::Arp);
  };
  const char* A = "02:00:00:00:00:0a";
  const char* B = "02:00:00:00:00:0b";
  const char* Z = "00:00:00:00:00:00";
  EXPECT_EQ(feed(arp_frame(1, A, "198.18.6.1", Z, "198.18.6.9"), 1, 10), "//Who has 198.18.6.9? Tell 198.18.6.1");
  EXPECT_EQ(feed(arp_frame(1, A, "198.18.6.1", Z, "198.18.6.9"), 2, 12), "//Who has 198.18.6.9? Tell 198.18.6.1");
  EXPECT_EQ(feed(arp_frame(1, B, "198.18.6.1", Z, "198.18.6.9"), 3, 15),
            "2/3/Who has 198.18.6.9? Tell 198.18.6.1 (duplicate use of 198.18.6.1 detected!)");
}

// SCTP TSNs relative to each direction's INIT / INIT ACK initial TSN.
TEST(Streams, SctpRelativeTsns) {
  StreamTracker st;
  auto info = [&](const char* src, uint16_t sp, const char* dst, uint16_t dp, const Bytes& chunks) {
    Bytes s;
    put16(s, sp);
    put16(s, dp);
    s = cat(s, cat(hex("00000001 00000000"), chunks));
    Decoded d(eth(0x0800, ipv4(src, dst, 132, s)));
    st.annotate(d.mutable_pkt());
    return d.info(Proto::Sctp);
  };
  Bytes init = hex("01 00 0014 0a0a0a0a 00010000 000a 000a 000f4240");      // initial TSN 1000000
  Bytes init_ack = hex("02 00 0014 0b0b0b0b 00010000 000a 000a 00012fd1");  // initial TSN 77777
  EXPECT_EQ(info(A, 5000, B, 6000, init), "INIT ");
  EXPECT_EQ(info(B, 6000, A, 5000, init_ack), "INIT_ACK ");
  EXPECT_EQ(info(A, 5000, B, 6000, hex("00 03 0014 000f4242 0000 0000 00000000 61626364")), "DATA (TSN=2) ");
  EXPECT_EQ(info(B, 6000, A, 5000, hex("03 00 0010 000f4242 0000ea60 0000 0000")), "SACK (Ack=2, Arwnd=60000) ");
}

}  // namespace
}  // namespace weir::testpkt
