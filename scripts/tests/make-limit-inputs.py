#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Generate the hostile inputs of issue 11 items 2-4 (resource limits) for bench/README.md.

Usage: python3 scripts/tests/make-limit-inputs.py OUTDIR [--case NAME ...]

Cases (each written under OUTDIR):
  rpm-generated/       OCI layout; var/lib/rpm/rpmdb.sqlite (~36 KB) whose Packages.blob is a
                       generated column calling an expensive function per row
  apk-2m/              OCI layout; lib/apk/db/installed with 2,000,000 packages (gzip, ~4 MB)
  dpkg-57m/            OCI layout; var/lib/dpkg/status of ~57 MB (790,000 small packages)
  apk-files/           OCI layout; one apk package whose 6,000,000 R: lines sit under a 4,000-byte
                       F: directory (60 MB that would join into ~24 GB of paths)
  dpkg-lists/          OCI layout; 50 var/lib/dpkg/info/*.list files of 6 MB each (300 MB)
  osv-nested.json      a valid OSV advisory with 100 MB of nested JSON arrays in
                       database_specific
  cdx-nested.json      a valid CycloneDX 1.5 document with 100 MB of nested JSON arrays in a
                       component property
  cdx-deep-100k.json   CycloneDX with 100,000 components each nested in the previous one
                       (also -25k, -50k)
Deterministic; standard library only (sqlite3 module for the rpm case).
"""

import argparse
import gzip
import hashlib
import io
import json
import os
import sqlite3
import sys
import tarfile

MTIME = 1700000000


def sha(data):
    return hashlib.sha256(data).hexdigest()


def write_blob(root, data):
    d = sha(data)
    with open(os.path.join(root, "blobs", "sha256", d), "wb") as f:
        f.write(data)
    return d


def oci_layout(root, files):
    """One-layer OCI layout holding `files` ({path: bytes})."""
    os.makedirs(os.path.join(root, "blobs", "sha256"), exist_ok=True)
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as tar:
        dirs = set()
        for path in sorted(files):
            parts = path.split("/")[:-1]
            for i in range(1, len(parts) + 1):
                d = "/".join(parts[:i])
                if d in dirs:
                    continue
                dirs.add(d)
                info = tarfile.TarInfo(d)
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                info.mtime = MTIME
                tar.addfile(info)
            info = tarfile.TarInfo(path)
            info.size = len(files[path])
            info.mode = 0o644
            info.mtime = MTIME
            tar.addfile(info, io.BytesIO(files[path]))
    tar_bytes = raw.getvalue()
    diff_id = sha(tar_bytes)
    layer = gzip.compress(tar_bytes, compresslevel=9, mtime=0)
    layer_digest = write_blob(root, layer)
    config = json.dumps({
        "architecture": "amd64", "os": "linux",
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + diff_id]},
        "history": [{"created_by": "generated"}],
    }).encode()
    config_digest = write_blob(root, config)
    manifest = json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": "sha256:" + config_digest, "size": len(config)},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                    "digest": "sha256:" + layer_digest, "size": len(layer)}],
    }).encode()
    manifest_digest = write_blob(root, manifest)
    index = {"schemaVersion": 2, "manifests": [{
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "digest": "sha256:" + manifest_digest, "size": len(manifest),
        "annotations": {"org.opencontainers.image.ref.name": "latest"}}]}
    with open(os.path.join(root, "index.json"), "w") as f:
        json.dump(index, f)
    with open(os.path.join(root, "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)


OS_RELEASE = b'ID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME="Alpine Linux v3.19"\n'


def case_rpm_generated(out):
    path = os.path.join(out, "rpmdb.sqlite")
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    # Each row's blob is computed when read: a 50 MB string is built and rewritten twice in
    # function calls, which a budget of VM steps does not see. The table is made with a cheap
    # expression (SQLite evaluates it on insert) and the expensive one is put in the schema after.
    cheap = "CAST(n AS BLOB)"
    costly = ("CAST(length(replace(replace(hex(zeroblob(50000000+n)),'00','01'),'01','0000'))"
              " AS BLOB)")
    db.execute("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, n INTEGER, blob BLOB "
               "GENERATED ALWAYS AS (%s) VIRTUAL)" % cheap)
    db.executemany("INSERT INTO Packages (hnum, n) VALUES (?, ?)",
                   [(i, i) for i in range(1, 1001)])
    db.commit()
    db.execute("PRAGMA writable_schema=ON")
    db.execute("UPDATE sqlite_schema SET sql = replace(sql, ?, ?) WHERE name = 'Packages'",
               (cheap, costly))
    db.commit()
    db.close()
    with open(path, "rb") as f:
        data = f.read()
    os.remove(path)
    oci_layout(os.path.join(out, "rpm-generated"), {
        "etc/os-release": b'ID=rocky\nVERSION_ID=9.3\n',
        "var/lib/rpm/rpmdb.sqlite": data})


def case_apk(out, n=2_000_000):
    text = b"".join(b"P:p%d\nV:1.%d-r0\nA:x86_64\n\n" % (i, i % 10) for i in range(n))
    oci_layout(os.path.join(out, "apk-2m"), {
        "etc/os-release": OS_RELEASE, "lib/apk/db/installed": text})


def case_dpkg(out, n=790_000):
    text = b"".join(b"Package: p%d\nStatus: install ok installed\nVersion: 1.%d\n"
                    b"Architecture: amd64\n\n" % (i, i % 10) for i in range(n))
    oci_layout(os.path.join(out, "dpkg-57m"), {
        "etc/os-release": b"ID=debian\nVERSION_ID=12\n", "var/lib/dpkg/status": text})


def case_apk_files(out, n=6_000_000):
    head = b"P:many-files\nV:1.0-r0\nA:x86_64\nF:" + b"d" * 4000 + b"\n"
    text = head + b"".join(b"R:%07d\n" % i for i in range(n)) + b"\n"
    oci_layout(os.path.join(out, "apk-files"), {
        "etc/os-release": OS_RELEASE, "lib/apk/db/installed": text})


def case_dpkg_lists(out, lists=50, lines=200_000):
    files = {"etc/os-release": b"ID=debian\nVERSION_ID=12\n",
             "var/lib/dpkg/status": b"".join(
                 b"Package: p%d\nStatus: install ok installed\nVersion: 1.0\n"
                 b"Architecture: amd64\n\n" % i for i in range(lists))}
    for i in range(lists):
        files["var/lib/dpkg/info/p%d.list" % i] = b"".join(
            b"/usr/share/p%d/file-%07d\n" % (i, j) for j in range(lines))
    oci_layout(os.path.join(out, "dpkg-lists"), files)


def nested_arrays(size):
    half = size // 2
    return "[" * half + "]" * half


def case_osv(out, size=100_000_000):
    head = ('{"id": "OSV-NESTED-1", "modified": "2024-01-01T00:00:00Z", "affected": [{"package": '
            '{"ecosystem": "PyPI", "name": "x"}, "versions": ["1.0"]}], "database_specific": {"x": ')
    with open(os.path.join(out, "osv-nested.json"), "w") as f:
        f.write(head + nested_arrays(size) + "}}")


def case_cdx(out, size=100_000_000):
    head = ('{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [{"type": "library", '
            '"name": "x", "version": "1.0", "purl": "pkg:pypi/x@1.0", "properties": [{"name": "n", '
            '"value": "v"}], "data": ')
    with open(os.path.join(out, "cdx-nested.json"), "w") as f:
        f.write(head + nested_arrays(size) + "}]}")


def case_cdx_deep(out):
    for n, name in ((25_000, "25k"), (50_000, "50k"), (100_000, "100k")):
        parts = []
        for i in range(n):
            parts.append('{"type": "library", "name": "p%d", "version": "1.0", '
                         '"purl": "pkg:pypi/p%d@1.0", "components": [' % (i, i))
        doc = ('{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": ['
               + "".join(parts) + "]}" * n + "]}")
        with open(os.path.join(out, "cdx-deep-%s.json" % name), "w") as f:
            f.write(doc)


CASES = {"rpm-generated": case_rpm_generated, "apk-2m": case_apk, "dpkg-57m": case_dpkg,
         "apk-files": case_apk_files, "dpkg-lists": case_dpkg_lists,
         "osv-nested": case_osv, "cdx-nested": case_cdx, "cdx-deep": case_cdx_deep}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--case", action="append", choices=sorted(CASES))
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    for name in args.case or sorted(CASES):
        CASES[name](args.outdir)
        print("wrote", name, file=sys.stderr)


if __name__ == "__main__":
    main()
