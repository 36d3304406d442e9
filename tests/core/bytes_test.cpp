#include "weir/bytes.hpp"

#include <gtest/gtest.h>

namespace weir {
namespace {

TEST(ByteCursor, ReadsBigAndLittleEndian) {
  const uint8_t b[] = {0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x01};
  ByteCursor c(b, sizeof b);
  uint16_t v16;
  uint32_t v32;
  ASSERT_TRUE(c.be16(v16));
  EXPECT_EQ(v16, 0x1234);
  ASSERT_TRUE(c.le16(v16));
  EXPECT_EQ(v16, 0x7856);
  ASSERT_TRUE(c.be32(v32));
  EXPECT_EQ(v32, 0x9abcdef0u);
  EXPECT_EQ(c.offset(), 8u);
  EXPECT_EQ(c.remaining(), 1u);
  uint64_t v64 = 0;
  ByteCursor d(b, sizeof b);
  ASSERT_TRUE(d.be64(v64));
  EXPECT_EQ(v64, 0x123456789abcdef0ull);
}

TEST(ByteCursor, RefusesReadsPastTheEndWithoutMoving) {
  const uint8_t b[] = {1, 2, 3};
  ByteCursor c(b, sizeof b);
  uint32_t v = 7;
  EXPECT_FALSE(c.be32(v));
  EXPECT_EQ(v, 7u);
  EXPECT_EQ(c.offset(), 0u);
  uint16_t w;
  EXPECT_TRUE(c.be16(w));
  EXPECT_FALSE(c.be16(w));
  EXPECT_FALSE(c.skip(2));
  EXPECT_TRUE(c.skip(1));
  EXPECT_TRUE(c.empty());
  uint8_t u;
  EXPECT_FALSE(c.u8(u));
  EXPECT_FALSE(c.peek_u8(0, u));
}

TEST(ByteCursor, PeekAndSubAreBounded) {
  const uint8_t b[] = {0xaa, 0xbb, 0xcc, 0xdd};
  ByteCursor c(b, sizeof b);
  uint16_t w;
  EXPECT_TRUE(c.peek_be16(2, w));
  EXPECT_EQ(w, 0xccdd);
  EXPECT_FALSE(c.peek_be16(3, w));
  EXPECT_FALSE(c.peek_be16(SIZE_MAX, w));
  uint32_t d;
  EXPECT_FALSE(c.peek_be32(1, d));
  ByteCursor s = c.sub(100);
  EXPECT_EQ(s.remaining(), 4u);
  const uint8_t* p;
  EXPECT_TRUE(c.bytes(p, 2));
  EXPECT_EQ(p, b);
  EXPECT_EQ(c.sub(1).remaining(), 1u);
}

}  // namespace
}  // namespace weir
