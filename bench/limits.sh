#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Resource limits (issue 11, items 2-4): exit code, wall time and peak RSS of berth on each
# generated hostile input. Usage: bench/limits.sh [BERTH_BINARY] [INPUT_DIR]
# The inputs are made by scripts/tests/make-limit-inputs.py on first use (~1 min, ~400 MB).
# Each run has a 300 s timeout ($LIMITS_TIMEOUT) and a 6 GiB address-space cap (ulimit -v) so that a regression
# cannot take the machine down; a run stopped by either shows exit 124 or a bad_alloc.
set -u
BIN=${1:-build/dev/src/berth}
IN=${2:-build/limit-inputs}
if [ ! -d "$IN/apk-2m" ]; then
    python3 "$(dirname "$0")/../scripts/tests/make-limit-inputs.py" "$IN" || exit 3
fi
run() {
    local name=$1
    shift
    local tmp
    tmp=$(mktemp -d)
    (
        ulimit -v $((6 << 20))
        /usr/bin/time -f "%e %M %U %S" -o "$tmp/time" timeout "${LIMITS_TIMEOUT:-300}" "$@" >"$tmp/out" 2>"$tmp/err"
        echo $? >"$tmp/rc"
    )
    # GNU time writes "Command exited with non-zero status N" first when the exit is not 0.
    read -r secs kib user sys < <(tail -n 1 "$tmp/time") || true
    secs=${secs:-?}
    kib=${kib:-0}
    cpu=$(awk -v u="${user:-0}" -v s="${sys:-0}" 'BEGIN { printf "%.2f", u + s }')
    printf '| %s | %s | %s s | %s s | %s MiB | %s |\n' "$name" "$(cat "$tmp/rc")" "$secs" "$cpu" \
        "$((kib / 1024))" "$(grep -m1 -v '^$' "$tmp/err" | cut -c1-110)"
    rm -rf "$tmp"
}
DB=$(mktemp -u /tmp/berth-limits-XXXXXX.db)
echo "| case | exit | wall | CPU (user+sys) | peak RSS | first stderr line |"
echo "| --- | --- | --- | --- | --- | --- |"
run rpm-generated "$BIN" sbom --no-cache -o /dev/null "oci:$IN/rpm-generated"
run apk-2m "$BIN" sbom --no-cache -o /dev/null "oci:$IN/apk-2m"
run dpkg-57m "$BIN" sbom --no-cache -o /dev/null "oci:$IN/dpkg-57m"
for c in apk-files dpkg-lists; do
    [ -d "$IN/$c" ] || python3 "$(dirname "$0")/../scripts/tests/make-limit-inputs.py" "$IN" --case "$c"
    run "$c" "$BIN" sbom --no-cache -o /dev/null "oci:$IN/$c"
done
run osv-nested "$BIN" db import --db "$DB" "$IN/osv-nested.json"
run cdx-nested "$BIN" sbom -o /dev/null "sbom:$IN/cdx-nested.json"
for n in 25k 50k 100k; do
    run "cdx-deep-$n" "$BIN" sbom -o /dev/null "sbom:$IN/cdx-deep-$n.json"
done
# The same with the depth limit raised (berth after issue 11 refuses them by default): decoding
# time must grow linearly.
if "$BIN" --help | grep -q -- --max-json-depth; then
    for n in 25k 50k 100k; do
        run "cdx-deep-$n, --max-json-depth 1000000" "$BIN" --max-json-depth 1000000 sbom \
            -o /dev/null "sbom:$IN/cdx-deep-$n.json"
    done
fi
rm -f "$DB"*
