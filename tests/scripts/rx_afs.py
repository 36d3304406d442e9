"""Writes a capture of RX and AFS over UDP (tshark 4.0 decodes every packet
of it without an exception): requests and replies of several AFS services,
a reply whose request is not in the capture, a reply without a body, a
retransmitted request, UBIK and encrypted operations, ports without a
service and the tape coordinators' range, ACKs (reasons, ACK types, the
trailer), ABORT, ACKALL, CHALLENGE, RESPONSE (versions 1 and 2), VERSION,
BUSY, and RX inside an ICMP error. Addresses from 198.18.0.0/15.
Usage: rx_afs.py OUT.pcap"""
import struct
import sys

from craft import eth, ip4, write_pcap

C, S = "198.18.0.1", "198.18.0.2"


def udp(sp, dp, data):
    return struct.pack("!HHHH", sp, dp, 8 + len(data), 0) + data


def rx(call, seq, typ, flags, body=b"", epoch=1000000000, cid=1032, serial=77, service=1):
    return struct.pack("!IIIIIBBBBHH", epoch, cid, call, seq, serial, typ, flags, 0, 2, 0, service) + body


frames = []


def add(src, sp, dst, dp, data):
    frames.append((eth(ip4(src, dst, 17, udp(sp, dp, data))), len(frames) * 0.01, None))


PAD = b"\0" * 600  # room for every argument tshark's AFS dissectors read


def op(n, rest=PAD):
    return struct.pack("!I", n) + rest


# Calls: request, reply, a reply without a body, retransmissions.
add(C, 7001, S, 7000, rx(290, 1, 1, 0x05, op(132)))
add(S, 7000, C, 7001, rx(290, 1, 1, 0x04, PAD))
add(C, 7001, S, 7000, rx(291, 1, 1, 0x05, op(147)))
add(S, 7000, C, 7001, rx(291, 1, 1, 0x04))
add(C, 7001, S, 7000, rx(291, 1, 1, 0x07, op(147)))  # retransmitted
add(S, 7000, C, 7001, rx(999, 1, 1, 0x04, PAD))  # its request is not here
# A call over two packets each way (the second names no operation).
add(C, 7001, S, 7000, rx(292, 1, 1, 0x01, op(133)))
add(C, 7001, S, 7000, rx(292, 2, 1, 0x05, b"\0\0\0\7" * 10))
add(S, 7000, C, 7001, rx(292, 1, 1, 0x00, PAD))
add(S, 7000, C, 7001, rx(292, 2, 1, 0x04, b"\0" * 8))
# Services by the server's port, UBIK and encrypted operations.
for call, (port, code) in enumerate(((7001, 206), (7002, 504), (7003, 518), (7004, 1), (7005, 121), (7006, 5), (7007, 85),
                   (7008, 1), (7009, 1), (7021, 100), (7000, 10000), (7003, 20004), (7000, 66000),
                   (7000, 66001), (7000, 0x80000000)), 10):
    add(C, 40000 + port - 7000, S, port, rx(call, 1, 1, 0x05, op(code)))
    add(S, port, C, 40000 + port - 7000, rx(call, 1, 1, 0x04, PAD))
# Ports of no service: the client's port is RX's (7001), the server's not.
for port in (7020, 7025, 7026, 40000):
    add(C, 7001, S, port, rx(6, 1, 1, 0x05, op(100)))
# ACKs: reasons known and not, ACK types, with and without the trailer.
for reason in range(0, 11):
    add(C, 40001, S, 7000, rx(7, 3, 2, 0x21, struct.pack("!HHIIIBB", 16, 0, 5, 4, 99, reason, 0)))
add(C, 40001, S, 7000, rx(7, 3, 2, 0x21, struct.pack("!HHIIIBB", 16, 2, 5, 4, 99, 1, 3) + b"\1\0\1" +
                          b"\0\0\0" + struct.pack("!IIII", 1460, 1440, 32, 4)))
add(C, 40001, S, 7000, rx(7, 3, 2, 0x21, struct.pack("!HHIIIBB", 16, 2, 5, 4, 99, 1, 1) + b"\1" +
                          b"\0\0\0" + struct.pack("!I", 5692) + b"\0\0"))
# The other packet types.
add(S, 7000, C, 40001, rx(7, 1, 4, 0x04, struct.pack("!i", -456)))
add(S, 7000, C, 40001, rx(7, 1, 5, 0x04))
add(S, 7003, C, 40001, rx(0, 0, 6, 0x04, struct.pack("!I", 1)))
add(S, 7003, C, 40001, rx(0, 0, 6, 0x04, struct.pack("!III", 2, 0xABCD, 1)))
add(C, 40001, S, 7003, rx(0, 0, 7, 0x01, struct.pack("!I", 1)))
add(C, 40001, S, 7003, rx(0, 0, 7, 0x01, struct.pack("!IIIIII", 2, 0, 1000000001, 1033, 0, 0x01000000) +
                           struct.pack("!IIIIIIII", 1, 2, 3, 4, 0xBEEF, 1, 7, 4) + b"\xab\xcd\xef\x01"))
add(C, 40001, S, 7000, rx(8, 1, 13, 0x04))
add(C, 40001, S, 7000, rx(8, 1, 3, 0x04))
add(C, 40001, S, 7000, rx(8, 1, 8, 0x04))
# Not RX: type 0 and 12, and a datagram shorter than the header.
add(C, 40001, S, 7000, rx(8, 1, 0, 0x04, b"\0\0\0\0"))
add(C, 40001, S, 7000, rx(8, 1, 12, 0x04, b"\0\0\0\0"))
add(C, 40001, S, 7000, b"\1\2\3\4\5")
# An AFS request quoted in an ICMP port unreachable.
quoted = ip4(C, S, 17, udp(7001, 7000, rx(300, 1, 1, 0x05, op(132, b"\0" * 12))))
icmp = struct.pack("!BBHI", 3, 3, 0, 0) + quoted
frames.append((eth(ip4(S, C, 1, icmp)), len(frames) * 0.01, None))

write_pcap(sys.argv[1], frames)
