// SPDX-License-Identifier: Apache-2.0
// The one list of version schemes, and the OSV ecosystem → scheme table. Keep both sorted; a unit
// test checks every ecosystem of the OSV schema's ecosystems.json against the table.
#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "vuln/version/schemes.hpp"

namespace berth::vuln::version {

Result<bool> Scheme::satisfies(std::string_view /*version*/, std::string_view constraint) const {
    std::string msg(name());
    msg += " has no constraint language";
    return fail(ErrorCode::Unsupported, std::move(msg), std::string(constraint));
}

namespace {

struct Registry {
    std::vector<std::unique_ptr<Scheme>> owned;
    std::vector<const Scheme*> view;
};

const Registry& registry() {
    static const Registry reg = [] {
        Registry r;
        r.owned.push_back(make_apk());
        r.owned.push_back(make_cargo());
        r.owned.push_back(make_dpkg());
        r.owned.push_back(make_go());
        r.owned.push_back(make_maven());
        r.owned.push_back(make_npm());
        r.owned.push_back(make_nuget());
        r.owned.push_back(make_pep440());
        r.owned.push_back(make_rpm());
        r.owned.push_back(make_rubygems());
        r.owned.push_back(make_semver());
        for (const auto& s : r.owned) r.view.push_back(s.get());
        return r;
    }();
    return reg;
}

// OSV ecosystem (the part before any ":<release>") → scheme name; "" = no ordering berth knows.
// Sorted by ecosystem (byte order). Sources: the OSV schema's ecosystem descriptions and the
// package format each distribution ships.
constexpr std::pair<std::string_view, std::string_view> kEcosystems[] = {
    {"AlmaLinux", "rpm"},
    {"Alpaquita", "apk"},
    {"Alpine", "apk"},
    {"Android", ""},  // git projects and patch levels, no version ordering
    {"Azure Linux", "rpm"},
    {"BellSoft Hardened Containers", "apk"},  // built from Alpaquita packages
    {"Bioconductor", ""},                     // R package versions: not implemented
    {"Bitnami", "semver"},
    {"CRAN", ""},  // R package versions: not implemented
    {"Chainguard", "apk"},
    {"CleanStart", ""},  // package format not documented by the schema
    {"ConanCenter", "semver"},
    {"Debian", "dpkg"},
    {"Docker Hardened Images", ""},  // mixes Debian and Alpine based images
    {"Echo", ""},                    // package format not documented by the schema
    {"FreeBSD", ""},                 // pkg(8) versions: not implemented
    {"GHC", "semver"},
    {"GIT", ""},  // commit hashes
    {"GitHub Actions", "semver"},
    {"Go", "go"},
    {"Hackage", ""},  // Haskell PVP: not implemented
    {"Hex", "semver"},
    {"Julia", "semver"},
    {"Kubernetes", "go"},  // Go modules
    {"Linux", ""},         // kernel ranges are GIT ranges
    {"Mageia", "rpm"},
    {"Maven", "maven"},
    {"MinimOS", "apk"},
    {"NuGet", "nuget"},
    {"OSS-Fuzz", ""},  // GIT ranges
    {"Packagist", "semver"},
    {"Photon OS", "rpm"},
    {"Pub", "semver"},
    {"PyPI", "pep440"},
    {"Red Hat", "rpm"},
    {"Rocky Linux", "rpm"},
    {"RubyGems", "rubygems"},
    {"SUSE", "rpm"},
    {"SwiftURL", "semver"},
    {"TuxCare", ""},  // rebuilds of several distributions (rpm and deb)
    {"Ubuntu", "dpkg"},
    {"VSCode", "semver"},
    {"Wolfi", "apk"},
    {"crates.io", "cargo"},
    {"npm", "npm"},
    {"opam", ""},  // OCaml/Debian-like ordering: not implemented
    {"openEuler", "rpm"},
    {"openSUSE", "rpm"},
};

}  // namespace

const std::vector<const Scheme*>& all_schemes() {
    return registry().view;
}

const Scheme* scheme_by_name(std::string_view name) {
    for (const Scheme* s : all_schemes())
        if (s->name() == name) return s;
    return nullptr;
}

const Scheme* scheme_for_ecosystem(std::string_view ecosystem) {
    auto colon = ecosystem.find(':');
    std::string_view base = ecosystem.substr(0, colon);
    // "Root:Alpine:3.18", "Root:PyPI": Root rebuilds other ecosystems and names them inside.
    if (base == "Root" && colon != std::string_view::npos) {
        std::string_view inner = ecosystem.substr(colon + 1);
        if (inner.substr(0, inner.find(':')) == "Root") return nullptr;
        return scheme_for_ecosystem(inner);
    }
    if (base.empty()) return nullptr;
    for (const auto& [eco, scheme] : kEcosystems) {
        if (eco == base) return scheme.empty() ? nullptr : scheme_by_name(scheme);
    }
    return nullptr;
}

}  // namespace berth::vuln::version
