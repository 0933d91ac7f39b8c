#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the libFuzzer targets (the `fuzz` preset: clang, ASan+UBSan) and runs each one for a
# bounded time, seeded with the corpus kept in tests/fuzz/corpus/TARGET/, the hostile fixtures
# (build/fixtures/hostile, made by scripts/test.sh) and the parsers' own testdata. New inputs go
# to build/fuzz/run/corpus/TARGET, never into the repository. Any crash, leak, timeout or
# out-of-memory fails the script and prints the path of the input that caused it.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET [TARGET...]]   (default 30 s, every target)
#   BERTH_FUZZ_JOBS  targets run at once (default: the number of cores)
#   BERTH_FUZZ_SKIP_BUILD=1  use build/fuzz as it is
#   BERTH_FUZZ_OUT   where new inputs, findings and logs go (default build/fuzz/run)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
shift || true
build="build/fuzz"
run="${BERTH_FUZZ_OUT:-$build/run}"
jobs="${BERTH_FUZZ_JOBS:-$(nproc)}"

if [ "${BERTH_FUZZ_SKIP_BUILD:-0}" != 1 ]; then
    start=$(date +%s)
    cmake --preset fuzz >/dev/null
    cmake --build --preset fuzz --target berth_fuzzers
    echo "fuzz.sh: fuzz build took $(($(date +%s) - start)) s"
fi

targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
    for src in tests/fuzz/*_fuzz.cpp; do
        name=$(basename "$src" .cpp)
        targets+=("${name%_fuzz}")
    done
fi

# Seed inputs beyond the corpus: the hostile fixtures' blobs (layers, configs, manifests; the
# 10 MB million-entry layer is left out, it only costs time per execution) and testdata.
hostile="build/fixtures/hostile"
rm -rf "$run/seeds"
mkdir -p "$run/seeds/hostile"
if [ -d "$hostile" ]; then
    find -L "$hostile" -path '*/blobs/sha256/*' -type f -size -1100k \
        -exec cp -f {} "$run/seeds/hostile/" \;
else
    echo "fuzz.sh: $hostile is absent (scripts/test.sh makes it); running without it" >&2
fi
seed_dirs() {
    case "$1" in
        layer_walk | image_config) echo "$run/seeds/hostile" ;;
        sbom_decode | purl_parse) echo src/sbom/testdata ;;
        vex) echo src/vuln/testdata ;;
        advisory) echo tests/e2e/testdata/advisories ;;
        dockerfile) echo src/lint/dockerfile/rules/testdata ;;
        compose | inspect) echo src/config/rules/testdata/rt0* ;;
        secret_config | secret_engine) echo src/secret/testdata ;;
        sigstore_bundle)
            if [ -d ../shared/data/sigstore-conformance ]; then
                echo ../shared/data/sigstore-conformance/bundle-verify/*/
            fi ;;
    esac
}

# Runs one target; prints one summary line; returns non-zero on a finding.
fuzz_one() {
    local t="$1" bin="$build/tests/fuzz/$1_fuzz"
    local work="$run/corpus/$t" artifacts="$run/artifacts/$t" log="$run/logs/$t.log"
    [ -x "$bin" ] || { echo "FAIL $t: $bin is not built"; return 1; }
    mkdir -p "$work" "$artifacts" "$(dirname "$log")" "tests/fuzz/corpus/$t"
    local rc=0 seeds
    read -ra seeds <<<"$(seed_dirs "$t")"
    # -timeout: one input running longer is a finding (a hang); -rss_limit_mb: so is a blow-up.
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        "$bin" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" "$work" "tests/fuzz/corpus/$t" "${seeds[@]}" \
        >"$log" 2>&1 || rc=$?
    local execs
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    if [ "$rc" -ne 0 ]; then
        echo "FAIL $t (exit $rc, ${execs:-?} runs); log: $log"
        grep -E '^==[0-9]+==ERROR|^SUMMARY|runtime error|ERROR: libFuzzer' "$log" | head -5 |
            sed 's/^/    /'
        # libFuzzer: "Test unit written to PATH" for crashes, leaks, timeouts and OOMs.
        local input
        input=$(sed -n 's/.*Test unit written to \(.*\)/\1/p' "$log" | tail -1)
        echo "    crashing input: ${input:-none written (see the log)}"
        echo "    reproduce: $bin ${input:-$artifacts/<file>}"
        return 1
    fi
    echo "ok   $t: ${execs:-?} runs in ${seconds} s"
}

echo "fuzz.sh: ${#targets[@]} targets, ${seconds} s each, $jobs at a time"
rm -rf "$run/logs" "$run/artifacts"
start=$(date +%s)
failed=0
pids=()
names=()
for t in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do sleep 1; done
    fuzz_one "$t" >"$run/$t.summary" 2>&1 &
    pids+=($!)
    names+=("$t")
done
for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || failed=$((failed + 1))
    cat "$run/${names[$i]}.summary"
done
echo "fuzz.sh: $((${#targets[@]} - failed)) of ${#targets[@]} targets clean in $(($(date +%s) - start)) s"
[ "$failed" -eq 0 ]
