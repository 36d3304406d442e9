"""Small packet-crafting helpers shared by the scripts that write test
captures (tcp_edges.py, tcp_analysis.py): IPv4/TCP over Ethernet with valid
IP checksums, and a pcap writer. Addresses are the caller's (198.18.0.0/15)."""
import socket
import struct

FIN, SYN, RST, PSH, ACK = 1, 2, 4, 8, 16


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return (~s) & 0xFFFF


def ip4(src, dst, proto, payload, ident=1, mf=False, frag=0, tot=None, df=False):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, tot if tot is not None else 20 + len(payload), ident,
                    (0x2000 if mf else 0) | (0x4000 if df else 0) | (frag // 8), 64, proto, 0,
                    socket.inet_aton(src), socket.inet_aton(dst))
    return h[:10] + struct.pack("!H", csum(h)) + h[12:] + payload


def tcp(sp, dp, seq, ack, flags, win=1000, opts=b"", data=b"", hlen=None):
    while len(opts) % 4:
        opts += b"\x01"
    off = (hlen if hlen is not None else 20 + len(opts)) // 4
    return struct.pack("!HHIIBBHHH", sp, dp, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, off << 4, flags, win, 0, 0) + opts + data


def eth(payload):
    return b"\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x08\x00" + payload


def seg(src, sp, dst, dp, seq, ack, flags, df=False, **k):
    return eth(ip4(src, dst, 6, tcp(sp, dp, seq, ack, flags, **k), df=df))


def ws(n):
    return b"\x01\x03\x03" + bytes([n])


def write_pcap(path, frames, linktype=1):
    """frames: (bytes, seconds, caplen or None) each."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, linktype))
        for fr, ts, cap in frames:
            c = len(fr) if cap is None else cap
            s = int(ts)
            us = int(round((ts - s) * 1e6))
            f.write(struct.pack("<IIII", 1700000000 + s, us, c, len(fr)) + fr[:c])
