#!/usr/bin/env bash
# `make demo`: the whole life of an action: traced in Node.js, compiled to native code, served natively, falling back;
# then an async action that calls `fetch`: its requests sent by the runtime, a fallback replaying them.
set -euo pipefail
cd "$(dirname "$0")/.."

action=tests/actions/hello.js
work=$(mktemp -d)
server_pid=""
backend_pid=""
cleanup() {
  local pid
  for pid in "$server_pid" "$backend_pid"; do
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$work"
}
fail() {
  echo "== Demo FAILED: $*" >&2
  exit 1
}
trap cleanup EXIT

echo "== Building the native parts (scripts/build.sh)"
scripts/build.sh

# Starts `bin/containerless serve --engine auto` on a free port (compiling after three traced
# activations), sets port, base and server_pid, and waits until it answers /metrics. $1 names it.
start_runtime() {
  port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  base="http://127.0.0.1:$port"
  echo
  echo "== Starting $1: bin/containerless serve --engine auto --port $port"
  echo "   (CONTAINERLESS_COMPILE_AFTER=3: compile the trace after three traced activations)"
  CONTAINERLESS_COMPILE_AFTER=3 CONTAINERLESS_LOG_FILE="$work/runtime.log" \
    bin/containerless serve --engine auto --port "$port" >"$work/stdout" 2>"$work/stderr" &
  server_pid=$!
  for _ in $(seq 1 200); do
    curl -s -o /dev/null "$base/metrics" 2>/dev/null && break
    sleep 0.05
  done
}

# Stops the runtime with SIGTERM and keeps its exit status in `status`.
stop_runtime() {
  kill -TERM "$server_pid"
  status=0
  wait "$server_pid" || status=$?
  server_pid=""
}

start_runtime "the runtime"

# Posts a JSON body and prints the reply with the engine that answered it (kept in reply_status,
# reply_engine and reply_body for the checks of part 2).
reply_status="" reply_engine="" reply_body=""
post() {
  local route=$1 body=$2
  echo "   POST /$route $body" | cut -c1-110
  curl -s -D "$work/headers" -o "$work/body" -X POST -H 'Content-Type: application/json' \
    --data-binary "$body" "$base/$route" || fail "POST /$route got no answer from the runtime at $base"
  local status engine
  status=$(head -1 "$work/headers" | cut -d' ' -f2)
  engine=$(grep -i '^X-Containerless-Engine:' "$work/headers" | tr -d '\r' | cut -d' ' -f2 || true)
  printf '   -> %s  [HTTP %s%s]\n' "$(cat "$work/body")" "$status" "${engine:+, engine $engine}"
  reply_status=$status reply_engine=$engine reply_body=$(cat "$work/body")
}
metric() {
  curl -s "$base/metrics" | grep -E "^$1 " | awk '{print $2}'
}

echo
echo "== /init with $action"
code=$(node -e 'process.stdout.write(JSON.stringify(require("fs").readFileSync(process.argv[1], "utf8")))' "$action")
post init "{\"value\":{\"name\":\"hello\",\"main\":\"main\",\"binary\":false,\"code\":$code}}"

echo
echo "== Three activations in Node.js, traced"
post run '{"value":{"name":"Ada","place":"London"},"activation_id":"demo-1"}'
post run '{"value":{"name":"Grace","place":"Arlington"},"activation_id":"demo-2"}'
post run '{"value":{"name":"Edsger","place":"Austin"},"activation_id":"demo-3"}'

echo
echo "== Compiling the trace to Rust and a shared library, off the request path"
for _ in $(seq 1 600); do
  [[ "$(metric containerless_native_ready)" == 1 ]] && break
  [[ "$(metric 'containerless_compilations_total\{result="failed"\}')" == 0 ]] || break
  sleep 0.1
done
grep -E 'compiled|native:|compil' "$work/runtime.log" | sed 's/^/   runtime log| /' || true
if [[ "$(metric containerless_native_ready)" != 1 ]]; then
  echo "== Demo FAILED: the handler did not become ready (see the runtime log above)" >&2
  exit 1
fi

