// FTP decoder: request command/argument and reply code/argument of the
// first line of a segment, as tshark 4.0 shows them.
#include <gtest/gtest.h>

#include "decode/packet_builder.hpp"

namespace weir::testpkt {
namespace {

Bytes client(std::string_view s) { return eth_ipv4_tcp("198.18.0.1", 43000, "198.18.0.2", 21, bytes(s)); }
Bytes server(std::string_view s) { return eth_ipv4_tcp("198.18.0.2", 21, "198.18.0.1", 43000, bytes(s)); }

TEST(Ftp, Requests) {
  Decoded d(client("USER anonymous\r\n"));
  EXPECT_EQ(d.protocols(), "eth:ip:tcp:ftp");
  EXPECT_EQ(d.field("ftp.request"), "1");
  EXPECT_EQ(d.field("ftp.response"), "0");
  EXPECT_EQ(d.field("ftp.request.command"), "USER");
  EXPECT_EQ(d.field("ftp.request.arg"), "anonymous");
  EXPECT_EQ(d.info(Proto::Ftp), "Request: USER anonymous");
  Decoded sp(client("RETR /pub/file name.txt\r\n"));
  EXPECT_EQ(sp.field("ftp.request.arg"), "/pub/file name.txt");
  Decoded noarg(client("PASS\r\n"));
  EXPECT_EQ(noarg.field("ftp.request.command"), "PASS");
  EXPECT_EQ(noarg.field("ftp.request.arg"), "");
  // Only the first line of the segment is dissected.
  Decoded two(client("USER a\r\nPASS b\r\n"));
  EXPECT_EQ(two.field("ftp.request.command"), "USER");
  EXPECT_EQ(two.field("ftp.request.arg"), "a");
  // Leading spaces: empty command, the rest is the argument.
  Decoded lead(client("  USER x\r\n"));
  EXPECT_EQ(lead.field("ftp.request.command"), "");
  EXPECT_EQ(lead.field("ftp.request.arg"), "USER x");
  Decoded hi(client("USER x\xff\r\n"));
  EXPECT_EQ(hi.field("ftp.request.arg"), "x\xef\xbf\xbd");
}

TEST(Ftp, Replies) {
  Decoded d(server("227 Entering Passive Mode (198,18,0,1,195,80).\r\n"));
  EXPECT_EQ(d.field("ftp.response.code"), "227");
  EXPECT_EQ(d.field("ftp.response.arg"), "Entering Passive Mode (198,18,0,1,195,80).");
  EXPECT_EQ(d.field("ftp.request.command"), "");
  EXPECT_EQ(d.info(Proto::Ftp), "Response: 227 Entering Passive Mode (198,18,0,1,195,80).");
  Decoded multi(server("230-Welcome\r\n230 Login successful.\r\n"));
  EXPECT_EQ(multi.field("ftp.response.code"), "230");
  EXPECT_EQ(multi.field("ftp.response.arg"), "Welcome");
  Decoded bare(server("150"));
  EXPECT_EQ(bare.field("ftp.response.code"), "150");
  EXPECT_EQ(bare.field("ftp.response.arg"), "");
  Decoded nocode(server("99 x\r\n"));
  EXPECT_EQ(nocode.field("ftp.response.code"), "");
  EXPECT_EQ(nocode.field("ftp.response.arg"), "99 x");
  Decoded four(server("1234 y\r\n"));
  EXPECT_EQ(four.field("ftp.response.code"), "123");
  EXPECT_EQ(four.field("ftp.response.arg"), " y");
}

TEST(Ftp, EveryPrefixDecodesSafely) {
  Bytes f = server("230-Welcome\r\n230 Login successful.\r\n");
  EXPECT_EQ(decode_all_prefixes(f), f.size() + 1);
}

}  // namespace
}  // namespace weir::testpkt
