#!/usr/bin/env bash
# Checks (--check) or fixes (--fix) the clang-format formatting of every tracked C++ file.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:---check}
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.cc' '*.h' '*.cpp' '*.hpp' | grep -v -E '(^|/)(third_party|node_modules)/' || true)
if ((${#files[@]} == 0)); then
  echo "format: no C++ files"
  exit 0
fi
if ! command -v clang-format >/dev/null 2>&1; then
  echo "format: clang-format is not installed (apt-get install clang-format)" >&2
  exit 1
fi
case "$mode" in
  --fix) clang-format -i "${files[@]}" ;;
  --check)
    bad=()
    for f in "${files[@]}"; do
      [[ -f "$f" ]] || continue
      clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
    done
    if ((${#bad[@]} > 0)); then
      echo "format: not clang-format clean (run 'make format'): ${bad[*]}" >&2
      exit 1
    fi
    echo "format: ${#files[@]} C++ files clang-format clean"
    ;;
  *) echo "usage: scripts/format.sh --check|--fix" >&2; exit 2 ;;
esac
