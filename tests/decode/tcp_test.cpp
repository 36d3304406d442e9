// TCP: fields, options, flags, segment length rules, malformed headers.
#include <gtest/gtest.h>

#include "decode/net_samples.hpp"

namespace weir::testpkt {
namespace {

TEST(Tcp, SynWithOptions) {
  Decoded d(samples::tcp_syn());
  EXPECT_EQ(d.protocols(), "eth:ip:tcp");
  EXPECT_EQ(d.field("tcp.srcport"), "40000");
  EXPECT_EQ(d.field("tcp.dstport"), "80");
  EXPECT_EQ(d.field("tcp.port"), "40000,80");
  EXPECT_EQ(d.field("tcp.seq_raw"), "123456789");
  EXPECT_EQ(d.field("tcp.ack_raw"), "0");
  EXPECT_EQ(d.field("tcp.hdr_len"), "40");
  EXPECT_EQ(d.field("tcp.flags"), "0x0002");
  EXPECT_EQ(d.field("tcp.flags.syn"), "1");
  EXPECT_EQ(d.field("tcp.flags.ack"), "0");
  EXPECT_EQ(d.field("tcp.flags.str"), "··········S·");
  EXPECT_EQ(d.field("tcp.window_size_value"), "64240");
  EXPECT_EQ(d.field("tcp.len"), "0");
  EXPECT_EQ(d.field("tcp.options.mss_val"), "1460");
  EXPECT_EQ(d.field("tcp.options.wscale.shift"), "7");
  EXPECT_EQ(d.field("tcp.options.sack_perm"), "0402");
  EXPECT_EQ(d.field("tcp.options.timestamp.tsval"), "123456");
  EXPECT_EQ(d.field("tcp.options.timestamp.tsecr"), "0");
  EXPECT_EQ(d.field("tcp.option_kind"), "2,4,8,1,3");
  EXPECT_EQ(d.info(Proto::Tcp),
            "40000 → 80 [SYN] Seq=123456789 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=123456 TSecr=0 WS=128");
  const auto& t = d->layers[2].as<TcpFields>();
  EXPECT_TRUE(t.has_mss);
  EXPECT_EQ(t.mss, 1460);
  EXPECT_EQ(t.wscale, 7);
  EXPECT_TRUE(t.sack_perm);
  EXPECT_TRUE(t.has_ts);
  EXPECT_EQ(t.payload_len, 0u);
  Bytes f = samples::tcp_syn();
  EXPECT_EQ(fold(sum16(f.data() + 34, f.size() - 34, pseudo4("198.18.0.1", "198.18.0.2", 6, f.size() - 34))), 0);
}

TEST(Tcp, DataSegmentAndDispatchByPort) {
  Decoded d(samples::tcp_data());
  EXPECT_EQ(d.field("tcp.flags"), "0x0018");
  EXPECT_EQ(d.field("tcp.flags.str"), "·······AP···");
  EXPECT_EQ(d.field("tcp.len"), "18");
  EXPECT_EQ(d.field("tcp.options.mss_val"), "");
  EXPECT_EQ(d.info(Proto::Tcp), "40000 → 80 [PSH, ACK] Seq=1000 Ack=2000 Win=502 Len=18 TSval=100 TSecr=200");
  EXPECT_EQ(d->layers[2].payload_len, 18u);
  // Port 80 goes to whatever is registered for it (HTTP once it exists).
  Proto next = Registry::builtin().lookup(Table::TcpPort, 80);
  EXPECT_EQ(d->layers[3].proto, next == Proto::None ? Proto::Data : next);
}

TEST(Tcp, SackBlocks) {
  TcpOpts t;
  t.options = hex("0101 050a 000003e8 000007d0");
  Decoded d(eth_ipv4_tcp("198.18.0.1", 1, "198.18.0.2", 2, {}, t));
  EXPECT_EQ(d.field("tcp.options.sack_le"), "1000");
  EXPECT_EQ(d.field("tcp.options.sack_re"), "2000");
  EXPECT_EQ(d->layers[2].as<TcpFields>().nsack, 1);
}

TEST(Tcp, AllFlags) {
  TcpOpts t;
  t.flags = 0x1ff;
  Decoded d(eth_ipv4_tcp("198.18.0.1", 1, "198.18.0.2", 2, {}, t));
  EXPECT_EQ(d.field("tcp.flags"), "0x01ff");
  EXPECT_EQ(d.field("tcp.flags.str"), "···ACEUAPRSF");
  EXPECT_EQ(d.field("tcp.flags.ae"), "1");
  EXPECT_EQ(d.field("tcp.flags.res"), "0");
  EXPECT_EQ(d.info(Proto::Tcp).rfind("1 → 2 [FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, AE] Seq=1000 Ack=0", 0), 0u);
}

TEST(Tcp, NoSegmentLengthInFragments) {
  TcpOpts t;
  Bytes f = eth_ipv4_tcp("198.18.0.1", 1, "198.18.0.2", 2, Bytes(10, 1), t, {.df = false, .mf = true});
  Decoded d(f);
  EXPECT_EQ(d.field("tcp.srcport"), "1");
  EXPECT_EQ(d.field("tcp.len"), "");
  EXPECT_EQ(d.info(Proto::Tcp), "1 → 2 [PSH, ACK] Seq=1000 Ack=0 Win=64240");
}

TEST(Tcp, BogusHeaderLength) {
  Bytes f = samples::tcp_data();
  f[34 + 12] = 0x30;  // 12 bytes
  Decoded d(f);
  EXPECT_TRUE(d.has_anomaly("bad_tcp_hdr_len"));
  // As tshark 4.0.17: the segment length (computed before the header length
  // is checked) and the sequence number, then nothing after the stop.
  EXPECT_EQ(d.field("tcp.seq_raw"), "1000");
  EXPECT_EQ(d.field("tcp.ack_raw"), "");
  EXPECT_EQ(d.field("tcp.hdr_len"), "12");
  EXPECT_EQ(d.field("tcp.flags"), "");
  EXPECT_EQ(d.field("tcp.len"), std::to_string(f.size() - 34 - 12));
  EXPECT_NE(d.info(Proto::Tcp).find("Seq=1000 Ack=2000 Win=502, bogus TCP header length (12, must be at least 20)"), std::string::npos)
      << d.info(Proto::Tcp);
}

TEST(Tcp, TruncatedHeaderShowsWhatTsharkShows) {
  // As tshark 4.0: cut short of 4 bytes nothing, of 16 the ports, of 18
  // everything up to the window and the segment length, of 20 the checksum
  // too but not the urgent pointer.
  Decoded d(samples::tcp_data(), linktype::kEthernet, 34 + 15);
  EXPECT_TRUE(d.has_anomaly("truncated_tcp_header"));
  EXPECT_EQ(d.field("tcp.srcport"), "40000");
  EXPECT_EQ(d.field("tcp.dstport"), "80");
  EXPECT_EQ(d.field("tcp.seq_raw"), "");
  Decoded two(samples::tcp_data(), linktype::kEthernet, 34 + 3);
  EXPECT_EQ(two.field("tcp.srcport"), "");
  EXPECT_EQ(two.field("tcp.dstport"), "");
  EXPECT_EQ(two.info(Proto::Tcp), "");
  Decoded sixteen(samples::tcp_data(), linktype::kEthernet, 34 + 16);
  EXPECT_TRUE(sixteen.has_anomaly("truncated_tcp_header"));
  EXPECT_EQ(sixteen.field("tcp.ack_raw"), "2000");
  EXPECT_EQ(sixteen.field("tcp.flags"), "0x0018");
  EXPECT_NE(sixteen.field("tcp.window_size_value"), "");
  EXPECT_NE(sixteen.field("tcp.len"), "");
  EXPECT_EQ(sixteen.field("tcp.checksum"), "");
  Decoded nineteen(samples::tcp_data(), linktype::kEthernet, 34 + 19);
  EXPECT_NE(nineteen.field("tcp.checksum"), "");
  EXPECT_EQ(nineteen.field("tcp.urgent_pointer"), "");
  EXPECT_EQ(nineteen.info(Proto::Tcp).find("Len="), std::string::npos);
  EXPECT_NE(nineteen.info(Proto::Tcp).find("Win="), std::string::npos);
}

TEST(Tcp, TruncatedOptionsKeepFixedFields) {
  Decoded d(samples::tcp_syn(), linktype::kEthernet, 34 + 26);
  EXPECT_TRUE(d.has_anomaly("truncated_tcp_options"));
  EXPECT_EQ(d.field("tcp.flags"), "0x0002");
  EXPECT_EQ(d.field("tcp.len"), "0");
  EXPECT_EQ(d.field("tcp.options.mss_val"), "1460");      // complete
  EXPECT_EQ(d.field("tcp.options.timestamp.tsval"), "");  // cut off
}

TEST(Tcp, MalformedOptionLength) {
  TcpOpts t;
  t.options = hex("0201 0000");  // MSS with length 1
  Decoded d(eth_ipv4_tcp("198.18.0.1", 1, "198.18.0.2", 2, {}, t));
  EXPECT_TRUE(d.has_anomaly("bad_tcp_option_length"));
  EXPECT_EQ(d.field("tcp.options.mss_val"), "");
  EXPECT_EQ(d.field("tcp.len"), "0");
}

TEST(Tcp, MptcpOptionsNameTheProtocol) {
  TcpOpts t;
  t.flags = tcpflag::ACK;
  t.options = hex("1e0c2081 0102030405060708");  // MP_CAPABLE with a key (kind 30, length 12)
  Decoded d(eth_ipv4_tcp("198.18.0.1", 40000, "198.18.0.2", 5201, {}, t));
  EXPECT_EQ(d->layers[d->nlayers - 1].proto, Proto::Tcp);
  const ProtoDef& def = Registry::builtin().proto(Proto::Tcp);
  ASSERT_NE(def.names, nullptr);
  const char* name = def.name;
  const char* display = def.display;
  def.names(FieldCtx{d.pkt(), &d->layers[d->nlayers - 1]}, name, display);
  EXPECT_STREQ(name, "tcp:mptcp");
  EXPECT_STREQ(display, "MPTCP");
}

TEST(Tcp, HeuristicsCanBeLeftOut) {
  // An HTTP request on a port no dissector claims: the heuristic finds it,
  // unless the caller asks for no heuristics (weir read -T fields without
  // an HTTP/TLS field).
  Bytes f = eth_ipv4_tcp("198.18.0.1", 40000, "198.18.0.2", 8081, bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  PacketView v;
  v.data = f.data();
  v.caplen = v.origlen = uint32_t(f.size());
  v.linktype = linktype::kEthernet;
  DecodedPacket d;
  decode_packet(Registry::builtin(), v, d);
  EXPECT_EQ(d.layers[d.nlayers - 1].proto, Proto::Http);
  decode_packet(Registry::builtin(), v, d, false);
  EXPECT_EQ(d.layers[d.nlayers - 1].proto, Proto::Data);
}

}  // namespace
}  // namespace weir::testpkt
