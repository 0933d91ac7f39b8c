#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs every build and test dependency of berth from Debian 12's packages.
# Idempotent and non-interactive; run as root or through sudo.
set -euo pipefail

packages=(
    # build
    build-essential cmake ninja-build pkg-config git
    # libraries
    libarchive-dev libisal-dev libzstd-dev libssl-dev libexpected-dev libcli11-dev
    nlohmann-json3-dev libfmt-dev libgtest-dev libgmock-dev libsqlite3-dev librpm-dev
    libcurl4-openssl-dev
    # tests: libdpkg is the independent version oracle of the matching-accuracy tests
    libdpkg-dev dpkg-dev
    libyaml-cpp-dev  # ignore files (src/vuln/suppress.cpp)
    libhyperscan-dev libre2-dev  # secret scanning (src/secret/): keyword prefilter, exact regexes
    libsimdjson-dev  # advisory import: OSV records parsed with simdjson's On-Demand API
    # content trust (src/sign/, src/sigstore/): cosign's nacl/secretbox keys, PKCS#11 tokens;
    # SoftHSM2 and OpenSC's pkcs11-tool give the tests a real token
    libsodium-dev libp11-kit-dev softhsm2 opensc
    libboost-dev  # berth authz serve: Boost.Beast/Asio HTTP server on a unix socket
    # berth audit host: Engine API client; a real Docker Engine for its live tests
    libcurl4-openssl-dev docker.io
    # test fixtures: real image tools
    debootstrap umoci skopeo rsync zstd isal python3 ca-certificates
    # application-package fixture (tests/fixtures/build-lang.sh): a venv with a locally built wheel
    python3-venv python3-pip python3-setuptools python3-wheel
    # registry and daemon sources (issue 5): libcurl; real registry, daemon and auth tools in tests
    libcurl4-openssl-dev docker-registry apache2-utils openssl python3-cryptography docker.io podman uidmap runc
    # packaging (scripts/package.sh): CPack's DEB generator runs dpkg-shlibdeps (dpkg-dev);
    # lintian checks the package; the generated completions are run by real shells in tests
    lintian zsh fish groff-base
    # benchmarks
    hyperfine time
    gnuplot-nox  # bench/run-all.sh plots (time and memory against image size)
    # code quality
    clang-format clang-tidy
    # fuzzing (scripts/fuzz.sh): clang with libFuzzer and the sanitizer runtimes, which clang
    # only recommends (this script installs no recommends)
    clang libclang-rt-dev
)

# SBOM schema validation in tests runs ajv from npm. Machines that already have Node.js (e.g.
# from NodeSource, whose nodejs bundles npm and conflicts with Debian's npm) keep theirs.
if ! command -v npm >/dev/null 2>&1; then packages+=(nodejs npm); fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages already installed"
    exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
