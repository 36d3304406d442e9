"""Writes a capture of DNS over TCP (198.18.16.0/24) whose messages span
segments, for cli_tshark.sh to compare TCP reassembly of DNS messages with
tshark's default (tcp.desegment_tcp_streams, dns.desegment_dns_messages):
a response over three segments; a whole response followed by one byte of
the next one's length (the length split); that response over two more
segments; two whole messages and the start of a third in one segment,
whose end comes with a whole fourth message."""
import struct
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from craft import ACK, PSH, SYN, eth, ip4, tcp, write_pcap  # noqa: E402

C, S = "198.18.16.1", "198.18.16.2"
QNAME = b"\x03www\x07example\x03com\x00\x00\x01\x00\x01"


def response(n, qid):
    m = struct.pack("!HHHHHH", qid, 0x8180, 1, n, 0, 0) + QNAME
    for i in range(n):
        m += b"\xc0\x0c\x00\x01\x00\x01\x00\x00\x0e\x10\x00\x04" + bytes([198, 18, 16, i % 250])
    return struct.pack("!H", len(m)) + m


def main(path):
    frames = []
    t = [0.0]
    seq = {C: 1000, S: 5000}

    def send(src, data, flags=ACK | PSH):
        dst = S if src == C else C
        sp, dp = (40300, 53) if src == C else (53, 40300)
        t[0] += 0.001
        frames.append((eth(ip4(src, dst, 6, tcp(sp, dp, seq[src], seq[dst], flags, win=8000, data=data))), t[0], None))
        seq[src] += len(data)

    t[0] += 0.001
    frames.append((eth(ip4(C, S, 6, tcp(40300, 53, 999, 0, SYN, win=8000))), t[0], None))
    t[0] += 0.001
    frames.append((eth(ip4(S, C, 6, tcp(53, 40300, 4999, 1000, SYN | ACK, win=8000))), t[0], None))
    send(C, b"", ACK)
    q = struct.pack("!HHHHHH", 0x1111, 0x0100, 1, 0, 0, 0) + QNAME
    send(C, struct.pack("!H", len(q)) + q)
    r = response(100, 0x1111)
    send(S, r[:700])
    send(S, r[700:1400])
    send(S, r[1400:])
    r2, r3 = response(3, 0x2222), response(60, 0x3333)
    send(S, r2 + r3[:1])
    send(S, r3[1:500])
    send(S, r3[500:])
    r4, r5, r6 = response(1, 0x4444), response(2, 0x5555), response(50, 0x6666)
    send(S, r4 + r5 + r6[:300])
    r7 = response(2, 0x7777)
    send(S, r6[300:] + r7)
    send(C, b"", ACK)
    write_pcap(path, frames)


if __name__ == "__main__":
    main(sys.argv[1])
