# --workers 2: one PACKET_FANOUT group with the symmetric IP-pair hash. Every
# IPv4 and IPv6 pair (both directions, fragments included) lands on exactly
# one worker;
# together the workers see every packet once.
set -u
. "${WEIR_SOURCE_DIR:-$(dirname "$0")/../..}/tests/net/lib.sh" "$@"
net_setup w
read -r NPKT NBYTES < <(python3 "$SRC/tests/net/gen_pcap.py" "$TMP/g.pcap" --pairs 16 --per-pair 20 --frag --v6 8)
echo "generated $NPKT packets over 16 IPv4 and 8 IPv6 pairs"

check() {  # check TAG: per-worker files and stats of run TAG
  local tag=$1
  python3 - "$TMP/$tag.json" "$NPKT" "$NBYTES" <<'PY' || fail "$tag: stats json"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["packets"] == int(sys.argv[2]) and s["bytes"] == int(sys.argv[3]), (s["packets"], s["bytes"])
w = s["workers"]
assert len(w) == 2
assert sum(x["packets"] for x in w) == s["packets"]
pairs = [set(x["ip_pairs"]) for x in w]
assert pairs[0] and pairs[1], "one worker got no IP traffic: %r" % pairs
assert not (pairs[0] & pairs[1]), "IP pairs seen by both workers: %r" % (pairs[0] & pairs[1])
assert len(pairs[0] | pairs[1]) == 24, pairs
print("%s: worker packets %s, IP pairs %d + %d" % (sys.argv[1].split("/")[-1], [x["packets"] for x in w], len(pairs[0]), len(pairs[1])))
PY
  # And from the files themselves: each worker's file, IP pairs disjoint.
  local f0=$TMP/$tag.w0.pcapng f1=$TMP/$tag.w1.pcapng
  [ -s "$f0" ] && [ -s "$f1" ] || fail "$tag: per-worker files missing"
  local n0 n1
  n0=$(tcpdump -nn -r "$f0" 2>/dev/null | wc -l)
  n1=$(tcpdump -nn -r "$f1" 2>/dev/null | wc -l)
  [ $((n0 + n1)) = "$NPKT" ] || fail "$tag: files hold $n0 + $n1 packets, want $NPKT"
  pairs() {
    tshark -r "$1" -Y "ip or ipv6" -T fields -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst 2>/dev/null |
      awk '{ if ($1 < $2) print $1, $2; else print $2, $1 }' | sort -u
  }
  pairs "$f0" > "$TMP/p0"
  pairs "$f1" > "$TMP/p1"
  [ -z "$(comm -12 "$TMP/p0" "$TMP/p1")" ] || fail "$tag: IP pairs in both files: $(comm -12 "$TMP/p0" "$TMP/p1")"
  [ "$(cat "$TMP/p0" "$TMP/p1" | wc -l)" = 24 ] || fail "$tag: IP pairs missing"
  # fragments (second fragments carry no ports) stayed with their pair
  local frags
  frags=$(tshark -r "$f0" -Y "ip.flags.mf == 1 or ip.frag_offset > 0" 2>/dev/null | wc -l)
  frags=$((frags + $(tshark -r "$f1" -Y "ip.flags.mf == 1 or ip.frag_offset > 0" 2>/dev/null | wc -l)))
  [ "$frags" = 32 ] || fail "$tag: $frags fragments captured, want 32"
}

for mode in ip-pair; do
  in_b timeout 30 "$WEIR" capture -i "$VB" -Q in --workers 2 --fanout $mode -c "$NPKT" \
    -w "$TMP/$mode.pcapng" --stats-json "$TMP/$mode.json" 2>"$TMP/$mode.err" &
  P=$!
  wait_for "$TMP/$mode.err" "capturing on" 5 || fail "capture did not start: $(cat "$TMP/$mode.err")"
  in_a timeout 20 "$WEIR" replay "$TMP/g.pcap" -i "$VA" --pps 20000 -q || fail replay
  wait $P || fail "capture: $(cat "$TMP/$mode.err")"
  cat "$TMP/$mode.err"
  check $mode
done
echo PASS
