#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes a two-platform OCI image index from one single-platform image of an OCI layout.

Usage: make_multiplatform.py SRC_LAYOUT TAG DEST_LAYOUT
DEST_LAYOUT gets tag "multi": an index with the image as linux/amd64 and a copy whose config
says linux/arm64/v8 (same layers, so only the config and manifest differ; enough to check
that platform selection picks the right manifest).
"""
import hashlib
import json
import os
import shutil
import sys

src, tag, dest = sys.argv[1:4]


def blob(layout, digest):
    return os.path.join(layout, "blobs", *digest.split(":"))


def put(obj_bytes):
    d = "sha256:" + hashlib.sha256(obj_bytes).hexdigest()
    with open(blob(dest, d), "wb") as f:
        f.write(obj_bytes)
    return d


index = json.load(open(os.path.join(src, "index.json")))
desc = next(m for m in index["manifests"]
            if m.get("annotations", {}).get("org.opencontainers.image.ref.name") == tag)
os.makedirs(os.path.join(dest, "blobs", "sha256"), exist_ok=True)
shutil.copy(os.path.join(src, "oci-layout"), os.path.join(dest, "oci-layout"))
manifest = json.load(open(blob(src, desc["digest"])))
for d in [manifest["config"]] + manifest["layers"] + [desc]:
    if not os.path.exists(blob(dest, d["digest"])):
        os.link(blob(src, d["digest"]), blob(dest, d["digest"]))

config = json.load(open(blob(src, manifest["config"]["digest"])))
config["architecture"], config["variant"] = "arm64", "v8"
cbytes = json.dumps(config).encode()
arm = dict(manifest)
arm["config"] = dict(manifest["config"], digest=put(cbytes), size=len(cbytes))
mbytes = json.dumps(arm).encode()
arm_digest = put(mbytes)

entries = [
    {"mediaType": desc["mediaType"], "digest": desc["digest"], "size": desc["size"],
     "platform": {"os": "linux", "architecture": "amd64"}},
    {"mediaType": desc["mediaType"], "digest": arm_digest, "size": len(mbytes),
     "platform": {"os": "linux", "architecture": "arm64", "variant": "v8"}},
]
ibytes = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                     "manifests": entries}).encode()
idx = put(ibytes)
json.dump({"schemaVersion": 2, "manifests": [
    {"mediaType": "application/vnd.oci.image.index.v1+json", "digest": idx, "size": len(ibytes),
     "annotations": {"org.opencontainers.image.ref.name": "multi"}}]},
    open(os.path.join(dest, "index.json"), "w"))
print(desc["digest"], arm_digest)
