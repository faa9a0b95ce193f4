#!/usr/bin/env bash
# with_ossemu.sh OSSEMU [--tls] COMMAND...: starts the local OSS server on a free loopback port
# (the test fixture, tests/ossemu/fixture.json, plus the C SDK samples' key ak:sk and bucket
# examplebucket; tests read objects back through GET /_ossemu/object/<bucket>/<key>; with --tls,
# HTTPS with a fresh CA whose PEM
# is in OSSEMU_CA), runs COMMAND with OSSEMU_URL set to its base URL, stops the server and exits
# with COMMAND's status.
set -u
ossemu=$1
shift
out=$(mktemp)
tls=()
if [ "${1:-}" = "--tls" ]; then
  shift
  tls=(--tls --ca-out "$out.ca")
  export OSSEMU_CA=$out.ca
fi
"$ossemu" --addr 127.0.0.1:0 --fixture --key ak:sk --bucket examplebucket "${tls[@]}" >"$out" 2>"$out.err" &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -f "$out" "$out.err" "$out.ca"' EXIT
for _ in $(seq 100); do
  [ -s "$out" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$out.err" >&2; exit 1; }
  sleep 0.05
done
OSSEMU_URL=$(head -n1 "$out")
[ -n "$OSSEMU_URL" ] || { echo "ossemu printed no URL" >&2; cat "$out.err" >&2; exit 1; }
export OSSEMU_URL
"$@"
