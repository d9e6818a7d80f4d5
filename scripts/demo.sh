#!/usr/bin/env bash
# `make demo`: the whole life of an action: traced in Node.js, compiled to native code, served natively, falling back.
set -euo pipefail
cd "$(dirname "$0")/.."

action=tests/actions/hello.js
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== Building the native parts (scripts/build.sh)"
scripts/build.sh

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
base="http://127.0.0.1:$port"

echo
echo "== Starting the runtime: bin/containerless serve --engine auto --port $port"
echo "   (CONTAINERLESS_COMPILE_AFTER=3: compile the trace after three traced activations)"
CONTAINERLESS_COMPILE_AFTER=3 CONTAINERLESS_LOG_FILE="$work/runtime.log" \
  bin/containerless serve --engine auto --port "$port" >"$work/stdout" 2>"$work/stderr" &
server_pid=$!
for _ in $(seq 1 200); do
  curl -s -o /dev/null "$base/metrics" 2>/dev/null && break
  sleep 0.05
done

# Posts a JSON body and prints the reply with the engine that answered it.
post() {
  local route=$1 body=$2
  echo "   POST /$route $body" | cut -c1-110
  curl -s -D "$work/headers" -o "$work/body" -X POST -H 'Content-Type: application/json' \
    --data-binary "$body" "$base/$route"
  local status engine
  status=$(head -1 "$work/headers" | cut -d' ' -f2)
  engine=$(grep -i '^X-Containerless-Engine:' "$work/headers" | tr -d '\r' | cut -d' ' -f2 || true)
  printf '   -> %s  [HTTP %s%s]\n' "$(cat "$work/body")" "$status" "${engine:+, engine $engine}"
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
kill -TERM "$server_pid"
status=0
wait "$server_pid" || status=$?
server_pid=""
echo "   exit status $status"

echo
echo "== The activation logs (stdout, then stderr): the same lines whichever engine answered"
sed 's/^/   stdout| /' "$work/stdout"
sed 's/^/   stderr| /' "$work/stderr"

sentinels=$(grep -c '^XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX$' "$work/stdout" || true)
echo
if [[ $status -eq 0 && $sentinels -eq 7 && ${native:-0} -ge 2 && ${fallbacks:-0} -ge 1 ]]; then
  echo "== Demo finished: 7 activations ($native native, $fallbacks fallback), 7 sentinel pairs, clean exit."
else
  echo "== Demo FAILED: exit $status, $sentinels sentinels (7 expected), $native native, $fallbacks fallbacks" >&2
  exit 1
fi
