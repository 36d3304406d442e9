// The decode loop and registry, exercised with toy protocols so the test
// does not depend on the real decoders.
#include <gtest/gtest.h>

#include "weir/decode.hpp"

namespace weir {
namespace {

// Toy "Eth": 2-byte header whose value is the next EtherType key.
void toy_outer(const DecodeInput& in, Layer& l, DecodeResult& r) {
  ByteCursor c = in.cursor();
  uint16_t next;
  if (!c.be16(next)) {
    r.anomaly = "truncated_toy_header";
    r.stop = true;
    l.truncated = 1;
    return;
  }
  l.hdr_len = 2;
  l.payload_len = in.avail - 2;
  r.next = Table::EtherType;
  r.key1 = next;
}

void toy_data(const DecodeInput& in, Layer& l, DecodeResult& r) {
  l.hdr_len = in.avail;
  r.stop = true;
}

Registry make() {
  Registry r;
  r.add_proto({Proto::Eth, "toy", "Toy", toy_outer, nullptr});
  r.add_proto({Proto::Data, "data", "Data", toy_data, nullptr});
  r.add_dispatch(Table::LinkType, 1, Proto::Eth);
  r.add_dispatch(Table::EtherType, 0x1111, Proto::Eth);
  return r;
}

TEST(Registry, DispatchesThroughTables) {
  static Registry reg = make();
  const uint8_t bytes[] = {0x11, 0x11, 0x11, 0x11, 0x22, 0x22, 0xde, 0xad};
  PacketView v{bytes, sizeof bytes, sizeof bytes};
  DecodedPacket d;
  decode_packet(reg, v, d);
  ASSERT_EQ(d.nlayers, 4);  // toy, toy, toy (key 0x2222 unknown) -> data
  EXPECT_EQ(d.layers[0].offset, 0u);
  EXPECT_EQ(d.layers[1].offset, 2u);
  EXPECT_EQ(d.layers[2].offset, 4u);
  EXPECT_EQ(d.layers[3].proto, Proto::Data);
  EXPECT_EQ(d.layers[3].hdr_len, 2u);
  EXPECT_EQ(d.nanomalies, 0);
  EXPECT_EQ(d.find_last(Proto::Eth), 2);
}

TEST(Registry, DepthLimitStopsLoops) {
  static Registry reg = make();
  uint8_t bytes[200];
  for (size_t i = 0; i < sizeof bytes; i += 2) bytes[i] = bytes[i + 1] = 0x11;
  PacketView v{bytes, sizeof bytes, sizeof bytes};
  DecodedPacket d;
  decode_packet(reg, v, d);
  EXPECT_EQ(d.nlayers, DecodedPacket::kMaxLayers);
  ASSERT_EQ(d.nanomalies, 1);
  EXPECT_STREQ(d.anomalies[0], "decode_depth_exceeded");
}

TEST(Registry, TruncationBecomesAnomaly) {
  static Registry reg = make();
  const uint8_t bytes[] = {0x11, 0x11, 0x11};
  PacketView v{bytes, sizeof bytes, 60};
  DecodedPacket d;
  decode_packet(reg, v, d);
  ASSERT_EQ(d.nlayers, 2);
  EXPECT_EQ(d.layers[1].truncated, 1);
  ASSERT_EQ(d.nanomalies, 1);
  EXPECT_STREQ(d.anomalies[0], "truncated_toy_header");
}

TEST(Registry, UnknownLinkTypeIsUndecodedNotACrash) {
  static Registry reg = make();
  const uint8_t bytes[] = {1, 2, 3};
  PacketView v{bytes, sizeof bytes, sizeof bytes};
  v.linktype = 147;
  DecodedPacket d;
  decode_packet(reg, v, d);
  EXPECT_TRUE(d.undecoded_link);
  ASSERT_EQ(d.nlayers, 1);
  EXPECT_EQ(d.layers[0].proto, Proto::Data);
}

TEST(Registry, FieldsAreFoundByName) {
  const Registry& reg = Registry::builtin();
  const FieldDef* f = reg.field("frame.len");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->proto, Proto::Frame);
  EXPECT_EQ(reg.field("no.such.field"), nullptr);
}

}  // namespace
}  // namespace weir
