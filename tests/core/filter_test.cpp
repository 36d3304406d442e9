#include "weir/filter.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace weir {
namespace {

// Ethernet + IPv4 + UDP 198.18.0.1:40000 -> 198.18.0.2:53 (checksums zero;
// BPF does not check them).
std::vector<uint8_t> udp_frame(uint16_t dport) {
  std::vector<uint8_t> f = {
      0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00,        // eth
      0x45, 0, 0, 28, 0, 1, 0, 0, 64, 17, 0, 0, 198, 18, 0, 1, 198, 18, 0, 2,  // ipv4
      0x9c, 0x40, uint8_t(dport >> 8), uint8_t(dport), 0, 8, 0, 0};   // udp
  return f;
}

PacketView view(const std::vector<uint8_t>& f, uint32_t lt = linktype::kEthernet) {
  PacketView v;
  v.data = f.data();
  v.caplen = v.origlen = uint32_t(f.size());
  v.linktype = lt;
  return v;
}

TEST(BpfFilter, EmptyMatchesEverything) {
  BpfFilter f;
  auto frame = udp_frame(53);
  EXPECT_TRUE(f.empty());
  EXPECT_TRUE(f.matches(view(frame)));
}

TEST(BpfFilter, MatchesByPortAndHost) {
  BpfFilter f;
  ASSERT_TRUE(f.set("udp and dst port 53").is_ok());
  auto dns = udp_frame(53);
  auto other = udp_frame(9);
  EXPECT_TRUE(f.matches(view(dns)));
  EXPECT_FALSE(f.matches(view(other)));
  ASSERT_TRUE(f.set("host 198.18.0.2").is_ok());
  EXPECT_TRUE(f.matches(view(other)));
  ASSERT_TRUE(f.set("host 198.18.0.3").is_ok());
  EXPECT_FALSE(f.matches(view(other)));
}

TEST(BpfFilter, CompilesPerLinkType) {
  BpfFilter f;
  ASSERT_TRUE(f.set("udp port 53").is_ok());
  auto eth = udp_frame(53);
  std::vector<uint8_t> raw(eth.begin() + 14, eth.end());
  EXPECT_TRUE(f.matches(view(raw, linktype::kRaw)));
  EXPECT_TRUE(f.matches(view(eth)));
  // "ether host" cannot apply to raw IP: never matches, never crashes.
  ASSERT_TRUE(f.set("ether host 02:00:00:00:00:02").is_ok());
  EXPECT_TRUE(f.matches(view(eth)));
  EXPECT_FALSE(f.matches(view(raw, linktype::kRaw)));
  Status err;
  EXPECT_EQ(f.program(linktype::kRaw, &err), nullptr);
  EXPECT_FALSE(err.is_ok());
}

TEST(BpfFilter, RejectsBadSyntaxWithMessage) {
  BpfFilter f;
  Status s = f.set("udp and and port");
  EXPECT_FALSE(s.is_ok());
  EXPECT_NE(s.message().find("udp and and port"), std::string::npos);
  EXPECT_TRUE(f.empty());
}

TEST(BpfFilter, TruncatedPacketIsSafe) {
  BpfFilter f;
  ASSERT_TRUE(f.set("udp port 53").is_ok());
  auto frame = udp_frame(53);
  for (size_t n = 0; n <= frame.size(); ++n) {
    PacketView v = view(frame);
    v.caplen = uint32_t(n);
    bool m = f.matches(v);
    if (n == frame.size()) {
      EXPECT_TRUE(m);
    }
    if (n < 38) {
      EXPECT_FALSE(m) << n;
    }
  }
}

}  // namespace
}  // namespace weir
