#!/usr/bin/env bash
# Builds a large Ethernet pcap for the offline benchmarks by concatenating the
# Ethernet (link type 1) pcap files of the corpus, repeated until it holds at
# least MIN_PACKETS packets (default 500000).
# Usage: bench/make_big_capture.sh OUT [MIN_PACKETS]
# Env: WEIR_CORPUS (default <repo>/../shared/corpus/tcpdump).
# Exit 77 (with a message) when the corpus folder is absent.
set -euo pipefail
OUT=${1:?usage: make_big_capture.sh OUT [MIN_PACKETS]}
MIN=${2:-500000}
HERE=$(cd "$(dirname "$0")" && pwd)
CORPUS=${WEIR_CORPUS:-$HERE/../../shared/corpus/tcpdump}
if [ ! -d "$CORPUS" ]; then
  echo "SKIP: make_big_capture: corpus folder '$CORPUS' not found (set WEIR_CORPUS)" >&2
  exit 77
fi
python3 "$HERE/pcap_concat.py" "$CORPUS" "$OUT" "$MIN"
# Sanity check with an independent reader: tcpdump must read it to the end.
if command -v tcpdump >/dev/null 2>&1; then
  n=$(tcpdump -r "$OUT" --count 2>/dev/null | awk '/packets/ {print $1}')
  echo "make_big_capture: tcpdump counts ${n:-?} packets in $OUT"
fi
