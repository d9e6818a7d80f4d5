#!/usr/bin/env bash
# trace-overhead: what tracing costs the Node engine. p50 latency and throughput at 1 connection of
# bin/containerless serve --engine node with tracing off, on (--trace), and traced then stopped
# (POST /__containerless/trace/stop), side by side, for three actions: hello, a JSON transform
# (filter/map over 50 records of the input) and a fetch from a local node:http backend.
#
# The private stop route exists only on a unix socket (--socket PATH --trace), and wrk cannot use a
# unix socket, so every row (the reference too) is driven by load.js: one keep-alive connection
# over each engine's unix socket, one request in flight, the three engines taking turns request by
# request (so that a busy moment of the shared machine falls on the three alike), every reply checked.
#
# Usage: tests/bench/trace-overhead/run.sh   (or: scripts/bench.sh trace-overhead)
# Environment: BENCH_RUNS (rounds, default 5), BENCH_SECONDS (seconds per configuration and round,
#   default 1: a round is 3 x that, interleaved), BENCH_WARMUP (seconds of warm-up per
#   configuration, default 0.5), BENCH_OUT (default build/bench).
# Prints a table (docs/benchmarks.md, "trace-overhead") and writes $BENCH_OUT/trace-overhead.json.
# Exits 0 when it measured, on target or not; 1 when the measurement failed (a wrong reply, a
# sentinel count that does not match the requests, a server that did not start or died).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/bench/lib.sh
source "$here/../lib.sh"
bench_init trace-overhead
cd "$BENCH_ROOT"

runs=${BENCH_RUNS:-5}
seconds=${BENCH_SECONDS:-1}
warmup=${BENCH_WARMUP:-0.5}
actions=(hello transform fetch)
configs=(off on stopped)
results=$BENCH_TMP/results.jsonl
: >"$results"

bench_require node curl
bench_cpus
loadavg=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)

echo "trace-overhead: the Node engine with tracing off, on (--trace), and traced then stopped; 1 connection"
echo "  $runs rounds x $seconds s per row, median, after $warmup s of warm-up; the three configurations take turns request by request"
echo "  load: load.js over the engines' unix sockets (wrk cannot reach the socket-only stop route); every row alike"
echo "  $BENCH_PINNING (backend on the load core); node $(node --version); load average at start $loadavg"

# --- The fetch action's backend.
backend_port=$(bench_free_port)
bench_start "$BENCH_TMP/backend" "${BENCH_LOAD_PIN[@]}" node "$here/backend.js" "$backend_port"
backend_pid=$BENCH_PID
bench_wait_port "$backend_pid" "$backend_port" "$BENCH_TMP/backend"

# --- The requests, one file per action: $BENCH_TMP/ACTION.run.json and ACTION.init.json.
node - "$here" "$BENCH_TMP" "$backend_port" <<'JS'
const fs = require('node:fs');
const [here, tmp, port] = process.argv.slice(2);
const records = [];
for (let i = 0; i < 50; i++) {
  records.push({ id: i, name: 'record-' + i, active: i % 3 !== 0, score: (i * 37) % 100, tags: ['t' + (i % 4), 'u' + (i % 7)].slice(0, 1 + (i % 2)) });
}
const inputs = { hello: { name: 'bench' }, transform: { records }, fetch: { base: `http://127.0.0.1:${port}` } };
for (const [name, value] of Object.entries(inputs)) {
  const code = fs.readFileSync(`${here}/${name}.js`, 'utf8');
  fs.writeFileSync(`${tmp}/${name}.init.json`, JSON.stringify({ value: { name, main: 'main', binary: false, code } }));
  fs.writeFileSync(`${tmp}/${name}.run.json`, JSON.stringify({ value }));
}
JS

