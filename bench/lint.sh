#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `berth lint` throughput: every Dockerfile of ../shared/data/dockerfiles/ (MANIFEST.tsv kind
# "dockerfile") in ONE process, table and SARIF output; prints files/s (bench/README.md).
# Usage: bench/lint.sh [BERTH_BIN]   (default build/dev/src/berth; BERTH_SHARED_DATA overrides
# the data folder)
set -eu
berth=${1:-build/dev/src/berth}
data=${BERTH_SHARED_DATA:-../shared/data}/dockerfiles
list=$(mktemp)
trap 'rm -f "$list"' EXIT
awk -F'\t' -v d="$data" '$10 == "dockerfile" { print d "/" $1 }' "$data/MANIFEST.tsv" |
    while read -r f; do [ -f "$f" ] && echo "$f"; done >"$list"
n=$(wc -l <"$list")
bytes=$(xargs cat <"$list" | wc -c)
for format in table sarif; do
    best=""
    for run in 1 2 3 4 5; do
        start=$(date +%s.%N)
        xargs "$berth" lint --format "$format" <"$list" >/dev/null
        end=$(date +%s.%N)
        t=$(echo "$end - $start" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
    done
    printf '%s: %d files (%d bytes) in %.3f s (best of 5) = %.0f files/s\n' \
        "$format" "$n" "$bytes" "$best" "$(echo "$n / $best" | bc -l)"
done
