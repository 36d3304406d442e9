#!/usr/bin/env python3
"""Field-by-field conformance of `weir read -T fields` against tshark.

For every capture in the corpus whose link type(s) weir supports, runs

    weir read FILE -T fields -E header=n -e F1 -e F2 ...
    tshark -r FILE -n -T fields -E header=n -e F1 ... <per-packet prefs>

and compares the outputs cell by cell (packet x field). Scoring:
  * only cells that are non-empty in at least one output count;
  * a cell agrees when both strings are byte-identical;
  * when the outputs have different numbers of lines, every non-empty cell of
    the packets present in only one output counts as a difference.

Prints the agreement figure, writes a detailed report and exits 1 when the
figure is below the threshold (or weir crashed on a file), 0 otherwise.
Standard library only. See docs/conformance.md for the method and prefs.
"""

import argparse
import collections
import concurrent.futures
import hashlib
import os
import struct
import subprocess
import sys
import tempfile
import time

# The compared fields, exactly as specified for the conformance test.
FIELDS = """
frame.len frame.cap_len eth.src eth.dst eth.type vlan.id arp.opcode
arp.src.hw_mac arp.src.proto_ipv4 arp.dst.proto_ipv4 ip.version ip.hdr_len
ip.len ip.id ip.flags.df ip.flags.mf ip.frag_offset ip.ttl ip.proto ip.src
ip.dst ipv6.plen ipv6.nxt ipv6.hlim ipv6.src ipv6.dst icmp.type icmp.code
icmpv6.type icmpv6.code igmp.type tcp.srcport tcp.dstport tcp.seq_raw
tcp.ack_raw tcp.hdr_len tcp.flags tcp.window_size_value tcp.len
tcp.options.mss_val udp.srcport udp.dstport udp.length sctp.srcport
sctp.dstport gre.proto vxlan.vni mpls.label dns.id dns.flags.response
dns.qry.name dns.a http.request.method http.request.uri http.host
http.response.code tls.handshake.extensions_server_name dhcp.option.dhcp
dhcp.hw.mac_addr
""".split()
# tshark always prints all of them (so its cached output serves any subset),
# plus frame.protocols, which is not scored but groups differences by the
# protocol stack tshark saw (report section "by protocol chain").
TSHARK_FIELDS = list(FIELDS)
TSHARK_EXTRA = ["frame.protocols"]

# tshark preferences that make its output a per-packet dissection: no
# reassembly of any kind, no cross-packet TCP sequence analysis (which also
# stops tshark from hiding the payload of packets it judges retransmissions).
# Every name was checked against `tshark -G defaultprefs` of tshark 4.0.
# Rationale for each: docs/conformance.md.
TSHARK_PREFS = [
    "tcp.desegment_tcp_streams:FALSE",
    "tcp.analyze_sequence_numbers:FALSE",
    "ip.defragment:FALSE",
    "ipv6.defragment:FALSE",
    "tls.desegment_ssl_records:FALSE",
    "tls.desegment_ssl_application_data:FALSE",
    "http.desegment_headers:FALSE",
    "http.desegment_body:FALSE",
    "dns.desegment_dns_messages:FALSE",
    "sctp.reassembly:FALSE",
    "smtp.desegment_lines:FALSE",
    "smtp.desegment_data:FALSE",
]

# pcap LINKTYPE_* values weir decodes (12 and 14 are the DLT_RAW values some
# systems wrote into pcap files; Wireshark and libpcap read them as raw IP).
SUPPORTED_LINKTYPES = {0, 1, 12, 14, 101, 104, 105, 107, 108, 113, 127, 228, 229, 239, 276}

LINKTYPE_NAMES = {
    0: "NULL", 1: "EN10MB", 12: "RAW(12)", 14: "RAW(14)", 101: "RAW", 104: "C_HDLC", 105: "IEEE802_11", 107: "FRELAY", 127: "IEEE802_11_RADIOTAP",
    108: "LOOP", 113: "LINUX_SLL", 228: "IPV4", 229: "IPV6", 239: "NFLOG", 276: "LINUX_SLL2",
}


def lt_name(lt):
    return LINKTYPE_NAMES.get(lt, str(lt))


