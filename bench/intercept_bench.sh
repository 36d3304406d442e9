#!/usr/bin/env bash
# Side-by-side NFQUEUE interception benchmark on a client -- router -- server
# chain of private namespaces (198.18.0.0/15 only, removed on exit):
#   kernel       : plain forwarding, no interception
#   naive        : bench/nfq_naive.c (libnetfilter_queue, 1 packet/recv, 1 verdict/packet, no flags)
#   weir-hdr     : weir intercept --forward --copy headers
#   weir-full    : weir intercept --forward --copy full
#   weir-hdr-pin / weir-full-pin: the same with the worker pinned to the last
#                  CPU (--cpus N-1), the tuning docs/performance.md recommends
#   weir-hdr-rt / weir-full-rt: the same with --fifo 10 (SCHED_FIFO worker)
#   weir-hdr-q2  : header copy with --queues 2 (two workers)
#   weir-hdr-fan / weir-full-fan: --queues 2 --cpu-fanout (a packet goes to
#                  the queue of the CPU that queued it: one flow's data and
#                  ACKs are decided by two workers in parallel)
#   weir-hdr-fan-pin: the same with worker i pinned to CPU i (--cpus 0,1)
#   kernel-big / weir-hdr-big / weir-full-big: the same as kernel / weir-hdr /
#                  weir-full with BIG TCP on every veth (largest GSO and GRO
#                  packet BIG_GSO bytes, default 185000; bench/gso_size.py),
#                  set for that mode only
# Every weir mode runs with --fail closed: a packet the queue has no room for
# is dropped (and so counted as not delivered), never passed without a
# verdict. The server discards the UDP flood in its raw table (the same in
# every mode), so the UDP figure is the router's, not the cost of the
# server's ICMP port-unreachable replies.
# FLOWS=N in the environment runs iperf3 -P N (default 1 flow); CC=NAME
# runs iperf3 -C NAME (default: the host's congestion control, net.ipv4.
# tcp_congestion_control, which the namespaces inherit).
# Each: bulk TCP with iperf3 (-t SECS, one flow) and 64-byte UDP frames from
# trafgen at its top rate on one core (delivered = server rx / client tx).
# The modes run in turn, ROUNDS times over (kernel, naive, weir..., kernel,
# ...), so slow drifts of the host hit every mode alike; the table shows
# every round and the median, the TCP median as % of the kernel's median, and
# the median over rounds of each round's TCP as % of the same round's kernel
# run (the two runs seconds apart; this cancels the host's slow drift).
#   bench/intercept_bench.sh path/to/weir [SECS] [ROUNDS] [MODES...]
set -u
W=$(readlink -f "${1:?usage: intercept_bench.sh path/to/weir [SECS] [ROUNDS] [MODES...]}")
SECS=${2:-5}
ROUNDS=${3:-3}
shift 3 2>/dev/null || shift $#
MODES=${*:-kernel naive weir-hdr weir-full weir-hdr-pin weir-full-pin}
LASTCPU=$(( $(nproc) - 1 ))
SRC=$(cd "$(dirname "$0")/.." && pwd)
ICP_TAG=b
source "$SRC/tests/net/icp_lib.bash"
icp_need_root
command -v iperf3 >/dev/null && command -v trafgen >/dev/null || { echo "needs iperf3 and trafgen"; exit 77; }
trap icp_cleanup EXIT
ICP_TMP=$(mktemp -d); T=$ICP_TMP
gcc -O2 "$SRC/bench/nfq_naive.c" -lnetfilter_queue -o $T/nfq_naive || exit 1
icp_topo3 30 31
ip netns exec $S iptables -w -t raw -A PREROUTING -p udp --dport 9 -j DROP || exit 1
BIG_GSO=${BIG_GSO:-185000}
gso_all() {  # BYTES: largest GSO/GRO packet on the four veths
  local d
  for d in "$C $CI" "$R $RA" "$R $RB" "$S $SI"; do
    set -- $d
    ip netns exec $1 python3 "$SRC/bench/gso_size.py" $2 $GSO || exit 1
  done
}
echo "congestion control: ${CC:-$(ip netns exec $C sysctl -n net.ipv4.tcp_congestion_control) (host default)}" >&2
echo "BIG TCP modes (*-big): largest GSO/GRO packet $BIG_GSO bytes; weir modes run --fail closed; the server drops UDP port 9 in its raw table" >&2
RMAC=$(ip -n $R -o link show $RA | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
cat > $T/udp.cfg <<CFG
{ eth(da=$RMAC, type=0x0800), ipv4(saddr=$CA, daddr=$SA, ttl=64), udp(sport=4000, dport=9), fill(0x41, 18) }
CFG
stat_of() { ip netns exec $1 cat /sys/class/net/$2/statistics/$3; }

start_mode() {
  case $1 in *-big) GSO=$BIG_GSO gso_all ;; esac
  case $1 in
    kernel|kernel-big) MP= ;;
    naive)
      ip netns exec $R iptables -w -A FORWARD -j NFQUEUE --queue-num 0
      ip netns exec $R $T/nfq_naive 0 > $T/m.log 2>&1 & MP=$! ;;
    weir-hdr|weir-full|weir-hdr-rt|weir-full-rt|weir-hdr-pin|weir-full-pin|weir-hdr-q2|weir-hdr-big|weir-full-big|\
    weir-hdr-fan|weir-full-fan|weir-hdr-fan-pin)
      local copy=headers extra=
      case $1 in weir-full*) copy=full ;; esac
      case $1 in *-rt) extra="--fifo 10" ;; esac   # SCHED_FIFO worker (bounded by RT throttling)
      case $1 in *-pin) extra="--cpus $LASTCPU" ;; esac
      case $1 in *-q2) extra="--queues 2" ;; esac
      case $1 in *-fan) extra="--queues 2 --cpu-fanout" ;; *-fan-pin) extra="--queues 2 --cpu-fanout --cpus 0,1" ;; esac
      : > $T/m.log
      ip netns exec $R "$W" intercept --forward --copy $copy --fail closed $extra --stats $T/stats.json > $T/m.log 2>&1 & MP=$!
      icp_wait_log $T/m.log >/dev/null ;;
    *) echo "unknown mode '$1'" >&2; exit 2 ;;
  esac
  [ -n "$MP" ] && ICP_PIDS+=($MP)
  sleep 0.5
}
stop_mode() {
  if [ -n "$MP" ]; then
    kill -INT $MP
    timeout 10 tail --pid=$MP -f /dev/null || kill -9 $MP
    wait $MP 2>/dev/null
  fi
  [ $1 = naive ] && ip netns exec $R iptables -w -D FORWARD -j NFQUEUE --queue-num 0
  case $1 in *-big) GSO=65536 gso_all ;; esac
  true
}

