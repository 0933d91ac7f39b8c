#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Layer-walk benchmark. Reports, measured in the same run:
#  1. berth inspect of the 4-layer gzip fixture (walks and verifies every layer) against
#     `igzip -dc` of the same layer blobs — the decompression floor — as a ratio;
#  2. peak RSS of walking a generated 5 GB layer (gzip) and the 1 M-entry layer.
# Usage: bench/walk.sh [PRESET]  (after scripts/build.sh and scripts/test.sh built the fixtures)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-dev}"
berth="$PWD/build/$preset/src/berth"
fixtures="$PWD/build/fixtures"
work="$PWD/build/bench"
mkdir -p "$work"
for tool in hyperfine igzip python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "walk.sh: $tool missing (scripts/install-deps.sh)" >&2; exit 2; }
done
[ -x "$berth" ] || { echo "walk.sh: build first: scripts/build.sh" >&2; exit 2; }
[ -d "$fixtures/images/oci" ] || { echo "walk.sh: fixtures missing: scripts/test.sh builds them" >&2; exit 2; }

layout="$fixtures/images/oci"
manifest=$(python3 -c '
import json,sys
idx=json.load(open(sys.argv[1]+"/index.json"))
m=[d for d in idx["manifests"] if d.get("annotations",{}).get("org.opencontainers.image.ref.name")=="layered"][0]
print(m["digest"].split(":")[1])' "$layout")
blobs=$(python3 -c '
import json,sys
m=json.load(open(sys.argv[1]+"/blobs/sha256/"+sys.argv[2]))
print(" ".join(sys.argv[1]+"/blobs/sha256/"+l["digest"].split(":")[1] for l in m["layers"]))' "$layout" "$manifest")

echo "== 1. walk of oci:layered (4 gzip layers) vs igzip -dc of the same blobs"
hyperfine -N --warmup 1 --runs 7 --export-json "$work/walk.json" \
    -n "igzip -dc (4 layers, sequential)" "sh -c 'for b in $blobs; do igzip -dc \$b >/dev/null; done'" \
    -n "berth inspect -j1" "$berth inspect -q -j1 --format json oci:$layout:layered" \
    -n "berth inspect -j2" "$berth inspect -q -j2 --format json oci:$layout:layered" \
    >"$work/walk.txt"
python3 - "$work/walk.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
base = r["igzip -dc (4 layers, sequential)"]["mean"]
for name, x in r.items():
    print(f"  {name:34s} {x['mean']*1000:8.1f} ms ± {x['stddev']*1000:5.1f}   ratio {x['mean']/base:5.2f}")
PY

echo "== 2. peak RSS"
big_layout=$(bench/make-big-image.sh)
rss() { /usr/bin/time -f "%M %e" "$@" 2>&1 >/dev/null | tail -1; }
read -r kb secs < <(rss "$berth" inspect -q --max-ratio 100000 --format json "oci:$big_layout:latest")
echo "  5 GiB layer (gzip $(du -h "$big_layout/.." --exclude=layout -s | cut -f1)): peak RSS $((kb / 1024)) MiB, ${secs} s"
read -r kb secs < <(rss "$berth" inspect -q --format json "oci:$fixtures/hostile/many-entries:latest")
echo "  1 M-entry layer:                  peak RSS $((kb / 1024)) MiB, ${secs} s"
read -r kb secs < <(rss "$berth" inspect -q --format json "oci:$layout:layered")
echo "  oci:layered (4 layers):           peak RSS $((kb / 1024)) MiB, ${secs} s"
