#!/usr/bin/env bash
# engine-http: activations per second and p50/p99 latency of the Node engine (bin/containerless
# serve --engine node) on a hello action, at 1 and 32 keep-alive connections, side by side with
# "the floor": a bare node:http server (floor.js) that answers the same POST /run with the same bytes.
#
# Usage: tests/bench/engine-http/run.sh   (or: scripts/bench.sh engine-http)
# Environment: BENCH_RUNS (runs per row, default 5), BENCH_SECONDS (seconds per run, default 5),
#   BENCH_WARMUP (seconds of warm-up per row, default 2), BENCH_OUT (default build/bench).
# Prints a table (read it with docs/benchmarks.md) and writes the raw figures to
# $BENCH_OUT/engine-http.json. Exits 0 when it measured, on target or not; 1 when the measurement
# failed: a non-200 response, a wrong body, a socket error, a sentinel count that does not match the
# requests, a server that did not start or died.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/bench/lib.sh
source "$here/../lib.sh"
bench_init engine-http
cd "$BENCH_ROOT"

runs=${BENCH_RUNS:-5}
seconds=${BENCH_SECONDS:-5}
warmup=${BENCH_WARMUP:-2}
conn_counts=(1 32)
target=0.60
results=$BENCH_TMP/results.jsonl
: >"$results"

bench_require node wrk curl
bench_cpus
loadavg=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
wrk_version=$(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2 || true)

echo "engine-http: the Node engine vs. the node:http floor; hello action, POST /run, keep-alive"
echo "  $runs runs x $seconds s per row, median, floor and engine interleaved, after $warmup s of warm-up"
echo "  $BENCH_PINNING; node $(node --version), $wrk_version; load average at start $loadavg"

# --- The servers, all on the server core, idle while another is measured:
#   floor            floor.js
#   engine-serial    the engine as OpenWhisk starts it by default (one /run at a time), for 1 connection
#   engine-parallel  the engine with __OW_ALLOW_CONCURRENT=true, for 32 connections
declare -A port log pid
for name in floor engine-serial engine-parallel; do
  port[$name]=$(bench_free_port)
  log[$name]=$BENCH_TMP/$name
done
bench_start "${log[floor]}" "${BENCH_SERVER_PIN[@]}" node "$here/floor.js" "${port[floor]}"
pid[floor]=$BENCH_PID
bench_start "${log[engine-serial]}" env -u __OW_ALLOW_CONCURRENT "${BENCH_SERVER_PIN[@]}" \
  bin/containerless serve --engine node --host 127.0.0.1 --port "${port[engine-serial]}"
pid[engine-serial]=$BENCH_PID
bench_start "${log[engine-parallel]}" env __OW_ALLOW_CONCURRENT=true "${BENCH_SERVER_PIN[@]}" \
  bin/containerless serve --engine node --host 127.0.0.1 --port "${port[engine-parallel]}"
pid[engine-parallel]=$BENCH_PID
for name in floor engine-serial engine-parallel; do
  bench_wait_port "${pid[$name]}" "${port[$name]}" "${log[$name]}"
done

# --- /init the engines with the hello action, then check that one /run answers exactly what the
# floor answers (status, headers but Date, body): the two must be measured on the same bytes.
init_body=$BENCH_TMP/init.json
bench_init_json "$here/hello.js" hello >"$init_body"
run_body='{"value":{"name":"bench"}}'
expected_body='{"payload":"Hello, bench!"}'

http_post() { # URL BODY-ARG... -> prints "STATUS BODY" or fails
  curl -sS --max-time 10 -o "$BENCH_TMP/curl.body" -w '%{http_code}' -XPOST \
    -H 'Content-Type: application/json' "$@" || bench_fail "curl $1 failed"
  printf ' %s' "$(cat "$BENCH_TMP/curl.body")"
}
for name in engine-serial engine-parallel; do
  got=$(http_post "http://127.0.0.1:${port[$name]}/init" --data-binary "@$init_body")
  [[ "$got" == '200 {"OK":true}' ]] || bench_fail "/init of $name answered: $got"
