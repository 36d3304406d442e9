"""Writes a capture of HTTP requests whose segments come again: a
retransmission, a spurious retransmission (data already acknowledged) and
a fast retransmission after three duplicate ACKs, and an out-of-order
segment. tshark hands the first two and the last to no protocol above TCP
(with its default reassembly), the fast retransmission to HTTP. Addresses from 198.18.0.0/15. Usage: retrans.py OUT.pcap"""
import sys

from craft import ACK, PSH, SYN, seg, write_pcap

C, S = "198.18.0.1", "198.18.0.2"
req = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
frames = []


def add(*a, **k):
    frames.append((seg(*a, **k), len(frames) * 0.001, None))


add(C, 40000, S, 80, 100, 0, SYN)
add(S, 80, C, 40000, 500, 101, SYN | ACK)
add(C, 40000, S, 80, 101, 501, ACK)
add(C, 40000, S, 80, 101, 501, PSH | ACK, data=req)
add(C, 40000, S, 80, 101, 501, PSH | ACK, data=req)  # retransmission
add(S, 80, C, 40000, 501, 101 + len(req), ACK)
add(C, 40000, S, 80, 101, 501, PSH | ACK, data=req)  # spurious: acknowledged already
n = 101 + len(req)
add(C, 40000, S, 80, n, 501, PSH | ACK, data=req)  # (the server misses this one)
add(C, 40000, S, 80, n + len(req), 501, PSH | ACK, data=req)
for _ in range(3):
    add(S, 80, C, 40000, 501, n, ACK)  # duplicate ACKs
add(C, 40000, S, 80, n, 501, PSH | ACK, data=req)  # fast retransmission

# Another connection: the second request overtakes the first.
add(C, 40001, S, 80, 1000, 0, SYN)
add(S, 80, C, 40001, 3000, 1001, SYN | ACK)
add(C, 40001, S, 80, 1001, 3001, ACK)
add(C, 40001, S, 80, 1001 + len(req), 3001, PSH | ACK, data=req)
add(C, 40001, S, 80, 1001, 3001, PSH | ACK, data=req)  # out of order

write_pcap(sys.argv[1], frames)
