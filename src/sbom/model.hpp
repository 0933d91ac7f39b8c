// SPDX-License-Identifier: Apache-2.0
// The bill of materials: what an image holds, with the layer that put each component there.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/digest.hpp"

namespace berth::sbom {

/// The operating system an image is built on (from /etc/os-release and friends).
struct OsInfo {
    std::string id;                ///< os-release ID: "debian", "alpine", "rocky", "sles", …
    std::string version_id;        ///< "12", "3.19.1", "9.3"; for Debian the point release from
                                   ///< /etc/debian_version when present ("12.15")
    std::string version_codename;  ///< "bookworm"
    std::string pretty_name;
    std::string id_like;      ///< os-release ID_LIKE ("rhel centos fedora")
    std::string source_path;  ///< file it came from, e.g. "etc/os-release"
    /// Alpine: the branch etc/apk/repositories names ("3.19", "edge") when it differs from the
    /// os-release one; packages come from it, so matching uses it. "" otherwise.
    std::string repository_release{};
};

/// Where a component was found and which layers made it what it is.
struct Location {
    std::string path;                  ///< the database or file, e.g. "var/lib/dpkg/status"
    std::size_t layer_introduced = 0;  ///< first layer where the package had its current version
    std::size_t layer_changed = 0;     ///< last layer that changed its record
    Digest layer_digest;               ///< blob digest of layer_introduced (may be empty)
    Digest layer_diff_id;              ///< diffID of layer_introduced (may be empty)
    std::string created_by;  ///< history entry (Dockerfile instruction) of layer_introduced
};

/// An installed package: an OS package (deb, apk, rpm) or, later, a language package (npm,
/// pypi, golang, maven, …).
///
/// Ecosystem = purl `type` + `purl_namespace`. OS analyzers leave the namespace empty: the
/// distribution is only known after the merge, so purl() derives it from the OS ("debian",
/// "alpine", "rocky"). Language analyzers set it when their ecosystem has one ("@angular" for
/// npm scopes, "org.apache.commons" for maven, "github.com/foo" for golang).
///
/// Locations: `location` is the primary one — the file that registers the package (dpkg status,
/// a package.json, a jar's pom.properties) with the layer that introduced it; the merge and the
/// vulnerability and report stages key on it. `locations` lists every FURTHER file that evidences
/// the same package (a lock file next to the manifest, a copy of a jar), each with its own layer;
/// it is empty for OS packages. The split keeps the ~100 users of `location` unchanged.
struct Package {
    std::string type;            ///< purl type: "deb", "apk", "rpm"; "npm", "pypi", "golang", …
    std::string purl_namespace;  ///< purl namespace; "" = derived from the OS for deb/apk/rpm
    std::string name;
    std::string
        version;  ///< full version as the package manager prints it:
                  ///< deb "1:2.36-9+deb12u4", rpm "1:1.2.3-4.el9" ([epoch:]ver-rel), apk "1.2.3-r0"
    std::string epoch;             ///< "" when none ("0" is kept when stated, as rpm does)
    std::string upstream_version;  ///< version without epoch and release/revision
    std::string release;           ///< deb revision / rpm release / "" for apk (it is in version)
    std::string arch;              ///< "amd64", "x86_64", "noarch", "all"
    std::string source_name;       ///< source package (deb Source:, rpm SOURCERPM name, apk origin)
    std::string source_version;    ///< source version when it differs or is known
    std::string maintainer;        ///< deb Maintainer, apk maintainer
    std::string vendor;            ///< rpm Vendor
    std::string license;           ///< as declared (SPDX-ish for apk/rpm; deb has none in status)
    std::string modularity_label;  ///< rpm modularity label
    std::string checksum;          ///< apk C: field (Q1… SHA1 base64); rpm SIGMD5 hex
    std::uint64_t installed_size = 0;  ///< bytes
    std::vector<std::string> files;    ///< owned files, normalized relative paths, sorted
    Location location;                 ///< primary location (see above)
    std::vector<Location> locations;   ///< further evidence, sorted by path; usually empty
    bool files_whited_out =
        false;  ///< a later layer deleted some of its files (still installed per the DB)
};

/// A file an analyzer flagged for what it is rather than for a package it evidences: a setuid
/// binary today; later secrets, private keys, world-writable files. `location.path` is the file;
/// the layer fields name the layer that wrote the flagged version of it.
struct FileFinding {
    std::string analyzer;    ///< name() of the analyzer, e.g. "files/setuid"
    std::string kind;        ///< rule id within the analyzer, e.g. "setuid", "setgid"
    std::string detail;      ///< human detail, e.g. "setuid root (mode 4755)"
    std::uint32_t mode = 0;  ///< permission and setuid/setgid/sticky bits (07777)
    std::int64_t uid = 0;    ///< owner
    std::int64_t gid = 0;
    std::uint64_t size = 0;  ///< bytes
    Location location;
};

/// A secret found in a file's contents (files/secrets, src/secret/). Unlike a FileFinding it is
/// kept when a later layer deletes or replaces the file: the bytes are still in the image's
/// earlier layer, and anyone with the image can read them.
struct SecretFinding {
    std::string rule_id;         ///< secret rule id, e.g. "aws-access-key-id"
    std::string category;        ///< rule category, e.g. "cloud"
    std::size_t line = 0;        ///< 1-based line of the match
    std::string match;           ///< the matched text with the secret part redacted
    bool removed_later = false;  ///< a later layer deleted or replaced the file
    Location location;           ///< path; layer_introduced = the layer holding these bytes
};

/// Everything the inventory stage knows about an image.
struct Inventory {
    std::optional<OsInfo> os;
    std::vector<Package> packages;  ///< sorted by (type, name, version, arch, location.path)
    std::vector<FileFinding> file_findings;  ///< current after whiteouts; sorted by (path, kind)
    std::vector<SecretFinding>
        secrets;  ///< every layer's, deleted ones too; by (path, layer, line)
    Diagnostics diagnostics;
};

/// True for the purl types of OS package managers (deb, apk, rpm): their namespace and distro
/// qualifier come from the image's OS.
bool is_os_package_type(std::string_view type);

/// Package URL (purl-spec), e.g.
///   pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12.15
///   pkg:npm/%40angular/core@17.0.0
/// OS packages take their namespace (unless set) and the distro qualifier from `os`; other
/// ecosystems never carry a distro qualifier.
std::string purl(const Package& p, const std::optional<OsInfo>& os);

}  // namespace berth::sbom
