#!/usr/bin/env bash
# Side-by-side live capture benchmark: trafgen sends N 64-byte UDP frames
# (60 bytes + FCS) over a veth pair at its top rate from CPU 0; the capturing
# tool runs in the other namespace pinned to CPU 1. For each tool we measure
# the CPU time of the capturing process while the traffic flows (sum of
# /proc/PID/task/*/schedstat run times, so all threads count) divided by the
# packets it delivered, and its drops (frames the receiving veth counted minus
# packets in the tool's output).
#
# usage: sudo bench/live_capture.sh path/to/weir [N]     (N default 1000000)
# Needs root, trafgen (netsniff-ng), tcpdump, tshark/dumpcap. Namespaces and
# veths are private (weir-cap-b*), addresses from 198.18.0.0/15.
set -u
WEIR_ARG=${1:?usage: $0 path/to/weir [packets]}
N=${2:-1000000}
. "$(cd "$(dirname "$0")/.." && pwd)/tests/net/lib.sh" "$WEIR_ARG"
net_setup b
OUT=/dev/shm/weir-bench-$$
mkdir -p "$OUT"
NET_CLEANUP+=("rm -rf $OUT")
cat > "$TMP/udp.cfg" <<'CFG'
{ eth(da=02:00:00:00:00:02, sa=02:00:00:00:00:01), ipv4(saddr=198.19.0.1, daddr=198.19.0.2), udp(sp=1000, dp=2000), fill(0x41, 18) }
CFG
# four IP pairs for --workers 2 (trafgen cycles through the packets)
for i in 1 2 3 4; do
  echo "{ eth(da=02:00:00:00:00:02, sa=02:00:00:00:00:01), ipv4(saddr=198.19.0.1, daddr=198.19.1.$i), udp(sp=1000, dp=2000), fill(0x41, 18) }"
done > "$TMP/udp4.cfg"

rx_packets() { ip -n "$NS_B" -s -j link show "$VB" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["stats64"]["rx"]["packets"])'; }
cpu_ns() { local t s=0; for t in /proc/$1/task/*/schedstat; do read -r r _ < "$t" && s=$((s + r)); done; echo $s; }

printf "%-28s %10s %10s %10s %8s %10s %12s\n" tool sent_pps received captured drops "cpu_ns/pkt" "cpu_total_s"
# run NAME CFG COUNTCMD -- CMD...: COUNTCMD prints the packets the tool delivered
run() {
  local name=$1 cfg=$2 countcmd=$3
  shift 4
  rm -rf "${OUT:?}"/*
  bg_in "$NS_B" 300 "$TMP/tool.err" taskset -c 1 "$@"
  local tool=$BG_PID
  sleep 2  # start-up (tshark loads its dissectors) is not measured
  local rx0 c0 t0 t1 c1 rx1
  rx0=$(rx_packets)
  c0=$(cpu_ns "$tool")
  t0=$(date +%s.%N)
  in_a taskset -c 0 trafgen --dev "$VA" --conf "$cfg" --cpus 1 -q -n "$N" >/dev/null 2>&1
  t1=$(date +%s.%N)
  sleep 1.5  # the tool drains its buffer (TPACKET_V3 block timeout etc.)
  c1=$(cpu_ns "$tool")
  rx1=$(rx_packets)
  kill -INT "$tool"
  bg_wait
  sleep 0.3
  local got rx=$((rx1 - rx0))
  got=$(eval "$countcmd")
  python3 -c "
n, rx, got, cpu, dt = $N, $rx, $got, $c1 - $c0, $t1 - $t0
print('%-28s %10.0f %10d %10d %8d %10.1f %12.3f' % ('$name', n / dt, rx, got, rx - got, cpu / max(got, 1), cpu / 1e9))"
}
filecount() { local n=0 f; for f in "$@"; do n=$((n + $(tcpdump -nn -r "$f" 2>/dev/null | wc -l))); done; echo $n; }
W=$WEIR
run "weir capture -w" "$TMP/udp.cfg" 'filecount $OUT/w.pcapng' -- "$W" capture -i "$VB" -w "$OUT/w.pcapng"
run "tcpdump -w" "$TMP/udp.cfg" 'filecount $OUT/t.pcap' -- tcpdump -i "$VB" -B 32768 -w "$OUT/t.pcap"
run "dumpcap -w" "$TMP/udp.cfg" 'filecount $OUT/d.pcapng' -- dumpcap -i "$VB" -B 32 -q -w "$OUT/d.pcapng"
run "netsniff-ng --out" "$TMP/udp.cfg" 'filecount $OUT/n.pcap' -- netsniff-ng --in "$VB" --out "$OUT/n.pcap" --ring-size 32MiB -s
run "weir capture (summary)" "$TMP/udp.cfg" 'wc -l < $OUT/w.txt' -- bash -c "exec $W capture -i $VB > $OUT/w.txt"
run "weir capture --workers 2" "$TMP/udp4.cfg" 'wc -l < $OUT/w2.txt' -- bash -c "exec $W capture -i $VB --workers 2 > $OUT/w2.txt"
run "tcpdump -nn (summary)" "$TMP/udp.cfg" 'wc -l < $OUT/t.txt' -- bash -c "exec tcpdump -i $VB -B 32768 -nn > $OUT/t.txt 2>/dev/null"
run "tshark (summary)" "$TMP/udp.cfg" 'wc -l < $OUT/s.txt' -- bash -c "exec tshark -i $VB -B 32 -n > $OUT/s.txt 2>/dev/null"
