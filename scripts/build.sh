#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs dependencies (Debian 12 packages) and builds berth with the given preset (default dev).
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-dev}"
if [ "$(id -u)" -eq 0 ]; then scripts/install-deps.sh; else sudo scripts/install-deps.sh; fi
cmake --preset "$preset"
cmake --build --preset "$preset"
echo "built: build/$preset/src/berth"
