"""Writes a capture of HTTP/1.1 messages with bodies of many media types
(198.18.15.0/24), each whole in one segment, for cli_tshark.sh: tshark
hands a body to the dissector of its Content-Type (line-based text, its
"Media Type" dissector, XML, or data), which sets frame.protocols, the
protocol column (HTTP/XML) and the info's "(type)"; measured with tshark
4.0. Types whose dissectors weir does not have (JSON, forms, multipart,
OCSP, certificates, DNS, gRPC) are left out."""
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from craft import ACK, PSH, eth, ip4, tcp, write_pcap  # noqa: E402

TYPES = ["text/plain", "text/html", "text/css", "text/javascript", "application/javascript", "text/xml",
         "application/xml", "image/png", "image/jpeg", "application/octet-stream", "text/csv",
         "text/html; charset=utf-8", "TEXT/PLAIN", "text/foo", "application/foo", "video/mp4",
         "application/x-javascript", "text/event-stream", "application/soap+xml", "text/json", None]


def main(path):
    frames = []
    body = b"hello world\n"
    for i, ct in enumerate(TYPES):
        h = b"HTTP/1.1 200 OK\r\n" + (b"Content-Type: " + ct.encode() + b"\r\n" if ct else b"")
        h += b"Content-Length: %d\r\n\r\n" % len(body)
        frames.append((eth(ip4("198.18.15.2", "198.18.15.1", 6, tcp(80, 41000 + i, 1, 1, ACK | PSH, data=h + body))),
                       i * 0.001, None))
    n = len(TYPES)
    post = b"POST /f HTTP/1.1\r\nHost: weir.test\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n\r\n" + body
    frames.append((eth(ip4("198.18.15.1", "198.18.15.2", 6, tcp(41000 + n, 80, 1, 1, ACK | PSH, data=post))), n * 0.001, None))
    chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
    chunked += b"c\r\nhello world\n\r\n0\r\n\r\n"
    frames.append((eth(ip4("198.18.15.2", "198.18.15.1", 6, tcp(80, 41001 + n, 1, 1, ACK | PSH, data=chunked))),
                   (n + 1) * 0.001, None))
    empty = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n\r\n"
    frames.append((eth(ip4("198.18.15.2", "198.18.15.1", 6, tcp(80, 41002 + n, 1, 1, ACK | PSH, data=empty))),
                   (n + 2) * 0.001, None))
    write_pcap(path, frames)


if __name__ == "__main__":
    main(sys.argv[1])
