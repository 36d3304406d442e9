#!/usr/bin/env python3
"""Writes a pcap of TCP corner cases for the conversation tracker
(engine/streams.hpp): headers quoted in ICMP errors, IP fragments, port
reuse against a base set by the other side's ACK, window-scale options on a
non-SYN and on a SYN-ACK cut by the snapshot length, a bogus header length,
SYN+FIN, options in an unusual order. cli_tshark.sh compares weir's fields
for it with tshark's. Addresses from 198.18.0.0/15 only.
    python3 tcp_edges.py OUT.pcap
"""
import socket
import struct
import sys

FIN, SYN, RST, PSH, ACK = 1, 2, 4, 8, 16
A, B, R = "198.18.0.1", "198.18.0.2", "198.18.0.254"


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return (~s) & 0xFFFF


def ip4(src, dst, proto, payload, ident=1, mf=False, frag=0, tot=None):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, tot if tot is not None else 20 + len(payload), ident,
                    (0x2000 if mf else 0) | (frag // 8), 64, proto, 0, socket.inet_aton(src), socket.inet_aton(dst))
    return h[:10] + struct.pack("!H", csum(h)) + h[12:] + payload


def tcp(sp, dp, seq, ack, flags, win=1000, opts=b"", data=b"", hlen=None):
    while len(opts) % 4:
        opts += b"\x01"
    off = (hlen if hlen is not None else 20 + len(opts)) // 4
    return struct.pack("!HHIIBBHHH", sp, dp, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, off << 4, flags, win, 0, 0) + opts + data


def eth(payload):
    return b"\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x08\x00" + payload


def seg(src, sp, dst, dp, seq, ack, flags, **k):
    return eth(ip4(src, dst, 6, tcp(sp, dp, seq, ack, flags, **k)))


def icmp_quote(frame, n):
    inner = frame[14:14 + n]
    return eth(ip4(R, A, 1, b"\x03\x03\x00\x00\x00\x00\x00\x00" + inner))


def ws(n):
    return b"\x01\x03\x03" + bytes([n])


frames = []  # (bytes, caplen or None)
add = lambda f, cap=None: frames.append((f, cap))
# A handshake with scaling, then ICMP errors quoting its segments whole and
# cut, and one quoting a conversation not seen before.
add(seg(A, 1000, B, 80, 100, 0, SYN, opts=ws(2)))
add(seg(B, 80, A, 1000, 900, 101, SYN | ACK, opts=ws(3)))
add(icmp_quote(seg(A, 1000, B, 80, 101, 901, ACK), 40))
add(icmp_quote(seg(A, 1000, B, 80, 101, 901, ACK), 36))
add(icmp_quote(seg(A, 5555, B, 80, 7, 0, ACK), 40))
add(icmp_quote(seg(A, 1000, B, 80, 3000, 0, SYN, opts=ws(4)), 44))  # a quoted SYN with a new ISN
add(seg(A, 1000, B, 80, 101, 901, ACK, opts=ws(5)))  # window-scale option on a non-SYN
add(seg(A, 1000, B, 80, 101, 901, ACK))
# A first fragment, then the rest of its conversation.
add(eth(ip4(A, B, 6, tcp(6100, 9, 40, 0, ACK, data=b"x" * 8), ident=7, mf=True)))
add(seg(A, 6100, B, 9, 41, 0, ACK))
# Port reuse compared with a base the other side's ACK set.
add(seg(A, 7000, B, 80, 1, 4, ACK))
add(seg(B, 80, A, 7000, 500, 0, SYN))
add(seg(A, 7000, B, 80, 1, 501, ACK))
# A SYN-ACK whose options the snapshot length cut.
add(seg(A, 8000, B, 80, 10, 0, SYN, opts=b"\x02\x04\x05\xb4" + ws(8)))
add(seg(B, 80, A, 8000, 20, 11, SYN | ACK, opts=b"\x02\x04\x05\xb4" + ws(7)), 14 + 20 + 21)
add(seg(A, 8000, B, 80, 11, 21, ACK))
add(seg(B, 80, A, 8000, 21, 11, ACK))
# A bogus header length, SYN+FIN with data, options in wire order.
add(seg(A, 9000, B, 80, 1, 0, SYN, hlen=16))
add(seg(A, 9001, B, 9, 100, 0, SYN | FIN, data=b"ab"))  # discard port: no application dissector
add(seg(A, 9002, B, 80, 5, 0, SYN, opts=b"\x02\x04\x05\xb4\x01\x03\x03\x08\x01\x01\x04\x02"))

with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    for i, (fr, cap) in enumerate(frames):
        c = len(fr) if cap is None else cap
        f.write(struct.pack("<IIII", 1700000000 + i, 0, c, len(fr)) + fr[:c])
