#!/usr/bin/env bash
# Runs every test of the project: formatting, the Node engine's tests, C++ (ctest) and Rust (cargo test).
set -uo pipefail
cd "$(dirname "$0")/.."

failed=()
step() {
  local name=$1
  shift
  echo
  echo "== $name"
  if "$@"; then
    echo "== $name: ok"
  else
    echo "== $name: FAILED"
    failed+=("$name")
  fi
}

step "clang-format" scripts/format.sh --check
step "doc paths" scripts/check-doc-paths.sh
step "build" scripts/build.sh

# Node tests: every *.test.js beside the JavaScript it tests, and the end-to-end suites in tests/.
mapfile -t node_tests < <(git ls-files --cached --others --exclude-standard -- '*.test.js' | grep -v node_modules | sort)
if ((${#node_tests[@]} > 0)); then
  # A hung test fails after 5 minutes instead of holding CI until its own limit.
  step "node tests" node --test --test-reporter=spec --test-timeout=300000 "${node_tests[@]}"
fi
if [[ -f build/cmake/CTestTestfile.cmake ]]; then
  step "C++ tests (ctest)" ctest --test-dir build/cmake --output-on-failure -j2
fi
if [[ -f compiler/runtime/Cargo.toml ]]; then
  step "Rust tests (cargo test)" cargo test --quiet --offline --manifest-path compiler/runtime/Cargo.toml
fi

echo
if ((${#failed[@]} > 0)); then
  echo "make test: FAILED: ${failed[*]}"
  exit 1
fi
echo "make test: all steps passed"