declare -A sock log pid
usock() { # SOCKET METHOD PATH [CURL-ARGS...] -> prints "STATUS BODY"
  local s=$1 method=$2 path=$3
  shift 3
  curl -sS --max-time 10 --unix-socket "$s" -o "$BENCH_TMP/curl.body" -w '%{http_code}' -X "$method" \
    -H 'Content-Type: application/json' "$@" "http://localhost$path" || bench_fail "curl $method $path on $s failed"
  printf ' %s' "$(cat "$BENCH_TMP/curl.body")"
}
wait_socket() { # NAME
  local i
  for ((i = 0; i < 200; i++)); do
    kill -0 "${pid[$1]}" 2>/dev/null || {
      tail -n 30 "${log[$1]}.err" >&2
      bench_fail "server $1 exited before listening on ${sock[$1]}"
    }
    [[ -S "${sock[$1]}" ]] && curl -s --max-time 2 --unix-socket "${sock[$1]}" -o /dev/null http://localhost/ && return 0
    sleep 0.05
  done
  bench_fail "server $1 did not listen on ${sock[$1]} within 10 s"
}
measure() { # ACTION SECONDS PHASE REP: the three configurations, interleaved, SECONDS each
  local action=$1 secs=$2 phase=$3 rep=$4 config name i k
  local -A out0 err0 cpu0
  for config in "${configs[@]}"; do
    name=$action-$config
    out0[$config]=$(bench_lines "${log[$name]}.out")
    err0[$config]=$(bench_lines "${log[$name]}.err")
    cpu0[$config]=$(bench_cpu_ticks "${pid[$name]}")
  done
  local load_log=$BENCH_TMP/load-$action-$phase-$rep.txt
  local sockets=()
  for config in "${configs[@]}"; do sockets+=("${sock[$action-$config]}"); done
  bench_load "$action-off" "$load_log" load.js "$action" node "$here/load.js" \
    "$(awk -v s="$secs" -v n=${#configs[@]} 'BEGIN { print s * n }')" "$BENCH_TMP/$action.run.json" "$BENCH_TMP/$action.expected" "${sockets[@]}"
  for config in on stopped; do
    kill -0 "${pid[$action-$config]}" 2>/dev/null || {
      tail -n 30 "${log[$action-$config]}.err" >&2
      bench_fail "$action-$config died during the run"
    }
  done
  k=0
  for config in "${configs[@]}"; do
    name=$action-$config
    k=$((k + 1))
    local cpu1 out1 err1 load_json requests
    cpu1=$(bench_cpu_ticks "${pid[$name]}")
    load_json=$(grep '^{' "$load_log" | sed -n "${k}p")
    requests=$(node -e 'console.log(JSON.parse(process.argv[1]).requests)' "$load_json" 2>/dev/null) || {
      cat "$load_log" >&2
      bench_fail "load.js printed no result for $name"
    }
    # Every activation wrote its sentinel pair before its reply; allow a moment for the files.
    for ((i = 0; i < 40; i++)); do
      out1=$(bench_lines "${log[$name]}.out")
      err1=$(bench_lines "${log[$name]}.err")
      ((out1 - out0[$config] == requests && err1 - err0[$config] == requests)) && break
      sleep 0.05
    done
    local record
    record=$(printf '{"action":"%s","config":"%s","phase":"%s","rep":%d,"seconds":%s,"server_cpu_s":%s,"sentinels":{"stdout":%d,"stderr":%d},"load":%s}' \
      "$action" "$config" "$phase" "$rep" "$secs" "$(awk -v t=$((cpu1 - cpu0[$config])) -v hz="$BENCH_CLK_TCK" 'BEGIN { printf "%.2f", t / hz }')" \
      $((out1 - out0[$config])) $((err1 - err0[$config])) "$load_json")
    echo "$record" >>"$results"
    node "$here/report.js" check "$record" || {
      bench_keep_tmp
      exit 1
    }
  done
}

for action in "${actions[@]}"; do
  # Three servers for this action, all on the server core, idle while another is measured.
  for config in "${configs[@]}"; do
    name=$action-$config
    sock[$name]=$BENCH_TMP/$name.sock
    log[$name]=$BENCH_TMP/$name
    trace=()
    [[ $config == off ]] || trace=(--trace)
    bench_start "${log[$name]}" env -u __OW_ALLOW_CONCURRENT "${BENCH_SERVER_PIN[@]}" \
      bin/containerless serve --engine node --socket "${sock[$name]}" "${trace[@]}"
    pid[$name]=$BENCH_PID
  done
  for config in "${configs[@]}"; do
    name=$action-$config
    wait_socket "$name"
    got=$(usock "${sock[$name]}" POST /init --data-binary "@$BENCH_TMP/$action.init.json")
    [[ "$got" == '200 {"OK":true}' ]] || bench_fail "/init of $name answered: $got"
  done
  # The reference reply, from the untraced engine; the traced ones must answer the same bytes.
  got=$(usock "${sock[$action-off]}" POST /run --data-binary "@$BENCH_TMP/$action.run.json")
  [[ "$got" == "200 {"* ]] || bench_fail "/run of $action-off answered: $got"
  printf '%s' "${got#200 }" >"$BENCH_TMP/$action.expected"
  for config in on stopped; do
    got2=$(usock "${sock[$action-$config]}" POST /run --data-binary "@$BENCH_TMP/$action.run.json")
    [[ "$got2" == "$got" ]] || bench_fail "$action-$config answered $got2, the untraced engine $got"
  done
  measure "$action" "$warmup" warmup 0
  # The traced engines must really be tracing this action: a trace with this action's program.
  for config in on stopped; do
    got=$(usock "${sock[$action-$config]}" GET /__containerless/trace)
    [[ "$got" == "200 {"* && ${#got} -gt 200 ]] || bench_fail "GET /__containerless/trace of $action-$config answered: ${got:0:300}"
  done
  got=$(usock "${sock[$action-stopped]}" POST /__containerless/trace/stop)
  [[ "$got" == '200 {"OK":true}' ]] || bench_fail "trace/stop of $action-stopped answered: $got"
  for ((rep = 1; rep <= runs; rep++)); do
    measure "$action" "$seconds" measure "$rep"
  done
  # Every line the servers printed must be a sentinel; then stop them before the next action.
  for config in "${configs[@]}"; do
    name=$action-$config
    bench_only_sentinels "$name"
    kill -TERM "${pid[$name]}" 2>/dev/null || true
    wait "${pid[$name]}" 2>/dev/null || true
  done
done

echo
BENCH_PINNING=$BENCH_PINNING BENCH_LOADAVG=$loadavg BENCH_RUNS=$runs BENCH_SECONDS=$seconds BENCH_WARMUP=$warmup \
  node "$here/report.js" report "$results" "$BENCH_OUT/trace-overhead.json"
