// SPDX-License-Identifier: Apache-2.0
// One authorization decision: AuthZReq → {Allow, Msg}. In order, each step may deny:
//   1. the URI normalises (uri.hpp) and its API version is not below the policy's minimum;
//   2. the caller has an identity the policy knows (TLS CN or SAN, or the anonymous role);
//   3. one of the caller's roles allows the method and path and none of its deny rules match;
//   4. plugin management (/plugins/* except reads) needs an admin role;
//   5. fail closed on bodies: an endpoint that takes a JSON body must arrive with one
//      (dockerd forwards none for Content-Length: 0, chunked or non-JSON Content-Type requests:
//      CVE-2024-41110; none for large bodies before 29.3.1: CVE-2026-34040), and a start
//      request must carry none (API < 1.24 accepted a HostConfig there);
//   6. admission (admission.hpp): runtime rules in the role's modes, protected host paths,
//      allowed registries, the operator's owner label.
// AuthZRes is always allowed: every decision is made on the request (a response-time deny cannot
// undo what the handler already did).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "authz/admission.hpp"
#include "authz/policy.hpp"
#include "authz/request.hpp"

namespace berth::authz {

/// The outcome of one request, what the reply and the audit log carry.
struct Decision {
    bool allow = false;
    std::string msg;     ///< the reply's Msg (shown to the client on deny)
    std::string rule;    ///< what decided: "role read-only", "runtime/RT001", "authz/missing-body"
    std::string reason;  ///< why, for the audit log
    std::vector<std::string> warnings;  ///< findings of rules in warn mode ("runtime/RT019: …")
    std::string user;
    std::string method;
    std::string path;  ///< normalised (the raw URI when it did not normalise)
    std::string image;
};

/// What the decision needs besides the policy.
struct DecideOptions {
    PathResolver resolve = resolve_on_host;
    std::vector<std::string> protected_paths;  ///< the plugin's own socket directory, policy dir
};

/// Decides a parsed request.
Decision decide(const Policy& policy, const AuthzRequest& request, const DecideOptions& options);

/// Parses the AuthZReq/AuthZRes JSON and decides; a request that does not parse is denied with
/// the parse error as Msg.
Decision decide_json(const Policy& policy, std::string_view json, const DecideOptions& options);

/// The user name and groups a request carries under `policy` (CN from dockerd, or the first
/// SAN / the O values of the first peer certificate). Empty name: no identity.
struct Identity {
    std::string user;
    std::vector<std::string> groups;
};
Identity identify(const Policy& policy, const AuthzRequest& request);

/// {"Allow":…,"Msg":…} as sent back to dockerd.
std::string reply_json(const Decision& d);

}  // namespace berth::authz
