// DHCP/BOOTP decoder: fixed header, magic cookie, options, and tshark 4.0's
// behaviour on truncated options.
#include <gtest/gtest.h>

#include "decode/packet_builder.hpp"

namespace weir::testpkt {
namespace {

Bytes bootp(uint8_t op, uint32_t xid, const Bytes& options, uint8_t hlen = 6, bool cookie = true) {
  Bytes b = {op, 1, hlen, 0};
  put32(b, xid);
  put16(b, 3);       // secs
  put16(b, 0x8000);  // broadcast flag
  Bytes addrs = hex("00000000 c6120005 c6120001 00000000");  // ciaddr yiaddr siaddr giaddr
  b = cat(b, addrs);
  Bytes chaddr = hex("021122334455");
  chaddr.resize(16);
  b = cat(b, chaddr);
  Bytes sname(64), file(128);
  std::memcpy(sname.data(), "boot.example", 12);
  b = cat(b, cat(sname, file));
  b = cat(b, cookie ? hex("63825363") : hex("01020304"));
  return cat(b, options);
}

Bytes discover_options() {
  return cat(hex("350101"                  // 53: Discover
                 "3d0701021122334455"      // 61: client id, Ethernet MAC
                 "0c04686f7374"            // 12: "host"
                 "3204c6120009"            // 50: requested 198.18.0.9
                 "370401030f06"),          // 55: parameter request list
             hex("ff0000"));               // end + padding
}

Bytes frame(const Bytes& payload, bool reply = false) {
  return reply ? eth_ipv4_udp("198.18.0.1", 67, "198.18.0.5", 68, payload)
               : eth_ipv4_udp("0.0.0.0", 68, "255.255.255.255", 67, payload);
}

TEST(Dhcp, Discover) {
  Decoded d(frame(bootp(1, 0x0abcdef1, discover_options())));
  EXPECT_EQ(d.protocols(), "eth:ip:udp:dhcp");
  EXPECT_EQ(d.field("dhcp.type"), "1");
  EXPECT_EQ(d.field("dhcp.id"), "0x0abcdef1");
  EXPECT_EQ(d.field("dhcp.flags"), "0x8000");
  EXPECT_EQ(d.field("dhcp.flags.bc"), "1");
  EXPECT_EQ(d.field("dhcp.ip.your"), "198.18.0.5");
  EXPECT_EQ(d.field("dhcp.ip.server"), "198.18.0.1");
  // The client identifier option repeats hw type and MAC, as in tshark.
  EXPECT_EQ(d.field("dhcp.hw.type"), "0x01,0x01");
  EXPECT_EQ(d.field("dhcp.hw.mac_addr"), "02:11:22:33:44:55,02:11:22:33:44:55");
  EXPECT_EQ(d.field("dhcp.hw.addr_padding"), "00000000000000000000");
  EXPECT_EQ(d.field("dhcp.server"), "boot.example");
  EXPECT_EQ(d.field("dhcp.file"), "");
  EXPECT_EQ(d.field("dhcp.cookie"), "99.130.83.99");
  EXPECT_EQ(d.field("dhcp.option.type"), "53,61,12,50,55,0");  // End shows as 0
  EXPECT_EQ(d.field("dhcp.option.length"), "1,7,4,4,4");
  EXPECT_EQ(d.field("dhcp.option.end"), "255");
  EXPECT_EQ(d.field("dhcp.option.padding"), "0000");
  EXPECT_EQ(d.field("dhcp.option.dhcp"), "1");
  EXPECT_EQ(d.field("dhcp.option.hostname"), "host");
  EXPECT_EQ(d.field("dhcp.option.requested_ip_address"), "198.18.0.9");
  EXPECT_EQ(d.info(Proto::Dhcp), "DHCP Discover - Transaction ID 0xabcdef1");
}

TEST(Dhcp, AckWithAddressOptions) {
  Bytes opts = hex("350105" "3604c6120001" "330400000e10" "0104ffffff00" "0308c6120001c6120002"
                   "0604c6120035" "0f076578616d706c65" "ff");
  Decoded d(frame(bootp(2, 0x11223344, opts), true));
  EXPECT_EQ(d.field("dhcp.type"), "2");
  EXPECT_EQ(d.field("dhcp.option.dhcp"), "5");
  EXPECT_EQ(d.field("dhcp.option.dhcp_server_id"), "198.18.0.1");
  EXPECT_EQ(d.field("dhcp.option.ip_address_lease_time"), "3600");
  EXPECT_EQ(d.field("dhcp.option.subnet_mask"), "255.255.255.0");
  EXPECT_EQ(d.field("dhcp.option.router"), "198.18.0.1,198.18.0.2");
  EXPECT_EQ(d.field("dhcp.option.domain_name_server"), "198.18.0.53");
  EXPECT_EQ(d.field("dhcp.option.domain_name"), "example");
  EXPECT_EQ(d.info(Proto::Dhcp), "DHCP ACK      - Transaction ID 0x11223344");
}

TEST(Dhcp, NonEthernetAddressAndBadCookie) {
  Decoded d(frame(bootp(1, 1, hex("350103ff"), 16)));
  EXPECT_EQ(d.field("dhcp.hw.mac_addr"), "");
  EXPECT_EQ(d.field("dhcp.hw.addr"), "02112233445500000000000000000000");
  Decoded nc(frame(bootp(1, 1, hex("350101ff"), 6, false)));
  EXPECT_EQ(nc.field("dhcp.cookie"), "");
  EXPECT_EQ(nc.field("dhcp.option.type"), "");
  EXPECT_EQ(nc.field("dhcp.server"), "boot.example");
  EXPECT_EQ(nc.info(Proto::Dhcp), "Boot Request from 02:11:22:33:44:55 (02:11:22:33:44:55)");
}

TEST(Dhcp, TruncatedOptionsFollowTshark) {
  // Option data running past the end of the datagram: type and length shown,
  // then dissection stops.
  Decoded a(frame(bootp(1, 1, hex("350102" "0c0a6162"))));
  EXPECT_EQ(a.field("dhcp.option.type"), "53,12");
  EXPECT_EQ(a.field("dhcp.option.length"), "1,10");
  EXPECT_EQ(a.field("dhcp.option.hostname"), "");
  EXPECT_EQ(a.field("dhcp.option.dhcp"), "2");
  // A length byte missing: the option is not shown.
  Decoded b(frame(bootp(1, 1, hex("350102" "0c"))));
  EXPECT_EQ(b.field("dhcp.option.type"), "53");
  // Capture cut (snaplen) inside the options: tshark shows no DHCP field.
  // (The first pass skips option 12's data but must read the End byte.)
  Bytes full = frame(bootp(1, 1, cat(cat(hex("350101" "0c1e"), Bytes(30, 'x')), hex("ff"))));
  Decoded snap(full, linktype::kEthernet, uint32_t(14 + 20 + 8 + 240 + 5));
  EXPECT_EQ(snap.field("dhcp.type"), "");
  EXPECT_EQ(snap.field("dhcp.hw.mac_addr"), "");
  EXPECT_TRUE(snap.has_anomaly("truncated_dhcp_options"));
  // Cut before the cookie (options area not on the wire past it): header
  // fields as far as captured.
  Decoded early(full, linktype::kEthernet, uint32_t(14 + 20 + 8 + 200));
  EXPECT_EQ(early.field("dhcp.id"), "0x00000001");
  EXPECT_EQ(early.field("dhcp.server"), "boot.example");
  EXPECT_EQ(early.field("dhcp.cookie"), "");
}

TEST(Dhcp, EveryPrefixDecodesSafely) {
  Bytes f = frame(bootp(1, 0x0abcdef1, discover_options()));
  EXPECT_EQ(decode_all_prefixes(f), f.size() + 1);
}

}  // namespace
}  // namespace weir::testpkt
