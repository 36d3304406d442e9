// NHRP (src/decode/nhrp.cpp): info texts and entries (tests/scripts/nhrp.py
// is compared with tshark itself in cli_tshark.sh).
#include <gtest/gtest.h>

#include "decode/packet_builder.hpp"

namespace weir::testpkt {
namespace {

Bytes nhrp(uint8_t op, const Bytes& mand) {
  size_t n = 20 + mand.size();
  Bytes h = hex("0001 0800 0000000000 ff");
  h.push_back(uint8_t(n >> 8));
  h.push_back(uint8_t(n));
  Bytes rest = hex("0000 0000 01");
  h.insert(h.end(), rest.begin(), rest.end());
  h.push_back(op);
  h.push_back(4);
  h.push_back(0);
  return eth(0x0800, ipv4("198.18.0.1", "198.18.0.2", 47, cat(hex("0000 2001"), cat(h, mand))));
}

const Bytes kAddrs = hex("c6120101 c6120201 c6120202");
Bytes cie(uint8_t code) { return cat(Bytes{code}, hex("20 0000 05dc 1c20 00 00 00 00")); }

TEST(Nhrp, RepliesNameEachEntrysCode) {
  Decoded d(nhrp(4, cat(hex("04 04 8002 00000015"), cat(kAddrs, cat(cie(14), cie(0))))));
  EXPECT_EQ(d.protocols(), "eth:ip:gre:nhrp");
  EXPECT_EQ(d.info(Proto::Nhrp),
            "NHRP Registration Reply, ID=21, Code=Unique Internetworking Layer Address Already Registered, Code=Success");
  EXPECT_EQ(d.field("nhrp.code"), "14,0");
  EXPECT_EQ(d.field("nhrp.src.prot.addr"), "198.18.2.1");
  Decoded q(nhrp(3, cat(hex("04 04 8002 00000016"), cat(kAddrs, cie(0)))));
  EXPECT_EQ(q.info(Proto::Nhrp), "NHRP Registration Request, ID=22") << "requests name no code";
  EXPECT_EQ(Decoded(nhrp(0xc8, cat(hex("04 04 0000 00000001"), kAddrs))).info(Proto::Nhrp), "0xC8 - unknown, ID=1");
  EXPECT_EQ(Decoded(nhrp(7, cat(hex("04 04 0000 0006 0000"), kAddrs))).info(Proto::Nhrp),
            "NHRP Error Indication, Protocol Address Unreachable");
}

TEST(Nhrp, TrafficIndicationQuotesAPacket) {
  Bytes quoted = ipv4("198.18.3.1", "198.18.3.2", 1, hex("0800 0000 0001 0001 61626364"));
  Decoded d(nhrp(8, cat(hex("04 04 0000 0000 0000"), cat(kAddrs, quoted))));
  EXPECT_EQ(d.protocols(), "eth:ip:gre:nhrp:ip:icmp:data");
  EXPECT_EQ(d.info(Proto::Nhrp), "NHRP Traffic Indication");
}

TEST(Nhrp, EveryPrefixDecodesSafely) {
  Bytes f = nhrp(4, cat(hex("04 04 8002 00000015"), cat(kAddrs, cat(cie(14), cie(0)))));
  EXPECT_EQ(decode_all_prefixes(f), f.size() + 1);
}

}  // namespace
}  // namespace weir::testpkt
