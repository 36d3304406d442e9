# Real TCP traffic (iperf3, 1 s at 1 Gbit/s) between the namespaces: every
# frame the receiving veth counted is captured, including GSO/GRO
# super-frames larger than the MTU (-s 256: headers only, original lengths
# kept), and the file reads back.
set -u
. "${WEIR_SOURCE_DIR:-$(dirname "$0")/../..}/tests/net/lib.sh" "$@"
command -v iperf3 >/dev/null || skip "no iperf3"
net_setup t
rx() { ip -n "$NS_B" -s -j link show "$VB" | python3 -c 'import json,sys; s=json.load(sys.stdin)[0]["stats64"]["rx"]; print(s["packets"], s["bytes"])'; }
bg_in "$NS_B" 30 "$TMP/srv.err" iperf3 -s -1 -B "$IP_B"
sleep 0.5
bg_in "$NS_B" 30 "$TMP/cap.err" "$WEIR" capture -i "$VB" -Q in -s 256 -w "$TMP/t.pcapng" --stats-json "$TMP/t.json"
CAP=$BG_PID
wait_for "$TMP/cap.err" "capturing on" 5 || fail "capture did not start"
read -r P0 B0 < <(rx)
in_a timeout 20 iperf3 -c "$IP_B" -t 1 -b 1G >"$TMP/cli.out" 2>&1 || fail "iperf3: $(cat "$TMP/cli.out")"
sleep 0.5
read -r P1 B1 < <(rx)
BG_PID=$CAP
kill -INT "$BG_PID"
bg_wait
[ $BG_RC = 0 ] || fail "capture: $(cat "$TMP/cap.err")"
cat "$TMP/cap.err"
python3 - "$TMP/t.json" $((P1 - P0)) <<'PY' || fail "counts"
import json, sys
s = json.load(open(sys.argv[1]))
rx = int(sys.argv[2])
# the veth counts every frame it received (TCP and ARP; IPv6 is off)
assert s["kernel_drops"] == 0, s
assert s["packets"] == rx, (s["packets"], rx)
print("captured %d of %d frames, %d bytes" % (s["packets"], rx, s["bytes"]))
PY
N=$(tcpdump -nn -r "$TMP/t.pcapng" 2>/dev/null | wc -l)
[ "$N" = $((P1 - P0)) ] || fail "file holds $N packets, want $((P1 - P0))"
MAX=$(tshark -r "$TMP/t.pcapng" -T fields -e frame.len 2>/dev/null | sort -n | tail -1)
echo "largest frame: $MAX bytes"
[ "$MAX" -gt 1514 ] || fail "no frame larger than the MTU (GSO) seen"
echo PASS
