#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes a one-layer docker-archive (Debian 12, one dpkg package) to stdout, members in docker
save order: layers, config, manifest.json LAST. Used by tests/e2e/cli_test.cpp."""
import hashlib, io, json, sys, tarfile
def tar_bytes(files):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name, data in files:
            i = tarfile.TarInfo(name); i.size = len(data); i.mtime = 0
            t.addfile(i, io.BytesIO(data))
    return b.getvalue()
layer = tar_bytes([("etc/os-release", b'ID=debian\nVERSION_ID="12"\n'),
                   ("var/lib/dpkg/status", b"Package: hyperthing\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.2-3\n\n")])
diff = hashlib.sha256(layer).hexdigest()
config = json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": ["sha256:" + diff]},
                     "config": {}, "history": [{"created_by": "test"}]}).encode()
cid = hashlib.sha256(config).hexdigest()
manifest = json.dumps([{"Config": cid + ".json", "RepoTags": ["berth/tiny:latest"], "Layers": [diff + "/layer.tar"]}]).encode()
# docker save order: layers, config, manifest.json last.
sys.stdout.buffer.write(tar_bytes([(diff + "/layer.tar", layer), (cid + ".json", config), ("manifest.json", manifest)]))
