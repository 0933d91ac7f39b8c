#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs the whole test suite: builds the test fixtures (real images made with debootstrap, umoci
# and skopeo; hostile archives), cached in the build tree, then every test through ctest.
# Usage: scripts/test.sh [PRESET]   (default dev; the preset must be built: scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-dev}"
build="build/$preset"
[ -x "$build/src/berth" ] || { echo "test.sh: $build is not built; run scripts/build.sh $preset" >&2; exit 2; }

# Fixtures are shared by all presets (they do not depend on the build).
fixtures="build/fixtures"
mkdir -p "$fixtures"
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
"${as_root[@]}" tests/fixtures/build-images.sh "$fixtures/images"
hostile_hash=$(sha256sum tests/fixtures/hostile/make-hostile.py | cut -d' ' -f1)
if [ "$(cat "$fixtures/hostile/.stamp" 2>/dev/null)" != "$hostile_hash" ]; then
    rm -rf "$fixtures/hostile"
    python3 tests/fixtures/hostile/make-hostile.py "$fixtures/hostile" --many-entries 1000000 >/dev/null
    echo "$hostile_hash" >"$fixtures/hostile/.stamp"
fi

tests/fixtures/build-lang.sh "$fixtures/lang" >/dev/null  # cached; no root needed

export BERTH_FIXTURES="$PWD/$fixtures/images"
export BERTH_LANG_FIXTURES="$PWD/$fixtures/lang"
export BERTH_HOSTILE="$PWD/$fixtures/hostile"
export BERTH_SHARED_DATA="${BERTH_SHARED_DATA:-$PWD/../shared/data}"
export BERTH_BIN="$PWD/$build/src/berth"
# The JUnit report keeps each test's output: the skip reasons are summarized from it at the end
# (ctest shows them only with -V).
junit="$PWD/$build/ctest-junit.xml"
rc=0
ctest --preset "$preset" -j2 --output-junit "$junit" "${@:2}" || rc=$?
[ -f "$junit" ] && python3 scripts/skip-summary.py "$junit"
exit "$rc"
