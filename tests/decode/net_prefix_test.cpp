// Robustness of the link/network/transport decoders and the control and
// routing protocols (ctl_samples.hpp): every prefix of every
// sample frame (caplen 0..len) and every single-byte corruption (0x00, 0xff)
// must decode without crashing, emit every field and info text, and never
// claim more bytes than were captured. ASan/UBSan builds check the reads.
#include <gtest/gtest.h>

#include "decode/ctl_samples.hpp"
#include "decode/net_samples.hpp"

namespace weir::testpkt {
namespace {

// The link/network/transport samples and the control/routing ones.
std::vector<samples::Sample> every_sample() {
  auto v = samples::all();
  for (auto& s : ctl::all()) v.push_back(s);
  return v;
}

void check_layers_in_bounds(const Decoded& d, const std::string& name) {
  const DecodedPacket& p = d.pkt();
  ASSERT_LE(p.nlayers, DecodedPacket::kMaxLayers);
  for (int i = 0; i < p.nlayers; ++i) {
    const Layer& l = p.layers[i];
    ASSERT_LE(l.offset, p.caplen()) << name << " layer " << i;
    ASSERT_LE(l.offset + uint64_t(l.hdr_len), uint64_t(p.caplen())) << name << " layer " << i;
  }
}

TEST(NetPrefixes, EveryPrefixOfEverySampleDecodes) {
  size_t decoded = 0;
  for (const auto& s : every_sample()) {
    decoded += decode_all_prefixes(s.frame, s.linktype);
    for (uint32_t len = 0; len <= s.frame.size(); ++len) {
      Decoded d(s.frame, s.linktype, len);
      check_layers_in_bounds(d, s.name + " prefix " + std::to_string(len));
      // An empty capture yields just the first (truncated) layer.
      if (len == 0) {
        EXPECT_EQ(d->nlayers, 1) << s.name;
      }
    }
  }
  EXPECT_GT(decoded, 3000u);
}

TEST(NetPrefixes, SingleByteCorruptionsDecode) {
  for (const auto& s : every_sample()) {
    for (size_t i = 0; i < s.frame.size(); ++i) {
      for (uint8_t v : {uint8_t(0x00), uint8_t(0xff), uint8_t(s.frame[i] ^ 0x0f)}) {
        Bytes f = s.frame;
        f[i] = v;
        Decoded d(f, s.linktype);
        check_layers_in_bounds(d, s.name + " byte " + std::to_string(i));
        decode_all_prefixes(Bytes(f.begin(), f.begin() + std::min<size_t>(f.size(), i + 3)), s.linktype);
      }
    }
  }
}

TEST(NetPrefixes, FullSamplesHaveNoAnomalies) {
  for (const auto& s : every_sample()) {
    Decoded d(s.frame, s.linktype);
    EXPECT_EQ(d.anomalies(), "") << s.name << " decoded as " << d.protocols();
  }
}

}  // namespace
}  // namespace weir::testpkt
