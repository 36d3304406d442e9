// Checksum helper against packets whose checksums tshark 4.0 reports as
// "Good" (generated once with an independent Python implementation and
// checked with `tshark -o ip.check_checksum:TRUE ...`).
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "weir/checksum.hpp"

namespace {

// udp4
const uint8_t k_udp4[] = {0x45, 0x00, 0x00, 0x2b, 0x12, 0x34, 0x40, 0x00, 0x40, 0x11, 0x9b, 0x66, 0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12, 0x01, 0x02, 0x9c, 0x40, 0x00, 0x35, 0x00, 0x17, 0x0b, 0x73, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x20, 0x77, 0x65, 0x69, 0x72, 0x20, 0x75, 0x64, 0x70, 0x21};
// tcp4
const uint8_t k_tcp4[] = {0x45, 0x00, 0x00, 0x3a, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06, 0x9b, 0x62, 0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12, 0x01, 0x02, 0x9c, 0x41, 0x00, 0x50, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x07, 0xd0, 0x50, 0x18, 0xff, 0xff, 0x9b, 0xa9, 0x00, 0x00, 0x47, 0x45, 0x54, 0x20, 0x2f, 0x20, 0x48, 0x54, 0x54, 0x50, 0x2f, 0x31, 0x2e, 0x30, 0x0d, 0x0a, 0x0d, 0x0a};
// icmp4
const uint8_t k_icmp4[] = {0x45, 0x00, 0x00, 0x25, 0x12, 0x34, 0x40, 0x00, 0x40, 0x01, 0x9b, 0x7c, 0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12, 0x01, 0x02, 0x08, 0x00, 0x1f, 0x64, 0x00, 0x07, 0x00, 0x01, 0x70, 0x69, 0x6e, 0x67, 0x64, 0x61, 0x74, 0x61, 0x21};
// udp6
const uint8_t k_udp6[] = {0x60, 0x00, 0x00, 0x00, 0x00, 0x13, 0x11, 0x40, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x9c, 0x40, 0x00, 0x35, 0x00, 0x13, 0xc9, 0x45, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x20, 0x76, 0x36, 0x20, 0x6f, 0x64};
// tcp6
const uint8_t k_tcp6[] = {0x60, 0x00, 0x00, 0x00, 0x00, 0x14, 0x06, 0x40, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x9c, 0x41, 0x01, 0xbb, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x50, 0x02, 0xfa, 0xf0, 0xbb, 0x7f, 0x00, 0x00};
// icmp6
const uint8_t k_icmp6[] = {0x60, 0x00, 0x00, 0x00, 0x00, 0x0b, 0x3a, 0x40, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x80, 0x00, 0x5f, 0xd7, 0x00, 0x09, 0x00, 0x02, 0x61, 0x62, 0x63};

struct Known {
  const char* name;
  const uint8_t* p;
  size_t n;
  size_t csum_off;  // offset of the transport checksum field
};

const Known kPackets[] = {
    {"udp4", k_udp4, sizeof k_udp4, 20 + 6},   {"tcp4", k_tcp4, sizeof k_tcp4, 20 + 16},
    {"icmp4", k_icmp4, sizeof k_icmp4, 20 + 2}, {"udp6", k_udp6, sizeof k_udp6, 40 + 6},
    {"tcp6", k_tcp6, sizeof k_tcp6, 40 + 16},   {"icmp6", k_icmp6, sizeof k_icmp6, 40 + 2},
};

TEST(Checksum, KnownGoodPacketsVerify) {
  for (const auto& k : kPackets) EXPECT_TRUE(weir::csum::verify_ip_packet(k.p, k.n)) << k.name;
}

TEST(Checksum, Ipv4HeaderRfc1071Example) {
  // The classic example header; its checksum is 0xb861.
  uint8_t h[20] = {0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
                   0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};
  EXPECT_EQ(weir::csum::finish(weir::csum::partial(h, 20)), 0xb861);
}

TEST(Checksum, FixRestoresZeroedChecksums) {
  for (const auto& k : kPackets) {
    std::vector<uint8_t> b(k.p, k.p + k.n);
    b[k.csum_off] = b[k.csum_off + 1] = 0;
    if ((b[0] >> 4) == 4) b[10] = b[11] = 0;
    EXPECT_FALSE(weir::csum::verify_ip_packet(b.data(), b.size())) << k.name;
    EXPECT_EQ(weir::csum::fix_ip_packet(b.data(), b.size()), weir::csum::FixResult::Ok) << k.name;
    EXPECT_EQ(0, std::memcmp(b.data(), k.p, k.n)) << k.name;
  }
}

TEST(Checksum, DetectsCorruptedPayload) {
  for (const auto& k : kPackets) {
    std::vector<uint8_t> b(k.p, k.p + k.n);
    b.back() ^= 0x5a;
    EXPECT_FALSE(weir::csum::verify_ip_packet(b.data(), b.size())) << k.name;
  }
}

TEST(Checksum, RewriteAddressAndGrowPayload) {
  // Change the IPv4 destination and append 5 bytes to the UDP payload.
  std::vector<uint8_t> b(k_udp4, k_udp4 + sizeof k_udp4);
  b[19] = 9;
  for (int i = 0; i < 5; ++i) b.push_back(uint8_t('a' + i));
  EXPECT_EQ(weir::csum::fix_ip_packet(b.data(), b.size()), weir::csum::FixResult::Ok);
  EXPECT_TRUE(weir::csum::verify_ip_packet(b.data(), b.size()));
  EXPECT_EQ((b[2] << 8 | b[3]), int(b.size()));            // IPv4 total length
  EXPECT_EQ((b[24] << 8 | b[25]), int(b.size() - 20));     // UDP length
  // Shrink an IPv6 TCP packet is not possible below its header, but growing works.
  std::vector<uint8_t> t(k_tcp6, k_tcp6 + sizeof k_tcp6);
  t.insert(t.end(), {'x', 'y', 'z'});
  EXPECT_EQ(weir::csum::fix_ip_packet(t.data(), t.size()), weir::csum::FixResult::Ok);
  EXPECT_TRUE(weir::csum::verify_ip_packet(t.data(), t.size()));
  EXPECT_EQ((t[4] << 8 | t[5]), int(t.size() - 40));
}

TEST(Checksum, PartialModeStoresPseudoHeaderSum) {
  // CHECKSUM_PARTIAL completion: sum the transport bytes with the stored
  // pseudo-header sum and complement; the result must be the good checksum.
  std::vector<uint8_t> b(k_tcp4, k_tcp4 + sizeof k_tcp4);
  EXPECT_EQ(weir::csum::fix_ip_packet(b.data(), b.size(), true, true), weir::csum::FixResult::Ok);
  uint16_t done = weir::csum::finish(weir::csum::partial(b.data() + 20, b.size() - 20));
  EXPECT_EQ(done, (k_tcp4[36] << 8 | k_tcp4[37]));
}

TEST(Checksum, UdpZeroChecksumIsValidOnIpv4) {
  std::vector<uint8_t> b(k_udp4, k_udp4 + sizeof k_udp4);
  b[26] = b[27] = 0;
  EXPECT_TRUE(weir::csum::verify_ip_packet(b.data(), b.size()));
}

TEST(Checksum, FragmentsGetHeaderOnly) {
  std::vector<uint8_t> b(k_udp4, k_udp4 + sizeof k_udp4);
  b[6] = 0x20;  // MF
  b[7] = 0;
  uint8_t before[2] = {b[26], b[27]};
  EXPECT_EQ(weir::csum::fix_ip_packet(b.data(), b.size()), weir::csum::FixResult::IpOnly);
  EXPECT_EQ(b[26], before[0]);
  EXPECT_EQ(b[27], before[1]);
  EXPECT_TRUE(weir::csum::verify_ip_packet(b.data(), b.size()));
}

TEST(Checksum, RoutingHeaderWithSegmentsLeftIsLeftAlone) {
  // udp6 behind a routing header (type 4, 1 segment left): the pseudo-header
  // would need the final destination inside it, so the UDP checksum stays.
  std::vector<uint8_t> b(k_udp6, k_udp6 + 40);
  b[6] = 43;
  const uint8_t rh[8] = {17, 0, 4, 1, 0, 0, 0, 0};  // next: UDP; len 0 (8 bytes); SRH; segments left 1
  b.insert(b.end(), rh, rh + 8);
  b.insert(b.end(), k_udp6 + 40, k_udp6 + sizeof k_udp6);
  b[5] = uint8_t(b[5] + 8);  // payload length
  uint8_t before[2] = {b[48 + 6], b[48 + 7]};
  EXPECT_EQ(weir::csum::fix_ip_packet(b.data(), b.size()), weir::csum::FixResult::IpOnly);
  EXPECT_EQ(b[48 + 6], before[0]);
  EXPECT_EQ(b[48 + 7], before[1]);
}

TEST(Checksum, MalformedInputNeverWritesOrReadsPast) {
  for (const auto& k : kPackets) {
    for (size_t n = 0; n < 20; ++n) {
      std::vector<uint8_t> b(k.p, k.p + n);  // truncated header
      std::vector<uint8_t> copy = b;
      EXPECT_EQ(weir::csum::fix_ip_packet(b.data(), b.size(), false), weir::csum::FixResult::Malformed);
      EXPECT_EQ(b, copy);
      EXPECT_FALSE(weir::csum::verify_ip_packet(b.data(), b.size()));
    }
  }
  // IPv4 header length field larger than the packet.
  std::vector<uint8_t> b(k_tcp4, k_tcp4 + sizeof k_tcp4);
  b[0] = 0x4f;
  EXPECT_EQ(weir::csum::fix_ip_packet(b.data(), 40, false), weir::csum::FixResult::Malformed);
  uint8_t junk[40] = {0x70};
  EXPECT_EQ(weir::csum::fix_ip_packet(junk, sizeof junk), weir::csum::FixResult::Malformed);
}

}  // namespace
