#!/usr/bin/env python3
"""Test traffic for the icp_* namespace tests.
  icp_xfer.py tcp-server PORT OUTFILE [TIMEOUT]      receive one connection into OUTFILE
  icp_xfer.py tcp-client HOST PORT INFILE [RATE_KBPS] send INFILE
  icp_xfer.py udp-server PORT OUTFILE SECONDS         record datagrams (one line each, hex + source)
  icp_xfer.py udp-client HOST PORT COUNT [DPORT2]     send COUNT numbered datagrams
"""
import socket, sys, time

def tcp_server(port, out, timeout=30):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", int(port))); s.listen(1); s.settimeout(float(timeout))
    c, _ = s.accept(); c.settimeout(float(timeout))
    with open(out, "wb") as f:
        while True:
            d = c.recv(1 << 16)
            if not d: break
            f.write(d)

def tcp_client(host, port, inp, rate_kbps=0):
    c = socket.create_connection((host, int(port)), timeout=20)
    data = open(inp, "rb").read()
    rate = float(rate_kbps) * 1000 / 8
    chunk = 16384 if rate else 1 << 20  # big writes let the stack build big GSO packets
    t0 = time.time()
    for i in range(0, len(data), chunk):
        c.sendall(data[i:i + chunk])
        if rate:
            ahead = (i + chunk) / rate - (time.time() - t0)
            if ahead > 0: time.sleep(ahead)
    c.shutdown(socket.SHUT_WR)
    c.settimeout(20)
    try: c.recv(1)
    except Exception: pass
    c.close()

def udp_server(port, out, secs):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", int(port))); s.settimeout(0.2)
    end = time.time() + float(secs)
    with open(out, "w") as f:
        while time.time() < end:
            try: d, a = s.recvfrom(65535)
            except socket.timeout: continue
            f.write("%s %d %s\n" % (a[0], a[1], d.decode(errors="replace"))); f.flush()

def udp_client(host, port, count, port2=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for i in range(int(count)):
        s.sendto(b"msg-%d" % i, (host, int(port)))
        if port2: s.sendto(b"other-%d" % i, (host, int(port2)))
        time.sleep(0.002)

def udp_raw(src, dst, sport, dport, count):
    """IPv4/UDP with checksums computed here (the kernel leaves raw packets alone)."""
    import struct
    def cs(b):
        if len(b) % 2: b += b"\0"
        x = sum(struct.unpack("!%dH" % (len(b) // 2), b))
        while x >> 16: x = (x & 0xffff) + (x >> 16)
        return (~x) & 0xffff
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    S, D = socket.inet_aton(src), socket.inet_aton(dst)
    for i in range(int(count)):
        pl = b"raw-%d" % i
        u = struct.pack("!HHHH", int(sport), int(dport), 8 + len(pl), 0) + pl
        c = cs(S + D + struct.pack("!BBH", 0, 17, len(u)) + u) or 0xffff
        u = u[:6] + struct.pack("!H", c) + u[8:]
        h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(u), i, 0, 64, 17, 0, S, D)
        h = h[:10] + struct.pack("!H", cs(h)) + h[12:]
        s.sendto(h + u, (dst, 0))
        time.sleep(0.002)

def tcp_connect(host, port):
    """Exit 0 if refused (RST), 1 if connected, 2 on timeout."""
    try:
        c = socket.create_connection((host, int(port)), timeout=3)
    except ConnectionRefusedError:
        sys.exit(0)
    except socket.timeout:
        sys.exit(2)
    sys.exit(1)

cmd = sys.argv[1]
{"tcp-server": tcp_server, "tcp-client": tcp_client, "udp-server": udp_server,
 "udp-client": udp_client,
 "udp-raw": udp_raw, "tcp-connect": tcp_connect}[cmd](*sys.argv[2:])
