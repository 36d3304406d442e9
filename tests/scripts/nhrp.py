"""Writes a capture of NHRP over GRE: every packet type and unknown ones,
client information entries with several codes, responder address and
Cisco NAT extensions (their entries), and a traffic indication quoting an
ICMP packet. Addresses from 198.18.0.0/15. Usage: nhrp.py OUT.pcap"""
import socket
import struct
import sys

from craft import eth, ip4, write_pcap

NBMA, SRC, DST = (socket.inet_aton(a) for a in ("198.18.1.1", "198.18.2.1", "198.18.2.2"))


def gre(payload):
    return struct.pack("!HH", 0, 0x2001) + payload


def cie(code, cproto=b""):
    return struct.pack("!BBHHHBBBB", code, 32, 0, 1500, 7200, 0, 0, len(cproto), 0) + cproto


def ext(etype, value, compulsory=True):
    return struct.pack("!HH", (0x8000 if compulsory else 0) | etype, len(value)) + value


def nhrp(op, mand, exts=b""):
    extoff = 20 + len(mand) if exts else 0
    body = mand + exts
    return struct.pack("!HH5sBHHHBBBB", 1, 0x0800, b"\0" * 5, 255, 20 + len(body), 0, extoff, 1, op, 4, 0) + body


def mand(reqid, cies=b"", flags=0x8002):
    return struct.pack("!BBHI", 4, 4, flags, reqid) + NBMA + SRC + DST + cies


frames = []


def add(p):
    frames.append((eth(ip4("198.18.0.1", "198.18.0.2", 47, gre(p))), len(frames) * 0.01, None))


for op in (1, 2, 3, 4, 5, 6, 0, 9, 200):
    add(nhrp(op, mand(300 + op, cie(0))))
add(nhrp(2, mand(5, cie(12))))
add(nhrp(4, mand(6, cie(14) + cie(0) + cie(5, SRC))))
add(nhrp(4, mand(7)))
add(nhrp(3, mand(8, cie(0)), ext(3, b"") + ext(4, b"") + ext(5, b"") + ext(9, cie(0, DST)) + ext(0, b"")))
add(nhrp(4, mand(8, cie(0)), ext(3, cie(0, SRC)) + ext(7, b"\0\0\0\0\0\0\0\1", False) + ext(0, b"")))
echo = struct.pack("!BBHHH", 8, 0, 0, 1, 1) + b"abcdefgh"
quoted = ip4("198.18.3.1", "198.18.3.2", 1, echo)
add(nhrp(8, struct.pack("!BBHHH", 4, 4, 0, 0, 0) + NBMA + SRC + DST + quoted, ext(4, b"") + ext(0, b"")))

write_pcap(sys.argv[1], frames)
