#!/usr/bin/env bash
# Offline side-by-side benchmarks of `weir read` against tshark and tcpdump
# on one large Ethernet pcap (see docs/performance.md for results).
#
# Usage: bench/offline.sh WEIR_BINARY [BIG.pcap]
#   BIG defaults to $BENCH_DIR/big.pcap, built by make_big_capture.sh if absent.
# Env:
#   BENCH_DIR           work folder (default: <folder of WEIR_BINARY>/bench)
#   BENCH_REPS          repetitions per command, best kept (default 3)
#   BENCH_TSHARK_COUNT  run tshark on the first N packets only (-c N) and
#                       compare per-packet costs (default 0 = whole file)
#   BENCH_FIELDS        the 10 fields of pair (a), space-separated
#   BENCH_FILTER        filter for the -w pair (default "tcp port 80 or udp port 53")
#
# Pairs (CPU = user+sys, best of BENCH_REPS; wall clock best too):
#   (a) weir read BIG -T fields (10 fields)  vs  tshark -r BIG -T fields (same fields, same prefs as
#       the conformance test; both without reassembly)   target: weir >= 100x faster per packet
#   (b) weir read BIG > /dev/null            vs  tcpdump -nn -r BIG > /dev/null
#                                             target: weir CPU <= 1/3 of tcpdump's
#   (c) weir read BIG -w OUT --pcap FILTER   vs  tcpdump -r BIG -w OUT FILTER
#                                             target: weir no slower; same packet count
set -euo pipefail
WEIR=${1:?usage: offline.sh WEIR_BINARY [BIG.pcap]}
HERE=$(cd "$(dirname "$0")" && pwd)
BENCH_DIR=${BENCH_DIR:-$(cd "$(dirname "$WEIR")" && pwd)/bench}
REPS=${BENCH_REPS:-3}
TSHARK_COUNT=${BENCH_TSHARK_COUNT:-0}
FILTER=${BENCH_FILTER:-tcp port 80 or udp port 53}
mkdir -p "$BENCH_DIR"
BIG=${2:-$BENCH_DIR/big.pcap}
if [ ! -f "$BIG" ]; then
  rc=0
  bash "$HERE/make_big_capture.sh" "$BIG" 500000 || rc=$?
  [ $rc -eq 0 ] || exit $rc
fi
for tool in tshark tcpdump python3; do
  command -v $tool >/dev/null || { echo "SKIP: offline.sh: $tool not installed"; exit 77; }
done