done
headers_of() { # URL -> the response's status line, headers (but Date) and body
  curl -sS --max-time 10 -i -XPOST -H 'Content-Type: application/json' --data-binary "$run_body" "$1" |
    tr -d '\r' | grep -v '^Date: ' || bench_fail "curl $1 failed"
}
floor_reply=$(headers_of "http://127.0.0.1:${port[floor]}/run")
[[ "$floor_reply" == *$'\n\n'"$expected_body" ]] || bench_fail "the floor answered: $floor_reply"
for name in engine-serial engine-parallel; do
  reply=$(headers_of "http://127.0.0.1:${port[$name]}/run")
  if [[ "$reply" != "$floor_reply" ]]; then
    printf -- '--- floor:\n%s\n--- %s:\n%s\n' "$floor_reply" "$name" "$reply" >&2
    bench_fail "$name does not answer /run with the floor's bytes"
  fi
done

# --- One wrk run. Appends a JSON record to $results and prints a progress line; fails loudly on
# any error (report.js check). The engine's sentinels are counted in its log files before and after.
measure() { # SERVER CONNECTIONS SECONDS PHASE REP
  local server=$1 conns=$2 secs=$3 phase=$4 rep=$5
  local out0 err0 out1 err1 cpu0 cpu1
  out0=$(bench_lines "${log[$server]}.out")
  err0=$(bench_lines "${log[$server]}.err")
  cpu0=$(bench_cpu_ticks "${pid[$server]}")
  local wrk_log=$BENCH_TMP/wrk-$server-c$conns-$phase-$rep.txt
  bench_load "$server" "$wrk_log" wrk "$server, $conns connections" wrk -t1 -c"$conns" -d"${secs}s" --timeout 5s \
    -s "$here/run.lua" "http://127.0.0.1:${port[$server]}/run"
  bench_wait_logs_settled "${log[$server]}.out" "${log[$server]}.err"
  out1=$(bench_lines "${log[$server]}.out")
  err1=$(bench_lines "${log[$server]}.err")
  cpu1=$(bench_cpu_ticks "${pid[$server]}")
  local wrk_json
  wrk_json=$(sed -n 's/^WRK_RESULT //p' "$wrk_log")
  if [[ -z "$wrk_json" ]]; then
    cat "$wrk_log" >&2
    bench_fail "wrk printed no result ($server, $conns connections)"
  fi
  local record
  record=$(printf '{"server":"%s","connections":%d,"phase":"%s","rep":%d,"seconds":%s,"server_cpu_s":%s,"log_lines":{"stdout":%d,"stderr":%d},"wrk":%s}' \
    "$server" "$conns" "$phase" "$rep" "$secs" "$(awk -v t=$((cpu1 - cpu0)) -v hz="$BENCH_CLK_TCK" 'BEGIN { printf "%.2f", t / hz }')" \
    $((out1 - out0)) $((err1 - err0)) "$wrk_json")
  echo "$record" >>"$results"
  node "$here/report.js" check "$record" || {
    bench_keep_tmp
    exit 1
  }
}

engine_for() { if (($1 == 1)); then echo engine-serial; else echo engine-parallel; fi; }

for conns in "${conn_counts[@]}"; do
  measure floor "$conns" "$warmup" warmup 0
  measure "$(engine_for "$conns")" "$conns" "$warmup" warmup 0
done
for ((rep = 1; rep <= runs; rep++)); do
  for conns in "${conn_counts[@]}"; do
    # ABBA order, so that neither server always runs first.
    if ((rep % 2)); then order=(floor "$(engine_for "$conns")"); else order=("$(engine_for "$conns")" floor); fi
    for server in "${order[@]}"; do
      measure "$server" "$conns" "$seconds" measure "$rep"
    done
  done
done

# --- Every line the servers printed must be a sentinel (the floor prints nothing).
bench_only_sentinels floor engine-serial engine-parallel

echo
BENCH_TARGET=$target BENCH_PINNING=$BENCH_PINNING BENCH_LOADAVG=$loadavg BENCH_WRK_VERSION=$wrk_version \
  BENCH_RUNS=$runs BENCH_SECONDS=$seconds BENCH_WARMUP=$warmup \
  node "$here/report.js" report "$results" "$BENCH_OUT/engine-http.json"
