"""Writes a capture of QUIC over UDP with real Initial packet protection
(RFC 9001, and RFC 9369 for QUIC v2), so that a reader derives the Initial
keys from the client's Destination Connection ID and decrypts: client and
server Initials (CRYPTO with a ClientHello / ServerHello, ACK, PADDING,
PING, CONNECTION_CLOSE), Handshake and 1-RTT packets (not decryptable
without the TLS secrets), a server datagram with Initial and Handshake
packets coalesced, a Retry and the client's Initial after it (its CRYPTO
repeats the first one's), Version Negotiation, an Initial of an unknown
version, an Initial cut by the snap length, an Initial with a corrupted tag,
QUIC v2 and draft-29 Initials, QUIC on port 4433, and a ClientHello over
two packets or three CRYPTO frames in any order, a new connection from the
same port. Addresses from
198.18.0.0/15. Needs python3-cryptography.
Usage: quic.py OUT.pcap"""
import hashlib
import hmac
import struct
import sys

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from craft import csum, eth, ip4, write_pcap

CLI, SRV = "198.18.0.1", "198.18.0.2"
V1, V2, D29 = 0x00000001, 0x6B3343CF, 0xFF00001D
SALTS = {V1: "38762cf7f55934b34d179ae6a4c80cadccbb7f0a", V2: "0dede3def700a6db819381be6e269dcbf9bd2ed9",
         D29: "afbfec289993d24c9e9786f19c6111e04390a899"}
frames = []


def udp(src, sp, dst, dp, payload):
    return eth(ip4(src, dst, 17, struct.pack("!HHHH", sp, dp, 8 + len(payload), 0) + payload))


def expand_label(secret, label, n):
    full = b"tls13 " + label
    info = struct.pack("!HB", n, len(full)) + full + b"\x00"
    out, t, i = b"", b"", 1
    while len(out) < n:
        t = hmac.new(secret, t + info + bytes([i]), hashlib.sha256).digest()
        out += t
        i += 1
    return out[:n]


def initial_keys(version, dcid, server):
    init = hmac.new(bytes.fromhex(SALTS.get(version, SALTS[V1])), dcid, hashlib.sha256).digest()
    sec = expand_label(init, b"server in" if server else b"client in", 32)
    p = b"quicv2 " if version == V2 else b"quic "
    return expand_label(sec, p + b"key", 16), expand_label(sec, p + b"iv", 12), expand_label(sec, p + b"hp", 16)


def varint(v):
    if v < 0x40:
        return bytes([v])
    if v < 0x4000:
        return struct.pack("!H", 0x4000 | v)
    if v < 0x40000000:
        return struct.pack("!I", 0x80000000 | v)
    return struct.pack("!Q", 0xC000000000000000 | v)


def long_type(version, name):
    v1 = {"initial": 0, "0rtt": 1, "handshake": 2, "retry": 3}
    v2 = {"initial": 1, "0rtt": 2, "handshake": 3, "retry": 0}
    return (v2 if version == V2 else v1)[name]


def protect(version, ptype, dcid, scid, pn, payload, keys, token=b"", pnlen=1, corrupt=False):
    """A long-header packet of type ptype, protected with keys (key, iv, hp)."""
    key, iv, hp = keys
    first = 0xC0 | (long_type(version, ptype) << 4) | (pnlen - 1)
    hdr = bytes([first]) + struct.pack("!I", version) + bytes([len(dcid)]) + dcid + bytes([len(scid)]) + scid
    if ptype == "initial":
        hdr += varint(len(token)) + token
    length = pnlen + len(payload) + 16
    hdr += struct.pack("!H", 0x4000 | length)  # two-byte form, as most stacks
    pn_off = len(hdr)
    hdr += pn.to_bytes(pnlen, "big")
    nonce = bytes(a ^ b for a, b in zip(iv, pn.to_bytes(12, "big")))
    ct = AESGCM(key).encrypt(nonce, payload, hdr)
    if corrupt:
        ct = ct[:-1] + bytes([ct[-1] ^ 1])
    pkt = bytearray(hdr + ct)
    sample = pkt[pn_off + 4:pn_off + 20]
    enc = Cipher(algorithms.AES(hp), modes.ECB()).encryptor()
    mask = enc.update(bytes(sample)) + enc.finalize()
    pkt[0] ^= mask[0] & 0x0F
    for i in range(pnlen):
        pkt[pn_off + i] ^= mask[1 + i]
    return bytes(pkt)


def short(dcid, payload, kp=0, spin=0):
    """A 1-RTT packet: opaque bytes (no keys), as seen on the wire."""
    return bytes([0x40 | (spin << 5) | (kp << 2) | 0x01]) + dcid + payload


def crypto(data, off=0):
    return b"\x06" + varint(off) + varint(len(data)) + data


