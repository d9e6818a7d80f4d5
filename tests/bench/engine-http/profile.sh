#!/usr/bin/env bash
# Profiles the Node engine under the engine-http load: runs it with `node --cpu-prof` (pinned like
# the benchmark), /init's the hello action, drives POST /run with wrk, stops it, and prints where the
# busy time went (profile.js). Not part of `make bench`; run it by hand when the engine is slow.
#
# Usage: tests/bench/engine-http/profile.sh [CONNECTIONS [SECONDS]]   (default: 32 10)
# The .cpuprofile is kept in build/bench/ (open it in Chrome DevTools > Performance for a flame chart).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/bench/lib.sh
source "$here/../lib.sh"
bench_init engine-http-profile
cd "$BENCH_ROOT"

conns=${1:-32}
seconds=${2:-10}
bench_require node wrk curl
bench_cpus

port=$(bench_free_port)
concurrent=false
((conns > 1)) && concurrent=true
bench_start "$BENCH_TMP/engine" env __OW_ALLOW_CONCURRENT=$concurrent "${BENCH_SERVER_PIN[@]}" \
  node --cpu-prof --cpu-prof-dir="$BENCH_TMP/prof" --cpu-prof-interval 100 \
  bin/containerless serve --engine node --host 127.0.0.1 --port "$port"
engine_pid=$BENCH_PID
bench_wait_port "$engine_pid" "$port" "$BENCH_TMP/engine"

node -e 'const fs = require("node:fs");
  process.stdout.write(JSON.stringify({ value: { main: "main", code: fs.readFileSync(process.argv[1], "utf8") } }));' \
  "$here/hello.js" >"$BENCH_TMP/init.json"
got=$(curl -sS -XPOST -H 'Content-Type: application/json' --data-binary "@$BENCH_TMP/init.json" \
  "http://127.0.0.1:$port/init")
[[ "$got" == '{"OK":true}' ]] || bench_fail "/init answered: $got"

echo "engine-http-profile: engine under node --cpu-prof, $conns connections, $seconds s; $BENCH_PINNING"
bench_run_bg "$BENCH_TMP/wrk.txt" "${BENCH_LOAD_PIN[@]}" wrk -t1 -c"$conns" -d"${seconds}s" \
  -s "$here/run.lua" "http://127.0.0.1:$port/run" || bench_fail "wrk failed: $(cat "$BENCH_TMP/wrk.txt")"
result=$(sed -n 's/^WRK_RESULT //p' "$BENCH_TMP/wrk.txt")
requests=$(node -p 'const r = JSON.parse(process.argv[1]);
  if (r.non200 || r.bad_body) { console.error("bad responses: " + r.first_bad); process.exit(1); }
  r.requests' "$result") || bench_fail "the run had errors"
grep -E 'Requests/sec' "$BENCH_TMP/wrk.txt" || true

# SIGTERM: the engine exits through process.exit, which writes the profile.
kill -TERM "$engine_pid"
wait "$engine_pid" || true
profiles=("$BENCH_TMP"/prof/*.cpuprofile)
profile=${profiles[0]}
[[ -f "$profile" ]] || bench_fail "node wrote no .cpuprofile"
kept=$BENCH_OUT/engine-http-c$conns.cpuprofile
cp "$profile" "$kept"
node "$here/profile.js" "$kept" "$requests"
echo
echo "engine-http-profile: profile kept in ${kept#"$BENCH_ROOT"/}"
