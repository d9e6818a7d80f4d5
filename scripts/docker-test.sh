#!/usr/bin/env bash
# Builds the nodejs:containerless image (docker/Dockerfile) on this machine and drives it over HTTP.
#
# Usage: scripts/docker-test.sh            (make docker-test)
#
# 1. Installs docker.io and debootstrap when missing, starts dockerd when none is running (and
#    stops it at the end in that case).
# 2. Builds a local stand-in for node:20-bookworm-slim once (no registry is needed): a bookworm
#    root file system from Debian's mirror (debootstrap), with this machine's Node.js (20 or later)
#    copied to /usr/local as the official node images have it. Skipped when the image exists.
# 3. Builds the product image on it (--build-arg BASE_IMAGE=<local base>).
# 4. Runs one container per action, port 8080 published on 127.0.0.1 only: a hello action, the
#    standard OpenWhisk unicode action, an action that requires openwhisk, a zip action. Checks
#    each answer and exactly one sentinel pair per activation on each stream (docker logs).
# Prints the image size, the build times and the time from `docker run` to the first /init
# answered. Exits non-zero on the first failure, after removing its containers.
#
# Settings (environment):
#   CONTAINERLESS_IMAGE       the image to build and test      containerless/action-nodejs-containerless:dev
#   CONTAINERLESS_LOCAL_BASE  the local base image              containerless-local/node20-bookworm-slim:latest
#   NATIVE_BUILD              the Dockerfile's NATIVE_BUILD     auto
#   ENGINE                    the Dockerfile's ENGINE: node, or auto (then also checks that the
#                             image compiles an action, answers natively, and that the native
#                             fetch finds libcurl in the image)                    auto
#   DEBIAN_MIRROR             debootstrap's mirror              http://deb.debian.org/debian
#   DOCKER                    the docker client                 /usr/bin/docker (Debian's, as dockerd), else docker
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

engine=${ENGINE:-auto}
[[ "$engine" == node || "$engine" == auto ]] || { echo "docker-test: ENGINE must be node or auto" >&2; exit 2; }
default_image=containerless/action-nodejs-containerless:dev
[[ "$engine" == auto ]] || default_image+="-$engine"
image=${CONTAINERLESS_IMAGE:-$default_image}
base=${CONTAINERLESS_LOCAL_BASE:-containerless-local/node20-bookworm-slim:latest}
native_build=${NATIVE_BUILD:-auto}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
sentinel=XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX

say() { echo "docker-test: $*"; }
fail() {
  echo "docker-test: FAIL: $*" >&2
  exit 1
}
now_ms() { date +%s%3N; }
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"

