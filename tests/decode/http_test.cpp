// HTTP/1.x decoder: request and status lines, headers, pipelining, SSDP and
// tshark 4.0's quirks (empty URI after two spaces, ASCII-only strings).
#include <gtest/gtest.h>

#include "decode/packet_builder.hpp"

namespace weir::testpkt {
namespace {

Bytes req(std::string_view s, uint16_t port = 80) {
  return eth_ipv4_tcp("198.18.0.1", 40000, "198.18.0.2", port, bytes(s));
}
Bytes rsp(std::string_view s) { return eth_ipv4_tcp("198.18.0.2", 80, "198.18.0.1", 40000, bytes(s)); }

TEST(Http, GetRequest) {
  Decoded d(req("GET /index.html HTTP/1.1\r\nHost: example.com\r\nUser-Agent: curl/7.88.1\r\n"
                "Accept: */*\r\n\r\n"));
  EXPECT_EQ(d.protocols(), "eth:ip:tcp:http");
  EXPECT_EQ(d.field("http.request"), "1");
  EXPECT_EQ(d.field("http.request.method"), "GET");
  EXPECT_EQ(d.field("http.request.uri"), "/index.html");
  EXPECT_EQ(d.field("http.request.version"), "HTTP/1.1");
  EXPECT_EQ(d.field("http.host"), "example.com");
  EXPECT_EQ(d.field("http.user_agent"), "curl/7.88.1");
  EXPECT_EQ(d.field("http.accept"), "*/*");
  EXPECT_EQ(d.field("http.request.line"),
            "Host: example.com\r\n,User-Agent: curl/7.88.1\r\n,Accept: */*\r\n");
  EXPECT_EQ(d.field("http.response.code"), "");
  EXPECT_EQ(d.info(Proto::Http), "GET /index.html HTTP/1.1 ");
}

TEST(Http, LongValuesAndNul) {
  // A 5000-byte URI comes out whole (tshark prints it whole); a value ends
  // at a NUL, as in tshark.
  std::string uri = "/" + std::string(4999, 'a');
  Decoded d(req("GET " + uri + " HTTP/1.1\r\nHost: ab" + std::string(1, '\0') + "cd\r\n\r\n"));
  EXPECT_EQ(d.field("http.request.uri"), uri);
  EXPECT_EQ(d.field("http.host"), "ab");
}

TEST(Http, Response) {
  Decoded d(rsp("HTTP/1.1 301 Moved Permanently\r\nLocation: http://example.com/\r\n"
                "Content-Type: text/html\r\nContent-Length: 0\r\nServer: weir-test\r\n\r\n"));
  EXPECT_EQ(d.field("http.response"), "1");
  EXPECT_EQ(d.field("http.response.version"), "HTTP/1.1");
  EXPECT_EQ(d.field("http.response.code"), "301");
  EXPECT_EQ(d.field("http.response.phrase"), "Moved Permanently");
  EXPECT_EQ(d.field("http.location"), "http://example.com/");
  EXPECT_EQ(d.field("http.content_type"), "text/html");
  EXPECT_EQ(d.field("http.content_length"), "0");
  EXPECT_EQ(d.field("http.server"), "weir-test");
  // No body: no media type dissector runs, so no "(text/html)" (tshark 4.0).
  EXPECT_EQ(d.info(Proto::Http), "HTTP/1.1 301 Moved Permanently ");
  Decoded b(rsp("HTTP/1.1 200 OK\r\nContent-Type: Text/HTML; charset=utf-8\r\nContent-Length: 3\r\n\r\nhi\n"));
  EXPECT_EQ(b.info(Proto::Http), "HTTP/1.1 200 OK  (text/html)") << "the type, lower case, no parameters";
  EXPECT_EQ(b.field("http.content_type"), "Text/HTML; charset=utf-8");
  EXPECT_NE(b->find(Proto::TextLines), -1);
}

TEST(Http, TsharkQuirks) {
  // Header names are case-insensitive; leading blanks of the value are
  // skipped, trailing ones kept; LF-only lines work.
  Decoded lf(req("GET / HTTP/1.0\nhost:   a.b  \nX: y\n\n"));
  EXPECT_EQ(lf.field("http.host"), "a.b  ");
  EXPECT_EQ(lf.field("http.request.line"), "host:   a.b  \n,X: y\n");
  // Two spaces after the method: empty URI, the rest is the version.
  Decoded two(req("GET  /two  HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"));
  EXPECT_EQ(two.field("http.request.uri"), "");
  EXPECT_EQ(two.field("http.request.version"), "/two  HTTP/1.1");
  EXPECT_EQ(two.field("http.host"), "a,b");
  // Bytes >= 0x80 are U+FFFD each (ENC_ASCII); an unterminated header line
  // without a colon is not shown (one with a colon is: CutLastLine... below).
  Decoded hi(req("POST /p?r=\xc3\xa9 HTTP/1.1\r\nHost: h\r\nContent-Len"));
  EXPECT_EQ(hi.field("http.request.uri"), "/p?r=\xef\xbf\xbd\xef\xbf\xbd");
  EXPECT_EQ(hi.field("http.request.line"), "Host: h\r\n");
  // Unterminated first line is still parsed.
  Decoded part(req("GET /x"));
  EXPECT_EQ(part.field("http.request.method"), "GET");
  EXPECT_EQ(part.field("http.request.uri"), "/x");
  EXPECT_EQ(part.field("http.request.version"), "");
  // Status code: first three characters of the second token.
  Decoded code(rsp("HTTP/1.1 2000 OK\r\n\r\n"));
  EXPECT_EQ(code.field("http.response.code"), "200");
  EXPECT_EQ(code.field("http.response.phrase"), "OK");
  Decoded nophrase(rsp("HTTP/1.1 404\r\n\r\n"));
  EXPECT_EQ(nophrase.field("http.response.code"), "404");
  EXPECT_EQ(nophrase.field("http.response.phrase"), "");
}

TEST(Http, NotHttpIsContinuation) {
  for (const char* s : {"get / HTTP/1.1\r\n\r\n", "FOO / HTTP/1.1\r\n\r\n", "just data\r\n"}) {
    Decoded d(req(s));
    EXPECT_EQ(d.field("http.request.method"), "") << s;
    EXPECT_EQ(d.info(Proto::Http), "Continuation") << s;
  }
}

TEST(Http, PipelinedRequestsAreTwoLayers) {
  Decoded d(req("PUT /u HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nabGET /second HTTP/1.1\r\n"
                "Host: s\r\n\r\n"));
  // The first body ("ab", no type) is data, bounded by its message; the
  // printer's frame.protocols shows "http:data" as tshark (one call).
  EXPECT_EQ(d.protocols(), "eth:ip:tcp:http:data:http");
  EXPECT_EQ(d.field("data.len"), "2");
  EXPECT_EQ(d.field("http.request.method"), "PUT,GET");
  EXPECT_EQ(d.field("http.request.uri"), "/u,/second");
  EXPECT_EQ(d.field("http.host"), "h,s");
}

TEST(Http, SsdpOverUdpAndOtherPorts) {
  Bytes m = bytes("M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nST: ssdp:all\r\n\r\n");
  Decoded d(eth_ipv4_udp("198.18.0.1", 40000, "239.255.255.250", 1900, m));
  EXPECT_EQ(d.field("http.request.method"), "M-SEARCH");
  EXPECT_EQ(d.field("http.request.uri"), "*");
  EXPECT_EQ(d.field("http.host"), "239.255.255.250:1900");
  Decoded p(req("GET / HTTP/1.1\r\nHost: proxy\r\n\r\n", 3128));
  EXPECT_EQ(p.field("http.host"), "proxy");
}

TEST(Http, EveryPrefixDecodesSafely) {
  Bytes f = req("GET /a HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nzGET /b HTTP/1.1\r\n\r\n");
  EXPECT_EQ(decode_all_prefixes(f), f.size() + 1);
}

}  // namespace

// As tshark 4.0 without reassembly: a header line the segment cuts off
// counts; a folded line ends the headers; HTTP and TLS on ports no
// dissector claims are found by tshark's heuristics.
TEST(Http, CutLastLineFoldedLinesAndHeuristics) {
  Decoded cut(req("GET / HTTP/1.1\r\nHost: split.example"));
  EXPECT_EQ(cut.field("http.host"), "split.example");
  Decoded fold(req("GET / HTTP/1.1\r\nHost: a\r\nX-Long: one\r\n two\r\nCookie: c=1\r\n\r\n"));
  EXPECT_EQ(fold.field("http.host"), "a");
  EXPECT_EQ(fold.field("http.cookie"), "");
  Decoded alt(eth_ipv4_tcp("198.18.0.1", 40000, "198.18.0.2", 8000, bytes("GET /x HTTP/1.1\r\nHost: h\r\n\r\n")));
  EXPECT_EQ(alt.field("http.request.method"), "GET");
  EXPECT_EQ(alt.field("http.host"), "h");
  Decoded eight(eth_ipv4_tcp("198.18.0.1", 40000, "198.18.0.2", 8000, bytes("HTTP/1.1\r\n")));  // 8 bytes: no
  EXPECT_EQ(eight.field("http.request.method") + eight.field("http.response.code"), "");
  EXPECT_EQ(eight->find(Proto::Http), -1);
  Decoded text(eth_ipv4_tcp("198.18.0.1", 40000, "198.18.0.2", 8000, bytes("hello there\r\n")));
  EXPECT_EQ(text->find(Proto::Http), -1);
  // A TLS record header (handshake, TLS 1.0) on 8443.
  Bytes rec = bytes({22, 3, 1, 0, 4, 1, 0, 0, 0});
  Decoded tls(eth_ipv4_tcp("198.18.0.1", 40000, "198.18.0.2", 8443, rec));
  EXPECT_NE(tls->find(Proto::Tls), -1);
  Decoded notls(eth_ipv4_tcp("198.18.0.1", 40000, "198.18.0.2", 8443, bytes({21, 3, 1, 0, 2, 2, 40})));  // alert: no
  EXPECT_EQ(notls->find(Proto::Tls), -1);
}

}  // namespace weir::testpkt
