#!/usr/bin/env bash
# sample_test.sh CC INCLUDE_DIR LIB_DIR SAMPLE_SOURCE SIGVER [RUNNER...]: the acceptance test.
# Builds the documentation sample exactly as a user would (gcc -std=c99 -Wall -Wextra -pedantic
# -Werror -Wno-unused-parameter, only -lossresume), its five constants pointed at the running
# ossemu (OSSEMU_URL), and runs it (under RUNNER, e.g. valgrind, when given). SIGVER 1 runs the
# same source with its `signature_version = 4` line turned into 1. Then checks that it printed
# success, that the object holds the file's bytes, and that the checkpoint is gone.
set -euo pipefail
cc=$1 inc=$2 libdir=$3 src=$4 sigver=$5
shift 5
: "${OSSEMU_URL:?run through with_ossemu.sh}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
if [ "$sigver" = 1 ]; then
  sed 's/signature_version = 4;/signature_version = 1;/' "$src" >sample.c
  grep -q 'signature_version = 1;' sample.c
else
  cp "$src" sample.c
fi
key="sample/v$sigver/exampleobject.txt"
"$cc" -std=c99 -Wall -Wextra -pedantic -Werror -Wno-unused-parameter -I"$inc" \
  -DSAMPLE_ENDPOINT="\"$OSSEMU_URL\"" -DSAMPLE_BUCKET='"examplebucket"' \
  -DSAMPLE_OBJECT="\"$key\"" -DSAMPLE_FILE='"yourLocalFilename"' -DSAMPLE_REGION='"cn-hangzhou"' \
  sample.c -o sample -L"$libdir" -lossresume -Wl,-rpath,"$libdir"
head -c 777777 /dev/urandom >yourLocalFilename

out=$(OSS_ACCESS_KEY_ID=ak OSS_ACCESS_KEY_SECRET=sk "$@" ./sample)
echo "$out"
failed=0
[ "$out" = "resumable upload succeeded" ] || { echo "FAIL: the sample did not succeed"; failed=1; }
[ ! -e yourLocalFilename.cp ] || { echo "FAIL: the checkpoint was left behind"; failed=1; }

# Read the object back through ossemu's admin route and compare.
port=${OSSEMU_URL##*:}
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /_ossemu/object/examplebucket/%s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$key" >&3
cat <&3 >response
exec 3<&-
head -n1 response | grep -q ' 200 ' || { echo "FAIL: GET: $(head -n1 response)"; failed=1; }
# The body starts after the blank line that ends the headers.
perl -0777 -ne 'print substr($_, index($_, "\r\n\r\n") + 4)' response >downloaded
cmp -s downloaded yourLocalFilename || { echo "FAIL: the object differs from the file"; failed=1; }

# Without credentials the official sample crashes in strlen(NULL); here it reports failure.
out=$(env -u OSS_ACCESS_KEY_ID -u OSS_ACCESS_KEY_SECRET "$@" ./sample)
[ "$out" = "resumable upload failed" ] || { echo "FAIL: without credentials: $out"; failed=1; }

if [ "$failed" = 0 ]; then echo "4 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit "$failed"
