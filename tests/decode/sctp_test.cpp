// SCTP common header.
#include <gtest/gtest.h>

#include "decode/net_samples.hpp"

namespace weir::testpkt {
namespace {

TEST(Sctp, CommonHeader) {
  Decoded d(samples::sctp_init());
  EXPECT_EQ(d.protocols(), "eth:ip:sctp:data");
  EXPECT_EQ(d.field("sctp.srcport"), "2905");
  EXPECT_EQ(d.field("sctp.dstport"), "2905");
  EXPECT_EQ(d.field("sctp.port"), "2905,2905");
  EXPECT_EQ(d.field("sctp.verification_tag"), "0x00000000");
  EXPECT_EQ(d.field("sctp.checksum"), "0x12345678");
  EXPECT_EQ(d.info(Proto::Sctp), "2905 → 2905 INIT");
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
  EXPECT_EQ(d.info(Proto::Sctp), "1 → 2 DATA");
}

}  // namespace
}  // namespace weir::testpkt
