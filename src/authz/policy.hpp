// SPDX-License-Identifier: Apache-2.0
// The authorization policy (`berth authz serve --policy FILE`, docs/authz.md): who may call which
// Engine API endpoints, and which runtime rules judge the containers they create. YAML:
//
//   identity: {user: cn}                 # cn (dockerd's User) | san; groups-from: organization
//   anonymous: deny                      # requests without a TLS identity (the unix socket)
//   users:  {alice: [container-admin], bob: [read-only]}
//   groups: {ops: {members: [carol], roles: [operator]}}
//   roles:
//     container-admin:
//       extends: [read-only]
//       allow: [{method: POST, path: /containers/create}, {method: DELETE, path: /containers/*}]
//       deny:  [{method: POST, path: /containers/*/exec}]
//       runtime: {deny-at: high, default: warn, RT023: on}
//   images: {allowed-registries: [docker.io, registry.example.com]}
//   limits: {max-body: 1048576, min-api-version: "1.24"}
//
// Built-in roles (admin, operator, read-only, auditor, roles.cpp) may be extended, never
// redefined. Paths are matched after normalisation (uri.hpp): `*` is one segment, `**` any
// number of segments (image names hold '/'). An endpoint no allow rule of the caller's roles
// names is denied. Every error names FILE:LINE:COLUMN of the offending key or value.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "authz/uri.hpp"
#include "check/rule.hpp"
#include "core/result.hpp"

namespace berth::authz {

/// What a runtime rule does for a role: off, warn (allow, audit-log the finding), on (deny).
enum class Mode { Off, Warn, On };

std::string_view mode_name(Mode m);

/// One allow or deny rule over method, path pattern and query.
struct PathRule {
    std::vector<std::string> methods;  ///< upper case; empty = every method
    std::string path;                  ///< pattern: "/containers/*/start", "/images/**/json"
    std::vector<std::pair<std::string, std::string>> query;  ///< key → value pattern ("*" any)
    std::string source;  ///< "policy.yaml:12:9" or "built-in read-only"
};

/// True when `rule` names this call. Query conditions look at the value dockerd reads (the
/// first) for allow rules and at every value for deny rules (`deny_side`).
bool rule_matches(const PathRule& rule, std::string_view method, const Uri& uri, bool deny_side);

/// True when the '/'-separated `path` matches `pattern` (`*` one segment, `**` any number,
/// `*` inside a segment any characters: "/containers/c-*").
bool path_matches(std::string_view pattern, std::string_view path);

/// Per-rule modes of the runtime rules (src/config/rules) for one role.
struct RuntimeModes {
    Mode fallback = Mode::Warn;                                      ///< `default:`
    std::optional<check::Severity> deny_at = check::Severity::High;  ///< `deny-at:` (none: off)
    std::map<std::string, Mode> by_id;  ///< "RT001" → mode (upper case, short id)

    /// The mode of `rule`: by id, else On at/above deny_at, else fallback.
    [[nodiscard]] Mode mode_of(const check::RuleInfo& rule) const;
};

/// A role: what it may call, what it may not, how its containers are judged.
struct Role {
    std::string name;
    std::vector<PathRule> allow;
    std::vector<PathRule> deny;
    RuntimeModes runtime;
    bool admin = false;       ///< may manage plugins and the authz setup itself
    std::string owner_label;  ///< containers it creates must carry this label = the user
    std::string source;       ///< where it was defined
};

/// Image admission (global).
struct ImagePolicy {
    std::vector<std::string> allowed_registries;  ///< empty = any
    bool require_signature = false;               ///< validated, not enforced yet (docs/authz.md)
    std::string max_severity;                     ///< validated, not enforced yet
};

/// Where the user name comes from.
enum class IdentitySource { Cn, San };

/// A loaded, validated policy.
struct Policy {
    std::string file;
    std::map<std::string, Role> roles;  ///< built-ins first, then the file's (resolved)
    std::map<std::string, std::vector<std::string>> users;    ///< user → role names
    std::map<std::string, std::vector<std::string>> groups;   ///< group → role names
    std::map<std::string, std::vector<std::string>> members;  ///< user → groups (from `members`)
    std::string anonymous_role;  ///< "" = requests without identity are denied
    IdentitySource identity = IdentitySource::Cn;
    bool groups_from_organization = false;
    ImagePolicy images;
    std::size_t max_body = 1U << 20U;
    std::string min_api_version = "1.24";
    /// Host paths no container or volume of a non-admin may mount (the plugin socket
    /// directory, the daemon configuration, the policy file), added to the built-in list.
    std::vector<std::string> protected_paths;
    std::vector<std::string> notes;  ///< "images.require-signature: not enforced yet", …
};

/// Parses policy YAML; `file` names it in errors ("policy.yaml:3:5: unknown key 'alow' (did you
/// mean 'allow'?)"). Errors: Format (YAML syntax, unknown keys, wrong types, unknown roles,
/// rule ids or modes, a redefined built-in role, a cycle in `extends`).
Result<Policy> parse_policy(std::string_view yaml, const std::string& file);

/// Reads and parses the policy file. Errors: those of parse_policy; Io/NotFound for the file.
Result<Policy> load_policy(const std::string& path);

/// The built-in roles (roles.cpp): admin, auditor, operator, read-only.
std::map<std::string, Role> builtin_roles();

}  // namespace berth::authz
