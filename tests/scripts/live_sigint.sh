# Stopping: SIGINT and SIGTERM flush and close every file (all packets,
# readable) and print statistics; even SIGKILL leaves a readable file, since
# buffered data is pushed to the OS whenever the capture goes idle.
set -u
. "${WEIR_SOURCE_DIR:-$(dirname "$0")/../..}/tests/net/lib.sh" "$@"
net_setup k
read -r NPKT NBYTES < <(python3 "$SRC/tests/net/gen_pcap.py" "$TMP/g.pcap" --pairs 3 --per-pair 30)
count() { tcpdump -nn -r "$1" 2>/dev/null | wc -l; }

for sig in INT TERM KILL; do
  bg_in "$NS_B" 30 "$TMP/$sig.err" "$WEIR" capture -i "$VB" -Q in -w "$TMP/$sig.pcapng" --workers 2
  wait_for "$TMP/$sig.err" "capturing on" 5 || fail "$sig: capture did not start"
  in_a timeout 20 "$WEIR" replay "$TMP/g.pcap" -i "$VA" --topspeed -q || fail "$sig: replay"
  sleep 1.5  # > block timeout and the idle flush
  kill -s $sig "$BG_PID"
  bg_wait
  rc=$BG_RC
  n=0
  for f in "$TMP/$sig".w*.pcapng; do
    tcpdump -nn -r "$f" >/dev/null 2>"$TMP/$sig.read" || fail "$sig: $f unreadable: $(cat "$TMP/$sig.read")"
    n=$((n + $(count "$f")))
  done
  [ "$n" = "$NPKT" ] || fail "$sig: files hold $n packets, want $NPKT"
  if [ $sig != KILL ]; then
    [ $rc = 0 ] || fail "$sig: exit code $rc"
    grep -q "stopped by signal" "$TMP/$sig.err" || fail "$sig: no stop message"
    grep -q "$NPKT packets captured ($NBYTES bytes)" "$TMP/$sig.err" || fail "$sig: statistics: $(cat "$TMP/$sig.err")"
  fi
  echo "SIG$sig: $n packets in readable files, exit $rc"
done
echo PASS
