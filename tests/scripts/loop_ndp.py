"""Writes a capture of Ethernet's configuration testing protocol ("loop",
EtherType 0x9000: forward and reply functions, skip counts, an unknown
function), of the Nortel Discovery Protocol (LLC SNAP, both hellos: tshark
tells them by the destination), of Cisco's Dynamic Trunk Protocol, and of
GeoNetworking basic headers whose next header is "any".
Usage: loop_ndp.py OUT.pcap"""
import socket
import struct
import sys

from craft import write_pcap

A, B = b"\xaa\x00\x04\x00\x1d\x04", b"\xaa\x00\x04\x00\x69\x04"
frames = []


def add(f):
    frames.append((f, len(frames) * 0.01, None))


def loop(body):
    return B + A + b"\x90\x00" + body


fwd = struct.pack("<H", 2) + A
reply = struct.pack("<HH", 1, 7)
add(loop(struct.pack("<H", 0) + fwd + reply + b"U" * 40))
add(loop(struct.pack("<H", 8) + fwd + reply + b"U" * 40))
add(loop(struct.pack("<H", 0) + reply + b"data"))
add(loop(struct.pack("<H", 0) + fwd + fwd + reply))
add(loop(struct.pack("<H", 0) + struct.pack("<H", 3) + b"xyz"))
for pid, chassis, state, last in ((0x01A2, 12, 3, 0), (0x01A1, 81, 2, 1), (0x01A2, 250, 9, 1)):
    ndp = socket.inet_aton("198.18.4.1") + b"\x00\x01\x02" + bytes([chassis, 12, state, 1])
    llc = b"\xaa\xaa\x03\x00\x00\x81" + struct.pack("!H", pid) + ndp
    add(b"\x01\x00\x81\x00\x01" + bytes([last]) + A + struct.pack("!H", len(llc)) + llc)

for b in (b"\x00\x10\x00\x00" + b"\0" * 32, b"\x10\x00\x05\x01" + b"\xab" * 12):
    add(b"\xff" * 6 + A + b"\x89\x47" + b)

for domain, status, ttype in ((b"Lab", 0x04, 0x40), (b"", 0x81, 0xa5)):
    tlvs = (struct.pack("!HH", 1, 5 + len(domain)) + domain + b"\0" + struct.pack("!HHB", 2, 5, status) +
            struct.pack("!HHB", 3, 5, ttype) + struct.pack("!HH", 4, 10) + A)
    llc = b"\xaa\xaa\x03\x00\x00\x0c\x20\x04\x01" + tlvs
    add(b"\x01\x00\x0c\xcc\xcc\xcc" + A + struct.pack("!H", len(llc)) + llc)

write_pcap(sys.argv[1], frames)
