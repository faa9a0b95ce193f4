#!/usr/bin/env bash
# build-lib.sh: the one recipe for libossresume.so. `make lib`, CMake (the library and its
# AddressSanitizer variant), tests/c/native/run.sh and the reliability campaign all call it, so
# every test links a library built exactly as users get it, or a variant of that same build.
#
#   scripts/build-lib.sh [options] OUTDIR
#     --asan        the C half (and cgo's glue) instrumented by AddressSanitizer
#     --race        the Go half built with the race detector (for a host that runs it under
#                   ThreadSanitizer: a plain C program loading it fails to map TSan's shadow)
#     --pkg PKG     the Go package to build (default ./capi; a test variant of it)
#     --real NAME   the file written in OUTDIR (default libossresume.so.0); libossresume.so.0
#                   and libossresume.so are symlinks to it
#   GO (default go) is the toolchain; CGO_CFLAGS and CGO_LDFLAGS from the environment are kept.
#
# Go links c-shared libraries with -Bsymbolic; -Bno-symbolic undoes it so that the public data
# symbols (aos_log_level, aos_default_http_request_options) are the program's copies, as a C
# program expects of a shared library. The version script exports exactly the public names;
# everything else, Go's runtime included, stays local. --no-undefined makes a symbol the
# library uses but nothing defines a link error rather than a failure at load time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
soname=libossresume.so.0
real=$soname
pkg=./capi
goflags=()
cflags=${CGO_CFLAGS:-}
ldflags=${CGO_LDFLAGS:-}
while [ $# -gt 1 ]; do
  case $1 in
    --asan)
      cflags="$cflags -g -O1 -fsanitize=address -fno-omit-frame-pointer"
      ldflags="$ldflags -fsanitize=address" ;;
    --race) goflags+=(-race) ;;
    --pkg) pkg=$2; shift ;;
    --real) real=$2; shift ;;
    *) echo "build-lib.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ $# -eq 1 ] || { echo "usage: build-lib.sh [--asan] [--race] [--pkg PKG] [--real NAME] OUTDIR" >&2; exit 2; }
out=$1
mkdir -p "$out"
out=$(cd "$out" && pwd)

# go build caches a link by its flags, not by the version script's content, so an edited map
# would leave a rebuilt library with the old exports: the linker reads a copy named by its hash.
map="$out/.libossresume.$(sha256sum "$root/capi/libossresume.map" | cut -c1-16).map"
[ -e "$map" ] || cp "$root/capi/libossresume.map" "$map"
ld="-extldflags '-Wl,-soname,$soname -Wl,--version-script=$map -Wl,--no-undefined -Wl,-Bno-symbolic'"
cd "$root"
CGO_ENABLED=1 CGO_CFLAGS="${cflags# }" CGO_LDFLAGS="${ldflags# }" \
  "${GO:-go}" build -buildmode=c-shared -trimpath "${goflags[@]}" -ldflags "$ld" -o "$out/$real" "$pkg"
rm -f "$out/${real%.*}.h"
[ "$real" = "$soname" ] || ln -sf "$real" "$out/$soname"
ln -sf "$soname" "$out/libossresume.so"
