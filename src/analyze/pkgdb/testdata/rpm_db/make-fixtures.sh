#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Rebuilds the binary fixtures of pkgdb/rpm (see README.md) with Debian 12's rpm 4.18 and sqlite3:
#   apt-get install rpm sqlite3
# Usage: sh make-fixtures.sh   (from this directory; SOURCE_DATE_EPOCH keeps the packages stable)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1700000000

mkdir -p "$work/rb"
rpmbuild --quiet --define "_topdir $work/rb" --define "use_source_date_epoch_as_buildtime 1" \
    -bb "$here/specs/berth-alpha.spec" "$here/specs/berth-beta.spec"
alpha=$work/rb/RPMS/noarch/berth-alpha-1.0-1.noarch.rpm
beta=$work/rb/RPMS/noarch/berth-beta-0.3.1-7.tst.noarch.rpm

install_into() {  # root dbpath rpm...
    root=$1 dbpath=$2
    shift 2
    rpm --root "$root" --define "_dbpath $dbpath" --initdb
    rpm --root "$root" --define "_dbpath $dbpath" -i --nodeps --noscripts --justdb "$@" 2>/dev/null
}

# 1. What rpm leaves behind: both packages, an empty -wal (rpm checkpoints on close).
case=$here/sqlite_rpm_leftover/input/usr/lib/sysimage/rpm
rm -rf "$here/sqlite_rpm_leftover" && mkdir -p "$case"
install_into "$work/both" /usr/lib/sysimage/rpm "$alpha" "$beta"
cp "$work/both/usr/lib/sysimage/rpm/rpmdb.sqlite" "$work/both/usr/lib/sysimage/rpm/rpmdb.sqlite-wal" "$case/"

# 2. A committed transaction still in the -wal: rpmdb.sqlite holds berth-alpha; the log adds
#    berth-beta. The files are copied while sqlite3 still has the database open (closing it
#    would checkpoint the log into the database and delete it).
case=$here/sqlite_uncheckpointed_wal/input/var/lib/rpm
rm -rf "$here/sqlite_uncheckpointed_wal" && mkdir -p "$case"
install_into "$work/a" /var/lib/rpm "$alpha"
install_into "$work/b" /var/lib/rpm "$beta"
mkdir -p "$work/w"
cp "$work/a/var/lib/rpm/rpmdb.sqlite" "$work/w/"
(cd "$work/w" && sqlite3 rpmdb.sqlite <<SQL
PRAGMA journal_mode=WAL;
PRAGMA wal_autocheckpoint=0;
ATTACH '$work/b/var/lib/rpm/rpmdb.sqlite' AS b;
INSERT INTO Packages(blob) SELECT blob FROM b.Packages;
DETACH b;
.system cp rpmdb.sqlite rpmdb.sqlite-wal $case/
SQL
) >/dev/null

# 3. Oracles: what rpm itself reads from these databases (rpm -qa; file lists).
q='%{EPOCH}\t%{NAME}\t%{VERSION}\t%{RELEASE}\t%{ARCH}\t%{SOURCERPM}\t%{SIZE}\t%{LICENSE}\t%{VENDOR}\t%{MODULARITYLABEL}\t%{SIGMD5}\n'
for c in sqlite_rpm_leftover:usr/lib/sysimage/rpm sqlite_uncheckpointed_wal:var/lib/rpm; do
    name=${c%%:*} dbdir=${c#*:}
    mkdir -p "$work/q/$name" && cp "$here/$name/input/$dbdir/"* "$work/q/$name/"
    { printf 'Epoch\tName\tVersion\tRelease\tArch\tSourceRpm\tSize\tLicense\tVendor\tModularitylabel\tSigMD5\n'
      rpm --dbpath "$work/q/$name" -qa --qf "$q" | LC_ALL=C sort -t "$(printf '\t')" -k2,2; } > "$here/$name/rpm-qa.tsv"
    rpm --dbpath "$work/q/$name" -qa --qf '[%{=NAME}\t%{FILENAMES}\n]' | LC_ALL=C sort > "$here/$name/rpm-ql.tsv"
done

# 4. File-list oracles for the shared go-rpmdb / scalibr databases ($BERTH_SHARED_DATA, else
#    ../shared/data beside the repository, as tests/test_support.hpp looks for it): `rpm -ql`
#    of every package, per package as
#    NAME, ARCH, number of files, sha256 of the sorted list ("usr/bin/curl\n…", leading "/"
#    dropped). Debian's rpm reads BerkeleyDB through its bdb_ro backend; it has no NDB backend,
#    so SLE 15's Packages.db has no oracle here.
shared=${BERTH_SHARED_DATA:-$here/../../../../../../shared/data}
if [ -d "$shared/pkgdb" ]; then
    mkdir -p "$here/files"
    for c in cbl-mariner-2.0:sqlite:go-rpmdb/testdata/cbl-mariner-2.0/rpmdb.sqlite \
             libuuid:bdb_ro:go-rpmdb/testdata/libuuid/Packages \
             Packages_epoch:bdb_ro:scalibr-rpm/testdata/Packages_epoch; do
        name=${c%%:*} rest=${c#*:}; backend=${rest%%:*} file=${rest#*:}
        db=$work/shared/$name && mkdir -p "$db"
        case $backend in sqlite) cp "$shared/pkgdb/$file" "$db/rpmdb.sqlite" ;; *) cp "$shared/pkgdb/$file" "$db/Packages" ;; esac
        rpm --dbpath "$db" --define "_db_backend $backend" -qa --qf '%{NAME}\t%{ARCH}\n' 2>/dev/null > "$work/$name.all"
        rpm --dbpath "$db" --define "_db_backend $backend" -qa --qf '[%{=NAME}\t%{=ARCH}\t%{FILENAMES}\n]' 2>/dev/null > "$work/$name.files"
        python3 - "$work/$name.all" "$work/$name.files" > "$here/files/$name.sha256.tsv" <<'PY'
import hashlib, sys
files = {}
for line in open(sys.argv[1], encoding="utf-8"):
    name, arch = line.rstrip("\n").split("\t")
    files[(name, arch)] = []
for line in open(sys.argv[2], encoding="utf-8"):
    name, arch, path = line.rstrip("\n").split("\t")
    files[(name, arch)].append(path.lstrip("/"))
print("Name\tArch\tFiles\tSha256")
for (name, arch), paths in sorted(files.items()):
    paths = sorted(set(paths), key=lambda p: p.encode())
    digest = hashlib.sha256("".join(p + "\n" for p in paths).encode()).hexdigest()
    print(f"{name}\t{arch}\t{len(paths)}\t{digest}")
PY
    done
fi
