# Adapter changes during a capture: an interface going down and up, and being
# deleted and re-created, is reported and the capture carries on.
set -u
. "${WEIR_SOURCE_DIR:-$(dirname "$0")/../..}/tests/net/lib.sh" "$@"
net_setup i
read -r NPKT NBYTES < <(python3 "$SRC/tests/net/gen_pcap.py" "$TMP/g.pcap" --pairs 2 --per-pair 10)
count() { tcpdump -nn -r "$1" 2>/dev/null | wc -l; }

in_b timeout 60 "$WEIR" capture -i "$VB" -Q in -c $((3 * NPKT)) -w "$TMP/c.pcapng" --stats-json "$TMP/c.json" \
  2>"$TMP/c.err" &
P=$!
wait_for "$TMP/c.err" "capturing on" 5 || fail "capture did not start"
in_a timeout 20 "$WEIR" replay "$TMP/g.pcap" -i "$VA" --topspeed -q || fail replay1

# down and up
ip -n "$NS_B" link set "$VB" down
wait_for "$TMP/c.err" "'$VB' down" 5 || fail "down not reported: $(cat "$TMP/c.err")"
ip -n "$NS_B" link set "$VB" up
wait_for "$TMP/c.err" "'$VB' up" 5 || fail "up not reported: $(cat "$TMP/c.err")"
for ((i = 0; i < 100; i++)); do ip -n "$NS_B" link show "$VB" | grep -q LOWER_UP && break; sleep 0.05; done
in_a timeout 20 "$WEIR" replay "$TMP/g.pcap" -i "$VA" --topspeed -q || fail replay2

# deleted and re-created under the same name
ip -n "$NS_B" link del "$VB"
wait_for "$TMP/c.err" "'$VB' removed" 5 || fail "removal not reported: $(cat "$TMP/c.err")"
sleep 0.3
kill -0 $P 2>/dev/null || fail "capture died after the interface was removed: $(cat "$TMP/c.err")"
ip link add "$VA" netns "$NS_A" type veth peer name "$VB" netns "$NS_B"
ip -n "$NS_A" link set "$VA" up
ip -n "$NS_B" link set "$VB" up
wait_for "$TMP/c.err" "capture resumed on '$VB'" 5 || fail "no resume: $(cat "$TMP/c.err")"
for ((i = 0; i < 100; i++)); do ip -n "$NS_B" link show "$VB" | grep -q LOWER_UP && break; sleep 0.05; done
in_a timeout 20 "$WEIR" replay "$TMP/g.pcap" -i "$VA" --topspeed -q || fail replay3
wait $P || fail "capture did not finish with all packets: $(cat "$TMP/c.err")"
cat "$TMP/c.err"
[ "$(count "$TMP/c.pcapng")" = $((3 * NPKT)) ] || fail "file holds $(count "$TMP/c.pcapng") packets"
python3 - "$TMP/c.json" <<'PY' || fail "events in stats json"
import json, sys
ev = [e["message"] for e in json.load(open(sys.argv[1]))["events"]]
for want in ("down", "up", "removed", "added"):
    assert any(m.endswith("' " + want) for m in ev), (want, ev)
assert any("capture resumed" in m for m in ev), ev
PY
echo PASS
