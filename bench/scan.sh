#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Vulnerability-database and scan speed (issue 4):
#  1. `berth db import` rate (advisories/s) over every advisory source in ../shared/data;
#  2. scan-time split (open database / inventory / match) on the fixture images;
#  3. matching 1,000 Debian packages, opening the database included (target ≤ 50 ms).
# Usage: bench/scan.sh   (after scripts/build.sh release or dev, and scripts/test.sh for fixtures)
set -euo pipefail
cd "$(dirname "$0")/.."
berth="${BERTH_BIN:-build/release/src/berth}"
[ -x "$berth" ] || berth=build/dev/src/berth
shared="${BERTH_SHARED_DATA:-../shared/data}"
fixtures="${BERTH_FIXTURES:-build/fixtures/images}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
adv="$shared/advisories"
[ -d "$adv" ] || { echo "scan.sh: $adv missing (../shared/data)"; exit 2; }

echo "== 1. import rate ($berth)"
inputs=("$adv/rustsec-osv" "$adv/golang-vulndb-osv" "$adv/pypa-osv" "$adv/almalinux-osv"
        "$adv/debian-security-tracker/DSA-list.txt" "$adv/debian-security-tracker/DLA-list.txt"
        "$adv/ubuntu-cve-tracker-2020/active" "$adv/alpine-secdb-2020/json")
best=""
for i in 1 2 3; do
    rm -f "$work/all.db"
    out=$("$berth" -q db import --db "$work/all.db" "${inputs[@]}")
    line=$(echo "$out" | head -1)
    echo "  run $i: $line"
    rate=$(echo "$line" | sed -n 's/.*(\([0-9]*\)\/s).*/\1/p')
    if [ -z "$best" ] || [ "$rate" -gt "$best" ]; then best=$rate; fi
done
echo "  best: $best advisories/s (target ≥ 20000); database $(du -h "$work/all.db" | cut -f1)"

echo "== 2. scan-time split on fixture images (warm layer cache, 3 runs each, best)"
for img in oci:$fixtures/oci:minimal oci:$fixtures/oci:layered; do
    "$berth" -q scan --db "$work/all.db" --cache-dir "$work/cache" "$img" >/dev/null 2>&1 || true
    for i in 1 2 3; do
        BERTH_TIMINGS=1 "$berth" -q scan --db "$work/all.db" --cache-dir "$work/cache" --format json "$img" 2>&1 >/dev/null |
            grep '^timing:' | sed "s|^|  $(basename "$img") |"
    done
done

echo "== 3. 1,000 Debian 10 packages (source names from the DSA/DLA lists of every release, old versions)"
mkdir -p "$work/root/var/lib/dpkg" "$work/root/etc"
printf 'ID=debian\nVERSION_ID="10"\n' >"$work/root/etc/os-release"
awk -F'\t' 'NR>1 {print $4}' "$adv/debian-security-tracker/DSA-fixed.tsv" \
    "$adv/debian-security-tracker/DLA-fixed.tsv" | sort -u | head -1000 |
    awk '{printf "Package: %s\nStatus: install ok installed\nArchitecture: amd64\nVersion: 0.1-1\nMaintainer: x\nDescription: x\n\n", $1}' \
    >"$work/root/var/lib/dpkg/status"
echo "  packages: $(grep -c '^Package:' "$work/root/var/lib/dpkg/status")"
for i in 1 2 3 4 5; do
    BERTH_TIMINGS=1 "$berth" -q scan --db "$work/all.db" --no-cache --format json "rootfs:$work/root" 2>&1 >/dev/null |
        grep '^timing:' | sed 's|^|  |'
done
