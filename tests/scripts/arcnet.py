"""Writes a capture of Linux ARCNET (link type 129): RFC 1051 ARP and IPv4
(ICMP), RFC 1201 IPv4 with its split flag and sequence number, IPv6, an
unknown protocol ID. Addresses from
198.18.0.0/15. Usage: arcnet.py OUT.pcap"""
import socket
import struct
import sys

from craft import ip4, write_pcap

A, B = "198.18.0.1", "198.18.0.2"


def arc(src, dst, prot, payload, rfc1201=None):
    hdr = bytes([src, dst]) + b"\x00\x00" + bytes([prot])
    if rfc1201 is not None:
        hdr += rfc1201
    return hdr + payload


arp = struct.pack("!HHBBH", 7, 0x0800, 1, 4, 1) + b"\xbe" + socket.inet_aton(A) + b"\x00" + socket.inet_aton(B)
echo = struct.pack("!BBHHH", 8, 0, 0, 1, 1) + b"abcd"
ip6 = struct.pack("!IHBB16s16s", 0x60000000, 0, 59, 64, socket.inet_pton(socket.AF_INET6, "2001:db8::1"),
                  socket.inet_pton(socket.AF_INET6, "2001:db8::2"))
frames = []
for f in (arc(0xBE, 0x00, 0xF1, arp),
          arc(0xBE, 0x50, 0xF0, ip4(A, B, 1, echo)),
          arc(0x50, 0xBE, 0xD4, ip4(B, A, 1, echo), rfc1201=b"\x00\x00\x07"),
          arc(0x50, 0xBE, 0xC4, ip6, rfc1201=b"\x00\x00\x09"),
          arc(0x50, 0xBE, 0x42, b"\x01\x02\x03\x04\x05\x06", rfc1201=b"\x00\x00\x0a")):
    frames.append((f, len(frames) * 0.01, None))

write_pcap(sys.argv[1], frames, linktype=129)
