// QUIC Initial decryption (engine/quic_crypto.hpp) and the QUIC decoder
// (src/decode/quic.cpp). The packets below were protected by an independent
// implementation (tests/scripts/quic.py's, with python3-cryptography); the
// columns and fields are compared with tshark by cli_tshark.sh on the whole
// crafted capture.
#include <gtest/gtest.h>

#include <string>

#include "decode/packet_builder.hpp"
#include "engine/quic_crypto.hpp"
#include "engine/reasm_feed.hpp"

namespace weir {
namespace {

using namespace testpkt;
using Feed = testpkt::Feed<QuicTracker>;

// Client Initial, DCID 8394c8f03e515708, packet number 2 (two bytes):
// CRYPTO (a 10-byte handshake message), PING, 20 bytes of PADDING.
const char* kClient =
    "c800000001088394c8f03e51570800004034f5b1d1b1837dd6689956ec735bd92f742db2e103e17c8cebd5c2f167b3c8b2267f0523"
    "33c67990923fd3bae6c2fb1c85f4471afe";
// The server's Initial: SCID a1b2c3d4, packet number 0, ACK of 2 (delay 5).
const char* kServer = "cc000000010004a1b2c3d4004016f2aa323cb11b6e205fe844058700b3ebb8da0d4d562f";
// The client's 1-RTT packet to the server's connection ID.
const char* kShort = "41a1b2c3d4000102030405060708090a0b0c0d0e0f1011121314151617";

Bytes client_dgram(const Bytes& quic) { return eth(0x0800, ipv4("198.18.7.1", "198.18.7.2", 17, udp(50000, 443, quic))); }
Bytes server_dgram(const Bytes& quic) { return eth(0x0800, ipv4("198.18.7.2", "198.18.7.1", 17, udp(443, 50000, quic))); }

std::string hexs(const uint8_t* p, size_t n) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    s += d[p[i] >> 4];
    s += d[p[i] & 15];
  }
  return s;
}

TEST(Quic, InitialKeysAreTheRfcTestVectors) {
  const Bytes dcid = hex("8394c8f03e515708");
  uint8_t key[16], iv[12], hp[16];
  // RFC 9001 appendix A.1.
  QuicTracker::initial_keys(0x00000001, dcid.data(), 8, false, key, iv, hp);
  EXPECT_EQ(hexs(key, 16), "1f369613dd76d5467730efcbe3b1a22d");
  EXPECT_EQ(hexs(iv, 12), "fa044b2f42a3fd3b46fb255c");
  EXPECT_EQ(hexs(hp, 16), "9f50449e04a0e810283a1e9933adedd2");
  QuicTracker::initial_keys(0x00000001, dcid.data(), 8, true, key, iv, hp);
  EXPECT_EQ(hexs(key, 16), "cf3a5331653c364c88f0f379b6067e37");
  EXPECT_EQ(hexs(iv, 12), "0ac1493ca1905853b0bba03e");
  EXPECT_EQ(hexs(hp, 16), "c206b8d9b9f0f37644430b490eeaa314");
  // RFC 9369 appendix A.1 (QUIC version 2).
  QuicTracker::initial_keys(0x6b3343cf, dcid.data(), 8, false, key, iv, hp);
  EXPECT_EQ(hexs(key, 16), "8b1a0bc121284290a29e0971b5cd045d");
  EXPECT_EQ(hexs(iv, 12), "91f73e2351d8fa91660e909f");
  EXPECT_EQ(hexs(hp, 16), "45b95e15235d6f45a6b19cbcb0294ba9");
}

TEST(Quic, PacketNumbersExpandAsRfc9000) {
  // RFC 9000 A.3's example, and the wrap of a one-byte number.
  EXPECT_EQ(QuicTracker::expand_pn(0xa82f30ea, 0x9b32, 16), 0xa82f9b32u);
  EXPECT_EQ(QuicTracker::expand_pn(-1, 5, 8), 5u);
  EXPECT_EQ(QuicTracker::expand_pn(255, 0x00, 8), 256u);
  EXPECT_EQ(QuicTracker::expand_pn(300, 0xff, 8), 255u);
}

