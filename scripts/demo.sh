#!/usr/bin/env bash
# make demo: start ossemu on disk, create a bucket, make a test file, upload it, interrupt the
# upload part-way (SIGINT, as Ctrl-C would), resume it, show the object's CRC-64 next to the
# file's, and stop the server by its pid.
set -euo pipefail
cd "$(dirname "$0")/.."

uploader=${DEMO_UPLOADER:-build/bin/oss-upload-go}
work=$(mktemp -d /tmp/ossresume-demo.XXXXXX)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

export OSS_ACCESS_KEY_ID=demo-ak OSS_ACCESS_KEY_SECRET=demo-sk
unset OSS_SESSION_TOKEN

echo "== starting ossemu (data in $work/data)"
mkfifo "$work/url"
build/bin/ossemu --data "$work/data" --key demo-ak:demo-sk --bucket demo \
  --log "$work/requests.jsonl" >"$work/url" 2>"$work/ossemu.err" &
server_pid=$!
read -r url <"$work/url"
echo "   listening on $url (pid $server_pid)"

echo "== making a 48 MiB test file"
head -c $((48 << 20)) /dev/urandom >"$work/file.bin"

# Slow the parts down so the interruption lands part-way: 8 MiB/s per part request.
curl -fsS -X POST --data 'op=UploadPart,bandwidth=8MiB' "$url/_ossemu/faults" >/dev/null

echo "== uploading with 2 MiB parts, 2 threads; interrupting after 2 seconds"
set +e
timeout --preserve-status -s INT 2 "$uploader" --endpoint "$url" --part-size $((2 << 20)) --threads 2 \
  "$work/file.bin" oss://demo/demo/file.bin | tail -n 3
status=${PIPESTATUS[0]}
set -e
echo "   uploader exited with status $status; checkpoint kept: $(ls "$work"/file.bin.cp 2>/dev/null || echo none)"

# Bytes already in socket buffers when the uploader stopped still reach the server, which
# finishes those parts; the engine re-sends them (its record is the truth). Let them land.
sleep 1
curl -fsS -X DELETE "$url/_ossemu/faults" >/dev/null
# Parts the server stored (status 200); requests cut off by the interruption are logged too.
stored() { grep '"op":"UploadPart"' "$work/requests.jsonl" | grep -c '"status":200' || true; }
parts_before=$(stored)

echo "== resuming"
"$uploader" --endpoint "$url" --part-size $((2 << 20)) --threads 2 --verify \
  "$work/file.bin" oss://demo/demo/file.bin | grep -v '^progress'
parts_after=$(stored)
echo "   parts the server stored: $parts_before during the interrupted run, $((parts_after - parts_before)) by the resumed run (the file has 24; parts cut off by the interruption are sent again)"

echo "== stopping ossemu"
kill "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=
echo "demo done"
