#!/usr/bin/env bash
# Where does the engine's time go? Measures the CPU time per request of the floor, of variants of
# the floor that add one engine step at a time (variant.js), and of the engine, at 32 connections,
# all started once and measured in interleaved rounds; prints the medians. Not part of `make bench`.
#
# Usage: tests/bench/engine-http/variants.sh [ROUNDS [SECONDS]]   (default: 6 rounds of 3 s)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/bench/lib.sh
source "$here/../lib.sh"
bench_init engine-http-variants
cd "$BENCH_ROOT"

rounds=${1:-6}
seconds=${2:-3}
bench_require node wrk curl
bench_cpus
variants=(floor json async sentinels "json,async,sentinels" engine)
declare -A port pid
for v in "${variants[@]}"; do
  port[$v]=$(bench_free_port)
  case "$v" in
    floor) bench_start "$BENCH_TMP/$v" "${BENCH_SERVER_PIN[@]}" node "$here/floor.js" "${port[$v]}" ;;
    engine)
      bench_start "$BENCH_TMP/$v" env __OW_ALLOW_CONCURRENT=true "${BENCH_SERVER_PIN[@]}" \
        bin/containerless serve --engine node --host 127.0.0.1 --port "${port[$v]}"
      ;;
    *) bench_start "$BENCH_TMP/$v" "${BENCH_SERVER_PIN[@]}" node "$here/variant.js" "${port[$v]}" "$v" ;;
  esac
  pid[$v]=$BENCH_PID
done
for v in "${variants[@]}"; do bench_wait_port "${pid[$v]}" "${port[$v]}" "$BENCH_TMP/$v"; done
node -e 'const fs = require("node:fs");
  process.stdout.write(JSON.stringify({ value: { main: "main", code: fs.readFileSync(process.argv[1], "utf8") } }));' \
  "$here/hello.js" >"$BENCH_TMP/init.json"
got=$(curl -sS -XPOST -H 'Content-Type: application/json' --data-binary "@$BENCH_TMP/init.json" \
  "http://127.0.0.1:${port[engine]}/init")
[[ "$got" == '{"OK":true}' ]] || bench_fail "/init answered: $got"

ticks() {
  local stat
  stat=$(cat "/proc/$1/stat")
  stat=${stat##*) }
  awk '{ print $12 + $13 }' <<<"$stat"
}
hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
results=$BENCH_TMP/results.txt
echo "engine-http-variants: cpu µs per request at 32 connections, $rounds rounds of $seconds s; $BENCH_PINNING"
for ((round = 0; round <= rounds; round++)); do # round 0 is the warm-up
  for v in "${variants[@]}"; do
    c0=$(ticks "${pid[$v]}")
    bench_run_bg "$BENCH_TMP/wrk.txt" "${BENCH_LOAD_PIN[@]}" wrk -t1 -c32 -d"${seconds}s" \
      -s "$here/run.lua" "http://127.0.0.1:${port[$v]}/run" || bench_fail "wrk failed on $v"
    sleep 0.2
    c1=$(ticks "${pid[$v]}")
    line=$(node -e 'const r = JSON.parse(process.argv[1]);
      if (r.non200 || r.bad_body || r.no_content_length) { console.error(r.first_bad); process.exit(1); }
      console.log(r.requests, (r.requests / (r.duration_us / 1e6)).toFixed(0),
        ((Number(process.argv[2]) / Number(process.argv[3])) * 1e6 / r.requests).toFixed(2));' \
      "$(sed -n 's/^WRK_RESULT //p' "$BENCH_TMP/wrk.txt")" $((c1 - c0)) "$hz") || bench_fail "bad responses from $v"
    ((round > 0)) && echo "$v $line" >>"$results"
  done
  ((round > 0)) && echo "  round $round of $rounds done"
done
echo
printf '%-24s %12s %14s %10s\n' variant 'cpu µs/req' 'over floor' 'req/s'
for v in "${variants[@]}"; do
  read -r cpu rps < <(awk -v v="$v" '$1 == v { c[++n] = $4; r[n] = $3 }
    function med(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    END { print med(c, n), med(r, n) }' "$results")
  [[ "$v" == floor ]] && floor_cpu=$cpu
  printf '%-24s %12.1f %14s %10.0f\n' "$v" "$cpu" "$(awk -v a="$cpu" -v b="$floor_cpu" 'BEGIN { d = a - b; if (d == 0) print ""; else printf "%+.1f", d }')" "$rps"
done
