# Rotation as tcpdump does it: -C (size: FILE, FILE1, ...), -C with -W (a
# ring FILE0..FILE<N-1>, oldest overwritten), -G (strftime names), -G with -W
# (stop after N files), -G with -C and -W (a count per -G file). Every file is
# readable, and the files, in the order they were written, hold exactly the
# newest packets in order.
set -u
. "${WEIR_SOURCE_DIR:-$(dirname "$0")/../..}/tests/net/lib.sh" "$@"
net_setup r
export TZ=UTC  # -G names are local time, as in tcpdump
read -r NPKT NBYTES < <(python3 "$SRC/tests/net/gen_pcap.py" "$TMP/g.pcap" --pairs 4 --per-pair 100)
echo "generated $NPKT packets, $NBYTES bytes"
dump() { tcpdump -nn -r "$1" -x 2>/dev/null | awk '/^[0-9]/{if (l) print l; l=""; next} {for (i=2;i<=NF;i++) l=l $i} END{if (l) print l}'; }

run() {  # run TAG PPS NAME OPTIONS...: capture (up to) all NPKT packets with rotation options
  local tag=$1 pps=$2 name=$3
  shift 3
  mkdir -p "$TMP/$tag"
  in_b timeout 30 "$WEIR" capture -i "$VB" -Q in -c "$NPKT" -w "$TMP/$tag/$name" "$@" \
    --stats-json "$TMP/$tag.json" 2>"$TMP/$tag.err" &
  local p=$!
  wait_for "$TMP/$tag.err" "capturing on" 5 || fail "$tag: capture did not start"
  in_a timeout 30 "$WEIR" replay "$TMP/g.pcap" -i "$VA" --pps "$pps" -q || fail "$tag: replay"
  wait $p || fail "$tag: capture failed: $(cat "$TMP/$tag.err")"
}

# verify TAG REGEX MAXBYTES MAXFILES SECONDS EXPECT_ALL [head]: the directory holds
# exactly the files the stats list, each name matching REGEX (group 1: the
# strftime part as %H%M%S, or empty; group 2: the count, or empty), within
# the size (+ one packet) and the -G window; ordered by first packet, they
# hold the newest packets in order (all NPKT of them when EXPECT_ALL=1; the
# first ones with "head", for a capture that stopped early).
verify() {
  local tag=$1 regex=$2 maxb=$3 maxf=$4 secs=$5 all=$6 part=${7:-tail}
  python3 - "$TMP/$tag" "$TMP/$tag.json" "$regex" "$maxb" "$maxf" "$secs" "$NPKT" "$all" <<'PY' >"$TMP/$tag.order" || fail "$tag: files"
import json, os, re, subprocess, sys
d, js, regex = sys.argv[1], sys.argv[2], sys.argv[3]
maxb, maxf, secs, npkt, want_all = (int(x) for x in sys.argv[4:9])
s = json.load(open(js))
files = sorted(os.listdir(d))
listed = sorted(os.path.basename(f) for f in s["workers"][0]["files"])
assert files == listed, (files, listed)
if maxf:
    assert len(files) <= maxf, files
first = []
total = 0
for f in files:
    m = re.fullmatch(regex, f)
    assert m, (f, regex)
    p = os.path.join(d, f)
    out = subprocess.run(["tshark", "-r", p, "-T", "fields", "-e", "frame.time_epoch"], capture_output=True, text=True)
    assert out.returncode == 0, (f, out.stderr)
    ts = [float(l) for l in out.stdout.split()]
    if not ts:  # only a file the capture opened at its start may be empty
        continue
    total += len(ts)
    first.append((ts[0], f))
    if maxb:  # a file is closed at the first packet after it grew past the size
        assert os.path.getsize(p) <= maxb + 1600 + 100, (f, os.path.getsize(p))
    if secs and m.group(1):
        h, mi, se = int(m.group(1)[:2]), int(m.group(1)[2:4]), int(m.group(1)[4:])
        opened = h * 3600 + mi * 60 + se
        for t in ts:
            day = int(t) % 86400
            assert 0 <= (day - opened) % 86400 < secs, (f, t)
if want_all:
    assert total == npkt, (total, npkt)
for _, f in sorted(first):
    print(os.path.join(d, f))
print("%s: %d files, %d packets, %d overwritten" % (os.path.basename(d), len(files), total,
      s["workers"][0]["files_overwritten"]), file=sys.stderr)
PY
  local n
  n=$(while read -r f; do dump "$f"; done <"$TMP/$tag.order" | wc -l)
  [ "$n" -gt 0 ] || fail "$tag: no packets kept"
  cmp -s <(while read -r f; do dump "$f"; done <"$TMP/$tag.order") <(dump "$TMP/g.pcap" | $part -n "$n") ||
    fail "$tag: the files are not the $part $n packets in order"
}

# -C alone: cap.pcapng, cap.pcapng1, cap.pcapng2, ... (50 kB each), all packets
run size 20000 cap.pcapng -C 50k
verify size 'cap\.pcapng()(\d*)' 51200 0 0 1
[ -f "$TMP/size/cap.pcapng" ] && [ -f "$TMP/size/cap.pcapng1" ] && [ "$(ls "$TMP/size" | wc -l)" -ge 5 ] ||
  fail "size: want cap.pcapng, cap.pcapng1, ... (got $(ls "$TMP/size" | tr '\n' ' '))"
# -C + -W 3: the ring cap.pcapng0..2, holding the newest packets
run ring 20000 cap.pcapng -C 50k -W 3
verify ring 'cap\.pcapng()([0-2])' 51200 3 0 0
[ "$(ls "$TMP/ring" | tr '\n' ' ')" = "cap.pcapng0 cap.pcapng1 cap.pcapng2 " ] || fail "ring: $(ls "$TMP/ring" | tr '\n' ' ')"
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["workers"][0]["files_overwritten"] > 0' "$TMP/ring.json" ||
  fail "ring: no file was overwritten"
# -G 1 + -C 40k + -W 10 over ~2.5 s of traffic: cap-HHMMSS.pcapng<count>,
# count 0..9 in each second (~135 kB/s: 4 files, far from a wrap at 10)
run all 170 'cap-%H%M%S.pcapng' -G 1 -C 40k -W 10
verify all 'cap-(\d{6})\.pcapng(\d)' 40960 0 1 1
[ "$(ls "$TMP/all" | cut -d. -f1 | sort -u | wc -l)" -ge 3 ] || fail "all: want files of 3 or more seconds: $(ls "$TMP/all")"
# -G 1 + -W 2: two files, then the capture ends by itself (exit 0)
run stop 170 'cap-%H%M%S.pcapng' -G 1 -W 2
grep -q "Maximum file limit reached: 2" "$TMP/stop.err" || fail "stop: no limit message: $(cat "$TMP/stop.err")"
verify stop 'cap-(\d{6})\.pcapng()' 0 2 1 0 head
[ "$(ls "$TMP/stop" | wc -l)" = 2 ] || fail "stop: want 2 files: $(ls "$TMP/stop")"
echo PASS
