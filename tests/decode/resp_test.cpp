// RESP (src/decode/resp.cpp): the info column and fields tshark 4.0 shows
// (tests/scripts/resp.py is compared with tshark itself in cli_tshark.sh).
#include <gtest/gtest.h>

#include <string>

#include "decode/packet_builder.hpp"

namespace weir::testpkt {
namespace {

Bytes text(const std::string& s) { return Bytes(s.begin(), s.end()); }

Decoded seg(bool request, const std::string& payload) {
  uint16_t sp = request ? 40000 : 6379, dp = request ? 6379 : 40000;
  return Decoded(eth(0x0800, ipv4("198.18.9.1", "198.18.9.2", 6, tcp(sp, dp, text(payload), {.seq = 1, .ack = 1}))));
}

TEST(Resp, CommandsAndReplies) {
  Decoded set = seg(true, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$150\r\n" + std::string(150, 'x') + "\r\n");
  EXPECT_EQ(set.protocols(), "eth:ip:tcp:resp");
  EXPECT_EQ(set.info(Proto::Resp), "Request: SET k BulkString(150)") << "long values are named by length";
  EXPECT_EQ(set.field("resp.array.length"), "3");
  EXPECT_EQ(set.field("resp.bulk_string.length"), "3,1,150");
  EXPECT_EQ(seg(false, "+OK\r\n:5\r\n").info(Proto::Resp), "Response: OK 5");
  EXPECT_EQ(seg(false, "*2\r\n+a\r\n-ERR x\r\n").info(Proto::Resp), "Response: Array(2) Error: ERR x");
  EXPECT_EQ(seg(true, "+a\r\n:5\r\n").info(Proto::Resp), "Request:") << "only replies show values";
  EXPECT_EQ(seg(true, "PING\r\n\r\nPING\n").info(Proto::Resp), "Request: [fragment] [fragment]");
  EXPECT_EQ(seg(false, "$-1\r\n").field("resp.bulk_string.length"), "-1");
  EXPECT_EQ(seg(false, ":-9223372036854775809\r\n").field("resp.integer"), "-9223372036854775808");
  // Bytes above 0x7f read as tshark's ENC_ASCII does: U+FFFD each.
  EXPECT_EQ(seg(false, "+\xff" "a\r\n").info(Proto::Resp), "Response: \xEF\xBF\xBD" "a");
  EXPECT_EQ(seg(false, "-E\xc3\xa9\r\n").field("resp.error"), "E\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(Resp, ASegmentThatAsksForMore) {
  Decoded d = seg(true, "*2\r\n$3\r\nGET\r\n$5\r\nab");
  EXPECT_EQ(d.info(Proto::Resp), "Request: GET [continuation] [TCP segment of a reassembled PDU]")
      << "what came before the open bulk string stays";
  Decoded e = seg(true, "*5\r\n");
  EXPECT_EQ(e.field("resp.array.length"), "5");
}

TEST(Resp, DeepNestingStopsAtThirtyOne) {
  std::string s;
  for (int i = 0; i < 40; ++i) s += "*1\r\n";
  s += ":1\r\n";
  Decoded d = seg(false, s);
  EXPECT_EQ(d.field("resp.array.length").size(), 40u * 2 - 1) << "all 40 headers, as tshark";
  EXPECT_EQ(d.field("resp.integer"), "1") << "after the cut-off the rest are top-level messages";
  EXPECT_EQ(d.info(Proto::Resp), "Response: Array(1) Array(1)") << "(tshark 4.0, measured)";
}

TEST(Resp, EveryPrefixDecodesSafely) {
  Bytes f = eth(0x0800, ipv4("198.18.9.1", "198.18.9.2", 6,
                             tcp(40000, 6379, text("*2\r\n$3\r\nGET\r\n*1\r\n:12\r\n-E\r\n"), {.seq = 1, .ack = 1})));
  EXPECT_EQ(decode_all_prefixes(f), f.size() + 1);
}

}  // namespace
}  // namespace weir::testpkt
