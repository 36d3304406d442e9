// SMTP decoder: commands (direction from the matched server port), replies
// with continuation lines, message-body segments.
#include <gtest/gtest.h>

#include "decode/packet_builder.hpp"

namespace weir::testpkt {
namespace {

Bytes client(std::string_view s, uint16_t port = 25) {
  return eth_ipv4_tcp("198.18.0.1", 42000, "198.18.0.2", port, bytes(s));
}
Bytes server(std::string_view s) {
  return eth_ipv4_tcp("198.18.0.2", 25, "198.18.0.1", 42000, bytes(s));
}

TEST(Smtp, Commands) {
  Decoded d(client("EHLO client.example\r\n"));
  EXPECT_EQ(d.protocols(), "eth:ip:tcp:smtp");
  EXPECT_EQ(d.field("smtp.req"), "1");
  EXPECT_EQ(d.field("smtp.req.command"), "EHLO");
  EXPECT_EQ(d.field("smtp.req.parameter"), "client.example");
  EXPECT_EQ(d.info(Proto::Smtp), "C: EHLO client.example");
  Decoded two(client("RCPT TO:<x@y> \r\nDATA\r\n", 587));
  EXPECT_EQ(two.field("smtp.req.command"), "RCPT,DATA");
  EXPECT_EQ(two.field("smtp.req.parameter"), "TO:<x@y> ");
  // tshark shows the first four characters as the command.
  Decoded tls(client("STARTTLS\r\n"));
  EXPECT_EQ(tls.field("smtp.req.command"), "STAR");
  EXPECT_EQ(tls.field("smtp.req.parameter"), "TLS");
  Decoded lower(client("quit\r\n"));
  EXPECT_EQ(lower.field("smtp.req.command"), "quit");
}

TEST(Smtp, NonCommandIsMessageBody) {
  for (const char* s : {"Subject: hi\r\n\r\nbody\r\n.\r\n", "X\r\n", "ehlo\tx\r\n"}) {
    Decoded d(client(s));
    EXPECT_EQ(d.field("smtp.req.command"), "") << s;
    EXPECT_EQ(d.field("smtp.req"), "") << s;
  }
  Decoded d(client("X\r\n"));
  EXPECT_EQ(d.info(Proto::Smtp), "C: Message Body, 3 bytes");
}

TEST(Smtp, Replies) {
  Decoded d(server("250-mx.example\r\n250-PIPELINING\r\n250 SIZE 1000\r\n"));
  EXPECT_EQ(d.field("smtp.response.code"), "250");  // first line only
  EXPECT_EQ(d.field("smtp.rsp.parameter"), "mx.example,PIPELINING,SIZE 1000");
  EXPECT_EQ(d.field("smtp.response"), "250-mx.example\r\n");
  EXPECT_EQ(d.field("smtp.req.command"), "");
  EXPECT_EQ(d.info(Proto::Smtp), "S: 250-mx.example | PIPELINING | SIZE 1000");
  Decoded bare(server("354\r\n"));
  EXPECT_EQ(bare.field("smtp.response.code"), "354");
  EXPECT_EQ(bare.field("smtp.rsp.parameter"), "");
  Decoded junk(server("abc"));
  EXPECT_EQ(junk.field("smtp.response.code"), "");
  EXPECT_EQ(junk.field("smtp.response"), "");
}

TEST(Smtp, EveryPrefixDecodesSafely) {
  Bytes f = server("220 mx.example ESMTP\r\n250-a\r\n250 b\r\n");
  EXPECT_EQ(decode_all_prefixes(f), f.size() + 1);
  Bytes g = client("MAIL FROM:<a@b.c>\r\nRCPT TO:<d@e.f>\r\n");
  EXPECT_EQ(decode_all_prefixes(g), g.size() + 1);
}

}  // namespace
}  // namespace weir::testpkt
