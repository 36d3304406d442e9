"""Writes a capture of Redis (RESP) over TCP port 6379: commands and
replies of every RESP type (simple strings, errors, integers, bulk strings:
null, empty, long, binary, with a NUL; arrays: nested, empty, null), inline
commands, stray line ends, pipelined commands, and a segment that ends
inside an array (tshark asks for more). Addresses from 198.18.0.0/15.
Usage: resp.py OUT.pcap"""
import sys

from craft import ACK, PSH, seg, write_pcap

CLI, SRV = "198.18.0.1", "198.18.0.2"
frames = []
seqs = {}


def send(src, sp, dst, dp, data):
    s = seqs.get((src, sp), 1)
    frames.append((seg(src, sp, dst, dp, s, seqs.get((dst, dp), 1), PSH | ACK, data=data), len(frames) * 0.01, None))
    seqs[(src, sp)] = s + len(data)


def bulk(b):
    return b"$%d\r\n%s\r\n" % (len(b), b)


def cmd(*words):
    return b"*%d\r\n" % len(words) + b"".join(bulk(w) for w in words)


def req(data, port=40001):
    send(CLI, port, SRV, 6379, data)


def rep(data, port=40001):
    send(SRV, 6379, CLI, port, data)


req(cmd(b"PING"))
rep(b"+PONG\r\n")
req(cmd(b"SET", b"key:1", b"value"))
rep(b"+OK\r\n")
req(cmd(b"GET", b"key:1"))
rep(bulk(b"value"))
req(cmd(b"GET", b"missing"))
rep(b"$-1\r\n")
req(cmd(b"INCR", b"counter"))
rep(b":42\r\n")
req(cmd(b"DECRBY", b"counter", b"100"))
rep(b":-58\r\n")
req(cmd(b"SET", b"big", b"x" * 150))
rep(bulk(b"y" * 120))
req(cmd(b"SET", b"bin", b"\x00\x01\xff"))
rep(bulk(b"\xc3\xa9t\xc3\xa9"))
req(cmd(b"SET", b"nul", b"ab\x00cd"))
rep(bulk(b"ab\x00cd"))
req(cmd(b"LRANGE", b"list", b"0", b"-1"))
rep(b"*3\r\n" + bulk(b"a") + b":7\r\n*2\r\n+inner\r\n-ERR nested\r\n")
rep(b"*0\r\n")
rep(b"*-1\r\n")
rep(b"-ERR unknown command 'FOO'\r\n")
req(bulk(b""))
req(b"PING\r\nPING\r\n")  # inline commands
req(b"\r\n\r\n+hello\r\n:5\r\n")
req(cmd(b"INCR", b"z") * 3)  # pipelined
rep(b":1\r\n:2\r\n:3\r\n")
rep(b"+PONG\r\n+PONG\r\n")
req(b"*2\r\n", port=40002)  # the array's elements are in the next segment

write_pcap(sys.argv[1], frames)
