#!/usr/bin/env bash
# Builds fuzz/read_decode_fuzz with clang (libFuzzer + ASan + UBSan, library
# instrumented too) in its own build dir, seeds it with small files from the
# shared corpus (if present), generated pcap/pcapng files and the crafted
# captures of cli_tshark.sh, runs it for a
# bounded time and fails if libFuzzer reports a crash.
#   usage: fuzz.sh [path/to/weir]   env: WEIR_SOURCE_DIR, WEIR_BUILD_DIR,
#          FUZZ_SECONDS (default 60)
set -u
SRC=${WEIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${WEIR_BUILD_DIR:-$SRC/build}
SECS=${FUZZ_SECONDS:-60}
if ! command -v clang++ >/dev/null 2>&1; then
  echo "fuzz.sh: SKIP: clang++ not installed"; exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "fuzz.sh: SKIP: python3 not installed (needed to generate seeds)"; exit 77
fi
FB=$BUILD/fuzz
mkdir -p "$FB"
echo "fuzz.sh: configuring $FB"
cmake -S "$SRC" -B "$FB" -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWEIR_FUZZ=ON -DWEIR_TESTS=OFF -DWEIR_BENCH=OFF \
  -DWEIR_SANITIZE=ON -DCMAKE_C_FLAGS=-fsanitize=fuzzer-no-link \
  -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link >"$FB/configure.log" 2>&1 \
  || { echo "fuzz.sh: FAIL: cmake configure failed"; tail -20 "$FB/configure.log"; exit 1; }
echo "fuzz.sh: building read_decode_fuzz"
nice -n 10 ninja -C "$FB" -j2 read_decode_fuzz >"$FB/build.log" 2>&1 \
  || { echo "fuzz.sh: FAIL: build failed"; grep -E "error|FAILED" "$FB/build.log" | head -20; exit 1; }

SEEDS=$FB/seeds
CORPUS=$FB/corpus
ART=$FB/artifacts
rm -rf "$SEEDS" "$ART"
mkdir -p "$SEEDS" "$CORPUS" "$ART"
SHARED=$SRC/../shared/corpus/tcpdump
if [ -d "$SHARED" ]; then
  # The 40 smallest files between 100 bytes and 4 KiB.
  find "$SHARED" -maxdepth 1 -type f -size -4k -size +100c -printf '%s %p\n' | sort -n | head -40 |
    while read -r _ f; do cp "$f" "$SEEDS/"; done
  echo "fuzz.sh: seeded $(ls "$SEEDS" | wc -l) files from $SHARED"
else
  echo "fuzz.sh: shared corpus not found at $SHARED: using generated seeds only"
fi
python3 - "$SEEDS" <<'PY'
import struct, sys, os
out = sys.argv[1]
def frame(n, s): return bytes((s * 31 + i * 7) & 0xff for i in range(n))
eth_udp = bytes.fromhex("000102030405000607080910080045000024000100004011000" "0c6120001c6120002303930" "3a00100000") + b"hello!!!"
eth_tcp = bytes.fromhex("00010203040500060708091008004500002800010000400600" "00c6120001c612000230393050000000010000000050022000" "00000000")
def pcap(be, nsec, lt, recs):
    e = ">" if be else "<"
    b = struct.pack(e + "IHHiIII", 0xa1b23c4d if nsec else 0xa1b2c3d4, 2, 4, 0, 0, 65535, lt)
    for sec, frac, d in recs: b += struct.pack(e + "IIII", sec, frac, len(d), len(d)) + d
    return b
def blk(e, t, body):
    body += b"\0" * (-len(body) % 4)
    L = 12 + len(body)
    return struct.pack(e + "II", t, L) + body + struct.pack(e + "I", L)
def opt(e, code, v): return struct.pack(e + "HH", code, len(v)) + v + b"\0" * (-len(v) % 4)
def ng(be):
    e = ">" if be else "<"
    b = blk(e, 0x0A0D0D0A, struct.pack(e + "IHHq", 0x1A2B3C4D, 1, 0, -1) + opt(e, 4, b"seed") + b"\0\0\0\0")
    b += blk(e, 1, struct.pack(e + "HHI", 1, 0, 0) + opt(e, 2, b"eth0") + opt(e, 9, b"\x09") + opt(e, 14, struct.pack(e + "q", 5)) + b"\0" * 4)
    b += blk(e, 1, struct.pack(e + "HHI", 101, 0, 96) + opt(e, 9, b"\x8a") + b"\0" * 4)
    b += blk(e, 6, struct.pack(e + "IIIII", 0, 0, 1000, len(eth_udp), len(eth_udp)) + eth_udp + b"\0" * (-len(eth_udp) % 4) + opt(e, 2, struct.pack(e + "I", 1)) + b"\0" * 4)
    raw = eth_tcp[14:]
    b += blk(e, 6, struct.pack(e + "IIIII", 1, 0, 2048, len(raw), len(raw)) + raw)
    b += blk(e, 3, struct.pack(e + "I", len(eth_tcp)) + eth_tcp)
    b += blk(e, 2, struct.pack(e + "HHIIII", 0, 0, 0, 7, len(eth_tcp), len(eth_tcp)) + eth_tcp)
    b += blk(e, 4, struct.pack(e + "HH", 1, 8) + bytes([198, 18, 0, 1]) + b"h\0\0\0" + b"\0" * 4)
    b += blk(e, 5, struct.pack(e + "III", 0, 0, 1))
    b += blk(e, 0xBAD, struct.pack(e + "I", 32473) + b"custom")
    return b
files = {
    "gen-le-us.pcap": pcap(False, False, 1, [(1, 2, eth_udp), (3, 4, eth_tcp)]),
    "gen-be-ns.pcap": pcap(True, True, 1, [(1, 2, eth_tcp), (3, 4, eth_udp)]),
    "gen-raw.pcap": pcap(False, False, 101, [(1, 2, eth_udp[14:])]),
    "gen-le.pcapng": ng(False),
    "gen-be.pcapng": ng(True),
    "gen-two-sections.pcapng": ng(False) + ng(True),
}
for name, data in files.items():
    open(os.path.join(out, name), "wb").write(data)
PY
# The crafted captures of cli_tshark.sh as seeds too: they reach the
# decoders the small corpus files do not (802.11, SSH, TLS sessions, ARP,
# SCTP associations).
for g in wlan_frames tls_sessions ssh_sessions arp_dup tcp_edges sctp_assoc ip_fragments tls_reasm http_bodies http_reasm dns_tcp rx_afs openflow resp ipx nhrp loop_ndp retrans mpls_echo arcnet quic sflow; do
  python3 "$SRC/tests/scripts/$g.py" "$SEEDS/crafted-$g.pcap" >/dev/null 2>&1 || true
done
echo "fuzz.sh: running for ${SECS}s"
"$FB/read_decode_fuzz" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -print_final_stats=1 -artifact_prefix="$ART/" "$CORPUS" "$SEEDS" >"$FB/fuzz.log" 2>&1
rc=$?
grep -E "^#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss" "$FB/fuzz.log" | tail -3
if [ $rc -ne 0 ] || ls "$ART" | grep -q .; then
  echo "fuzz.sh: FAIL: libFuzzer exit code $rc; artifacts in $ART:"
  ls -l "$ART"
  grep -E "ERROR|SUMMARY|runtime error|==[0-9]+==" "$FB/fuzz.log" | head -20
  exit 1
fi
echo "fuzz.sh: PASS"
exit 0
