#!/usr/bin/env python3
"""Writes a capture of two TLS connections on port 4433 (no port dissector:
TLS is found by tshark's heuristic and then kept for the connection), for
comparing weir's protocol column, info column, frame.protocols and record
fields with tshark's (cli_tshark.sh):

  * TLS 1.3: ClientHello (record version 0x0301), ServerHello selecting 1.3
    through supported_versions with a ChangeCipherSpec and encrypted records
    in the same segment, the client's ChangeCipherSpec + Finished segment
    (not TLS by itself: only the connection says so), application data both
    ways, an encrypted alert;
  * TLS 1.2: ClientHello, ServerHello (no supported_versions) + Server Hello
    Done, ClientKeyExchange + ChangeCipherSpec + Finished, application data.

Usage: tls_sessions.py OUT.pcap   (addresses in 198.18.0.0/15)"""
import struct
import sys

from craft import ACK, PSH, SYN, seg, write_pcap


def record(ctype, body, version=0x0303):
    return struct.pack("!BHH", ctype, version, len(body)) + body


def handshake(htype, body):
    return struct.pack("!B", htype) + len(body).to_bytes(3, "big") + body


def ext(etype, data):
    return struct.pack("!HH", etype, len(data)) + data


def client_hello(versions):
    sni = b"weir.test"
    exts = ext(0, struct.pack("!HBH", len(sni) + 3, 0, len(sni)) + sni)
    sv = b"".join(struct.pack("!H", v) for v in versions)
    exts += ext(43, bytes([len(sv)]) + sv)
    body = struct.pack("!H", 0x0303) + bytes(range(32)) + b"\x00"
    body += struct.pack("!HHH", 4, 0x1301, 0xc02f) + b"\x01\x00" + struct.pack("!H", len(exts)) + exts
    return record(22, handshake(1, body), 0x0301)


def server_hello(selected=None, suite=0x1301):
    exts = ext(43, struct.pack("!H", selected)) if selected else b""
    body = struct.pack("!H", 0x0303) + bytes(range(32, 64)) + b"\x00" + struct.pack("!HB", suite, 0)
    body += struct.pack("!H", len(exts)) + exts
    return handshake(2, body)


CCS = record(20, b"\x01")


def appdata(n):
    return record(23, bytes([0x5a]) * n)


def main(out):
    c, s = "198.18.61.1", "198.18.61.2"
    frames = []
    t = [0.0]

    def add(fr):
        t[0] += 0.001
        frames.append((fr, t[0], None))

    def conn(cport, flights):
        cs, ss = 1000, 5000
        add(seg(c, cport, s, 4433, cs, 0, SYN))
        add(seg(s, 4433, c, cport, ss, cs + 1, SYN | ACK))
        cs += 1
        ss += 1
        add(seg(c, cport, s, 4433, cs, ss, ACK))
        for from_client, data in flights:
            if from_client:
                add(seg(c, cport, s, 4433, cs, ss, PSH | ACK, data=data))
                cs += len(data)
                add(seg(s, 4433, c, cport, ss, cs, ACK))
            else:
                add(seg(s, 4433, c, cport, ss, cs, PSH | ACK, data=data))
                ss += len(data)
                add(seg(c, cport, s, 4433, cs, ss, ACK))

    conn(40001, [
        (True, client_hello([0x0304, 0x0303])),
        (False, record(22, server_hello(0x0304)) + CCS + appdata(40) + appdata(300) + appdata(60)),
        (True, CCS + appdata(53)),
        (True, appdata(90)),
        (False, appdata(200) + appdata(120)),
        (True, record(21, bytes(19))),
    ])
    conn(40002, [
        (True, client_hello([0x0303])),
        (False, record(22, server_hello(None, 0xc02f) + handshake(14, b""))),
        (True, record(22, handshake(16, bytes(66))) + CCS + record(22, bytes(40))),
        (False, CCS + record(22, bytes(40))),
        (True, appdata(80)),
        (False, appdata(400)),
    ])
    write_pcap(out, frames)


if __name__ == "__main__":
    main(sys.argv[1])
