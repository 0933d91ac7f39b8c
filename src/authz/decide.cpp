// SPDX-License-Identifier: Apache-2.0
#include "authz/decide.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "image/reference.hpp"

namespace berth::authz {
namespace {

enum class Body { Object, Array };

// Endpoints that take a JSON body (Engine API v1.41): without one the request is denied.
struct JsonEndpoint {
    std::string_view path;
    Body shape;
};
constexpr JsonEndpoint kJsonBodies[] = {
    {"/containers/create", Body::Object},  {"/containers/*/update", Body::Object},
    {"/containers/*/exec", Body::Object},  {"/exec/*/start", Body::Object},
    {"/volumes/create", Body::Object},     {"/networks/create", Body::Object},
    {"/networks/*/connect", Body::Object}, {"/networks/*/disconnect", Body::Object},
    {"/plugins/pull", Body::Array},        {"/plugins/*/upgrade", Body::Array},
    {"/plugins/*/set", Body::Array},       {"/services/create", Body::Object},
    {"/services/*/update", Body::Object},  {"/swarm/init", Body::Object},
    {"/swarm/join", Body::Object},         {"/swarm/update", Body::Object},
    {"/swarm/unlock", Body::Object},       {"/secrets/create", Body::Object},
    {"/secrets/*/update", Body::Object},   {"/configs/create", Body::Object},
    {"/configs/*/update", Body::Object},   {"/nodes/*/update", Body::Object},
};

Decision deny(Decision d, std::string rule, std::string reason) {
    d.allow = false;
    d.rule = std::move(rule);
    d.reason = std::move(reason);
    d.msg = "berth: " + d.reason + " [" + d.rule + "]";
    return d;
}

const JsonEndpoint* json_endpoint(const std::string& path) {
    for (const auto& e : kJsonBodies) {
        if (path_matches(e.path, path)) return &e;
    }
    return nullptr;
}

std::vector<std::string> roles_of(const Policy& p, const Identity& id) {
    std::vector<std::string> out;
    auto add = [&](const std::vector<std::string>& names) {
        for (const auto& n : names) {
            if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
        }
    };
    if (auto it = p.users.find(id.user); it != p.users.end()) add(it->second);
    std::vector<std::string> groups = id.groups;
    if (auto it = p.members.find(id.user); it != p.members.end()) {
        groups.insert(groups.end(), it->second.begin(), it->second.end());
    }
    for (const auto& g : groups) {
        if (auto it = p.groups.find(g); it != p.groups.end()) add(it->second);
    }
    return out;
}

// The first of `roles` that allows the call (no deny rule matches, an allow rule does).
const Role* allowing_role(const Policy& p, const std::vector<std::string>& roles,
                          const std::string& method, const Uri& uri, std::string& denied_by) {
    for (const auto& name : roles) {
        const Role& r = p.roles.at(name);
        const PathRule* denied = nullptr;
        for (const auto& rule : r.deny) {
            if (rule_matches(rule, method, uri, true)) denied = &rule;
        }
        if (denied != nullptr) {
            if (denied_by.empty())
                denied_by = "role " + name + " denies it (" + denied->source + ")";
            continue;
        }
        for (const auto& rule : r.allow) {
            if (rule_matches(rule, method, uri, false)) return &r;
        }
    }
    return nullptr;
}

// The registry of an image reference as dockerd would pull it; "" for an image id.
std::string registry_of(const std::string& ref) {
    if (ref.rfind("sha256:", 0) == 0) return {};
    auto r = image::parse_reference(ref);
    return r ? r->domain : std::string("(invalid reference)");
}

bool registry_allowed(const Policy& p, const std::string& ref) {
    if (p.images.allowed_registries.empty() || ref.empty()) return true;
    const std::string reg = registry_of(ref);
    if (reg.empty()) return true;  // a local image id: the image is already here
    for (const auto& a : p.images.allowed_registries) {
        if (text::iequals(a, reg)) return true;
    }
    return false;
}

// Findings in On mode deny; Warn ones are kept for the audit log.
Decision apply_findings(Decision d, const Admission& a) {
    for (const auto& f : a.findings) {
        if (f.mode == Mode::On) {
            return deny(std::move(d), std::string(f.rule->id),
                        std::string(f.rule->title) + ": " + f.why);
        }
    }
    for (const auto& f : a.findings) d.warnings.push_back(std::string(f.rule->id) + ": " + f.why);
    return d;
}

Result<Admission> admit(const Policy& p, const Role& role, const AuthzRequest& req,
                        const std::string& path, const DecideOptions& o) {
    std::vector<std::string> protect = p.protected_paths;
    protect.insert(protect.end(), o.protected_paths.begin(), o.protected_paths.end());
    if (path == "/containers/create")
        return admit_create(req.body, role.runtime, protect, o.resolve);
    if (path_matches("/containers/*/update", path)) return admit_update(req.body, role.runtime);
    if (path_matches("/containers/*/exec", path)) return admit_exec(req.body, role.runtime);
    if (path == "/volumes/create") return admit_volume(req.body, role.runtime, protect, o.resolve);
    if (path == "/networks/create") return admit_network(req.body);
    const JsonEndpoint* e = json_endpoint(path);
    if (auto s = check_json_shape(req.body, e != nullptr && e->shape == Body::Array); !s) {
        return fail(s.error());
    }
    return Admission{};
}

// Step 5 and 6 for an allowed POST: bodies, then admission.
Decision check_body(const Policy& p, const Role& role, const Identity& id, const AuthzRequest& req,
                    const Uri& uri, const DecideOptions& o, Decision d) {
    const std::string& path = uri.path;
    const auto length = req.header("content-length");
    const auto encoding = req.header("transfer-encoding");
    const bool sent_body = req.has_body || (length && *length != "0") || encoding.has_value();
    if (path_matches("/containers/*/start", path) && sent_body) {
        return deny(std::move(d), "authz/start-body",
                    "a start request with a body (API < 1.24 HostConfig) is refused");
    }
    if (path == "/build") {
        for (const auto& mode : uri.all("networkmode")) {
            if (text::iequals(mode, "host")) {
                Admission a;
                config::Container c;
                c.settings.network_mode = "host";
                a.findings = judge_container(c, role.runtime, {"RT009"});
                return apply_findings(std::move(d), a);
            }
        }
    }
    if (path == "/images/create" && !registry_allowed(p, uri.first("fromImage"))) {
        return deny(
            std::move(d), "authz/registry",
            "registry of '" + uri.first("fromImage") + "' is not in images.allowed-registries");
    }
    const JsonEndpoint* e = json_endpoint(path);
    if (e == nullptr) return d;
    if (!req.has_body) {
        return deny(std::move(d), "authz/missing-body",
                    "this endpoint takes a JSON body but none reached the plugin (Content-Length: "
                    "0, chunked, a non-JSON Content-Type or an oversized body); refused");
    }
    const auto type = req.header("content-type");
    if (!type || media_type(*type) != "application/json") {
        return deny(std::move(d), "authz/content-type",
                    "the body is not declared as application/json");
    }
    auto a = admit(p, role, req, path, o);
    if (!a)
        return deny(std::move(d), "authz/bad-body", "invalid request body: " + a.error().message);
    d.image = a->image;
    d = apply_findings(std::move(d), *a);
    if (d.rule.rfind("role ", 0) != 0) return d;  // a rule in On mode denied
    if (!a->tamper.empty() && !role.admin) {
        return deny(std::move(d), "authz/protected-path",
                    "mounts a protected host path " + a->tamper);
    }
    if (path == "/containers/create" && !registry_allowed(p, a->image)) {
        return deny(std::move(d), "authz/registry",
                    "registry of '" + a->image + "' is not in images.allowed-registries");
    }
    if (path == "/containers/create" && !role.owner_label.empty() && !role.admin) {
        const std::string want = role.owner_label + "=" + id.user;
        if (std::find(a->labels.begin(), a->labels.end(), want) == a->labels.end()) {
            return deny(std::move(d), "authz/owner-label",
                        "role " + role.name + " must label its containers " + want);
        }
    }
    return d;
}

}  // namespace

Decision decide(const Policy& policy, const AuthzRequest& req, const DecideOptions& options) {
    Decision d;
    d.method = normalize_method(req.method);
    d.path = req.uri;
    const Identity id = identify(policy, req);
    d.user = id.user;
    if (req.is_response) {
        d.allow = true;
        d.rule = "authz/response";
        return d;
    }
    auto uri = normalize_uri(req.uri);
    if (!uri) return deny(std::move(d), "authz/bad-uri", uri.error().message);
    d.path = uri->path;
    if (!uri->version.empty() && version_below(uri->version, policy.min_api_version)) {
        return deny(std::move(d), "authz/api-version",
                    "API version " + uri->version + " is below " + policy.min_api_version);
    }
    std::vector<std::string> roles = roles_of(policy, id);
    if (id.user.empty() && !policy.anonymous_role.empty()) roles = {policy.anonymous_role};
    if (roles.empty()) {
        return deny(std::move(d), "authz/identity",
                    id.user.empty() ? "no client identity (TLS client certificate) and no "
                                      "anonymous role"
                                    : "user '" + id.user + "' has no role in the policy");
    }
    std::string denied_by;
    const Role* role = allowing_role(policy, roles, d.method, *uri, denied_by);
    if (role == nullptr) {
        std::string why = denied_by.empty() ? "roles " + text::join(roles, ",") + " do not allow " +
                                                  d.method + " " + d.path
                                            : denied_by;
        return deny(std::move(d), "authz/role", std::move(why));
    }
    d.rule = "role " + role->name;
    const bool reads = d.method == "GET" || d.method == "HEAD";
    if (path_matches("/plugins/**", d.path) && !reads && !role->admin) {
        return deny(std::move(d), "authz/plugin-management",
                    "managing plugins (the authorization chain) needs an admin role");
    }
    if (!reads) d = check_body(policy, *role, id, req, *uri, options, std::move(d));
    if (d.rule.rfind("role ", 0) == 0) {
        d.allow = true;
        d.reason = d.warnings.empty() ? "allowed" : "allowed with warnings";
    }
    return d;
}

Decision decide_json(const Policy& policy, std::string_view json, const DecideOptions& options) {
    auto req = parse_authz_request(json, RequestLimits{policy.max_body});
    if (!req) {
        Decision d;
        return deny(
            std::move(d),
            req.error().code == ErrorCode::LimitExceeded ? "authz/oversized" : "authz/bad-request",
            req.error().message);
    }
    return decide(policy, *req, options);
}

std::string reply_json(const Decision& d) {
    nlohmann::json j = {{"Allow", d.allow}};
    if (!d.msg.empty()) j["Msg"] = d.msg;
    // A message quotes the request (a decoded URI may hold any byte): never throw on bad UTF-8.
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace berth::authz
