#!/bin/sh
# GOOS=js tests of the browser seams under Node (make test-wasm): starts ossemu --fixture --cors
# on 127.0.0.1, runs the package's tests through Go's go_js_wasm_exec, stops ossemu by its pid.
# Usage: test_node.sh <ossemu binary> [go test flags...]
set -eu
ossemu=$1; shift
GO=${GO:-go}
out=$(mktemp)
"$ossemu" --fixture --cors >"$out" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$out"' EXIT
i=0
while ! head -n1 "$out" | grep -q '^http'; do
	i=$((i + 1))
	if [ $i -gt 100 ]; then echo "ossemu did not start" >&2; exit 1; fi
	sleep 0.1
done
url=$(head -n1 "$out")
cd "$(dirname "$0")"
OSSEMU_URL=$url GOOS=js GOARCH=wasm "$GO" test -exec "$("$GO" env GOROOT)/lib/wasm/go_js_wasm_exec" "$@" .
