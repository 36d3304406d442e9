"""Writes a capture of sFlow version 5 datagrams (UDP port 6343) from IPv4
and IPv6 agents: flow samples with raw packet headers (Ethernet with IPv4
and TCP, with IPv6 and UDP, a bare IPv4 header, an unknown header
protocol), extended switch and router data, an expanded flow sample,
counters samples (generic interface, Ethernet, VLAN, processor counters),
an expanded counters sample, an unknown record and an unknown sample type,
several frames in one datagram, and a version 4 datagram. (tshark marks
datagrams cut short and enterprise records "[Malformed Packet]" or
"[Packet size limited during capture]", which weir does not write; they
are left out.) Addresses from 198.18.0.0/15.
Usage: sflow.py OUT.pcap"""
import socket
import struct
import sys

from craft import eth, ip4, tcp, write_pcap

frames = []


def u32(*v):
    return b"".join(struct.pack("!I", x & 0xFFFFFFFF) for x in v)


def u64(v):
    return struct.pack("!Q", v)


def pad4(b):
    return b + b"\x00" * (-len(b) % 4)


def udp4(src, dst, sp, dp, payload):
    return eth(ip4(src, dst, 17, struct.pack("!HHHH", sp, dp, 8 + len(payload), 0) + payload))


def udp6(src, dst, sp, dp, payload):
    u = struct.pack("!HHHH", sp, dp, 8 + len(payload), 0) + payload
    h = struct.pack("!IHBB", 0x60000000, len(u), 17, 64) + socket.inet_pton(socket.AF_INET6, src) + socket.inet_pton(socket.AF_INET6, dst)
    return b"\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x86\xdd" + h + u


def record(fmt, data, enterprise=0):
    return u32((enterprise << 12) | fmt, len(data)) + data


def raw_header(proto, frame, frame_len=None, stripped=4):
    return record(1, u32(proto, frame_len if frame_len is not None else len(frame) + stripped, stripped, len(frame)) + pad4(frame))


def ext_switch(vin, pin, vout, pout):
    return record(1001, u32(vin, pin, vout, pout))


def ext_router(nexthop, smask, dmask):
    return record(1002, u32(1) + socket.inet_aton(nexthop) + u32(smask, dmask))


def flow_sample(seq, src, rate, pool, drops, inp, out, records):
    body = u32(seq, src, rate, pool, drops, inp, out, len(records)) + b"".join(records)
    return u32(1, len(body)) + body


def expanded_flow(seq, stype, sindex, rate, pool, drops, infmt, inval, outfmt, outval, records):
    body = u32(seq, stype, sindex, rate, pool, drops, infmt, inval, outfmt, outval, len(records)) + b"".join(records)
    return u32(3, len(body)) + body


def counters_sample(seq, src, records, expanded=False):
    if expanded:
        body = u32(seq, src >> 24, src & 0xFFFFFF, len(records)) + b"".join(records)
        return u32(4, len(body)) + body
    body = u32(seq, src, len(records)) + b"".join(records)
    return u32(2, len(body)) + body


def generic_if(index, speed, inoct, outoct):
    d = u32(index, 6) + u64(speed) + u32(1, 3) + u64(inoct) + u32(10, 2, 3, 0, 0, 0) + u64(outoct) + u32(20, 4, 5, 0, 0, 1)
    return record(1, d)


def ethernet_if():
    return record(2, u32(*range(1, 14)))


def vlan_counters(vlan):
    return record(5, u32(vlan) + u64(123456) + u32(10, 20, 30, 1))


def processor():
    return record(1001, u32(10, 20, 30) + u64(8 << 30) + u64(2 << 30))


def datagram(agent, seq, samples, v6=False, sub=0, uptime=123456, version=5):
    a = u32(2) + socket.inet_pton(socket.AF_INET6, agent) if v6 else u32(1) + socket.inet_aton(agent)
    h = u32(version) + a + (u32(sub) if version == 5 else b"") + u32(seq, uptime, len(samples))
    return h + b"".join(samples)


def send4(payload, cap=None):
    fr = udp4("198.18.0.1", "198.18.0.2", 40000, 6343, payload)
    frames.append((fr, len(frames) * 0.5, None if cap is None else len(fr) - len(payload) + cap))


def send6(payload):
    frames.append((udp6("2001:db8::1", "2001:db8::2", 40001, 6343, payload), len(frames) * 0.5, None))


inner_tcp = eth(ip4("198.18.9.1", "198.18.9.2", 6, tcp(1234, 80, 1000, 0, 2)))[:54]
inner_udp6 = udp6("2001:db8:9::1", "2001:db8:9::2", 5353, 53, b"\x12\x34" + b"\x00" * 10)[:66]
inner_ip = ip4("198.18.9.3", "198.18.9.4", 63, bytes(range(26)))

send4(datagram("198.18.0.1", 1, [flow_sample(1, 7, 512, 2048, 0, 3, 4, [ext_switch(10, 0, 20, 3), raw_header(1, inner_tcp)])]))
send4(datagram("198.18.0.1", 2, [counters_sample(5, 3, [ethernet_if(), generic_if(3, 10**10, 1000, 2000)]),
                                 counters_sample(6, (1 << 24) | 4, [vlan_counters(42), processor()])]))
send6(datagram("2001:db8::1", 3, [flow_sample(2, 7, 1, 10, 1, 5, 0x80000002, [raw_header(1, inner_udp6), ext_router("198.18.0.254", 24, 16)]),
                                  flow_sample(3, 8, 1, 11, 0, 6, 7, [raw_header(11, inner_ip)]),
                                  flow_sample(4, 9, 1, 12, 0, 6, 7, [raw_header(1, inner_tcp), raw_header(1, inner_tcp)])],
                  v6=True, sub=7))
send4(datagram("198.18.0.1", 4, [expanded_flow(9, 0, 70001, 1, 99, 0, 0, 70001, 0, 70002, [raw_header(1, inner_tcp)]),
                                 counters_sample(10, 5, [generic_if(5, 10**9, 1, 2)], expanded=True)]))
# An unknown header protocol, an unknown sample type. (An unknown record
# format is left out: tshark 4.0 reads its data as the next record.)
send4(datagram("198.18.0.1", 5, [flow_sample(11, 7, 1, 1, 0, 1, 2, [raw_header(99, b"\x00" * 20), ext_switch(1, 2, 3, 4)]),
                                 u32(77, 8) + b"\x00" * 8]))
# Version 4 (RFC 3176): header only here.
send4(datagram("198.18.0.1", 6, [], version=4))

write_pcap(sys.argv[1], frames)
