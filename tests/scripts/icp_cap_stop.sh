#!/usr/bin/env bash
# The C API stopped from awkward places (tests/net/cap_stop.c): from inside
# PacketProc (refused with CAP_E_STATE), with CapSetRule calls from the
# worker, and from the main thread while packets flow through a slow
# PacketProc. No crash, no deadlock, no rules left, traffic flows after.
set -u
W=${1:?usage: icp_cap_stop.sh path/to/weir}
SRC=${WEIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${WEIR_BUILD_DIR:-$(dirname "$W")}
source "$SRC/tests/net/icp_lib.bash"
X="python3 $SRC/tests/net/icp_xfer.py"
icp_need_root
trap icp_cleanup EXIT
trap "exit 1" INT TERM
ICP_TMP=$(mktemp -d)
T=$ICP_TMP
PROG="$BUILD/tests/cap_stop"
[ -x "$PROG" ] || fail "cap_stop not built at $PROG"
icp_topo2 25

# Datagrams to H for up to 20 s (stopped once the program is done).
cat > $T/flood.py <<'PY'
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
end = time.time() + 20
while time.time() < end:
    s.sendto(b"x" * 64, ("198.18.25.1", 9)); time.sleep(0.0002)
PY
ip netns exec $P timeout 25 python3 $T/flood.py & fp=$!; ICP_PIDS+=($fp)
ip netns exec $H timeout 40 "$PROG" $HI > $T/out 2> $T/err; rc=$?
kill $fp 2>/dev/null; wait $fp 2>/dev/null
[ $rc = 0 ] || fail "cap_stop exited with $rc (SIGALRM = 142: a deadlock): $(cat $T/out $T/err)"
r=$(grep inside_stop $T/out) || fail "no result: $(cat $T/out $T/err)"
echo "$r"
eval "${r// /; }"
E_STATE=$(sed -n 's/.*CAP_E_STATE *= *\([0-9-]*\).*/\1/p' "$SRC/include/weir/cap.h" | head -1)
[ -n "$E_STATE" ] || fail "CAP_E_STATE not found in cap.h"
[ "$inside_stop" = "$E_STATE" ] || fail "CapStopCapture inside PacketProc returned $inside_stop (want CAP_E_STATE $E_STATE)"
[ "$inside_uninit" = "$E_STATE" ] || fail "CapUninitialize inside PacketProc returned $inside_uninit"
[ "$stop" = 0 ] || fail "CapStopCapture from main returned $stop: $(cat $T/err)"
[ "$packets" -ge 300 ] || fail "only $packets packets reached PacketProc"
[ "$setrule_failed" = 0 ] || fail "CapSetRule from PacketProc failed $setrule_failed times"
echo "ok: stop inside PacketProc refused, stop under traffic after $packets packets, $((packets / 16)) CapSetRule calls from the worker"
[ -z "$(icp_rules_left $H)" ] || fail "rules left: $(icp_rules_left $H)"
ip netns exec $H timeout 10 $X udp-server 7 $T/u 1.5 & a=$!
sleep 0.3; ip netns exec $P $X udp-client $HA 7 10; wait $a
[ "$(wc -l < $T/u)" = 10 ] || fail "traffic after stop: $(wc -l < $T/u)/10"
echo "ok: no rules left, traffic flows after the stop"
echo PASS
