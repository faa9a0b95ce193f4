#!/usr/bin/env bash
# valgrind_run.sh VALGRIND_ARGS... -- COMMAND...: runs COMMAND under valgrind. Valgrind 3.19
# itself sometimes aborts under Go's runtime ("the 'impossible' happened", in its malloc
# replacement on a Go-created thread): that is not a verdict on the program, so the run is
# repeated, up to three times. Any error valgrind does report (exit 9) fails at once.
set -u
# Go's runtime reads the clock with RDTSCP when the CPU has it (runtime.cputicks, reached under
# lock contention); valgrind 3.19 does not decode RDTSCP and kills the program with SIGILL, so
# runs failed only when threads happened to contend (under load). cpu.rdtscp=off makes Go use
# LFENCE+RDTSC, which valgrind runs; the program's own behaviour is unchanged.
export GODEBUG="${GODEBUG:+$GODEBUG,}cpu.rdtscp=off"
vg=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do vg+=("$1"); shift; done
shift
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for attempt in 1 2 3; do
  "${vg[@]}" --log-file="$log" "$@"
  rc=$?
  if grep -q "the 'impossible' happened" "$log"; then
    echo "valgrind aborted by itself (attempt $attempt); running again" >&2
    continue
  fi
  grep -v -e 'DW_FORM' -e 'Serious error when reading debug info' -e 'When reading debug info' \
    -e 'get_Form_contents' "$log" >&2
  exit "$rc"
done
echo "valgrind aborted three times" >&2
exit 1
