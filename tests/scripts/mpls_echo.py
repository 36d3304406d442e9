"""Writes a capture of MPLS LSP pings (UDP port 3503): echo requests and
replies with timestamps and TLVs, data plane verification messages, an
unknown message type; and of Babel (UDP 6696): messages of known and
unknown types, pad1, a trailer, a wrong magic. Addresses from
198.18.0.0/15.
Usage: mpls_echo.py OUT.pcap"""
import struct
import sys

from craft import eth, ip4, write_pcap


def udp(sp, dp, data):
    return struct.pack("!HHHH", sp, dp, 8 + len(data), 0) + data


def msg(mtype, code=0, tlvs=b"", seq=7):
    ts = struct.pack("!IIII", 0xE8000000, 0x80000000, 0, 0) if mtype in (1, 2) else b""
    return struct.pack("!HHBBBBII", 1, 0, mtype, 2, code, 1, 0x1234, seq) + ts + tlvs


fec = struct.pack("!HH", 1, 12) + struct.pack("!HH", 1, 5) + b"\xc6\x12\x01\x01\x20" + b"\0\0\0"
frames = []
for m in (msg(1, tlvs=fec), msg(2, code=3, seq=8), msg(2, code=4, tlvs=struct.pack("!HH", 2, 4) + b"wxyz", seq=9),
          msg(3), msg(4), msg(0x1F)):
    frames.append((eth(ip4("198.18.0.1", "198.18.0.2", 17, udp(40000, 3503, m))), len(frames) * 0.01, None))

hello = struct.pack("!BBHHH", 4, 6, 0, 0x5B09, 400)
for b in (struct.pack("!BBH", 42, 2, 9) + hello + b"\0",
          struct.pack("!BBH", 42, 2, 20) + hello + b"\0" + struct.pack("!BB", 7, 2) + b"\0\0" + b"\0" +
          struct.pack("!BB", 99, 3) + b"abc" + b"\0" * 2,
          struct.pack("!BBH", 41, 2, 9) + hello + b"\0"):
    frames.append((eth(ip4("198.18.0.1", "198.18.0.2", 17, udp(6696, 6696, b))), len(frames) * 0.01, None))

write_pcap(sys.argv[1], frames)