echo
echo "== Activations on the path the trace has seen are answered natively"
post run '{"value":{"name":"Barbara","place":"Boston"},"activation_id":"demo-4"}'
post run '{"value":{"name":"Linus","place":"Helsinki"},"activation_id":"demo-5"}'

echo
echo "== A path no traced activation took (no place given) falls back to Node.js"
post run '{"value":{"name":"Margaret"},"activation_id":"demo-6"}'

echo
echo "== A bad request is answered, and the server keeps serving"
post run '{not json'
post run '{"value":{"name":"Ken","place":"Murray Hill"},"activation_id":"demo-7"}'

echo
echo "== Metrics"
curl -s "$base/metrics" | grep -E '^containerless_(activations_total|fallbacks_total|compilations_total|native_ready)' |
  sed 's/^/   /'
native=$(metric 'containerless_activations_total\{engine="native"\}')
fallbacks=$(metric containerless_fallbacks_total)

echo
echo "== Stopping the runtime (SIGTERM)"
stop_runtime
echo "   exit status $status"

echo
echo "== The activation logs (stdout, then stderr): the same lines whichever engine answered"
sed 's/^/   stdout| /' "$work/stdout"
sed 's/^/   stderr| /' "$work/stderr"

sentinels=$(grep -c '^XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX$' "$work/stdout" || true)
echo
if [[ $status -eq 0 && $sentinels -eq 7 && ${native:-0} -ge 2 && ${fallbacks:-0} -ge 1 ]]; then
  echo "== Part 1 finished: 7 activations ($native native, $fallbacks fallback), 7 sentinel pairs, clean exit."
  part1="7 activations ($native native, $fallbacks fallback)"
else
  echo "== Demo FAILED: exit $status, $sentinels sentinels (7 expected), $native native, $fallbacks fallbacks" >&2
  exit 1
fi

# Part 2: an async action that calls fetch. A native activation asks the runtime to send its
# requests; a fallback after a request replays the recorded response instead of sending it again.
echo
echo "== Part 2: an async action that calls fetch (tests/actions/users.js)"
action=tests/actions/users.js
rm -f "$work/stdout" "$work/stderr" "$work/runtime.log"
node tests/actions/users-backend.js "$work/backend.port" &
backend_pid=$!
for _ in $(seq 1 200); do
  [[ -s "$work/backend.port" ]] && break
  sleep 0.05
done
[[ -s "$work/backend.port" ]] || fail "the users backend (tests/actions/users-backend.js) did not start"
api="http://127.0.0.1:$(cat "$work/backend.port")"
echo "   A users backend (tests/actions/users-backend.js) listens at $api (GET /users/N)."
echo "   It tells who sent each request by its Host header: Node.js (undici) writes 'host',"
echo "   the runtime (libcurl) 'Host'."

start_runtime "a new runtime"

