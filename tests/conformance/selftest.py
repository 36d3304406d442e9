#!/usr/bin/env python3
"""Self-test of conformance.py's scoring and header parsing, on synthetic
inputs (no corpus, no tshark, no weir). Run by tests/scripts/conformance.sh
before the real comparison; also: python3 tests/conformance/selftest.py"""

import collections
import os
import struct
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import conformance as c  # noqa: E402

NF = len(c.FIELDS)


def row(**cells):
    """One output line with the given fields set (others empty)."""
    vals = [b""] * NF
    for k, v in cells.items():
        vals[c.FIELDS.index(k.replace("__", "."))] = v.encode()
    return b"\t".join(vals)


def tshark_row(chain="eth:ethertype:ip", **cells):
    return row(**cells) + b"\t" + chain.encode()


def score(weir_lines, tshark_lines):
    res = {"path": "/x/f.pcap",
           "weir_out": b"".join(l + b"\n" for l in weir_lines),
           "tshark_out": b"".join(l + b"\n" for l in tshark_lines)}
    fstats = {f: c.FieldStat() for f in c.FIELDS}
    chains = collections.defaultdict(collections.Counter)
    fs = c.score_file(res, fstats, 5, chains)
    return fs, fstats, chains


class Scoring(unittest.TestCase):
    def test_identical_outputs_agree_fully(self):
        w = [row(frame__len="60", ip__src="198.18.0.1")]
        t = [tshark_row(frame__len="60", ip__src="198.18.0.1")]
        fs, _, _ = score(w, t)
        self.assertEqual((fs["cells"], fs["agree"]), (2, 2))

    def test_empty_vs_empty_not_counted(self):
        fs, _, _ = score([row(frame__len="60")], [tshark_row(frame__len="60")])
        self.assertEqual(fs["cells"], 1)

    def test_value_difference_and_kinds(self):
        w = [row(frame__len="60", ip__src="1.1.1.1", eth__type="0x0800")]
        t = [tshark_row(frame__len="60", ip__src="1.1.1.1,2.2.2.2", ip__dst="3.3.3.3")]
        fs, st, chains = score(w, t)
        # frame.len agrees; ip.src differs; ip.dst missing in weir; eth.type extra in weir
        self.assertEqual((fs["cells"], fs["agree"]), (4, 1))
        self.assertEqual(st["ip.src"].differ, 1)
        self.assertEqual(st["ip.dst"].tshark_only, 1)
        self.assertEqual(st["eth.type"].weir_only, 1)
        self.assertEqual(sum(chains["eth:ethertype:ip"].values()), 3)

    def test_byte_identical_required(self):
        fs, _, _ = score([row(dns__qry__name="Example.com")], [tshark_row(dns__qry__name="example.com")])
        self.assertEqual((fs["cells"], fs["agree"]), (1, 0))

    def test_missing_packets_count_all_their_cells(self):
        w = [row(frame__len="60")]
        t = [tshark_row(frame__len="60"), tshark_row(frame__len="70", ip__src="1.2.3.4")]
        fs, st, chains = score(w, t)
        self.assertEqual((fs["cells"], fs["agree"], fs["weir_pkts"], fs["tshark_pkts"]), (3, 1, 1, 2))
        # not attributed to field kinds, but counted per chain
        self.assertEqual(st["ip.src"].tshark_only, 0)
        self.assertEqual(sum(v for k, ctr in chains.items() if "not in weir" in k for v in ctr.values()), 2)

    def test_extra_weir_packets_count_too(self):
        w = [row(frame__len="60"), row(frame__len="61")]
        t = [tshark_row(frame__len="60")]
        fs, _, _ = score(w, t)
        self.assertEqual((fs["cells"], fs["agree"]), (2, 1))

    def test_wrong_cell_count_is_flagged(self):
        fs, _, _ = score([b"60\t60"], [tshark_row(frame__len="60", frame__cap_len="60")])
        self.assertEqual(fs["weir_bad_lines"], 1)
        self.assertEqual((fs["cells"], fs["agree"]), (2, 2))


class Crashes(unittest.TestCase):
    def test_signals_timeouts_and_sanitizer_reports(self):
        self.assertTrue(c.is_crash(-11))
        self.assertTrue(c.is_crash(134))
        self.assertTrue(c.is_crash("timeout"))
        self.assertTrue(c.is_crash(1, b"==1==ERROR: AddressSanitizer: heap-buffer-overflow"))
        self.assertTrue(c.is_crash(1, b"src/x.cpp:3:5: runtime error: shift exponent"))
        self.assertFalse(c.is_crash(0))
        self.assertFalse(c.is_crash(2, b"weir read: file damaged at offset 1234"))


class Headers(unittest.TestCase):
    def write(self, data):
        fd, path = tempfile.mkstemp()
        os.write(fd, data)
        os.close(fd)
        self.addCleanup(os.unlink, path)
        return path

    def test_pcap_both_byte_orders_and_fcs_bits(self):
        le = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 113)
        be = struct.pack(">IHHiIII", 0xA1B23C4D, 2, 4, 0, 0, 65535, 1 | 0x10000000 | 0x04000000)
        self.assertEqual(c.file_linktypes(self.write(le)), ("pcap", [113]))
        self.assertEqual(c.file_linktypes(self.write(be)), ("pcap-ns", [1]))

    def test_pcapng_interfaces(self):
        def block(btype, body, endian="<"):
            n = 12 + len(body)
            return struct.pack(endian + "II", btype, n) + body + struct.pack(endian + "I", n)
        shb = block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
        idb1 = block(1, struct.pack("<HHI", 1, 0, 0))
        idb2 = block(1, struct.pack("<HHI", 127, 0, 0))
        fmt, lts = c.file_linktypes(self.write(shb + idb1 + idb2 + b"\x00" * 3))
        self.assertEqual((fmt, lts), ("pcapng", [1, 127]))
        shb_be = block(0x0A0D0D0A, struct.pack(">IHHq", 0x1A2B3C4D, 1, 0, -1), ">")
        idb_be = block(1, struct.pack(">HHI", 276, 0, 0), ">")
        self.assertEqual(c.file_linktypes(self.write(shb_be + idb_be)), ("pcapng", [276]))

    def test_not_a_capture(self):
        fmt, why = c.file_linktypes(self.write(b"hello world, this is not a capture file"))
        self.assertIsNone(fmt)
        self.assertIn("not a pcap", why)


if __name__ == "__main__":
    unittest.main(verbosity=1)
