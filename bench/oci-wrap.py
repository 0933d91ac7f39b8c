#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Wraps existing layer blobs into a one-image OCI layout (for benchmarks).

usage: oci-wrap.py OUTDIR MEDIATYPE BLOB:DIFFID [BLOB:DIFFID ...]
Blobs are hard-linked (or copied) into OUTDIR/blobs/sha256; the diffIDs are given because
computing them here would mean decompressing gigabytes a second time.
"""
import hashlib, json, os, shutil, sys


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def put(out, data):
    hexd = hashlib.sha256(data).hexdigest()
    with open(os.path.join(out, "blobs", "sha256", hexd), "wb") as f:
        f.write(data)
    return hexd, len(data)


def main():
    out, media = sys.argv[1], sys.argv[2]
    os.makedirs(os.path.join(out, "blobs", "sha256"), exist_ok=True)
    layers, diff_ids = [], []
    for arg in sys.argv[3:]:
        blob, diff = arg.rsplit(":", 1)
        hexd = sha256_file(blob)
        dst = os.path.join(out, "blobs", "sha256", hexd)
        if not os.path.exists(dst):
            try:
                os.link(blob, dst)
            except OSError:
                shutil.copyfile(blob, dst)
        layers.append({"mediaType": media, "digest": "sha256:" + hexd, "size": os.path.getsize(blob)})
        diff_ids.append("sha256:" + diff)
    config = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                         "rootfs": {"type": "layers", "diff_ids": diff_ids}}).encode()
    chex, csize = put(out, config)
    manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                                      "digest": "sha256:" + chex, "size": csize},
                           "layers": layers}).encode()
    mhex, msize = put(out, manifest)
    with open(os.path.join(out, "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "manifests": [{
            "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:" + mhex,
            "size": msize, "annotations": {"org.opencontainers.image.ref.name": "latest"}}]}, f)


if __name__ == "__main__":
    main()
