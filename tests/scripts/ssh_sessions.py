"""Writes a capture of crafted SSH connections on port 22 (198.18.5.0/24),
for cli_tshark.sh to compare weir with tshark: a version exchange and key
exchange with curve25519 (ECDH names), one with Diffie-Hellman group
exchange (GEX names, a request with min/nbits/max), one with plain
Diffie-Hellman and one whose KEXINITs the capture missed; a reply and NEW
KEYS in one segment; encrypted packets (random bytes, fixed seed) after
NEW KEYS, one of them an encrypt-then-MAC packet whose length is in the
clear; service and channel messages before keys (names)."""
import random
import struct
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from craft import ACK, PSH, SYN, seg, write_pcap  # noqa: E402

rnd = random.Random(7)


def string(b):
    if isinstance(b, str):
        b = b.encode()
    return struct.pack("!I", len(b)) + b


def packet(code, body):
    payload = bytes([code]) + body
    pad = 4
    while (5 + len(payload) + pad) % 8:
        pad += 1
    return struct.pack("!IB", 1 + len(payload) + pad, pad) + payload + bytes(rnd.randrange(256) for _ in range(pad))


def kexinit(kex):
    body = bytes(rnd.randrange(256) for _ in range(16))
    for s in [kex, "ssh-ed25519,rsa-sha2-512", "chacha20-poly1305@openssh.com,aes128-ctr", "aes128-ctr",
              "hmac-sha2-256-etm@openssh.com", "hmac-sha2-256", "none,zlib@openssh.com", "none", "", ""]:
        body += string(s)
    return packet(20, body + b"\0" + b"\0\0\0\0")


def host_key():
    return string(string("ssh-ed25519") + string(bytes(32)))


def signature():
    return string(string("ssh-ed25519") + string(bytes(64)))


frames = []


class Conn:
    def __init__(self, n):
        self.c = "198.18.5.%d" % (2 * n + 1)
        self.s = "198.18.5.%d" % (2 * n + 2)
        self.cp = 40000 + n
        self.cs, self.ss = 1000 * (n + 1), 500000 * (n + 1)
        frames.append(seg(self.c, self.cp, self.s, 22, self.cs, 0, SYN))
        frames.append(seg(self.s, 22, self.c, self.cp, self.ss, self.cs + 1, SYN | ACK))
        self.cs += 1
        self.ss += 1

    def client(self, data):
        frames.append(seg(self.c, self.cp, self.s, 22, self.cs, self.ss, PSH | ACK, data=data))
        self.cs += len(data)

    def server(self, data):
        frames.append(seg(self.s, 22, self.c, self.cp, self.ss, self.cs, PSH | ACK, data=data))
        self.ss += len(data)


def versions(k):
    k.server(b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n")
    k.client(b"SSH-2.0-OpenSSH_8.4p1\r\n")


def encrypted(k, n):
    for _ in range(n):
        k.client(bytes(rnd.randrange(256) for _ in range(rnd.choice([36, 52, 68]))))
        k.server(bytes(rnd.randrange(256) for _ in range(rnd.choice([36, 52, 100]))))


# curve25519: ECDH names; the reply and NEW KEYS in one segment.
k = Conn(0)
versions(k)
k.client(kexinit("curve25519-sha256,ecdh-sha2-nistp256,diffie-hellman-group14-sha256"))
k.server(kexinit("sntrup761x25519-sha512@openssh.com,curve25519-sha256"))
k.client(packet(30, string(bytes(32))))
k.server(packet(31, host_key() + string(bytes(32)) + signature()) + packet(21, b""))
k.client(packet(21, b""))
encrypted(k, 3)
# Encrypt-then-MAC: the length (here 32) is in the clear, the rest is not.
k.client(struct.pack("!I", 32) + bytes(rnd.randrange(256) for _ in range(32 + 32)))

# Diffie-Hellman group exchange.
k = Conn(1)
versions(k)
k.client(kexinit("diffie-hellman-group-exchange-sha256"))
k.server(kexinit("curve25519-sha256,diffie-hellman-group-exchange-sha256"))
k.client(packet(34, struct.pack("!III", 2048, 3072, 8192)))
k.server(packet(31, string(b"\x00" + bytes(range(1, 65))) + string(b"\x02")))
k.client(packet(32, string(bytes(range(1, 65)))))
k.server(packet(33, host_key() + string(bytes(range(1, 65))) + signature()))
k.server(packet(21, b""))
k.client(packet(21, b""))
encrypted(k, 2)

# Plain Diffie-Hellman, then messages of the other layers before keys.
k = Conn(2)
versions(k)
k.client(kexinit("diffie-hellman-group14-sha256"))
k.server(kexinit("diffie-hellman-group14-sha256,diffie-hellman-group16-sha512"))
k.client(packet(30, string(bytes(range(1, 65)))))
k.server(packet(31, host_key() + string(bytes(range(1, 65))) + signature()))
k.client(packet(5, string("ssh-userauth")))
k.server(packet(6, string("ssh-userauth")))
k.client(packet(2, string("ignored")))

# The capture missed the KEXINITs: tshark's defaults (Diffie-Hellman names).
k = Conn(3)
k.client(packet(30, string(bytes(32))))
encrypted(k, 1)

write_pcap(sys.argv[1], [(f, i * 0.001, None) for i, f in enumerate(frames)])
