"""Writes a capture of OpenFlow over TCP (tshark 4.0 decodes every message
of it without an exception): versions 1.0, 1.3, 1.4 and 1.5 and an
unsupported one, several messages in one segment, a message over three
segments and one whose end shares a segment with the next (reassembly), a
1.3 multipart request, a 1.3 error quoting the failed message's header, a
1.0 PACKET_IN and a 1.3 PACKET_OUT carrying frames; on port 6653, and on
port 6633, where tshark's heuristic needs a segment to 6633 before it takes
the connection (both directions) as OpenFlow. Addresses from
198.18.0.0/15. Usage: openflow.py OUT.pcap"""
import struct
import sys

from craft import ACK, PSH, SYN, eth, ip4, seg, write_pcap

SW, CTL = "198.18.0.1", "198.18.0.2"  # switch (client), controller (server)
frames = []
seqs = {}


def send(src, sp, dst, dp, data, flags=PSH | ACK):
    k = (src, sp)
    s = seqs.get(k, 1000)
    frames.append((seg(src, sp, dst, dp, s, seqs.get((dst, dp), 1000), flags, data=data), len(frames) * 0.01, None))
    seqs[k] = s + len(data) + (1 if flags & SYN else 0)


def msg(v, t, body=b"", xid=1):
    return struct.pack("!BBHI", v, t, 8 + len(body), xid) + body


def udp_frame():
    udp = struct.pack("!HHHH", 33000, 33001, 12, 0) + b"ping"
    return eth(ip4("198.18.5.1", "198.18.5.2", 17, udp))


# Port 6653 (tshark's port table: both directions from the first segment).
S, C = 40001, 6653
send(SW, S, CTL, C, b"", SYN)
send(CTL, C, SW, S, b"", SYN | ACK)
send(CTL, C, SW, S, msg(1, 0))  # HELLO 1.0
send(SW, S, CTL, C, msg(1, 0) + msg(1, 5, xid=2) + msg(1, 18, xid=3))  # three in one segment
send(CTL, C, SW, S, msg(1, 6, struct.pack("!QIB3xII", 0x1234, 256, 4, 0xC7, 0xFFF), xid=2))  # FEATURES_REPLY
send(SW, S, CTL, C, msg(1, 16, struct.pack("!HH", 0, 0), xid=4))  # STATS_REQUEST (DESC)
send(SW, S, CTL, C, msg(1, 2, b"abc", xid=5) + msg(1, 19, xid=3))  # ECHO_REQUEST, BARRIER_REPLY
send(SW, S, CTL, C, msg(1, 40, xid=6))  # an unknown type
send(SW, S, CTL, C, msg(2, 0, xid=7))  # version 1.1: not dissected
# A 1.0 PACKET_IN with a frame, as the segment's last message.
pin = struct.pack("!IHHBx", 0xFFFFFFFF, len(udp_frame()), 1, 0) + udp_frame()
send(SW, S, CTL, C, msg(1, 19, xid=8) + msg(1, 10, pin, xid=0))
# An ECHO_REQUEST over three segments, then one whose end shares a segment.
big = msg(1, 2, bytes(range(256)) * 4, xid=9)
send(CTL, C, SW, S, big[:300])
send(CTL, C, SW, S, big[300:700])
send(CTL, C, SW, S, big[700:])
two = msg(1, 3, b"x" * 100, xid=10) + msg(1, 18, xid=11)
send(CTL, C, SW, S, two[:60])
send(CTL, C, SW, S, two[60:])
# A message's end, then the start of the next (no second call shown); its
# end, a whole one and another start.
m1, m2, m3 = msg(1, 2, b"a" * 100, xid=12), msg(1, 18, xid=13), msg(1, 3, b"b" * 30, xid=14)
send(CTL, C, SW, S, m1[:50])
send(CTL, C, SW, S, m1[50:] + m3[:10])
send(CTL, C, SW, S, m3[10:] + m2 + m3[:12])
send(CTL, C, SW, S, m3[12:])

# Port 6633: the controller speaks first (not yet OpenFlow to tshark).
S, C = 40002, 6633
send(CTL, C, SW, S, msg(4, 0, struct.pack("!HHI", 1, 8, 0x10), xid=20))  # HELLO 1.3 with a bitmap
send(CTL, C, SW, S, msg(4, 2, xid=21))
send(SW, S, CTL, C, msg(4, 3, xid=21))  # to 6633: the heuristic takes the connection
send(CTL, C, SW, S, msg(4, 5, xid=22))  # FEATURES_REQUEST, now OpenFlow
send(SW, S, CTL, C, msg(4, 6, struct.pack("!QIBB2xII", 0x99, 256, 254, 0, 0x4F, 0), xid=22))
send(CTL, C, SW, S, msg(4, 18, struct.pack("!HH4x", 0, 0), xid=23))  # MULTIPART_REQUEST (DESC)
send(CTL, C, SW, S, msg(4, 18, struct.pack("!HH4x", 13, 0), xid=24) + msg(4, 20, xid=25))
# An error quoting the header of the message that failed.
send(SW, S, CTL, C, msg(4, 1, struct.pack("!HH", 1, 1) + msg(4, 18, struct.pack("!HH4x", 13, 0), xid=24), xid=24))
send(SW, S, CTL, C, msg(4, 21, xid=25))
# A 1.3 PACKET_OUT with an output action and a frame.
action = struct.pack("!HHIH6x", 0, 16, 2, 0xFFFF)
pout = struct.pack("!IIH6x", 0xFFFFFFFF, 0xFFFFFFFD, len(action)) + action + udp_frame()
send(CTL, C, SW, S, msg(4, 13, pout, xid=26))
# 1.4 and 1.5 headers.
send(CTL, C, SW, S, msg(5, 2, xid=27) + msg(6, 20, xid=28))
send(SW, S, CTL, C, msg(5, 3, xid=27) + msg(6, 21, xid=28))

write_pcap(sys.argv[1], frames)
