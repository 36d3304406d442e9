#!/usr/bin/env bash
# weir intercept on a router: client -- router -- server in three private
# namespaces. Asserts byte-identical TCP through interception (1 and 2
# queues, full and header copy), drop rules (and nothing else lost),
# rewrite with valid checksums seen by the receiver, reject, bypass,
# rate-limit, dry-run log, and that no rule is left after exit.
set -u
W=${1:?usage: icp_forward.sh path/to/weir}
SRC=${WEIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$SRC/tests/net/icp_lib.bash"
X="python3 $SRC/tests/net/icp_xfer.py"
icp_need_root
trap icp_cleanup EXIT
ICP_TMP=$(mktemp -d)
icp_topo3 20 21
T=$ICP_TMP
head -c 8000000 /dev/urandom > $T/in.bin
WANT=$(sha256sum < $T/in.bin)

start_weir() {  # args... ; sets WP
  : > $T/weir.log  # truncate here: the background redirect may come too late for icp_wait_log
  ip netns exec $R "$W" intercept --forward "$@" --stats $T/stats.json > $T/weir.log 2>&1 &
  WP=$!; ICP_PIDS+=($WP)
  icp_wait_log $T/weir.log || fail "weir did not start"
}
stop_weir() {
  kill -INT $WP; timeout 10 tail --pid=$WP -f /dev/null || fail "weir did not exit on SIGINT"
  wait $WP; local rc=$?
  [ $rc = 0 ] || { cat $T/weir.log; fail "weir exited with $rc"; }
  local left; left=$(icp_rules_left $R)
  [ -z "$left" ] || fail "rules left after exit: $left"
}
jget() { python3 -c "import json,sys; d=json.load(open('$T/stats.json')); print($1)"; }

# 1. Byte-identical transfer: one queue full copy, two queues header copy.
start_weir
# Without a bypass rule no connmark rule is installed (it would switch on
# connection tracking for every packet in the namespace).
ip netns exec $R iptables -w -t mangle -S | grep -q NFQUEUE || fail "no NFQUEUE rule"
! ip netns exec $R iptables -w -t mangle -S | grep -qi connmark || fail "connmark rule without a bypass rule"
icp_tcp_copy 5001 "1 queue, full copy"
stop_weir
[ "$(jget 'd["received"] > 0 and d["passed"] == d["received"]')" = True ] || fail "stats: $(cat $T/stats.json)"
start_weir --queues 2 --copy headers --nice 5 --cpus 1
# Worker threads: nice 5 and pinned to CPU 1 (the main thread is not).
nw=0
for st in /proc/$WP/task/*/stat; do
  tid=$(basename $(dirname $st)); [ $tid = $WP ] && continue
  nice=$(awk '{print $19}' $st)
  cpus=$(awk '/Cpus_allowed_list/ {print $2}' /proc/$WP/task/$tid/status)
  [ "$nice" = 5 ] && [ "$cpus" = 1 ] && nw=$((nw + 1))
done
[ $nw = 2 ] || fail "expected 2 workers with nice 5 on CPU 1, found $nw"
echo "ok: 2 worker threads at nice 5 pinned to CPU 1"
icp_tcp_copy 5001 "2 queues, header copy"
stop_weir
echo "ok: rules removed after SIGINT"
if command -v iptables-legacy >/dev/null && ip netns exec $R iptables-legacy -w -t mangle -S >/dev/null 2>&1; then
  start_weir --backend legacy
  ip netns exec $R iptables-legacy -w -t mangle -S | grep -q "NFQUEUE --queue-num 0 --queue-bypass" ||
    fail "no legacy NFQUEUE rule: $(ip netns exec $R iptables-legacy -w -t mangle -S 2>&1; cat $T/weir.log)"
  icp_tcp_copy 5001 "iptables-legacy backend"
  stop_weir
fi

# 2. Drop rule: port 9 dropped, port 10 untouched (nothing else lost).
printf '# drop the discard port\ndrop udp and dst port 9\n\ncount udp   # everything UDP\n' > $T/rules.txt
start_weir --rules $T/rules.txt
ip netns exec $S timeout 10 $X udp-server 9 $T/u9.txt 3 & p1=$!
ip netns exec $S timeout 10 $X udp-server 10 $T/u10.txt 3 & p2=$!
sleep 0.3
ip netns exec $C $X udp-client $SA 9 50 10
wait $p1 $p2
stop_weir
n9=$(wc -l < $T/u9.txt); n10=$(wc -l < $T/u10.txt)
[ "$n9" = 0 ] || fail "drop rule: $n9 datagrams to port 9 arrived"
[ "$n10" = 50 ] || fail "drop rule: only $n10/50 datagrams to port 10 arrived"
[ "$(jget 'd["rules"][0]["packets"]')" = 50 ] || fail "drop rule counter: $(cat $T/stats.json)"
[ "$(jget 'd["rules"][1]["packets"]')" = 50 ] || fail "count rule counter: $(cat $T/stats.json)"
echo "ok: drop rule dropped 50/50, other port received 50/50"

# 3. Rewrite: UDP to 7000 rewritten to 7001 with TTL 33; the server gets it
#    and tshark finds the IP and UDP checksums good.
start_weir --rule 'rewrite udp.dstport=7001,ip.ttl=33,payload=raw/RAWX udp and dst port 7000'
ip netns exec $S tcpdump -i $SI -U -w $T/rw.pcap udp port 7001 2>/dev/null & tp=$!; ICP_PIDS+=($tp)
ip netns exec $S timeout 10 $X udp-server 7001 $T/u7001.txt 2.5 & p1=$!
sleep 0.5
ip netns exec $C $X udp-raw $CA $SA 4444 7000 20
wait $p1; sleep 0.3; kill $tp; wait $tp 2>/dev/null
stop_weir
n=$(grep -c ' RAWX-' $T/u7001.txt); [ "$n" = 20 ] || fail "rewrite: server on 7001 got $n/20 (payload replaced)"
tshark -r $T/rw.pcap -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE \
  -T fields -e ip.ttl -e ip.checksum.status -e udp.checksum.status -e udp.length 2>/dev/null > $T/ck.txt
# "raw-N" became "RAWX-N": UDP length 8 + 6 (N < 10) or 8 + 7.
[ "$(grep -cE '^33	1	1	1[45]$' $T/ck.txt)" = 20 ] || fail "rewrite checksums/fields: $(sort $T/ck.txt | uniq -c)"
echo "ok: rewrite seen by the receiver (port, TTL, payload length) with good checksums"

# TCP port rewrite both ways (5001 -> 5002 and back), file still identical.
start_weir --rule 'rewrite tcp.dstport=5002 tcp and dst port 5001' --rule 'rewrite tcp.srcport=5001 tcp and src port 5002'
rm -f $T/out.bin
ip netns exec $S timeout 30 $X tcp-server 5002 $T/out.bin & sp=$!
sleep 0.3
ip netns exec $C timeout 30 $X tcp-client $SA 5001 $T/in.bin || fail "tcp client (rewrite)"
wait $sp || fail "tcp server (rewrite)"
stop_weir
[ "$(sha256sum < $T/out.bin)" = "$WANT" ] || fail "file differs after TCP port rewrite"
[ "$(jget 'd["rewrite_failed"]')" = 0 ] || fail "rewrite failures: $(cat $T/stats.json)"
echo "ok: TCP port rewrite both ways, byte-identical"

# 4. Reject: a TCP connection attempt gets a RST (connection refused).
start_weir --rule 'reject tcp and dst port 5003'
ip netns exec $C timeout 10 $X tcp-connect $SA 5003; rc=$?
stop_weir
[ $rc = 0 ] || fail "reject: connect did not get a RST (rc $rc)"
[ "$(jget 'd["reject_sent"]')" -ge 1 ] || fail "reject_sent: $(cat $T/stats.json)"
echo "ok: reject answered with a TCP RST"

# 5. Bypass: the flow is handed back to the kernel after its first packets.
start_weir --rule 'bypass tcp port 5004'
ip netns exec $R iptables -w -t mangle -S | grep -qi connmark || fail "bypass rule but no connmark rule"
rm -f $T/out.bin
ip netns exec $S timeout 30 $X tcp-server 5004 $T/out.bin & sp=$!
sleep 0.3
ip netns exec $C timeout 30 $X tcp-client $SA 5004 $T/in.bin || fail "tcp client (bypass)"
wait $sp
stop_weir
[ "$(sha256sum < $T/out.bin)" = "$WANT" ] || fail "file differs with bypass"
r=$(jget 'd["received"]'); [ "$r" -le 8 ] || fail "bypass: $r packets still queued"
echo "ok: bypass: only $r packets of the flow were queued"

# 6. Rate limit: 20 pps on port 11; 200 datagrams sent at ~400/s.
start_weir --rule 'rate-limit 20pps udp and dst port 11'
ip netns exec $S timeout 10 $X udp-server 11 $T/u11.txt 4 & p1=$!
sleep 0.3
ip netns exec $C $X udp-client $SA 11 200
wait $p1
stop_weir
n=$(wc -l < $T/u11.txt)
[ "$n" -ge 5 ] && [ "$n" -le 100 ] || fail "rate-limit: $n/200 delivered"
echo "ok: rate-limit delivered $n/200"

# 7. Dry run: the drop rule is only logged.
start_weir --dry-run --log $T/log.json --rule 'drop udp and dst port 9'
ip netns exec $S timeout 10 $X udp-server 9 $T/u9.txt 2 & p1=$!
sleep 0.3
ip netns exec $C $X udp-client $SA 9 10
wait $p1
stop_weir
[ "$(wc -l < $T/u9.txt)" = 10 ] || fail "dry-run: datagrams were dropped"
n=$(python3 -c "
import json
n=0
for l in open('$T/log.json'):
    d=json.loads(l)
    n += d['action']=='drop' and d['dry_run'] and d['dport']==9 and d['rule'].startswith('drop')
print(n)")
[ "$n" = 10 ] || fail "dry-run log has $n/10 drop decisions"
echo "ok: dry-run passed everything and logged 10 would-be drops"

# 8. Cleanup after a crash: SIGKILL leaves the rules; --cleanup removes them.
start_weir
kill -9 $WP; wait $WP 2>/dev/null
[ -n "$(icp_rules_left $R)" ] || fail "expected leftover rules after SIGKILL"
ip netns exec $R "$W" intercept --cleanup || fail "--cleanup failed"
[ -z "$(icp_rules_left $R)" ] || fail "rules left after --cleanup"
echo "ok: --cleanup removed the rules a killed weir left"
echo PASS