# Isolated tshark configuration, prefs shared with the conformance test.
THOME=$(mktemp -d)
trap 'rm -rf "$THOME"' EXIT
export LC_ALL=C.UTF-8
mapfile -t PREFS < <(python3 -c "
import sys; sys.path.insert(0, '$HERE/../tests/conformance')
from conformance import TSHARK_PREFS
for p in TSHARK_PREFS: print('-o'); print(p)")
read -r -a FIELDS <<< "${BENCH_FIELDS:-frame.len eth.src ip.src ip.dst ip.proto tcp.srcport tcp.dstport tcp.flags udp.dstport dns.qry.name}"
EOPTS=()
for f in "${FIELDS[@]}"; do EOPTS+=(-e "$f"); done

PKTS=$(tcpdump -r "$BIG" --count 2>/dev/null | awk '/packets/ {print $1}')
echo "offline benchmarks: $BIG ($PKTS packets, $(stat -c %s "$BIG") bytes), best of $REPS"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "weir: $WEIR; $(tshark --version 2>/dev/null | head -1 | cut -d'(' -f1-2 | sed 's/ *$//'); $(tcpdump --version 2>&1 | head -1)"
echo

# best CMD... : runs CMD REPS times with stdout to /dev/null; sets BEST_CPU
# (user+sys, from getrusage) and BEST_WALL, in seconds, each the best run.
best() {
  local r rc=0
  # The big file is clean, so any non-zero exit is a real failure.
  r=$(python3 "$HERE/timeit.py" "$REPS" "$BENCH_DIR/last.err" -- "$@") || rc=$?
  if [ $rc -ne 0 ]; then
    echo "benchmark command failed (rc=$rc): $*" >&2; head -5 "$BENCH_DIR/last.err" >&2; exit 1
  fi
  read -r BEST_CPU BEST_WALL <<< "$r"
}
# calc EXPR: awk arithmetic (comparisons print 1/0); no bc needed.
calc() { awk "BEGIN { x = $1; print x }"; }
us_per() { awk "BEGIN { printf \"%.3f\", $1 * 1000000 / $2 }"; }
ratio() { awk "BEGIN { if ($2 > 0) printf \"%.3f\", $1 / $2; else print \"inf\" }"; }
row() {  # label pkts cpu wall
  printf '  %-9s %9d pkts  CPU %8.3f s  wall %8.3f s  %8.3f us/pkt CPU\n' "$1" "$2" "$3" "$4" "$(us_per "$3" "$2")"
}
verdict() {  # met?(1/0) text
  if [ "$1" = 1 ]; then echo "  => target met: $2"; else echo "  => target MISSED: $2"; fi
}

# ---- (a) fields ----
# The same per-packet work on both sides: tshark runs without reassembly
# (PREFS), and so does weir (its reassembly is on by default, as tshark's).
WOPTS=(-o ip.defragment:FALSE -o ipv6.defragment:FALSE -o tcp.desegment_tcp_streams:FALSE)
echo "(a) -T fields with ${#FIELDS[@]} fields: ${FIELDS[*]}"
best "$WEIR" read "$BIG" -T fields "${WOPTS[@]}" "${EOPTS[@]}"
W_CPU=$BEST_CPU W_WALL=$BEST_WALL
W_LINES=$("$WEIR" read "$BIG" -T fields "${WOPTS[@]}" "${EOPTS[@]}" | wc -l)
TS_ARGS=()
TS_PKTS=$PKTS
if [ "$TSHARK_COUNT" -gt 0 ] && [ "$TSHARK_COUNT" -lt "$PKTS" ]; then
  TS_ARGS=(-c "$TSHARK_COUNT"); TS_PKTS=$TSHARK_COUNT
  echo "  (tshark on the first $TSHARK_COUNT packets only; its start-up cost, ~0.3 s, is included)"
fi
best env HOME="$THOME" WIRESHARK_CONFIG_DIR="$THOME" tshark -r "$BIG" "${TS_ARGS[@]}" -n -T fields "${PREFS[@]}" "${EOPTS[@]}"
T_CPU=$BEST_CPU T_WALL=$BEST_WALL
row weir "$PKTS" "$W_CPU" "$W_WALL"
row tshark "$TS_PKTS" "$T_CPU" "$T_WALL"
[ "$W_LINES" = "$PKTS" ] || echo "  WARNING: weir printed $W_LINES lines for $PKTS packets"
R=$(ratio "($T_CPU / $TS_PKTS)" "($W_CPU / $PKTS)")
RW=$(ratio "($T_WALL / $TS_PKTS)" "($W_WALL / $PKTS)")
echo "  weir is ${R}x faster per packet (CPU), ${RW}x (wall)"
verdict "$(calc "$R >= 100")" "target >= 100x (CPU per packet)"
echo

# ---- (b) summary lines ----
echo "(b) default summary lines to /dev/null"
best "$WEIR" read "$BIG"
W_CPU=$BEST_CPU W_WALL=$BEST_WALL
best tcpdump -nn -r "$BIG"
T_CPU=$BEST_CPU T_WALL=$BEST_WALL
row weir "$PKTS" "$W_CPU" "$W_WALL"
row tcpdump "$PKTS" "$T_CPU" "$T_WALL"
R=$(ratio "$W_CPU" "$T_CPU")
echo "  weir CPU = ${R} x tcpdump CPU (wall $(ratio "$W_WALL" "$T_WALL") x)"
verdict "$(calc "$W_CPU * 3 <= $T_CPU")" "target <= 0.33 x tcpdump CPU"
echo

# ---- (c) filter + write ----
echo "(c) filter '$FILTER' and write pcap"
WOUT=$BENCH_DIR/weir-filtered.pcap
TOUT=$BENCH_DIR/tcpdump-filtered.pcap
best "$WEIR" read "$BIG" -w "$WOUT" --pcap "$FILTER"
W_CPU=$BEST_CPU W_WALL=$BEST_WALL
# -Z root: tcpdump running as root would otherwise drop to its own user
# before opening the output file.
best tcpdump -Z root -r "$BIG" -w "$TOUT" "$FILTER"
T_CPU=$BEST_CPU T_WALL=$BEST_WALL
row weir "$PKTS" "$W_CPU" "$W_WALL"
row tcpdump "$PKTS" "$T_CPU" "$T_WALL"
WN=$(tcpdump -r "$WOUT" --count 2>/dev/null | awk '/packets/ {print $1}')
TN=$(tcpdump -r "$TOUT" --count 2>/dev/null | awk '/packets/ {print $1}')
if [ "$WN" = "$TN" ]; then
  same="same packet count ($WN)"
  # Same packets too? Compare tcpdump's decoding of both files, timestamps included.
  if cmp -s <(tcpdump -nn -tt -r "$WOUT" 2>/dev/null) <(tcpdump -nn -tt -r "$TOUT" 2>/dev/null); then
    same="$same, identical tcpdump -nn -tt decoding"
  else
    same="$same, but tcpdump decodes them differently"
  fi
else
  same="DIFFERENT packet counts: weir $WN, tcpdump $TN"
fi
echo "  outputs: $same"
R=$(ratio "$W_CPU" "$T_CPU")
echo "  weir CPU = ${R} x tcpdump CPU (wall $(ratio "$W_WALL" "$T_WALL") x)"
verdict "$(calc "$W_CPU <= $T_CPU")" "target weir CPU <= tcpdump CPU"
