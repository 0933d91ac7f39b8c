// SPDX-License-Identifier: Apache-2.0
// Policy YAML → Policy. The document is read through config's position-keeping YAML tree
// (config/yaml_tree.hpp: duplicate keys refused, aliases bounded), so every error names
// FILE:LINE:COLUMN; then roles are resolved (`extends`) and every name is checked.
#include "authz/policy.hpp"

#include <algorithm>
#include <functional>
#include <set>

#include "config/rule.hpp"
#include "config/yaml_tree.hpp"
#include "core/file.hpp"
#include "core/text.hpp"

namespace berth::authz {
namespace {

using config::yaml::Node;

Error error_at(const config::Position& p, std::string message) {
    return Error{ErrorCode::Format, std::move(message), config::yaml::where(p)};
}

Status check_keys(const Node& n, std::initializer_list<std::string_view> known,
                  std::string_view what) {
    if (!n.is_map()) return fail(error_at(n.pos, std::string(what) + " must be a mapping"));
    for (std::size_t i = 0; i < n.keys.size(); ++i) {
        const std::string& k = n.keys[i];
        if (std::find(known.begin(), known.end(), k) != known.end()) continue;
        std::string msg = "unknown key '" + k + "' in " + std::string(what);
        std::string_view best;
        std::size_t best_d = 3;
        for (auto cand : known) {
            if (auto d = text::edit_distance(k, cand); d < best_d) best = cand, best_d = d;
        }
        if (!best.empty()) msg += " (did you mean '" + std::string(best) + "'?)";
        return fail(error_at(n.key_pos[i], msg));
    }
    return {};
}

Result<std::string> scalar(const Node& n, std::string_view what) {
    if (!n.is_scalar()) return fail(error_at(n.pos, std::string(what) + " must be a string"));
    return n.scalar;
}

// A scalar or a sequence of scalars.
Result<std::vector<std::string>> scalars(const Node& n, std::string_view what) {
    if (n.is_scalar()) return std::vector<std::string>{n.scalar};
    if (n.type == Node::Type::Null) return std::vector<std::string>{};
    if (!n.is_seq()) return fail(error_at(n.pos, std::string(what) + " must be a list"));
    std::vector<std::string> out;
    for (const Node& item : n.items) {
        auto s = scalar(item, what);
        if (!s) return fail(s.error());
        out.push_back(std::move(*s));
    }
    return out;
}

Result<Mode> parse_mode(const Node& n) {
    auto s = scalar(n, "a runtime rule mode");
    if (!s) return fail(s.error());
    const std::string v = text::lower(*s);
    if (v == "on" || v == "true" || v == "deny") return Mode::On;
    if (v == "off" || v == "false") return Mode::Off;
    if (v == "warn") return Mode::Warn;
    return fail(error_at(n.pos, "runtime rule mode must be on, off or warn, not '" + *s + "'"));
}

Result<std::optional<check::Severity>> parse_severity(const Node& n) {
    auto s = scalar(n, "a severity");
    if (!s) return fail(s.error());
    const std::string v = text::lower(*s);
    if (v == "none" || v == "off") return std::optional<check::Severity>{};
    for (auto sev : {check::Severity::Info, check::Severity::Low, check::Severity::Medium,
                     check::Severity::High, check::Severity::Critical}) {
        if (text::iequals(check::severity_name(sev), v)) return std::optional(sev);
    }
    return fail(
        error_at(n.pos, "unknown severity '" + *s + "' (critical, high, medium, low, none)"));
}

Result<RuntimeModes> parse_runtime(const Node& n) {
    if (!n.is_map()) return fail(error_at(n.pos, "runtime must be a mapping"));
    std::set<std::string> ids;
    for (const auto& r : config::all_rules()) {
        const std::string_view id = r.info->id;
        ids.insert(std::string(id.substr(id.rfind('/') + 1)));
    }
    RuntimeModes m;
    for (std::size_t i = 0; i < n.keys.size(); ++i) {
        const std::string key = n.keys[i];
        if (key == "default") {
            auto mode = parse_mode(n.items[i]);
            if (!mode) return fail(mode.error());
            m.fallback = *mode;
        } else if (key == "deny-at") {
            auto sev = parse_severity(n.items[i]);
            if (!sev) return fail(sev.error());
            m.deny_at = *sev;
        } else {
            std::string id = text::upper(key.substr(key.rfind('/') + 1));
            if (!ids.count(id)) {
                return fail(error_at(n.key_pos[i], "no runtime rule is called '" + key +
                                                       "' (RT001…RT028, default, deny-at)"));
            }
            auto mode = parse_mode(n.items[i]);
            if (!mode) return fail(mode.error());
            m.by_id[id] = *mode;
        }
    }
    return m;
}

Result<PathRule> parse_path_rule(const Node& n, const std::string& file) {
    if (auto s = check_keys(n, {"method", "path", "query"}, "a rule"); !s) return fail(s.error());
    PathRule r;
    r.source = config::yaml::where(n.pos);
    (void)file;
    const Node* path = n.find("path");
    if (!path) return fail(error_at(n.pos, "a rule needs a path"));
    auto p = scalar(*path, "path");
    if (!p) return fail(p.error());
    if (p->empty() || (*p)[0] != '/') {
        return fail(error_at(path->pos, "path must start with '/': '" + *p + "'"));
    }
    r.path = *p;
    if (const Node* m = n.find("method")) {
        auto ms = scalars(*m, "method");
        if (!ms) return fail(ms.error());
        for (auto& x : *ms) {
            if (x != "*") r.methods.push_back(normalize_method(x));
        }
    }
    if (const Node* q = n.find("query")) {
        if (!q->is_map()) return fail(error_at(q->pos, "query must be a mapping"));
        for (std::size_t i = 0; i < q->keys.size(); ++i) {
            auto v = scalar(q->items[i], "a query value");
            if (!v) return fail(v.error());
            r.query.emplace_back(q->keys[i], *v);
        }
    }
    return r;
}

Result<std::vector<PathRule>> parse_rules(const Node& n, const std::string& file) {
    if (!n.is_seq()) return fail(error_at(n.pos, "allow and deny must be lists of rules"));
    std::vector<PathRule> out;
    for (const Node& item : n.items) {
        auto r = parse_path_rule(item, file);
        if (!r) return fail(r.error());
        out.push_back(std::move(*r));
    }
    return out;
}

// A role as written, before `extends` is resolved.
struct RawRole {
    Role role;
    std::vector<std::pair<std::string, config::Position>> extends;
    bool has_runtime = false;
};

Result<RawRole> parse_role(const std::string& name, const Node& n, const std::string& file) {
    if (auto s = check_keys(n, {"extends", "allow", "deny", "runtime", "owner-label"}, "a role");
        !s) {
        return fail(s.error());
    }
    RawRole raw;
    raw.role.name = name;
    raw.role.source = config::yaml::where(n.pos);
    if (const Node* e = n.find("extends")) {
        auto names = scalars(*e, "extends");
        if (!names) return fail(names.error());
        for (auto& x : *names) raw.extends.emplace_back(x, e->pos);
    }
    const std::pair<const char*, std::vector<PathRule>*> lists[] = {{"allow", &raw.role.allow},
                                                                    {"deny", &raw.role.deny}};
    for (auto [key, dest] : lists) {
        if (const Node* r = n.find(key)) {
            auto rules = parse_rules(*r, file);
            if (!rules) return fail(rules.error());
            *dest = std::move(*rules);
        }
    }
    if (const Node* r = n.find("runtime")) {
        auto m = parse_runtime(*r);
        if (!m) return fail(m.error());
        raw.role.runtime = std::move(*m);
        raw.has_runtime = true;
    }
    if (const Node* o = n.find("owner-label")) {
        auto s = scalar(*o, "owner-label");
        if (!s) return fail(s.error());
        raw.role.owner_label = *s;
    }
    return raw;
}

// Resolves `extends` depth first; a role inherits its parents' rules, admin flag, owner label
// and (unless it sets its own) the first parent's runtime modes.
Status resolve_roles(std::map<std::string, RawRole>& raw, Policy& p) {
    std::map<std::string, int> state;  // 1 = in progress, 2 = done
    std::function<Status(const std::string&)> visit = [&](const std::string& name) -> Status {
        RawRole& r = raw.at(name);
        if (state[name] == 2) return {};
        state[name] = 1;
        bool inherited_runtime = r.has_runtime;
        for (const auto& [parent, pos] : r.extends) {
            if (!p.roles.count(parent) && !raw.count(parent)) {
                return fail(
                    error_at(pos, "role '" + name + "' extends unknown role '" + parent + "'"));
            }
            if (raw.count(parent)) {
                if (state[parent] == 1) {
                    return fail(error_at(
                        pos, "roles extend each other in a cycle through '" + parent + "'"));
                }
                if (auto s = visit(parent); !s) return s;
            }
            const Role& base = p.roles.at(parent);
            r.role.allow.insert(r.role.allow.end(), base.allow.begin(), base.allow.end());
            r.role.deny.insert(r.role.deny.end(), base.deny.begin(), base.deny.end());
            r.role.admin = r.role.admin || base.admin;
            if (r.role.owner_label.empty()) r.role.owner_label = base.owner_label;
            if (!inherited_runtime) {
                r.role.runtime = base.runtime;
                inherited_runtime = true;
            }
        }
        p.roles[name] = r.role;
        state[name] = 2;
        return {};
    };
    for (auto& [name, r] : raw) {
        if (auto s = visit(name); !s) return s;
    }
    return {};
}

Status parse_roles(const Node& n, Policy& p, const std::string& file) {
    if (!n.is_map()) return fail(error_at(n.pos, "roles must be a mapping"));
    std::map<std::string, RawRole> raw;
    for (std::size_t i = 0; i < n.keys.size(); ++i) {
        if (p.roles.count(n.keys[i])) {
            return fail(error_at(n.key_pos[i], "role '" + n.keys[i] +
                                                   "' is built in; extend it under another name"));
        }
        auto r = parse_role(n.keys[i], n.items[i], file);
        if (!r) return fail(r.error());
        raw[n.keys[i]] = std::move(*r);
    }
    return resolve_roles(raw, p);
}

Result<std::vector<std::string>> role_names(const Node& n, const Policy& p, std::string_view what) {
    auto names = scalars(n, what);
    if (!names) return fail(names.error());
    for (const auto& r : *names) {
        if (!p.roles.count(r)) return fail(error_at(n.pos, "unknown role '" + r + "'"));
    }
    return names;
}

Status parse_users(const Node& n, Policy& p) {
    if (!n.is_map()) return fail(error_at(n.pos, "users must be a mapping"));
    for (std::size_t i = 0; i < n.keys.size(); ++i) {
        const Node* roles = &n.items[i];
        if (roles->is_map()) {
            if (auto s = check_keys(*roles, {"roles"}, "a user"); !s) return s;
            roles = roles->find("roles");
            if (!roles) return fail(error_at(n.items[i].pos, "a user needs roles"));
        }
        auto names = role_names(*roles, p, "a user's roles");
        if (!names) return fail(names.error());
        p.users[n.keys[i]] = std::move(*names);
    }
    return {};
}

Status parse_groups(const Node& n, Policy& p) {
    if (!n.is_map()) return fail(error_at(n.pos, "groups must be a mapping"));
    for (std::size_t i = 0; i < n.keys.size(); ++i) {
        const Node& g = n.items[i];
        if (auto s = check_keys(g, {"members", "roles"}, "a group"); !s) return s;
        if (const Node* r = g.find("roles")) {
            auto names = role_names(*r, p, "a group's roles");
            if (!names) return fail(names.error());
            p.groups[n.keys[i]] = std::move(*names);
        } else {
            return fail(error_at(g.pos, "a group needs roles"));
        }
        if (const Node* m = g.find("members")) {
            auto users = scalars(*m, "members");
            if (!users) return fail(users.error());
            for (auto& u : *users) p.members[u].push_back(n.keys[i]);
        }
    }
    return {};
}

Status parse_identity(const Node& n, Policy& p) {
    if (auto s = check_keys(n, {"user", "groups-from"}, "identity"); !s) return s;
    if (const Node* u = n.find("user")) {
        auto v = scalar(*u, "identity.user");
        if (!v) return fail(v.error());
        if (*v == "cn") {
            p.identity = IdentitySource::Cn;
        } else if (*v == "san") {
            p.identity = IdentitySource::San;
        } else {
            return fail(error_at(u->pos, "identity.user must be cn or san, not '" + *v + "'"));
        }
    }
    if (const Node* g = n.find("groups-from")) {
        auto v = scalar(*g, "identity.groups-from");
        if (!v) return fail(v.error());
        if (*v != "organization" && *v != "none") {
            return fail(error_at(g->pos, "identity.groups-from must be organization or none"));
        }
        p.groups_from_organization = *v == "organization";
    }
    return {};
}

Status parse_images(const Node& n, Policy& p) {
    if (auto s =
            check_keys(n, {"allowed-registries", "require-signature", "max-severity"}, "images");
        !s) {
        return s;
    }
    if (const Node* r = n.find("allowed-registries")) {
        auto regs = scalars(*r, "allowed-registries");
        if (!regs) return fail(regs.error());
        p.images.allowed_registries = std::move(*regs);
    }
    if (const Node* s = n.find("require-signature")) {
        auto v = scalar(*s, "require-signature");
        if (!v) return fail(v.error());
        if (*v != "true" && *v != "false") {
            return fail(error_at(s->pos, "require-signature must be true or false"));
        }
        p.images.require_signature = *v == "true";
        if (p.images.require_signature) {
            p.notes.push_back(config::yaml::where(s->pos) +
                              ": images.require-signature is not enforced yet");
        }
    }
    if (const Node* s = n.find("max-severity")) {
        auto sev = parse_severity(*s);
        if (!sev) return fail(sev.error());
        p.images.max_severity = s->scalar;
        p.notes.push_back(config::yaml::where(s->pos) +
                          ": images.max-severity (vulnerability gate) is not enforced yet");
    }
    return {};
}

Status parse_limits(const Node& n, Policy& p) {
    if (auto s = check_keys(n, {"max-body", "min-api-version"}, "limits"); !s) return s;
    if (const Node* b = n.find("max-body")) {
        auto v = scalar(*b, "max-body");
        if (!v) return fail(v.error());
        std::size_t size = 0;
        try {
            size = std::stoul(*v);
        } catch (const std::exception&) {
            return fail(error_at(b->pos, "max-body must be a number of bytes"));
        }
        if (size == 0 || size > (64U << 20U)) {
            return fail(error_at(b->pos, "max-body must be between 1 and 67108864 bytes"));
        }
        p.max_body = size;
    }
    if (const Node* v = n.find("min-api-version")) {
        auto s = scalar(*v, "min-api-version");
        if (!s) return fail(s.error());
        p.min_api_version = *s;
    }
    return {};
}

Status parse_top(const Node& doc, Policy& p, const std::string& file) {
    if (auto s = check_keys(doc,
                            {"version", "identity", "anonymous", "users", "groups", "roles",
                             "images", "limits", "protected-paths"},
                            "the policy");
        !s) {
        return s;
    }
    if (const Node* r = doc.find("roles")) {
        if (auto s = parse_roles(*r, p, file); !s) return s;
    }
    if (const Node* u = doc.find("users")) {
        if (auto s = parse_users(*u, p); !s) return s;
    }
    if (const Node* g = doc.find("groups")) {
        if (auto s = parse_groups(*g, p); !s) return s;
    }
    if (const Node* a = doc.find("anonymous")) {
        auto v = scalar(*a, "anonymous");
        if (!v) return fail(v.error());
        if (*v != "deny" && !p.roles.count(*v)) {
            return fail(error_at(a->pos, "anonymous must be deny or a role, not '" + *v + "'"));
        }
        p.anonymous_role = *v == "deny" ? "" : *v;
    }
    using Parser = Status (*)(const Node&, Policy&);
    const std::pair<const char*, Parser> sections[] = {
        {"identity", parse_identity}, {"images", parse_images}, {"limits", parse_limits}};
    for (auto [key, parse] : sections) {
        if (const Node* n = doc.find(key)) {
            if (auto s = parse(*n, p); !s) return s;
        }
    }
    if (const Node* pp = doc.find("protected-paths")) {
        auto paths = scalars(*pp, "protected-paths");
        if (!paths) return fail(paths.error());
        p.protected_paths = std::move(*paths);
    }
    return {};
}

}  // namespace

Result<Policy> parse_policy(std::string_view yaml, const std::string& file) {
    auto doc = config::yaml::parse(yaml, file);
    if (!doc) return fail(doc.error());
    if (doc->type == Node::Type::Null) {
        return fail(ErrorCode::Format, "the policy is empty (berth never allows everything)", file);
    }
    Policy p;
    p.file = file;
    p.roles = builtin_roles();
    if (auto s = parse_top(*doc, p, file); !s) return fail(s.error());
    if (p.users.empty() && p.groups.empty() && p.anonymous_role.empty()) {
        return fail(ErrorCode::Format, "the policy names no users, groups or anonymous role", file);
    }
    return p;
}

Result<Policy> load_policy(const std::string& path) {
    auto text = read_regular_file(path, 4U << 20U);
    if (!text) return fail(text.error());
    return parse_policy(*text, path);
}

}  // namespace berth::authz
