// Internal helpers shared by the rtnetlink adapter code and AF_PACKET.
#pragma once

#include <cstdint>

namespace weir {

// pcap LINKTYPE_* that a capture on an interface of this ARPHRD_* type yields
// (Ethernet for ether/loopback, raw IP for tun-like devices, cooked SLL2 for
// everything else).
uint32_t linktype_for_arphrd(int arphrd);

}  // namespace weir
