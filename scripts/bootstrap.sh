#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks for building and testing Containerless, idempotently.
#
# Usage: scripts/bootstrap.sh [--bench]
#   --bench  also install the benchmark tools (wrk, hyperfine, valgrind).
# Quiet when everything is present; says what it installs otherwise; exits non-zero with a clear
# message when an install fails.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

# Debian packages the build and the tests need. Keep this list the single source of truth.
apt_packages=(
  build-essential cmake pkg-config python3 git ca-certificates
  nodejs npm
  rapidjson-dev libuv1-dev libcurl4-openssl-dev libgtest-dev libhttp-parser-dev
  unzip zip tar gzip curl
)
# rustc and cargo: a rustup toolchain (~/.cargo/bin, put on PATH by the Makefile) is preferred.
# On a machine with none, Debian's rustc-web/cargo-web (1.9x, from bookworm-security): the plain
# rustc/cargo packages (1.63) cannot read the runtime crate's Cargo.lock version 4.
if ! command -v rustc >/dev/null 2>&1 || ! command -v cargo >/dev/null 2>&1; then
  apt_packages+=(rustc-web cargo-web)
fi
if [[ "${1:-}" == "--bench" ]]; then
  apt_packages+=(wrk hyperfine valgrind)
fi

fail() {
  echo "bootstrap: $*" >&2
  exit 1
}

missing=()
for p in "${apt_packages[@]}"; do
  # nodejs and npm may come from elsewhere (a NodeSource build, a preinstalled toolchain):
  # a working binary on PATH is enough.
  case "$p" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} > 0)); then
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || fail "need root or sudo to install: ${missing[*]}"
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  log=$(mktemp)
  trap 'rm -f "$log"' EXIT
  $sudo apt-get update -qq >"$log" 2>&1 ||
    { cat "$log" >&2; fail "apt-get update failed; check the network and /etc/apt/sources.list"; }
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$log" 2>&1 ||
    { cat "$log" >&2; fail "apt-get install failed for: ${missing[*]}"; }
fi

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
((node_major >= 20)) || fail "Node.js 20 or later is required (found $(node --version 2>/dev/null || echo none))"

# npm packages from package-lock.json; reinstalled only when the lock file changed.
stamp=node_modules/.containerless-lock-stamp
if [[ ! -f "$stamp" ]] || ! cmp -s package-lock.json "$stamp"; then
  echo "bootstrap: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null || fail "npm ci failed; see npm's messages above"
  cp package-lock.json "$stamp"
fi
