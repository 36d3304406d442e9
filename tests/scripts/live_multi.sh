# Several interfaces (-i a -i b), -i any (cooked LINUX_SLL2, user-space
# filter), and -Z (privileges dropped once the sockets are open).
set -u
. "${WEIR_SOURCE_DIR:-$(dirname "$0")/../..}/tests/net/lib.sh" "$@"
net_setup m
VA2=${VA}x; VB2=${VB}x
VA2=${VA2:0:15}; VB2=${VB2:0:15}
ip link add "$VA2" netns "$NS_A" type veth peer name "$VB2" netns "$NS_B" || fail "second veth"
ip -n "$NS_A" link set "$VA2" up
ip -n "$NS_B" link set "$VB2" up
for ((i = 0; i < 100; i++)); do ip -n "$NS_B" link show "$VB2" | grep -q LOWER_UP && break; sleep 0.05; done
read -r NPKT NBYTES < <(python3 "$SRC/tests/net/gen_pcap.py" "$TMP/g.pcap" --pairs 2 --per-pair 20)

# 1. two interfaces, one pcapng with two interface descriptions
bg_in "$NS_B" 20 "$TMP/two.err" "$WEIR" capture -i "$VB" -i "$VB2" -Q in -c $((2 * NPKT)) -w "$TMP/two.pcapng"
wait_for "$TMP/two.err" "capturing on" 5 || fail "two: did not start: $(cat "$TMP/two.err")"
in_a "$WEIR" replay "$TMP/g.pcap" -i "$VA" --topspeed -q || fail replay
in_a "$WEIR" replay "$TMP/g.pcap" -i "$VA2" --topspeed -q || fail replay
bg_wait
[ $BG_RC = 0 ] || fail "two: exit $BG_RC: $(cat "$TMP/two.err")"
tshark -r "$TMP/two.pcapng" -T fields -e frame.interface_name 2>/dev/null | sort | uniq -c > "$TMP/two.ifs"
cat "$TMP/two.ifs"
grep -q "^ *$NPKT $VB\$" "$TMP/two.ifs" || fail "two: per-interface counts"
grep -q "^ *$NPKT $VB2\$" "$TMP/two.ifs" || fail "two: per-interface counts"

# 1b. two interfaces with two workers: one fanout group per interface
bg_in "$NS_B" 20 "$TMP/two2.err" "$WEIR" capture -i "$VB" -i "$VB2" -Q in --workers 2 -c $((2 * NPKT)) \
  -w "$TMP/two2.pcapng" --stats-json "$TMP/two2.json"
wait_for "$TMP/two2.err" "capturing on" 5 || fail "two2: did not start: $(cat "$TMP/two2.err")"
in_a "$WEIR" replay "$TMP/g.pcap" -i "$VA" --topspeed -q || fail replay
in_a "$WEIR" replay "$TMP/g.pcap" -i "$VA2" --topspeed -q || fail replay
bg_wait
[ $BG_RC = 0 ] || fail "two2: exit $BG_RC: $(cat "$TMP/two2.err")"
python3 - "$TMP/two2.json" $((2 * NPKT)) <<'PY' || fail "two2: stats"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["packets"] == int(sys.argv[2]), s["packets"]
assert all(w["packets"] > 0 for w in s["workers"]), s["workers"]
PY

# 1c. --pcap over interfaces of two link types (Ethernet veth, raw-IP TUN):
#     a pcap file holds the first one's, so the TUN's packets are counted and skipped and
#     the capture goes on (it used to stop at the first such packet)
TUN=wct$(( $$ % 100000 ))
ip -n "$NS_B" tuntap add "$TUN" mode tun || fail "tun"
ip -n "$NS_B" addr add "198.18.$(( SUB + 1 )).1/24" dev "$TUN"
ip -n "$NS_B" link set "$TUN" up
cat >"$TMP/tunhold.py" <<'PY'
import fcntl, os, struct, sys, time
fd = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(fd, 0x400454CA, struct.pack("16sH", sys.argv[1].encode(), 0x0001 | 0x1000))  # TUNSETIFF, IFF_TUN|IFF_NO_PI
time.sleep(15)
PY
ip netns exec "$NS_B" python3 "$TMP/tunhold.py" "$TUN" & TUNP=$!
NET_CLEANUP=("kill $TUNP" "${NET_CLEANUP[@]}")
for ((i = 0; i < 100; i++)); do ip -n "$NS_B" link show "$TUN" | grep -q NO-CARRIER || break; sleep 0.05; done
ip -n "$NS_B" link show "$TUN" | grep -q NO-CARRIER && fail "linktypes: the TUN has no carrier"
bg_in "$NS_B" 20 "$TMP/lt.err" "$WEIR" capture -i "$VB" -i "$TUN" -Q inout --pcap -c $((NPKT + 5)) -w "$TMP/lt.pcap" \
  --stats-json "$TMP/lt.json"
