#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Decisions/s and latency of `berth authz serve` for containers/create bodies (bench/README.md):
# the plugin under the seed policy with the full runtime rule set (alice: container-admin, deny-at
# high + warn for the rest, so every rule is evaluated), driven over its unix socket by
# bench/authz_load with C keep-alive connections; bounded by a request count and a time limit.
# Usage: bench/authz.sh [BUILD_DIR=build/dev] [connections=4] [requests=200000] [seconds=20]
set -eu
B=${1:-build/dev}
C=${2:-4}
N=${3:-200000}
T=${4:-20}
D=$(mktemp -d /tmp/berth-authz-bench.XXXXXX)
trap 'kill $PID 2>/dev/null || true; rm -rf "$D"' EXIT
# The hardened container of the native capture (session2 #13: cap-drop ALL, limits, read-only…),
# sent as alice: a create body that passes the high rules and is judged by all 28.
python3 - "$D/req.json" <<'PY'
import base64, json, sys
body = {"Image": "local/app:1", "User": "1000:1000", "Labels": {},
        "HostConfig": {"CapAdd": ["NET_BIND_SERVICE"], "CapDrop": ["ALL"], "ReadonlyRootfs": True,
                       "SecurityOpt": ["no-new-privileges"], "Memory": 268435456,
                       "MemorySwap": 268435456, "NanoCpus": 500000000, "PidsLimit": 100,
                       "RestartPolicy": {"Name": "on-failure", "MaximumRetryCount": 5},
                       "Binds": ["/srv/app:/data:ro"], "NetworkMode": "none"}}
raw = json.dumps(body).encode()
req = {"User": "alice", "UserAuthNMethod": "TLS", "RequestMethod": "POST",
       "RequestUri": "/v1.41/containers/create?name=bench",
       "RequestBody": base64.b64encode(raw).decode(),
       "RequestHeaders": {"Content-Type": "application/json", "Content-Length": str(len(raw)),
                          "User-Agent": "Docker-Client/20.10.24+dfsg1 (linux)"}}
open(sys.argv[1], "w").write(json.dumps(req))
PY
"$B/src/berth" authz serve --policy contrib/authz/seed-policy.yaml --socket "$D/p.sock" \
    --threads 2 2>"$D/serve.log" &
PID=$!
i=0; while [ ! -S "$D/p.sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
"$B/bench/authz_load" "$D/p.sock" "$D/req.json" "$C" "$N" "$T"
