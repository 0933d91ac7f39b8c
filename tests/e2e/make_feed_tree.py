#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Lays out real advisory data from ../shared/data/advisories (INDEX.md §1, §23) under the upstream
feeds' URL paths, for feed_server.py:

  OUT/<Ecosystem>/all.zip   OSV's per-ecosystem export: one JSON member per advisory (AlmaLinux,
                            Go, PyPI, crates.io); members keep their path in the source repository
                            (AlmaLinux has one id in several release folders), where the bucket's
                            zip has flat <ID>.json names: berth reads members by content
  OUT/<branch>/<repo>.json  Alpine secdb (alpine-secdb-current: v3.11 main+community, v3.12, v3.16,
                            v3.20, v3.24, edge main)
  OUT/tracker/data/json     the Debian security tracker export. No copy of the real export is in
                            the shared data (INDEX.md §1: "JSON blob missing"), so this one is a
                            small document in the export's shape ({srcpkg: {CVE: {description,
                            scope, releases: {codename: {status, repositories, fixed_version,
                            urgency}}}}}) built from rows of DSA-list.txt.

  make_feed_tree.py SHARED_ADVISORIES OUT
"""
import json
import os
import sys
import zipfile

OSV = {"AlmaLinux": "almalinux-osv", "Go": "golang-vulndb-osv", "PyPI": "pypa-osv",
       "crates.io": "rustsec-osv"}


def osv_zip(src, dest):
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    names = []
    for d, _, files in os.walk(src):
        names += [os.path.join(d, f) for f in files if f.endswith(".json")]
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
        for p in sorted(names):
            z.write(p, os.path.relpath(p, src))
    return len(names)


def debian_tracker():
    # Rows of DSA-list.txt (DSA-5380-1 xorg-server, DSA-5378-1 xen): fixed versions per release.
    return {
        "xorg-server": {
            "CVE-2023-1393": {
                "description": "A use-after-free in the X.Org server's overlay window code",
                "scope": "local",
                "releases": {
                    "bullseye": {"status": "resolved", "repositories": {"bullseye": "2:1.20.11-1+deb11u6"},
                                 "fixed_version": "2:1.20.11-1+deb11u6", "urgency": "not yet assigned"},
                    "bookworm": {"status": "resolved", "repositories": {"bookworm": "2:21.1.7-1"},
                                 "fixed_version": "2:21.1.7-1", "urgency": "not yet assigned"},
                },
            }
        },
        "hyperthing": {
            "CVE-2026-90001": {
                "description": "test entry for an unfixed issue",
                "scope": "remote",
                "releases": {
                    "bookworm": {"status": "open", "repositories": {"bookworm": "1.2-3"},
                                 "urgency": "medium"},
                },
            }
        },
    }


def main():
    shared, out = sys.argv[1], sys.argv[2]
    for eco, d in OSV.items():
        n = osv_zip(os.path.join(shared, d), os.path.join(out, eco, "all.zip"))
        print("%s/all.zip %d" % (eco, n))
    secdb = os.path.join(shared, "alpine-secdb-current")
    for branch in sorted(os.listdir(secdb)):
        bdir = os.path.join(secdb, branch)
        if not (branch.startswith("v") or branch == "edge") or not os.path.isdir(bdir):
            continue
        for repo in ("main.json", "community.json"):
            p = os.path.join(bdir, repo)
            if os.path.isfile(p):
                os.makedirs(os.path.join(out, branch), exist_ok=True)
                with open(p, "rb") as f, open(os.path.join(out, branch, repo), "wb") as g:
                    g.write(f.read())
    os.makedirs(os.path.join(out, "tracker", "data"), exist_ok=True)
    with open(os.path.join(out, "tracker", "data", "json"), "w") as f:
        json.dump(debian_tracker(), f)


if __name__ == "__main__":
    sys.exit(main())