wait_for "$TMP/lt.err" "capturing on" 5 || fail "linktypes: did not start: $(cat "$TMP/lt.err")"
in_b python3 -c "
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(5): s.sendto(b'tun', ('198.18.$(( SUB + 1 )).9', 9))"
in_a "$WEIR" replay "$TMP/g.pcap" -i "$VA" --topspeed -q || fail replay
bg_wait
[ $BG_RC = 0 ] || fail "linktypes: exit $BG_RC: $(cat "$TMP/lt.err")"
grep -q "5 packets were not written (pcap files hold a single link type" "$TMP/lt.err" ||
  fail "linktypes: skipped packets not reported: $(cat "$TMP/lt.err")"
python3 -c 'import json,sys; w = json.load(open(sys.argv[1]))["workers"][0]; assert w["packets_not_written"] == 5, w' "$TMP/lt.json" ||
  fail "linktypes: stats"
[ "$(tcpdump -nn -r "$TMP/lt.pcap" 2>/dev/null | wc -l)" = "$NPKT" ] || fail "linktypes: the veth's packets"

# 2. -i any: cooked SLL2 with the interface index, user-space filter
WANT=$(tcpdump -nn -r "$TMP/g.pcap" udp port 5000 2>/dev/null | wc -l)
bg_in "$NS_B" 20 "$TMP/any.err" "$WEIR" capture -i any -Q in -c $((2 * WANT)) -w "$TMP/any.pcapng" udp port 5000
wait_for "$TMP/any.err" "capturing on any" 5 || fail "any: did not start: $(cat "$TMP/any.err")"
grep -q "user-space filter" "$TMP/any.err" || fail "any: filter kind not reported"
in_a "$WEIR" replay "$TMP/g.pcap" -i "$VA" --topspeed -q || fail replay
in_a "$WEIR" replay "$TMP/g.pcap" -i "$VA2" --topspeed -q || fail replay
bg_wait
[ $BG_RC = 0 ] || fail "any: exit $BG_RC: $(cat "$TMP/any.err")"
IDX_B=$(ip -n "$NS_B" -o link show "$VB" | cut -d: -f1)
IDX_B2=$(ip -n "$NS_B" -o link show "$VB2" | cut -d: -f1)
tshark -r "$TMP/any.pcapng" -T fields -e sll.ifindex -e udp.dstport -e frame.len 2>/dev/null | sort | uniq -c | sort > "$TMP/any.txt"
[ "$(tshark -r "$TMP/any.pcapng" -T fields -e frame.encap_type 2>/dev/null | sort -u)" = 210 ] ||
  fail "any: not LINUX_SLL2 (wiretap encap 210)"
[ "$(awk -v i="$IDX_B" '$2 == i {n += $1} END {print n}' "$TMP/any.txt")" = "$WANT" ] || fail "any: $VB count"
[ "$(awk -v i="$IDX_B2" '$2 == i {n += $1} END {print n}' "$TMP/any.txt")" = "$WANT" ] || fail "any: $VB2 count"
[ "$(awk '$3 != 5000' "$TMP/any.txt" | wc -l)" = 0 ] || fail "any: filter let other packets through"
# payload identical to the replayed frames minus the Ethernet header (SLL2 = 20 bytes, Ethernet = 14)
cmp -s <(tshark -r "$TMP/g.pcap" -Y "udp.port == 5000" -T fields -e frame.len 2>/dev/null | awk '{print $1 + 6}') \
       <(tshark -r "$TMP/any.pcapng" -Y "sll.ifindex == $IDX_B" -T fields -e frame.len 2>/dev/null) ||
  fail "any: frame lengths"

# 3. -Z: running as nobody after the socket and first file are open
chmod 1777 "$TMP"
bg_in "$NS_B" 20 "$TMP/z.err" "$WEIR" capture -i "$VB" -Q in -c "$NPKT" -w "$TMP/z.pcapng" -Z nobody
wait_for "$TMP/z.err" "capturing on" 5 || fail "-Z: did not start: $(cat "$TMP/z.err")"
grep -q "^Uid:[[:space:]]*65534" /proc/$BG_PID/status || fail "-Z: still root: $(grep Uid /proc/$BG_PID/status)"
in_a "$WEIR" replay "$TMP/g.pcap" -i "$VA" --topspeed -q || fail replay
bg_wait
[ $BG_RC = 0 ] || fail "-Z: exit $BG_RC: $(cat "$TMP/z.err")"
[ "$(tcpdump -nn -r "$TMP/z.pcapng" 2>/dev/null | wc -l)" = "$NPKT" ] || fail "-Z: packets"
echo PASS