# --------------------------------------------------------------------------
# Capture file headers
# --------------------------------------------------------------------------

PCAP_MAGICS = {
    0xA1B2C3D4: "pcap",      # microseconds
    0xA1B23C4D: "pcap-ns",   # nanoseconds
    0xA1B2CD34: "pcap-kuznetzov",
}


def file_linktypes(path):
    """Returns (format, [link types]) or (None, reason)."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        return None, "unreadable: %s" % e
    if len(data) < 24 and data[:4] != b"\x0a\x0d\x0d\x0a":
        return None, "too short for a capture header"
    for endian in ("<", ">"):
        (magic,) = struct.unpack(endian + "I", data[:4])
        if magic in PCAP_MAGICS:
            (network,) = struct.unpack(endian + "I", data[20:24])
            # Upper bits carry FCS information (LT_FCS_*); the link type is
            # the low 26 bits, as libpcap's LT_LINKTYPE() extracts it.
            return PCAP_MAGICS[magic], [network & 0x03FFFFFF]
    if data[:4] == b"\x0a\x0d\x0d\x0a":
        return "pcapng", pcapng_linktypes(data)
    return None, "not a pcap/pcapng file (magic %s)" % data[:4].hex()


def pcapng_linktypes(data):
    """Link types of every Interface Description Block, in file order. Stops
    quietly at the first damaged block (tshark and weir will too)."""
    out = []
    off = 0
    endian = "<"
    n = len(data)
    while off + 12 <= n:
        btype_raw = data[off:off + 4]
        if btype_raw == b"\x0a\x0d\x0d\x0a":
            bom = data[off + 8:off + 12]
            if bom == b"\x4d\x3c\x2b\x1a":
                endian = "<"
            elif bom == b"\x1a\x2b\x3c\x4d":
                endian = ">"
            else:
                break
        (btype, blen) = struct.unpack(endian + "II", data[off:off + 8])
        if blen < 12 or blen % 4 or off + blen > n:
            break
        if btype == 1 and blen >= 20:
            (lt,) = struct.unpack(endian + "H", data[off + 8:off + 10])
            out.append(lt)
        off += blen
    return out


# --------------------------------------------------------------------------
# Running the two tools
# --------------------------------------------------------------------------

def split_rows(raw, nf):
    """Output bytes -> list of rows (lists of nf cell bytes)."""
    if not raw:
        return [], 0
    lines = raw.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    rows = []
    bad = 0
    for line in lines:
        if line.endswith(b"\r"):
            line = line[:-1]
        cells = line.split(b"\t")
        if len(cells) != nf:
            bad += 1
            cells = (cells + [b""] * nf)[:nf]
        rows.append(cells)
    return rows, bad


def run(cmd, env, timeout):
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=env, timeout=timeout)
        return p.returncode, p.stdout, p.stderr, time.monotonic() - t0
    except subprocess.TimeoutExpired as e:
        return "timeout", e.stdout or b"", e.stderr or b"", time.monotonic() - t0
    except OSError as e:
        return "exec-error", b"", str(e).encode(), time.monotonic() - t0


class Runner:
    def __init__(self, args):
        self.args = args
        self.home = tempfile.mkdtemp(prefix="weir-conformance-home-")
        self.env = dict(os.environ)
        # An empty, private configuration: no personal preferences, profiles,
        # colouring rules or decode-as entries can change tshark's output.
        self.env["HOME"] = self.home
        self.env["WIRESHARK_CONFIG_DIR"] = self.home
        self.env["LC_ALL"] = "C.UTF-8"
        self.tshark_version = self._tshark_version()
        key = "\0".join([self.tshark_version] + TSHARK_FIELDS + TSHARK_EXTRA + TSHARK_PREFS)
        self.cache_salt = hashlib.sha256(key.encode()).hexdigest()[:16]

    def _tshark_version(self):
        rc, out, err, _ = run([self.args.tshark, "--version"], self.env, 60)
        first = out.decode("utf-8", "replace").splitlines()
        return first[0] if first else "unknown"

    def tshark_cmd(self, path):
        cmd = [self.args.tshark, "-r", path, "-n", "-T", "fields", "-E", "header=n"]
        for p in TSHARK_PREFS:
            cmd += ["-o", p]
        for f in TSHARK_FIELDS + TSHARK_EXTRA:
            cmd += ["-e", f]
        return cmd

    def weir_cmd(self, path):
        # tshark runs without IP and TCP reassembly (TSHARK_PREFS): weir too.
        cmd = [self.args.weir, "read", path, "-T", "fields", "-E", "header=n",
               "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE",
               "-o", "tcp.desegment_tcp_streams:FALSE"]
        for f in FIELDS:
            cmd += ["-e", f]
        return cmd

    def tshark(self, path):
        cache = None
        if self.args.cache:
            with open(path, "rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()
            cache = os.path.join(self.args.cache, "%s-%s.out" % (self.cache_salt, digest[:32]))
            if os.path.exists(cache):
                with open(cache, "rb") as f:
                    blob = f.read()
                rc_line, _, out = blob.partition(b"\n")
                return rc_line.decode(), out, b"", 0.0, True
        rc, out, err, secs = run(self.tshark_cmd(path), self.env, self.args.timeout)
        if cache and rc != "timeout" and rc != "exec-error":
            os.makedirs(self.args.cache, exist_ok=True)
            tmp = cache + ".tmp%d" % os.getpid()
            with open(tmp, "wb") as f:
                f.write(str(rc).encode() + b"\n" + out)
            os.replace(tmp, cache)
        return str(rc), out, err, secs, False

    def one(self, path):
        t_rc, t_out, t_err, t_secs, cached = self.tshark(path)
        w_rc, w_out, w_err, w_secs = run(self.weir_cmd(path), self.env, self.args.timeout)
        return {
            "path": path,
            "tshark_rc": t_rc, "tshark_out": t_out, "tshark_err": t_err,
            "tshark_secs": t_secs, "tshark_cached": cached,
            "weir_rc": w_rc, "weir_out": w_out, "weir_err": w_err, "weir_secs": w_secs,
        }


# --------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------

class FieldStat:
    __slots__ = ("cells", "agree", "weir_only", "tshark_only", "differ", "examples")

    def __init__(self):
        self.cells = self.agree = self.weir_only = self.tshark_only = self.differ = 0
        self.examples = []


def show(b):
    s = b.decode("utf-8", "backslashreplace")
    return s if s else "(empty)"


def score_file(res, fstats, max_examples, chain_diffs):
    w_rows, w_bad = split_rows(res["weir_out"], len(FIELDS))
    t_rows, t_bad = split_rows(res["tshark_out"], len(TSHARK_FIELDS) + len(TSHARK_EXTRA))
    chains = [r[-1] for r in t_rows]
    cols = [TSHARK_FIELDS.index(f) for f in FIELDS]
    t_rows = [[r[c] for c in cols] for r in t_rows]
    name = os.path.basename(res["path"])
    cells = agree = 0
    per_field_diff = collections.Counter()
    ex_per_file = collections.Counter()
    nrows = max(len(w_rows), len(t_rows))
    empty = [b""] * len(FIELDS)
    for i in range(nrows):
        w = w_rows[i] if i < len(w_rows) else None
        t = t_rows[i] if i < len(t_rows) else None
        wr = w if w is not None else empty
        tr = t if t is not None else empty
        for j, fname in enumerate(FIELDS):
            a, b = wr[j], tr[j]
            if not a and not b:
                continue
            st = fstats[fname]
            st.cells += 1
            cells += 1
            if w is not None and t is not None and a == b:
                st.agree += 1
                agree += 1
                continue
            per_field_diff[fname] += 1
            chain = chains[i].decode("utf-8", "replace") if t is not None else "(packet not in tshark output)"
            if w is None:
                chain = "(packet not in weir output) " + chain
            chain_diffs[chain][fname] += 1
            if w is None or t is None:
                # Packet missing from one output: counted, but not as a field
                # bug (reported per file instead).
                continue
            if not a:
                st.tshark_only += 1
                kind = "missing in weir"
            elif not b:
                st.weir_only += 1
                kind = "extra in weir"
            else:
                st.differ += 1
                kind = "value differs"
            # Examples from as many files as possible: at most 2 per file.
            if len(st.examples) < max_examples and ex_per_file[fname] < 2:
                ex_per_file[fname] += 1
                st.examples.append((name, i + 1, kind, show(a), show(b)))
    return {
        "name": name, "cells": cells, "agree": agree,
        "weir_pkts": len(w_rows), "tshark_pkts": len(t_rows),
        "weir_bad_lines": w_bad, "tshark_bad_lines": t_bad,
        "field_diffs": per_field_diff,
    }


def first_line(b):
    s = b.decode("utf-8", "replace").strip().splitlines()
    return " ".join(x.strip() for x in s[:3])[:200] if s else ""


def is_crash(rc, stderr=b""):
    """Signal, timeout, exit >= 128, or a sanitizer report (ASan/UBSan exit
    with status 1 by default, so the status alone does not tell)."""
    if rc in ("timeout", "exec-error") or (isinstance(rc, int) and (rc < 0 or rc >= 128)):
        return True
    return rc != 0 and (b"Sanitizer" in stderr or b"runtime error:" in stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--weir", required=True, help="path to the weir binary")
    ap.add_argument("--corpus", required=True, help="folder of capture files")
    ap.add_argument("--tshark", default="tshark")
    ap.add_argument("--report", default="conformance-report.txt")
    ap.add_argument("--threshold", type=float, default=99.5, help="minimum agreement in percent")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per process")
    ap.add_argument("--cache", default="", help="folder caching tshark outputs (keyed by file "
                    "hash, tshark version, fields and prefs); empty disables")
    ap.add_argument("--examples", type=int, default=12, help="examples kept per field")
    ap.add_argument("--only", default="", help="comma-separated file names to restrict the run to")
    ap.add_argument("--skip-fields", default="", help="developer aid: leave these comma-separated "
                    "fields out (the figure is then marked PARTIAL and the test cannot pass)")
    ap.add_argument("--fields", default="", help="compare these comma-separated fields instead of the "
                    "specified set (the headline names them)")
    ap.add_argument("--seq-analysis", action="store_true", help="leave tshark's TCP sequence analysis "
                    "on (its default; relative tcp.seq/tcp.ack/tcp.nxtseq)")
    ap.add_argument("--extra-linktypes", default="", help="comma-separated link types to include "
                    "besides the specified set (e.g. 9,50 for PPP); the headline names them")
    args = ap.parse_args()
    partial = ""
    if args.extra_linktypes:
        extra = {int(x) for x in args.extra_linktypes.split(",")}
        SUPPORTED_LINKTYPES.update(extra)
        partial = " (extra link types %s)" % ",".join(map(str, sorted(extra)))
    if args.seq_analysis:
        TSHARK_PREFS.remove("tcp.analyze_sequence_numbers:FALSE")
        partial += " (tshark's TCP sequence analysis on)"
    if args.fields:
        FIELDS[:] = args.fields.split(",")
        TSHARK_FIELDS[:] = list(FIELDS)
        partial += " (fields %s)" % args.fields
    if args.skip_fields:
        skip = set(args.skip_fields.split(","))
        unknown = skip - set(FIELDS)
        if unknown:
            print("conformance: unknown field(s) in --skip-fields: %s" % ",".join(sorted(unknown)))
            return 1
        FIELDS[:] = [f for f in FIELDS if f not in skip]
        partial += " PARTIAL (%d fields skipped: %s)" % (len(skip), ",".join(sorted(skip)))

    if not os.path.isdir(args.corpus):
        print("conformance: SKIP: corpus folder %s not found" % args.corpus)
        return 77
    if not os.access(args.weir, os.X_OK):
        print("conformance: weir binary %s is not executable" % args.weir)
        return 1

    names = sorted(os.listdir(args.corpus))
    if args.only:
        wanted = set(args.only.split(","))
        names = [n for n in names if n in wanted]
    included, skipped = [], []
    for n in names:
        path = os.path.join(args.corpus, n)
        if not os.path.isfile(path):
            continue
        fmt, lts = file_linktypes(path)
        if fmt is None:
            skipped.append((n, lts))
        elif not lts:
            skipped.append((n, "%s with no readable interface description" % fmt))
        elif not all(lt in SUPPORTED_LINKTYPES for lt in lts):
            bad = sorted({lt for lt in lts if lt not in SUPPORTED_LINKTYPES})
            skipped.append((n, "unsupported link type %s" % ",".join(map(str, bad))))
        else:
            included.append((path, fmt, lts))

    runner = Runner(args)
    t0 = time.monotonic()
    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        futs = [ex.submit(runner.one, p) for (p, _, _) in included]
        for fu in futs:
            results.append(fu.result())
    wall = time.monotonic() - t0

    fstats = {f: FieldStat() for f in FIELDS}
    chain_diffs = collections.defaultdict(collections.Counter)
    files = []
    for (path, fmt, lts), res in zip(included, results):
        fs = score_file(res, fstats, args.examples, chain_diffs)
        fs.update(fmt=fmt, lts=lts, res=res)
        files.append(fs)

    total = sum(f["cells"] for f in files)
    agree = sum(f["agree"] for f in files)
    pct = 100.0 * agree / total if total else 0.0
    count_mismatch = [f for f in files if f["weir_pkts"] != f["tshark_pkts"]]
    crashes = [f for f in files if is_crash(f["res"]["weir_rc"], f["res"]["weir_err"])]
    weir_errors = [f for f in files if f["res"]["weir_rc"] != 0 and f not in crashes]
    weir_secs = sum(f["res"]["weir_secs"] for f in files)
    tshark_secs = sum(f["res"]["tshark_secs"] for f in files)
    ncached = sum(1 for f in files if f["res"]["tshark_cached"])
    weir_pkts = sum(f["weir_pkts"] for f in files)
    tshark_pkts = sum(f["tshark_pkts"] for f in files)
    headline = "conformance: %.2f%% (%d/%d cells agree) over %d files%s" % (
        pct, agree, total, len(files), partial)

    # ---- detailed report ----
    lines = []
    add = lines.append
    add(headline)
    add("date: %s" % time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()))
    add("weir: %s" % args.weir)
    add("tshark: %s" % runner.tshark_version)
    add("tshark command: %s" % " ".join(runner.tshark_cmd("FILE")))
    add("weir command: %s" % " ".join(runner.weir_cmd("FILE")))
    add("corpus: %s (%d files, %d included, %d skipped)" % (args.corpus, len(names), len(files), len(skipped)))
    add("packets: weir %d, tshark %d; files with different packet counts: %d" %
        (weir_pkts, tshark_pkts, len(count_mismatch)))
    add("time: wall %.1fs; sum of process wall times: weir %.1fs, tshark %.1fs (%d of %d tshark outputs from cache)" %
        (wall, weir_secs, tshark_secs, ncached, len(files)))
    add("threshold: %.2f%%" % args.threshold)
    add("")
    add("== Per field (cells = non-empty in either output; missing/extra/differs exclude packets "
        "present in only one output) ==")
    add("%-40s %8s %8s %7s %8s %8s %8s %8s" % ("field", "cells", "agree", "pct", "diff", "missing",
                                              "extra", "differs"))
    for f in FIELDS:
        st = fstats[f]
        d = st.cells - st.agree
        p = 100.0 * st.agree / st.cells if st.cells else 100.0
        add("%-40s %8d %8d %6.2f%% %8d %8d %8d %8d" % (f, st.cells, st.agree, p, d, st.tshark_only,
                                                     st.weir_only, st.differ))
    add("")
    add("== Examples per field (file, packet, kind, weir value, tshark value) ==")
    for f in sorted(FIELDS, key=lambda x: -(fstats[x].cells - fstats[x].agree)):
        st = fstats[f]
        if st.cells == st.agree:
            continue
        add("-- %s: %d differences" % (f, st.cells - st.agree))
        for (name, pkt, kind, a, b) in st.examples:
            add("   %s #%d %s: weir=%r tshark=%r" % (name, pkt, kind, a, b))
    add("")
    add("== Differing cells by tshark protocol chain (frame.protocols) ==")
    for chain, ctr in sorted(chain_diffs.items(), key=lambda kv: -sum(kv[1].values())):
        add("%6d  %s" % (sum(ctr.values()), chain))
        add("        %s" % ", ".join("%s:%d" % kv for kv in ctr.most_common(8)))
    add("")
    add("== Files with different packet counts ==")
    for f in count_mismatch:
        add("%-45s weir %6d tshark %6d  weir rc=%s %s | tshark rc=%s %s" % (
            f["name"], f["weir_pkts"], f["tshark_pkts"], f["res"]["weir_rc"],
            first_line(f["res"]["weir_err"]), f["res"]["tshark_rc"], first_line(f["res"]["tshark_err"])))
    add("")
    add("== weir crashes / timeouts ==")
    for f in crashes:
        add("%s rc=%s %s" % (f["name"], f["res"]["weir_rc"], first_line(f["res"]["weir_err"])))
    add("")
    add("== weir non-zero exits (not crashes) ==")
    for f in weir_errors:
        add("%s rc=%s %s" % (f["name"], f["res"]["weir_rc"], first_line(f["res"]["weir_err"])))
    add("")
    add("== Per file (worst first) ==")
    add("%-45s %-9s %-18s %7s %7s %8s %8s %7s  top differing fields" % (
        "file", "format", "link types", "w.pkts", "t.pkts", "cells", "diff", "pct"))
    for f in sorted(files, key=lambda x: -(x["cells"] - x["agree"])):
        d = f["cells"] - f["agree"]
        p = 100.0 * f["agree"] / f["cells"] if f["cells"] else 100.0
        top = ", ".join("%s:%d" % kv for kv in f["field_diffs"].most_common(4))
        bad = ""
        if f["weir_bad_lines"] or f["tshark_bad_lines"]:
            bad = " [lines with wrong cell count: weir %d tshark %d]" % (f["weir_bad_lines"], f["tshark_bad_lines"])
        add("%-45s %-9s %-18s %7d %7d %8d %8d %6.2f%%  %s%s" % (
            f["name"], f["fmt"], ",".join(lt_name(x) for x in sorted(set(f["lts"]))),
            f["weir_pkts"], f["tshark_pkts"], f["cells"], d, p, top, bad))
    add("")
    add("== Skipped files ==")
    for n, why in skipped:
        add("%-45s %s" % (n, why))
    report = "\n".join(lines) + "\n"
    try:
        os.makedirs(os.path.dirname(os.path.abspath(args.report)), exist_ok=True)
        with open(args.report, "w") as f:
            f.write(report)
    except OSError as e:
        print("conformance: cannot write report %s: %s" % (args.report, e))

    # ---- short summary on stdout ----
    print(headline)
    print("  %d files skipped (link type/format), %d packets compared (tshark count), "
          "%d files with different packet counts, %d weir crashes/timeouts, %.0fs wall" %
          (len(skipped), tshark_pkts, len(count_mismatch), len(crashes), wall))
    worst = sorted(FIELDS, key=lambda x: -(fstats[x].cells - fstats[x].agree))[:10]
    worst = [f for f in worst if fstats[f].cells != fstats[f].agree]
    if worst:
        print("  top mismatching fields:")
        for f in worst:
            st = fstats[f]
            print("    %-38s %6d of %7d cells differ (missing %d, extra %d, differs %d)" % (
                f, st.cells - st.agree, st.cells, st.tshark_only, st.weir_only, st.differ))
            for (name, pkt, kind, a, b) in st.examples[:2]:
                print("        e.g. %s #%d %s: weir=%r tshark=%r" % (name, pkt, kind, a, b))
    if count_mismatch:
        print("  packet-count mismatches (first 5):")
        for f in count_mismatch[:5]:
            print("    %s: weir %d, tshark %d (%s)" % (f["name"], f["weir_pkts"], f["tshark_pkts"],
                                                    first_line(f["res"]["weir_err"])))
    print("  full report: %s" % os.path.abspath(args.report))

    ok = total > 0 and pct >= args.threshold and not crashes and "PARTIAL" not in partial
    if crashes:
        print("conformance: FAIL: weir crashed or timed out on %d file(s): %s" %
              (len(crashes), ", ".join(f["name"] for f in crashes[:10])))
    if total == 0:
        print("conformance: FAIL: no cells compared")
    elif pct < args.threshold:
        print("conformance: FAIL: %.2f%% is below the threshold %.2f%%" % (pct, args.threshold))
    else:
        print("conformance: threshold %.2f%% met" % args.threshold)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