def ack(largest, delay=0, first=0):
    return b"\x02" + varint(largest) + varint(delay) + varint(0) + varint(first)


def pad_to(payload, n):
    return payload + b"\x00" * max(0, n - len(payload))


def client_hello(sni=b"quic.example.test"):
    ext = b""
    sn = b"\x00" + struct.pack("!H", len(sni)) + sni
    ext += struct.pack("!HH", 0, len(sn) + 2) + struct.pack("!H", len(sn)) + sn
    ext += struct.pack("!HHB", 43, 3, 2) + b"\x03\x04"
    ext += struct.pack("!HH", 16, 5) + b"\x00\x03\x02h3"
    tp = b"\x01\x02\x67\x10"
    ext += struct.pack("!HH", 57, len(tp)) + tp
    body = b"\x03\x03" + bytes(range(32)) + b"\x00" + b"\x00\x04\x13\x01\x13\x02" + b"\x01\x00"
    body += struct.pack("!H", len(ext)) + ext
    return b"\x01" + len(body).to_bytes(3, "big") + body


def server_hello():
    ext = struct.pack("!HHH", 43, 2, 0x0304)
    body = b"\x03\x03" + bytes(range(100, 132)) + b"\x00" + b"\x13\x01" + b"\x00"
    body += struct.pack("!H", len(ext)) + ext
    return b"\x02" + len(body).to_bytes(3, "big") + body


def send(src, sp, dst, dp, datagram, cap=None):
    fr = udp(src, sp, dst, dp, datagram)
    frames.append((fr, len(frames) * 0.01, None if cap is None else len(fr) - len(datagram) + cap))


def conn(sport, dport=443, version=V1, dcid=bytes.fromhex("84acac06b42ed863"), cscid=b"", sscid=bytes.fromhex("51d1e44dc57a579e")):
    """A whole handshake's first packets on one connection."""
    ck = initial_keys(version, dcid, False)
    sk = initial_keys(version, dcid, True)
    # Client Initial: ClientHello, padded to 1200 bytes.
    send(CLI, sport, SRV, dport, protect(version, "initial", dcid, cscid, 0, pad_to(crypto(client_hello()), 1162), ck))
    # Server: Initial (ACK, CRYPTO ServerHello) coalesced with a Handshake packet.
    hs = protect(version, "handshake", cscid, sscid, 0, bytes(range(60)), (b"\x11" * 16, b"\x22" * 12, b"\x33" * 16))
    send(SRV, dport, CLI, sport, protect(version, "initial", cscid, sscid, 0, ack(0) + crypto(server_hello()), sk) + hs)
    # Client: Initial with ACK and PADDING, then Handshake, then 1-RTT.
    send(CLI, sport, SRV, dport, protect(version, "initial", sscid, cscid, 1, pad_to(ack(0), 1162), ck, pnlen=2))
    send(CLI, sport, SRV, dport, protect(version, "handshake", sscid, cscid, 0, bytes(range(40)), (b"\x44" * 16, b"\x55" * 12, b"\x66" * 16)))
    send(CLI, sport, SRV, dport, short(sscid, bytes(range(30))))
    send(SRV, dport, CLI, sport, short(cscid, bytes(range(50)), kp=1, spin=1))
    # Server Initial with PING, and one closing the connection.
    send(SRV, dport, CLI, sport, protect(version, "initial", cscid, sscid, 1, b"\x01" + b"\x00" * 20, sk))
    send(SRV, dport, CLI, sport, protect(version, "initial", cscid, sscid, 2, b"\x1c" + varint(0x0a) + varint(6) + varint(5) + b"close", sk))


conn(50001)
# A client with a connection ID of its own; the server answers to it.
conn(50002, dcid=bytes.fromhex("0011223344556677"), cscid=bytes.fromhex("a1a2a3a4"))
# QUIC v2 and draft-29.
conn(50003, version=V2, dcid=bytes.fromhex("8394c8f03e515708"))
conn(50004, version=D29, dcid=bytes.fromhex("1122334455667788"))
# Another port: only the heuristic can find it.
conn(50005, dport=4433, dcid=bytes.fromhex("99887766554433221100"))

# Retry: the client starts again with the Retry's SCID as DCID (new keys),
# its CRYPTO repeats the ClientHello at offset 0.
d0, rs = bytes.fromhex("1bafab9fd70531bb"), bytes.fromhex("e1051eaa7adfb230")
send(CLI, 50006, SRV, 443, protect(V1, "initial", d0, b"", 0, pad_to(crypto(client_hello()), 1162), initial_keys(V1, d0, False)))
retry = bytes([0xF0]) + struct.pack("!I", V1) + b"\x00" + bytes([len(rs)]) + rs + b"token-0123456789"
pseudo = bytes([len(d0)]) + d0 + retry
tag = AESGCM(bytes.fromhex("be0c690b9f66575a1d766b54e368c84e")).encrypt(bytes.fromhex("461599d35d632bf2239825bb"), b"", pseudo)
send(SRV, 443, CLI, 50006, retry + tag)
send(CLI, 50006, SRV, 443, protect(V1, "initial", rs, b"", 0, pad_to(crypto(client_hello()), 1162), initial_keys(V1, rs, False),
                                   token=b"token-0123456789"))
