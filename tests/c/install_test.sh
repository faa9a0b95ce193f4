#!/usr/bin/env bash
# install_test.sh BUILD_DIR SOURCE_DIR CC: installs the CMake build into a temporary prefix, with
# and without DESTDIR, then builds and runs a consumer through pkg-config and one through
# find_package(ossresume), each loading the installed library.
set -uo pipefail
build=$1 src=$2 cc=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failed=$((failed + 1)); }

prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; bad "cmake --install"; }
libdir=$(dirname "$(find "$prefix" -name 'libossresume.so.0' | head -n1)")
if [ -f "$prefix/include/ossresume/oss_api.h" ] && [ -L "$libdir/libossresume.so" ] &&
   [ -f "$libdir/pkgconfig/ossresume.pc" ] && [ -f "$libdir/cmake/ossresume/ossresumeConfig.cmake" ]; then
  ok "install: headers, library, ossresume.pc, CMake package"
else
  bad "install layout: $(cd "$prefix" && find . | sort | tr '\n' ' ')"
fi

DESTDIR=$tmp/destdir cmake --install "$build" --prefix /opt/ossresume >/dev/null 2>&1
[ -f "$tmp/destdir/opt/ossresume/include/ossresume/oss_api.h" ] && ok "DESTDIR honoured" || bad "DESTDIR"

export PKG_CONFIG_PATH=$libdir/pkgconfig
if flags=$(pkg-config --cflags --libs ossresume) &&
   "$cc" -std=c99 -Wall -Werror "$src/tests/c/consumer/consumer.c" $flags -o "$tmp/pc-consumer" &&
   LD_LIBRARY_PATH=$libdir "$tmp/pc-consumer" && LD_LIBRARY_PATH=$libdir ldd "$tmp/pc-consumer" | grep -q "$libdir/libossresume.so.0"; then
  ok "pkg-config consumer builds and runs ($flags)"
else
  bad "pkg-config consumer"
fi

if cmake -S "$src/tests/c/consumer" -B "$tmp/consumer" -DCMAKE_PREFIX_PATH="$prefix" >"$tmp/c.log" 2>&1 &&
   cmake --build "$tmp/consumer" >>"$tmp/c.log" 2>&1 && "$tmp/consumer/consumer"; then
  ok "find_package consumer builds and runs"
else
  cat "$tmp/c.log"
  bad "find_package consumer"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
