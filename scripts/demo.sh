#!/usr/bin/env bash
# make demo: start ossemu on disk, create a bucket, make a test file, upload it with the C
# command-line uploader (build/bin/oss-upload, on libossresume.so), interrupt the upload
# part-way (SIGINT, as Ctrl-C would), resume it, show the object's CRC-64 next to the file's,
# and stop the server by its pid.
set -euo pipefail
cd "$(dirname "$0")/.."

uploader=${DEMO_UPLOADER:-build/bin/oss-upload}
work=$(mktemp -d /tmp/ossresume-demo.XXXXXX)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

export OSS_ACCESS_KEY_ID=demo-ak OSS_ACCESS_KEY_SECRET=demo-sk
unset OSS_SESSION_TOKEN

echo "== starting ossemu (data in $work/data)"
mkfifo "$work/url"
# --allow-anonymous only so that this script can HEAD the object with plain curl at the end;
# the uploader signs every request (V4).
build/bin/ossemu --data "$work/data" --key demo-ak:demo-sk --bucket demo --allow-anonymous \
  --log "$work/requests.jsonl" >"$work/url" 2>"$work/ossemu.err" &
server_pid=$!
read -r url <"$work/url"
echo "   listening on $url (pid $server_pid)"

echo "== making a 48 MiB test file"
head -c $((48 << 20)) /dev/urandom >"$work/file.bin"

# Slow the parts down so that the interruption lands part-way: 8 MiB/s per part request.
curl -fsS -X POST --data 'op=UploadPart,bandwidth=8MiB' "$url/_ossemu/faults" >/dev/null

upload=("$uploader" --endpoint "$url" --region cn-hangzhou --part-size $((2 << 20)) --threads 2
        "$work/file.bin" oss://demo/demo/file.bin)

echo "== uploading in 24 parts of 2 MiB, 2 at a time; interrupting after 2 seconds"
set +e
timeout --preserve-status -s INT 2 "${upload[@]}" 2>&1 | tail -n 3
status=${PIPESTATUS[0]}
set -e
echo "   uploader exited with status $status; checkpoint kept: $(ls "$work"/file.bin.cp 2>/dev/null || echo none)"

# Bytes already in socket buffers when the uploader stopped still reach the server, which
# finishes those parts; the engine re-sends them (its record is the truth). Let them land.
sleep 1
curl -fsS -X DELETE "$url/_ossemu/faults" >/dev/null
stored() { grep '"op":"UploadPart"' "$work/requests.jsonl" | grep -c '"status":200' || true; }
parts_before=$(stored)

echo "== resuming"
"${upload[@]}" 2>&1 | grep -v '^progress'
parts_after=$(stored)
echo "   parts the server stored: $parts_before during the interrupted run, $((parts_after - parts_before)) by the resumed run"
echo "   checkpoint after success: $(ls "$work"/file.bin.cp 2>/dev/null || echo removed)"

echo "== CRC-64 of the file and of the object"
echo "   file:   $(go run ./cmd/crc64sum "$work/file.bin" | cut -d' ' -f1)"
echo "   object: $(curl -fsSI "$url/demo/demo/file.bin" | tr -d '\r' | sed -n 's/^[Xx]-[Oo]ss-[Hh]ash-[Cc]rc64ecma: //p')"

echo "== stopping ossemu (pid $server_pid)"
kill "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=
echo "demo done"
