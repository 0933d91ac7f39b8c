// SPDX-License-Identifier: Apache-2.0
// The built-in roles and the path/method/query matcher. Endpoint lists follow the Engine API
// v1.41 reference (docs.docker.com/engine/api/v1.41/); an endpoint not listed for a role is
// denied to it, so an endpoint added by a newer engine stays denied until a policy allows it.
#include "authz/policy.hpp"
#include "core/text.hpp"

namespace berth::authz {
namespace {

// GET/HEAD endpoints that show metadata only: no file contents (archive, export, images/get),
// no process output (logs, attach), no secrets' data.
constexpr std::string_view kReadOnly[] = {
    "/_ping",
    "/version",
    "/info",
    "/events",
    "/system/df",
    "/containers/json",
    "/containers/*/json",
    "/containers/*/top",
    "/containers/*/changes",
    "/containers/*/stats",
    "/exec/*/json",
    "/images/json",
    "/images/search",
    "/images/**/history",
    "/images/**/json",
    "/networks",
    "/networks/*",
    "/volumes",
    "/volumes/*",
    "/plugins",
    "/plugins/**/json",
    "/swarm",
    "/nodes",
    "/nodes/*",
    "/services",
    "/services/*",
    "/tasks",
    "/tasks/*",
    "/secrets",
    "/secrets/*",
    "/configs",
    "/configs/*",
    "/distribution/**/json",
};

// What an auditor reads beyond read-only: process output.
constexpr std::string_view kAuditorExtra[] = {
    "/containers/*/logs",
    "/services/*/logs",
    "/tasks/*/logs",
};

// The container lifecycle an operator runs (`docker run`, start, stop, exec, logs).
constexpr std::pair<std::string_view, std::string_view> kOperator[] = {
    {"POST", "/containers/create"},     {"POST", "/containers/*/start"},
    {"POST", "/containers/*/stop"},     {"POST", "/containers/*/restart"},
    {"POST", "/containers/*/kill"},     {"POST", "/containers/*/wait"},
    {"POST", "/containers/*/attach"},   {"POST", "/containers/*/resize"},
    {"POST", "/containers/*/exec"},     {"POST", "/exec/*/start"},
    {"POST", "/exec/*/resize"},         {"GET", "/containers/*/logs"},
    {"GET", "/containers/*/attach/ws"},
};

PathRule get_rule(std::string_view path, const std::string& source) {
    return PathRule{{"GET", "HEAD"}, std::string(path), {}, source};
}

Role read_only_role(std::string name) {
    Role r;
    r.name = std::move(name);
    r.source = "built-in " + r.name;
    for (auto p : kReadOnly) r.allow.push_back(get_rule(p, r.source));
    return r;
}

// One pattern segment against one path segment: '*' inside matches any run of characters.
bool segment_matches(std::string_view pat, std::string_view seg) {
    const auto star = pat.find('*');
    if (star == std::string_view::npos) return pat == seg;
    const std::string_view head = pat.substr(0, star);
    if (seg.substr(0, head.size()) != head) return false;
    const std::string_view tail = pat.substr(star + 1);
    for (std::size_t i = head.size(); i <= seg.size(); ++i) {
        if (segment_matches(tail, seg.substr(i))) return true;
    }
    return false;
}

bool segments_match(const std::vector<std::string_view>& pat, std::size_t pi,
                    const std::vector<std::string_view>& path, std::size_t si) {
    if (pi == pat.size()) return si == path.size();
    if (pat[pi] == "**") {
        for (std::size_t k = si; k <= path.size(); ++k) {
            if (segments_match(pat, pi + 1, path, k)) return true;
        }
        return false;
    }
    if (si == path.size() || !segment_matches(pat[pi], path[si])) return false;
    return segments_match(pat, pi + 1, path, si + 1);
}

std::vector<std::string_view> segments(std::string_view p) {
    std::vector<std::string_view> out;
    for (auto s : text::split(p, '/')) {
        if (!s.empty()) out.push_back(s);
    }
    return out;
}

}  // namespace

std::string_view mode_name(Mode m) {
    switch (m) {
        case Mode::Off:
            return "off";
        case Mode::Warn:
            return "warn";
        case Mode::On:
            return "on";
    }
    return "on";
}

bool path_matches(std::string_view pattern, std::string_view path) {
    return segments_match(segments(pattern), 0, segments(path), 0);
}

bool rule_matches(const PathRule& rule, std::string_view method, const Uri& uri, bool deny_side) {
    if (!rule.methods.empty()) {
        bool any = false;
        for (const auto& m : rule.methods) any = any || m == method;
        if (!any) return false;
    }
    if (!path_matches(rule.path, uri.path)) return false;
    for (const auto& [key, want] : rule.query) {
        const auto& values = uri.all(key);
        if (values.empty()) return false;
        bool hit = false;
        for (std::size_t i = 0; i < (deny_side ? values.size() : 1); ++i) {
            hit = hit || want == "*" || segment_matches(want, values[i]);
        }
        if (!hit) return false;
    }
    return true;
}

Mode RuntimeModes::mode_of(const check::RuleInfo& rule) const {
    std::string_view id = rule.id;
    if (auto slash = id.rfind('/'); slash != std::string_view::npos) id.remove_prefix(slash + 1);
    if (auto it = by_id.find(std::string(id)); it != by_id.end()) return it->second;
    if (deny_at && rule.severity >= *deny_at) return Mode::On;
    return fallback;
}

std::map<std::string, Role> builtin_roles() {
    std::map<std::string, Role> roles;
    Role admin;
    admin.name = "admin";
    admin.source = "built-in admin";
    admin.admin = true;
    admin.allow.push_back(PathRule{{}, "/**", {}, admin.source});
    admin.runtime.deny_at.reset();  // an admin's containers are judged, findings only logged
    roles["admin"] = admin;

    Role ro = read_only_role("read-only");
    roles["read-only"] = ro;

    Role auditor = read_only_role("auditor");
    for (auto p : kAuditorExtra) auditor.allow.push_back(get_rule(p, auditor.source));
    roles["auditor"] = auditor;

    Role op = read_only_role("operator");
    for (const auto& [m, p] : kOperator) {
        op.allow.push_back(PathRule{{std::string(m)}, std::string(p), {}, op.source});
    }
    op.owner_label = "berth.owner";
    roles["operator"] = op;
    return roles;
}

}  // namespace berth::authz
