"""Writes a capture of two TLS connections on port 443 (198.18.13.0/24)
whose records span TCP segments, for cli_tshark.sh to compare TCP
reassembly with tshark's default (tcp.desegment_tcp_streams and
tls.desegment_ssl_records on):

* a record over three segments, the last of which also holds a whole
  record and the start of the next (tshark's second TLS step);
* a segment that ends a record exactly;
* a record whose 5-byte header is split between segments (tshark asks for
  one more segment and decodes all it has), and one whose record is longer
  than that next segment;
* a record over three segments with the middle one retransmitted;
* records in the client's direction too, and ACKs between;
* on the second connection, a record whose middle segment was not
  captured (the segment after the gap is a piece of a record that never
  completes)."""
import struct
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from craft import ACK, PSH, SYN, eth, ip4, tcp, write_pcap  # noqa: E402

C, S = "198.18.13.1", "198.18.13.2"
SP = 443


def record(n, fill, ctype=23):
    body = bytes((fill + i) & 0xFF for i in range(n))
    return struct.pack("!BHH", ctype, 0x0303, n) + body


def connection(frames, t, CP, mode):
    seq = {C: 1000, S: 5000}

    def send(src, data, flags=ACK | PSH, seq_at=None):
        dst = S if src == C else C
        sp, dp = (CP, SP) if src == C else (SP, CP)
        s = seq[src] if seq_at is None else seq_at
        t[0] += 0.001
        frames.append((eth(ip4(src, dst, 6, tcp(sp, dp, s, seq[dst], flags, win=8000, data=data))), t[0], None))
        if seq_at is None:
            seq[src] += len(data)

    def ack(src):
        send(src, b"", ACK)

    t[0] += 0.001
    frames.append((eth(ip4(C, S, 6, tcp(CP, SP, seq[C] - 1, 0, SYN, win=8000))), t[0], None))
    t[0] += 0.001
    frames.append((eth(ip4(S, C, 6, tcp(SP, CP, seq[S] - 1, seq[C], SYN | ACK, win=8000))), t[0], None))
    ack(C)
    if mode == "gap":
        r = record(3000, 9)
        send(S, r[:1000])
        seq[S] += 1000  # the middle segment is not in the capture
        send(S, r[2000:])
        ack(C)
        return
    # A record over three segments; the third also holds a whole record and
    # the start of another.
    r1, r2, r3 = record(2995, 1), record(95, 2), record(400, 3)
    send(S, r1[:1000])
    send(S, r1[1000:2000])
    ack(C)
    send(S, r1[2000:] + r2 + r3[:50])
    # The segment that ends r3 exactly.
    send(S, r3[50:])
    ack(C)
    # A whole record, then a header split 3 / 2 bytes; the next segment ends
    # that record and starts another, which the one after ends.
    r4, r5, r6 = record(200, 4), record(300, 5), record(700, 6)
    send(S, r4 + r5[:3])
    send(S, r5[3:] + r6[:20])
    send(S, r6[20:])
    ack(C)
    # The client's direction: a record over two segments.
    q = record(1500, 7)
    send(C, q[:1200])
    send(C, q[1200:])
    ack(S)
    # A header split 3 / 2 bytes whose record is longer than the next
    # segment: the same reassembly goes on.
    r8 = record(900, 10)
    send(S, record(30, 11) + r8[:3])
    send(S, r8[3:103])
    send(S, r8[103:])
    ack(C)
    # A record over three segments, the middle one sent twice.
    r7 = record(2500, 8)
    send(S, r7[:1000])
    at = seq[S]
    send(S, r7[1000:2000])
    send(S, r7[1000:2000], seq_at=at)
    send(S, r7[2000:])
    ack(C)


def main(path):
    frames = []
    t = [0.0]
    connection(frames, t, 40100, "normal")
    connection(frames, t, 40101, "gap")
    write_pcap(path, frames)


if __name__ == "__main__":
    main(sys.argv[1])
