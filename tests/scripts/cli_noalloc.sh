#!/usr/bin/env bash
# The per-packet path of `weir read` allocates nothing: malloc is counted
# (LD_PRELOAD shim) on the sample and on the sample repeated 20 times (same
# flows, so no new conversations); the counts must be equal in every mode.
#   bash tests/scripts/cli_noalloc.sh path/to/weir
set -u
WEIR=${1:?usage: cli_noalloc.sh path/to/weir}
SRC=${WEIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
S=$SRC/data/sample.pcapng
[ -f "$S" ] || { echo "SKIP: $S missing"; exit 77; }
if ldd "$WEIR" 2>/dev/null | grep -q -e libasan -e libtsan; then
  echo "SKIP: sanitizer build (its allocator cannot be interposed)"
  exit 77
fi
CC=${CC:-cc}
command -v "$CC" >/dev/null || { echo "SKIP: no C compiler for the malloc counter"; exit 77; }
TMP=$(mktemp -d /tmp/weir-noalloc.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
cat >"$TMP/mcount.c" <<'EOF'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
static unsigned long n;
static void* (*real)(size_t);
void* malloc(size_t s) {
  if (!real) real = (void* (*)(size_t))dlsym(RTLD_NEXT, "malloc");
  n++;
  return real(s);
}
__attribute__((destructor)) static void fin(void) {
  char b[64];
  int l = snprintf(b, sizeof b, "mallocs=%lu\n", n);
  if (write(2, b, (size_t)l) < 0) {}
}
EOF
"$CC" -shared -fPIC -O2 -o "$TMP/mcount.so" "$TMP/mcount.c" -ldl || { echo "SKIP: cannot build the counter"; exit 77; }

# The same packets once and 20 times, as pcap (timestamps shifted by 2 s per copy).
"$WEIR" read "$S" --pcap -w "$TMP/x1.pcap" || exit 1
python3 - "$TMP/x1.pcap" "$TMP/x20.pcap" <<'EOF'
import struct, sys
d = open(sys.argv[1], "rb").read()
le = d[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1")
e = "<" if le else ">"
recs, off = [], 24
while off < len(d):
    ts, frac, cl, ol = struct.unpack(e + "IIII", d[off:off + 16])
    recs.append((ts, frac, d[off + 16:off + 16 + cl], ol))
    off += 16 + cl
with open(sys.argv[2], "wb") as out:
    out.write(d[:24])
    for i in range(20):
        for ts, frac, data, ol in recs:
            out.write(struct.pack(e + "IIII", ts + 2 * i, frac, len(data), ol) + data)
EOF

fail=0
count() { LD_PRELOAD=$TMP/mcount.so "$WEIR" read "$@" 2>&1 >/dev/null | grep -o 'mallocs=[0-9]*' | tail -1; }
for mode in "" "-T json" "-V -x" "-T fields -e ip.src -e tcp.port -e dns.qry.name -E occurrence=l" "-q" \
  "-c 4000 tcp or udp" "--split-by flow $TMP/split"; do
  rm -rf "$TMP/split"
  a=$(count "$TMP/x1.pcap" $mode)
  rm -rf "$TMP/split"
  b=$(count "$TMP/x20.pcap" $mode)
  if [ -n "$a" ] && [ "$a" = "$b" ]; then
    echo "ok: [$mode] $a for 1x and 20x the packets"
  else
    echo "FAIL: [$mode] allocations grow with packets: 1x $a, 20x $b"
    fail=1
  fi
done
exit $fail
