// OpenFlow (src/decode/openflow.cpp): messages per segment, info texts,
// fields, the frame of a PACKET_IN. Expected texts are tshark 4.0's (the
// crafted capture tests/scripts/openflow.py is compared with tshark itself
// in cli_tshark.sh; reassembly is in tests/engine/tcp_reasm_test.cpp).
#include <gtest/gtest.h>

#include <string>

#include "decode/packet_builder.hpp"

namespace weir::testpkt {
namespace {

Bytes msg(uint8_t version, uint8_t type, const Bytes& body = {}, uint8_t xid = 1) {
  size_t n = 8 + body.size();
  Bytes m{version, type, uint8_t(n >> 8), uint8_t(n), 0, 0, 0, xid};
  m.insert(m.end(), body.begin(), body.end());
  return m;
}

Bytes to_controller(const Bytes& payload) {
  return eth(0x0800, ipv4("198.18.7.1", "198.18.7.2", 6, tcp(40000, 6653, payload, {.seq = 1, .ack = 1})));
}

// The info text of the packet's top-most OpenFlow message.
std::string info(const Decoded& d) {
  for (int i = d->nlayers - 1; i >= 0; --i)
    if (openflow_message(d->layers[i].proto)) return d.info_at(i);
  return "<none>";
}

TEST(Openflow, MessagesOfASegmentAndTheLastOnesInfo) {
  Decoded d(to_controller(cat(msg(1, 0), cat(msg(4, 18, hex("000d 0000 00000000"), 2), msg(5, 30, {}, 3)))));
  EXPECT_EQ(d.protocols(), "eth:ip:tcp:openflow:openflow_v1:openflow_v4:openflow_v5");
  EXPECT_EQ(d.field("openflow_1_0.type"), "0");
  EXPECT_EQ(d.field("openflow.version"), "0x01");
  EXPECT_EQ(d.field("openflow_v4.multipart_request.type"), "13");
  EXPECT_EQ(d.field("openflow_v5.type"), "30");
  EXPECT_EQ(info(d), "Type: OFPT_ROLE_STATUS");
  EXPECT_EQ(d.info_at(5), "Type: OFPT_MULTIPART_REQUEST, OFPMP_PORT_DESC") << "1.3 names the multipart type";
}

TEST(Openflow, TypeNamesByVersion) {
  auto name = [](uint8_t v, uint8_t t) { return info(Decoded(to_controller(msg(v, t)))); };
  EXPECT_EQ(name(1, 4), "Type: OFPT_VENDOR");
  EXPECT_EQ(name(4, 4), "Type: OFPT_EXPERIMENTER");
  EXPECT_EQ(name(4, 22), "Type: OFPT_QUEUE_GET_CONFIG_REQUEST");
  EXPECT_EQ(name(5, 22), "Type: Unknown message type") << "1.4 dropped it";
  EXPECT_EQ(name(4, 30), "Type: Unknown message type");
  EXPECT_EQ(name(6, 35), "Type: OFPT_CONTROLLER_STATUS");
  EXPECT_EQ(name(1, 22), "Type: Unknown message type");
  Decoded u(to_controller(msg(4, 18, hex("0063 0000 00000000"))));
  EXPECT_EQ(info(u), "Type: OFPT_MULTIPART_REQUEST, Unknown type");
}

TEST(Openflow, UnsupportedVersionIsTheCallAlone) {
  Decoded d(to_controller(msg(2, 0)));
  EXPECT_EQ(d.protocols(), "eth:ip:tcp:openflow");
  EXPECT_EQ(d.field("openflow.version"), "0x02");
  EXPECT_EQ(d.info(Proto::Openflow), "");
}

TEST(Openflow, ErrorQuotesTheFailedHeader) {
  Decoded d(to_controller(msg(4, 1, cat(hex("0001 0001"), msg(4, 18, hex("0000 0000 00000000"), 9)))));
  EXPECT_EQ(d.field("openflow_v4.type"), "1,18");
  EXPECT_EQ(d.field("openflow_v4.xid"), "1,9");
  EXPECT_EQ(d.field("openflow_v4.multipart_request.type"), "0");
  Decoded hello(to_controller(msg(4, 1, cat(hex("0000 0001"), msg(4, 18, hex("0000 0000 00000000"), 9)))));
  EXPECT_EQ(hello.field("openflow_v4.type"), "1") << "HELLO_FAILED carries text";
}

TEST(Openflow, PacketInCarriesAFrame) {
  Bytes frame = eth(0x0800, ipv4("198.18.8.1", "198.18.8.2", 17, udp(33000, 33001, hex("01020304"))));
  Bytes pin = cat(hex("ffffffff 0000 0001 00 00"), frame);
  Decoded d(to_controller(cat(msg(1, 19), msg(1, 10, pin, 2))));
  EXPECT_EQ(d.protocols(), "eth:ip:tcp:openflow:openflow_v1:openflow_v1:eth:ip:udp:data");
  EXPECT_EQ(info(d), "Type: OFPT_PACKET_IN");
  EXPECT_EQ(d.field("udp.srcport"), "33000");
}

TEST(Openflow, EveryPrefixDecodesSafely) {
  Bytes f = to_controller(cat(msg(4, 1, cat(hex("0001 0001"), msg(4, 18, hex("0000 0000 00000000"), 9))), msg(1, 0)));
  EXPECT_EQ(decode_all_prefixes(f), f.size() + 1);
}

}  // namespace
}  // namespace weir::testpkt
