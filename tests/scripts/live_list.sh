# weir list in a namespace with a veth pair and known addresses.
set -u
. "${WEIR_SOURCE_DIR:-$(dirname "$0")/../..}/tests/net/lib.sh" "$@"
net_setup l
ip -n "$NS_A" link set "$VA" address 02:00:5e:12:34:56
ip -n "$NS_A" link set "$VA" mtu 1400
ip netns exec "$NS_A" sysctl -qw net.ipv6.conf.$VA.disable_ipv6=0
ip -n "$NS_A" addr add 2001:2::1234/64 dev "$VA" nodad
in_a "$WEIR" list > "$TMP/list.txt" || fail "weir list failed"
in_a "$WEIR" list --json > "$TMP/list.json" || fail "weir list --json failed"
cat "$TMP/list.txt"
grep -q "^1\. lo  kind=loopback .*flags=up,running,loopback" "$TMP/list.txt" || fail "lo missing"
grep -q " $VA  kind=veth mtu=1400 linktype=EN10MB flags=up.* mac=02:00:5e:12:34:56" "$TMP/list.txt" || fail "veth line"
grep -q "inet  $IP_A/24" "$TMP/list.txt" || fail "ipv4 address"
grep -q "inet6 2001:2::1234/64" "$TMP/list.txt" || fail "ipv6 address"
python3 - "$TMP/list.json" "$VA" "$IP_A" <<'PY' || fail "json content"
import json, sys
ads = json.load(open(sys.argv[1]))
v = [a for a in ads if a["name"] == sys.argv[2]]
assert len(v) == 1, ads
v = v[0]
assert v["kind"] == "veth" and v["mac"] == "02:00:5e:12:34:56" and v["mtu"] == 1400, v
assert "up" in v["flags"] and "loopback" not in v["flags"], v
assert v["linktype"] == 1
addrs = {(a["address"], a["prefix_len"]) for a in v["addresses"]}
assert (sys.argv[3], 24) in addrs and ("2001:2::1234", 64) in addrs, addrs
lo = [a for a in ads if a["name"] == "lo"][0]
assert lo["kind"] == "loopback" and "loopback" in lo["flags"]
assert ("127.0.0.1", 8) in {(a["address"], a["prefix_len"]) for a in lo["addresses"]}
PY
# promisc flag shows up
ip -n "$NS_A" link set "$VA" promisc on
in_a "$WEIR" list | grep -q " $VA .*flags=up,running,promisc" || fail "promisc flag"
echo PASS
