#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Makes (once) the 5 GiB test image of the benchmarks: an OCI layout at build/bench/big/layout,
# tag latest, one gzip layer holding one 5 GiB file of zeros (igzip -1: 5.3 MB compressed). It *is*
# a bomb by ratio: walk it with --max-ratio 100000. Prints the layout path.
set -euo pipefail
cd "$(dirname "$0")/.."
big="$PWD/build/bench/big"
if [ ! -f "$big/index.json" ]; then
    rm -rf "$big" && mkdir -p "$big/src"
    truncate -s 5G "$big/src/big.bin"
    ( cd "$big/src" && tar --format=posix -cf - big.bin ) | tee >(sha256sum | cut -d' ' -f1 >"$big/diffid") \
        | igzip -1 -c >"$big/layer.tar.gz"
    sleep 1
    python3 bench/oci-wrap.py "$big/layout" application/vnd.oci.image.layer.v1.tar+gzip \
        "$big/layer.tar.gz:$(cat "$big/diffid")"
    rm -rf "$big/src"
    touch "$big/index.json"
fi
echo "$big/layout"
