#!/usr/bin/env bash
# Robustness of `weir read` on the real (often malformed) capture corpus:
# every output mode must finish without a crash (exit 0, 1 for an
# unreadable file, 2 for damage), and every -T json line must parse.
#   bash tests/scripts/cli_corpus.sh path/to/weir
set -u
WEIR=${1:?usage: cli_corpus.sh path/to/weir}
SRC=${WEIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
CORPUS=${WEIR_CORPUS:-$SRC/../shared/corpus/tcpdump}
if [ ! -d "$CORPUS" ]; then
  echo "SKIP: corpus folder $CORPUS is absent"
  exit 77
fi
TMP=$(mktemp -d /tmp/weir-corpus.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
fail=0 files=0 lines=0
for f in "$CORPUS"/*; do
  [ -f "$f" ] || continue
  files=$((files + 1))
  # Three runs per file cover every printer: summary + statistics, verbose +
  # hex, JSON (the fields printer shares its emitters with JSON).
  for mode in "--stats" "-V -x" "-T json"; do
    timeout 60 "$WEIR" read "$f" $mode >"$TMP/out" 2>"$TMP/err"
    rc=$?
    if [ $rc -gt 2 ]; then
      echo "FAIL: weir read '$f' $mode exited $rc: $(head -c 300 "$TMP/err")"
      fail=1
    fi
    if [ "$mode" = "-T json" ]; then
      cat "$TMP/out" >>"$TMP/all.json"
      lines=$((lines + $(wc -l <"$TMP/out")))
    fi
  done
done
python3 - "$TMP/all.json" <<'EOF' || fail=1
import json, sys
n = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        try:
            json.loads(line)
        except Exception as e:
            print(f"FAIL: JSON line {n} does not parse: {e}: {line[:200]}")
            sys.exit(1)
print(f"ok: {n} JSON lines parse")
EOF
echo "checked $files files ($lines packets as JSON)"
exit $fail
