#!/usr/bin/env bash
# Conformance of `weir read -T fields` against tshark over the capture corpus.
# Usage: conformance.sh WEIR_BINARY
# Env: WEIR_SOURCE_DIR, WEIR_BUILD_DIR (set by ctest; default: the folder of
# WEIR_BINARY), WEIR_CORPUS (default $WEIR_SOURCE_DIR/../shared/corpus/tcpdump),
# WEIR_CONFORMANCE_THRESHOLD
# (percent, default 99.5), WEIR_CONFORMANCE_JOBS (default 2),
# WEIR_CONFORMANCE_CACHE (folder for cached tshark outputs; default
# $WEIR_BUILD_DIR/conformance-cache; "0" disables).
# Exit: 0 pass, 1 fail, 77 skipped (corpus, tshark or python3 absent).
set -u
WEIR=${1:?usage: conformance.sh WEIR_BINARY}
SRC=${WEIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${WEIR_BUILD_DIR:-$(cd "$(dirname "$WEIR")" && pwd)}
CORPUS=${WEIR_CORPUS:-$SRC/../shared/corpus/tcpdump}
THRESHOLD=${WEIR_CONFORMANCE_THRESHOLD:-99.5}
JOBS=${WEIR_CONFORMANCE_JOBS:-2}
CACHE=${WEIR_CONFORMANCE_CACHE:-$BUILD/conformance-cache}
[ "$CACHE" = 0 ] && CACHE=""
mkdir -p "$BUILD"

# The scoring itself is tested first, on synthetic outputs (no corpus needed).
if command -v python3 >/dev/null 2>&1; then
  if ! python3 "$SRC/tests/conformance/selftest.py" >"$BUILD/conformance-selftest.log" 2>&1; then
    echo "conformance: FAIL: the comparison tool's self-test failed:"
    cat "$BUILD/conformance-selftest.log"
    exit 1
  fi
fi
if [ ! -d "$CORPUS" ]; then
  echo "SKIP: conformance: corpus folder '$CORPUS' not found (set WEIR_CORPUS)"
  exit 77
fi
if ! command -v tshark >/dev/null 2>&1; then
  echo "SKIP: conformance: tshark not installed"
  exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "SKIP: conformance: python3 not installed"
  exit 77
fi
python3 "$SRC/tests/conformance/conformance.py" \
  --weir "$WEIR" --corpus "$CORPUS" --report "$BUILD/conformance-report.txt" \
  --threshold "$THRESHOLD" --jobs "$JOBS" --cache "$CACHE" || exit $?
# Fields that need state across packets, in passes of their own (not part of
# the specified field set above): the conversation indexes, and the relative
# TCP numbers against tshark with its sequence analysis on (its default).
python3 "$SRC/tests/conformance/conformance.py" \
  --weir "$WEIR" --corpus "$CORPUS" --report "$BUILD/conformance-streams-report.txt" \
  --threshold "$THRESHOLD" --jobs "$JOBS" --cache "$CACHE" --fields tcp.stream,udp.stream,icmp.resp_to,icmp.resptime || exit $?
python3 "$SRC/tests/conformance/conformance.py" \
  --weir "$WEIR" --corpus "$CORPUS" --report "$BUILD/conformance-seq-report.txt" \
  --threshold "$THRESHOLD" --jobs "$JOBS" --cache "$CACHE" --seq-analysis --fields tcp.seq,tcp.ack,tcp.nxtseq,tcp.window_size,tcp.window_size_scalefactor || exit $?
# Wireshark's TCP sequence analysis (tcp.analysis.*).
A=tcp.analysis
for f in flags retransmission fast_retransmission spurious_retransmission out_of_order lost_segment \
  ack_lost_segment duplicate_ack duplicate_ack_num duplicate_ack_frame zero_window zero_window_probe \
  zero_window_probe_ack window_update window_full keep_alive keep_alive_ack reused_ports bytes_in_flight \
  push_bytes_sent acks_frame ack_rtt initial_rtt rto rto_frame; do A="$A,tcp.analysis.$f"; done
exec python3 "$SRC/tests/conformance/conformance.py" \
  --weir "$WEIR" --corpus "$CORPUS" --report "$BUILD/conformance-analysis-report.txt" \
  --threshold "$THRESHOLD" --jobs "$JOBS" --cache "$CACHE" --seq-analysis --fields "$A"
