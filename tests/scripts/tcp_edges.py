#!/usr/bin/env python3
"""Writes a pcap of TCP corner cases for the conversation tracker
(engine/streams.hpp): headers quoted in ICMP errors, IP fragments, port
reuse against a base set by the other side's ACK, window-scale options on a
non-SYN and on a SYN-ACK cut by the snapshot length, a bogus header length,
SYN+FIN, options in an unusual order. cli_tshark.sh compares weir's fields
for it with tshark's. Addresses from 198.18.0.0/15 only.
    python3 tcp_edges.py OUT.pcap
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from craft import ACK, FIN, SYN, eth, ip4, seg, tcp, write_pcap, ws  # noqa: E402

A, B, R = "198.18.0.1", "198.18.0.2", "198.18.0.254"


def icmp_quote(frame, n):
    inner = frame[14:14 + n]
    return eth(ip4(R, A, 1, b"\x03\x03\x00\x00\x00\x00\x00\x00" + inner))


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

write_pcap(sys.argv[1], [(fr, i, cap) for i, (fr, cap) in enumerate(frames)])
