#!/usr/bin/env bash
# Installs every Debian package weir needs to build, test and benchmark.
# Idempotent: skips apt entirely when everything is already present.
set -euo pipefail
# Root via plain `su` leaves the sbin directories out of PATH (apt, iptables, tc, sysctl live there).
export PATH="/usr/local/sbin:/usr/sbin:/sbin:$PATH"
PKGS=(build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev
      libpcap-dev libgtest-dev libgmock-dev googletest libbenchmark-dev
      libmnl-dev libnetfilter-queue-dev zlib1g-dev libssl-dev
      tshark tcpdump iproute2 iptables netsniff-ng iperf3 python3 python3-cryptography procps)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
