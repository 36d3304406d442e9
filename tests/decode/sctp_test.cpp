// SCTP common header.
#include <gtest/gtest.h>

#include "decode/net_samples.hpp"

namespace weir::testpkt {
namespace {

TEST(Sctp, CommonHeader) {
  Decoded d(samples::sctp_init());
  EXPECT_EQ(d.protocols(), "eth:ip:sctp");  // an INIT chunk is SCTP's own
  EXPECT_EQ(d.field("sctp.srcport"), "2905");
  EXPECT_EQ(d.field("sctp.dstport"), "2905");
  EXPECT_EQ(d.field("sctp.port"), "2905,2905");
  EXPECT_EQ(d.field("sctp.verification_tag"), "0x00000000");
  EXPECT_EQ(d.field("sctp.checksum"), "0x12345678");
  EXPECT_EQ(d.info(Proto::Sctp), "INIT ");  // tshark 4.0: chunk names, each with a space
  EXPECT_EQ(d->layers[2].as<SctpFields>().checksum, 0x12345678u);
}

TEST(Sctp, Truncated) {
  Decoded d(samples::sctp_init(), linktype::kEthernet, 34 + 9);
  EXPECT_TRUE(d.has_anomaly("truncated_sctp_header"));
  EXPECT_EQ(d.field("sctp.dstport"), "2905");
  EXPECT_EQ(d.field("sctp.checksum"), "");
}

TEST(Sctp, ZeroLengthChunkDoesNotLoop) {
  Bytes s = hex("0001 0002 00000001 00000000 00 00 0000 00 00 0000");
  Decoded d(eth(0x0800, ipv4("198.18.7.1", "198.18.7.2", 132, s)));
  EXPECT_EQ(d.info(Proto::Sctp), "DATA ");  // a chunk too short for a TSN: its name only, as tshark
}

TEST(Sctp, OnlyDataChunksCarryAPayload) {
  // DATA chunk (TSN 1, stream 0, PPID 0) with 4 bytes of user data.
  Bytes s = hex("0b59 0b59 00000001 00000000 00 03 0014 00000001 0000 0000 00000000 61626364");
  Decoded d(eth(0x0800, ipv4("198.18.7.1", "198.18.7.2", 132, s)));
  EXPECT_EQ(d.protocols(), "eth:ip:sctp:data");
  // A SACK is SCTP's own: no data.
  Bytes sack = hex("0b59 0b59 00000001 00000000 03 00 0010 00000001 0000ffff 0000 0000");
  EXPECT_EQ(Decoded(eth(0x0800, ipv4("198.18.7.1", "198.18.7.2", 132, sack))).protocols(), "eth:ip:sctp");
}

}  // namespace
}  // namespace weir::testpkt
