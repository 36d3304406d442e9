#!/usr/bin/env bash
# A lease held (no verdict yet) while 200 packets behind it are passed with
# a pool of 16 leases, then dropped: the held datagram never arrives, every
# other one does (tests/net/hold_lease.cpp).
set -u
W=${1:?usage: icp_hold.sh path/to/weir}
SRC=${WEIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$SRC/tests/net/icp_lib.bash"
icp_start
icp_prog hold_lease
icp_topo2 26
ip netns exec $H "$PROG" $HI 200 > $T/out 2> $T/err & hp=$!; ICP_PIDS+=($hp)
for i in $(seq 1 100); do [ -n "$(icp_rules_left $H)" ] && break; sleep 0.05; done
[ -n "$(icp_rules_left $H)" ] || fail "hold_lease installed no rules: $(cat $T/err)"
ip netns exec $H timeout 15 $X udp-server 9 $T/u 3 & a=$!
sleep 0.3
# Bursts of 10, so batches hold several packets and their passes go out as
# batch verdicts (which would also accept a held packet they cover).
ip netns exec $P python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(250):
    s.sendto(b"msg-%d" % i, ("198.18.26.1", 9))
    if i % 10 == 9: time.sleep(0.005)'
wait $a
kill -INT $hp; timeout 10 tail --pid=$hp -f /dev/null; wait $hp || fail "hold_lease exit status: $(cat $T/err)"
cat $T/out
held=$(sed -n 's/^held //p' $T/out)
[ -n "$held" ] || fail "nothing held: $(cat $T/out $T/err)"
grep -q "^dropped after 200 packets" $T/out || fail "the held lease was not dropped after 200 packets"
n=$(wc -l < $T/u)
[ "$n" = 249 ] || fail "$n of 249 other datagrams arrived"
! grep -q " $held\$" $T/u || fail "the held datagram ($held) arrived although it was dropped"
echo "ok: held '$held' while 200 packets passed with 16 leases; dropped, never delivered; 249/249 others arrived"
[ -z "$(icp_rules_left $H)" ] || fail "rules left"
echo PASS
