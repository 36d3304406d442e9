// sFlow (src/decode/sflow.cpp): samples, records and the sampled frames
// decoded after the sFlow layer (tests/scripts/sflow.py is compared with
// tshark itself in cli_tshark.sh).
#include <gtest/gtest.h>

#include "decode/packet_builder.hpp"

namespace weir::testpkt {
namespace {

Bytes w(uint32_t v) {
  Bytes b;
  put32(b, v);
  return b;
}
Bytes words(std::initializer_list<uint32_t> v) {
  Bytes b;
  for (uint32_t x : v) put32(b, x);
  return b;
}
Bytes record(uint32_t fmt, const Bytes& data) { return cat(words({fmt, uint32_t(data.size())}), data); }
Bytes raw_header(const Bytes& frame) {
  Bytes padded = frame;
  while (padded.size() % 4) padded.push_back(0);
  return record(1, cat(words({1, uint32_t(frame.size() + 4), 4, uint32_t(frame.size())}), padded));
}
Bytes flow_sample(uint32_t seq, const std::vector<Bytes>& records) {
  Bytes body = words({seq, 7, 256, 1000, 0, 3, 4, uint32_t(records.size())});
  for (const Bytes& r : records) body = cat(body, r);
  return cat(words({1, uint32_t(body.size())}), body);
}
Bytes datagram(const std::vector<Bytes>& samples, uint32_t version = 5) {
  Bytes d = cat(words({version, 1}), hex("c6120001"));
  if (version == 5) d = cat(d, w(0));
  d = cat(d, words({9, 1000, uint32_t(samples.size())}));
  for (const Bytes& s : samples) d = cat(d, s);
  return eth(0x0800, ipv4("198.18.0.1", "198.18.0.2", 17, udp(40000, 6343, d)));
}

const Bytes kInner = eth(0x0800, ipv4("198.18.9.1", "198.18.9.2", 6, tcp(1234, 80, {})));

TEST(Sflow, SampledFramesFollowTheSflowLayer) {
  Decoded d(datagram({flow_sample(1, {raw_header(kInner)}), flow_sample(2, {raw_header(kInner), raw_header(kInner)})}));
  EXPECT_EQ(d.protocols(), "eth:ip:udp:sflow:eth:ip:tcp:eth:ip:tcp:eth:ip:tcp");
  EXPECT_EQ(d.info(Proto::Sflow), "V5, agent 198.18.0.1, sub-agent ID 0, seq 9, 2 samples");
  EXPECT_EQ(d.field("sflow.flow_sample.sequence_number"), "1,2");
  EXPECT_EQ(d.field("sflow.flow_sample.flow_record"), "1,2");
  EXPECT_EQ(d.field("sflow_245.header_protocol"), "1,1,1");
  EXPECT_EQ(d.field("ip.src"), "198.18.0.1,198.18.9.1,198.18.9.1,198.18.9.1");
  EXPECT_EQ(d.field("tcp.dstport"), "80,80,80");
}

TEST(Sflow, CutSampledHeadersRecordNoAnomaly) {
  Bytes cut(kInner.begin(), kInner.begin() + 40);  // inside the TCP header
  Decoded d(datagram({flow_sample(1, {raw_header(cut)})}));
  EXPECT_EQ(d.protocols(), "eth:ip:udp:sflow:eth:ip:tcp");
  EXPECT_EQ(d.anomalies(), "");
}

TEST(Sflow, CountersAndVersion4) {
  Bytes generic = record(1, cat(cat(words({3, 6}), hex("00000002540be400")), words({1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})));
  Bytes counters = cat(words({2, uint32_t(12 + generic.size())}), cat(words({5, 3, 1}), generic));
  Decoded d(datagram({counters}));
  EXPECT_EQ(d.protocols(), "eth:ip:udp:sflow");
  EXPECT_EQ(d.field("sflow_245.ifspeed"), "10000000000");
  EXPECT_EQ(d.field("sflow_245.ifadmin_status"), "1");
  EXPECT_EQ(d.field("sflow_245.ifoper_status"), "1");
  EXPECT_EQ(d.field("sflow_245.ifpromisc"), "1");
  EXPECT_EQ(d.field("sflow.counters_sample.counters_records"), "1");
  Decoded v4(datagram({}, 4));
  EXPECT_EQ(v4.info(Proto::Sflow), "V4, agent 198.18.0.1, seq 9, 0 samples");
  EXPECT_EQ(v4.field("sflow_245.sub_agent_id"), "");
}

TEST(Sflow, EveryPrefixDecodesSafely) {
  Bytes f = datagram({flow_sample(1, {raw_header(kInner)}), flow_sample(2, {raw_header(kInner)})});
  for (size_t n = 42; n <= f.size(); ++n) {
    Decoded d(f, linktype::kEthernet, uint32_t(n));
    (void)d.info(Proto::Sflow);
    (void)d.field("sflow_245.header");
    (void)d.field("sflow_5.flow_data_length");
  }
}

}  // namespace
}  // namespace weir::testpkt
