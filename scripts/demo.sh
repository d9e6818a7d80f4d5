#!/usr/bin/env bash
# `make demo`: starts the runtime on the bundled example action, runs a few activations, stops it cleanly.
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

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
base="http://127.0.0.1:$port"

echo "== Starting the runtime: bin/containerless serve --engine node --port $port"
bin/containerless serve --engine node --port "$port" >"$work/stdout" 2>"$work/stderr" &
server_pid=$!
for _ in $(seq 1 100); do
  curl -s -o /dev/null "$base/" 2>/dev/null && break
  sleep 0.05
done

post() {
  local route=$1 body=$2
  echo "   POST /$route $body" | cut -c1-110
  printf '   -> '
  curl -s -w '  [HTTP %{http_code}]\n' -X POST -H 'Content-Type: application/json' --data-binary "$body" "$base/$route"
}

echo
echo "== /init with $action"
code=$(node -e 'process.stdout.write(JSON.stringify(require("fs").readFileSync(process.argv[1], "utf8")))' "$action")
post init "{\"value\":{\"name\":\"hello\",\"main\":\"main\",\"binary\":false,\"code\":$code}}"

echo
echo "== /run, three activations"
post run '{"value":{"name":"Ada","place":"London"},"activation_id":"demo-1"}'
post run '{"value":{"name":"Grace"},"activation_id":"demo-2"}'
post run '{"value":{},"activation_id":"demo-3"}'

echo
echo "== A bad request is answered, and the server keeps serving"
post run '{not json'
post run '{"value":{"name":"Linus","place":"Helsinki"},"activation_id":"demo-4"}'

echo
echo "== Stopping the runtime (SIGTERM)"
kill -TERM "$server_pid"
status=0
wait "$server_pid" || status=$?
server_pid=""
echo "   exit status $status"

echo
echo "== The activation logs the runtime wrote (stdout, then stderr)"
sed 's/^/   stdout| /' "$work/stdout"
sed 's/^/   stderr| /' "$work/stderr"

sentinels=$(grep -c '^XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX$' "$work/stdout" || true)
echo
if [[ $status -eq 0 && $sentinels -eq 4 ]]; then
  echo "== Demo finished: 4 activations, 4 sentinel pairs, clean exit."
else
  echo "== Demo FAILED: exit status $status, $sentinels stdout sentinels (expected 0 and 4)" >&2
  exit 1
fi
