#!/usr/bin/env bash
# weir intercept --queues 2 --cpu-fanout on a client -- router -- server chain
# of private namespaces: the rules queue by CPU (--queue-cpu-fanout), a file
# sent over TCP from a client on CPU 0 and then from one on CPU 1 arrives
# byte-identical both times with a verdict on every packet (fail-closed),
# each queue's worker receives packets, and no rule is left after exit.
# Without two queues the option is refused.
set -u
W=${1:?usage: icp_fanout.sh path/to/weir}
SRC=${WEIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$SRC/tests/net/icp_lib.bash"
[ "$(nproc)" -ge 2 ] || { echo "SKIP: needs two CPUs"; exit 77; }
command -v taskset >/dev/null || { echo "SKIP: taskset not installed"; exit 77; }
icp_start
icp_topo3 24 25

ip netns exec $R "$W" intercept --forward --cpu-fanout > $T/one.log 2>&1 && fail "--cpu-fanout with one queue was accepted"
grep -q "two queues" $T/one.log || fail "no reason given for refusing --cpu-fanout: $(cat $T/one.log)"
echo "ok: --cpu-fanout needs --queues 2 or more"

head -c 8000000 /dev/urandom > $T/in.bin
WANT=$(sha256sum < $T/in.bin)
ip netns exec $R "$W" intercept --forward --queues 2 --cpu-fanout --copy headers --fail closed \
  --stats $T/stats.json > $T/weir.log 2>&1 &
WP=$!; ICP_PIDS+=($WP)
icp_wait_log $T/weir.log || fail "weir did not start"
icp_rules_left $R | grep -q -- "--queue-cpu-fanout" || fail "no --queue-cpu-fanout in the rules: $(icp_rules_left $R)"
echo "ok: the rules queue by CPU"

for cpu in 0 1; do
  rm -f $T/out.bin
  ip netns exec $S timeout 30 $X tcp-server 5006 $T/out.bin & sp=$!
  sleep 0.3
  ip netns exec $C timeout 30 taskset -c $cpu $X tcp-client $SA 5006 $T/in.bin || fail "tcp client on CPU $cpu failed"
  wait $sp || fail "tcp server failed (client on CPU $cpu)"
  [ "$(sha256sum < $T/out.bin)" = "$WANT" ] || fail "file differs (client on CPU $cpu)"
  echo "ok: a file sent from CPU $cpu arrived byte-identical"
done

kill -INT $WP; timeout 10 tail --pid=$WP -f /dev/null || fail "weir did not exit on SIGINT"
wait $WP || { cat $T/weir.log; fail "weir exited with an error"; }
[ -z "$(icp_rules_left $R)" ] || fail "rules left after exit"
python3 - $T/stats.json <<'EOF' || fail "stats: $(cat $T/stats.json)"
import json, sys
d = json.load(open(sys.argv[1]))
q = d["queue_received"]
assert len(q) == 2 and all(n > 0 for n in q), q
assert d["dropped"] == 0 and d["kernel_queue_dropped"] == 0 and d["kernel_user_dropped"] == 0, d
print("ok: both workers decided packets (%d and %d), none dropped" % tuple(q))
EOF
echo "ok: no rules left"
