#!/usr/bin/env bash
# The CPU benchmark: CPU-bound actions through the compiled handler versus warm V8 (docs/benchmarks.md).
#
# Needs `make build` (the compiler, the runtime crate). Builds its timing host, then bench.js
# traces, compiles and times each action; the table goes to stdout, the figures to
# $BENCH_OUT/cpu.json, the traces, handlers and their Rust to $BENCH_OUT/cpu-work/ (kept for
# profiling: valgrind --tool=callgrind "$BENCH_OUT/cpu-work/time_handler" ...).
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
bench_init cpu

bench_require node c++
cd "$BENCH_ROOT" || bench_fail "no project root"
[[ -x build/compiler/containerless-compile ]] || bench_fail "build/compiler/containerless-compile is missing: run 'make build'"
[[ -f compiler/runtime/target/release/libcontainerless_rt.rlib ]] || bench_fail "the runtime crate is not built: run 'make build'"

work="$BENCH_OUT/cpu-work"
mkdir -p "$work"
c++ -std=c++17 -O2 -Iactionloop/src tests/bench/cpu/time_handler.cc -o "$work/time_handler" -ldl ||
  bench_fail "cannot build the timing host"

echo "cpu: runs=${BENCH_RUNS:-5} seconds=${BENCH_SECONDS:-1} warmup=${BENCH_WARMUP:-0.5}; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
TIME_HANDLER="$work/time_handler" bench_run_bg "$BENCH_TMP/bench.log" \
  node tests/bench/cpu/bench.js "$work" "$BENCH_OUT/cpu.json"
status=$?
cat "$BENCH_TMP/bench.log"
((status == 0)) || bench_fail "bench.js exited $status"
