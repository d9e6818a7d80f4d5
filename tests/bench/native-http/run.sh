#!/usr/bin/env bash
# native-http: what the native runtime gives today (issue #5, item 8), side by side in one run,
# the server pinned to one core:
#   (a) hello at keep-alive: activations/s of the native path (serve --engine auto, once
#       containerless_native_ready is 1 and replies say X-Containerless-Engine: native) against the
#       Node engine (serve --engine node), at 32 and at 1 connection; target >= 5x at 32;
#   (b) RSS of everything serve keeps resident once native (a wrapper process if any: serve execs
#       the runtime; the runtime; its Node engine child), and with CONTAINERLESS_ENGINE_IDLE_MS low
#       (the Node engine stopped); target < 15 MB;
#   (c) start from the handler cache: spawn to the first /run reply (answered natively), median,
#       for the runtime executable, bin/containerless serve and node bin/containerless serve;
#       target < 20 ms through bin/containerless serve;
#   (d) a fallback's extra cost: p50 of /run requests that leave the compiled path and are re-run
#       in the Node engine, against the same requests on the Node engine alone; target < +2 ms.
#   The fetch row cannot be measured yet (native fetch needs handler ABI v2); it is printed as such.
#
# Usage: tests/bench/native-http/run.sh   (or: scripts/bench.sh native-http)
# Environment: BENCH_RUNS (runs per wrk row, default 5), BENCH_STARTS (cache starts per launcher,
#   default 11: a start takes milliseconds, and on a shared machine a few of them are preempted),
#   BENCH_SECONDS (seconds per wrk run, default 1), BENCH_WARMUP (seconds, default 1), BENCH_OUT;
#   wrk takes whole seconds, so fractions are rounded up. BENCH_BASELINE_RUNTIME: another
#   containerless-runtime executable (say, one built from the tree before a change) measured on
#   hello at 32 connections in the same rounds as the others, from the same cached handler: a
#   before/after comparison side by side.
# Prints a table (docs/benchmarks.md, "native-http") and writes $BENCH_OUT/native-http.json.
# Exits 0 when it measured, on target or not; 1 when the measurement failed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/bench/lib.sh
source "$here/../lib.sh"
bench_init native-http
cd "$BENCH_ROOT"

runs=${BENCH_RUNS:-5}
starts=${BENCH_STARTS:-11}
seconds=$(bench_whole "${BENCH_SECONDS:-1}")
warmup=$(bench_whole "${BENCH_WARMUP:-1}")
idle_ms=300
results=$BENCH_TMP/results.jsonl
: >"$results"

