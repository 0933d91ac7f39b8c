#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Code checks run by CI after the build: clang-format (.clang-format) and clang-tidy (.clang-tidy)
# on every C++ source under src/, tests/ and bench/, and the folder = CMake target rule
# (scripts/check-targets.py). Exits non-zero on the first kind of problem found, naming each file.
# Usage: scripts/lint.sh [PRESET]   (default dev; needs build/PRESET/compile_commands.json)
#        scripts/lint.sh --fix      (rewrites formatting in place, then checks the rest)
set -euo pipefail
cd "$(dirname "$0")/.."
fix=0
if [ "${1:-}" = "--fix" ]; then fix=1; shift; fi
preset="${1:-dev}"
build="build/$preset"
[ -f "$build/compile_commands.json" ] || { echo "lint.sh: $build/compile_commands.json missing; run scripts/build.sh $preset" >&2; exit 2; }

mapfile -t sources < <(git ls-files -- 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp' | sort)
echo "lint: clang-format on ${#sources[@]} files"
if [ "$fix" -eq 1 ]; then clang-format -i "${sources[@]}"; fi
if ! clang-format --dry-run --Werror "${sources[@]}" 2>/tmp/berth-format.$$; then
    grep -o '^[^:]*' /tmp/berth-format.$$ | sort -u | sed 's/^/  not formatted: /'
    rm -f /tmp/berth-format.$$
    echo "lint: run scripts/lint.sh --fix (clang-format -i) on the files above" >&2
    exit 1
fi
rm -f /tmp/berth-format.$$

echo "lint: folders = CMake targets"
python3 scripts/check-targets.py "$build"

# clang-tidy on every translation unit the build compiles (headers through HeaderFilterRegex).
mapfile -t units < <(git ls-files -- 'src/*.cpp' 'tests/*.cpp' 'bench/*.cpp' | sort)
echo "lint: clang-tidy on ${#units[@]} translation units ($(nproc) jobs)"
log="$build/clang-tidy.log"
if ! run-clang-tidy -p "$build" -quiet -j "$(nproc)" "${units[@]/#/$PWD/}" >"$log" 2>&1; then
    sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '(error|warning): ' | grep -v 'warnings generated' | sort -u
    echo "lint: clang-tidy found problems (full log: $log)" >&2
    exit 1
fi
echo "lint: clean"
