#!/usr/bin/env bash
# floor.sh: how far below the Node engine's CPU cost per hello request any server on this machine
# can go (issue #5's 5x target). Measures, interleaved, server CPU µs per request and req/s at 32
# keep-alive connections (wrk with run.lua's check of every reply, as the native-http rows) of:
#   floor_uv     a libuv server answering every read with the runtime's exact hello reply bytes
#   floor_epoll  the same on a bare epoll loop (what libuv itself costs)
#   runtime      serve --engine auto once hello is native
#   node         serve --engine node
# Usage: tests/bench/native-http/floor.sh   (BENCH_RUNS rounds, default 5; BENCH_SECONDS, default 2)
# Prints each run and the medians; node / X is the ratio the 5x target is about, bounded by
# node / floor whatever a server does.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
rounds=${BENCH_RUNS:-5}
secs=${BENCH_SECONDS:-2}
for cmd in wrk cc node curl taskset; do command -v $cmd >/dev/null || { echo "floor.sh: $cmd is missing" >&2; exit 1; }; done
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
cc -O2 -o "$tmp/floor_uv" "$here/floor_uv.c" -luv
cc -O2 -o "$tmp/floor_epoll" "$here/floor_epoll.c"
cpus=$(nproc)
server=(taskset -c $((cpus - 2))) load=(taskset -c $((cpus - 1)))
free_port() { node -e 'const s=require("node:net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
declare -A port pid
start() { # NAME COMMAND...
  local name=$1
  shift
  port[$name]=$(free_port)
  "${server[@]}" "$@" "${port[$name]}" >/dev/null 2>&1 &
  pid[$name]=$!
  pids+=($!)
}
# taskset execs env, which execs the serve front, which execs the runtime: one pid to measure.
start floor_uv "$tmp/floor_uv"
start floor_epoll "$tmp/floor_epoll"
start runtime env CONTAINERLESS_COMPILE_AFTER=3 __OW_ALLOW_CONCURRENT=true "$repo/bin/containerless" serve --engine auto --port
start node env __OW_ALLOW_CONCURRENT=true "$repo/bin/containerless" serve --engine node --port
export BENCH_BODY='{"value":{"name":"bench"}}' BENCH_EXPECT='{"payload":"Hello, bench!"}'
init=$(node -e 'const fs=require("fs");console.log(JSON.stringify({value:{name:"bench",main:"main",binary:false,code:fs.readFileSync(process.argv[1],"utf8")}}))' "$here/hello.js")
post() { curl -s -D - -o /dev/null -XPOST -H 'Content-Type: application/json' --data-binary "$2" "http://127.0.0.1:${port[$1]}$3"; }
for name in runtime node; do
  for _ in $(seq 100); do post "$name" "$init" /init 2>/dev/null | grep -q '^HTTP/1.1 200' && break; sleep 0.1; done
done
for _ in $(seq 100); do
  post runtime "$BENCH_BODY" /run | tr -d '\r' | grep -qi '^X-Containerless-Engine: native' && break
  sleep 0.2
done
# Warm-up (V8's JIT, caches): one second each, not counted.
for name in floor_uv floor_epoll runtime node; do
  engine=native
  [[ $name == node ]] && engine=""
  BENCH_ENGINE=$engine "${load[@]}" wrk -t1 -c32 -d1s -s "$here/run.lua" "http://127.0.0.1:${port[$name]}/run" >/dev/null
done
hz=$(getconf CLK_TCK)
export RUNS=$tmp/runs
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
: >"$RUNS"
for round in $(seq "$rounds"); do
  for name in floor_uv floor_epoll runtime node; do
    engine=native
    [[ $name == node ]] && engine=""
    t0=$(ticks "${pid[$name]}")
    result=$(BENCH_ENGINE=$engine "${load[@]}" wrk -t1 -c32 -d"${secs}s" --timeout 5s -s "$here/run.lua" \
      "http://127.0.0.1:${port[$name]}/run" | sed -n 's/^WRK_RESULT //p')
    t1=$(ticks "${pid[$name]}")
    echo "$result" | node -e '
      let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
        const j = JSON.parse(s), [name, ticks, hz, round] = process.argv.slice(1);
        const bad = j.non200 + j.bad_body + j.bad_engine + j.no_content_length;
        if (bad > 0) { console.error(`floor.sh: ${name}: ${bad} bad replies: ${j.first_bad}`); process.exit(1); }
        const line = { name, rps: j.requests / (j.duration_us / 1e6), us: (ticks / hz) * 1e6 / j.requests };
        console.log(`round ${round}  ${name.padEnd(12)} ${Math.round(line.rps).toString().padStart(7)} req/s  ${line.us.toFixed(2).padStart(6)} us/req`);
        require("fs").appendFileSync(process.env.RUNS, JSON.stringify(line) + "\n");
      });' "$name" $((t1 - t0)) "$hz" "$round"
  done
done
node -e '
  const runs = require("fs").readFileSync(process.env.RUNS, "utf8").trim().split("\n").map(JSON.parse);
  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
  const us = {};
  for (const name of ["floor_uv", "floor_epoll", "runtime", "node"]) us[name] = median(runs.filter((r) => r.name === name).map((r) => r.us));
  console.log("medians, server CPU us per request: " + Object.entries(us).map(([n, v]) => `${n} ${v.toFixed(2)}`).join(", "));
  console.log(`node / runtime ${(us.node / us.runtime).toFixed(2)}x; node / floor_uv ${(us.node / us.floor_uv).toFixed(2)}x; node / floor_epoll ${(us.node / us.floor_epoll).toFixed(2)}x (the most any server can reach here)`);
'
