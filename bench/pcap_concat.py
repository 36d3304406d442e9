#!/usr/bin/env python3
"""Concatenates the Ethernet (LINKTYPE 1) pcap files of a folder into one
large Ethernet pcap, repeating the set until it holds at least MIN packets.

Used by bench/make_big_capture.sh. Damaged input files contribute their good
prefix: reading a file stops at the first truncated record or at a record
whose captured length exceeds 262144 bytes (libpcap would reject it).
Output: little-endian, microsecond pcap, snaplen 262144, link type 1, with
synthetic monotonic timestamps (100 us apart) so every reader sees an
ordinary, clean file. Standard library only.
"""

import os
import struct
import sys

MAX_CAPLEN = 262144


def ethernet_records(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return None
    for endian in ("<", ">"):
        (magic,) = struct.unpack(endian + "I", data[:4])
        if magic in (0xA1B2C3D4, 0xA1B23C4D):
            break
    else:
        return None  # not a standard pcap (pcapng, modified pcap, other)
    (network,) = struct.unpack(endian + "I", data[20:24])
    if network & 0x03FFFFFF != 1:
        return None
    recs = []
    off = 24
    hdr = struct.Struct(endian + "IIII")
    while off + 16 <= len(data):
        _, _, incl, orig = hdr.unpack_from(data, off)
        if incl > MAX_CAPLEN or off + 16 + incl > len(data):
            break
        if orig < incl:
            orig = incl
        recs.append((data[off + 16:off + 16 + incl], orig))
        off += 16 + incl
    return recs


def main():
    if len(sys.argv) != 4:
        print("usage: pcap_concat.py CORPUS_DIR OUT MIN_PACKETS", file=sys.stderr)
        return 2
    corpus, out, min_packets = sys.argv[1], sys.argv[2], int(sys.argv[3])
    records = []
    nfiles = 0
    for name in sorted(os.listdir(corpus)):
        path = os.path.join(corpus, name)
        if not os.path.isfile(path):
            continue
        recs = ethernet_records(path)
        if recs:
            nfiles += 1
            records.extend(recs)
    if not records:
        print("pcap_concat: no Ethernet pcap records found in %s" % corpus, file=sys.stderr)
        return 1
    reps = -(-min_packets // len(records))
    total = reps * len(records)
    base = 1700000000 * 1000000
    rec_hdr = struct.Struct("<IIII")
    tmp = out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, MAX_CAPLEN, 1))
        i = 0
        chunk = []
        for _ in range(reps):
            for data, orig in records:
                ts = base + i * 100
                chunk.append(rec_hdr.pack(ts // 1000000, ts % 1000000, len(data), orig))
                chunk.append(data)
                i += 1
            f.write(b"".join(chunk))
            chunk = []
    os.replace(tmp, out)
    print("pcap_concat: %s: %d packets (%d Ethernet pcap files, %d packets per set, %d sets), %d bytes"
          % (out, total, nfiles, len(records), reps, os.path.getsize(out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
