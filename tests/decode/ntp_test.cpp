// NTP decoder: header fields, timestamps as tshark prints them, control and
// private modes, truncation.
#include <gtest/gtest.h>

#include "decode/packet_builder.hpp"

namespace weir::testpkt {
namespace {

Bytes ntp_server_reply() {
  // LI 0, VN 4, mode 4; stratum 2; poll 6; precision -23 (0xe9);
  // root delay 0x27cf, dispersion 0x67; refid 10.5.27.10;
  // reference/receive/transmit times, origin 0 (expected texts from tshark).
  return hex("24 02 06 e9 000027cf 00000067 0a051b0a"
             "dcf20655 b86cf3a0"
             "00000000 00000000"
             "dcf20656 7e92b6e0"
             "dcf20656 7e9a8f30");
}

TEST(Ntp, ServerReply) {
  Decoded d(eth_ipv4_udp("198.18.0.2", 123, "198.18.0.1", 123, ntp_server_reply()));
  EXPECT_EQ(d.protocols(), "eth:ip:udp:ntp");
  EXPECT_EQ(d.field("ntp.flags"), "0x24");
  EXPECT_EQ(d.field("ntp.flags.li"), "0");
  EXPECT_EQ(d.field("ntp.flags.vn"), "4");
  EXPECT_EQ(d.field("ntp.flags.mode"), "4");
  EXPECT_EQ(d.field("ntp.stratum"), "2");
  EXPECT_EQ(d.field("ntp.ppoll"), "6");
  EXPECT_EQ(d.field("ntp.precision"), "233");
  EXPECT_EQ(d.field("ntp.rootdelay"), "10191");
  EXPECT_EQ(d.field("ntp.rootdispersion"), "103");
  EXPECT_EQ(d.field("ntp.refid"), "0a051b0a");
  EXPECT_EQ(d.field("ntp.reftime"), "Jun 19, 2017 08:14:13.720412470 UTC");
  EXPECT_EQ(d.field("ntp.org"), "NULL");
  EXPECT_EQ(d.field("ntp.rec"), "Jun 19, 2017 08:14:14.494426183 UTC");
  EXPECT_EQ(d.field("ntp.xmt"), "Jun 19, 2017 08:14:14.494545888 UTC");
  EXPECT_EQ(d.info(Proto::Ntp), "NTP Version 4, server");
}

TEST(Ntp, EraWrapAndSingleDigitDay) {
  Bytes m = ntp_server_reply();
  // Seconds below the 1970 base wrap into 2036+ (unsigned arithmetic).
  Bytes early = hex("0000000100000000");
  std::copy(early.begin(), early.end(), m.begin() + 40);
  Decoded d(eth_ipv4_udp("198.18.0.2", 123, "198.18.0.1", 40000, m));
  EXPECT_EQ(d.field("ntp.xmt"), "Feb  7, 2036 06:28:17.000000000 UTC");
}

TEST(Ntp, PrivateModeHasNoDataFields) {
  Decoded d(eth_ipv4_udp("198.18.0.1", 40000, "198.18.0.2", 123, hex("17 00 03 2a 00000000")));
  EXPECT_EQ(d.field("ntp.flags"), "0x17");
  EXPECT_EQ(d.field("ntp.flags.vn"), "2");
  EXPECT_EQ(d.field("ntp.flags.mode"), "7");
  EXPECT_EQ(d.field("ntp.flags.li"), "");
  EXPECT_EQ(d.field("ntp.stratum"), "");
  EXPECT_EQ(d.info(Proto::Ntp), "NTP Version 2, private");
}

TEST(Ntp, TruncatedShowsWhatIsThere) {
  Bytes m = ntp_server_reply();
  m.resize(20);
  Decoded d(eth_ipv4_udp("198.18.0.1", 40000, "198.18.0.2", 123, m));
  EXPECT_EQ(d.field("ntp.refid"), "0a051b0a");
  EXPECT_EQ(d.field("ntp.reftime"), "");
  EXPECT_TRUE(d.has_anomaly("truncated_ntp"));
}

TEST(Ntp, EveryPrefixDecodesSafely) {
  Bytes f = eth_ipv4_udp("198.18.0.2", 123, "198.18.0.1", 123, ntp_server_reply());
  EXPECT_EQ(decode_all_prefixes(f), f.size() + 1);
}

}  // namespace
}  // namespace weir::testpkt

namespace weir::testpkt {
namespace {

// Babel (src/decode/babel.cpp) rides on UDP like NTP; its names are tshark's.
TEST(Babel, MessagesNamedInTheInfo) {
  Bytes b = hex("2a 02 0009 04 06 0000 5b09 0190 00");
  Decoded d(eth_ipv4_udp("198.18.0.1", 6696, "198.18.0.2", 6696, b));
  EXPECT_EQ(d.protocols(), "eth:ip:udp:babel");
  EXPECT_EQ(d.info(Proto::Babel), "Babel hello pad1");
  EXPECT_EQ(d.field("babel.message.type"), "4,0");
  EXPECT_EQ(d.field("babel.message.length"), "6");
  Decoded u(eth_ipv4_udp("198.18.0.1", 6696, "198.18.0.2", 6696, hex("2a 02 0004 63 00 05")));
  EXPECT_EQ(u.info(Proto::Babel), "Babel unknown ihu") << "an ihu whose length is missing ends the walk";
  Decoded x(eth_ipv4_udp("198.18.0.1", 6696, "198.18.0.2", 6696, hex("29 02 0000")));
  EXPECT_EQ(x.protocols(), "eth:ip:udp:data");
}

}  // namespace
}  // namespace weir::testpkt
