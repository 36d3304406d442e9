#include "weir/format.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace weir {
namespace {

std::string s(const fmt::Buf& b) { return std::string(b.view()); }

TEST(Format, Decimal) {
  EXPECT_EQ(s(fmt::dec(0)), "0");
  EXPECT_EQ(s(fmt::dec(65535)), "65535");
  EXPECT_EQ(s(fmt::dec(18446744073709551615ull)), "18446744073709551615");
  char buf[32];
  EXPECT_EQ(std::string(buf, fmt::sdec(buf, -42)), "-42");
  EXPECT_EQ(std::string(buf, fmt::sdec(buf, INT64_MIN)), "-9223372036854775808");
}

TEST(Format, DecimalAgreesWithPrintfEverywhere) {
  char buf[32], ref[32];
  auto check = [&](uint64_t v) {
    size_t n = fmt::dec(buf, v);
    std::snprintf(ref, sizeof ref, "%llu", static_cast<unsigned long long>(v));
    ASSERT_EQ(std::string(buf, n), ref);
  };
  for (uint64_t v = 0; v < 100000; ++v) check(v);
  for (uint64_t v = 1; v != 0 && v < UINT64_MAX / 3; v = v * 3 + 1) check(v);
  check(UINT64_MAX);
}

TEST(Format, HexPadsLikeWireshark) {
  EXPECT_EQ(s(fmt::hex(0x800, 4)), "0x0800");
  EXPECT_EQ(s(fmt::hex(0x12, 4)), "0x0012");
  EXPECT_EQ(s(fmt::hex(0, 2)), "0x00");
  EXPECT_EQ(s(fmt::hex(0x12345, 4)), "0x12345");
  EXPECT_EQ(s(fmt::hex(0xdeadbeef, 8)), "0xdeadbeef");
}

TEST(Format, Addresses) {
  const uint8_t m[] = {0x00, 0x1b, 0x21, 0xAB, 0xcd, 0xff};
  EXPECT_EQ(s(fmt::mac(m)), "00:1b:21:ab:cd:ff");
  const uint8_t a[] = {198, 18, 0, 1};
  EXPECT_EQ(s(fmt::ipv4(a)), "198.18.0.1");
  uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8};
  v6[15] = 1;
  EXPECT_EQ(s(fmt::ipv6(v6)), "2001:db8::1");
  uint8_t mapped[16] = {};
  mapped[10] = mapped[11] = 0xff;
  mapped[12] = 198;
  mapped[13] = 18;
  mapped[15] = 7;
  EXPECT_EQ(s(fmt::ipv6(mapped)), "::ffff:198.18.0.7");
  char buf[16];
  const uint8_t bytes[] = {0x01, 0xab};
  EXPECT_EQ(std::string(buf, fmt::hexbytes(buf, bytes, 2, ':')), "01:ab");
  EXPECT_EQ(std::string(buf, fmt::hexbytes(buf, bytes, 2, 0)), "01ab");
}

}  // namespace
}  // namespace weir
