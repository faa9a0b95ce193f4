#!/usr/bin/env bash
# legacy_tool_test.sh CC INCLUDE_DIR LIB_DIR SOURCE [RUNNER...]: the legacy-tool example
# (examples/c/legacy_tool.c) built as its user would, against include/ alone with
# -std=c99 -Wall -Wextra -Werror and only -lossresume (CFLAGS from the environment, e.g.
# -fsanitize=address, come on top), then run (under RUNNER, e.g. valgrind, when given) against
# the running ossemu (OSSEMU_URL): a tool that exists-checks, puts, resumably uploads, lists,
# gets back, compares and deletes. Checks its verdict and, through ossemu's admin routes and
# request log, what the server holds and was asked.
set -euo pipefail
cc=$1 inc=$2 libdir=$3 src=$4
shift 4
: "${OSSEMU_URL:?run through with_ossemu.sh}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
# shellcheck disable=SC2086
"$cc" -std=c99 -Wall -Wextra -Werror ${CFLAGS:-} -I"$inc" "$src" -o legacy_tool \
  -L"$libdir" -lossresume -Wl,-rpath,"$libdir"
head -c 1000 /dev/urandom >small.txt
head -c 300000 /dev/urandom >medium.bin
head -c 2500000 /dev/urandom >large.bin
port=${OSSEMU_URL##*:}
prefix="legacy/$$/"
failed=0

admin() { # admin METHOD PATH: ossemu's admin route; prints the raw response
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf '%s %s HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n' "$1" "$2" >&3
  cat <&3
  exec 3<&-
}
stored() { # stored KEY: the object's bytes on stdout, or nothing when it does not exist
  admin GET "/_ossemu/object/examplebucket/$1" >resp
  head -n1 resp | grep -q ' 200 ' || return 0
  perl -0777 -ne 'print substr($_, index($_, "\r\n\r\n") + 4)' resp
}
ops() { # ops OP: how many requests of OP the log holds for this run's keys
  admin GET "/_ossemu/log?format=jsonl" | grep -F "\"op\":\"$1\"" | grep -cF "\"key\":\"$prefix" || true
}
run() {
  OSS_ACCESS_KEY_ID=ak OSS_ACCESS_KEY_SECRET=sk "$@" ./legacy_tool --keep "$OSSEMU_URL" \
    examplebucket "$prefix" small.txt medium.bin large.bin
}

# 1. Upload everything and keep it: the objects hold the files' bytes.
out=$(run "$@") || { echo "$out"; echo "FAIL: the first run failed"; failed=1; }
echo "$out"
grep -q "^put ${prefix}small.txt" <<<"$out" || { echo "FAIL: small.txt was not put whole"; failed=1; }
grep -q "^resumable upload ${prefix}large.bin" <<<"$out" || { echo "FAIL: large.bin was not uploaded resumably"; failed=1; }
grep -q "^legacy tool: 3 of 3 files verified$" <<<"$out" || { echo "FAIL: not every file verified"; failed=1; }
for f in small.txt medium.bin large.bin; do
  stored "$prefix$f" >got
  cmp -s got "$f" || { echo "FAIL: $prefix$f does not hold $f"; failed=1; }
done
[ "$(ops InitiateMultipartUpload)" = 1 ] || { echo "FAIL: want one multipart upload (large.bin)"; failed=1; }
[ "$(ops PutObject)" = 3 ] || { echo "FAIL: want 3 PutObject (small, medium, MANIFEST), got $(ops PutObject)"; failed=1; }

# 2. Again, with a changed file: the others exist with their size and are skipped.
head -c 1000 /dev/urandom >small.txt # same size, other bytes: the CRC tells
out=$(run "$@") || { echo "$out"; echo "FAIL: the second run failed"; failed=1; }
echo "$out"
grep -q "^exists ${prefix}large.bin .*skipped" <<<"$out" || { echo "FAIL: large.bin not skipped"; failed=1; }
grep -q "^put ${prefix}small.txt (1000 bytes)" <<<"$out" || { echo "FAIL: the changed small.txt not put again"; failed=1; }
[ "$(ops InitiateMultipartUpload)" = 1 ] || { echo "FAIL: large.bin was uploaded again"; failed=1; }
stored "${prefix}small.txt" >got
cmp -s got small.txt || { echo "FAIL: small.txt not replaced"; failed=1; }

# 3. Without --keep: verified again, then every object deleted.
out=$(OSS_ACCESS_KEY_ID=ak OSS_ACCESS_KEY_SECRET=sk "$@" ./legacy_tool "$OSSEMU_URL" examplebucket \
  "$prefix" small.txt medium.bin large.bin) || { echo "$out"; echo "FAIL: the third run failed"; failed=1; }
echo "$out"
grep -q "^deleted 4 objects$" <<<"$out" || { echo "FAIL: not every object deleted"; failed=1; }
for k in small.txt medium.bin large.bin MANIFEST; do
  [ -z "$(stored "$prefix$k")" ] || { echo "FAIL: $prefix$k still exists"; failed=1; }
done

# 4. A wrong secret: the tool reports the server's refusal and fails.
if out=$(OSS_ACCESS_KEY_ID=ak OSS_ACCESS_KEY_SECRET=wrong "$@" ./legacy_tool "$OSSEMU_URL" \
  examplebucket "$prefix" small.txt 2>&1); then
  echo "FAIL: a wrong secret succeeded"; failed=1
fi
grep -q "403 SignatureDoesNotMatch" <<<"$out" || { echo "$out"; echo "FAIL: no SignatureDoesNotMatch"; failed=1; }

if [ "$failed" = 0 ]; then echo "4 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit "$failed"
