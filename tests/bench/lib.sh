# shellcheck shell=bash disable=SC2034  # the BENCH_* globals are read by the benchmarks
# Helpers shared by the benchmarks under tests/bench/ (source it from a benchmark's run.sh).
#
# What it gives a benchmark:
#   bench_init NAME         sets BENCH_ROOT, BENCH_OUT (build/bench), BENCH_TMP (a fresh temporary
#                           folder, removed at exit unless bench_keep_tmp was called), and installs
#                           the EXIT/INT/TERM traps that stop every server this benchmark started.
#   bench_fail MESSAGE      prints "NAME: FAILED: MESSAGE", keeps BENCH_TMP for inspection, exits 1.
#   bench_require CMD...    fails unless every command is on PATH.
#   bench_cpus              sets the arrays BENCH_SERVER_PIN and BENCH_LOAD_PIN, command prefixes
#                           that pin to the server's and to the load generator's core ("taskset -c N",
#                           or nothing when taskset is missing or there is one core), and
#                           BENCH_PINNING, a description to print.
#   bench_free_port         prints a TCP port that is free on 127.0.0.1 right now.
#   bench_start LOG CMD...  starts CMD (an executable, not a shell function, so that the pid is the
#                           server's own) in the background, stdout to LOG.out and stderr to LOG.err,
#                           remembers its pid for cleanup, and sets BENCH_PID.
#   bench_wait_port PID PORT LOG
#                           waits (10 s at most) until 127.0.0.1:PORT accepts connections; fails
#                           with the server's stderr when the process died or never listened.
#   bench_run_bg OUT CMD... runs CMD in the background with stdout and stderr to the file OUT, and
#                           waits for it, so that Ctrl-C and SIGTERM are acted on at once (and CMD is
#                           stopped too); returns CMD's exit status.
#   bench_load SERVER OUT TOOL WHAT CMD...
#                           bench_run_bg on the load generator's core, failing when CMD failed or
#                           the server died meanwhile.
#   Servers by name (the caller's associative arrays port, log, pid): bench_serve NAME ENV... --
#   ARGS... starts bin/containerless serve; bench_init_server waits for it and sends /init;
#   bench_post and bench_metric talk to it; bench_until_native sends /run until it is native;
#   bench_only_sentinels checks that it printed nothing but sentinels. Also bench_whole (wrk's
#   whole seconds) and bench_init_json (the /init body of an action file).
#
# Conventions for a benchmark (see docs/benchmarks.md): print a table on stdout, write its raw
# figures to $BENCH_OUT/NAME.json, exit 0 when it measured (whether targets were met or not) and
# non-zero only when the measurement itself failed.

BENCH_NAME=${BENCH_NAME:-bench}
BENCH_PIDS=()
BENCH_BG_PID=""
BENCH_KEEP_TMP=0

bench_init() {
  BENCH_NAME=$1
  BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  BENCH_OUT=${BENCH_OUT:-$BENCH_ROOT/build/bench}
  mkdir -p "$BENCH_OUT"
  BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/containerless-bench-$BENCH_NAME.XXXXXX")
  trap bench_cleanup EXIT
  trap 'echo "$BENCH_NAME: interrupted" >&2; exit 130' INT
  trap 'echo "$BENCH_NAME: terminated" >&2; exit 143' TERM
}

bench_cleanup() {
  local status=$?
  trap - EXIT INT TERM
  # Only our own children that are still running: a pid that exited may have been reused.
  local running pid
  running=" $(jobs -pr | tr '\n' ' ') "
  local mine=()
  for pid in "${BENCH_PIDS[@]}" $BENCH_BG_PID; do
    [[ "$running" == *" $pid "* ]] && mine+=("$pid")
  done
  for pid in "${mine[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  # Give them a moment to exit cleanly, then make sure.
  local i
  for i in 1 2 3 4 5 6 7 8 9 10; do
    local alive=0
    for pid in "${mine[@]}"; do
      kill -0 "$pid" 2>/dev/null && alive=1
    done
    ((alive)) || break
    sleep 0.1
  done
  for pid in "${mine[@]}"; do
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ -n "${BENCH_TMP:-}" && -d "$BENCH_TMP" ]]; then
    if ((BENCH_KEEP_TMP)); then
      echo "$BENCH_NAME: server logs and raw wrk output kept in $BENCH_TMP" >&2
    else
      rm -rf "$BENCH_TMP"
    fi
  fi
  exit "$status"
}

bench_keep_tmp() {
  BENCH_KEEP_TMP=1
}

bench_fail() {
  echo "$BENCH_NAME: FAILED: $*" >&2
  bench_keep_tmp
  exit 1
}

