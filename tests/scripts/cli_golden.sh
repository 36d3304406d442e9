#!/usr/bin/env bash
# Golden-output tests of `weir read` on the bundled sample capture.
#   bash tests/scripts/cli_golden.sh path/to/weir
# UPDATE_GOLDEN=1 rewrites tests/golden/*.txt instead of comparing (review
# the diff before committing!).
set -u
WEIR=${1:?usage: cli_golden.sh path/to/weir}
SRC=${WEIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
GOLDEN=$SRC/tests/golden
SAMPLE=$SRC/data/sample.pcapng
[ -f "$SAMPLE" ] || { echo "SKIP: $SAMPLE missing"; exit 77; }
TMP=$(mktemp -d /tmp/weir-golden.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
fail=0

# check NAME COMMAND...: runs the command (stdout and "rc=N" captured) and
# compares with tests/golden/NAME.txt.
check() {
  local name=$1
  shift
  local out=$TMP/$name.txt
  (cd "$SRC" && "$@") >"$out" 2>"$TMP/$name.err"
  echo "rc=$?" >>"$out"
  if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
    mkdir -p "$GOLDEN"
    cp "$out" "$GOLDEN/$name.txt"
    echo "updated $name"
  elif ! diff -u "$GOLDEN/$name.txt" "$out" >"$TMP/$name.diff"; then
    echo "FAIL: $name differs from golden (if a decoder changed on purpose: UPDATE_GOLDEN=1 bash $0 WEIR, review git diff tests/golden):"
    head -40 "$TMP/$name.diff"
    fail=1
  else
    echo "ok: $name"
  fi
}

S=data/sample.pcapng
check default "$WEIR" read $S
check fields "$WEIR" read $S -T fields -E header=y -e frame.number -e frame.len -e eth.src -e ip.src -e ip.dst \
  -e ipv6.src -e tcp.srcport -e tcp.dstport -e udp.dstport -e frame.protocols
check fields_csv "$WEIR" read -T fields -E separator=, -E quote=d -E occurrence=f -e frame.number -e ip.src \
  -e tcp.flags -c 12 $S tcp
check json "$WEIR" read $S -T json -c 40
check verbose "$WEIR" read $S -V -c 3
check hex "$WEIR" read $S -x -c 2
check stats "$WEIR" read $S --stats -q
check filter "$WEIR" read $S tcp port 25 or icmp
check count "$WEIR" read -c 5 $S udp
check limit "$WEIR" read $S --limit 4 --stats ip6

# -w then re-read: same packets as the filter selects.
(cd "$SRC" && "$WEIR" read $S -w "$TMP/udp.pcapng" udp) || { echo "FAIL: -w exited $?"; fail=1; }
check rewrite "$WEIR" read "$TMP/udp.pcapng"
(cd "$SRC" && "$WEIR" read $S --pcap -w "$TMP/arp.pcap" arp) || { echo "FAIL: -w --pcap exited $?"; fail=1; }
check rewrite_pcap "$WEIR" read "$TMP/arp.pcap"

# --split-by: list the files, then each file's packets.
split_listing() {
  local mode=$1 dir=$TMP/split-$1
  shift
  "$WEIR" read $S --split-by "$mode" "$dir" "$@" || echo "split exited $?"
  for f in $(ls "$dir" | LC_ALL=C sort); do
    echo "== $f"
    "$WEIR" read "$dir/$f" -T fields -e frame.number -e ip.src -e ip.dst -e tcp.srcport -e tcp.dstport -e udp.srcport -e udp.dstport
  done
  ls -A "$dir" | grep -c '^\.' | sed 's/^/hidden files: /'
}
check split_ip split_listing ip tcp port 25 or icmp
check split_flow split_listing flow tcp or udp
check split_port split_listing port tcp

# Errors.
check err_nofile "$WEIR" read /nonexistent/file.pcap
check err_field "$WEIR" read $S -T fields -e ip.src -e no.such.field
check err_filter "$WEIR" read $S tcp port
head -c 60000 "$SRC/$S" >"$TMP/damaged.pcapng"
check err_damaged "$WEIR" read "$TMP/damaged.pcapng" -q
grep -q "damaged.pcapng" "$TMP/err_damaged.err" || { echo "FAIL: damaged file message missing"; cat "$TMP/err_damaged.err"; fail=1; }
grep -q "no.such.field" "$TMP/err_field.err" || { echo "FAIL: unknown field message missing"; fail=1; }

exit $fail