TEST(Quic, WithoutTrackerOnlyTheHeaderShows) {
  Decoded d(client_dgram(hex(kClient)));
  EXPECT_EQ(d.protocols(), "eth:ip:udp:quic");
  EXPECT_EQ(d.info(Proto::Quic), "Initial, DCID=8394c8f03e515708");
  EXPECT_EQ(d.field("quic.version"), "0x00000001");
  EXPECT_EQ(d.field("quic.length"), "52");
  EXPECT_EQ(d.field("quic.packet_number"), "");
  EXPECT_EQ(d.field("quic.frame_type"), "");
}

TEST(Quic, InitialsAreDecryptedBothWays) {
  Feed r;
  Decoded& c = r.add(client_dgram(hex(kClient)));
  EXPECT_EQ(c.protocols(), "eth:ip:udp:quic:tls");
  EXPECT_EQ(c.info(Proto::Quic), "Initial, DCID=8394c8f03e515708, PKN: 2, CRYPTO, PING, PADDING");
  EXPECT_EQ(c.field("quic.packet_number"), "2");
  EXPECT_EQ(c.field("quic.packet_number_length"), "1");
  EXPECT_EQ(c.field("quic.frame_type"), "6,1,0");
  EXPECT_EQ(c.field("quic.crypto.length"), "10");
  EXPECT_EQ(c.field("quic.padding_length"), "20");
  EXPECT_EQ(c.field("quic.connection.number"), "0");
  EXPECT_EQ(c.field("tls.handshake.type"), "1");
  EXPECT_EQ(c.field("tls.record.version"), "");  // no record layer in CRYPTO data

  Decoded& s = r.add(server_dgram(hex(kServer)));
  EXPECT_EQ(s.protocols(), "eth:ip:udp:quic");
  EXPECT_EQ(s.info(Proto::Quic), "Initial, SCID=a1b2c3d4, PKN: 0, ACK");
  EXPECT_EQ(s.field("quic.ack.largest_acknowledged"), "2");
  EXPECT_EQ(s.field("quic.ack.ack_delay"), "5");
  EXPECT_EQ(s.field("quic.connection.number"), "0");

  // The server chose a 4-byte connection ID: a short header carries it.
  Decoded& sh = r.add(client_dgram(hex(kShort)));
  EXPECT_EQ(sh.info(Proto::Quic), "Protected Payload (KP0), DCID=a1b2c3d4");
  EXPECT_EQ(sh.field("quic.dcid"), "a1b2c3d4");
  EXPECT_EQ(r.r.decrypted(), 2u);
}

TEST(Quic, RepeatedCryptoDataIsNotDecodedAgain) {
  Feed r;
  EXPECT_EQ(r.add(client_dgram(hex(kClient))).protocols(), "eth:ip:udp:quic:tls");
  Decoded& again = r.add(client_dgram(hex(kClient)));
  EXPECT_EQ(again.protocols(), "eth:ip:udp:quic");
  EXPECT_EQ(again.info(Proto::Quic), "Initial, DCID=8394c8f03e515708, PKN: 2, CRYPTO, PING, PADDING");
}

TEST(Quic, BadTagOrCutPacketShowsThePacketNumberOnly) {
  Feed r;
  Bytes bad = hex(kClient);
  bad.back() ^= 1;
  Decoded& b = r.add(client_dgram(bad));
  EXPECT_EQ(b.info(Proto::Quic), "Initial, DCID=8394c8f03e515708, PKN: 2");
  EXPECT_EQ(b.field("quic.frame_type"), "");
  EXPECT_EQ(r.r.decrypted(), 0u);

  Feed cut;
  Bytes f = client_dgram(hex(kClient));
  Decoded& c = cut.add(f, uint32_t(f.size() - 10));
  EXPECT_EQ(c.info(Proto::Quic), "Initial, DCID=8394c8f03e515708, PKN: 2");
  EXPECT_EQ(c.field("udp.length"), std::to_string(8 + hex(kClient).size()));
}

