"""Writes a capture of one crafted SCTP association (198.18.10.0/24) for
cli_tshark.sh: INIT and INIT ACK with their initial TSNs, COOKIE ECHO
bundled with DATA, SACKs (one with a gap block), DATA both ways (one
chunk a packet: tshark shows a data step per bundled DATA chunk, weir
one), a
HEARTBEAT exchange and the SHUTDOWN sequence, to compare the info column
(relative TSNs, SACK details) with tshark."""
import struct
import sys
import zlib

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from craft import eth, ip4, write_pcap  # noqa: E402

A, B = "198.18.10.1", "198.18.10.2"
TAG_A, TAG_B = 0x0A0A0A0A, 0x0B0B0B0B   # the tags each side expects
TSN_A, TSN_B = 1000000, 77777


def chunk(t, flags, body):
    c = struct.pack("!BBH", t, flags, 4 + len(body)) + body
    return c + b"\0" * (-len(c) % 4)


def sctp(src, vtag, chunks):
    sp, dp = (5000, 6000) if src == A else (6000, 5000)
    pkt = struct.pack("!HHII", sp, dp, vtag, 0) + b"".join(chunks)
    return eth(ip4(src, B if src == A else A, 132, pkt))


def data(tsn, payload=b"payload!"):
    return chunk(0, 3, struct.pack("!IHHI", tsn, 0, 0, 0) + payload)


def sack(cum, arwnd, gaps=()):
    return chunk(3, 0, struct.pack("!IIHH", cum, arwnd, len(gaps), 0) + b"".join(struct.pack("!HH", s, e) for s, e in gaps))


init = struct.pack("!IIHHI", TAG_A, 65536, 10, 10, TSN_A)
init_ack = struct.pack("!IIHHI", TAG_B, 65536, 10, 10, TSN_B) + struct.pack("!HH", 7, 12) + b"cookie!!"
frames = [
    sctp(A, 0, [chunk(1, 0, init)]),
    sctp(B, TAG_A, [chunk(2, 0, init_ack)]),
    sctp(A, TAG_B, [chunk(10, 0, b"cookie!!"), data(TSN_A)]),
    sctp(B, TAG_A, [chunk(11, 0, b""), sack(TSN_A, 60000)]),
    sctp(A, TAG_B, [data(TSN_A + 1)]),
    sctp(A, TAG_B, [data(TSN_A + 2)]),
    sctp(B, TAG_A, [sack(TSN_A + 2, 59000), data(TSN_B)]),
    sctp(A, TAG_B, [sack(TSN_B, 65000), data(TSN_A + 3)]),
    sctp(A, TAG_B, [data(TSN_A + 5)]),
    sctp(B, TAG_A, [sack(TSN_A + 3, 58000, [(2, 2)])]),
    sctp(A, TAG_B, [chunk(4, 0, struct.pack("!HH", 1, 8) + b"beat")]),
    sctp(B, TAG_A, [chunk(5, 0, struct.pack("!HH", 1, 8) + b"beat")]),
    sctp(A, TAG_B, [chunk(7, 0, struct.pack("!I", TSN_B))]),
    sctp(B, TAG_A, [chunk(8, 0, b"")]),
    sctp(A, TAG_B, [chunk(14, 0, b"")]),
]
write_pcap(sys.argv[1], [(f, i * 0.01, None) for i, f in enumerate(frames)])
