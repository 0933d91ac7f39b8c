// SPDX-License-Identifier: Apache-2.0
// Engine API request URIs normalised the way dockerd's router sees them, so a policy matches the
// endpoint that will run and not the bytes a client chose (path confusion). dockerd (moby
// api/server/server.go, gorilla/mux) routes on the percent-DECODED path (`%2F` is a '/'),
// redirects unclean paths (`//`, `/./`, `/../`) instead of running them, registers every route
// with and without a `/v{version:[0-9.]+}` prefix, compares methods case-sensitively, and reads
// query parameters with Go's url.Values.Get (the FIRST value of a repeated key; `+` is a space).
//
//   "/v1.41//containers%2Fcreate/?name=a&name=b"
//   → Uri{path = "/containers/create", version = "1.41", query = {name: [a, b]}}
//
// Normalisation never makes a request look more harmless than the router will: every form that
// could route to an endpoint normalises to that endpoint's path.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace berth::authz {

/// A normalised request URI.
struct Uri {
    std::string path;     ///< decoded, cleaned, version prefix stripped, no trailing '/': "/_ping"
    std::string version;  ///< "1.41"; "" without a version prefix
    std::map<std::string, std::vector<std::string>> query;  ///< decoded, values in order

    /// The value dockerd reads for `key` (the first), "" when absent.
    [[nodiscard]] std::string first(const std::string& key) const;
    /// Every value of `key`.
    [[nodiscard]] const std::vector<std::string>& all(const std::string& key) const;
};

/// Normalises `raw` (path plus optional "?query"; an absolute "http://host/…" form is reduced to
/// its path; ".." above the root stays at the root, as Go's path.Clean does). Errors: Format for
/// a URI that does not start with '/', a bad percent escape or a decoded NUL in the path or query.
Result<Uri> normalize_uri(std::string_view raw);

/// Upper-cased, trimmed method: "get" → "GET" (dockerd answers 405 to lower case, so treating it
/// as GET can only deny more).
std::string normalize_method(std::string_view method);

/// Percent-decodes `s` ('+' → ' ' when `plus_is_space`). Errors: Format on a bad escape.
Result<std::string> percent_decode(std::string_view s, bool plus_is_space);

/// True when the API version "1.41" is below `minimum` ("1.24"); numeric per component.
bool version_below(std::string_view version, std::string_view minimum);

}  // namespace berth::authz