bench_require node wrk curl
bench_cpus
[[ -x build/actionloop/containerless-runtime ]] || bench_fail "build/actionloop/containerless-runtime is missing (run make build)"
loadavg=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
wrk_version=$(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2 || true)
server_cpu=""
load_cpu=""
[[ ${#BENCH_SERVER_PIN[@]} -gt 0 ]] && server_cpu=${BENCH_SERVER_PIN[2]} && load_cpu=${BENCH_LOAD_PIN[2]}

echo "native-http: the native runtime (serve --engine auto) against the Node engine (serve --engine node)"
echo "  $runs runs x $seconds s per wrk row, median, interleaved, after $warmup s of warm-up; $starts cache starts per launcher"
echo "  $BENCH_PINNING; node $(node --version), $wrk_version; load average at start $loadavg"

# --- Request bodies.
bench_init_json "$here/hello.js" >"$BENCH_TMP/hello.init.json"
bench_init_json "$here/branch.js" >"$BENCH_TMP/branch.init.json"
hello_body='{"value":{"name":"bench"}}'
hello_expect='{"payload":"Hello, bench!"}'
x_body='{"value":{"name":"bench","x":1}}'
x_expect='{"payload":"x: bench"}'
nox_body='{"value":{"name":"bench"}}'
nox_expect='{"payload":"no x: bench"}'

declare -A port log pid # the servers by name (lib.sh: bench_serve)
runtime_of() { # NAME -> pid of the containerless-runtime: serve execs it (bin/containerless's sh front)
  local p=${pid[$1]}
  [[ "$(cat "/proc/$p/comm" 2>/dev/null)" == containerless-r ]] || p=$(pgrep -P "${pid[$1]}" -x containerless-r || true)
  [[ -n "$p" ]] || bench_fail "no containerless-runtime process for $1 (pid ${pid[$1]})"
  echo "$p"
}
core_ticks() { # CPU -> "busy total" jiffies of that core so far (/proc/stat)
  awk -v c="cpu$1" '$1 == c { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat
}
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# measure ROW SERVER CPU-PID CONNS SECONDS PHASE REP BODY EXPECT ENGINE-HEADER METRIC
# One wrk run; METRIC is the counter that must grow by at least wrk's request count (or "-").
measure() {
  local row=$1 server=$2 cpid=$3 conns=$4 secs=$5 phase=$6 rep=$7 body=$8 expect=$9 engine=${10} counter=${11}
  local out0 out1 err0 err1 cpu0 cpu1 m0=0 m1=0
  out0=$(bench_lines "${log[$server]}.out")
  err0=$(bench_lines "${log[$server]}.err")
  [[ $counter == - ]] || m0=$(bench_metric "$server" "$counter")
  cpu0=$(bench_cpu_ticks_tree "$cpid")
  local load0="0 0" load1="0 0"
  [[ -z $load_cpu ]] || load0=$(core_ticks "$load_cpu")
  local wrk_log=$BENCH_TMP/wrk-$row-$phase-$rep.txt
  BENCH_BODY=$body BENCH_EXPECT=$expect BENCH_ENGINE=$engine \
    bench_load "$server" "$wrk_log" wrk "$row" wrk -t1 -c"$conns" -d"${secs}s" --timeout 5s \
    -s "$here/run.lua" "http://127.0.0.1:${port[$server]}/run"
  bench_wait_logs_settled "${log[$server]}.out" "${log[$server]}.err"
  out1=$(bench_lines "${log[$server]}.out")
  err1=$(bench_lines "${log[$server]}.err")
  cpu1=$(bench_cpu_ticks_tree "$cpid")
  [[ -z $load_cpu ]] || load1=$(core_ticks "$load_cpu")
  [[ $counter == - ]] || m1=$(bench_metric "$server" "$counter")
  local wrk_json
  wrk_json=$(sed -n 's/^WRK_RESULT //p' "$wrk_log")
  if [[ -z "$wrk_json" ]]; then
    cat "$wrk_log" >&2
    bench_fail "wrk printed no result ($row)"
  fi
  local record
  record=$(printf '{"row":"%s","server":"%s","connections":%d,"phase":"%s","rep":%d,"seconds":%s,"server_cpu_s":%s,"load_core_busy":%s,"sentinels":{"stdout":%d,"stderr":%d},"counter":"%s","counter_delta":%d,"wrk":%s}' \
    "$row" "$server" "$conns" "$phase" "$rep" "$secs" "$(awk -v t=$((cpu1 - cpu0)) -v hz="$BENCH_CLK_TCK" 'BEGIN { printf "%.2f", t / hz }')" \
    "$(awk -v a="$load0" -v b="$load1" 'BEGIN { split(a, x, " "); split(b, y, " "); t = y[2] - x[2]; if (t <= 0) print "null"; else printf "%.3f", (y[1] - x[1]) / t }')" \
    $((out1 - out0)) $((err1 - err0)) "${counter//\"/\\\"}" $((m1 - m0)) "$wrk_json")
  echo "$record" >>"$results"
  node "$here/report.js" check "$record" || {
    bench_keep_tmp
    exit 1
  }
}

# --- (a) and (b): the servers. nat: auto, compiles after 3 activations, stores in the cache of (c).
# The "never slower" guard is on, with its default CONTAINERLESS_SLOWER_AFTER: it compares medians
# of the last 32 activations, which a preempted call on this shared machine no longer tips (an
# earlier mean-based guard demoted the native handler in the middle of a run). A demotion would
# fail the run: every reply must say X-Containerless-Engine: native, and demotions must stay 0.
common=(CONTAINERLESS_COMPILE_AFTER=3 __OW_ALLOW_CONCURRENT=true)
bench_serve nat "${common[@]}" CONTAINERLESS_CACHE_DIR="$BENCH_TMP/cache" CONTAINERLESS_LOG_FILE="$BENCH_TMP/nat.events" -- --engine auto
bench_serve node __OW_ALLOW_CONCURRENT=true -- --engine node
bench_serve idle "${common[@]}" CONTAINERLESS_ENGINE_IDLE_MS=$idle_ms CONTAINERLESS_LOG_FILE="$BENCH_TMP/idle.events" -- --engine auto
for s in nat node idle; do bench_init_server "$s" "$BENCH_TMP/hello.init.json"; done
got=$(bench_post node /run --data-binary "$hello_body")
[[ "$got" == "200 - $hello_expect" ]] || bench_fail "the Node engine answered: $got"
bench_until_native nat "$hello_body" "$hello_expect"
bench_until_native idle "$hello_body" "$hello_expect"
nat_rt=$(runtime_of nat)
baseline=${BENCH_BASELINE_RUNTIME:-}
if [[ -n $baseline ]]; then
  [[ -x $baseline ]] || bench_fail "BENCH_BASELINE_RUNTIME is not an executable: $baseline"
  # The handler nat compiled and stored: the baseline serves it from the cache at its first /run.
  bench_serve base "${common[@]}" CONTAINERLESS_RUNTIME="$baseline" CONTAINERLESS_CACHE_DIR="$BENCH_TMP/cache" \
    CONTAINERLESS_LOG_FILE="$BENCH_TMP/base.events" -- --engine auto
  bench_init_server base "$BENCH_TMP/hello.init.json"
  bench_until_native base "$hello_body" "$hello_expect"
  base_rt=$(runtime_of base)
  echo "  baseline runtime $baseline is native too"
fi
echo "  the native runtime is native (containerless_native_ready 1, X-Containerless-Engine: native)"

# Warm-up, then interleaved rounds at 32 and 1 connection (ABBA order).
for conns in 32 1; do
  measure "native-c$conns" nat "$nat_rt" "$conns" "$warmup" warmup 0 "$hello_body" "$hello_expect" native 'containerless_activations_total{engine="native"}'
  measure "node-c$conns" node "${pid[node]}" "$conns" "$warmup" warmup 0 "$hello_body" "$hello_expect" "" -
done
[[ -z $baseline ]] || measure base-c32 base "$base_rt" 32 "$warmup" warmup 0 "$hello_body" "$hello_expect" native 'containerless_activations_total{engine="native"}'
for ((rep = 1; rep <= runs; rep++)); do
  for conns in 32 1; do
    if ((rep % 2)); then order=(native node); else order=(node native); fi
    [[ -z $baseline || $conns != 32 ]] || if ((rep % 2)); then order=(native base node); else order=(node base native); fi
    for who in "${order[@]}"; do
      if [[ $who == base ]]; then
        measure base-c32 base "$base_rt" 32 "$seconds" measure "$rep" "$hello_body" "$hello_expect" native 'containerless_activations_total{engine="native"}'
      elif [[ $who == native ]]; then
        measure "native-c$conns" nat "$nat_rt" "$conns" "$seconds" measure "$rep" "$hello_body" "$hello_expect" native 'containerless_activations_total{engine="native"}'
      else
        measure "node-c$conns" node "${pid[node]}" "$conns" "$seconds" measure "$rep" "$hello_body" "$hello_expect" "" -
      fi
    done
  done
done

if [[ -n $baseline ]]; then # out of the way of (b) and (c)
  kill -TERM "${pid[base]}" 2>/dev/null || true
  wait "${pid[base]}" 2>/dev/null || true
fi

# (b) RSS once native, after the load: the runtime (serve execs it), its Node engine child(ren), and a
# wrapper process if one stood between (there is none since bin/containerless execs the runtime).
rss_json() { # NAME -> {"wrapper_kb":..,"runtime_kb":..,"engine_kb":..,"engine_pids":N} (wrapper 0: serve is the runtime)
  local rt engine_kb=0 n=0 p wrapper_kb=0
  rt=$(runtime_of "$1")
  [[ $rt == "${pid[$1]}" ]] || wrapper_kb=$(rss_kb "${pid[$1]}")
  for p in $(bench_tree_pids "$rt"); do
    [[ $p == "$rt" ]] && continue
    engine_kb=$((engine_kb + $(rss_kb "$p")))
    n=$((n + 1))
  done
  printf '{"wrapper_kb":%d,"runtime_kb":%d,"engine_kb":%d,"engine_processes":%d}' "$wrapper_kb" "$(rss_kb "$rt")" "$engine_kb" "$n"
}
rss_nat=$(rss_json nat)
for s in nat idle; do
  [[ "$(bench_metric "$s" containerless_demotions_total)" == 0 ]] || bench_fail "the speed guard demoted the handler of $s (event log: $(grep -m 1 demoted "$BENCH_TMP/$s.events"))"
done
# The idle-stop configuration: some native load, then more than its idle time without a request
# for the Node engine; its engine must be gone.
idle_rt=$(runtime_of idle)
measure native-idle-c1 idle "$idle_rt" 1 "$warmup" warmup 0 "$hello_body" "$hello_expect" native 'containerless_activations_total{engine="native"}'
for ((i = 0; i < 50; i++)); do
  [[ -z "$(pgrep -P "$idle_rt" || true)" ]] && break
  sleep 0.1
done
[[ -z "$(pgrep -P "$idle_rt" || true)" ]] || bench_fail "the Node engine of the idle-stop server is still running $((idle_ms)) ms + 5 s after the last request for it"
got=$(bench_post idle /run --data-binary "$hello_body")
[[ "$got" == "200 native $hello_expect" ]] || bench_fail "the idle-stop server answered: $got"
rss_idle=$(rss_json idle)
echo "  RSS: native server $rss_nat; idle-stop server $rss_idle"
kill -TERM "${pid[idle]}" 2>/dev/null || true
wait "${pid[idle]}" 2>/dev/null || true

# --- (c) start from the cache nat filled: fresh servers, the same cache dir, spawn -> first /run.
[[ -n "$(ls "$BENCH_TMP/cache/runtime/"*.so 2>/dev/null)" ]] || bench_fail "the native server stored no handler in $BENCH_TMP/cache/runtime"
status=0
CONTAINERLESS_CACHE_DIR=$BENCH_TMP/cache CONTAINERLESS_COMPILE_AFTER=3 BENCH_SERVER_CPU=$server_cpu \
  bench_run_bg "$BENCH_TMP/start.txt" "${BENCH_LOAD_PIN[@]}" node "$here/start.js" "$starts" "$BENCH_TMP/hello.init.json" "$hello_body" "$hello_expect" || status=$?
if ((status != 0)); then
  cat "$BENCH_TMP/start.txt" >&2
  bench_fail "the cache start measurement failed"
fi
tail -n 1 "$BENCH_TMP/start.txt" >"$BENCH_TMP/start.json"
echo "  cache starts: $(node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).runs; console.log(r.map((x) => x.launcher + " " + x.first_run_ms + " ms").join(", "))' "$BENCH_TMP/start.json")"
for s in nat node; do
  kill -TERM "${pid[$s]}" 2>/dev/null || true
  wait "${pid[$s]}" 2>/dev/null || true
done

# --- (d) fallback. fb-compile traces branch.js with x set only and stores the handler; fb serves it
# from the cache and never recompiles (CONTAINERLESS_COMPILE_AFTER=0: otherwise the fallbacks'
# traces, merged with the cached one, would soon cover the x-less path), never demotes, never
# judges speed: every request without x aborts and falls back.
bench_serve fbc CONTAINERLESS_COMPILE_AFTER=3 CONTAINERLESS_CACHE_DIR="$BENCH_TMP/cache-fb" CONTAINERLESS_LOG_FILE="$BENCH_TMP/fbc.events" -- --engine auto
bench_init_server fbc "$BENCH_TMP/branch.init.json"
bench_until_native fbc "$x_body" "$x_expect"
kill -TERM "${pid[fbc]}" 2>/dev/null || true
wait "${pid[fbc]}" 2>/dev/null || true
bench_serve fb CONTAINERLESS_COMPILE_AFTER=0 CONTAINERLESS_DEMOTE_AFTER=0 \
  CONTAINERLESS_CACHE_DIR="$BENCH_TMP/cache-fb" CONTAINERLESS_LOG_FILE="$BENCH_TMP/fb.events" -- --engine auto
bench_serve fbnode -- --engine node
bench_init_server fb "$BENCH_TMP/branch.init.json"
bench_init_server fbnode "$BENCH_TMP/branch.init.json"
[[ "$(bench_metric fb containerless_cache_hits_total)" == 1 ]] || bench_fail "the fallback server did not load its handler from the cache"
got=$(bench_post fb /run --data-binary "$x_body")
[[ "$got" == "200 native $x_expect" ]] || bench_fail "the fallback server answered the traced path with: $got"
got=$(bench_post fb /run --data-binary "$nox_body")
[[ "$got" == "200 node $nox_expect" ]] || bench_fail "the fallback server answered the untraced path with: $got"
[[ "$(bench_metric fb containerless_fallbacks_total)" == 1 ]] || bench_fail "the untraced request was not a fallback (containerless_fallbacks_total $(bench_metric fb containerless_fallbacks_total))"
fb_rt=$(runtime_of fb)
measure fallback-c1 fb "$fb_rt" 1 "$warmup" warmup 0 "$nox_body" "$nox_expect" node containerless_fallbacks_total
measure nodefb-c1 fbnode "${pid[fbnode]}" 1 "$warmup" warmup 0 "$nox_body" "$nox_expect" "" -
for ((rep = 1; rep <= runs; rep++)); do
  if ((rep % 2)); then order=(fb fbnode); else order=(fbnode fb); fi
  for who in "${order[@]}"; do
    if [[ $who == fb ]]; then
      measure fallback-c1 fb "$fb_rt" 1 "$seconds" measure "$rep" "$nox_body" "$nox_expect" node containerless_fallbacks_total
    else
      measure nodefb-c1 fbnode "${pid[fbnode]}" 1 "$seconds" measure "$rep" "$nox_body" "$nox_expect" "" -
    fi
  done
done
for m in containerless_demotions_total 'containerless_compilations_total{result="ok"}' 'containerless_native_ready'; do
  echo "$m $(bench_metric fb "$m")" >>"$BENCH_TMP/fb.metrics"
done
[[ "$(bench_metric fb containerless_demotions_total)" == 0 && "$(bench_metric fb containerless_native_ready)" == 1 ]] ||
  bench_fail "the fallback server demoted its handler: $(cat "$BENCH_TMP/fb.metrics")"

# --- Every line the servers printed must be a sentinel.
bench_only_sentinels nat node idle fbc fb fbnode ${baseline:+base}

echo
BENCH_PINNING=$BENCH_PINNING BENCH_LOADAVG=$loadavg BENCH_WRK_VERSION=$wrk_version BENCH_RUNS=$runs \
  BENCH_BASELINE_RUNTIME=$baseline BENCH_SECONDS=$seconds BENCH_WARMUP=$warmup BENCH_IDLE_MS=$idle_ms BENCH_RSS_NATIVE=$rss_nat BENCH_RSS_IDLE=$rss_idle \
  node "$here/report.js" report "$results" "$BENCH_TMP/start.json" "$BENCH_OUT/native-http.json"
