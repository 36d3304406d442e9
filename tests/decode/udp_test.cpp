// UDP.
#include <gtest/gtest.h>

#include "decode/net_samples.hpp"
#include "weir/format.hpp"

namespace weir::testpkt {
namespace {

TEST(Udp, Fields) {
  Decoded d(samples::udp_v4());
  EXPECT_EQ(d.field("udp.srcport"), "33333");
  EXPECT_EQ(d.field("udp.dstport"), "44444");
  EXPECT_EQ(d.field("udp.port"), "33333,44444");
  EXPECT_EQ(d.field("udp.length"), "18");
  EXPECT_EQ(d.info(Proto::Udp), "33333 → 44444 Len=10");
  const auto& u = d->layers[2].as<UdpFields>();
  EXPECT_EQ(u.length, 18);
  EXPECT_NE(u.checksum, 0);
  Bytes f = samples::udp_v4();
  EXPECT_EQ(fold(sum16(f.data() + 34, 18, pseudo4("198.18.0.1", "198.18.0.2", 17, 18))), 0);
  EXPECT_EQ(d.field("udp.checksum"), fmt::hex(u.checksum, 4).view());
}

TEST(Udp, LowerPortIsTriedFirst) {
  // 4789 is VXLAN; with a lower unregistered port on the other side the
  // higher (registered) one is used.
  Bytes vx = samples::vxlan_tcp();
  Decoded d(vx);
  EXPECT_EQ(d.protocols(), "eth:ip:udp:vxlan:eth:ip:tcp:data");
  // Source 4789 towards a lower registered port would go to that port's
  // protocol; towards a high ephemeral port it is still VXLAN.
  Bytes inner(vx.begin() + 42, vx.end());
  Decoded r(eth(0x0800, ipv4("198.18.4.2", "198.18.4.1", 17, udp(4789, 60000, inner))));
  EXPECT_EQ(r.field("vxlan.vni"), "4822");
}

TEST(Udp, BadLength) {
  Bytes f = samples::udp_v4();
  f[34 + 4] = 0;
  f[34 + 5] = 4;  // < 8
  Decoded d(f);
  EXPECT_TRUE(d.has_anomaly("bad_udp_length"));
  EXPECT_EQ(d.field("udp.length"), "4");
  EXPECT_EQ(d.protocols(), "eth:ip:udp");
  f[34 + 5] = 200;  // beyond the IP payload
  Decoded big(f);
  EXPECT_TRUE(big.has_anomaly("bad_udp_length"));
}

TEST(Udp, ZeroLengthIsJumboOnlyOverIpv6) {
  Bytes v4 = samples::udp_v4();
  v4[34 + 4] = v4[34 + 5] = 0;
  EXPECT_TRUE(Decoded(v4).has_anomaly("bad_udp_length"));
  Bytes v6 = eth_ipv6_udp("2001:db8::1", 1, "2001:db8::2", 2, bytes("jumbo"));
  v6[54 + 4] = v6[54 + 5] = 0;
  Decoded d(v6);
  EXPECT_EQ(d.anomalies(), "");
  EXPECT_EQ(d.protocols(), "eth:ipv6:udp:data");
}

TEST(Udp, Truncated) {
  Decoded d(samples::udp_v4(), linktype::kEthernet, 34 + 5);
  EXPECT_TRUE(d.has_anomaly("truncated_udp_header"));
  EXPECT_EQ(d.field("udp.dstport"), "44444");
  EXPECT_EQ(d.field("udp.length"), "");
  // Cut short of 4 bytes: tshark reads both ports before showing either.
  Decoded three(samples::udp_v4(), linktype::kEthernet, 34 + 3);
  EXPECT_TRUE(three.has_anomaly("truncated_udp_header"));
  EXPECT_EQ(three.field("udp.srcport"), "");
  EXPECT_EQ(three.info(Proto::Udp), "");
}

}  // namespace
}  // namespace weir::testpkt
