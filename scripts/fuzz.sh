#!/usr/bin/env bash
# Runs every `go test -fuzz` target of the root module for a short while ($1, default 5s).
# Targets are found by name so a new Fuzz function is picked up without editing this script.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${1:-5s}
found=0
while IFS= read -r pkg; do
  dir=${pkg#github.com/ossresume/ossresume}
  dir=.${dir}
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //' | sort -u); do
    echo "fuzz $pkg $target ($fuzztime)"
    go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "$pkg"
    found=$((found + 1))
  done
done < <(go list ./...)
echo "fuzz: $found targets run"
