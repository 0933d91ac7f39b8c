#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the JavaScript sigstore verifier (sigstore-js: @sigstore/verify, @sigstore/bundle) from
# npm into build/npm-sigstore (or $BERTH_NPM_SIGSTORE), for the interop tests of berth's bundles
# (tests/e2e/sign_cli_test.cpp runs verify-bundle.js). Idempotent and safe to run concurrently.
# Pinned to the line that runs on Debian 12's Node.js 18/20 (@sigstore/verify 3.x needs
# node ^20.17 || >=22.9; 4.x needs newer).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${BERTH_NPM_SIGSTORE:-$root/build/npm-sigstore}"
stamp="$dir/.installed"
[ -f "$stamp" ] && exit 0
if ! command -v npm >/dev/null 2>&1; then
    echo "sigstore-js setup: npm not found (scripts/install-deps.sh installs nodejs and npm)" >&2
    exit 1
fi
mkdir -p "$dir"
# ctest runs the two interop tests in parallel: one installer at a time (two concurrent
# `npm install`s into one prefix fail with ENOTEMPTY); the other waits and reuses its work.
# The stamp is written only after a complete install, so a half-installed tree is never used.
exec 9>"$dir/.install.lock"
flock 9
if [ ! -f "$stamp" ]; then
    npm install --prefix "$dir" --no-audit --no-fund --loglevel=error \
        --cache "$dir/.npm-cache" '@sigstore/verify@^3.1.1' '@sigstore/bundle@^4.0.0'
    [ -f "$dir/node_modules/@sigstore/verify/package.json" ] &&
        [ -f "$dir/node_modules/@sigstore/bundle/package.json" ]
    touch "$stamp"
fi
