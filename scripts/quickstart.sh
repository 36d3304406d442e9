#!/usr/bin/env bash
# Quick start: installs what weir needs, builds it, and analyses the bundled
# sample capture (data/sample.pcapng) with statistics.
set -euo pipefail
# Root via plain `su` leaves the sbin directories out of PATH (apt, iptables, tc, sysctl live there).
export PATH="/usr/local/sbin:/usr/sbin:/sbin:$PATH"
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh build
./build/weir read data/sample.pcapng --stats
