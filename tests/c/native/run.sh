#!/usr/bin/env bash
# run.sh: builds and runs the C tests of the native API (include/ossresume.h) against the
# library in LIBDIR and a local ossemu it starts and stops (by pid) itself (test_native_tls gets
# an HTTPS one of its own, through tests/c/with_ossemu.sh --tls); then, unless
# NATIVE_ASAN=0, builds an AddressSanitizer variant of the library and runs the tests again.
#
#   tests/c/native/run.sh                       # LIBDIR=build, OSSEMU=build/bin/ossemu
#   LIBDIR=/some/dir OSSEMU=/path/ossemu NATIVE_ASAN=0 tests/c/native/run.sh
#   ASAN_LIBDIR=build/cmake/lib-asan tests/c/native/run.sh   # reuse an instrumented library
#
# The Makefile's test-native target runs it after `make lib ossemu`.
set -euo pipefail
cd "$(dirname "$0")/../../.."
root=$PWD
LIBDIR=${LIBDIR:-$root/build}
OSSEMU=${OSSEMU:-$root/build/bin/ossemu}
OUT=${OUT:-$root/build/native-tests}
CC=${CC:-cc}
CXX=${CXX:-c++}
GO=${GO:-go}
TESTS=(test_native_args test_native_upload test_native_async test_native_fork test_native_tls test_native_progress_wait test_native_multipart test_native_download)
RUNS=("${TESTS[@]}" test_native_cpp)

mkdir -p "$OUT"
[ -e "$LIBDIR/libossresume.so.0" ] || { echo "run.sh: no $LIBDIR/libossresume.so.0 (make lib)" >&2; exit 1; }
[ -x "$OSSEMU" ] || { echo "run.sh: no $OSSEMU (make ossemu)" >&2; exit 1; }
if nm -D --defined-only "$LIBDIR/libossresume.so.0" | grep -q ' ossr_upload_start'; then :; else
  echo "run.sh: $LIBDIR/libossresume.so does not export ossr_upload_start (see capi/libossresume.map)" >&2
  exit 1
fi

# build VARIANT LIBDIR EXTRA_CFLAGS...: compiles every test against the library in LIBDIR.
build() {
  local variant=$1 libdir=$2
  shift 2
  for t in "${TESTS[@]}"; do
    "$CC" -std=c99 -Wall -Wextra -pedantic -Werror -Wno-unused-function -g "$@" -Iinclude -Itests/c/native \
      -o "$OUT/$t$variant" "tests/c/native/$t.c" -L"$libdir" -l:libossresume.so.0 -lpthread \
      -Wl,-rpath,"$libdir"
  done
  "$CXX" -std=c++11 -Wall -Wextra -pedantic -Werror -g "$@" -Iinclude \
    -o "$OUT/test_native_cpp$variant" tests/c/native/test_native_cpp.cpp -L"$libdir" \
    -l:libossresume.so.0 -lpthread -Wl,-rpath,"$libdir"
}

# ossemu: one server for all the tests (they clear the faults they set), stopped by pid.
srv_out=$(mktemp)
"$OSSEMU" --addr 127.0.0.1:0 --fixture --key ak:sk --bucket examplebucket \
  >"$srv_out" 2>"$srv_out.err" &
srv_pid=$!
work=$(mktemp -d)
cleanup() {
  kill "$srv_pid" 2>/dev/null || true
  wait "$srv_pid" 2>/dev/null || true
  rm -rf "$srv_out" "$srv_out.err" "$work"
}
trap cleanup EXIT
for _ in $(seq 100); do
  [ -s "$srv_out" ] && break
  kill -0 "$srv_pid" 2>/dev/null || { cat "$srv_out.err" >&2; exit 1; }
  sleep 0.05
done
OSSEMU_URL=$(head -n1 "$srv_out")
[ -n "$OSSEMU_URL" ] || { echo "run.sh: ossemu printed no URL" >&2; exit 1; }
export OSSEMU_URL TMPDIR=$work
unset OSS_ACCESS_KEY_ID OSS_ACCESS_KEY_SECRET OSS_SESSION_TOKEN

failed=0
run_all() {
  local variant=$1
  for t in "${RUNS[@]}"; do
    local start=$SECONDS
    local cmd=("$OUT/$t$variant")
    if [ "$t" = test_native_tls ]; then
      # A server of its own: HTTPS with a fresh CA (OSSEMU_CA) instead of the shared plain one.
      cmd=(bash tests/c/with_ossemu.sh "$OSSEMU" --tls "${cmd[@]}")
    fi
    if "${cmd[@]}" >"$OUT/$t$variant.log" 2>&1; then
      echo "ok   $t$variant ($((SECONDS - start)) s): $(tail -n1 "$OUT/$t$variant.log")"
    else
      echo "FAIL $t$variant ($((SECONDS - start)) s):"
      sed 's/^/    /' "$OUT/$t$variant.log"
      failed=1
    fi
  done
}

build "" "$LIBDIR"
run_all ""

if [ "${NATIVE_ASAN:-1}" != 0 ]; then
  # The library's C half instrumented too, as tests/c's lib-asan is; ASAN_LIBDIR may name an
  # instrumented build that exists already (e.g. build/cmake/lib-asan).
  asan_lib=${ASAN_LIBDIR:-}
  if [ -z "$asan_lib" ]; then
    asan_lib=$OUT/lib-asan
    GO=$GO bash scripts/build-lib.sh --asan "$asan_lib"
  fi
  build "_asan" "$asan_lib" -fsanitize=address -fno-omit-frame-pointer
  ASAN_OPTIONS=abort_on_error=0:detect_leaks=1:halt_on_error=1 run_all "_asan"
fi

exit $failed
