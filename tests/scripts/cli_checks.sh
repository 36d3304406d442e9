#!/usr/bin/env bash
# Cross-checks of `weir read` against python's JSON parser and tcpdump:
#   bash tests/scripts/cli_checks.sh path/to/weir
set -u
WEIR=${1:?usage: cli_checks.sh path/to/weir}
SRC=${WEIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
S=$SRC/data/sample.pcapng
[ -f "$S" ] || { echo "SKIP: $S missing"; exit 77; }
TMP=$(mktemp -d /tmp/weir-checks.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
fail=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fail=1; }

# 1. Every -T json line parses, and there is one per packet.
"$WEIR" read "$S" -T json >"$TMP/all.json" || bad "-T json exited $?"
n=$(python3 - "$TMP/all.json" <<'EOF'
import json, sys
n = 0
for i, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    obj = json.loads(line)
    assert obj["frame"]["frame.number"] == str(i), (i, obj["frame"])
    assert isinstance(obj["layers"], list)
    n += 1
print(n)
EOF
) || bad "JSON output does not parse"
total=$(tcpdump -nn -r "$S" 2>/dev/null | wc -l)
[ "$n" = "$total" ] && ok "json: $n lines parse" || bad "json lines $n != packets $total"

# 2. --stats-json parses and agrees with the packet count.
"$WEIR" read "$S" -q --stats-json "$TMP/stats.json" >/dev/null || bad "--stats-json exited $?"
python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
assert s["packets"] == int(sys.argv[2]), s["packets"]
assert s["hierarchy"]["protocol"] == "frame" and s["hierarchy"]["frames"] == s["packets"]
assert len(s["ip_conversations"]) <= 10
' "$TMP/stats.json" "$total" && ok "stats json" || bad "stats json"

# 3. -w output re-read by tcpdump has as many packets as tcpdump's filter.
for f in "tcp port 80" "udp" "icmp or arp" "ip6" "vlan" "tcp[tcpflags] & tcp-syn != 0"; do
  "$WEIR" read "$S" -w "$TMP/w.pcapng" $f || bad "-w with '$f' exited $?"
  a=$(tcpdump -nn -r "$TMP/w.pcapng" 2>/dev/null | wc -l)
  b=$(tcpdump -nn -r "$S" $f 2>/dev/null | wc -l)
  [ "$a" = "$b" ] && [ "$a" -gt 0 ] && ok "-w '$f': $a packets" || bad "-w '$f': weir wrote $a, tcpdump selects $b"
  "$WEIR" read "$S" --pcap -w "$TMP/w.pcap" $f || bad "-w --pcap exited $?"
  a=$(tcpdump -nn -r "$TMP/w.pcap" 2>/dev/null | wc -l)
  [ "$a" = "$b" ] && ok "--pcap -w '$f'" || bad "--pcap -w '$f': $a vs $b"
done
# Written packets are byte-identical to the originals (tcpdump -x dump).
"$WEIR" read "$S" -w "$TMP/all.pcapng"
cmp <(tcpdump -nn -xx -r "$S" 2>/dev/null) <(tcpdump -nn -xx -r "$TMP/all.pcapng" 2>/dev/null) &&
  ok "-w copies bytes and timestamps exactly" || bad "-w changed packets"
# -w - to standard output.
"$WEIR" read "$S" -w - udp | tcpdump -nn -r - 2>/dev/null | wc -l >"$TMP/n"
[ "$(cat "$TMP/n")" = "$(tcpdump -nn -r "$S" udp 2>/dev/null | wc -l)" ] && ok "-w -" || bad "-w - count $(cat "$TMP/n")"

# 4. --split-by with a tiny LRU (files closed and re-opened) gives the same
#    files as without a limit, and they are readable by tcpdump.
for fmt in "" "--pcap"; do
  for mode in ip flow port; do
    rm -rf "$TMP/s1" "$TMP/s2"
    "$WEIR" read "$S" $fmt --split-by $mode "$TMP/s1" || bad "split $mode exited $?"
    "$WEIR" read "$S" $fmt --split-by $mode "$TMP/s2" --max-open 1 || bad "split $mode --max-open 1 exited $?"
    if diff -r "$TMP/s1" "$TMP/s2" >/dev/null; then ok "split $mode $fmt: LRU re-opening gives identical files"
    else bad "split $mode $fmt: files differ with --max-open 1"; fi
    sum=0
    for f in "$TMP/s2"/*; do
      c=$(tcpdump -nn -r "$f" 2>/dev/null | wc -l)
      [ "$c" -gt 0 ] || bad "tcpdump cannot read $f"
      sum=$((sum + c))
    done
    case $mode in
      ip) want=$(tcpdump -nn -r "$S" 'ip or ip6 or (vlan and ip)' 2>/dev/null | wc -l) ;;
      *) want=$(tcpdump -nn -r "$S" 'tcp or udp' 2>/dev/null | wc -l) ;;
    esac
    # ip: a packet goes to both hosts' files; count it via the unique tcpdump lines.
    if [ $mode = ip ]; then
      u=$(for f in "$TMP/s2"/*; do tcpdump -nn -tt -r "$f" 2>/dev/null; done | sort -u | wc -l)
      [ "$u" = "$want" ] && ok "split ip covers $want packets" || bad "split ip covers $u of $want"
    elif [ $mode = flow ]; then
      # flow also holds IP packets without ports (the truncated TCP one).
      want=$(tcpdump -nn -r "$S" 'ip or ip6 or (vlan and ip)' 2>/dev/null | wc -l)
      [ "$sum" = "$want" ] && ok "split flow: $sum packets" || bad "split flow: $sum vs $want"
    else
      [ "$sum" -le "$want" ] && [ "$sum" -gt 0 ] && ok "split port: $sum packets" || bad "split port: $sum vs $want"
    fi
  done
done

# 5. Options after FILE and filter words before options (tcpdump style), --.
a=$("$WEIR" read -c 3 "$S" udp | wc -l)
b=$("$WEIR" read "$S" udp -c 3 | wc -l)
c=$("$WEIR" read -- "$S" udp | wc -l)
[ "$a" = 3 ] && [ "$b" = 3 ] && [ "$c" -gt 3 ] && ok "option order" || bad "option order: $a $b $c"
# getopt-style clusters as in tcpdump (-nc3, -nr FILE, -eFIELD), a filter
# before -r, unknown clusters refused, 'ip broadcast' as tcpdump reads it.
a=$("$WEIR" read "$S" -nc3 | wc -l)
b=$("$WEIR" read -nr "$S" -c2 | wc -l)
c=$("$WEIR" read "$S" -T fields -eip.src -c1 udp)
d=$("$WEIR" read udp -r "$S" | wc -l)
e=$("$WEIR" read "$S" udp | wc -l)
f=$("$WEIR" read "$S" 'ip broadcast' | wc -l)
g=$(tcpdump -nn -r "$S" 'ip broadcast' 2>/dev/null | wc -l)
"$WEIR" read "$S" -nope >/dev/null 2>&1
h=$?
"$WEIR" read "$S" --stats=x >/dev/null 2>&1
k=$?
[ "$a" = 3 ] && [ "$b" = 2 ] && [ -n "$c" ] && [ "$d" = "$e" ] && [ "$f" = "$g" ] && [ "$f" -gt 0 ] && [ $h = 1 ] && [ $k = 1 ] &&
  ok "option clusters, filter before -r, ip broadcast" || bad "clusters: $a $b '$c' $d/$e $f/$g rc=$h,$k"
# tshark's -o for the preferences weir has (IP reassembly), in either
# case, clustered too; others refused with the reason.
a=$("$WEIR" read "$S" -o ip.defragment:false -oipv6.defragment:TRUE -c1 | wc -l)
"$WEIR" read "$S" -o http.desegment_body:FALSE >/dev/null 2>"$TMP/pref.err"
b=$?
"$WEIR" read "$S" -o ip.defragment:maybe >/dev/null 2>&1
c=$?
[ "$a" = 1 ] && [ $b = 1 ] && grep -q "unknown preference" "$TMP/pref.err" && [ $c = 1 ] &&
  ok "-o ip.defragment / ipv6.defragment; others refused" || bad "-o: $a rc=$b,$c $(cat "$TMP/pref.err")"
v=$("$WEIR" --version) && echo "$v" | grep -q '^weir [0-9]' && echo "$v" | grep -q libpcap &&
  ok "--version: $(echo $v | head -c 40)" || bad "--version: '$v'"

# 6. A damaged file: the good prefix is processed, then exit 2 with the offset.
head -c 70000 "$S" >"$TMP/cut.pcapng"
"$WEIR" read "$TMP/cut.pcapng" >"$TMP/cut.txt" 2>"$TMP/cut.err"
rc=$?
good=$(tcpdump -nn -r "$TMP/cut.pcapng" 2>/dev/null | wc -l)
[ $rc = 2 ] && [ "$(wc -l <"$TMP/cut.txt")" = "$good" ] && grep -q "offset" "$TMP/cut.err" &&
  ok "damaged file: $good packets then '$(cat "$TMP/cut.err")'" || bad "damaged: rc=$rc lines=$(wc -l <"$TMP/cut.txt") good=$good"

# 7. --salvage skips a record with a corrupt length (the 100th packet) and
#    reads on; without it the run stops there with exit 2.
python3 - "$S" "$TMP/corrupt.pcapng" <<'EOF'
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
off = i = 0
while off < len(d):
    t, l = struct.unpack("<II", d[off:off + 8])
    i += t == 6
    if i == 100:
        break
    off += l
d[off + 4:off + 8] = struct.pack("<I", 0x7ffffff0)
open(sys.argv[2], "wb").write(d)
EOF
a=$("$WEIR" read "$TMP/corrupt.pcapng" 2>/dev/null | wc -l)
"$WEIR" read "$TMP/corrupt.pcapng" >/dev/null 2>&1
rc=$?
b=$("$WEIR" read "$TMP/corrupt.pcapng" --salvage 2>"$TMP/salv.err" | wc -l)
[ "$a" = 99 ] && [ $rc = 2 ] && [ "$b" -gt 200 ] && ok "--salvage: $a packets without, $b with" ||
  bad "--salvage: $a (rc $rc) without, $b with"
# ... and says what it skipped.
grep -q "salvage skipped [1-9][0-9]* damaged bytes in 1 places" "$TMP/salv.err" &&
  ok "--salvage reports: $(cat "$TMP/salv.err")" || bad "--salvage said: '$(cat "$TMP/salv.err")'"
"$WEIR" read "$S" --salvage >/dev/null 2>"$TMP/salv2.err" && [ ! -s "$TMP/salv2.err" ] &&
  ok "--salvage on an intact file: silent" || bad "--salvage on an intact file: '$(cat "$TMP/salv2.err")'"

# 7b. -w must not be the input (truncating a mapped input would crash the
#     read); a -w file created for a run that cannot start is removed; a
#     failed write of the statistics is a failed run.
cp "$S" "$TMP/self.pcapng"
"$WEIR" read "$TMP/self.pcapng" -w "$TMP/self.pcapng" 2>"$TMP/self.err"; rc=$?
[ $rc != 0 ] && grep -q "is the input file" "$TMP/self.err" && cmp -s "$S" "$TMP/self.pcapng" &&
  ok "-w onto the input refused (rc $rc), input intact" || bad "-w onto the input: rc $rc, $(cat "$TMP/self.err")"
"$WEIR" read "$TMP/missing.pcap" -w "$TMP/never.pcapng" 2>/dev/null; rc=$?
[ $rc = 1 ] && [ ! -e "$TMP/never.pcapng" ] && ok "-w file removed when the input cannot be opened" ||
  bad "missing input: rc $rc, -w file $(ls "$TMP/never.pcapng" 2>&1)"
if [ -w /dev/full ]; then
  "$WEIR" read "$S" -q >/dev/full 2>/dev/null; rc=$?
  [ $rc = 3 ] && ok "statistics to a full device: exit 3" || bad "statistics to /dev/full: exit $rc"
fi

# 7b. Output files keep what tcpdump keeps: --split-by never writes into the
#     input's own directory (a split file could replace the input); the
#     input's snaplen (pcap header, pcapng IDB); the input's link type when
#     no packet passes the filter. A signal ends a read like its end: the -w
#     file is complete. Text and a capture on one standard output: refused.
mkdir -p "$TMP/sp"
cp "$S" "$TMP/sp/in.pcapng"
"$WEIR" read "$TMP/sp/in.pcapng" --split-by ip "$TMP/sp" 2>"$TMP/sp.err"; rc=$?
[ $rc != 0 ] && grep -q "input's own directory" "$TMP/sp.err" && cmp -s "$S" "$TMP/sp/in.pcapng" &&
  ok "--split-by into the input's directory refused (rc $rc)" || bad "--split-by into the input's directory: rc $rc, $(cat "$TMP/sp.err")"
"$WEIR" read "$S" --pcap -w "$TMP/s96.pcap" -c 5
python3 -c 'import sys; f = open(sys.argv[1], "r+b"); f.seek(16); f.write((96).to_bytes(4, "little"))' "$TMP/s96.pcap"
"$WEIR" read "$TMP/s96.pcap" -w "$TMP/s96.pcapng" && "$WEIR" read "$TMP/s96.pcap" --pcap -w "$TMP/s96b.pcap" || bad "snaplen copy exited $?"
snaps=$(python3 - "$TMP/s96.pcapng" "$TMP/s96b.pcap" <<'EOF'
import struct, sys
b = open(sys.argv[1], "rb").read()
shb = struct.unpack("<I", b[4:8])[0]
assert struct.unpack("<I", b[shb:shb + 4])[0] == 1
p = open(sys.argv[2], "rb").read()
# the records are cut to it too (the input's are longer than its header says)
off, longest = 24, 0
while off + 16 <= len(p):
    incl = struct.unpack("<I", p[off + 8:off + 12])[0]
    longest = max(longest, incl)
    off += 16 + incl
print(struct.unpack("<I", b[shb + 12:shb + 16])[0], struct.unpack("<I", p[16:20])[0], longest)
EOF
)
[ "$snaps" = "96 96 96" ] && ok "the input's snaplen 96 kept (pcapng IDB, pcap header, records)" ||
  bad "snaplen written: '$snaps', want '96 96 96'"
python3 - "$TMP/sll.pcap" <<'EOF'
import struct, sys
# One Linux cooked (SLL, link type 113) IPv4/UDP packet.
ip = bytes.fromhex("4500001c000100004011c0a8c6120001c612000204d2162e0008d4f5")
sll = struct.pack(">HHH8sH", 0, 1, 6, b"\x02\0\0\0\0\x01\0\0", 0x0800)
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 113))
    f.write(struct.pack("<IIII", 1, 0, len(sll + ip), len(sll + ip)) + sll + ip)
EOF
"$WEIR" read "$TMP/sll.pcap" -w "$TMP/none.pcapng" 'tcp port 1' && "$WEIR" read "$TMP/sll.pcap" --pcap -w "$TMP/none.pcap" 'tcp port 1' ||
  bad "empty outputs exited $?"
lts=$(python3 - "$TMP/none.pcapng" "$TMP/none.pcap" <<'EOF'
import struct, sys
b = open(sys.argv[1], "rb").read()
shb = struct.unpack("<I", b[4:8])[0]
print(struct.unpack("<H", b[shb + 8:shb + 10])[0], struct.unpack("<I", open(sys.argv[2], "rb").read()[20:24])[0])
EOF
)
[ "$lts" = "113 113" ] && ok "no packet passed: the output keeps link type 113" || bad "empty output link types: '$lts', want '113 113'"
# A filter that does not apply to the input's link type is an error, as in
# tcpdump (not a filter nothing passes); one that does applies.
"$WEIR" read "$TMP/sll.pcap" 'ether host 02:00:00:00:00:01' >"$TMP/lt.out" 2>"$TMP/lt.err"
rc=$?
tcpdump -r "$TMP/sll.pcap" 'ether host 02:00:00:00:00:01' >/dev/null 2>&1
trc=$?
[ $rc = 1 ] && [ $trc != 0 ] && grep -q "does not apply to link type 113" "$TMP/lt.err" &&
  [ "$("$WEIR" read "$TMP/sll.pcap" 'udp port 1234' | wc -l)" = 1 ] &&
  ok "filter for another link type: exit 1 with libpcap's reason" || bad "filter/link type: rc=$rc tcpdump=$trc $(cat "$TMP/lt.err")"
# A reader blocked on a pipe (the writer still sleeps) gets SIGTERM: it must
# end then (not when the pipe closes) with a complete -w file.
( cat "$S"; sleep 6; touch "$TMP/writer_done" ) | "$WEIR" read - -w "$TMP/int.pcapng" 2>"$TMP/int.err" &
sleep 1
pkill -TERM -f -- "read - -w $TMP/int.pcapng"
for i in $(seq 50); do pgrep -f -- "read - -w $TMP/int.pcapng" >/dev/null || break; sleep 0.1; done
ended_first=no
[ ! -e "$TMP/writer_done" ] && ! pgrep -f -- "read - -w $TMP/int.pcapng" >/dev/null && ended_first=yes
wait
want=$(tcpdump -r "$S" 2>/dev/null | wc -l)
got=$(tcpdump -r "$TMP/int.pcapng" 2>/dev/null | wc -l)
[ $ended_first = yes ] && [ "$got" = "$want" ] && grep -q "stopped by signal 15" "$TMP/int.err" &&
  ok "SIGTERM while reading a pipe: ends at once, -w file complete ($got packets)" ||
  bad "SIGTERM read: ended before the writer: $ended_first, $got of $want packets written, $(cat "$TMP/int.err")"
# An input with no packet at all: the output still has the input's link type.
head -c 24 "$TMP/sll.pcap" >"$TMP/sll0.pcap"
"$WEIR" read "$TMP/sll0.pcap" --pcap -w "$TMP/none0.pcap" || bad "empty input exited $?"
lt0=$(python3 -c 'import struct,sys; print(struct.unpack("<I", open(sys.argv[1], "rb").read()[20:24])[0])' "$TMP/none0.pcap")
[ "$lt0" = 113 ] && ok "an input without packets: the output keeps link type 113" || bad "empty input: link type $lt0"
"$WEIR" capture -i lo -w - -T text -c 1 >/dev/null 2>"$TMP/cap.err"; rc=$?
[ $rc = 2 ] && grep -q "cannot be combined with packet text" "$TMP/cap.err" && ok "capture -w - with packet text refused" ||
  bad "capture -w - -T text: rc $rc, $(cat "$TMP/cap.err")"

# 7c. tcp.stream / udp.stream count every packet read, as tshark's do with a
#     display filter: a filter changes which lines print, not the numbers.
"$WEIR" read "$S" -T fields -e frame.number -e tcp.stream >"$TMP/st_all.txt"
"$WEIR" read "$S" -T fields -e frame.number -e tcp.stream 'tcp port 25' >"$TMP/st_f.txt"
n=$(wc -l <"$TMP/st_f.txt")
same=$(awk -F'\t' 'NR == FNR {all[$1] = $2; next} ($1 in all) && all[$1] == $2 && $2 != "" {k++} END {print k + 0}' \
  "$TMP/st_all.txt" "$TMP/st_f.txt")
[ "$n" -gt 0 ] && [ "$same" = "$n" ] && [ "$(head -1 "$TMP/st_f.txt" | cut -f2)" != 0 ] &&
  ok "tcp.stream with a filter: the unfiltered numbers ($n packets)" || bad "tcp.stream changes with a filter ($same of $n)"

# 8. data/sample.pcapng is what `weir sample` generates (same packets and
#    timestamps; file-format details of the writer may differ).
"$WEIR" sample "$TMP/gen.pcapng" 2>/dev/null || bad "weir sample exited $?"
cmp -s <(tcpdump -nn -tt -xx -r "$S" 2>/dev/null) <(tcpdump -nn -tt -xx -r "$TMP/gen.pcapng" 2>/dev/null) &&
  ok "weir sample regenerates data/sample.pcapng" || bad "data/sample.pcapng differs from 'weir sample' output"

# 9. -w with -C/-G/-W when reading, as tcpdump names the files (tcpdump
#    4.99 takes -C in millions of bytes only: a 3 MB input).
count() { tcpdump -nn -r "$1" 2>/dev/null | wc -l; }
G=$TMP/gen.pcap
python3 "$SRC/tests/net/gen_pcap.py" "$G" --pairs 40 --per-pair 100 >/dev/null || bad "gen_pcap.py failed"
for W in "" 3; do
  rm -rf "$TMP/rc" "$TMP/tc"; mkdir -p "$TMP/rc" "$TMP/tc"
  "$WEIR" read "$G" -w "$TMP/rc/out" --pcap -C 1 ${W:+-W $W} || bad "read -C 1 ${W:+-W $W} exited $?"
  tcpdump -Z root -r "$G" -w "$TMP/tc/out" -C 1 ${W:+-W $W} 2>/dev/null || bad "tcpdump -C exited $?"
  wn=$(cd "$TMP/rc" && ls | sort -V | tr '\n' ' '); tn=$(cd "$TMP/tc" && ls | sort -V | tr '\n' ' ')
  wc_=$(cd "$TMP/rc" && for f in $(ls | sort -V); do count "$f"; done | tr '\n' ' ')
  tc_=$(cd "$TMP/tc" && for f in $(ls | sort -V); do count "$f"; done | tr '\n' ' ')
  [ "$wn" = "$tn" ] && [ "$wc_" = "$tc_" ] && [ "$(echo $wn | wc -w)" -ge 3 ] &&
    ok "read -C 1 ${W:+-W $W}: tcpdump's files and packets per file ($wn: $wc_)" ||
    bad "read -C 1 ${W:+-W $W}: weir '$wn' ($wc_), tcpdump '$tn' ($tc_)"
  if [ -z "$W" ]; then
    cmp -s <(for f in $(cd "$TMP/rc" && ls | sort -V); do tcpdump -S -nn -tt -xx -r "$TMP/rc/$f" 2>/dev/null; done) \
      <(tcpdump -S -nn -tt -xx -r "$G" 2>/dev/null) && ok "read -C: the files hold every packet in order" ||
      bad "read -C: the packets differ from the input"
  fi
done
# -G by packet time: the sample spans two seconds; strftime names the files.
rm -rf "$TMP/rg"; mkdir -p "$TMP/rg"
"$WEIR" read "$S" -w "$TMP/rg/s%S.pcapng" -G 1 || bad "read -G exited $?"
files=$(cd "$TMP/rg" && ls | tr '\n' ' ')
sum=0; okg=1
for f in $(cd "$TMP/rg" && ls); do
  n=$(count "$TMP/rg/$f"); sum=$((sum + n))
  secs=$(tcpdump -nn -tt -r "$TMP/rg/$f" 2>/dev/null | cut -d. -f1 | sort -u | wc -l)
  [ "$secs" = 1 ] || okg=0
done
[ "$(echo $files | wc -w)" = 2 ] && [ $okg = 1 ] && [ $sum = "$total" ] &&
  ok "read -G 1: one file per second of packet time ($files)" || bad "read -G 1: files '$files', $sum packets of $total"
rm -rf "$TMP/rg"; mkdir -p "$TMP/rg"
"$WEIR" read "$S" -w "$TMP/rg/g" -G 1 -W 1 -T fields -e frame.number >"$TMP/g.out" 2>"$TMP/g.err" ||
  bad "read -G -W exited $?"
first=$(tcpdump -nn -tt -r "$S" 2>/dev/null | awk -F. 'NR == 1 {s = $1} $1 == s {n++} END {print n}')
# (and prints no packet it does not write, as tcpdump)
[ "$(ls "$TMP/rg")" = g ] && [ "$(count "$TMP/rg/g")" = "$first" ] && grep -q "Maximum file limit reached: 1" "$TMP/g.err" &&
  [ "$(wc -l <"$TMP/g.out")" = "$first" ] &&
  ok "read -G 1 -W 1: stops after the first file ($first packets, as many printed)" ||
  bad "read -G -W: $(ls "$TMP/rg"), $(wc -l <"$TMP/g.out") printed, $(cat "$TMP/g.err")"
for args in "-W 2 -w $TMP/x" "-C 1" "-w - -C 1"; do
  "$WEIR" read "$S" $args >/dev/null 2>"$TMP/e.err"; rc=$?
  [ $rc = 1 ] && ok "read $args refused" || bad "read $args: rc $rc"
done

# 10. gzip-compressed input, as tshark reads it: a file, a pipe, several
#     members; a cut file ends like a cut capture; bad data is an error.
gzip -c "$S" >"$TMP/s.gz"
ref=$("$WEIR" read "$S" -T fields -e frame.number -e frame.len -e ip.src -e tcp.stream | sha256sum)
[ "$("$WEIR" read "$TMP/s.gz" -T fields -e frame.number -e frame.len -e ip.src -e tcp.stream | sha256sum)" = "$ref" ] &&
  [ "$(cat "$TMP/s.gz" | "$WEIR" read - -T fields -e frame.number -e frame.len -e ip.src -e tcp.stream | sha256sum)" = "$ref" ] &&
  cmp -s <("$WEIR" read "$TMP/s.gz" -T fields -e frame.number -e frame.len -e ip.src) \
    <(tshark -r "$TMP/s.gz" -T fields -e frame.number -e frame.len -e ip.src 2>/dev/null) &&
  ok "gzip input: file and pipe as the plain file, as tshark" || bad "gzip input differs"
half=$(( $(stat -c %s "$S") / 2 ))
{ head -c $half "$S" | gzip -c; tail -c +$((half + 1)) "$S" | gzip -c; } >"$TMP/two.gz"
[ "$("$WEIR" read "$TMP/two.gz" -T fields -e frame.number -e frame.len -e ip.src -e tcp.stream | sha256sum)" = "$ref" ] &&
  ok "gzip input: two members read as one file" || bad "gzip input with two members differs"
head -c $(( $(stat -c %s "$TMP/s.gz") / 2 )) "$TMP/s.gz" >"$TMP/cut.gz"
"$WEIR" read "$TMP/cut.gz" >"$TMP/cut.out" 2>"$TMP/cut.err"; rc=$?
n=$(wc -l <"$TMP/cut.out")
[ $rc = 2 ] && [ "$n" -gt 10 ] && [ "$n" -lt "$total" ] &&
  ok "gzip input cut in half: $n packets, then exit 2 ($(head -c 80 "$TMP/cut.err"))" || bad "cut gzip: rc $rc, $n packets"
python3 -c '
import sys
b = bytearray(open(sys.argv[1], "rb").read())
for i in range(200, 260): b[i] ^= 0x5a
open(sys.argv[2], "wb").write(b)' "$TMP/s.gz" "$TMP/bad.gz"
"$WEIR" read "$TMP/bad.gz" >/dev/null 2>"$TMP/bad.err"; rc=$?
[ $rc != 0 ] && grep -q "gzip data error" "$TMP/bad.err" && ok "damaged gzip data: exit $rc with zlib's reason" ||
  bad "damaged gzip: rc $rc, $(cat "$TMP/bad.err")"
# Damage at the very end (the CRC; the trailer cut off): every packet is
# shown, then exit 2 with the reason, as tshark.
python3 -c '
import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[-8] ^= 0xff
open(sys.argv[2], "wb").write(b)
open(sys.argv[3], "wb").write(b[:-4] if False else open(sys.argv[1], "rb").read()[:-4])' "$TMP/s.gz" "$TMP/crc.gz" "$TMP/cut4.gz"
for f in crc cut4; do
  "$WEIR" read "$TMP/$f.gz" >"$TMP/$f.out" 2>"$TMP/$f.err"; rc=$?
  n=$(wc -l <"$TMP/$f.out")
  [ $rc = 2 ] && [ "$n" = "$total" ] && grep -q "incorrect data check\|cut short" "$TMP/$f.err" &&
    ok "gzip $f: all $n packets, then exit 2 ($(head -c 70 "$TMP/$f.err"))" || bad "gzip $f: rc $rc, $n packets, $(cat "$TMP/$f.err")"
done
: | gzip -c >"$TMP/empty.gz"
"$WEIR" read "$TMP/empty.gz" >/dev/null 2>"$TMP/e.err"; rc=$?
[ $rc = 1 ] && grep -q "gzip data holds no capture" "$TMP/e.err" && ok "empty gzip: exit 1" || bad "empty gzip: rc $rc, $(cat "$TMP/e.err")"

exit $fail
