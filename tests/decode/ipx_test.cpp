// IPX (src/decode/ipx.cpp): the header, the service by socket, info texts
// (tests/scripts/ipx.py is compared with tshark itself in cli_tshark.sh).
#include <gtest/gtest.h>

#include "decode/packet_builder.hpp"

namespace weir::testpkt {
namespace {

Bytes ipx(uint8_t type, uint16_t dsock, uint16_t ssock, const Bytes& body) {
  Bytes h = hex("ffff");
  size_t n = 30 + body.size();
  h.push_back(uint8_t(n >> 8));
  h.push_back(uint8_t(n));
  h.push_back(2);  // hops
  h.push_back(type);
  Bytes rest = hex("00000000 ffffffffffff");
  h.insert(h.end(), rest.begin(), rest.end());
  h.push_back(uint8_t(dsock >> 8));
  h.push_back(uint8_t(dsock));
  rest = hex("0a0b0c0d 001122334455");
  h.insert(h.end(), rest.begin(), rest.end());
  h.push_back(uint8_t(ssock >> 8));
  h.push_back(uint8_t(ssock));
  return cat(h, body);
}

Bytes over_ethertype(const Bytes& p) { return eth(0x8137, p); }

TEST(Ipx, HeaderAndUnknownSocket) {
  Decoded d(over_ethertype(ipx(0, 0x4444, 0x5555, hex("01020304"))));
  EXPECT_EQ(d.protocols(), "eth:ipx:data");
  EXPECT_EQ(d.field("ipx.len"), "34");
  EXPECT_EQ(d.field("ipx.hops"), "2");
  EXPECT_EQ(d.field("ipx.src.net"), "0x0a0b0c0d");
  EXPECT_EQ(d.field("ipx.src.node"), "00:11:22:33:44:55");
  EXPECT_EQ(d.field("ipx.dst.socket"), "0x4444");
  EXPECT_EQ(d.info(Proto::Ipx), "Unknown (0x4444)");
  char a[32];
  EXPECT_EQ(std::string(a, ipx_address(a, d->data() + d->layers[1].offset + 18)), "0a0b0c0d.001122334455");
}

TEST(Ipx, RipSapAndNetbiosBroadcasts) {
  EXPECT_EQ(Decoded(over_ethertype(ipx(4, 0x0453, 0x0453, hex("0002 00000010 0001 0002")))).info(Proto::Ipx), "Response");
  EXPECT_EQ(Decoded(over_ethertype(ipx(4, 0x0452, 0x4000, hex("0003 0004")))).info(Proto::Ipx), "Nearest Query");
  Bytes name = cat(Bytes(32, 0), cat(hex("00 01"), cat(Bytes{'W', 'G'}, cat(Bytes(13, ' '), hex("1e")))));
  Decoded nb(over_ethertype(ipx(0x14, 0x0455, 0x0455, name)));
  EXPECT_EQ(nb.info(Proto::Ipx), "Find name WG<1e>");
  EXPECT_EQ(nb.protocols(), "eth:ipx") << "tshark's NBIPX is no step of its own";
  // Not a broadcast: a NetBIOS datagram (SMB), not decoded.
  EXPECT_EQ(Decoded(over_ethertype(ipx(4, 0x0455, 0x0455, name))).protocols(), "eth:ipx:data");
}

TEST(Ipx, EveryPrefixDecodesSafely) {
  Bytes f = over_ethertype(ipx(0x14, 0x0455, 0x0455, Bytes(50, 0x41)));
  EXPECT_EQ(decode_all_prefixes(f), f.size() + 1);
}

}  // namespace
}  // namespace weir::testpkt
