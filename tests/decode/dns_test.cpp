// DNS decoder: header, questions, A/AAAA/CNAME answers, name compression and
// the exact texts tshark 4.0 prints for odd names (checked against tshark on
// packets built the same way).
#include <gtest/gtest.h>

#include "decode/packet_builder.hpp"

namespace weir::testpkt {
namespace {

Bytes hdr(uint16_t id, uint16_t flags, uint16_t qd, uint16_t an = 0, uint16_t ns = 0, uint16_t ar = 0) {
  Bytes b;
  put16(b, id);
  put16(b, flags);
  put16(b, qd);
  put16(b, an);
  put16(b, ns);
  put16(b, ar);
  return b;
}
Bytes name(std::initializer_list<std::string_view> labels) {
  Bytes b;
  for (auto l : labels) {
    b.push_back(uint8_t(l.size()));
    b.insert(b.end(), l.begin(), l.end());
  }
  b.push_back(0);
  return b;
}
Bytes question(const Bytes& n, uint16_t type, uint16_t cls = 1) {
  Bytes b = n;
  put16(b, type);
  put16(b, cls);
  return b;
}
Bytes rr(const Bytes& n, uint16_t type, const Bytes& rdata, uint32_t ttl = 300, uint16_t cls = 1) {
  Bytes b = n;
  put16(b, type);
  put16(b, cls);
  put32(b, ttl);
  put16(b, uint16_t(rdata.size()));
  b.insert(b.end(), rdata.begin(), rdata.end());
  return b;
}
const Bytes kPtrQ = bytes({0xc0, 0x0c});  // pointer to the first question name

Bytes query_a() {
  return cat(hdr(0x1a2b, 0x0100, 1), question(name({"www", "example", "com"}), 1));
}
Bytes response_cname_a() {
  Bytes m = cat(hdr(0x1a2b, 0x8180, 1, 3), question(name({"www", "example", "com"}), 1));
  // www.example.com CNAME edge.example.net; edge... A 198.18.0.7; AAAA
  Bytes cname = name({"edge", "example", "net"});
  m = cat(m, rr(kPtrQ, 5, cname));
  uint16_t cname_off = uint16_t(12 + 21 + 12);  // header + question + RR fixed part
  Bytes ptr = bytes({0xc0 | (cname_off >> 8), cname_off & 0xff});
  m = cat(m, rr(ptr, 1, bytes({198, 18, 0, 7}), 60));
  Bytes v6 = hex("20010db8000000000000000000000001");
  m = cat(m, rr(ptr, 28, v6, 60));
  return m;
}

TEST(Dns, StandardQuery) {
  Decoded d(eth_ipv4_udp("198.18.0.1", 40000, "198.18.0.2", 53, query_a()));
  EXPECT_EQ(d.protocols(), "eth:ip:udp:dns");
  EXPECT_EQ(d.field("dns.id"), "0x1a2b");
  EXPECT_EQ(d.field("dns.flags"), "0x0100");
  EXPECT_EQ(d.field("dns.flags.response"), "0");
  EXPECT_EQ(d.field("dns.flags.rcode"), "");  // only shown for responses
  EXPECT_EQ(d.field("dns.count.queries"), "1");
  EXPECT_EQ(d.field("dns.qry.name"), "www.example.com");
  EXPECT_EQ(d.field("dns.qry.name.len"), "15");
  EXPECT_EQ(d.field("dns.qry.type"), "1");
  EXPECT_EQ(d.field("dns.qry.class"), "0x0001");
  EXPECT_EQ(d.field("dns.a"), "");
  EXPECT_EQ(d.info(Proto::Dns), "Standard query 0x1a2b A www.example.com");
}

TEST(Dns, ResponseWithCompressedCnameAndAddresses) {
  Decoded d(eth_ipv4_udp("198.18.0.2", 53, "198.18.0.1", 40000, response_cname_a()));
  EXPECT_EQ(d.field("dns.flags.response"), "1");
  EXPECT_EQ(d.field("dns.flags.rcode"), "0");
  EXPECT_EQ(d.field("dns.count.answers"), "3");
  EXPECT_EQ(d.field("dns.qry.name"), "www.example.com");
  EXPECT_EQ(d.field("dns.cname"), "edge.example.net");
  EXPECT_EQ(d.field("dns.a"), "198.18.0.7");
  EXPECT_EQ(d.field("dns.aaaa"), "2001:db8::1");
  EXPECT_EQ(d.field("dns.resp.name"), "www.example.com,edge.example.net,edge.example.net");
  EXPECT_EQ(d.field("dns.resp.type"), "5,1,28");
  EXPECT_EQ(d.field("dns.resp.ttl"), "300,60,60");
  EXPECT_EQ(d.field("dns.resp.len"), "18,4,16");
  EXPECT_EQ(d.info(Proto::Dns),
            "Standard query response 0x1a2b A www.example.com CNAME edge.example.net A 198.18.0.7 "
            "AAAA 2001:db8::1");
}

TEST(Dns, MultipleQuestionsAreJoined) {
  Bytes m = cat(hdr(7, 0x0100, 2), question(name({"one"}), 1));
  m = cat(m, question(name({"two"}), 28));
  Decoded d(eth_ipv4_udp("198.18.0.1", 40000, "198.18.0.2", 53, m));
  EXPECT_EQ(d.field("dns.qry.name"), "one,two");
  EXPECT_EQ(d.field("dns.qry.type"), "1,28");
}

TEST(Dns, RootLoopAndTooLongNames) {
  Decoded root(eth_ipv4_udp("198.18.0.1", 1, "198.18.0.2", 53,
                            cat(hdr(1, 0x0100, 1), question(bytes({0}), 2))));
  EXPECT_EQ(root.field("dns.qry.name"), "<Root>");
  EXPECT_EQ(root.field("dns.qry.name.len"), "6");
  // A name that points at itself.
  Decoded loop(eth_ipv4_udp("198.18.0.1", 1, "198.18.0.2", 53,
                            cat(hdr(1, 0x0100, 1), question(bytes({1, 'a', 0xc0, 0x0c}), 1))));
  EXPECT_EQ(loop.field("dns.qry.name"), "<Name contains a pointer that loops>");
  std::string l63(63, 'x');
  Decoded too_long(eth_ipv4_udp("198.18.0.1", 1, "198.18.0.2", 53,
                                cat(hdr(1, 0x0100, 1), question(name({l63, l63, l63, l63}), 1))));
  EXPECT_EQ(too_long.field("dns.qry.name"), "<Name too long>");
  EXPECT_EQ(too_long.field("dns.qry.type"), "1");  // parsing continues after it
  std::string l61(61, 'd');
  Decoded max(eth_ipv4_udp("198.18.0.1", 1, "198.18.0.2", 53,
                           cat(hdr(1, 0x0100, 1), question(name({l63, l63, l63, l61}), 1))));
  EXPECT_EQ(max.field("dns.qry.name.len"), "253");
}

TEST(Dns, LongCompressionCycleIsALoop) {
  // 20 labels of 63 bytes, then a pointer back to the first label: tshark
  // follows it 255 times; weir detects the cycle at once, same result.
  Bytes n;
  for (int i = 0; i < 20; ++i) {
    n.push_back(63);
    n.insert(n.end(), 63, uint8_t('a' + i));
  }
  n = cat(n, bytes({0xc0, 0x0c}));
  Bytes m = cat(hdr(9, 0x0100, 1), question(n, 1));
  Decoded d(eth_ipv4_udp("198.18.0.1", 1, "198.18.0.2", 53, m));
  EXPECT_EQ(d.field("dns.qry.name"), "<Name contains a pointer that loops>");
  EXPECT_EQ(d.field("dns.qry.type"), "1");
}

TEST(Dns, ManyNamesThroughOneLongPointerChain) {
  // A NULL record whose rdata is a chain of 254 pointers, each to the one
  // before, ending at the name "a" (offset 12). 300 A records are named by
  // a pointer to the chain's last link: 255 pointers, the most tshark
  // follows, so each is "a"; one more link makes it a loop. The loop check
  // must forget one name's pointers before the next name.
  for (int extra : {0, 1}) {
    int links = 254 + extra;
    Bytes chain;
    uint16_t prev = 12;
    for (int i = 0; i < links; ++i) {
      uint16_t here = uint16_t(12 + 3 + 10 + chain.size());
      chain.push_back(uint8_t(0xc0 | prev >> 8));
      chain.push_back(uint8_t(prev));
      prev = here;
    }
    Bytes m = cat(hdr(7, 0x8180, 0, 301), rr(bytes({1, 'a', 0}), 10, chain));
    for (int i = 0; i < 300; ++i)
      m = cat(m, rr(bytes({uint8_t(0xc0 | prev >> 8), uint8_t(prev)}), 1, bytes({198, 18, 0, uint8_t(i)})));
    Decoded d(eth_ipv4_udp("198.18.0.2", 53, "198.18.0.1", 40000, m));
    std::string want = "a", one = extra ? "<Name contains a pointer that loops>" : "a";
    for (int i = 0; i < 300; ++i) want += "," + one;
    EXPECT_EQ(d.field("dns.resp.name"), want) << links;
    EXPECT_EQ(d.field("dns.a").substr(0, 23), "198.18.0.0,198.18.0.1,1") << links;
  }
}

TEST(Dns, OddCharactersAreEscapedLikeTshark) {
  // Label bytes: '.', '\\', ' ', control characters, invalid UTF-8, valid
  // UTF-8, a non-printable code point (U+200B).
  Bytes n = name({"a.b", "c\\d", "e f", std::string_view("\x01\x7f\x80\xc3\xa9", 5),
                  "\t\n\r\"", "\xe2\x80\x8b"});
  Decoded d(eth_ipv4_udp("198.18.0.1", 1, "198.18.0.2", 53, cat(hdr(1, 0x0100, 1), question(n, 1))));
  EXPECT_EQ(d.field("dns.qry.name"),
            "a.b.c\\d.e f.\\001\\177\xef\xbf\xbd\xc3\xa9.\\t\\n\\r\".\\u200B");
  EXPECT_EQ(d.field("dns.qry.name.len"), "26");
}

TEST(Dns, TruncatedAndMalformedStopWhereTsharkStops) {
  // Question name cut short: header fields only.
  Bytes m = cat(hdr(0x4242, 0x0100, 1), bytes({3, 'w', 'w', 'w', 7, 'e', 'x'}));
  Decoded cut(eth_ipv4_udp("198.18.0.1", 1, "198.18.0.2", 53, m));
  EXPECT_EQ(cut.field("dns.id"), "0x4242");
  EXPECT_EQ(cut.field("dns.qry.name"), "");
  // Answer whose rdata is cut: the record is not shown at all.
  Bytes r = cat(hdr(1, 0x8180, 1, 1), question(name({"ex", "com"}), 1));
  Bytes a = rr(kPtrQ, 1, bytes({1, 2, 3, 4}));
  a.resize(a.size() - 2);
  Decoded rcut(eth_ipv4_udp("198.18.0.2", 53, "198.18.0.1", 1, cat(r, a)));
  EXPECT_EQ(rcut.field("dns.qry.name"), "ex.com");
  EXPECT_EQ(rcut.field("dns.resp.name"), "");
  EXPECT_EQ(rcut.field("dns.a"), "");
  // Short header: only the complete header fields.
  Decoded shorth(eth_ipv4_udp("198.18.0.1", 1, "198.18.0.2", 53, bytes({0x12, 0x34, 0x01, 0x00, 0x00})));
  EXPECT_EQ(shorth.field("dns.id"), "0x1234");
  EXPECT_EQ(shorth.field("dns.flags"), "0x0100");
  EXPECT_EQ(shorth.field("dns.count.queries"), "");
  EXPECT_TRUE(shorth.has_anomaly("truncated_dns_header"));
}

TEST(Dns, TcpLengthPrefixAndTwoMessagesInOneSegment) {
  Bytes q1 = query_a();
  Bytes q2 = cat(hdr(0x5678, 0x0100, 1), question(name({"two", "com"}), 1));
  Bytes seg;
  put16(seg, uint16_t(q1.size()));
  seg = cat(seg, q1);
  put16(seg, uint16_t(q2.size()));
  seg = cat(seg, q2);
  Decoded d(eth_ipv4_tcp("198.18.0.1", 40000, "198.18.0.2", 53, seg));
  EXPECT_EQ(d.protocols(), "eth:ip:tcp:dns:dns");
  EXPECT_EQ(d.field("dns.length"), "33,25");
  EXPECT_EQ(d.field("dns.id"), "0x1a2b,0x5678");
  EXPECT_EQ(d.field("dns.qry.name"), "www.example.com,two.com");
  // A length prefix larger than the data: what is there is dissected.
  Bytes part;
  put16(part, 100);
  part = cat(part, q1);
  Decoded p(eth_ipv4_tcp("198.18.0.1", 40000, "198.18.0.2", 53, part));
  EXPECT_EQ(p.field("dns.length"), "100");
  EXPECT_EQ(p.field("dns.qry.name"), "www.example.com");
  // Fewer than 6 bytes: tshark shows nothing.
  Decoded tiny(eth_ipv4_tcp("198.18.0.1", 40000, "198.18.0.2", 53, bytes({0, 33, 0x1a, 0x2b})));
  EXPECT_EQ(tiny.field("dns.length"), "");
  EXPECT_EQ(tiny.field("dns.id"), "");
}

TEST(Dns, MdnsMasksCacheFlushBitAndLlmnrUsesDnsFields) {
  Bytes m = cat(hdr(0, 0x8400, 0, 1), rr(name({"host", "local"}), 1, bytes({198, 18, 0, 5}), 120, 0x8001));
  Decoded md(eth_ipv4_udp("198.18.0.5", 5353, "224.0.0.251", 5353, m));
  EXPECT_EQ(md.field("dns.resp.name"), "host.local");
  EXPECT_EQ(md.field("dns.resp.class"), "0x0001");
  EXPECT_EQ(md.field("dns.resp.cache_flush"), "1");
  EXPECT_EQ(md.field("dns.a"), "198.18.0.5");
  Decoded uni(eth_ipv4_udp("198.18.0.2", 53, "198.18.0.1", 1, m));
  EXPECT_EQ(uni.field("dns.resp.class"), "0x8001");  // plain DNS: class as is
  Decoded ll(eth_ipv4_udp("198.18.0.1", 40000, "224.0.0.252", 5355,
                          cat(hdr(7, 0, 1), question(name({"host"}), 1))));
  EXPECT_EQ(ll.field("dns.qry.name"), "host");
}

TEST(Dns, EveryPrefixDecodesSafely) {
  EXPECT_EQ(decode_all_prefixes(eth_ipv4_udp("198.18.0.2", 53, "198.18.0.1", 1, response_cname_a())),
            14 + 20 + 8 + response_cname_a().size() + 1);
  Bytes seg;
  put16(seg, 33);
  seg = cat(seg, query_a());
  decode_all_prefixes(eth_ipv4_tcp("198.18.0.1", 40000, "198.18.0.2", 53, seg));
}

}  // namespace

// Cases the corpus lacks, each checked against tshark 4.0.17 on the same
// message: SRV owners, records without rdata, names that run past their
// rdata, the AD bit on a query.
TEST(Dns, SrvOwnerEmptyRdataUnboundedNamesAndQueryAd) {
  auto dns = [](const Bytes& m) { return Decoded(eth_ipv4_udp("198.18.0.2", 53, "198.18.0.1", 40000, m)); };
  // SRV _ldap._tcp.dc.example.com: the owner goes to dns.srv.*, not dns.resp.name.
  Bytes srv_owner = name({"_ldap", "_tcp", "dc", "example", "com"});
  Bytes m = cat(hdr(1, 0x8180, 1, 1), question(srv_owner, 33));
  m = cat(m, rr(kPtrQ, 33, cat(bytes({0, 10, 0, 5, 0x01, 0x85}), name({"dc1", "example", "com"}))));
  Decoded a = dns(m);
  EXPECT_EQ(a.field("dns.resp.name"), "");
  EXPECT_EQ(a.field("dns.srv.service"), "_ldap");
  EXPECT_EQ(a.field("dns.srv.proto"), "_tcp");
  EXPECT_EQ(a.field("dns.srv.name"), "dc.example.com");
  EXPECT_EQ(a.field("dns.srv.priority"), "10");
  EXPECT_EQ(a.field("dns.srv.weight"), "5");
  EXPECT_EQ(a.field("dns.srv.port"), "389");
  EXPECT_EQ(a.field("dns.srv.target"), "dc1.example.com");
  // A with no rdata (a DNS UPDATE delete), then an A: only the second address.
  Bytes u = cat(hdr(2, 0x8180, 1, 2), question(name({"example", "com"}), 1));
  u = cat(u, rr(kPtrQ, 1, {}, 0, 255));
  u = cat(u, rr(kPtrQ, 1, bytes({10, 0, 0, 5})));
  EXPECT_EQ(dns(u).field("dns.a"), "10.0.0.5");
  // A CNAME whose name does not end in its rdata runs on into the next
  // record's owner (a pointer to example.com), as tshark reads it; the next
  // record is still read at its place.
  Bytes c = cat(hdr(3, 0x8180, 1, 2), question(name({"example", "com"}), 1));
  c = cat(c, rr(kPtrQ, 5, bytes({3, 'a', 'b', 'c'})));
  c = cat(c, rr(kPtrQ, 1, bytes({1, 2, 3, 4})));
  Decoded cd = dns(c);
  EXPECT_EQ(cd.field("dns.cname"), "abc.example.com");
  EXPECT_EQ(cd.field("dns.a"), "1.2.3.4");
  // ... and at the message's end it is an error: nothing, and the walk stops.
  Bytes e = cat(hdr(4, 0x8180, 1, 1), question(name({"example", "com"}), 1));
  e = cat(e, rr(kPtrQ, 5, bytes({3, 'a', 'b', 'c'})));
  EXPECT_EQ(dns(e).field("dns.cname"), "");
  // The AD bit on a query is shown only when set.
  Bytes q = cat(hdr(5, 0x0120, 1), question(name({"example", "com"}), 1));
  EXPECT_EQ(dns(q).field("dns.flags.authenticated"), "1");
  EXPECT_EQ(Decoded(eth_ipv4_udp("198.18.0.1", 40000, "198.18.0.2", 53, query_a())).field("dns.flags.authenticated"), "");
}

}  // namespace weir::testpkt
