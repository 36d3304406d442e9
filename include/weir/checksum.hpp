// Internet checksums (RFC 1071) for packets weir modifies in flight. The
// helpers work on raw IP packets (IPv4 or IPv6, no link header), never read
// outside [pkt, pkt+len) and never allocate.
#pragma once

#include <cstddef>
#include <cstdint>

namespace weir::csum {

// One's-complement sum of n bytes added to `sum` (not folded).
uint32_t partial(const uint8_t* p, size_t n, uint32_t sum = 0);
// Folds a partial sum and complements it: the value to store in a header.
uint16_t finish(uint32_t sum);

// What fix_ip_packet() did.
enum class FixResult : uint8_t {
  Ok,            // IP header and transport checksum recomputed
  IpOnly,        // IP header fixed; transport left alone (fragment or unknown protocol)
  Malformed,     // not a valid IPv4/IPv6 packet of this length; nothing written
};

// Recomputes the checksums of a raw IP packet of `len` bytes after it was
// modified: IPv4 header checksum, and the TCP, UDP, ICMP or ICMPv6 checksum.
// With update_lengths, IPv4 total length, IPv6 payload length and UDP length
// are first set from `len` (use it when a change altered the packet length).
// With l4_partial (for a CHECKSUM_PARTIAL skb whose transport checksum the
// stack or NIC completes later), the TCP/UDP checksum field gets the folded
// pseudo-header sum instead of the full checksum. NFQUEUE verdicts do NOT
// want this: the kernel marks a modified packet CHECKSUM_NONE, so packets
// handed back modified need full checksums even when NFQA_SKB_CSUMNOTREADY
// was set on them.
FixResult fix_ip_packet(uint8_t* pkt, size_t len, bool update_lengths = true, bool l4_partial = false);

// True when the IPv4 header checksum and the transport checksum (TCP, UDP,
// ICMP, ICMPv6) are valid. A UDP/IPv4 checksum of 0 (none) counts as valid.
// Fragments are checked for the IP header only.
bool verify_ip_packet(const uint8_t* pkt, size_t len);

}  // namespace weir::csum
