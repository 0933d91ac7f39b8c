#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the JavaScript sigstore verifier (sigstore-js: @sigstore/verify, @sigstore/bundle) from
# npm into build/npm-sigstore (or $BERTH_NPM_SIGSTORE), for the interop tests of berth's bundles
# (tests/e2e/sign_cli_test.cpp runs verify-bundle.js). Idempotent: does nothing when installed.
# Pinned to the line that runs on Debian 12's Node.js 18/20 (@sigstore/verify 3.x needs
# node ^20.17 || >=22.9; 4.x needs newer).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${BERTH_NPM_SIGSTORE:-$root/build/npm-sigstore}"
if [ -f "$dir/node_modules/@sigstore/verify/package.json" ] &&
   [ -f "$dir/node_modules/@sigstore/bundle/package.json" ]; then
    exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "sigstore-js setup: npm not found (scripts/install-deps.sh installs nodejs and npm)" >&2
    exit 1
fi
mkdir -p "$dir"
npm install --prefix "$dir" --no-audit --no-fund --loglevel=error \
    '@sigstore/verify@^3.1.1' '@sigstore/bundle@^4.0.0'
