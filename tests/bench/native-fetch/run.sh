#!/usr/bin/env bash
# native-fetch: an action making two fetch calls to a local backend that answers after 5 ms, at 32
# concurrent activations (wrk -c32, keep-alive; and 128, for information), served natively
# (serve --engine auto once native: libcurl multi on the runtime's loop) against the Node engine
# (serve --engine node: undici), side by side in one run, the server pinned to one core; target
# >= 3x activations/s at 32. The backend and wrk share the other core. The report also gives the
# server CPU per activation: at 32 the backend's latency caps both engines at 3,200/s.
#
# Usage: tests/bench/native-fetch/run.sh   (or: scripts/bench.sh native-fetch)
# Environment: BENCH_RUNS (runs per row, default 3), BENCH_SECONDS (seconds per wrk run, default 2),
#   BENCH_WARMUP (seconds, default 1), BENCH_DELAY_MS (the backend's delay, default 5),
#   BENCH_FETCH_CONNECTIONS (the concurrency rows, default "32 128"; the target is read at 32), BENCH_OUT.
# Prints a table (docs/benchmarks.md, "native-fetch") and writes $BENCH_OUT/native-fetch.json.
# Exits 0 when it measured, on target or not; 1 when the measurement failed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/bench/lib.sh
source "$here/../lib.sh"
bench_init native-fetch
cd "$BENCH_ROOT"

runs=${BENCH_RUNS:-3}
seconds=$(bench_whole "${BENCH_SECONDS:-2}")
warmup=$(bench_whole "${BENCH_WARMUP:-1}")
delay=${BENCH_DELAY_MS:-5}
read -ra conns_list <<<"${BENCH_FETCH_CONNECTIONS:-32 128}"
results=$BENCH_TMP/results.jsonl
: >"$results"
# The wrk script of native-http checks every reply's status, body, Content-Length and engine header.
lua=$BENCH_ROOT/tests/bench/native-http/run.lua

bench_require node wrk curl
bench_cpus
[[ -x build/actionloop/containerless-runtime ]] || bench_fail "build/actionloop/containerless-runtime is missing (run make build)"
[[ -f "$lua" ]] || bench_fail "$lua is missing"
loadavg=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)

echo "native-fetch: two fetch calls per activation to a ${delay} ms backend, ${conns_list[*]} concurrent activations;"
echo "  the native runtime (serve --engine auto, native) against the Node engine (serve --engine node)"
echo "  $runs runs x $seconds s per row, median, interleaved, after $warmup s of warm-up"
echo "  $BENCH_PINNING (the backend with the load generator); node $(node --version); load average at start $loadavg"

# shellcheck disable=SC2034  # log is read by lib.sh
declare -A port log pid # the servers by name (lib.sh: bench_serve)
# The backend: on the load generator's core, not the server's.
bport=$(bench_free_port)
bench_start "$BENCH_TMP/backend" env DELAY_MS="$delay" "${BENCH_LOAD_PIN[@]}" node "$here/backend.js" "$bport"
bpid=$BENCH_PID
bench_wait_port "$bpid" "$bport" "$BENCH_TMP/backend"

bench_init_json "$here/fetch.js" >"$BENCH_TMP/init.json"
body="{\"value\":{\"name\":\"bench\",\"url\":\"http://127.0.0.1:$bport\"}}"
expect='{"a":"a","b":"b","n":16,"status":200}'

bench_serve nat __OW_ALLOW_CONCURRENT=true CONTAINERLESS_COMPILE_AFTER=3 CONTAINERLESS_LOG_FILE="$BENCH_TMP/nat.events" -- --engine auto
bench_init_server nat "$BENCH_TMP/init.json"
bench_serve node __OW_ALLOW_CONCURRENT=true -- --engine node
bench_init_server node "$BENCH_TMP/init.json"
got=$(bench_post node /run --data-binary "$body")
[[ "$got" == "200 - $expect" ]] || bench_fail "the Node engine answered: $got"
bench_until_native nat "$body" "$expect" 600 0.1
nat_rt=$(pgrep -P "${pid[nat]}" -x containerless-r || echo "${pid[nat]}")
echo "  the native runtime serves the fetch action natively (X-Containerless-Engine: native)"

measure() { # ROW SERVER CPU-PID CONNECTIONS SECONDS PHASE REP ENGINE-HEADER
  local row=$1 server=$2 cpid=$3 conns=$4 secs=$5 phase=$6 rep=$7 engine=$8 cpu0 cpu1 status=0
  cpu0=$(bench_cpu_ticks_tree "$cpid")
  local wrk_log=$BENCH_TMP/wrk-$row-$phase-$rep.txt
  BENCH_BODY=$body BENCH_EXPECT=$expect BENCH_ENGINE=$engine \
    bench_run_bg "$wrk_log" "${BENCH_LOAD_PIN[@]}" wrk -t1 -c"$conns" -d"${secs}s" --timeout 5s \
    -s "$lua" "http://127.0.0.1:${port[$server]}/run" || status=$?
  ((status == 0)) || {
    cat "$wrk_log" >&2
    bench_fail "wrk exited with status $status ($row)"
  }
  cpu1=$(bench_cpu_ticks_tree "$cpid")
  local wrk_json
  wrk_json=$(sed -n 's/^WRK_RESULT //p' "$wrk_log")
  [[ -n "$wrk_json" ]] || bench_fail "wrk printed no result ($row): $(cat "$wrk_log")"
  # Every reply must have been checked and right: a wrong answer is a failed measurement.
  node -e 'const w = JSON.parse(process.argv[1]);
    const bad = w.non200 + w.bad_body + w.no_content_length + w.bad_engine + w.errors.connect + w.errors.read + w.errors.write + w.errors.timeout;
    if (bad > 0 || w.requests === 0) { console.error(`bad replies: ${JSON.stringify(w)}`); process.exit(1); }' "$wrk_json" ||
    bench_fail "$row: wrong or failed replies (raw: $wrk_log)"
  printf '{"row":"%s","connections":%d,"phase":"%s","rep":%d,"server_cpu_s":%s,"wrk":%s}\n' "$row" "$conns" "$phase" "$rep" \
    "$(awk -v t=$((cpu1 - cpu0)) -v hz="$BENCH_CLK_TCK" 'BEGIN { printf "%.2f", t / hz }')" "$wrk_json" >>"$results"
}

for conns in "${conns_list[@]}"; do
  measure "native-c$conns" nat "$nat_rt" "$conns" "$warmup" warmup 0 native
  measure "node-c$conns" node "${pid[node]}" "$conns" "$warmup" warmup 0 ""
done
for ((rep = 1; rep <= runs; rep++)); do
  for conns in "${conns_list[@]}"; do
    if ((rep % 2)); then order=(native node); else order=(node native); fi
    for who in "${order[@]}"; do
      if [[ $who == native ]]; then
        measure "native-c$conns" nat "$nat_rt" "$conns" "$seconds" measure "$rep" native
      else
        measure "node-c$conns" node "${pid[node]}" "$conns" "$seconds" measure "$rep" ""
      fi
    done
  done
done
[[ "$(bench_metric nat containerless_demotions_total)" == 0 ]] || bench_fail "the native handler was demoted during the run"
[[ "$(bench_metric nat containerless_fallbacks_total)" == 0 ]] || bench_fail "native activations fell back during the run"

echo
BENCH_PINNING=$BENCH_PINNING BENCH_LOADAVG=$loadavg BENCH_RUNS=$runs BENCH_SECONDS=$seconds BENCH_DELAY_MS=$delay \
  node "$here/report.js" "$results" "$BENCH_OUT/native-fetch.json"