send(SRV, 443, CLI, 50006, protect(V1, "initial", b"", d0, 0, ack(0) + crypto(server_hello()), initial_keys(V1, rs, True)))

# Version Negotiation after an Initial of an unknown version.
d1 = bytes.fromhex("9d5728481287a3b4")
send(CLI, 50007, SRV, 443, protect(0x1A2A3A4A, "initial", d1, b"", 0, pad_to(crypto(client_hello()), 1162), initial_keys(V1, d1, False)))
send(SRV, 443, CLI, 50007, bytes([0x80 | 0x35]) + b"\x00\x00\x00\x00" + b"\x00" + bytes([len(d1)]) + d1 + struct.pack("!II", V1, 0x1A2A3A4A))
# The client starts again in version 1, the server answers.
send(CLI, 50007, SRV, 443, protect(V1, "initial", d1, b"", 0, pad_to(crypto(client_hello()), 1162), initial_keys(V1, d1, False)))
s1 = bytes.fromhex("0c3c2e287ccdc535")
send(SRV, 443, CLI, 50007, protect(V1, "initial", b"", s1, 0, ack(0) + crypto(server_hello()), initial_keys(V1, d1, True)))
send(CLI, 50007, SRV, 443, protect(V1, "initial", s1, b"", 1, pad_to(ack(0), 1162), initial_keys(V1, d1, False)))

# An Initial cut by the snap length, and one whose tag does not check.
d2 = bytes.fromhex("f71ae16671baa8b7")
send(CLI, 50008, SRV, 443, protect(V1, "initial", d2, b"", 0, pad_to(crypto(client_hello()), 1162), initial_keys(V1, d2, False)), cap=100)
d3 = bytes.fromhex("0102030405060708")
send(CLI, 50009, SRV, 443, protect(V1, "initial", d3, b"", 0, pad_to(crypto(client_hello()), 1162), initial_keys(V1, d3, False), corrupt=True))

# A ClientHello larger than one Initial (a big key share): split over two
# packets in order, in reverse order, and over three CRYPTO frames of one
# packet, out of order. tshark reassembles the CRYPTO stream.
def big_client_hello():
    body = client_hello()[4:]
    i = 2 + 32 + 1 + 2 + 4 + 2
    exts = body[i + 2:] + struct.pack("!HH", 21, 1600) + b"\x00" * 1600
    body = body[:i] + struct.pack("!H", len(exts)) + exts
    return b"\x01" + len(body).to_bytes(3, "big") + body


big = big_client_hello()
for n, order in enumerate(("in order", "reverse", "one packet")):
    port, dcid = 50010 + n, bytes([0x20 + n]) * 8
    ck, sk = initial_keys(V1, dcid, False), initial_keys(V1, dcid, True)
    first = protect(V1, "initial", dcid, b"", 0, pad_to(crypto(big[:1000], 0), 1162), ck)
    second = protect(V1, "initial", dcid, b"", 1, pad_to(crypto(big[1000:], 1000), 1162), ck)
    if order == "in order":
        send(CLI, port, SRV, 443, first)
        send(CLI, port, SRV, 443, second)
    elif order == "reverse":
        send(CLI, port, SRV, 443, second)
        send(CLI, port, SRV, 443, first)
    else:
        send(CLI, port, SRV, 443, protect(V1, "initial", dcid, b"", 0,
                                          crypto(big[1000:], 1000) + crypto(big[:500], 0) + crypto(big[500:1000], 500), ck))
    send(SRV, 443, CLI, port, protect(V1, "initial", b"", bytes.fromhex("aabbccdd"), 0, ack(1) + crypto(server_hello()), sk))

# A new connection from the same port: a client Initial whose DCID is
# neither the first connection's nor its server's.
d4 = bytes.fromhex("abababababababab")
send(CLI, 50001, SRV, 443, protect(V1, "initial", d4, b"", 0, pad_to(crypto(client_hello()), 1162), initial_keys(V1, d4, False)))
send(SRV, 443, CLI, 50001, protect(V1, "initial", b"", bytes.fromhex("cdcdcdcd"), 0, ack(0) + crypto(server_hello()),
                                   initial_keys(V1, d4, True)))

write_pcap(sys.argv[1], frames)