declare -A TCP UDPTX UDPDEL DROPS RATIO RATIOB
for r in $(seq $ROUNDS); do
  KROUND= KBROUND=
  for m in $MODES; do
    start_mode $m
    ip netns exec $S iperf3 -s -1 > /dev/null 2>&1 & sp=$!
    sleep 0.3
    bps=$(ip netns exec $C timeout $((SECS + 10)) iperf3 -c $SA -t $SECS -P ${FLOWS:-1} ${CC:+-C $CC} ${IPERF_ARGS:-} -J 2>/dev/null |
          python3 -c 'import json,sys; print("%.2f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/1e9))' 2>/dev/null)
    wait $sp 2>/dev/null
    tx0=$(stat_of $C $CI tx_packets); rx0=$(stat_of $S $SI rx_packets)
    ip netns exec $C timeout $SECS trafgen --dev $CI --conf $T/udp.cfg --cpus 1 > /dev/null 2>&1
    sleep 1
    tx1=$(stat_of $C $CI tx_packets); rx1=$(stat_of $S $SI rx_packets)
    stop_mode $m
    drops=-
    [ -f $T/stats.json ] && [ ${m#weir} != $m ] && drops=$(python3 -c "import json; d=json.load(open('$T/stats.json')); print(d['kernel_queue_dropped']+d['kernel_user_dropped'])")
    rm -f $T/stats.json
    tx=$((tx1 - tx0)); rx=$((rx1 - rx0))
    TCP[$m]="${TCP[$m]:-} ${bps:-0}"
    [ $m = kernel ] && KROUND=${bps:-0}
    [ $m = kernel-big ] && KBROUND=${bps:-0}
    [ -n "${KROUND:-}" ] && RATIO[$m]="${RATIO[$m]:-} $(python3 -c "print('%.1f' % (100 * ${bps:-0} / max($KROUND, 0.001)))")"
    # The same against the better of this round's kernel runs so far (list
    # kernel and kernel-big first).
    [ -n "${KBROUND:-}" ] && RATIOB[$m]="${RATIOB[$m]:-} $(python3 -c "print('%.1f' % (100 * ${bps:-0} / max(${KROUND:-0}, $KBROUND, 0.001)))")"
    UDPTX[$m]="${UDPTX[$m]:-} $((tx / SECS))"
    UDPDEL[$m]="${UDPDEL[$m]:-} $(python3 -c "print('%.1f' % (100 * $rx / ($tx + 1)))")"
    DROPS[$m]="${DROPS[$m]:-} $drops"
    echo "round $r $m: TCP ${bps:-fail} Gbit/s, UDP $((tx / SECS)) pkt/s offered, $rx/$tx delivered, queue drops $drops" >&2
  done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {if (NR) print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
KMED=$(echo ${TCP[kernel]:-} | median)
printf "%-14s %-28s %8s %8s %8s %-24s %-20s %s\n" mode "TCP Gbit/s (rounds)" median "%kernel" "%round" "UDP offered pkt/s" "UDP delivered %" "queue drops"
for m in $MODES; do
  med=$(echo ${TCP[$m]} | median)
  pct=-; [ -n "$KMED" ] && pct=$(python3 -c "print('%.0f%%' % (100 * $med / $KMED))")
  rmed=$(echo ${RATIO[$m]:-} | median); rmed=${rmed:+$rmed%}
  printf "%-14s %-28s %8s %8s %8s %-24s %-20s %s\n" $m "$(echo ${TCP[$m]})" $med $pct "${rmed:--}" "$(echo ${UDPTX[$m]})" "$(echo ${UDPDEL[$m]})" "$(echo ${DROPS[$m]})"
  [ -n "${RATIO[$m]:-}" ] && echo "               per-round % of kernel: $(echo ${RATIO[$m]})"
  [ -n "${RATIOB[$m]:-}" ] && echo "               per-round % of the better kernel run (kernel, kernel-big): $(echo ${RATIOB[$m]}) (median $(echo ${RATIOB[$m]} | median)%)"
done
