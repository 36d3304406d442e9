// Helpers to build DecodedPackets by hand, independent of the decoders.
#pragma once

#include <cstring>
#include <initializer_list>

#include "weir/decode.hpp"
#include "weir/layers.hpp"

namespace weir::testutil {

inline Layer& add_layer(DecodedPacket& d, Proto p) {
  Layer& l = d.layers[d.nlayers++];
  l.proto = p;
  l.truncated = 0;
  l.offset = 0;
  l.hdr_len = 0;
  l.payload_len = 0;
  std::memset(l.storage, 0, sizeof l.storage);
  return l;
}

inline void set_ip4(Layer& l, std::initializer_list<uint8_t> src, std::initializer_list<uint8_t> dst, uint8_t proto) {
  auto& f = l.as<Ipv4Fields>();
  f.version = 4;
  std::copy(src.begin(), src.end(), f.src);
  std::copy(dst.begin(), dst.end(), f.dst);
  f.proto = proto;
}

// eth / ipv4 / (tcp|udp) packet with the given endpoints.
inline void make_ip4_packet(DecodedPacket& d, const PacketView& pv, std::initializer_list<uint8_t> src,
                            std::initializer_list<uint8_t> dst, Proto l4, uint16_t sport, uint16_t dport) {
  d.pkt = &pv;
  d.nlayers = 0;
  d.nanomalies = 0;
  d.undecoded_link = false;
  add_layer(d, Proto::Eth);
  set_ip4(add_layer(d, Proto::Ipv4), src, dst, l4 == Proto::Tcp ? 6 : l4 == Proto::Udp ? 17 : 1);
  if (l4 == Proto::Tcp) {
    auto& t = add_layer(d, Proto::Tcp).as<TcpFields>();
    t.sport = sport;
    t.dport = dport;
  } else if (l4 == Proto::Udp) {
    auto& u = add_layer(d, Proto::Udp).as<UdpFields>();
    u.sport = sport;
    u.dport = dport;
  } else if (l4 != Proto::None) {
    add_layer(d, l4);
  }
}

}  // namespace weir::testutil
