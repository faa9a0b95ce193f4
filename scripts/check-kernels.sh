#!/usr/bin/env bash
# check-kernels.sh REPORT: prints the CRC-64 (core/crc64) and SHA-256 (core/sha256x2) kernels the
# Go tests exercised, from the lines internal/kernelswitch appended to REPORT (make test-go sets
# KERNELSWITCH_REPORT), and fails when a kernel this CPU supports was not among them. What the
# CPU supports is read from /proc/cpuinfo here, not from the packages' own detection, so that a
# kernel that detection or the build tags silently dropped fails the run instead of narrowing it.
set -euo pipefail
report=${1:?usage: check-kernels.sh REPORT}
if [ ! -s "$report" ]; then
  echo "check-kernels: $report is missing or empty: no test ran with a kernel set" >&2
  exit 1
fi

flags=$(grep -m1 -E '^(flags|Features)[[:space:]]*:' /proc/cpuinfo | cut -d: -f2 || true)
has() { for f in "$@"; do [[ " $flags " == *" $f "* ]] || return 1; done; }

# The kernels each package must have exercised on this CPU: generic always, then the ones whose
# instructions the CPU (and the kernel, which hides what it does not save) offers. The names and
# conditions mirror core/crc64/crc64_{amd64,arm64}.go and core/sha256x2/sha256x2_amd64.go.
want_crc=(generic)
want_sha=(generic)
case $(uname -m) in
  x86_64)
    if has pclmulqdq sse2; then want_crc+=(pclmulqdq); fi
    if has pclmulqdq sse2 avx2 vpclmulqdq; then want_crc+=(vpclmulqdq-avx2); fi
    if has sha_ni ssse3 sse4_1; then want_sha+=(sha-ni); fi
    ;;
  aarch64)
    if has pmull; then want_crc+=(pmull); fi
    ;;
esac

status=0
check() { # check ENV PACKAGE WANT...
  local env=$1 pkg=$2
  shift 2
  local seen
  seen=$(awk -v e="$env" '$1 == e { n[$2]++ } END { for (k in n) printf "%s (%d tests) ", k, n[k] }' "$report")
  echo "check-kernels: $pkg kernels exercised: ${seen:-none}"
  for k in "$@"; do
    if ! awk -v e="$env" -v k="$k" '$1 == e && $2 == k { found = 1 } END { exit !found }' "$report"; then
      echo "check-kernels: $pkg: this CPU supports the $k kernel, and no test ran with it" >&2
      status=1
    fi
  done
}
check OSSRESUME_CRC64 core/crc64 "${want_crc[@]}"
check OSSRESUME_SHA256X2 core/sha256x2 "${want_sha[@]}"
exit $status
