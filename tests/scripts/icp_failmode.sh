#!/usr/bin/env bash
# Fail modes when weir is killed with SIGKILL in the middle of a TCP
# transfer through a router: fail-open keeps traffic flowing (the rules'
# --queue-bypass), fail-closed stops it until `weir intercept --cleanup`.
set -u
W=${1:?usage: icp_failmode.sh path/to/weir}
SRC=${WEIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$SRC/tests/net/icp_lib.bash"
X="python3 $SRC/tests/net/icp_xfer.py"
icp_need_root
trap icp_cleanup EXIT
ICP_TMP=$(mktemp -d)
icp_topo3 22 23
T=$ICP_TMP
head -c 3000000 /dev/urandom > $T/in.bin
WANT=$(sha256sum < $T/in.bin)

run() {  # mode -> transfer at 12 Mbit/s (~2 s), SIGKILL weir after 0.7 s; sets OK
  : > $T/weir.log
  ip netns exec $R "$W" intercept --forward --fail $1 > $T/weir.log 2>&1 & local wp=$!; ICP_PIDS+=($wp)
  icp_wait_log $T/weir.log || fail "weir did not start"
  rm -f $T/out.bin
  ip netns exec $S timeout 12 $X tcp-server 5001 $T/out.bin 6 2>/dev/null & local sp=$!
  sleep 0.3
  ip netns exec $C timeout 10 $X tcp-client $SA 5001 $T/in.bin 12000 & local cp=$!
  # Kill once data flows (bounded wait: slow machines start python late).
  for i in $(seq 1 100); do [ "$(stat -c %s $T/out.bin 2>/dev/null || echo 0)" -gt 200000 ] && break; sleep 0.05; done
  [ -s $T/out.bin ] || fail "$1: nothing arrived before the kill"
  kill -9 $wp; wait $wp 2>/dev/null
  wait $cp; local crc=$?
  wait $sp
  OK=0; [ $crc = 0 ] && [ "$(sha256sum < $T/out.bin)" = "$WANT" ] && OK=1
  GOT=$(stat -c %s $T/out.bin)
}

run open
[ $OK = 1 ] || fail "fail-open: transfer broken after SIGKILL ($GOT bytes)"
echo "ok: fail-open: transfer completed byte-identical after SIGKILL"
# The next start replaces the rules the killed weir left (no duplicates);
# its exit removes them all.
ip netns exec $R "$W" intercept --forward > $T/weir2.log 2>&1 & wp=$!; ICP_PIDS+=($wp)
icp_wait_log $T/weir2.log || fail "restart"
n=$(icp_rules_left $R | grep -c "NFQUEUE")
[ "$n" = 2 ] || fail "after restart: $n NFQUEUE rules (want one per IP family): $(icp_rules_left $R)"
kill -INT $wp; wait $wp
[ -z "$(icp_rules_left $R)" ] || fail "rules left after restart + exit"
echo "ok: a restart replaced the killed weir's rules; exit removed them"

run closed
[ $OK = 0 ] || fail "fail-closed: transfer completed although weir was killed"
[ "$GOT" -lt 3000000 ] || fail "fail-closed: all bytes arrived"
echo "ok: fail-closed: traffic stopped after SIGKILL ($GOT of 3000000 bytes)"
ip netns exec $S timeout 5 $X udp-server 9 $T/u.txt 1.5 & p=$!
sleep 0.2; ip netns exec $C $X udp-client $SA 9 5; wait $p
[ "$(wc -l < $T/u.txt)" = 0 ] || fail "fail-closed: new traffic passes while rules are orphaned"
# --cleanup leaves the rules of a live weir (queue 5) alone.
ip netns exec $R "$W" intercept --forward --queue-base 5 > $T/live.log 2>&1 & lp=$!; ICP_PIDS+=($lp)
icp_wait_log $T/live.log || fail "second weir did not start"
ip netns exec $R "$W" intercept --cleanup >/dev/null 2>&1 || fail "--cleanup"
icp_rules_left $R | grep -q WEIR5- || fail "--cleanup removed a live weir's rules"
icp_rules_left $R | grep -q WEIR0- && fail "--cleanup left the dead weir's rules"
kill -INT $lp; wait $lp
[ -z "$(icp_rules_left $R)" ] || fail "rules left after --cleanup"
ip netns exec $S timeout 5 $X udp-server 9 $T/u.txt 1.5 & p=$!
sleep 0.2; ip netns exec $C $X udp-client $SA 9 5; wait $p
[ "$(wc -l < $T/u.txt)" = 5 ] || fail "traffic does not flow after --cleanup"
echo "ok: after --cleanup traffic flows again"

# Full queue (--maxlen 4, worker stopped with SIGSTOP): fail-open passes the
# rest and counts it; fail-closed drops the rest and the kernel counts it.
# stalled MODE "OPTIONS" AFTER: weir with OPTIONS is stopped (SIGSTOP) while
# 60 datagrams go through, resumed, then AFTER more are sent; sets GOT
# (datagrams delivered) and writes the stats file.
stalled() {
  rm -f $T/fq.json
  ip netns exec $R "$W" intercept --forward $2 --fail $1 --stats $T/fq.json > $T/fq.log 2>&1 & local wp=$!
  ICP_PIDS+=($wp)
  icp_wait_log $T/fq.log || fail "weir $2 did not start"
  ip netns exec $S timeout 10 $X udp-server 9 $T/fq.txt 4 & local p=$!
  sleep 0.2
  kill -STOP $wp
  ip netns exec $C $X udp-client $SA 9 60
  kill -CONT $wp
  sleep 0.3
  [ $3 -gt 0 ] && ip netns exec $C $X udp-client $SA 9 $3
  sleep 0.3
  kill -INT $wp; wait $wp; wait $p
  GOT=$(wc -l < $T/fq.txt)
}
full_queue() { stalled $1 "--maxlen 4" 0; }
jq() { python3 -c "import json; d=json.load(open('$T/fq.json')); print($1)"; }
full_queue open
[ "$GOT" = 60 ] || fail "fail-open with a full queue: $GOT/60 delivered"
f=$(jq 'd["fail_open_passed"]')
[ "$f" != None ] && [ "$f" -ge 50 ] && [ "$f" -le 60 ] || fail "fail-open passes not counted: $(cat $T/fq.json)"
echo "ok: fail-open with a full queue: 60/60 delivered, $f counted as passed while the queue was full"
full_queue closed
[ "$GOT" -le 10 ] || fail "fail-closed with a full queue: $GOT/60 delivered"
f=$(jq 'd["kernel_queue_dropped"]')
[ "$f" -ge 50 ] || fail "fail-closed drops not counted: $(cat $T/fq.json)"
[ "$(jq 'd["fail_open_passed"]')" = None ] || fail "fail_open_passed reported in fail-closed mode"
echo "ok: fail-closed with a full queue: $GOT/60 delivered, $f counted as dropped"

# Full socket (--rcvbuf 4096, long queue, worker stopped): the kernel numbers
# each packet but cannot put most into weir's socket; fail-open passes them,
# fail-closed drops them. weir sees the gaps in the packet ids once traffic
# resumes (5 more datagrams) and counts them as socket_overflow.
full_socket() { stalled $1 "--rcvbuf 4096 --maxlen 1024" 5; }
full_socket open
o=$(jq 'd["socket_overflow"]')
[ "$GOT" = 65 ] || fail "fail-open with a full socket: $GOT/65 delivered: $(cat $T/fq.json)"
[ "$o" -ge 30 ] || fail "fail-open with a full socket: overflow not counted: $(cat $T/fq.json)"
[ "$(jq 'd["received"] + d["socket_overflow"] == d["kernel_enqueued"]')" = True ] ||
  fail "received + socket_overflow != packets the kernel numbered: $(cat $T/fq.json)"
[ "$(jq 'd["fail_open_passed"]')" = "$o" ] || fail "fail_open_passed leaves out the socket overflow: $(cat $T/fq.json)"
echo "ok: fail-open with a full socket: 65/65 delivered, $o counted as passed while the socket was full"
full_socket closed
o=$(jq 'd["socket_overflow"]')
[ "$o" -ge 30 ] && [ "$(jq 'd["kernel_user_dropped"]')" = "$o" ] ||
  fail "fail-closed with a full socket: overflow != the kernel's user_dropped: $(cat $T/fq.json)"
[ "$GOT" = $((65 - o)) ] || fail "fail-closed with a full socket: $GOT delivered, want 65 - $o: $(cat $T/fq.json)"
echo "ok: fail-closed with a full socket: $GOT/65 delivered, $o counted as dropped (= the kernel's user_dropped)"
[ -z "$(icp_rules_left $R)" ] || fail "rules left after the full-queue runs"
echo PASS
