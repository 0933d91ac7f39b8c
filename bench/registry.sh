#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Registry vs disk, same run: `berth sbom --no-cache` of the layered fixture pulled from a local
# docker-registry (127.0.0.1, plain HTTP) against the same image read from its OCI layout.
# Then the warm-rescan request count from the registry's access log (layer GETs must be 0).
# Usage: bench/registry.sh [BUILD_DIR]   (default build/dev; fixtures from scripts/test.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
berth="${1:-build/dev}/src/berth"
fixtures="${BERTH_FIXTURES:-build/fixtures/images}"
dir=$(mktemp -d /tmp/berth-bench-registry.XXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$dir/config.yml" <<YML
version: 0.1
log: {level: info}
storage: {filesystem: {rootdirectory: $dir/data}}
http: {addr: 127.0.0.1:$port}
YML
docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.05; done
skopeo copy -q --dest-tls-verify=false "oci:$fixtures/oci:layered" "docker://127.0.0.1:$port/berth/layered:v1"

hyperfine -N -w 1 -r 7 --export-json "$dir/h.json" \
    "$berth sbom -q --no-cache --format json oci:$fixtures/oci:layered" \
    "$berth sbom -q --no-cache --format json 127.0.0.1:$port/berth/layered:v1" >/dev/null
python3 - "$dir/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
disk, reg = r[0]["mean"], r[1]["mean"]
print(f"disk (oci layout)  {disk*1000:7.1f} ms ± {r[0]['stddev']*1000:.1f}")
print(f"registry (HTTP)    {reg*1000:7.1f} ms ± {r[1]['stddev']*1000:.1f}")
print(f"ratio registry/disk {reg/disk:.2f}")
PY

count() { grep -c "\"GET /v2/berth/layered/$1/" "$dir/registry.log" || true; }
"$berth" sbom -q --format json --cache-dir "$dir/cache" "127.0.0.1:$port/berth/layered:v1" >/dev/null
b0=$(count blobs); m0=$(count manifests)
"$berth" sbom -q --format json --cache-dir "$dir/cache" "127.0.0.1:$port/berth/layered:v1" >/dev/null
echo "warm rescan: $(( $(count manifests) - m0 )) manifest GET(s), $(( $(count blobs) - b0 )) blob GET(s) (config only; 0 layers)"