TEST(Quic, ShortHeaderOnAnotherPortNeedsAKnownConnection) {
  auto on = [](const char* src, uint16_t sp, const char* dst, uint16_t dp, const Bytes& q) {
    return eth(0x0800, ipv4(src, dst, 17, udp(sp, dp, q)));
  };
  Feed r;
  // Unknown: plain data.
  EXPECT_EQ(r.add(on("198.18.7.1", 50000, "198.18.7.2", 4433, hex(kShort))).protocols(), "eth:ip:udp:data");
  // A long header of a known version is QUIC on any port (the heuristic).
  EXPECT_EQ(r.add(on("198.18.7.1", 50000, "198.18.7.2", 4433, hex(kClient))).protocols(), "eth:ip:udp:quic:tls");
  EXPECT_EQ(r.add(on("198.18.7.2", 4433, "198.18.7.1", 50000, hex(kServer))).protocols(), "eth:ip:udp:quic");
  // Now the short header belongs to that connection.
  Decoded& s = r.add(on("198.18.7.1", 50000, "198.18.7.2", 4433, hex(kShort)));
  EXPECT_EQ(s.protocols(), "eth:ip:udp:quic");
  EXPECT_EQ(s.info(Proto::Quic), "Protected Payload (KP0), DCID=a1b2c3d4");
}

// A 30-byte handshake message (type 1) in two Initial packets of DCID
// 1111111111111111: CRYPTO at offset 0 (12 bytes), then at 12 (18 bytes).
const char* kPiece1 = "c000000001081111111111111111000040207773f8fbb362f4d47d204b2c05aaa503fc305ef16eb29676724fd3f2f7a5ad7f";
const char* kPiece2 =
    "c10000000108111111111111111100004026bf7cc77760465e22d8e8d71eb10b53ebe5e42347dce67dfe8f95a0c4ea7bcb48d741c459383a";

TEST(Quic, CryptoStreamIsReassembledAcrossPackets) {
  Feed r;
  Decoded& a = r.add(client_dgram(hex(kPiece1)));
  EXPECT_EQ(a.protocols(), "eth:ip:udp:quic:tls");  // TLS called, asks for more
  EXPECT_EQ(a.field("tls.handshake.type"), "");
  Decoded& b = r.add(client_dgram(hex(kPiece2)));
  EXPECT_EQ(b.protocols(), "eth:ip:udp:quic:tls");
  EXPECT_EQ(b.field("tls.handshake.type"), "1");
  EXPECT_EQ(b.field("tls.handshake.length"), "26");
  EXPECT_EQ(b.field("quic.crypto.offset"), "12");
  EXPECT_EQ(b.field("udp.payload").size(), 2 * hex(kPiece2).size());  // the datagram's bytes only
  EXPECT_EQ(b.field("quic.packet_length"), std::to_string(hex(kPiece2).size()));

  Feed rev;
  Decoded& c = rev.add(client_dgram(hex(kPiece2)));
  EXPECT_EQ(c.protocols(), "eth:ip:udp:quic");  // out of order: waits
  Decoded& e = rev.add(client_dgram(hex(kPiece1)));
  EXPECT_EQ(e.protocols(), "eth:ip:udp:quic:tls");
  EXPECT_EQ(e.field("tls.handshake.length"), "26");
}

TEST(Quic, EveryPrefixDecodesSafely) {
  Bytes q = hex(kClient);
  for (size_t n = 0; n <= q.size(); ++n) {
    Feed r;
    Bytes part(q.begin(), q.begin() + long(n));
    Decoded& d = r.add(client_dgram(part));
    (void)d.info(Proto::Quic);
    (void)d.field("quic.frame_type");
    (void)d.field("quic.packet_number");
  }
}

}  // namespace
}  // namespace weir
