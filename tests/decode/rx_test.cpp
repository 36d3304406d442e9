// RX and AFS (src/decode/rx.cpp): header and body fields, the info texts of
// every packet type, AFS services and operations, and the StreamTracker's
// request/reply matching. Expected texts are tshark 4.0's (the crafted
// capture tests/scripts/rx_afs.py is compared with tshark itself in
// cli_tshark.sh; these pin the rules without tshark).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "decode/packet_builder.hpp"
#include "engine/streams.hpp"

namespace weir::testpkt {
namespace {

const char *C = "198.18.0.1", *S = "198.18.0.2";

Bytes rx(uint32_t call, uint32_t seq, uint8_t type, uint8_t flags, const Bytes& body, uint16_t service = 1) {
  Bytes b = hex("3b9aca00 00000408");  // epoch 1000000000, connection 1032
  auto be32 = [&](uint32_t v) {
    for (int i = 3; i >= 0; --i) b.push_back(uint8_t(v >> (8 * i)));
  };
  be32(call);
  be32(seq);
  be32(77);  // serial
  b.push_back(type);
  b.push_back(flags);
  b.push_back(0);  // user status
  b.push_back(2);  // security index
  b.push_back(0);
  b.push_back(0);  // spare
  b.push_back(uint8_t(service >> 8));
  b.push_back(uint8_t(service));
  b.insert(b.end(), body.begin(), body.end());
  return b;
}

TEST(Rx, HeaderFieldsAndAckBody) {
  // ACK, reason Delay, two ACK types, then 3 bytes of padding and the
  // trailer tshark reads (max MTU, interface MTU, rwind, max packets).
  Bytes ack = hex("0010 0002 00000005 00000004 00000063 08 02 01 00 000000 000005b4 000005a0 00000020 00000004");
  Decoded d(eth_ipv4_udp(C, 7001, S, 7000, rx(9, 3, 2, 0x21, ack)));
  EXPECT_EQ(d.protocols(), "eth:ip:udp:rx");
  EXPECT_EQ(d.field("rx.epoch"), "Sep  9, 2001 01:46:40.000000000 UTC");
  EXPECT_EQ(d.field("rx.cid"), "1032");
  EXPECT_EQ(d.field("rx.callnumber"), "9");
  EXPECT_EQ(d.field("rx.seq"), "3");
  EXPECT_EQ(d.field("rx.serial"), "77,99");  // the header's, then the ACK's
  EXPECT_EQ(d.field("rx.type"), "2");
  EXPECT_EQ(d.field("rx.flags"), "0x21");
  EXPECT_EQ(d.field("rx.flags.client_init"), "1");
  EXPECT_EQ(d.field("rx.flags.last_packet"), "0");
  EXPECT_EQ(d.field("rx.securityindex"), "2");
  EXPECT_EQ(d.field("rx.serviceid"), "1");
  EXPECT_EQ(d.field("rx.bufferspace"), "16");
  EXPECT_EQ(d.field("rx.first"), "5");
  EXPECT_EQ(d.field("rx.reason"), "8");
  EXPECT_EQ(d.field("rx.num_acks"), "2");
  EXPECT_EQ(d.field("rx.ack_type"), "1,0");
  EXPECT_EQ(d.field("rx.max_mtu"), "1460");
  EXPECT_EQ(d.field("rx.if_mtu"), "1440");
  EXPECT_EQ(d.field("rx.rwind"), "32");
  EXPECT_EQ(d.field("rx.max_packets"), "4");
  EXPECT_EQ(d.info(Proto::Rx), "ACK Delay  Seq: 3  Call: 9  Source Port: 7001  Destination Port: 7000  ");
  EXPECT_EQ(d.field("afs.service"), "");
}

TEST(Rx, PacketTypesInfo) {
  auto info = [](uint8_t type, const Bytes& body) {
    Decoded d(eth_ipv4_udp(C, 40000, S, 7003, rx(4, 1, type, 0x04, body)));
    return d.info(Proto::Rx);
  };
  EXPECT_EQ(info(4, hex("00000001")), "ABORT  Seq: 1  Call: 4  Source Port: 40000  Destination Port: 7003  ");
  EXPECT_EQ(info(5, {}), "ACKALL  Seq: 1  Call: 4  Source Port: 40000  Destination Port: 7003  ");
  EXPECT_EQ(info(6, hex("00000002 0000abcd 00000001")),
            "CHALLENGE  Seq: 1  Call: 4  Source Port: 40000  Destination Port: 7003  ");
  EXPECT_EQ(info(7, hex("00000001")), "RESPONSE  Seq: 1  Call: 4  Source Port: 40000  Destination Port: 7003  ");
  EXPECT_EQ(info(13, {}), "VERSION request  Seq: 1  Call: 4  Source Port: 40000  Destination Port: 7003  ");
  EXPECT_EQ(info(3, {}), "");  // busy: tshark writes nothing
  // An unknown ACK reason is shown as its number; an ACK cut before its
  // ACK types leaves the info empty (tshark's exception).
  EXPECT_EQ(info(2, hex("0001 0000 00000000 00000000 00000000 0b 00")),
            "ACK 11  Seq: 1  Call: 4  Source Port: 40000  Destination Port: 7003  ");
  EXPECT_EQ(info(2, hex("0001 0000 00000000 00000000 00000000 01 03 00")), "");
  Decoded ch(eth_ipv4_udp(C, 40000, S, 7003, rx(4, 1, 6, 0x04, hex("00000002 0000abcd 00000001"))));
  EXPECT_EQ(ch.field("rx.version"), "2");
  EXPECT_EQ(ch.field("rx.nonce"), "0x0000abcd");
  EXPECT_EQ(ch.field("rx.min_level"), "1");
  Decoded ab(eth_ipv4_udp(C, 40000, S, 7003, rx(4, 1, 4, 0x04, hex("fffffffe"))));
  EXPECT_EQ(ab.field("rx.abort_code"), "-2");
}

TEST(Rx, NotRxDeclines) {
  // Types 0, 10-12 and above 13, and datagrams shorter than the header,
  // are data, as tshark's RX rejects them.
  for (uint8_t t : {0, 10, 11, 12, 14}) {
    Decoded d(eth_ipv4_udp(C, 40000, S, 7000, rx(1, 1, t, 0, hex("00000000"))));
    EXPECT_EQ(d.protocols(), "eth:ip:udp:data") << int(t);
  }
  Decoded d(eth_ipv4_udp(C, 40000, S, 7000, hex("0102030405")));
  EXPECT_EQ(d.protocols(), "eth:ip:udp:data");
}

TEST(Rx, ResponseVersion2RepeatsHeaderFields) {
  Bytes body = hex("00000002 00000000 3b9aca01 00000409 00000000 01000000 00000001 00000002 00000003 00000004"
                   "0000beef 00000001 00000007 00000002 abcd");
  Decoded d(eth_ipv4_udp(C, 40000, S, 7002, rx(0, 0, 7, 0x01, body)));
  EXPECT_EQ(d.field("rx.cid"), "1032,1033");
  EXPECT_EQ(d.field("rx.callnumber"), "0,1,2,3,4");
  EXPECT_EQ(d.field("rx.securityindex"), "2,1");
  EXPECT_EQ(d.field("rx.epoch"), "Sep  9, 2001 01:46:40.000000000 UTC,Sep  9, 2001 01:46:41.000000000 UTC");
  EXPECT_EQ(d.field("rx.inc_nonce"), "0x0000beef");
  EXPECT_EQ(d.field("rx.kvno"), "7");
  EXPECT_EQ(d.field("rx.ticket_len"), "2");
  EXPECT_EQ(d.field("rx.ticket"), "abcd");
}

// Runs frames through one StreamTracker; returns each one's info column
// text of the RX layer and its afs.reqframe.
std::vector<std::string> track(const std::vector<Bytes>& frames) {
  StreamTracker st;
  std::vector<std::string> out;
  for (size_t i = 0; i < frames.size(); ++i) {
    Decoded d(frames[i]);
    d.set_frame(i + 1, int64_t(i) * 1000000);
    st.annotate(d.mutable_pkt());
    out.push_back(d.info(Proto::Rx) + "|" + d.field("afs.reqframe") + "|" + d.protocols());
  }
  return out;
}

TEST(Afs, RequestAndReplyMatchedByTheTracker) {
  Bytes req = eth_ipv4_udp(C, 7001, S, 7000, rx(290, 1, 1, 0x05, hex("00000084 00000001")));
  Bytes rep = eth_ipv4_udp(S, 7000, C, 7001, rx(290, 1, 1, 0x04, hex("00000001")));
  Bytes empty_rep = eth_ipv4_udp(S, 7000, C, 7001, rx(290, 1, 1, 0x04, {}));
  Bytes other_call = eth_ipv4_udp(S, 7000, C, 7001, rx(291, 1, 1, 0x04, hex("00000001")));
  auto v = track({req, rep, empty_rep, other_call});
  EXPECT_EQ(v[0], "FS Request: fetch-status (132)||eth:ip:udp:rx:afs");
  EXPECT_EQ(v[1], "FS Reply: fetch-status (132)|1|eth:ip:udp:rx:afs");
  // A reply without a body: AFS's texts, but no afs step (tshark drops a
  // dissector that consumed nothing from frame.protocols).
  EXPECT_EQ(v[2], "FS Reply: fetch-status (132)|1|eth:ip:udp:rx");
  EXPECT_EQ(v[3], "FS Reply: Unknown(0) (0)||eth:ip:udp:rx:afs");  // its request was not seen
  // Without a tracker a reply names no operation; a request its own.
  EXPECT_EQ(Decoded(rep).info(Proto::Rx), "FS Reply: Unknown(0) (0)");
  EXPECT_EQ(Decoded(req).info(Proto::Rx), "FS Request: fetch-status (132)");
}

TEST(Afs, ServicesUbikEncryptedAndUnknownPorts) {
  auto info = [](uint16_t dport, uint32_t op) {
    Bytes b = {uint8_t(op >> 24), uint8_t(op >> 16), uint8_t(op >> 8), uint8_t(op)};
    return Decoded(eth_ipv4_udp(C, 7001, S, dport, rx(1, 1, 1, 0x05, b))).info(Proto::Rx);
  };
  EXPECT_EQ(info(7003, 504), "VLDB Request: get-entry-by-name (504)");
  EXPECT_EQ(info(7021, 100), "BKUP Request: Unknown(100) (100)");
  EXPECT_EQ(info(7006, 100), "ERR Request: Unknown(100)");  // no operation table
  EXPECT_EQ(info(7000, 10003), "UBIK-FS Request: vote-getsyncsite (10003)");
  EXPECT_EQ(info(7000, 66000), "FS Request: Unknown(66000) (66000)");
  EXPECT_EQ(info(7000, 66001), "Encrypted FS Request");
  EXPECT_EQ(info(7000, 0xffffffff), "Encrypted FS Request");
  Bytes to_7025 = eth_ipv4_udp(C, 7001, S, 7025, rx(1, 1, 1, 0x05, hex("00000064")));
  // Port 7025 is not RX's, but the lower port 7001 is: the service is the
  // server's port (tape coordinators, 7025 and above).
  EXPECT_EQ(Decoded(to_7025).info(Proto::Rx), "BUTC Request: perform-dump (100)");
  Bytes to_7030 = eth_ipv4_udp(C, 7001, S, 7030, rx(1, 1, 1, 0x05, hex("00000064")));
  EXPECT_EQ(Decoded(to_7030).info(Proto::Rx), "Unknown(7030) Request: perform-dump (100)");
  Bytes to_7020 = eth_ipv4_udp(C, 7001, S, 7020, rx(1, 1, 1, 0x05, hex("00000064")));
  EXPECT_EQ(Decoded(to_7020).info(Proto::Rx), "Unknown(7020) Request: Unknown(100)");
  Decoded d(eth_ipv4_udp(C, 7001, S, 7000, rx(1, 1, 1, 0x05, hex("00002713"))));
  EXPECT_EQ(d.field("afs.ubik"), "1");
  EXPECT_EQ(d.field("afs.ubik.opcode"), "10003");
  EXPECT_EQ(d.field("afs.fs"), "");
  EXPECT_EQ(d.field("afs.service"), "10003");
}

TEST(Afs, EveryPrefixDecodesSafely) {
  Bytes f = eth_ipv4_udp(C, 7001, S, 7000, rx(1, 1, 2, 0x05, hex("0010 0002 00000005 00000004 00000063 08 02 01 00 000000 000005b4")));
  EXPECT_EQ(decode_all_prefixes(f), f.size() + 1);
  Bytes g = eth_ipv4_udp(C, 7001, S, 7000, rx(1, 1, 1, 0x05, hex("00000084")));
  EXPECT_EQ(decode_all_prefixes(g), g.size() + 1);
}

TEST(Registry, NoFieldIsDropped) {
  // Registry keeps at most kMaxProtoFields per protocol for -V and JSON;
  // every registered field must be listed there.
  size_t n = 0;
  const FieldDef* all = Registry::builtin().all_fields(n);
  std::vector<size_t> per(kProtoCount, 0);
  for (size_t i = 0; i < n; ++i) ++per[size_t(all[i].proto)];
  for (size_t p = 0; p < kProtoCount; ++p) {
    const FieldDef* const* defs = nullptr;
    EXPECT_EQ(Registry::builtin().fields_of(Proto(p), defs), per[p]) << "proto " << p;
  }
}

}  // namespace
}  // namespace weir::testpkt
