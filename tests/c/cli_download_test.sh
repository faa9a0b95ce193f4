#!/usr/bin/env bash
# cli_download_test.sh OSS_DOWNLOAD OSS_UPLOAD: the command-line downloader (issue 21) against
# ossemu (OSSEMU_URL), objects put with the uploader: usage errors exit 2; a download exits 0
# with the file byte-identical and its CRC-64 reported verified, plain progress lines off a
# terminal and a bar on one; Ctrl-C part-way exits 130 keeping the checkpoint and temporary
# file and leaving an existing FILE untouched, the same command then resumes from where it
# stopped and exits 0; a missing object, a missing or read-only directory exits 1 naming the
# cause.
set -uo pipefail
dl=$1 up=$2
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
common=(--endpoint "$OSSEMU_URL" --region cn-hangzhou)

"$dl" >/dev/null 2>&1; [ $? -eq 2 ] && ok "no arguments: exit 2" || bad "no arguments"
"$dl" "${common[@]}" s3://b/k "$tmp/x" >/dev/null 2>&1; [ $? -eq 2 ] && ok "bad source: exit 2" || bad "bad source"
"$dl" --sigver 3 oss://b/k "$tmp/x" >/dev/null 2>&1; [ $? -eq 2 ] && ok "bad --sigver: exit 2" || bad "bad --sigver"

head -c 3000000 /dev/urandom >"$tmp/src.bin"
"$up" "${common[@]}" --part-size 1048576 "$tmp/src.bin" oss://examplebucket/cli-dl/obj.bin >/dev/null 2>&1 ||
  { echo "oss-upload failed: cannot set up"; exit 1; }

out=$("$dl" "${common[@]}" --part-size 102400 --threads 4 oss://examplebucket/cli-dl/obj.bin "$tmp/v4.bin" 2>"$tmp/err")
rc=$?
if [ $rc -eq 0 ] && cmp -s "$tmp/src.bin" "$tmp/v4.bin" && grep -q '(verified)' <<<"$out" &&
  grep -q 'progress 3000000/3000000' "$tmp/err" && [ ! -e "$tmp/v4.bin.dcp" ] && [ ! -e "$tmp/v4.bin.tmp" ]; then
  ok "download (V4): exit 0, identical, verified, plain progress lines, nothing left beside it"
else
  bad "download (V4): rc=$rc $out $(cat "$tmp/err")"
fi
"$dl" --endpoint "$OSSEMU_URL" --sigver 1 --no-checkpoint oss://examplebucket/cli-dl/obj.bin "$tmp/v1.bin" >/dev/null 2>&1
rc=$?
[ $rc -eq 0 ] && cmp -s "$tmp/src.bin" "$tmp/v1.bin" && ok "download (V1, no checkpoint): exit 0, identical" ||
  bad "download (V1): rc=$rc"

# A terminal gets the bar (script(1) gives the command a pseudo-terminal).
if command -v script >/dev/null; then
  script -qec "$(printf '%q ' "$dl" "${common[@]}" --part-size 102400 oss://examplebucket/cli-dl/obj.bin "$tmp/tty.bin")" \
    /dev/null >"$tmp/tty.out" 2>&1
  rc=$?
  if [ $rc -eq 0 ] && grep -q '\[##############################\] 100.0%' "$tmp/tty.out" && cmp -s "$tmp/src.bin" "$tmp/tty.bin"; then
    ok "progress bar on a terminal"
  else
    bad "progress bar: rc=$rc $(tr '\r' '\n' <"$tmp/tty.out" | tail -n 3)"
  fi
fi

# Slow every range down, interrupt part-way (FILE holds an older file), then resume.
printf 'the old file' >"$tmp/resumed.bin"
admin POST /_ossemu/faults "op=GetObject,key=cli-dl/obj.bin,delay=200ms"
"$dl" "${common[@]}" --part-size 102400 --threads 1 oss://examplebucket/cli-dl/obj.bin "$tmp/resumed.bin" \
  >/dev/null 2>"$tmp/err1" &
pid=$!
sleep 1.5
kill -INT $pid
wait $pid
rc=$?
if [ $rc -eq 130 ] && [ -s "$tmp/resumed.bin.dcp" ] && [ -s "$tmp/resumed.bin.tmp" ] &&
  [ "$(cat "$tmp/resumed.bin")" = "the old file" ] && grep -q 'resume' "$tmp/err1"; then
  ok "Ctrl-C: exit 130, checkpoint and temporary file kept, the old FILE untouched"
else
  bad "Ctrl-C: rc=$rc $(cat "$tmp/err1")"
fi
admin DELETE /_ossemu/faults ""
out=$("$dl" "${common[@]}" --part-size 102400 --threads 1 oss://examplebucket/cli-dl/obj.bin "$tmp/resumed.bin" 2>"$tmp/err2")
rc=$?
first=$(grep -m1 -o 'progress [0-9]*' "$tmp/err2" | cut -d' ' -f2)
if [ $rc -eq 0 ] && cmp -s "$tmp/src.bin" "$tmp/resumed.bin" && [ ! -e "$tmp/resumed.bin.dcp" ] &&
  [ ! -e "$tmp/resumed.bin.tmp" ] && [ "${first:-0}" -ge 102400 ]; then
  ok "resume: exit 0, identical, started at $first bytes, checkpoint and temporary file removed"
else
  bad "resume: rc=$rc first=$first $(cat "$tmp/err2")"
fi

"$dl" "${common[@]}" oss://examplebucket/cli-dl/no-such-key "$tmp/missing.bin" >/dev/null 2>"$tmp/err3"
rc=$?
[ $rc -eq 1 ] && grep -q 'NoSuchKey' "$tmp/err3" && [ ! -e "$tmp/missing.bin" ] &&
  ok "missing object: exit 1, code shown, no file" || bad "missing object: rc=$rc $(cat "$tmp/err3")"
"$dl" "${common[@]}" oss://examplebucket/cli-dl/obj.bin "$tmp/no-such-dir/f.bin" >/dev/null 2>"$tmp/err4"
rc=$?
[ $rc -eq 1 ] && grep -q 'OpenFileFail' "$tmp/err4" && grep -q "$tmp/no-such-dir" "$tmp/err4" &&
  ok "missing directory: exit 1, OpenFileFail naming it" || bad "missing directory: rc=$rc $(cat "$tmp/err4")"

# A read-only directory: refused before any traffic. Root writes anywhere, so as root the
# command runs as nobody (setpriv), as test_badinput's EACCES case does.
mkdir "$tmp/ro" && chmod 555 "$tmp/ro"
as=()
if [ "$(id -u)" = 0 ]; then
  chmod 755 "$tmp"
  as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
"${as[@]}" "$dl" "${common[@]}" oss://examplebucket/cli-dl/obj.bin "$tmp/ro/f.bin" >/dev/null 2>"$tmp/err5"
rc=$?
[ $rc -eq 1 ] && grep -q 'OpenFileFail' "$tmp/err5" && grep -q 'not writable' "$tmp/err5" && [ ! -e "$tmp/ro/f.bin" ] &&
  ok "read-only directory: exit 1, OpenFileFail, not writable" || bad "read-only directory: rc=$rc $(cat "$tmp/err5")"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
