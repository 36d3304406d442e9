"""Writes a capture of crafted ARP frames (198.18.6.0/24) for cli_tshark.sh
to compare weir's ARP info texts and duplicate address detection with
tshark's: an address answered from a second MAC (reported with the frame
that had it and the seconds since), refreshes by the first MAC, a
gratuitous reply, a probe, an announcement, a non-Ethernet hardware type,
a non-IPv4 protocol type, reverse, DRARP and unknown opcodes."""
import socket
import struct
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from craft import write_pcap  # noqa: E402


def mac(s):
    return bytes.fromhex(s.replace(":", ""))


def arp(op, sha, spa, tha, tpa, htype=1, ptype=0x0800, hlen=6, plen=4, src=None):
    ip = lambda a: socket.inet_aton(a) if isinstance(a, str) else a  # noqa: E731
    body = struct.pack("!HHBBH", htype, ptype, hlen, plen, op) + mac(sha)[:hlen] + ip(spa) + mac(tha)[:hlen] + ip(tpa)
    eth = b"\xff" * 6 + mac(src or sha) + b"\x08\x06"
    frame = eth + body
    return frame + b"\0" * max(0, 60 - len(frame))


A, B, C = "02:00:00:00:00:0a", "02:00:00:00:00:0b", "02:00:00:00:00:0c"
Z = "00:00:00:00:00:00"
frames = [
    (arp(1, A, "198.18.6.1", Z, "198.18.6.9"), 0.0),
    (arp(2, B, "198.18.6.9", A, "198.18.6.1"), 1.0),
    (arp(1, A, "198.18.6.1", Z, "198.18.6.9"), 2.5),      # refresh of .1 by A
    (arp(2, C, "198.18.6.9", A, "198.18.6.1"), 4.0),      # .9 from C: duplicate of frame 2
    (arp(1, C, "198.18.6.1", Z, "198.18.6.9"), 7.2),      # .1 from C: duplicate of frame 3
    (arp(2, B, "198.18.6.9", A, "198.18.6.1"), 9.0),      # .9 again from B: refresh
    (arp(2, C, "198.18.6.9", C, "198.18.6.9"), 12.0),     # gratuitous reply from C: one report
    (arp(1, A, "198.18.6.5", Z, "198.18.6.5"), 13.0),     # announcement
    (arp(1, A, "0.0.0.0", Z, "198.18.6.7"), 14.0),        # probe
    (arp(1, A, "198.18.6.1", Z, "198.18.6.2", htype=6), 15.0),            # IEEE 802 hardware
    (arp(1, A, b"\xc6\x12\x06\x01", Z, b"\xc6\x12\x06\x02", ptype=0x0801), 16.0),  # not IPv4
    (arp(3, A, "198.18.6.1", A, "0.0.0.0"), 17.0),        # reverse request
    (arp(5, A, "198.18.6.1", B, "0.0.0.0"), 18.0),        # DRARP request
    (arp(0x2500, A, "198.18.6.1", B, "198.18.6.2"), 19.0),  # unknown opcode
    (arp(0, A, "198.18.6.1", B, "198.18.6.2"), 20.0),     # reserved opcode
]
write_pcap(sys.argv[1], [(f, t, None) for f, t in frames])
