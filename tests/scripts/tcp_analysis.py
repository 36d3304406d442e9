#!/usr/bin/env python3
"""Writes a pcap whose TCP segments trigger each of Wireshark's sequence
analysis verdicts (tcp.analysis.*: retransmission, fast and spurious
retransmission, out of order, previous segment not captured, ACKed unseen
segment, duplicate ACKs, zero window and its probes, window update, window
full, keep-alive and its ACK, reused ports) and its numbers (acked frame,
RTT, initial RTT, bytes in flight with a SACK block, push bytes, RTO).
cli_tshark.sh compares weir's fields and summary lines for it with tshark's.
Addresses from 198.18.0.0/15 only; port 9 (discard) has no application
dissector in either tool.
    python3 tcp_analysis.py OUT.pcap
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from craft import ACK, FIN, PSH, RST, SYN, write_pcap, ws  # noqa: E402
from craft import seg as _seg  # noqa: E402

A, B, P = "198.18.0.1", "198.18.0.2", 9


def seg(src, sp, dst, dp, seq, ack, flags, win=1000, opts=b"", data=b""):
    return _seg(src, sp, dst, dp, seq, ack, flags, win=win, opts=opts, data=data, df=True)


def sack(*blocks):
    return b"\x01\x01\x05" + bytes([2 + 8 * len(blocks)]) + b"".join(struct.pack("!II", l, r) for l, r in blocks)


D = lambda n: b"x" * n
F = []  # (frame, seconds)
t = 0.0
def add(f, at=None):
    global t
    t = at if at is not None else t + 0.001
    F.append((f, t))

# Port 1000: retransmitted SYN, spurious retransmission, a hole, three
# duplicate ACKs and a fast retransmission, zero window and its probe, window
# update, keep-alive, an ACK of unseen data, a SYN after all that.
add(seg(A, 1000, B, P, 100, 0, SYN), 0.0)
add(seg(A, 1000, B, P, 100, 0, SYN))
add(seg(B, P, A, 1000, 900, 101, SYN | ACK))
add(seg(A, 1000, B, P, 101, 901, ACK))
add(seg(A, 1000, B, P, 101, 901, ACK | PSH, data=D(100)))
add(seg(A, 1000, B, P, 201, 901, ACK | PSH, data=D(100)))
add(seg(B, P, A, 1000, 901, 301, ACK))
add(seg(A, 1000, B, P, 201, 901, ACK | PSH, data=D(100)))
add(seg(A, 1000, B, P, 401, 901, ACK | PSH, data=D(100)))
for _ in range(3):
    add(seg(B, P, A, 1000, 901, 301, ACK))
add(seg(A, 1000, B, P, 301, 901, ACK | PSH, data=D(100)))
add(seg(B, P, A, 1000, 901, 501, ACK, win=0))
add(seg(A, 1000, B, P, 501, 901, ACK, data=D(1)))
add(seg(B, P, A, 1000, 901, 501, ACK, win=0))
add(seg(B, P, A, 1000, 901, 501, ACK, win=2000))
add(seg(A, 1000, B, P, 500, 901, ACK))
add(seg(B, P, A, 1000, 901, 501, ACK, win=2000))
add(seg(B, P, A, 1000, 901, 9999, ACK, win=2000))
add(seg(A, 1000, B, P, 100, 0, SYN))
# Port 2000: out of order within the handshake's RTT, SACK in the bytes in
# flight, window full, a retransmission after a long wait, FINs, then the
# ports reused and a RST.
add(seg(A, 2000, B, P, 1000, 0, SYN, opts=ws(0)), 1.0)
add(seg(B, P, A, 2000, 5000, 1001, SYN | ACK, opts=ws(0)), 1.010)
add(seg(A, 2000, B, P, 1001, 5001, ACK), 1.020)
add(seg(A, 2000, B, P, 1001, 5001, ACK, data=D(100)), 1.021)
add(seg(A, 2000, B, P, 1201, 5001, ACK, data=D(100)), 1.022)
add(seg(A, 2000, B, P, 1101, 5001, ACK, data=D(100)), 1.023)
add(seg(B, P, A, 2000, 5001, 1101, ACK, opts=sack((1201, 1301))), 1.024)
add(seg(A, 2000, B, P, 1301, 5001, ACK | PSH, data=D(50)), 1.025)
add(seg(B, P, A, 2000, 5001, 1351, ACK, win=1350), 1.030)
add(seg(A, 2000, B, P, 1351, 5001, ACK, data=D(1350)), 1.031)
add(seg(A, 2000, B, P, 2701, 5001, ACK, data=D(10)), 1.5)
add(seg(A, 2000, B, P, 2701, 5001, ACK, data=D(10)), 2.5)
add(seg(B, P, A, 2000, 5001, 2711, ACK | FIN), 2.6)
add(seg(A, 2000, B, P, 2711, 5002, ACK | FIN), 2.61)
add(seg(B, P, A, 2000, 5002, 2712, ACK), 2.62)
add(seg(A, 2000, B, P, 99999, 0, SYN), 3.0)
add(seg(B, P, A, 2000, 777, 100000, SYN | ACK), 3.01)
add(seg(A, 2000, B, P, 100000, 778, ACK | RST), 3.02)
# Port 3000: joined mid-stream; a one-byte keep-alive and duplicate ACKs.
add(seg(A, 3000, B, P, 10, 20, ACK, data=D(5)), 4.0)
add(seg(A, 3000, B, P, 14, 20, ACK, data=D(1)), 4.1)
add(seg(B, P, A, 3000, 20, 15, ACK), 4.2)
add(seg(B, P, A, 3000, 20, 15, ACK), 4.3)

write_pcap(sys.argv[1], [(fr, ts, None) for fr, ts in F])
