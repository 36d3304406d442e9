"""Writes a capture of bare IEEE 802.11 frames (LINKTYPE_IEEE802_11) for
cli_tshark.sh: every management, control and data subtype tshark decodes
without a body of its own (not Action, Measurement Pilot, Trigger, NDP
Announcement, control extension or wrapper), data frames in all four DS
directions (with LLC/SNAP/IPv4/UDP bodies from 198.18.8.0/24), and every
frame-control flag, to compare names, addresses, sequence numbers and
QoS fields with tshark."""
import struct
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from craft import ip4, write_pcap  # noqa: E402

A = [bytes.fromhex("0200000000%02x" % i) for i in range(1, 5)]
udp = struct.pack("!HHHH", 40000, 40001, 12, 0) + b"abcd"
llc = bytes.fromhex("aaaa03000000") + b"\x08\x00" + ip4("198.18.8.2", "198.18.8.1", 17, udp)
out = []
seq = 0


def frame(t, st, flags, body=b""):
    global seq
    seq += 1
    f = bytes([(st << 4) | (t << 2), flags]) + struct.pack("<H", 44) + A[0] + A[1] + A[2] + struct.pack("<H", seq << 4 | (seq % 3))
    if t == 2 and (flags & 3) == 3:
        f += A[3]
    if t == 2 and st & 8:
        f += struct.pack("<H", seq % 8)
    return f + body


for st in (0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12):
    fixed = {0: 4, 1: 6, 2: 10, 3: 6, 5: 12, 8: 12, 10: 2, 11: 6, 12: 2}.get(st, 0)
    out.append(frame(0, st, 0, bytes(fixed) + b"\x00\x04lab8\x01\x02\x82\x84"))
# Control frames; Block Ack Request and Block Ack (compressed) with their
# bodies, a Beamforming Report Poll with its retransmission bitmap.
bodies = {4: b"\xff", 8: struct.pack("<HH", 0x0004, 0x0010), 9: struct.pack("<HH", 0x0004, 0x0010) + bytes(8)}
for st in (4, 8, 9, 10, 11, 12, 13, 14, 15):
    n = 1 if st in (12, 13) else 2
    out.append(bytes([(st << 4) | 4, 0]) + struct.pack("<H", 44) + b"".join(A[:n]) + bodies.get(st, b""))
for ds in range(4):
    for st in range(16):
        if st == 13:
            continue  # reserved
        body = llc if st in (0, 1, 2, 3, 8, 9, 10, 11) else b""
        out.append(frame(2, st, ds, body))
for fl in (0x04, 0x08, 0x10, 0x20, 0x80):
    out.append(frame(2, 4, fl))
write_pcap(sys.argv[1], [(f, i * 0.01, None) for i, f in enumerate(out)], linktype=105)
