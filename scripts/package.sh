#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the Debian package berth_VERSION_ARCH.deb with CPack (cmake/packaging.cmake): the
# stripped binary, man pages and shell completions generated from --help, the systemd units.
#   scripts/package.sh                  # release preset (build/release), package in build/package
#   scripts/package.sh --preset dev     # reuse the developer build (what the tests do)
#   scripts/package.sh --build-dir DIR  # any configured build directory
#   scripts/package.sh --out DIR
# Then runs lintian when it is installed (overrides: contrib/debian/lintian-overrides, each
# with its reason). Prints the package's path on the last line of stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=release
build=""
out=build/package
while [ $# -gt 0 ]; do
    case $1 in
        --preset) preset=$2; shift 2 ;;
        --build-dir) build=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        -h|--help) sed -n '3,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "package.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
build="${build:-build/$preset}"
if [ ! -f "$build/CMakeCache.txt" ]; then cmake --preset "$preset" >&2; fi
cmake --build "$build" --target berth berth_generated >&2
mkdir -p "$out"
out="$(cd "$out" && pwd)"
(cd "$build" && cpack -G DEB -B "$out" >&2)
rm -rf "$out/_CPack_Packages"
deb="$(ls -t "$out"/berth_*.deb | head -1)"
if command -v lintian >/dev/null 2>&1; then
    # --fail-on error: warnings are printed, errors fail the script.
    lintian --fail-on error --suppress-tags-from-file contrib/debian/lintian-overrides "$deb" >&2
fi
echo "$deb"
