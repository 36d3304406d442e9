"""Writes a capture of HTTP/1.1 connections (198.18.14.0/24) whose messages
span TCP segments, for cli_tshark.sh to compare TCP reassembly of HTTP
with tshark's default (tcp.desegment_tcp_streams, http.desegment_headers
and http.desegment_body on):

* a response whose body (Content-Length) spans three segments, the
  headers complete in the first;
* a request whose headers span two segments;
* a POST whose body ends in the segment after the headers, followed by a
  second request in the same segment (pipelining);
* a chunked response over three segments;
* a response without a body (304) and a small one that fits a segment;
* a response to HEAD (a Content-Length, no body), then a GET."""
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from craft import ACK, PSH, SYN, eth, ip4, tcp, write_pcap  # noqa: E402

C, S = "198.18.14.1", "198.18.14.2"
SP = 80


def connection(frames, t, cport, steps):
    seq = {C: 1000, S: 5000}

    def send(src, data, flags=ACK | PSH):
        dst = S if src == C else C
        sp, dp = (cport, SP) if src == C else (SP, cport)
        t[0] += 0.001
        frames.append((eth(ip4(src, dst, 6, tcp(sp, dp, seq[src], seq[dst], flags, win=8000, data=data))), t[0], None))
        seq[src] += len(data)

    t[0] += 0.001
    frames.append((eth(ip4(C, S, 6, tcp(cport, SP, seq[C] - 1, 0, SYN, win=8000))), t[0], None))
    t[0] += 0.001
    frames.append((eth(ip4(S, C, 6, tcp(SP, cport, seq[S] - 1, seq[C], SYN | ACK, win=8000))), t[0], None))
    send(C, b"", ACK)
    for src, data in steps:
        send(src, data)
        send(S if src == C else C, b"", ACK)


def main(path):
    frames = []
    t = [0.0]
    body = bytes((65 + i % 26) for i in range(3000))
    resp = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3000\r\n\r\n" + body
    req = b"GET /big.txt HTTP/1.1\r\nHost: weir.test\r\nUser-Agent: weir-test/1.0\r\nAccept: */*\r\n\r\n"
    connection(frames, t, 40200, [(C, req[:30]), (C, req[30:]),
                                  (S, resp[:1000]), (S, resp[1000:2000]), (S, resp[2000:])])
    post = b"POST /form HTTP/1.1\r\nHost: weir.test\r\nContent-Type: text/plain\r\nContent-Length: 500\r\n\r\n"
    form = bytes((97 + i % 26) for i in range(500))
    get2 = b"GET /next HTTP/1.1\r\nHost: weir.test\r\n\r\n"
    ok = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
    connection(frames, t, 40201, [(C, post + form[:200]), (C, form[200:] + get2), (S, ok + ok)])
    chunks = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
    chunks += b"400\r\n" + bytes(1024) + b"\r\n" + b"200\r\n" + bytes(512) + b"\r\n0\r\n\r\n"
    connection(frames, t, 40202, [(C, b"GET /chunked HTTP/1.1\r\nHost: weir.test\r\n\r\n"),
                                  (S, chunks[:700]), (S, chunks[700:1400]), (S, chunks[1400:])])
    connection(frames, t, 40203, [(C, b"GET /same HTTP/1.1\r\nHost: weir.test\r\nIf-None-Match: \"x\"\r\n\r\n"),
                                  (S, b"HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n")])
    # A response to HEAD announces a length but has no body.
    connection(frames, t, 40204, [(C, b"HEAD /x HTTP/1.1\r\nHost: weir.test\r\n\r\n"),
                                  (S, b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5000\r\n\r\n"),
                                  (C, b"GET /y HTTP/1.1\r\nHost: weir.test\r\n\r\n"),
                                  (S, b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcd")])
    write_pcap(path, frames)


if __name__ == "__main__":
    main(sys.argv[1])
