#!/usr/bin/env bash
# cli_test.sh OSS_UPLOAD: the command-line uploader against ossemu (OSSEMU_URL): usage errors
# exit 2, an upload exits 0 and reports the verified CRC, Ctrl-C part-way exits 130 keeping the
# checkpoint, the same command then resumes and exits 0, and a server error exits 1.
set -uo pipefail
cli=$1
: "${OSSEMU_URL:?run through with_ossemu.sh}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export OSS_ACCESS_KEY_ID=ak OSS_ACCESS_KEY_SECRET=sk
port=${OSSEMU_URL##*:}
passed=0 failed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failed=$((failed + 1)); }
admin() { # METHOD PATH [BODY]
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf '%s %s HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: %d\r\n\r\n%s' "$1" "$2" "${#3}" "$3" >&3
  cat <&3 >/dev/null
  exec 3<&-
}

"$cli" >/dev/null 2>&1; [ $? -eq 2 ] && ok "no arguments: exit 2" || bad "no arguments"
"$cli" --endpoint "$OSSEMU_URL" "$tmp/x" s3://b/k >/dev/null 2>&1
[ $? -eq 2 ] && ok "bad target: exit 2" || bad "bad target"
"$cli" --sigver 3 "$tmp/x" oss://b/k >/dev/null 2>&1; [ $? -eq 2 ] && ok "bad --sigver: exit 2" || bad "bad --sigver"

head -c 3000000 /dev/urandom >"$tmp/file.bin"
out=$("$cli" --endpoint "$OSSEMU_URL" --region cn-hangzhou --part-size 102400 --threads 4 \
  "$tmp/file.bin" oss://examplebucket/cli/whole.bin 2>"$tmp/err")
rc=$?
if [ $rc -eq 0 ] && grep -q 'verified' <<<"$out" && grep -q 'progress 3000000/3000000' "$tmp/err"; then
  ok "upload (V4): exit 0, verified, plain progress lines"
else
  bad "upload (V4): rc=$rc $out $(cat "$tmp/err")"
fi
"$cli" --endpoint "$OSSEMU_URL" --sigver 1 --no-checkpoint "$tmp/file.bin" oss://examplebucket/cli/v1.bin >/dev/null 2>&1
[ $? -eq 0 ] && ok "upload (V1, no checkpoint): exit 0" || bad "upload (V1)"

# Slow every part down, interrupt part-way, then resume.
admin POST /_ossemu/faults "op=UploadPart,key=cli/resumed.bin,delay=200ms"
"$cli" --endpoint "$OSSEMU_URL" --region cn-hangzhou --part-size 102400 --threads 1 \
  "$tmp/file.bin" oss://examplebucket/cli/resumed.bin >/dev/null 2>"$tmp/err1" &
pid=$!
sleep 1.5
kill -INT $pid
wait $pid
rc=$?
if [ $rc -eq 130 ] && [ -s "$tmp/file.bin.cp" ] && grep -q 'resume' "$tmp/err1"; then
  ok "Ctrl-C: exit 130, checkpoint kept"
else
  bad "Ctrl-C: rc=$rc $(cat "$tmp/err1")"
fi
admin DELETE /_ossemu/faults ""
out=$("$cli" --endpoint "$OSSEMU_URL" --region cn-hangzhou --part-size 102400 --threads 1 \
  "$tmp/file.bin" oss://examplebucket/cli/resumed.bin 2>"$tmp/err2")
rc=$?
first=$(grep -m1 -o 'progress [0-9]*' "$tmp/err2" | cut -d' ' -f2)
if [ $rc -eq 0 ] && [ ! -e "$tmp/file.bin.cp" ] && [ "${first:-0}" -ge 102400 ]; then
  ok "resume: exit 0, started at $first bytes, checkpoint removed"
else
  bad "resume: rc=$rc first=$first $(cat "$tmp/err2")"
fi

"$cli" --endpoint "$OSSEMU_URL" --region cn-hangzhou "$tmp/file.bin" oss://no-such-bucket-x/k >/dev/null 2>"$tmp/err3"
rc=$?
[ $rc -eq 1 ] && grep -q 'NoSuchBucket' "$tmp/err3" && ok "server error: exit 1, code shown" || bad "server error: rc=$rc"

# issue 15: --sha256 keeps each part's SHA-256 in the checkpoint; by default there is none.
# Part 3 fails for good, so the record of parts 1 and 2 stays to be read.
admin POST /_ossemu/faults "op=UploadPart,part=3,status=403,code=AccessDenied"
for mode in sha crc; do
  flag=; [ $mode = sha ] && flag=--sha256
  "$cli" --endpoint "$OSSEMU_URL" --region cn-hangzhou --part-size 102400 --threads 1 $flag \
    --checkpoint "$tmp/$mode.cp" "$tmp/file.bin" oss://examplebucket/cli/$mode.bin >/dev/null 2>"$tmp/err-$mode"
  rc=$?
  n=$(grep -o '"sha256":"[0-9a-f]\{64\}"' "$tmp/$mode.cp" 2>/dev/null | wc -l)
  want=0; [ $mode = sha ] && want=2
  if [ $rc -eq 1 ] && [ "$n" -eq $want ]; then
    ok "${flag:-default}: $n part SHA-256 in the checkpoint"
  else
    bad "${flag:-default}: rc=$rc, $n part SHA-256 in the checkpoint, want $want $(cat "$tmp/err-$mode")"
  fi
done
admin DELETE /_ossemu/faults ""
"$cli" --endpoint "$OSSEMU_URL" --region cn-hangzhou --part-size 102400 --threads 1 --sha256 \
  --checkpoint "$tmp/sha.cp" "$tmp/file.bin" oss://examplebucket/cli/sha.bin >/dev/null 2>&1
[ $? -eq 0 ] && [ ! -e "$tmp/sha.cp" ] && ok "--sha256: resumed to a verified object" || bad "--sha256 resume"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