# Fails unless the last reply was HTTP 200 from ENGINE with exactly BODY.
expect() {
  local engine=$1 body=$2
  [[ "$reply_status" == 200 && "$reply_engine" == "$engine" && "$reply_body" == "$body" ]] ||
    fail "expected $body from the $engine engine (HTTP 200), got HTTP $reply_status from ${reply_engine:-no engine}: $reply_body"
}
# Prints who sent the backend's requests for PATH; fails unless it was exactly one, from SENDER.
backend_saw() {
  local path=$1 sender=$2 seen
  seen=$(curl -s "$api/requests" | node -e '
    let s = "";
    process.stdin.on("data", (d) => (s += d)).on("end", () => {
      console.log((JSON.parse(s)[process.argv[1]] || []).join(" "));
    });' "$path")
  local n who
  n=$(wc -w <<<"$seen")
  who=$(sed -e 's/ /, /g; s/runtime/the runtime/g; s/node/Node.js/g' <<<"$seen")
  echo "   backend| GET $path: $n request$([[ $n == 1 ]] || echo s), sent by ${who:-nobody}"
  [[ "$seen" == "$sender" ]] ||
    fail "the backend got $n request(s) for GET $path (senders: ${seen:-none}); expected exactly one, from $sender"
}
run_user() {
  post run "{\"value\":{\"api\":\"$api\",\"id\":$1},\"activation_id\":\"fetch-$1\"}"
}

echo
echo "== /init with $action"
code=$(node -e 'process.stdout.write(JSON.stringify(require("fs").readFileSync(process.argv[1], "utf8")))' "$action")
post init "{\"value\":{\"name\":\"users\",\"main\":\"main\",\"binary\":false,\"code\":$code}}"
[[ "$reply_status" == 200 ]] || fail "/init of $action answered HTTP $reply_status: $reply_body"

echo
echo "== Three activations in Node.js, traced: Node.js sends the requests"
run_user 1
expect node '{"id":1,"name":"Ada Lovelace","status":200}'
backend_saw /users/1 node
run_user 2
expect node '{"id":2,"name":"Grace Hopper","status":200}'
backend_saw /users/2 node
run_user 3
expect node '{"id":3,"name":"Edsger Dijkstra","status":200}'
backend_saw /users/3 node

echo
echo "== Compiling the trace (with its awaits and fetch) to Rust and a shared library"
for _ in $(seq 1 600); do
  [[ "$(metric containerless_native_ready)" == 1 ]] && break
  [[ "$(metric 'containerless_compilations_total\{result="failed"\}')" == 0 ]] || break
  sleep 0.1
done
grep -E 'compiled|native:|compil' "$work/runtime.log" | sed 's/^/   runtime log| /' || true
[[ "$(metric containerless_native_ready)" == 1 ]] ||
  fail "the handler of $action did not become ready (see the runtime log above)"

echo
echo "== Native answers: the handler's fetch is sent by the runtime, on its event loop"
run_user 4
expect native '{"id":4,"name":"Barbara Liskov","status":200}'
backend_saw /users/4 runtime
run_user 5
expect native '{"id":5,"name":"Linus Torvalds","status":200}'
backend_saw /users/5 runtime

echo
echo "== A user the backend does not know: a 404, a branch no traced activation took, AFTER the fetch."
echo "   The native attempt aborts after its request; Node.js replays the recorded response."
run_user 42
expect node '{"id":42,"error":"no such user","status":404}'
backend_saw /users/42 runtime
echo "   (the right answer, and no second request: Node.js got the recorded 404 from the runtime)"

echo
echo "== Metrics"
curl -s "$base/metrics" |
  grep -E '^containerless_(activations_total|fallbacks_total|native_aborts_by_reason_total\{reason="untraced"\}|compilations_total|native_ready)' |
  sed 's/^/   /'
native2=$(metric 'containerless_activations_total\{engine="native"\}')
fallbacks2=$(metric containerless_fallbacks_total)
untraced=$(metric 'containerless_native_aborts_by_reason_total\{reason="untraced"\}')
[[ "$native2" == 2 && "$fallbacks2" == 1 && "$untraced" == 1 ]] ||
  fail "expected 2 native activations, 1 fallback, 1 untraced abort; the metrics say $native2, $fallbacks2, $untraced"

echo
echo "== Stopping the runtime and the backend (SIGTERM)"
stop_runtime
kill -TERM "$backend_pid"
wait "$backend_pid" || true
backend_pid=""
echo "   runtime exit status $status"

echo
echo "== The activation logs (stdout, then stderr): one line per activation, whichever engine answered"
sed 's/^/   stdout| /' "$work/stdout"
sed 's/^/   stderr| /' "$work/stderr"

sentinels=$(grep -c '^XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX$' "$work/stdout" || true)
users=$(grep -c '^user ' "$work/stdout" || true)
missing=$(grep -c '^no user 42$' "$work/stdout" || true)
echo
[[ $status -eq 0 && $sentinels -eq 6 && $users -eq 5 && $missing -eq 1 ]] ||
  fail "part 2: exit $status, $sentinels sentinels (6 expected), $users 'user' lines (5 expected), $missing 'no user 42' lines (1 expected)"
echo "== Part 2 finished: 6 activations (2 native with the runtime's fetch, 1 fallback replaying its fetch),"
echo "   one backend request per activation, 6 sentinel pairs, clean exit."
echo
echo "== Demo finished: part 1, $part1; part 2, the async fetch action native and replayed; both runtimes exited cleanly."
