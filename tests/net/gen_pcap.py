#!/usr/bin/env python3
"""Writes a deterministic pcap of Ethernet frames for the live tests.

usage: gen_pcap.py OUT.pcap [--pairs N] [--per-pair K] [--frag] [--vlan] [--v6 M]

Traffic: N IP pairs 198.19.<i>.1 <-> 198.19.<i>.2 (outside any address the
test namespaces own, and to a MAC nobody has, so the receiving stack drops
them silently). Per pair, K packets alternating direction: UDP to port 5000
or 6000 and TCP port 80, sizes 60..1514 bytes; plus one ARP request per pair.
With --frag, each pair also sends one IPv4 datagram in two fragments; with
--vlan, one UDP packet per pair carries an 802.1Q tag (VLAN 100 + pair).
With --v6 M, M IPv6 pairs 2001:2::<2i+1> <-> 2001:2::<2i+2> (RFC 5180
benchmarking range) exchange K UDP packets each, alternating direction.
Prints "<packets> <bytes>" (bytes = sum of frame lengths).
"""
import struct
import sys


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def ipv4(src, dst, proto, payload, ident, frag=0):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, frag, 64, proto, 0, bytes(src), bytes(dst))
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


def eth(dst, src, etype, payload):
    f = bytes(dst) + bytes(src) + struct.pack("!H", etype) + payload
    if len(f) < 60:
        f += b"\0" * (60 - len(f))
    return f


def main():
    args = sys.argv[1:]
    out = args[0]
    pairs = int(args[args.index("--pairs") + 1]) if "--pairs" in args else 4
    per = int(args[args.index("--per-pair") + 1]) if "--per-pair" in args else 25
    frag = "--frag" in args
    vlan = "--vlan" in args
    v6 = int(args[args.index("--v6") + 1]) if "--v6" in args else 0
    frames = []
    mac = [[2, 0, 0, 0, 0, 0x10 + i % 200] for i in range(2)]
    ident = 1
    for k in range(per):
        for i in range(pairs):
            a = [198, 19, i // 250, 1 + 2 * (i % 125)]
            b = [198, 19, i // 250, 2 + 2 * (i % 125)]
            src, dst = (a, b) if k % 2 == 0 else (b, a)
            size = 18 + (k * 97 + i * 31) % 1400
            payload = bytes((j * 7 + k) & 0xFF for j in range(size))
            kind = (k + i) % 3
            if kind == 2:
                tcp = struct.pack("!HHIIBBHHH", 40000 + i, 80, k, 0, 0x50, 0x18, 8192, 0, 0)
                ip = ipv4(src, dst, 6, tcp + payload, ident)
            else:
                dport = 5000 if kind == 0 else 6000
                udp = struct.pack("!HHHH", 30000 + i, dport, 8 + len(payload), 0)
                ip = ipv4(src, dst, 17, udp + payload, ident)
            ident += 1
            frames.append(eth(mac[k % 2], mac[1 - k % 2], 0x0800, ip))
    for i in range(pairs):
        a = [198, 19, i // 250, 1 + 2 * (i % 125)]
        b = [198, 19, i // 250, 2 + 2 * (i % 125)]
        arp = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, bytes(mac[0]), bytes(a), b"\0" * 6, bytes(b))
        frames.append(eth([0xFF] * 6, mac[0], 0x0806, arp))
        if frag:
            udp = struct.pack("!HHHH", 31000 + i, 5000, 8 + 1600, 0) + bytes(1600)
            frames.append(eth(mac[0], mac[1], 0x0800, ipv4(a, b, 17, udp[:1000], ident, 0x2000)))
            frames.append(eth(mac[0], mac[1], 0x0800, ipv4(a, b, 17, udp[1000:], ident, 1000 // 8)))
            ident += 1
        if vlan:
            udp = struct.pack("!HHHH", 32000 + i, 5000, 8 + 100, 0) + bytes(range(100))
            tag = struct.pack("!HH", (3 << 13) | (100 + i), 0x0800)
            frames.append(eth(mac[1], mac[0], 0x8100, tag + ipv4(b, a, 17, udp, ident)))
            ident += 1
    for k in range(per):
        for i in range(v6):
            a = bytes([0x20, 0x01, 0, 2] + [0] * 10 + [0, 1 + 2 * i])
            b = bytes([0x20, 0x01, 0, 2] + [0] * 10 + [0, 2 + 2 * i])
            src, dst = (a, b) if k % 2 == 0 else (b, a)
            payload = bytes((j * 5 + k) & 0xFF for j in range(20 + (k * 53 + i * 17) % 1000))
            udp = struct.pack("!HHHH", 33000 + i, 7000, 8 + len(payload), 0) + payload
            ip6 = struct.pack("!IHBB16s16s", 6 << 28, len(udp), 17, 64, src, dst) + udp
            frames.append(eth(mac[k % 2], mac[1 - k % 2], 0x86DD, ip6))
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        t = 1_700_000_000_000_000
        for n, fr in enumerate(frames):
            ts = t + n * 1000
            f.write(struct.pack("<IIII", ts // 1_000_000, ts % 1_000_000, len(fr), len(fr)))
            f.write(fr)
    print(len(frames), sum(len(x) for x in frames))


main()
