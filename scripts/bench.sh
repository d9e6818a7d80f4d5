#!/usr/bin/env bash
# Runs the benchmarks under tests/bench/ one after the other and prints their figures.
#
# Usage: scripts/bench.sh [NAME...]   all benchmarks, or only those named (e.g. engine-http)
#        scripts/bench.sh --list      the names of the benchmarks
#
# A benchmark is a folder tests/bench/NAME/ with an executable run.sh: adding a folder adds a
# benchmark. run.sh prints its table on stdout, writes its raw figures to $BENCH_OUT/NAME.json and
# exits 0 when it measured (whether its targets were met or not), non-zero when the measurement
# failed. tests/bench/lib.sh has helpers for it; docs/benchmarks.md describes each benchmark.
#
# Environment passed on to the benchmarks: BENCH_OUT (default build/bench), and, for those that
# honour them, BENCH_RUNS, BENCH_SECONDS, BENCH_WARMUP.
# Exits non-zero when a benchmark failed to measure (the others still run).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

export BENCH_OUT=${BENCH_OUT:-$PWD/build/bench}
mkdir -p "$BENCH_OUT"

all=()
for dir in tests/bench/*/; do
  [[ -x "$dir/run.sh" ]] && all+=("$(basename "$dir")")
done

if [[ "${1:-}" == "--list" ]]; then
  printf '%s\n' "${all[@]}"
  exit 0
fi
if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi

selected=("$@")
if ((${#selected[@]} == 0)); then selected=("${all[@]}"); fi
if ((${#selected[@]} == 0)); then
  echo "bench: no benchmark found (tests/bench/*/run.sh)" >&2
  exit 1
fi
for name in "${selected[@]}"; do
  [[ -x "tests/bench/$name/run.sh" ]] || {
    echo "bench: no benchmark named '$name' (have: ${all[*]})" >&2
    exit 2
  }
done

# Ctrl-C or SIGTERM stops the benchmark in progress (its own traps stop its servers) and skips the
# rest. A benchmark runs in the background so that this shell acts on a signal at once.
child=""
stop() {
  echo "bench: $1" >&2
  if [[ -n "$child" ]]; then
    kill -TERM "$child" 2>/dev/null
    wait "$child" 2>/dev/null
  fi
  exit "$2"
}
trap 'stop interrupted 130' INT
trap 'stop terminated 143' TERM

summary=()
failed=()
for name in "${selected[@]}"; do
  echo "== $name"
  start=$SECONDS
  "tests/bench/$name/run.sh" &
  child=$!
  status=0
  wait "$child" || status=$?
  child=""
  if ((status == 0)); then
    summary+=("$(printf '%-24s measured   %4d s' "$name" $((SECONDS - start)))")
  else
    summary+=("$(printf '%-24s FAILED     %4d s' "$name" $((SECONDS - start)))")
    failed+=("$name")
  fi
  echo
done

echo "== summary (raw figures in ${BENCH_OUT#"$PWD"/}/)"
printf '%s\n' "${summary[@]}"
if ((${#failed[@]} > 0)); then
  echo "bench: the measurement failed for: ${failed[*]}" >&2
  exit 1
fi
