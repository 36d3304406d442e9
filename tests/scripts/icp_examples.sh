#!/usr/bin/env bash
# The example programs in examples/, each run in private namespaces:
# firewall, NAT-like rewrite and audit logger on a router; the UDP tunnel
# between two hosts.
set -u
W=${1:?usage: icp_examples.sh path/to/weir}
SRC=${WEIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${WEIR_BUILD_DIR:-$(dirname "$W")}
EX=$BUILD/examples
source "$SRC/tests/net/icp_lib.bash"
X="python3 $SRC/tests/net/icp_xfer.py"
icp_need_root
for e in weir_firewall weir_nat_rewrite weir_udp_tunnel weir_audit_logger; do
  [ -x $EX/$e ] || { echo "FAIL: $EX/$e not built"; exit 1; }
done
trap icp_cleanup EXIT
ICP_TMP=$(mktemp -d)
T=$ICP_TMP
icp_topo3 27 28
ip -n $S addr add 198.18.28.3/24 dev $SI
head -c 4000000 /dev/urandom > $T/in.bin
WANT=$(sha256sum < $T/in.bin)

run_ex() {  # NS LOG PROGRAM ARGS... ; sets EP
  local ns=$1 log=$2; shift 2
  : > $log
  ip netns exec $ns "$@" > $log 2>&1 & EP=$!; ICP_PIDS+=($EP)
  for i in $(seq 1 100); do [ -s $log ] && break; sleep 0.05; done
  sleep 0.2
  kill -0 $EP 2>/dev/null || { cat $log; fail "$3 did not start"; }
}
stop_ex() {
  kill -INT $EP; timeout 10 tail --pid=$EP -f /dev/null; wait $EP || fail "example exit status"
  [ -z "$(icp_rules_left $1)" ] || fail "rules left by example"
}

# Firewall: udp port 9 blocked, port 10 passes.
run_ex $R $T/fw.log $EX/weir_firewall --forward udp and dst port 9
ip netns exec $S timeout 10 $X udp-server 9 $T/u9 2 & a=$!
ip netns exec $S timeout 10 $X udp-server 10 $T/u10 2 & b=$!
sleep 0.3; ip netns exec $C $X udp-client $SA 9 30 10; wait $a $b
stop_ex $R
[ "$(wc -l < $T/u9)" = 0 ] && [ "$(wc -l < $T/u10)" = 30 ] || fail "firewall: $(wc -l < $T/u9) / $(wc -l < $T/u10)"
grep -q "dropped 30" $T/fw.log || fail "firewall count: $(cat $T/fw.log)"
echo "ok: weir_firewall dropped 30/30 matching, passed 30/30 others"

# NAT-like rewrite: TCP to SA:5001 goes to 198.18.28.3:5002, replies mapped back.
run_ex $R $T/nat.log $EX/weir_nat_rewrite --forward tcp $SA:5001 198.18.28.3:5002
rm -f $T/out.bin
ip netns exec $S timeout 30 $X tcp-server 5002 $T/out.bin & sp=$!
sleep 0.3
ip netns exec $C timeout 30 $X tcp-client $SA 5001 $T/in.bin || fail "nat: client"
wait $sp || fail "nat: server"
stop_ex $R
[ "$(sha256sum < $T/out.bin)" = "$WANT" ] || fail "nat: file differs"
grep -qE "rewrote [1-9][0-9]* forward [1-9][0-9]* reply" $T/nat.log || fail "nat counts: $(cat $T/nat.log)"
echo "ok: weir_nat_rewrite: $(tail -1 $T/nat.log), file byte-identical"

# Audit logger: everything passes, every packet recorded with its ports.
run_ex $R $T/audit.out $EX/weir_audit_logger --forward $T/audit.log
rm -f $T/out.bin
ip netns exec $S timeout 30 $X tcp-server 5003 $T/out.bin & sp=$!
sleep 0.3
ip netns exec $C timeout 30 $X tcp-client $SA 5003 $T/in.bin || fail "audit: client"
wait $sp
stop_ex $R
[ "$(sha256sum < $T/out.bin)" = "$WANT" ] || fail "audit: file differs"
n=$(grep -c "ip $CA > $SA tcp [0-9]* > 5003" $T/audit.log)
m=$(grep -oE "logged [0-9]+" $T/audit.out | cut -d' ' -f2)
[ "$n" -ge 10 ] && [ "$m" = "$(wc -l < $T/audit.log)" ] || fail "audit: $n client lines, $m logged, $(wc -l < $T/audit.log) lines"
echo "ok: weir_audit_logger recorded $m packets ($n client->server), transfer intact"

# UDP tunnel: C (198.18.27.1) wraps packets for 198.18.60.0/24 into UDP/4789
# to the router, which unwraps and delivers them to its local 198.18.60.1
# as if they had arrived on $RA (counted by an INPUT rule on $RA), with
# strict reverse-path filtering on. The wire is watched on the client's side
# ($RA itself shows the injected inner packets arriving).
ip netns exec $R sysctl -qw net.ipv4.conf.all.rp_filter=1 net.ipv4.conf.$RA.rp_filter=1
ip netns exec $R iptables -w -t filter -A INPUT -i $RA -p udp --dport 7777
ip -n $R addr add 198.18.60.1/32 dev lo
ip -n $C route add 198.18.60.0/24 dev $CI
ip -n $C neigh add 198.18.60.1 lladdr 02:00:00:00:00:01 dev $CI 2>/dev/null  # never used on the wire
run_ex $R $T/dec.log $EX/weir_udp_tunnel decap 4789
E_DEC=$EP
run_ex $C $T/enc.log $EX/weir_udp_tunnel encap $CA 198.18.27.2 4789 "dst net 198.18.60.0/24"
E_ENC=$EP
ip netns exec $C tcpdump -i $CI -U -w $T/tun.pcap 2>/dev/null & tp=$!; ICP_PIDS+=($tp)
ip netns exec $R timeout 10 $X udp-server 7777 $T/tun.txt 2.5 & a=$!
sleep 0.5
ip netns exec $C $X udp-client 198.18.60.1 7777 20
wait $a; sleep 0.2; kill $tp; wait $tp 2>/dev/null
EP=$E_ENC; stop_ex $C
EP=$E_DEC; stop_ex $R
n=$(grep -c "^198.18.27.1 .* msg-" $T/tun.txt)
[ "$n" = 20 ] || fail "tunnel: $n/20 delivered; $(cat $T/enc.log $T/dec.log)"
on_ra=$(ip netns exec $R iptables -w -t filter -L INPUT -v -x -n | awk -v i=$RA 'index($0, " " i " ") && /dpt:7777/ {print $1}')
[ "${on_ra:-0}" = 20 ] || fail "tunnel: inner packets arrived on $RA: ${on_ra:-none} (want 20)"
ip netns exec $R iptables -w -t filter -D INPUT -i $RA -p udp --dport 7777
inner=$(tshark -r $T/tun.pcap -Y 'udp.port==7777 && !(udp.port==4789)' 2>/dev/null | wc -l)
outer=$(tshark -r $T/tun.pcap -Y 'udp.dstport==4789 && ip.checksum.status==1' -o ip.check_checksum:TRUE 2>/dev/null | wc -l)
[ "$inner" = 0 ] && [ "$outer" = 20 ] || fail "tunnel wire: $inner bare, $outer encapsulated"
echo "ok: weir_udp_tunnel: 20/20 datagrams crossed the wire encapsulated and were delivered as if received on $RA"
echo PASS
