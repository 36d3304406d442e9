"""Writes a capture of fragmented IPv4 and IPv6 datagrams (198.18.12.0/24,
2001:db8::/32 documentation addresses inside the frames only) for
cli_tshark.sh, to compare IP reassembly with tshark's default
(ip.defragment and ipv6.defragment on):

* a DNS response over UDP in three fragments, in order;
* an ICMP echo request in three fragments arriving last, first, middle
  (the frame that completes it is the first fragment), and its reply whole;
* a UDP datagram whose middle fragment never comes (never reassembled),
  interleaved with another one of the same addresses and another ID;
* a fragment repeated before the datagram completes;
* a first fragment cut by the snap length (not taken: shown as UDP);
* an IPv6 UDP datagram (DNS) in two fragments, and an IPv6 ICMPv6 echo
  request in three out of order;
* unfragmented traffic between them."""
import socket
import struct
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from craft import csum, ip4, write_pcap  # noqa: E402

A, B = "198.18.12.1", "198.18.12.2"
A6, B6 = "2001:db8::1", "2001:db8::2"


def eth(payload, etype=0x0800):
    return b"\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01" + struct.pack("!H", etype) + payload


def udp(sp, dp, data):
    return struct.pack("!HHHH", sp, dp, 8 + len(data), 0) + data


def dns_response(n_answers):
    q = b"\x03www\x07example\x03com\x00\x00\x01\x00\x01"
    msg = struct.pack("!HHHHHH", 0x1234, 0x8180, 1, n_answers, 0, 0) + q
    for i in range(n_answers):
        msg += b"\xc0\x0c\x00\x01\x00\x01\x00\x00\x0e\x10\x00\x04" + bytes([198, 18, 12, 100 + i % 100])
    return msg


def icmp_echo(typ, ident, seq, data):
    h = struct.pack("!BBHHH", typ, 0, 0, ident, seq) + data
    return h[:2] + struct.pack("!H", csum(h)) + h[4:]


def fragments(payload, size):
    """(offset, chunk, more) pieces of payload, size a multiple of 8."""
    out = []
    for off in range(0, len(payload), size):
        out.append((off, payload[off:off + size], off + size < len(payload)))
    return out


def v4_frags(src, dst, proto, payload, ident, size):
    return [eth(ip4(src, dst, proto, c, ident=ident, mf=m, frag=o)) for o, c, m in fragments(payload, size)]


def ip6(src, dst, nxt, payload):
    return struct.pack("!IHBB16s16s", 0x60000000, len(payload), nxt, 64,
                       socket.inet_pton(socket.AF_INET6, src), socket.inet_pton(socket.AF_INET6, dst)) + payload


def v6_frags(src, dst, nxt, payload, ident, size):
    out = []
    for o, c, m in fragments(payload, size):
        fh = struct.pack("!BBHI", nxt, 0, o | (1 if m else 0), ident)
        out.append(eth(ip6(src, dst, 44, fh + c), 0x86DD))
    return out


def main(path):
    frames = []
    t = [0.0]

    def add(fr, cap=None):
        t[0] += 0.001
        frames.append((fr, t[0], cap))

    add(eth(ip4(A, B, 17, udp(40000, 53, b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00"
                              b"\x03www\x07example\x03com\x00\x00\x01\x00\x01"))))
    for f in v4_frags(B, A, 17, udp(53, 40000, dns_response(120)), 0x0101, 1000):
        add(f)
    ping = icmp_echo(8, 0x77, 1, bytes(range(256)) * 12)
    f = v4_frags(A, B, 1, ping, 0x0202, 1200)
    for i in (2, 0, 1):
        add(f[i])
    add(eth(ip4(B, A, 1, icmp_echo(0, 0x77, 1, b"reply"))))
    lost = v4_frags(A, B, 17, udp(5000, 6000, b"L" * 3000), 0x0303, 1000)
    other = v4_frags(A, B, 17, udp(5000, 6000, b"O" * 1500), 0x0304, 800)
    add(lost[0])
    add(other[0])
    add(lost[2])
    add(other[1])
    dup = v4_frags(A, B, 17, udp(5001, 6001, b"D" * 2000), 0x0305, 1024)
    add(dup[0])
    add(dup[0])
    add(dup[1])
    cut = v4_frags(A, B, 17, udp(5002, 6002, b"C" * 2000), 0x0306, 1024)
    add(cut[0], cap=200)
    add(cut[1])
    add(eth(ip4(A, B, 17, udp(5003, 6003, b"plain"))))
    for f in v6_frags(B6, A6, 17, udp(53, 40001, dns_response(90)), 0xABCDEF01, 1024):
        add(f)
    echo6 = struct.pack("!BBHHH", 128, 0, 0, 0x66, 2) + bytes(range(200)) * 10
    f6 = v6_frags(A6, B6, 58, echo6, 0x00000042, 800)
    for i in (1, 2, 0):
        add(f6[i])
    write_pcap(path, frames)


if __name__ == "__main__":
    main(sys.argv[1])
