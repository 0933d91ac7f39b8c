// SPDX-License-Identifier: Apache-2.0
// Building Package URLs: purl() itself is declared in sbom/model.hpp; this header holds the
// component escaping that purl() and the SBOM encoders (the oci purl of an image) share, and the
// name an ecosystem knows a package by.
#pragma once

#include <string>
#include <string_view>

#include "sbom/model.hpp"

namespace berth::sbom {

/// The name the package's ecosystem (and its advisories) use: the purl namespace joined to the
/// name — Maven "group:artifact", npm "@scope/name", Go module paths, Packagist "vendor/name" —
/// or the bare name when there is no namespace (OS packages: their namespace is the distro).
std::string ecosystem_name(const Package& p);

/// Percent-encodes one purl component (purl-spec "How to build a purl string"): keeps ASCII
/// letters, digits and "-._~" (RFC 3986 unreserved) and ':' (never encoded in a purl); every
/// other byte becomes %XX with upper-case hex. "2.36-9+deb12u4" → "2.36-9%2Bdeb12u4".
std::string purl_escape(std::string_view s);

}  // namespace berth::sbom
