#!/usr/bin/env bash
# Builds every native part that exists: the C++ tree (CMake), the Node addon (node-gyp), the Rust runtime crate.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

# One build at a time in this tree: two concurrent builds (two terminals, or a test started
# while a build runs) would race on the same objects.
mkdir -p build
exec 9>build/.build.lock
flock 9

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Runs a build step quietly; on failure shows its whole output.
quiet() {
  "$@" >"$log" 2>&1 || { cat "$log" >&2; echo "build: failed: $*" >&2; exit 1; }
}

if [[ -f addon/CMakeLists.txt || -f compiler/CMakeLists.txt || -f actionloop/CMakeLists.txt ]]; then
  echo "build: C++ (cmake, build/cmake)"
  quiet cmake -S . -B build/cmake -DCMAKE_BUILD_TYPE=RelWithDebInfo
  quiet cmake --build build/cmake -j"$jobs"
fi
if [[ -f binding.gyp ]]; then
  echo "build: Node addon (node-gyp)"
  # configure + build, never rebuild: node-gyp's clean step deletes all of build/, the CMake
  # outputs with it. Configure again only when binding.gyp changed.
  # Node's headers sit beside the node binary: /usr for Debian's and NodeSource's packages,
  # /usr/local for the official images.
  nodedir=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
  if [[ ! -f build/config.gypi || binding.gyp -nt build/config.gypi ]]; then
    quiet npx --no-install node-gyp configure --nodedir="$nodedir" --loglevel=error
  fi
  quiet npx --no-install node-gyp build --nodedir="$nodedir" --loglevel=error -j "$jobs"
fi
if [[ -f compiler/runtime/Cargo.toml ]]; then
  echo "build: Rust runtime crate"
  quiet cargo build --offline --release --manifest-path compiler/runtime/Cargo.toml
fi
