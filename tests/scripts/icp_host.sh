#!/usr/bin/env bash
# Host mode: interception of input and output on one namespace (H) talking
# to a peer (P) over veth; then the C sample examples/cap_echo, which hands
# every packet back with CapSendPacket (network for SND, stack for RCV).
set -u
W=${1:?usage: icp_host.sh path/to/weir}
SRC=${WEIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$SRC/tests/net/icp_lib.bash"
icp_start
icp_topo2 24
head -c 6000000 /dev/urandom > $T/in.bin
WANT=$(sha256sum < $T/in.bin)

both_ways() {  # label: file P->H (input path) and H->P (output path)
  rm -f $T/o1 $T/o2
  ip netns exec $H timeout 30 $X tcp-server 6001 $T/o1 & local s1=$!
  ip netns exec $P timeout 30 $X tcp-server 6002 $T/o2 & local s2=$!
  sleep 0.3
  ip netns exec $P timeout 30 $X tcp-client $HA 6001 $T/in.bin || fail "$1: client P->H"
  ip netns exec $H timeout 30 $X tcp-client $PA 6002 $T/in.bin || fail "$1: client H->P"
  wait $s1 $s2
  [ "$(sha256sum < $T/o1)" = "$WANT" ] || fail "$1: P->H file differs"
  [ "$(sha256sum < $T/o2)" = "$WANT" ] || fail "$1: H->P file differs"
  echo "ok: $1: byte-identical both ways"
}

# 1. weir intercept --input --output -i IFACE with a drop rule per direction.
ip netns exec $H "$W" intercept --input --output -i $HI --stats $T/stats.json \
  --rule 'drop udp and dst port 9' > $T/weir.log 2>&1 & wp=$!; ICP_PIDS+=($wp)
icp_wait_log $T/weir.log || fail "weir did not start"
both_ways "weir intercept --input --output"
ip netns exec $H timeout 10 $X udp-server 9 $T/h9 2 & a=$!
ip netns exec $P timeout 10 $X udp-server 9 $T/p9 2 & b=$!
ip netns exec $H timeout 10 $X udp-server 10 $T/h10 2 & c=$!
sleep 0.3
ip netns exec $P $X udp-client $HA 9 20 10 &  # input: 20 to :9 (dropped), 20 to :10
ip netns exec $H $X udp-client $PA 9 20        # output: 20 to :9 (dropped)
wait $a $b $c
# IPv6 through the same rules (ip6tables): :9 dropped, :10 delivered.
ip -n $H addr add 2001:db8:24::1/64 dev $HI nodad; ip -n $P addr add 2001:db8:24::2/64 dev $PI nodad
sleep 0.2
cat > $T/u6.py <<'PY'
import socket, sys, time
if sys.argv[1] == "recv":
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s.bind(("::", int(sys.argv[2]))); s.settimeout(0.3)
    n = 0; end = time.time() + 2
    while time.time() < end:
        try: s.recv(100); n += 1
        except socket.timeout: pass
    print(n)
else:
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    for i in range(10):
        s.sendto(b"v6", ("2001:db8:24::1", 9)); s.sendto(b"v6", ("2001:db8:24::1", 10)); time.sleep(0.005)
PY
ip netns exec $H python3 $T/u6.py recv 9 > $T/v6_9 & a=$!
ip netns exec $H python3 $T/u6.py recv 10 > $T/v6_10 & b=$!
sleep 0.3; ip netns exec $P python3 $T/u6.py send; wait $a $b
[ "$(cat $T/v6_9)" = 0 ] && [ "$(cat $T/v6_10)" = 10 ] || fail "IPv6: port 9 got $(cat $T/v6_9), port 10 got $(cat $T/v6_10)/10"
echo "ok: IPv6 intercepted: drop rule applied, 10/10 others delivered"
kill -TERM $wp; wait $wp || fail "weir exit status"
[ -z "$(icp_rules_left $H)" ] || fail "rules left after SIGTERM"
[ "$(wc -l < $T/h9)" = 0 ] && [ "$(wc -l < $T/p9)" = 0 ] || fail "drop rule missed packets"
[ "$(wc -l < $T/h10)" = 20 ] || fail "input path lost packets: $(wc -l < $T/h10)/20"
python3 -c "import json; d=json.load(open('$T/stats.json')); assert d['rules'][0]['packets']==50, d" || fail "drop counter"
echo "ok: drop rule on input and output (50 dropped, 20/20 others delivered); rules removed after SIGTERM"

# 2. The C sample: echo every packet back through CapSendPacket.
CAP="$BUILD/examples/cap_echo"
[ -x "$CAP" ] || fail "cap_echo not built at $CAP"
mkfifo $T/fifo
# Counts packets that reach INPUT on $HI carrying the inject mark: those
# cap_echo delivered "as if received" on $HI.
ip netns exec $H iptables -w -t filter -A INPUT -i $HI -m mark --mark 0x20000000/0x20000000
ip netns exec $H "$CAP" $HI < $T/fifo > $T/cap.log 2> $T/cap.err & cp=$!; ICP_PIDS+=($cp)
exec 3> $T/fifo
for i in $(seq 1 100); do grep -q "type quit" $T/cap.log && break; sleep 0.05; done
grep -q "type quit" $T/cap.log || { cat $T/cap.log $T/cap.err; fail "cap_echo did not start"; }
[ -n "$(icp_rules_left $H)" ] || fail "cap_echo installed no rules"
# Injection onto the wire with no neighbour entry for the next hop (the
# kernel resolves it) and to IPv6 multicast (DAD for a new address).
ip -n $H neigh flush dev $HI; ip -n $P neigh flush dev $PI
ip -n $H addr add 2001:db8:24::11/64 dev $HI
ip netns exec $P timeout 10 $X udp-server 7003 $T/p3 2 & a=$!
sleep 0.3
ip netns exec $H $X udp-client $PA 7003 20
wait $a
[ "$(wc -l < $T/p3)" = 20 ] || fail "cap_echo with an empty neighbour table: $(wc -l < $T/p3)/20 datagrams: $(cat $T/cap.err)"
echo "ok: cap_echo re-injected onto the wire before the neighbour was known (20/20)"
both_ways "cap_echo"
injected_in=$(ip netns exec $H iptables -w -t filter -L INPUT -v -x -n | awk -v i=$HI 'index($0, " " i " ") && /mark match/ {print $1}')
if ip -n $H -o link show | grep -q weirinj; then
  [ "${injected_in:-0}" -gt 1000 ] || fail "re-injected packets did not arrive on $HI (INPUT counter ${injected_in:-none})"
  echo "ok: $injected_in re-injected packets arrived on $HI itself (tc ingress redirect)"
else
  echo "NOTE: no cls_bpf/act_mirred here: re-injection to the stack went through lo (fallback)"
fi
# Adapter change notification (AdaptersChangeCallback).
ip -n $H link add "ix$ICP_TAG" type veth peer name "iy$ICP_TAG"
for i in $(seq 1 40); do grep -q "added" $T/cap.err && break; sleep 0.05; done
grep -q "adapter [0-9]* added" $T/cap.err || fail "no adapter-added callback: $(cat $T/cap.err)"
echo "ok: AdaptersChangeCallback reported the new adapter"
# A rename reads as the old name removed and a new adapter added.
IX=$(ip -n $H -o link show "ix$ICP_TAG" | cut -d: -f1)
ip -n $H link set "ix$ICP_TAG" name "iz$ICP_TAG"
for i in $(seq 1 40); do grep -q "adapter $IX removed" $T/cap.err && break; sleep 0.05; done
sleep 0.2
grep -q "adapter $IX removed" $T/cap.err && [ "$(grep -c "adapter $IX added" $T/cap.err)" = 2 ] ||
  fail "rename of adapter $IX not reported as removed + added: $(cat $T/cap.err)"
echo "ok: a renamed adapter is reported as removed and added"
echo quit >&3; exec 3>&-
timeout 10 tail --pid=$cp -f /dev/null; wait $cp || { cat $T/cap.err; fail "cap_echo exit status"; }
cat $T/cap.log
n=$(sed -n 's/.*echoed \([0-9]*\) packets, \([0-9]*\) failed.*/\1 \2/p' $T/cap.log)
set -- $n
[ "${1:-0}" -gt 1000 ] && [ "${2:-1}" = 0 ] || { cat $T/cap.err; fail "cap_echo echoed '$n'"; }
[ -z "$(icp_rules_left $H)" ] || fail "rules left after cap_echo quit"
! ip -n $H -o link show | grep -q weirinj || fail "injection helper left after cap_echo quit"
echo "ok: cap_echo re-injected $1 packets, transfers intact, rules and helper removed on quit"

# 3. CapSetRule while packets flow: the receive path of $HI stays intercepted
# (every datagram echoed, none lost) while the rules of a second adapter
# are switched 20 times.
HJ="ij$ICP_TAG"
ip -n $H link add $HJ type veth peer name "ik$ICP_TAG"; ip -n $H link set $HJ up
mkfifo $T/fifo2
ip netns exec $H "$CAP" $HI $HJ < $T/fifo2 > $T/cap2.log 2> $T/cap2.err & cp=$!; ICP_PIDS+=($cp)
exec 3> $T/fifo2
for i in $(seq 1 100); do grep -q "type quit" $T/cap2.log && break; sleep 0.05; done
grep -q "intercepting $HJ" $T/cap2.log || { cat $T/cap2.log $T/cap2.err; fail "cap_echo (2 adapters) did not start"; }
echo "snd $HI" >&3   # $HI: receive path only from here on
for i in $(seq 1 50); do grep -q "rule set: snd $HI" $T/cap2.log && break; sleep 0.05; done
echo "rcv $HI" >&3
for i in $(seq 1 50); do grep -q "rule set: rcv $HI" $T/cap2.log && break; sleep 0.05; done
ip netns exec $H timeout 15 $X udp-server 7001 $T/h7 7 & a=$!
sleep 0.3
ip netns exec $P $X udp-client $HA 7001 1500 & c=$!
for i in $(seq 1 10); do echo "pass $HJ" >&3; sleep 0.1; echo "both $HJ" >&3; sleep 0.1; done
wait $c; wait $a
echo quit >&3; exec 3>&-
timeout 10 tail --pid=$cp -f /dev/null; wait $cp || { cat $T/cap2.err; fail "cap_echo (2 adapters) exit status"; }
got=$(wc -l < $T/h7)
n=$(sed -n 's/.*echoed \([0-9]*\) packets, \([0-9]*\) failed.*/\1/p' $T/cap2.log)
sets=$(grep -c "rule set: .* $HJ" $T/cap2.log)
[ "$got" = 1500 ] || fail "CapSetRule during traffic: $got/1500 datagrams arrived"
[ "$sets" = 20 ] || fail "CapSetRule: $sets/20 rule changes acknowledged: $(cat $T/cap2.err)"
[ "${n:-0}" -ge 1500 ] || fail "CapSetRule on $HJ let packets of $HI pass unintercepted: echoed ${n:-0} < 1500"
[ -z "$(icp_rules_left $H)" ] || fail "rules left after cap_echo (2 adapters) quit"
echo "ok: 20 CapSetRule changes on $HJ while $HI received 1500/1500 datagrams, all intercepted ($n echoed)"
echo PASS
