# Shared helpers for tests/scripts/icp_*.sh: private namespaces joined by veth
# pairs, addresses from 198.18.0.0/15 only, always removed on exit.
# Topology (icp_topo3): client C (198.18.X.1) -- router R -- server S (198.18.Y.1)
ICP_TAG="${ICP_TAG:-t}$$"
ICP_NS=()
ICP_PIDS=()

icp_need_root() {
  if [ "$(id -u)" != 0 ] || ! ip netns add "weir-icp-probe-$$" 2>/dev/null; then
    echo "SKIP: needs root and network namespaces"; exit 77
  fi
  ip netns del "weir-icp-probe-$$"
  command -v iptables >/dev/null || { echo "SKIP: iptables missing"; exit 77; }
  command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }
}

# icp_start: the usual start of an icp_* test (after W and SRC are set):
# BUILD (the build folder), X (the traffic helper), T (a temporary folder,
# removed on exit); skips without root; cleans up on exit and on INT/TERM.
icp_start() {
  BUILD=${WEIR_BUILD_DIR:-$(dirname "$W")}
  X="python3 $SRC/tests/net/icp_xfer.py"
  icp_need_root
  trap icp_cleanup EXIT
  trap "exit 1" INT TERM
  ICP_TMP=$(mktemp -d)
  T=$ICP_TMP
}

# icp_prog NAME: PROG=the test client NAME built into $BUILD/tests (fails if absent).
icp_prog() {
  PROG="$BUILD/tests/$1"
  [ -x "$PROG" ] || fail "$1 not built at $PROG"
}

icp_cleanup() {
  for p in "${ICP_PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
  for n in "${ICP_NS[@]}"; do ip netns pids "$n" 2>/dev/null | xargs -r kill -9 2>/dev/null; done
  for n in "${ICP_NS[@]}"; do ip netns del "$n" 2>/dev/null; done
  [ -n "${ICP_TMP:-}" ] && rm -rf "$ICP_TMP"
}

icp_ns() {  # VAR NAME -> creates namespace weir-icp-NAME-TAG, stores its name in VAR
  # (no command substitution: the name must be recorded in this shell for cleanup)
  local n="weir-icp-$2-$ICP_TAG"
  ip netns add "$n" || fail "cannot create namespace $n"
  ICP_NS+=("$n")
  ip -n "$n" link set lo up
  printf -v "$1" '%s' "$n"
}

# icp_topo3 SUBNET_A SUBNET_B: sets C R S (namespaces) and CA SA (addresses)
icp_topo3() {
  local a=$1 b=$2 t=$ICP_TAG
  icp_ns C c; icp_ns R r; icp_ns S s
  ip link add "ic$t" netns "$C" type veth peer name "ira$t" netns "$R"
  ip link add "is$t" netns "$S" type veth peer name "irb$t" netns "$R"
  RA="ira$t"; RB="irb$t"; CI="ic$t"; SI="is$t"
  ip -n "$C" addr add "198.18.$a.1/24" dev "$CI"; ip -n "$C" link set "$CI" up
  ip -n "$R" addr add "198.18.$a.2/24" dev "$RA"; ip -n "$R" link set "$RA" up
  ip -n "$R" addr add "198.18.$b.2/24" dev "$RB"; ip -n "$R" link set "$RB" up
  ip -n "$S" addr add "198.18.$b.1/24" dev "$SI"; ip -n "$S" link set "$SI" up
  ip -n "$C" route add default via "198.18.$a.2"
  ip -n "$S" route add default via "198.18.$b.2"
  ip netns exec "$R" sysctl -qw net.ipv4.ip_forward=1
  CA="198.18.$a.1"; SA="198.18.$b.1"
}

# icp_topo2 SUBNET: host H (198.18.SUBNET.1, HA) -- peer P (.2, PA) over one
# veth pair (HI in H, PI in P)
icp_topo2() {
  icp_ns H h; icp_ns P p
  HI="ih$ICP_TAG"; PI="ip$ICP_TAG"
  ip link add $HI netns $H type veth peer name $PI netns $P
  HA="198.18.$1.1"; PA="198.18.$1.2"
  ip -n $H addr add $HA/24 dev $HI; ip -n $H link set $HI up
  ip -n $P addr add $PA/24 dev $PI; ip -n $P link set $PI up
}

# icp_wait_queue NS QUEUE: waits (<= 5 s) until a program is bound to QUEUE.
icp_wait_queue() {
  local i
  for i in $(seq 1 100); do
    ip netns exec "$1" awk -v q="$2" '$1==q {f=1} END {exit !f}' /proc/net/netfilter/nfnetlink_queue 2>/dev/null && return 0
    sleep 0.05
  done
  echo "queue $2 never bound in $1"; return 1
}

# icp_wait_log FILE: waits (<= 10 s) until weir says it is running (rules in place).
icp_wait_log() {
  local i
  for i in $(seq 1 200); do
    grep -q "running on" "$1" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "weir did not start:"; cat "$1"; return 1
}

icp_rules_left() {  # NS -> prints WEIR rule lines (nft and legacy)
  local b
  for b in iptables-nft iptables-legacy ip6tables-nft ip6tables-legacy; do
    for t in mangle filter; do ip netns exec "$1" "$b" -w -t $t -S 2>/dev/null | grep WEIR; done
  done
  true
}

fail() { echo "FAIL: $*"; exit 1; }

# icp_tcp_copy PORT WHAT: sends $T/in.bin from C to S:PORT through the
# router and checks it arrived byte-identical (sha256 $WANT).
icp_tcp_copy() {
  rm -f $T/out.bin
  ip netns exec $S timeout 30 $X tcp-server $1 $T/out.bin & local sp=$!
  sleep 0.3
  ip netns exec $C timeout 30 $X tcp-client $SA $1 $T/in.bin || fail "tcp client failed ($2)"
  wait $sp || fail "tcp server failed ($2)"
  [ "$(sha256sum < $T/out.bin)" = "$WANT" ] || fail "file differs after transfer ($2)"
  echo "ok: byte-identical TCP transfer ($2)"
}
