#!/usr/bin/env bash
# The C API stopped from awkward places (tests/net/cap_stop.c): from inside
# PacketProc (refused with CAP_E_STATE), with CapSetRule calls from the
# worker, and from the main thread while packets flow through a slow
# PacketProc. No crash, no deadlock, no rules left, traffic flows after.
set -u
W=${1:?usage: icp_cap_stop.sh path/to/weir}
SRC=${WEIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$SRC/tests/net/icp_lib.bash"
icp_start
icp_prog cap_stop
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

# The C sample stopped with SIGINT instead of "quit": same clean-up.
CAP="$BUILD/examples/cap_echo"
[ -x "$CAP" ] || fail "cap_echo not built at $CAP"
mkfifo $T/fifo
ip netns exec $H "$CAP" $HI < $T/fifo > $T/cap.log 2> $T/cap.err & cp=$!; ICP_PIDS+=($cp)
exec 3> $T/fifo
for i in $(seq 1 100); do grep -q "type quit" $T/cap.log && break; sleep 0.05; done
grep -q "type quit" $T/cap.log || fail "cap_echo did not start: $(cat $T/cap.log $T/cap.err)"
[ -n "$(icp_rules_left $H)" ] || fail "cap_echo installed no rules"
kill -INT $cp
timeout 10 tail --pid=$cp -f /dev/null; wait $cp || fail "cap_echo exit status after SIGINT: $(cat $T/cap.err)"
exec 3>&-
grep -q "echoed" $T/cap.log || fail "cap_echo did not finish its clean-up: $(cat $T/cap.log)"
[ -z "$(icp_rules_left $H)" ] || fail "rules left after cap_echo got SIGINT"
! ip -n $H -o link show | grep -q weirinj || fail "injection helper left after SIGINT"
ip netns exec $H "$CAP" no-such-adapter < /dev/null > /dev/null 2>&1 && fail "cap_echo accepted an unknown adapter name"
[ -z "$(icp_rules_left $H)" ] || fail "rules left after cap_echo refused an unknown adapter"
echo "ok: cap_echo: SIGINT restores pass-through (no rules, no helper); an unknown adapter name is an error"
echo PASS
