// TLS decoder: records, ClientHello SNI/cipher suites/supported_versions,
// ServerHello, several records per segment, fragments and truncation.
#include <gtest/gtest.h>

#include "decode/packet_builder.hpp"

namespace weir::testpkt {
namespace {

Bytes ext(uint16_t type, const Bytes& data) {
  Bytes b;
  put16(b, type);
  put16(b, uint16_t(data.size()));
  return cat(b, data);
}
Bytes sni(std::string_view host) {
  Bytes d;
  put16(d, uint16_t(host.size() + 3));
  d.push_back(0);
  put16(d, uint16_t(host.size()));
  return ext(0, cat(d, bytes(host)));
}
Bytes handshake(uint8_t type, const Bytes& body) {
  Bytes b = {type, uint8_t(body.size() >> 16), uint8_t(body.size() >> 8), uint8_t(body.size())};
  return cat(b, body);
}
Bytes client_hello(const Bytes& exts) {
  Bytes b;
  put16(b, 0x0303);
  for (int i = 0; i < 32; ++i) b.push_back(uint8_t(i));
  b.push_back(32);
  b = cat(b, Bytes(32, 0x11));
  b = cat(b, hex("0006 1301 1302 c02f 0100"));
  put16(b, uint16_t(exts.size()));
  return handshake(1, cat(b, exts));
}
Bytes server_hello() {
  Bytes b;
  put16(b, 0x0303);
  b = cat(b, Bytes(32, 0));
  b.push_back(0);
  b = cat(b, hex("1301 00"));
  Bytes e = ext(43, hex("0304"));
  put16(b, uint16_t(e.size()));
  return handshake(2, cat(b, e));
}
Bytes record(uint8_t type, const Bytes& body, uint16_t version = 0x0301) {
  Bytes b = {type};
  put16(b, version);
  put16(b, uint16_t(body.size()));
  return cat(b, body);
}
Bytes to_443(const Bytes& payload) {
  return eth_ipv4_tcp("198.18.0.1", 40000, "198.18.0.2", 443, payload);
}
Bytes from_443(const Bytes& payload) {
  return eth_ipv4_tcp("198.18.0.2", 443, "198.18.0.1", 40000, payload);
}
Bytes full_client_hello() {
  return record(22, client_hello(cat(sni("example.com"), cat(ext(43, hex("0403040303")),
                                                              ext(10, hex("0002001d"))))));
}

TEST(Tls, ClientHelloWithSni) {
  Decoded d(to_443(full_client_hello()));
  EXPECT_EQ(d.protocols(), "eth:ip:tcp:tls");
  EXPECT_EQ(d.field("tls.record.content_type"), "22");
  EXPECT_EQ(d.field("tls.record.version"), "0x0301");
  EXPECT_EQ(d.field("tls.record.length"), "120");
  EXPECT_EQ(d.field("tls.handshake.type"), "1");
  EXPECT_EQ(d.field("tls.handshake.length"), "116");
  EXPECT_EQ(d.field("tls.handshake.version"), "0x0303");
  EXPECT_EQ(d.field("tls.handshake.session_id_length"), "32");
  EXPECT_EQ(d.field("tls.handshake.ciphersuite"), "0x1301,0x1302,0xc02f");
  EXPECT_EQ(d.field("tls.handshake.extension.type"), "0,43,10");
  EXPECT_EQ(d.field("tls.handshake.extensions_server_name"), "example.com");
  EXPECT_EQ(d.field("tls.handshake.extensions_server_name_len"), "11");
  EXPECT_EQ(d.field("tls.handshake.extensions.supported_version"), "0x0304,0x0303");
  EXPECT_EQ(d.info(Proto::Tls), "Client Hello");  // tshark 4.0: no SNI in the info
}

TEST(Tls, ServerFlightInOneSegment) {
  Bytes seg = cat(record(22, server_hello()), record(20, hex("01"), 0x0303));
  seg = cat(seg, record(23, Bytes(40, 0xaa), 0x0303));
  Decoded d(from_443(seg));
  EXPECT_EQ(d.protocols(), "eth:ip:tcp:tls:tls:tls");
  // After a ServerHello choosing TLS 1.3, application data has an opaque type.
  EXPECT_EQ(d.field("tls.record.content_type"), "22,20");
  EXPECT_EQ(d.field("tls.record.opaque_type"), "23");
  EXPECT_EQ(d.field("tls.record.version"), "0x0301,0x0303,0x0303");
  EXPECT_EQ(d.field("tls.handshake.type"), "2");
  EXPECT_EQ(d.field("tls.handshake.ciphersuite"), "0x1301");
  EXPECT_EQ(d.field("tls.handshake.extensions.supported_version"), "0x0304");
  EXPECT_EQ(d.info_at(d->nlayers - 2), "Change Cipher Spec");
}

TEST(Tls, IncompleteRecordsShowNothing) {
  Bytes full = full_client_hello();
  for (size_t cut : {3u, 5u, 60u}) {
    Decoded d(to_443(Bytes(full.begin(), full.begin() + long(cut))));
    EXPECT_EQ(d.field("tls.record.content_type"), "") << cut;
    EXPECT_EQ(d.field("tls.handshake.extensions_server_name"), "") << cut;
  }
  // A complete record followed by part of another: only the first shows.
  Decoded two(to_443(cat(full, Bytes(full.begin(), full.begin() + 20))));
  EXPECT_EQ(two.field("tls.record.length"), "120");
  EXPECT_EQ(two.field("tls.handshake.extensions_server_name"), "example.com");
}

TEST(Tls, FragmentEncryptedAndMultipleNames) {
  // Handshake message longer than its record: record fields only.
  Bytes ch = client_hello(sni("ok.com"));
  Decoded frag(to_443(record(22, Bytes(ch.begin(), ch.end() - 3))));
  EXPECT_EQ(frag.field("tls.record.length"), std::to_string(ch.size() - 3));
  EXPECT_EQ(frag.field("tls.handshake.type"), "");
  EXPECT_EQ(frag.info(Proto::Tls), "[Client Hello Fragment]");
  // Unknown handshake type: encrypted handshake message.
  Decoded enc(from_443(record(22, Bytes(30, 0x8b), 0x0303)));
  EXPECT_EQ(enc.field("tls.handshake.type"), "");
  EXPECT_EQ(enc.info(Proto::Tls), "Encrypted Handshake Message");
  // Two SNI extensions; non-ASCII bytes print as U+FFFD.
  Decoded names(to_443(record(22, client_hello(cat(sni("a.example"), sni("b\xc3\xa9"))))));
  EXPECT_EQ(names.field("tls.handshake.extensions_server_name"),
            "a.example,b\xef\xbf\xbd\xef\xbf\xbd");
  // Not a TLS record at all.
  Decoded http(to_443(bytes("GET / HTTP/1.1\r\n\r\n")));
  EXPECT_EQ(http.field("tls.record.content_type"), "");
}

TEST(Tls, EveryPrefixDecodesSafely) {
  Bytes f = to_443(cat(full_client_hello(), record(22, server_hello())));
  EXPECT_EQ(decode_all_prefixes(f), f.size() + 1);
}

}  // namespace
}  // namespace weir::testpkt