bench_require() {
  local cmd
  for cmd in "$@"; do
    command -v "$cmd" >/dev/null 2>&1 || bench_fail "$cmd is not installed (run 'make bench', which installs it)"
  done
}

bench_cpus() {
  BENCH_SERVER_PIN=()
  BENCH_LOAD_PIN=()
  BENCH_PINNING="not pinned (taskset missing or fewer than 2 cores): figures are noisier"
  command -v taskset >/dev/null 2>&1 || return 0
  # The cores this process may use, expanded from taskset's list ("0-1", "0,2-3").
  local cpus list=() parts=() part a b c
  cpus=$(taskset -pc $$ 2>/dev/null | sed 's/.*: //')
  IFS=',' read -ra parts <<<"$cpus"
  for part in "${parts[@]}"; do
    if [[ "$part" == *-* ]]; then
      a=${part%-*}
      b=${part#*-}
      for ((c = a; c <= b; c++)); do list+=("$c"); done
    elif [[ -n "$part" ]]; then
      list+=("$part")
    fi
  done
  ((${#list[@]} >= 2)) || return 0
  # The last two: the server on one, the load generator on the other.
  BENCH_SERVER_PIN=(taskset -c "${list[-2]}")
  BENCH_LOAD_PIN=(taskset -c "${list[-1]}")
  BENCH_PINNING="server on cpu ${list[-2]}, load generator on cpu ${list[-1]} (taskset)"
}

bench_free_port() {
  node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

bench_start() {
  local log=$1
  shift
  "$@" >"$log.out" 2>"$log.err" &
  BENCH_PID=$!
  BENCH_PIDS+=("$BENCH_PID")
}

bench_wait_port() {
  local pid=$1 port=$2 log=$3 i
  for ((i = 0; i < 200; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "--- stderr of the server:" >&2
      tail -n 30 "$log.err" >&2
      bench_fail "the server (pid $pid) exited before listening on port $port"
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    sleep 0.05
  done
  tail -n 30 "$log.err" >&2
  bench_fail "the server (pid $pid) did not listen on port $port within 10 s"
}

bench_run_bg() {
  local out=$1
  shift
  "$@" >"$out" 2>&1 &
  BENCH_BG_PID=$!
  local status=0
  wait "$BENCH_BG_PID" || status=$?
  BENCH_BG_PID=""
  return "$status"
}

# --- Counting what a server did: its log lines and its CPU time.

bench_lines() { # FILE -> number of lines
  local n
  n=$(wc -l <"$1")
  echo "${n// /}"
}

BENCH_CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)

bench_cpu_ticks() { # PID -> user + system CPU time of the process (all its threads), in clock ticks
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || {
    echo 0
    return
  }
  stat=${stat##*) }
  awk '{ print $12 + $13 }' <<<"$stat"
}

bench_tree_pids() { # PID -> PID and all its descendants
  local p=$1 c
  echo "$p"
  for c in $(pgrep -P "$p" || true); do bench_tree_pids "$c"; done
}

bench_cpu_ticks_tree() { # PID -> user + system CPU ticks of PID and its descendants alive now
  local total=0 p
  for p in $(bench_tree_pids "$1"); do total=$((total + $(bench_cpu_ticks "$p"))); done
  echo "$total"
}

# A server may still be finishing the requests wrk cut at the end: waits (2 s at most) until its
# stdout and stderr logs stop growing and hold as many lines as each other (one sentinel each).
bench_wait_logs_settled() { # OUT-FILE ERR-FILE
  local prev=-1 out err i
  for ((i = 0; i < 40; i++)); do
    out=$(bench_lines "$1")
    err=$(bench_lines "$2")
    [[ "$out" == "$prev" && "$out" == "$err" ]] && return 0
    prev=$out
    sleep 0.05
  done
}

# --- Servers by name, for the benchmarks that run several `bin/containerless serve` side by side.
# These use the caller's associative arrays (declare -A port log pid): port[NAME], log[NAME] (the
# prefix of its .out and .err files) and pid[NAME].

bench_whole() { # SECONDS -> whole seconds, at least 1 (wrk takes whole seconds: fractions round up)
  awk -v s="$1" 'BEGIN { n = int(s); if (n < s) n++; if (n < 1) n = 1; print n }'
}

bench_init_json() { # ACTION-FILE [NAME] -> the /init body of that action (name "bench" by default)
  node -e 'const fs = require("node:fs");
    process.stdout.write(JSON.stringify({ value: { name: process.argv[2], main: "main", binary: false, code: fs.readFileSync(process.argv[1], "utf8") } }));' \
    "$1" "${2:-bench}"
}

bench_post() { # NAME PATH BODY-ARG... -> " STATUS ENGINE BODY" (ENGINE: X-Containerless-Engine, or -)
  local s=$1 p=$2
  shift 2
  curl -sS --max-time 10 -D "$BENCH_TMP/curl.head" -o "$BENCH_TMP/curl.body" -w '%{http_code}' -XPOST \
    -H 'Content-Type: application/json' "$@" "http://127.0.0.1:${port[$s]}$p" || bench_fail "curl POST $p on $s failed"
  local engine
  engine=$(tr -d '\r' <"$BENCH_TMP/curl.head" | sed -n 's/^[Xx]-[Cc]ontainerless-[Ee]ngine: //p')
  printf ' %s %s' "${engine:--}" "$(cat "$BENCH_TMP/curl.body")"
}

bench_metric() { # NAME SERIES -> the value of that series of its /metrics (whole line match)
  curl -sS --max-time 10 "http://127.0.0.1:${port[$1]}/metrics" | awk -v n="$2" '$1 == n { print $2 }'
}

# shellcheck disable=SC2004  # port, log and pid are the caller's associative arrays, not indexed ones
bench_serve() { # NAME ENV-ASSIGNMENTS... -- ARGS...: starts bin/containerless serve ARGS on the server core
  local name=$1
  shift
  local envs=()
  while [[ $1 != -- ]]; do
    envs+=("$1")
    shift
  done
  shift
  port[$name]=$(bench_free_port)
  log[$name]=$BENCH_TMP/$name
  bench_start "${log[$name]}" env "${envs[@]}" "${BENCH_SERVER_PIN[@]}" \
    bin/containerless serve --host 127.0.0.1 --port "${port[$name]}" "$@"
  pid[$name]=$BENCH_PID
}

bench_init_server() { # NAME INIT-FILE: waits until it listens, then /init, which must answer 200 {"OK":true}
  bench_wait_port "${pid[$1]}" "${port[$1]}" "${log[$1]}"
  local got
  got=$(bench_post "$1" /init --data-binary "@$2")
  [[ "$got" == *' {"OK":true}' && "$got" == 200* ]] || bench_fail "/init of $1 answered: $got"
}

# NAME BODY EXPECT [TRIES [PAUSE]]: /run (at most TRIES times, default 300, PAUSE seconds apart after
# the first three, default 0.05) until containerless_native_ready is 1, then checks a native reply.
bench_until_native() {
  local name=$1 body=$2 expect=$3 tries=${4:-300} pause=${5:-0.05} i got
  for ((i = 0; i < tries; i++)); do
    [[ "$(bench_metric "$name" containerless_native_ready)" == 1 ]] && break
    got=$(bench_post "$name" /run --data-binary "$body")
    [[ "$got" == "200 "*" $expect" ]] || bench_fail "/run of $name answered: $got"
    ((i < 3)) || sleep "$pause"
  done
  [[ "$(bench_metric "$name" containerless_native_ready)" == 1 ]] || bench_fail "$name did not turn native (containerless_native_ready stayed 0; event log: $(tail -n 5 "${log[$name]}.events" 2>/dev/null))"
  got=$(bench_post "$name" /run --data-binary "$body")
  [[ "$got" == "200 native $expect" ]] || bench_fail "$name is native but /run answered: $got"
}

bench_only_sentinels() { # NAME...: fails unless every line each server printed is a sentinel
  local name stream stray
  for name in "$@"; do
    for stream in out err; do
      stray=$(grep -v -m 3 -x -F XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX "${log[$name]}.$stream" || true)
      if [[ -n "$stray" ]]; then
        printf '%s\n' "$stray" >&2
        bench_fail "$name printed something other than sentinels on std$stream"
      fi
    done
  done
}

# SERVER OUT TOOL WHAT CMD...: runs the load generator CMD on its core (bench_run_bg, output to OUT),
# then fails when it exited non-zero ("TOOL exited with status N (WHAT)", with its output) or when
# server SERVER (the caller's arrays pid and log) died meanwhile (with its stderr).
bench_load() {
  local server=$1 out=$2 tool=$3 what=$4 status=0
  shift 4
  bench_run_bg "$out" "${BENCH_LOAD_PIN[@]}" "$@" || status=$?
  if ((status != 0)); then
    cat "$out" >&2
    bench_fail "$tool exited with status $status ($what)"
  fi
  kill -0 "${pid[$server]}" 2>/dev/null || {
    tail -n 30 "${log[$server]}.err" >&2
    bench_fail "$server died during the run"
  }
}
