#!/usr/bin/env python3
"""Set a network device's largest GSO and GRO packet, for IPv4 and IPv6
(BIG TCP above 65536 bytes; Linux 6.3 or later for IPv4).

    gso_size.py DEVICE BYTES

iproute2 6.1 (Debian 12) sets gso_max_size/gro_max_size but not their IPv4
twins, so this sends the RTM_NEWLINK itself: IFLA_GSO_MAX_SIZE,
IFLA_GRO_MAX_SIZE, IFLA_GSO_IPV4_MAX_SIZE and IFLA_GRO_IPV4_MAX_SIZE.
Run it in the device's namespace (ip netns exec NS ...)."""
import os
import socket
import struct
import sys

IFLA_GSO_MAX_SIZE, IFLA_GRO_MAX_SIZE = 41, 58
IFLA_GSO_IPV4_MAX_SIZE, IFLA_GRO_IPV4_MAX_SIZE = 63, 64
RTM_NEWLINK, RTM_GETLINK, NLM_F_REQUEST, NLM_F_ACK, NLMSG_ERROR = 16, 18, 1, 4, 2


def ipv4_gso_size(s, index):
    """The device's IFLA_GSO_IPV4_MAX_SIZE as the kernel reports it, or None
    (a kernel before 6.3 does not know the attribute and ignores it when set)."""
    body = struct.pack("=BxHiII", socket.AF_UNSPEC, 0, index, 0, 0)
    s.send(struct.pack("=IHHII", 16 + len(body), RTM_GETLINK, NLM_F_REQUEST, 2, 0) + body)
    reply = s.recv(65536)
    length, kind = struct.unpack_from("=IH", reply)
    if kind != RTM_NEWLINK:
        return None
    at = 32  # nlmsghdr + ifinfomsg
    while at + 4 <= length:
        alen, atype = struct.unpack_from("=HH", reply, at)
        if alen < 4:
            break
        if atype & 0x3fff == IFLA_GSO_IPV4_MAX_SIZE and alen >= 8:
            return struct.unpack_from("=I", reply, at + 4)[0]
        at += (alen + 3) & ~3
    return None


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gso_size.py DEVICE BYTES")
    dev, size = sys.argv[1], int(sys.argv[2])
    try:
        index = socket.if_nametoindex(dev)
    except OSError:
        sys.exit("gso_size.py: no device %s" % dev)
    attrs = b"".join(struct.pack("=HHI", 8, t, size) for t in
                     (IFLA_GSO_MAX_SIZE, IFLA_GRO_MAX_SIZE, IFLA_GSO_IPV4_MAX_SIZE, IFLA_GRO_IPV4_MAX_SIZE))
    body = struct.pack("=BxHiII", socket.AF_UNSPEC, 0, index, 0, 0) + attrs
    msg = struct.pack("=IHHII", 16 + len(body), RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, 1, 0) + body
    with socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0) as s:
        s.send(msg)
        reply = s.recv(4096)
        _, kind, _, _, _ = struct.unpack_from("=IHHII", reply)
        err = struct.unpack_from("=i", reply, 16)[0] if kind == NLMSG_ERROR else 0
        if err:
            sys.exit("gso_size.py: %s: %s" % (dev, os.strerror(-err)))
        got = ipv4_gso_size(s, index)
    if got != size:
        sys.exit("gso_size.py: %s: the kernel kept the IPv4 GSO size at %s, not %d "
                 "(IPv4 BIG TCP needs Linux 6.3 or later)" % (dev, got, size))


if __name__ == "__main__":
    main()
