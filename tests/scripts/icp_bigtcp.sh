#!/usr/bin/env bash
# weir intercept with BIG TCP (GSO packets above 64 KiB, IPv4 total length 0)
# on a client -- router -- server chain of private namespaces: a file sent
# over TCP arrives byte-identical with header copy and with full copy (where
# the kernel copies at most 65531 bytes of a packet, so weir holds a cut
# copy and must pass the original whole), the decision log shows packets
# longer than 64 KiB, and a rule's filter matches them by their wire length.
# (Actions do not depend on the size; icp_forward.sh tests them.)
set -u
W=${1:?usage: icp_bigtcp.sh path/to/weir}
SRC=${WEIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$SRC/tests/net/icp_lib.bash"
icp_start
icp_topo3 22 23
for d in "$C $CI" "$R $RA" "$R $RB" "$S $SI"; do
  set -- $d
  if ! ip netns exec $1 python3 "$SRC/bench/gso_size.py" $2 185000 2>$T/gso.err; then
    echo "SKIP: no IPv4 BIG TCP here: $(cat $T/gso.err)"
    exit 77
  fi
done
head -c 48000000 /dev/urandom > $T/in.bin
WANT=$(sha256sum < $T/in.bin)

start_weir() {  # args...; sets WP
  : > $T/weir.log
  ip netns exec $R "$W" intercept --forward "$@" --stats $T/stats.json > $T/weir.log 2>&1 &
  WP=$!; ICP_PIDS+=($WP)
  icp_wait_log $T/weir.log || fail "weir did not start"
}
stop_weir() {
  kill -INT $WP; timeout 10 tail --pid=$WP -f /dev/null || fail "weir did not exit on SIGINT"
  wait $WP || { cat $T/weir.log; fail "weir exited with an error"; }
  [ -z "$(icp_rules_left $R)" ] || fail "rules left after exit"
}
# Longest packet the decision log shows for TCP to PORT.
longest() {
  python3 -c "
import json, sys
n = 0
for line in open('$T/log.json'):
    d = json.loads(line)
    if d['proto'] == 6 and d['dport'] == $1: n = max(n, d['len'])
print(n)"
}

for copy in headers full; do
  : > $T/log.json
  start_weir --copy $copy --rule "count tcp and dst port 5003 and greater 65536" \
    --rule "log tcp and dst port 5003" --log $T/log.json
  icp_tcp_copy 5003 "BIG TCP, $copy copy"
  stop_weir
  big=$(longest 5003)
  [ "$big" -gt 65535 ] || fail "no packet above 64 KiB reached weir ($copy copy; longest $big)"
  echo "ok: weir saw packets up to $big bytes ($copy copy)"
  gso=$(python3 -c "import json; print(json.load(open('$T/stats.json'))['gso_packets'])")
  [ "$gso" -gt 0 ] || fail "no GSO packets counted ($copy copy)"
  # The count rule's filter (BPF on the cut copy, with the wire length)
  # matched the packets above 64 KiB, and only those.
  nbig=$(python3 -c "
import json
d = json.load(open('$T/stats.json'))
n = sum(1 for line in open('$T/log.json') if json.loads(line)['len'] >= 65536 and json.loads(line)['dport'] == 5003)
print(d['rules'][0]['packets'], n)")
  set -- $nbig
  [ "$1" -gt 0 ] && [ "$1" = "$2" ] || fail "'greater 65536' matched $1 packets, the log shows $2 above 64 KiB ($copy copy)"
  echo "ok: a filter on the wire length matched the $1 packets above 64 KiB ($copy copy)"
done

echo "PASS"
