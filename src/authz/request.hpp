// SPDX-License-Identifier: Apache-2.0
// The request dockerd sends to an authorization plugin (POST /AuthZPlugin.AuthZReq and
// /AuthZPlugin.AuthZRes), read strictly. Wire names are moby's pkg/authorization/api.go json tags,
// not the documentation's (../shared/data/authz/PROTOCOL-FACTS.md): `RequestUri`,
// `RequestHeaders` (one value per name, last wins), `RequestBody` base64 and present only when
// the client's Content-Type media type was application/json, `RequestPeerCertificates` (PEM
// text, base64 on the wire because Go marshals them as []byte), `User` = the TLS client
// certificate's CN and absent on the unix socket.
//
//   {"User":"alice","UserAuthNMethod":"TLS","RequestMethod":"POST",
//    "RequestUri":"/v1.41/containers/create?name=web","RequestBody":"eyJJbWFnZSI6ImEifQ==",
//    "RequestHeaders":{"Content-Type":"application/json"}}
//   → AuthzRequest{user = "alice", method = "POST", uri = "/v1.41/containers/create?name=web",
//                  body = R"({"Image":"a"})", has_body = true, headers = {content-type: …}}
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace berth::authz {

/// One AuthZReq/AuthZRes request as dockerd sent it.
struct AuthzRequest {
    std::string user;          ///< TLS client certificate CN; "" on the unix socket
    std::string authn_method;  ///< "TLS" or ""
    std::string method;        ///< as sent ("GET"; case kept: normalize_method() decides)
    std::string uri;           ///< path and raw query as the client wrote them
    std::map<std::string, std::string> headers;  ///< names lower-cased
    bool has_body = false;  ///< RequestBody present (dockerd forwarded the body)
    std::string body;       ///< decoded RequestBody bytes
    std::vector<std::string> peer_certificates;  ///< PEM texts, first = the client's
    bool is_response = false;                    ///< AuthZRes (has ResponseStatusCode etc.)

    /// The header `name` (lower case), if sent.
    [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const;
};

/// Limits on what the plugin reads (docs/authz.md).
struct RequestLimits {
    /// Largest decoded RequestBody judged; larger → the request is denied (dockerd ≥ 29.3.1
    /// itself refuses bodies over 4 MiB; older ones forwarded them without the body).
    std::size_t max_body = 1U << 20U;
};

/// Parses the plugin request JSON. Errors: Format naming the JSON path of a missing or wrongly
/// typed member ("$.RequestBody: not valid base64"); LimitExceeded for a body over
/// `limits.max_body` or JSON over json_read's limits.
Result<AuthzRequest> parse_authz_request(std::string_view text, const RequestLimits& limits = {});

/// A Content-Type value split the way Go's mime.ParseMediaType does: the media type lower-cased
/// and trimmed, parameters after ';' ignored: "Application/JSON; charset=utf-8" →
/// "application/json". nullopt for an empty or malformed value (no '/' in the type).
std::optional<std::string> media_type(std::string_view content_type);

}  // namespace berth::authz
