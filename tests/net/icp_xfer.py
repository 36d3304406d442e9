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
    chunk = 16384
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

cmd = sys.argv[1]
{"tcp-server": tcp_server, "tcp-client": tcp_client, "udp-server": udp_server,
 "udp-client": udp_client}[cmd](*sys.argv[2:])
