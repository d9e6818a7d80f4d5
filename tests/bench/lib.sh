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
