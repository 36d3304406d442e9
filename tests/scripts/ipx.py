"""Writes a capture of IPX over 802.2 LLC, Ethernet II (EtherType 0x8137)
and "raw" 802.3: sockets without a service (known and unknown), RIP and
SAP operations, NetBIOS over IPX broadcasts (operations with and without a
name, unprintable name bytes). Usage: ipx.py OUT.pcap"""
import struct
import sys

from craft import write_pcap

DST, SRC = b"\xff" * 6, b"\x02\x00\x00\x00\x00\x01"


def llc(payload):
    return DST + SRC + struct.pack("!H", len(payload) + 3) + b"\xe0\xe0\x03" + payload


def ethii(payload):
    return DST + SRC + b"\x81\x37" + payload


def raw8023(payload):
    return DST + SRC + struct.pack("!H", len(payload)) + payload


def ipx(ptype, dsock, ssock, body, snet=0x12345678, hops=0):
    return struct.pack("!HHBBI6sHI6sH", 0xFFFF, 30 + len(body), hops, ptype, 0, b"\xff" * 6, dsock, snet,
                       b"\x00\x11\x22\x33\x44\x55", ssock) + body


def nbipx(op, name=b""):
    return b"\0" * 32 + b"\x00" + bytes([op]) + name


frames = []
for link, (pt, ds, ss, body) in [
        (llc, (0, 0x4444, 0x5555, b"abcd")),
        (llc, (0, 0x0456, 0x4000, b"abcd")),
        (ethii, (0, 0x5000, 0x5001, b"\0" * 8)),
        (raw8023, (0, 0x5002, 0x5003, b"\1\2")),
        (llc, (4, 0x0453, 0x0453, struct.pack("!HIHH", 1, 0xFFFFFFFF, 1, 1))),
        (llc, (4, 0x0453, 0x0453, struct.pack("!HIHH", 2, 0x10, 1, 2))),
        (ethii, (4, 0x0453, 0x4002, struct.pack("!HIHH", 7, 0x10, 1, 2))),
        (llc, (4, 0x0452, 0x0452, struct.pack("!HH", 1, 4))),
        (llc, (4, 0x0452, 0x0452, struct.pack("!HH", 3, 4))),
        (llc, (4, 0x0452, 0x0452, struct.pack("!H", 2) + struct.pack("!H48sI6sHH", 4, b"SRV1".ljust(48, b"\0"), 1,
                                                                      b"\0" * 5 + b"\1", 0x451, 1))),
        (llc, (4, 0x4003, 0x0452, struct.pack("!H", 4) + struct.pack("!H48sI6sHH", 4, b"SRV2".ljust(48, b"\0"), 1,
                                                                      b"\0" * 5 + b"\1", 0x451, 1))),
        (llc, (0x14, 0x0455, 0x0455, nbipx(1, b"WORKGROUP".ljust(15) + b"\x1e"))),
        (llc, (0x14, 0x0455, 0x0455, nbipx(1, b"\x01\x02__MSBROWSE__\x02\x01"))),
        (llc, (0x14, 0x0455, 0x0455, nbipx(2, b"HOST".ljust(15) + b"\x00"))),
        (llc, (0x14, 0x0455, 0x0455, nbipx(3, b"HOST".ljust(15) + b"\x20"))),
        (llc, (0x14, 0x0455, 0x0455, nbipx(5, b"HOST".ljust(15) + b"\x03"))),
        (llc, (0x14, 0x0455, 0x0455, nbipx(9, b"HOST".ljust(15) + b"\x00"))),
        (llc, (0x14, 0x0455, 0x0455, nbipx(6, b"\0" * 16))),
        (llc, (0x14, 0x0455, 0x0455, nbipx(8, b"\0" * 16))),
        (llc, (0x14, 0x0455, 0x0455, nbipx(12, b"\0" * 16)))]:
    frames.append((link(ipx(pt, ds, ss, body)), len(frames) * 0.01, None))

write_pcap(sys.argv[1], frames)