# --- cleanup ----------------------------------------------------------------------------------
work=$(mktemp -d /tmp/cl-docker-test.XXXXXX)
containers=()
dockerd_pid=""
cleanup() {
  local status=$?
  for c in "${containers[@]}"; do
    "$DOCKER" rm -f "$c" >/dev/null 2>&1 || true
  done
  if [[ -n "$dockerd_pid" ]]; then
    say "stopping the dockerd it started (pid $dockerd_pid)"
    $sudo kill "$dockerd_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do $sudo kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  # A debootstrap root left by an interrupted base build holds device nodes: remove it as root.
  $sudo rm -rf "$work"
  ((status == 0)) || say "failed (exit status $status)"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 1. tools and daemon --------------------------------------------------------------------------
need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v zip >/dev/null 2>&1 || need+=(zip)
if ((${#need[@]} > 0)); then
  say "installing Debian packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >"$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; fail "apt-get update failed"; }
  $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >"$work/apt.log" 2>&1 ||
    { cat "$work/apt.log" >&2; fail "apt-get install failed for: ${need[*]}"; }
fi
# The client that matches the daemon: Debian's, even when another docker is earlier on PATH.
if [[ -z "${DOCKER:-}" ]]; then
  if [[ -x /usr/bin/docker ]]; then DOCKER=/usr/bin/docker; else DOCKER=docker; fi
fi
# Whoever runs this needs the daemon's socket: root, or the docker group.
if ! $DOCKER info >/dev/null 2>&1; then
  if [[ -S /var/run/docker.sock ]] && pgrep -x dockerd >/dev/null 2>&1; then
    fail "dockerd runs but '$DOCKER info' fails: run as root or as a member of the docker group"
  fi
  say "starting dockerd (nice 10; no iptables rules: containers get no route out)"
  # No NAT, no firewall changes on a shared machine: a container reaches nothing but what is
  # published to it. Builds that need the package mirror and the npm registry use --network host.
  $sudo nice -n 10 dockerd --iptables=false --ip-masq=false >"$work/dockerd.log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 1 300); do
    $DOCKER info >/dev/null 2>&1 && break
    kill -0 "$dockerd_pid" 2>/dev/null || { cat "$work/dockerd.log" >&2; fail "dockerd exited"; }
    sleep 0.1
  done
  $DOCKER info >/dev/null 2>&1 || { tail -20 "$work/dockerd.log" >&2; fail "dockerd did not answer within 30 s"; }
fi

# --- 2. the local base image ----------------------------------------------------------------------
if $DOCKER image inspect "$base" >/dev/null 2>&1; then
  say "local base image $base exists (cached)"
else
  node_bin=$(command -v node) || fail "node is not installed (scripts/bootstrap.sh installs it)"
  node_bin=$(readlink -f "$node_bin")
  node_major=$("$node_bin" -p 'process.versions.node.split(".")[0]')
  ((node_major >= 20)) || fail "the local base needs Node.js 20 or later on this machine (found $("$node_bin" --version))"
  node_prefix=$(cd "$(dirname "$node_bin")/.." && pwd)
  npm_dir=$node_prefix/lib/node_modules/npm
  [[ -f "$npm_dir/bin/npm-cli.js" ]] || fail "npm is not at $npm_dir"
  [[ -f "$node_prefix/include/node/node.h" ]] || fail "the Node.js headers are not at $node_prefix/include/node"
  say "building the local base image $base: debootstrap bookworm from $mirror (minutes, once)"
  t0=$(now_ms)
  root=$work/rootfs
  $sudo nice -n 10 debootstrap --variant=minbase bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -30 "$work/debootstrap.log" >&2; fail "debootstrap failed (log above)"; }
  # The package sources of Debian's own bookworm image, security updates included.
  $sudo rm -f "$root/etc/apt/sources.list"
  $sudo tee "$root/etc/apt/sources.list.d/debian.sources" >/dev/null <<EOF
Types: deb
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${mirror%/debian}/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  # Node.js where the official node images keep it: /usr/local/{bin,lib/node_modules,include}.
  $sudo install -m 0755 "$node_bin" "$root/usr/local/bin/node"
  $sudo mkdir -p "$root/usr/local/lib/node_modules" "$root/usr/local/include"
  $sudo cp -a "$npm_dir" "$root/usr/local/lib/node_modules/npm"
  $sudo cp -a "$node_prefix/include/node" "$root/usr/local/include/node"
  $sudo ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  $sudo ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  # This machine reaches the npm registry through its own certificate authorities; the stand-in
  # base trusts them as the host does (the official image needs nothing of the kind).
  extra_ca=()
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    $sudo mkdir -p "$root/usr/local/share/ca-certificates"
    $sudo cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
    $sudo cat /usr/local/share/ca-certificates/*.crt | $sudo tee "$root/usr/local/share/host-ca.pem" >/dev/null
    extra_ca=(--change "ENV NODE_EXTRA_CA_CERTS=/usr/local/share/host-ca.pem")
  fi
  $sudo rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
  "$root/usr/local/bin/node" --version >/dev/null 2>&1 || true
  $sudo tar -C "$root" -c . | $DOCKER import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV NODE_VERSION='"$("$node_bin" --version | tr -d v)" \
    "${extra_ca[@]}" \
    --change 'CMD ["node"]' - "$base" >/dev/null || fail "docker import failed"
  $sudo rm -rf "$root"
  $DOCKER run --rm --network none "$base" node -e 'require("assert")(process.versions.node)' ||
    fail "the local base image cannot run node"
  say "local base image built in $((($(now_ms) - t0) / 1000)) s"
fi

# --- 3. the product image -------------------------------------------------------------------------
say "building $image (BASE_IMAGE=$base, NATIVE_BUILD=$native_build, ENGINE=$engine; log: docker build output below on failure)"
t0=$(now_ms)
# The legacy builder resolves FROM against local images only, never a registry.
if ! DOCKER_BUILDKIT=0 nice -n 10 "$DOCKER" build --network host \
  -f docker/Dockerfile --build-arg BASE_IMAGE="$base" --build-arg NATIVE_BUILD="$native_build" \
  --build-arg ENGINE="$engine" -t "$image" . >"$work/build.log" 2>&1; then
  tail -60 "$work/build.log" >&2
  fail "docker build failed (last lines above)"
fi
build_s=$(((($(now_ms) - t0) + 500) / 1000))
# The classic builder leaves each build's intermediate stages as untagged images (the builder
# stage is ~1.4 GB): drop those of earlier builds, keep this build's, the next build's cache.
$DOCKER image prune -f --filter label=io.containerless.stage --filter "until=$((t0 / 1000))" >/dev/null || true
grep -E "^(image: |runtime libraries from:|WARNING: scripts/build.sh)" "$work/build.log" | sed 's/^/docker-test:   /' || true
size=$($DOCKER image inspect -f '{{.Size}}' "$image")
base_size=$($DOCKER image inspect -f '{{.Size}}' "$base")
status=$($DOCKER run --rm --network none --entrypoint cat "$image" /nodejsAction/docker/build-status.txt)
say "built in ${build_s} s; image size $((size / 1000000)) MB (base $((base_size / 1000000)) MB); $status"

# --- 4. the actions -------------------------------------------------------------------------------
# Starts a container, times docker run -> first /init answered, and prints its published port.
# Usage: start NAME INIT_BODY_FILE [docker run options]; sets $port and $init_reply.
start() {
  local name=$1 body=$2 t0 t1
  shift 2
  $DOCKER rm -f "$name" >/dev/null 2>&1 || true
  t0=$(now_ms)
  containers+=("$name")
  $DOCKER run -d --name "$name" -p 127.0.0.1::8080 "$@" "$image" >/dev/null || fail "$name: docker run failed"
  port=$($DOCKER port "$name" 8080/tcp | head -1 | sed 's/.*://')
  [[ -n "$port" ]] || fail "$name: no published port"
  for _ in $(seq 1 1000); do
    if init_reply=$(curl -s --max-time 5 -XPOST "http://127.0.0.1:$port/init" \
      -H 'Content-Type: application/json' --data-binary "@$body" -w '\n%{http_code}' 2>/dev/null) &&
      [[ "${init_reply##*$'\n'}" != 000 ]]; then
      t1=$(now_ms)
      say "$name: docker run -> first /init answered: $((t1 - t0)) ms"
      echo "$name $((t1 - t0))" >>"$work/init-times"
      return 0
    fi
    if [[ "$($DOCKER inspect -f '{{.State.Running}}' "$name")" != true ]]; then
      $DOCKER logs "$name" >&2 || true
      fail "$name: the container exited"
    fi
    sleep 0.02
  done
  fail "$name: /init not answered within ~30 s"
}

# Checks a reply "BODY\nSTATUS" against an expected status and body.
expect() {
  local what=$1 reply=$2 want_status=$3 want_body=$4
  local got_status=${reply##*$'\n'} got_body=${reply%$'\n'*}
  [[ "$got_status" == "$want_status" && "$got_body" == "$want_body" ]] ||
    fail "$what: expected $want_status $want_body, got $got_status $got_body"
}

run() {
  curl -s --max-time 10 -XPOST "http://127.0.0.1:$port/run" -H 'Content-Type: application/json' \
    --data-binary "$1" -w '\n%{http_code}'
}

# Checks that stdout and stderr each hold exactly N sentinels and the expected log line before
# each, waiting briefly for docker's log copier.
expect_logs() {
  local name=$1 n=$2 line=$3 out err
  for _ in $(seq 1 100); do
    out=$($DOCKER logs "$name" 2>/dev/null)
    err=$($DOCKER logs "$name" 2>&1 >/dev/null)
    (($(grep -c "^$sentinel\$" <<<"$out") >= n && $(grep -c "^$sentinel\$" <<<"$err") >= n)) && break
    sleep 0.05
  done
  sleep 0.2 # anything written after the last sentinel would show up now
  out=$($DOCKER logs "$name" 2>/dev/null)
  err=$($DOCKER logs "$name" 2>&1 >/dev/null)
  local so se
  so=$(grep -c "^$sentinel\$" <<<"$out" || true)
  se=$(grep -c "^$sentinel\$" <<<"$err" || true)
  ((so == n && se == n)) ||
    fail "$name: expected $n sentinel(s) per stream, got $so on stdout and $se on stderr; stdout: $out; stderr: $err"
  local expected_out="" expected_err="" i
  for ((i = 0; i < n; i++)); do
    [[ -z "$line" ]] || expected_out+="$line"$'\n'
    expected_out+="$sentinel"$'\n'
    expected_err+="$sentinel"$'\n'
  done
  [[ "$out"$'\n' == "$expected_out" ]] || fail "$name: stdout is not $n x (${line:+$line, }sentinel): $out"
  [[ "$err"$'\n' == "$expected_err" ]] || fail "$name: stderr holds more than the sentinels: $err"
  say "$name: $n activation(s), exactly one sentinel pair each"
}

json_init() { # CODE_FILE MAIN [binary] -> an /init body on stdout
  node -e '
    const fs = require("fs");
    const [file, main, binary] = process.argv.slice(1);
    const code = binary ? fs.readFileSync(file).toString("base64") : fs.readFileSync(file, "utf8");
    const value = { main, code };
    if (binary) value.binary = true;
    process.stdout.write(JSON.stringify({ value }));
  ' "$@"
}

# hello
cat >"$work/hello.js" <<'EOF'
function main(params) {
  console.log('hello from ' + (params.name || 'nobody'));
  return { greeting: 'Hello, ' + (params.name || 'stranger') + '!' };
}
EOF
json_init "$work/hello.js" main >"$work/hello.init"
start cl-docker-test-hello "$work/hello.init"
expect "hello /init" "$init_reply" 200 '{"OK":true}'
expect "hello /run 1" "$(run '{"value":{"name":"Ada"}}')" 200 '{"greeting":"Hello, Ada!"}'
expect "hello /run 2" "$(run '{"value":{"name":"Ada"}}')" 200 '{"greeting":"Hello, Ada!"}'
expect_logs cl-docker-test-hello 2 "hello from Ada"
# SIGTERM ends the server with status 0, as docker stop sends it.
$DOCKER stop -t 10 cl-docker-test-hello >/dev/null
code=$($DOCKER inspect -f '{{.State.ExitCode}}' cl-docker-test-hello)
[[ "$code" == 0 ]] || fail "hello: exit status $code after docker stop (SIGTERM), expected 0"
say "cl-docker-test-hello: docker stop -> exit status 0"

# The unicode action of OpenWhisk's runtime tests (delimiter ❄, snowman ☃), in its Node.js form.
cat >"$work/unicode.js" <<'EOF'
function main(args) {
    var str = args.delimiter + " ☃ " + args.delimiter;
    console.log(str);
    return { "winter": str };
}
EOF
json_init "$work/unicode.js" main >"$work/unicode.init"
start cl-docker-test-unicode "$work/unicode.init"
expect "unicode /init" "$init_reply" 200 '{"OK":true}'
expect "unicode /run" "$(run '{"value":{"delimiter":"❄"}}')" 200 '{"winter":"❄ ☃ ❄"}'
expect_logs cl-docker-test-unicode 1 "❄ ☃ ❄"

# openwhisk, preinstalled as in the stock image (no request is made: the client is only built).
cat >"$work/openwhisk.js" <<'EOF'
const openwhisk = require('openwhisk');
function main() {
  const ow = openwhisk({ apihost: 'https://127.0.0.1', api_key: 'user:pass' });
  return { invoke: typeof ow.actions.invoke, fire: typeof ow.triggers.invoke };
}
EOF
json_init "$work/openwhisk.js" main >"$work/openwhisk.init"
start cl-docker-test-openwhisk "$work/openwhisk.init"
expect "openwhisk /init" "$init_reply" 200 '{"OK":true}'
expect "openwhisk /run" "$(run '{"value":{}}')" 200 '{"invoke":"function","fire":"function"}'
expect_logs cl-docker-test-openwhisk 1 ""

# A zip action: package.json names the entry file, which requires a file of its own and openwhisk.
mkdir -p "$work/zip"
cat >"$work/zip/package.json" <<'EOF'
{"name": "zipped", "version": "1.0.0", "main": "entry.js"}
EOF
cat >"$work/zip/entry.js" <<'EOF'
const words = require('./lib/words');
const openwhisk = require('openwhisk');
exports.shout = function (params) {
  console.log('zip action running');
  return { shouted: words.shout(params.text), client: typeof openwhisk };
};
EOF
mkdir -p "$work/zip/lib"
echo "exports.shout = (s) => String(s).toUpperCase() + '!';" >"$work/zip/lib/words.js"
(cd "$work/zip" && zip -qr ../action.zip .)
json_init "$work/action.zip" shout binary >"$work/zip.init"
start cl-docker-test-zip "$work/zip.init"
expect "zip /init" "$init_reply" 200 '{"OK":true}'
expect "zip /run" "$(run '{"value":{"text":"quiet"}}')" 200 '{"shouted":"QUIET!","client":"function"}'
expect_logs cl-docker-test-zip 1 "zip action running"

actions=4
if [[ "$engine" == auto ]]; then
  # The native runtime in the image: two traced activations, a compilation with the image's
  # rustc, then a native answer whose fetch (libcurl is loaded at the first fetch, so this proves
  # the image has it) asks the server's own port.
  cat >"$work/native.js" <<'EOF'
async function main(params) {
  const r = await fetch('http://127.0.0.1:8080/no-such-route');
  console.log('native ' + params.name + ' ' + r.status);
  return { name: params.name, status: r.status };
}
EOF
  json_init "$work/native.js" main >"$work/native.init"
  start cl-docker-test-native "$work/native.init" -e CONTAINERLESS_COMPILE_AFTER=2
  expect "native /init" "$init_reply" 200 '{"OK":true}'
  first_reply=$(run '{"value":{"name":"a"}}')
  [[ "${first_reply##*$'\n'}" == 200 ]] || fail "native /run 1: ${first_reply}"
  want=${first_reply%$'\n'*}
  expect "native /run 2" "$(run '{"value":{"name":"a"}}')" 200 "$want"
  ready=""
  for _ in $(seq 1 600); do
    if curl -s --max-time 5 "http://127.0.0.1:$port/metrics" | grep -q '^containerless_native_ready 1'; then
      ready=yes
      break
    fi
    sleep 0.1
  done
  [[ -n "$ready" ]] ||
    fail "native: no handler within 60 s: $(curl -s "http://127.0.0.1:$port/metrics" | grep compilations)"
  reply=$(curl -s --max-time 10 -D "$work/native.head" -XPOST "http://127.0.0.1:$port/run" \
    -H 'Content-Type: application/json' --data-binary '{"value":{"name":"a"}}' -w '\n%{http_code}')
  expect "native /run 3" "$reply" 200 "$want"
  grep -qi '^x-containerless-engine: native' "$work/native.head" ||
    fail "native /run 3 was not answered natively: $(tr -d '\r' <"$work/native.head")"
  status_seen=$(node -e 'console.log(JSON.parse(process.argv[1]).status)' "$want")
  expect_logs cl-docker-test-native 3 "native a $status_seen"
  actions=5
fi

for c in "${containers[@]}"; do $DOCKER rm -f "$c" >/dev/null 2>&1 || true; done
containers=()
first=$(awk 'NR == 1 {print $2}' "$work/init-times")
worst=$(awk '$2 > m {m = $2} END {print m}' "$work/init-times")
say "PASS: $actions actions (ENGINE=$engine); image $image, $((size / 1000000)) MB; build ${build_s} s; docker run -> first /init: ${first} ms (first container), ${worst} ms (slowest)"
