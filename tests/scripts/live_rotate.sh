# Ring-buffer rotation: -C (size), -G (wall-clock aligned seconds) and -W
# (file count) alone and together produce the expected files, all readable,
# holding exactly the newest packets in order.
set -u
. "${WEIR_SOURCE_DIR:-$(dirname "$0")/../..}/tests/net/lib.sh" "$@"
net_setup r
read -r NPKT NBYTES < <(python3 "$SRC/tests/net/gen_pcap.py" "$TMP/g.pcap" --pairs 4 --per-pair 100)
echo "generated $NPKT packets, $NBYTES bytes"
dump() { tcpdump -nn -r "$1" -x 2>/dev/null | awk '/^[0-9]/{if (l) print l; l=""; next} {for (i=2;i<=NF;i++) l=l $i} END{if (l) print l}'; }

run() {  # run TAG PPS OPTIONS...: capture all NPKT packets with rotation options
  local tag=$1 pps=$2
  shift 2
  mkdir -p "$TMP/$tag"
  in_b timeout 30 "$WEIR" capture -i "$VB" -Q in -c "$NPKT" -w "$TMP/$tag/cap.pcapng" "$@" \
    --stats-json "$TMP/$tag.json" 2>"$TMP/$tag.err" &
  local p=$!
  wait_for "$TMP/$tag.err" "capturing on" 5 || fail "$tag: capture did not start"
  in_a timeout 30 "$WEIR" replay "$TMP/g.pcap" -i "$VA" --pps "$pps" -q || fail "$tag: replay"
  wait $p || fail "$tag: capture failed: $(cat "$TMP/$tag.err")"
}

verify() {  # verify TAG MAXBYTES MAXFILES SECONDS
  local tag=$1 maxb=$2 maxf=$3 secs=$4
  python3 - "$TMP/$tag" "$TMP/$tag.json" "$maxb" "$maxf" "$secs" "$NPKT" <<'PY' || fail "$tag: files"
import json, os, re, subprocess, sys, calendar, time
d, js, maxb, maxf, secs, npkt = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
s = json.load(open(js))
files = sorted(os.listdir(d))
assert files == sorted(os.path.basename(f) for f in s["workers"][0]["files"]), (files, s["workers"][0]["files"])
removed = s["workers"][0]["files_removed"]
if maxf:
    assert len(files) <= maxf, files
seqs = []
total = 0
for f in files:
    m = re.fullmatch(r"cap_(\d{5})_(\d{14})\.pcapng", f)
    assert m, f
    seqs.append(int(m.group(1)))
    p = os.path.join(d, f)
    out = subprocess.run(["tshark", "-r", p, "-T", "fields", "-e", "frame.time_epoch", "-e", "frame.len"],
                         capture_output=True, text=True)
    assert out.returncode == 0, (f, out.stderr)
    rows = [l.split() for l in out.stdout.splitlines()]
    assert rows, "empty file " + f
    total += len(rows)
    if maxb:  # a file is closed at the first packet after it reached the size
        assert os.path.getsize(p) < maxb + 1600 + 100, (f, os.path.getsize(p))
    if secs:
        start = calendar.timegm(time.strptime(m.group(2), "%Y%m%d%H%M%S"))
        assert start % secs == 0, f
        for t, _ in rows:
            assert start <= float(t) < start + secs, (f, t, start)
assert seqs == list(range(removed, removed + len(files))), (seqs, removed)
print("%s: %d files kept, %d removed, %d packets in kept files" % (os.path.basename(d), len(files), removed, total))
if not maxf:
    assert total == npkt and removed == 0
PY
  # the kept files, in order, are exactly the newest packets
  local n
  n=$(for f in "$TMP/$tag"/cap_*; do dump "$f"; done | wc -l)
  cmp -s <(for f in "$TMP/$tag"/cap_*; do dump "$f"; done) <(dump "$TMP/g.pcap" | tail -n "$n") ||
    fail "$tag: kept files are not the newest $n packets in order"
}

# -C alone: 50 kB files, none removed
run size 20000 -C 50k
verify size 50000 0 0
[ "$(ls "$TMP/size" | wc -l)" -ge 5 ] || fail "size: too few files"
# -C + -W: only the newest 3 remain
run sizecount 20000 -C 50k -W 3
verify sizecount 50000 3 0
[ "$(ls "$TMP/sizecount" | wc -l)" = 3 ] || fail "sizecount: want 3 files"
# -G + -C + -W together, over ~2.5 s of traffic
run all 170 -G 1 -C 40k -W 4
verify all 40000 4 1
echo PASS
