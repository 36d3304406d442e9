// IP reassembly (engine/defrag.hpp): which fragments are taken, when a
// datagram completes, what the completing frame decodes to, eviction. The
// columns and fields are compared with tshark by cli_tshark.sh
// (tests/scripts/ip_fragments.py).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "decode/packet_builder.hpp"
#include "engine/reasm_feed.hpp"
#include "engine/defrag.hpp"

namespace weir {
namespace {

using namespace testpkt;
using Feed = testpkt::Feed<Defragmenter>;

// Fragments of one IPv4 datagram (payload split into `size`-byte pieces).
std::vector<Bytes> v4_fragments(const Bytes& payload, uint16_t id, size_t size, const char* src = "198.18.5.1",
                                uint8_t proto = 17) {
  std::vector<Bytes> out;
  for (size_t off = 0; off < payload.size(); off += size) {
    size_t n = std::min(size, payload.size() - off);
    Bytes piece(payload.begin() + long(off), payload.begin() + long(off + n));
    out.push_back(eth(0x0800, ipv4(src, "198.18.5.2", proto, piece,
                                   {.id = id, .mf = off + n < payload.size(), .frag_off = uint16_t(off / 8)})));
  }
  return out;
}

Bytes v6_fragment(const Bytes& piece, uint32_t ident, uint16_t off, bool more, uint8_t next) {
  Bytes fh{next, 0};
  put16(fh, uint16_t(off | (more ? 1 : 0)));
  put32(fh, ident);
  return eth(0x86dd, ipv6("2001:db8::1", "2001:db8::2", 44, cat(fh, piece)));
}

Bytes dns_payload() {
  Bytes q = hex("1234 8180 0001 0000 0000 0000 03777777 076578616d706c65 03636f6d 00 0001 0001");
  q.resize(2000, 0);  // padded: a long message
  return udp(40000, 53, q);
}

TEST(Defrag, OutOfOrderFragmentsCompleteOnTheLastOneToArrive) {
  Bytes dgram = dns_payload();
  auto f = v4_fragments(dgram, 0x4242, 808);
  ASSERT_EQ(f.size(), 3u);
  Feed r;
  Decoded& a = r.add(f[2]);
  Decoded& b = r.add(f[0]);
  Decoded& c = r.add(f[1]);
  // Stored fragments: data after IP, also the first one (no UDP of its own).
  EXPECT_EQ(a.protocols(), "eth:ip:data");
  EXPECT_EQ(b.protocols(), "eth:ip:data");
  EXPECT_EQ(b.field("udp.srcport"), "");
  EXPECT_EQ(b.info(Proto::Ipv4), "Fragmented IP protocol (proto=UDP 17, off=0, ID=4242)");
  // The completing one carries the whole datagram after its own header.
  EXPECT_EQ(c.protocols(), "eth:ip:udp:dns");
  EXPECT_EQ(c.field("ip.frag_offset"), "101") << "the header stays the fragment's own";
  EXPECT_EQ(c.field("ip.len"), "828");
  EXPECT_EQ(c.field("udp.length"), std::to_string(dgram.size()));
  EXPECT_EQ(c.field("dns.qry.name"), "www.example.com");
  EXPECT_EQ(c.field("ip.fragment"), "2,3,1") << "frames by offset";
  EXPECT_EQ(c.field("ip.fragment.count"), "3");
  EXPECT_EQ(c.field("ip.reassembled.length"), std::to_string(dgram.size()));
  std::string hexdata;
  for (uint8_t x : dgram) hexdata += "0123456789abcdef"[x >> 4], hexdata += "0123456789abcdef"[x & 15];
  EXPECT_EQ(c.field("ip.reassembled.data"), hexdata);
  EXPECT_EQ(c->caplen(), 14 + 20 + dgram.size()) << "frame headers then the datagram";
  EXPECT_EQ(c->pkt->caplen, f[1].size()) << "the frame itself is untouched";
  EXPECT_EQ(r.r.completed(), 1u);
}

TEST(Defrag, IncompleteDatagramsStayFragmentsAndOffShowsEachOnItsOwn) {
  auto f = v4_fragments(dns_payload(), 7, 808);
  Feed r;
  r.add(f[0]);
  Decoded& last = r.add(f[2]);
  EXPECT_EQ(last.protocols(), "eth:ip:data") << "the middle one never came";
  EXPECT_EQ(r.r.completed(), 0u);

  Feed off;
  off.r.set(false, true);
  Decoded& first = off.add(f[0]);
  EXPECT_EQ(first.protocols(), "eth:ip:udp:dns") << "reassembly off: the first fragment's UDP";
  off.add(f[1]);
  Decoded& third = off.add(f[2]);
  EXPECT_EQ(third.protocols(), "eth:ip:data");
  EXPECT_EQ(off.r.stored(), 0u);
}

TEST(Defrag, TruncatedFragmentsAndQuotedOnesAreNotTaken) {
  auto f = v4_fragments(dns_payload(), 8, 808);
  Feed r;
  Decoded& cut = r.add(f[0], 200);  // snap length: its payload is not all there
  EXPECT_EQ(cut.protocols(), "eth:ip:udp:dns");
  r.add(f[1]);
  Decoded& last = r.add(f[2]);
  EXPECT_EQ(last.protocols(), "eth:ip:data") << "the cut first fragment was not stored";
  EXPECT_EQ(r.r.stored(), 2u);

  // A fragment quoted in an ICMP error is never taken.
  Bytes inner(f[0].begin() + 14, f[0].begin() + 14 + 20 + 8);
  Bytes icmp = hex("0304 0000 0000 05dc");
  Bytes err = eth(0x0800, ipv4("198.18.5.2", "198.18.5.1", 1, cat(icmp, inner)));
  Feed q;
  q.add(err);
  EXPECT_EQ(q.r.stored(), 0u);
}

TEST(Defrag, RepeatedFragmentIsListedAndTheLeastRecentlyUsedDatagramGivesWay) {
  auto f = v4_fragments(dns_payload(), 9, 1024);
  ASSERT_EQ(f.size(), 2u);
  Feed r;
  r.add(f[0]);
  r.add(f[0]);
  Decoded& done = r.add(f[1]);
  EXPECT_EQ(done.field("ip.fragment"), "1,2,3");
  EXPECT_EQ(done.protocols(), "eth:ip:udp:dns");

  // kSlots datagrams in progress; one more pushes out the oldest (id 100).
  Feed e;
  std::vector<std::vector<Bytes>> all;
  for (int i = 0; i <= Defragmenter::kSlots; ++i) all.push_back(v4_fragments(dns_payload(), uint16_t(100 + i), 1024));
  for (auto& d : all) e.add(d[0]);
  Decoded& kept = e.add(all[1][1]);
  EXPECT_EQ(kept.protocols(), "eth:ip:udp:dns");
  Decoded& evicted = e.add(all[0][1]);
  EXPECT_EQ(evicted.protocols(), "eth:ip:data") << "its first fragment was dropped";
  // Same id, other source: another datagram.
  Feed s;
  s.add(v4_fragments(dns_payload(), 5, 1024, "198.18.5.1")[0]);
  Decoded& other = s.add(v4_fragments(dns_payload(), 5, 1024, "198.18.5.9")[1]);
  EXPECT_EQ(other.protocols(), "eth:ip:data");
}

TEST(Defrag, Ipv6FragmentsReassembleUnderTheFragmentHeader) {
  Bytes dgram = udp(5000, 6000, Bytes(1500, 0x61));
  Bytes p0(dgram.begin(), dgram.begin() + 1000), p1(dgram.begin() + 1000, dgram.end());
  Feed r;
  Decoded& a = r.add(v6_fragment(p1, 0xabcdef01, 1000, false, 17));
  EXPECT_EQ(a.protocols(), "eth:ipv6:ipv6.fraghdr:data");
  Decoded& b = r.add(v6_fragment(p0, 0xabcdef01, 0, true, 17));
  EXPECT_EQ(b.protocols(), "eth:ipv6:ipv6.fraghdr:udp:data");
  EXPECT_EQ(b.field("udp.length"), "1508");
  EXPECT_EQ(b.field("data.len"), "1500");
  EXPECT_EQ(b.field("ipv6.fragment"), "2,1");
  EXPECT_EQ(b.field("ipv6.reassembled.length"), "1508");
  EXPECT_EQ(b.field("ipv6.plen"), "1008") << "the header stays the fragment's own";
  EXPECT_EQ(b.field("ip.fragment"), "");

  Feed off;
  off.r.set(true, false);
  off.add(v6_fragment(p1, 1, 1000, false, 17));
  EXPECT_EQ(off.add(v6_fragment(p0, 1, 0, true, 17)).protocols(),
            "eth:ipv6:ipv6.fraghdr:udp:data");
  EXPECT_EQ(off.r.completed(), 0u);
}

}  // namespace
}  // namespace weir
