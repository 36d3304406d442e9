# Helpers for live tests: private network namespaces joined by a veth pair.
# Source it from tests/scripts/live_*.sh. Skips (exit 77) when not root or
# when `ip netns` is unavailable. Addresses only from 198.18.0.0/15.
#
#   net_setup TAG        creates namespaces $NS_A, $NS_B with veth $VA (in A,
#                        198.18.<n>.1/24) and $VB (in B, 198.18.<n>.2/24),
#                        removed again on EXIT.
#   in_a CMD... / in_b CMD...   run a command in namespace A / B.

WEIR=${1:?usage: $0 path/to/weir}
WEIR=$(readlink -f "$WEIR")
SRC=${WEIR_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || skip "needs root"
command -v ip >/dev/null || skip "no iproute2"
ip netns list >/dev/null 2>&1 || skip "ip netns unavailable"

NET_CLEANUP=()
TMP=$(mktemp -d /tmp/weir-live.XXXXXX)
net_cleanup() {
  local c
  for c in "${NET_CLEANUP[@]}"; do eval "$c" >/dev/null 2>&1 || true; done
  rm -rf "$TMP"
}
trap net_cleanup EXIT

net_setup() {
  local tag=$1 sub=${2:-$(( ($$ % 200) + 20 ))}
  NS_A=weir-cap-${tag}a-$$
  NS_B=weir-cap-${tag}b-$$
  VA=wc${tag}a$(( $$ % 100000 ))
  VB=wc${tag}b$(( $$ % 100000 ))
  VA=${VA:0:15}; VB=${VB:0:15}
  SUB=$sub
  IP_A=198.18.$sub.1
  IP_B=198.18.$sub.2
  ip netns add "$NS_A" || skip "cannot create namespace"
  NET_CLEANUP+=("ip netns del $NS_A")
  ip netns add "$NS_B" || skip "cannot create namespace"
  NET_CLEANUP+=("ip netns del $NS_B")
  ip link add "$VA" netns "$NS_A" type veth peer name "$VB" netns "$NS_B" || skip "cannot create veth"
  ip -n "$NS_A" addr add "$IP_A/24" dev "$VA"
  ip -n "$NS_B" addr add "$IP_B/24" dev "$VB"
  ip -n "$NS_A" link set lo up
  ip -n "$NS_B" link set lo up
  ip -n "$NS_A" link set "$VA" up
  ip -n "$NS_B" link set "$VB" up
  # Wait (bounded) for the carrier so no "up" event lands inside a test.
  local i
  for ((i = 0; i < 100; i++)); do
    ip -n "$NS_B" link show "$VB" | grep -q LOWER_UP && ip -n "$NS_A" link show "$VA" | grep -q LOWER_UP && break
    sleep 0.05
  done
  # No IPv6 autoconf chatter (router solicitations, DAD) in counted captures.
  ip netns exec "$NS_A" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 || true
  ip netns exec "$NS_B" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 || true
}
# bg_in NS SECS ERRFILE CMD...: starts CMD in namespace NS in the background
# with stderr to ERRFILE (stdout to ERRFILE.stdout); BG_PID is CMD's own pid (so signals reach it), it
# is killed after SECS seconds at the latest and on exit.
bg_in() {
  local ns=$1 secs=$2 err=$3 pidf
  shift 3
  pidf=$(mktemp "$TMP/pid.XXXXXX")
  ip netns exec "$ns" bash -c 'echo $$ >"$0"; exec "$@"' "$pidf" "$@" >"$err.stdout" 2>"$err" &
  local i
  for ((i = 0; i < 100; i++)); do [ -s "$pidf" ] && break; sleep 0.02; done
  BG_PID=$(cat "$pidf")
  NET_CLEANUP=("kill -9 $BG_PID" "${NET_CLEANUP[@]}")
  (sleep "$secs"; kill -9 "$BG_PID" 2>/dev/null) >/dev/null 2>&1 &
  NET_CLEANUP=("kill $! " "${NET_CLEANUP[@]}")
}
# bg_wait: waits for BG_PID (bounded by its time limit); sets BG_RC.
bg_wait() {
  wait "$BG_PID" 2>/dev/null
  BG_RC=$?
}
in_a() { ip netns exec "$NS_A" "$@"; }
in_b() { ip netns exec "$NS_B" "$@"; }

# Waits (bounded) until FILE contains PATTERN.
wait_for() {
  local file=$1 pat=$2 secs=${3:-10} i
  for ((i = 0; i < secs * 20; i++)); do
    grep -q -- "$pat" "$file" 2>/dev/null && return 0
    sleep 0.05
  done
  return 1
}
