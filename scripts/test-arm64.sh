#!/usr/bin/env bash
# Tests the packages with CPU-specific kernels as linux/arm64 binaries under qemu-aarch64 -cpu
# max, whose emulated CPU has PMULL, so the arm64 kernels run on an amd64 machine; then fuzzes
# each of their targets for $1, a -fuzztime (default 20000x). Timings under emulation mean
# nothing. The default is a count, not a duration: Go 1.26's fuzz coordinator can fail a timed
# run with "context deadline exceeded" when its workers are late at the deadline (go.dev/issue/
# 75804, reported fixed in Go 1.27), and emulated workers often are; a count has no deadline.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${1:-20000x}
qemu=${QEMU_AARCH64:-qemu-aarch64}
if ! command -v "$qemu" >/dev/null 2>&1; then
  echo "test-arm64: $qemu not found (Debian: apt-get install qemu-user)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# arm64 <dir> [VAR=value...] -- <test flags...>: runs the package's arm64 test binary in its
# directory with the variables set.
arm64() {
  local dir=$1 name
  name=$(basename "$dir")
  shift
  local vars=()
  while [ "$1" != -- ]; do vars+=("$1"); shift; done
  shift
  if [ ! -x "$work/$name.test" ]; then
    # Instrumented as for go test -fuzz, so the fuzzing below is coverage-guided.
    GOOS=linux GOARCH=arm64 go test -c -fuzz '^Fuzz' -o "$work/$name.bin" "./$dir"
    # Without binfmt_misc an arm64 binary cannot exec itself, yet the tests that check the
    # start-up kernel choice and the fuzz workers start os.Args[0] again. -0 makes os.Args[0]
    # this wrapper, which brings each such child up under qemu as well.
    printf '#!/bin/sh\nexec %q -cpu max -0 "$0" %q "$@"\n' "$qemu" "$work/$name.bin" >"$work/$name.test"
    chmod +x "$work/$name.test"
  fi
  echo "test-arm64: $dir ${vars[*]} $*"
  (cd "$dir" && env "${vars[@]}" "$work/$name.test" -test.timeout 10m "$@")
}

# crc64 must pick pmull by itself and when asked, and generic when asked.
arm64 core/crc64 OSSRESUME_EXPECT_CRC64_KERNEL=pmull -- -test.count=1
arm64 core/crc64 OSSRESUME_CRC64=pmull OSSRESUME_EXPECT_CRC64_KERNEL=pmull -- -test.count=1
arm64 core/crc64 OSSRESUME_CRC64=generic OSSRESUME_EXPECT_CRC64_KERNEL=generic -- -test.count=1
arm64 core/sha256x2 -- -test.count=1

for dir in core/crc64 core/sha256x2; do
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go | sed 's/^func //' | sort -u); do
    # Minimising each new input may take 60s by default, which under emulation stalls the
    # workers for most of a short run; a bounded minimisation keeps them fuzzing.
    arm64 "$dir" -- -test.run '^$' -test.fuzz "^${target}\$" -test.fuzztime "$fuzztime" \
      -test.fuzzminimizetime 100x -test.fuzzcachedir "$work/fuzzcache/$dir"
  done
done
echo "test-arm64: all passed"
