#!/usr/bin/env bash
# Runs every test: installs what is needed, builds, runs the whole ctest
# suite (unit, CLI golden, conformance against tshark, fuzzing, live
# namespace tests), then rebuilds with AddressSanitizer+UBSan and runs the
# suite again.
#   WEIR_SKIP_SANITIZE=1  skip the sanitizer pass (local iteration)
set -euo pipefail
# Root via plain `su` leaves the sbin directories out of PATH (apt, iptables, tc, sysctl live there).
export PATH="/usr/local/sbin:/usr/sbin:/sbin:$PATH"
cd "$(dirname "$0")/.."
bash scripts/setup.sh
jobs=$(nproc 2>/dev/null || echo 2)

echo "== build (RelWithDebInfo)"
bash scripts/build.sh build
echo "== tests"
ctest --test-dir build --output-on-failure -j"$jobs" --timeout 900

if [ "${WEIR_SKIP_SANITIZE:-0}" != 1 ]; then
  echo "== build (AddressSanitizer + UndefinedBehaviorSanitizer)"
  bash scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DWEIR_SANITIZE=ON -DWEIR_BENCH=OFF
  echo "== tests under sanitizers"
  # The fuzz script builds its own sanitized clang binary; run it once only.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j"$jobs" --timeout 900 -E 'script\.(fuzz|conformance)'
fi
