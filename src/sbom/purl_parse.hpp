// SPDX-License-Identifier: Apache-2.0
// Reading Package URLs (purl-spec, https://github.com/package-url/purl-spec): the inverse of
// purl() in model.hpp, for SBOMs that other tools wrote.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace berth::sbom {

/// A parsed purl: pkg:TYPE/NAMESPACE/NAME@VERSION?QUALIFIERS#SUBPATH with every component
/// percent-decoded and normalized per its type. An absent component is "" (purl-spec treats an
/// empty namespace, version or subpath as absent).
struct Purl {
    std::string type;     ///< lower-cased: "deb", "npm", "maven"
    std::string nspace;   ///< segments joined by '/': "debian", "@angular", "github.com/gorilla"
    std::string name;     ///< "libc6", "animation"; for git the repository path "owner/repo"
    std::string version;  ///< "1:2.36-9+deb12u4"
    std::map<std::string, std::string> qualifiers;  ///< keys lower-cased; empty values dropped
    std::string subpath;  ///< segments joined by '/', no leading/trailing '/', '.', '..'

    friend bool operator==(const Purl&, const Purl&) = default;
};

/// Parses a purl following purl-spec's "how to parse" steps (the fragment starts at the first
/// '#', the qualifiers at the first '?' before it; the version is after the last '@' of the
/// last path segment), then applies the per-type rules of purl-spec's types/*-definition.json:
/// lower-casing of case-insensitive components (deb, apk, rpm namespaces; npm is kept as is),
/// PyPI '_' → '-', required and prohibited namespaces, required qualifiers (julia uuid, swid
/// tag_id), cpan names without "::", chrome-extension id and version syntax.
/// Example: "pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64" →
///   {type "deb", nspace "debian", name "attr", version "1:2.4.47-2+b1", {arch: amd64}}.
/// Errors: InvalidArgument naming the broken component (no "pkg:" scheme, bad type, empty
/// name, bad percent-escape, bad or repeated qualifier key, a type rule broken).
Result<Purl> parse_purl(std::string_view text);

}  // namespace berth::sbom
