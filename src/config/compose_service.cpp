// SPDX-License-Identifier: Apache-2.0
// Compose service keys → engine::ContainerInspect, following docker/cli's compose loader and
// compose-go's types (short and long syntaxes of volumes, ports, devices, ulimits; deploy
// resources and restart policy as fallbacks of mem_limit, cpus, pids_limit and restart).
#include "config/compose_service.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "config/compose.hpp"
#include "core/text.hpp"

namespace berth::config {
namespace {

using yaml::Node;

Error bad(const Node& n, const std::string& key, const std::string& message) {
    return Error{ErrorCode::Format, key + ": " + message, yaml::where(n.pos)};
}

Result<std::string> scalar(const Node& n, const std::string& key) {
    if (n.type == Node::Type::Null) return std::string();
    if (!n.is_scalar()) return fail(bad(n, key, "expected a string"));
    return n.scalar;
}

Result<bool> boolean(const Node& n, const std::string& key) {
    auto s = scalar(n, key);
    if (!s) return fail(s.error());
    const std::string v = text::lower(*s);
    if (v == "true" || v == "yes" || v == "on" || v == "1") return true;
    if (v == "false" || v == "no" || v == "off" || v == "0" || v.empty()) return false;
    return fail(bad(n, key, "expected a boolean, got '" + *s + "'"));
}

Result<std::vector<std::string>> strings(const Node& n, const std::string& key) {
    std::vector<std::string> out;
    if (n.type == Node::Type::Null) return out;
    if (!n.is_seq()) return fail(bad(n, key, "expected a list of strings"));
    for (std::size_t i = 0; i < n.items.size(); ++i) {
        auto s = scalar(n.items[i], key + "[" + std::to_string(i) + "]");
        if (!s) return fail(s.error());
        out.push_back(std::move(*s));
    }
    return out;
}

Result<std::int64_t> integer(const Node& n, const std::string& key) {
    auto s = scalar(n, key);
    if (!s) return fail(s.error());
    char* end = nullptr;
    const long long v = std::strtoll(s->c_str(), &end, 10);
    if (s->empty() || end == nullptr || *end != '\0')
        return fail(bad(n, key, "expected an integer, got '" + *s + "'"));
    return static_cast<std::int64_t>(v);
}

Result<std::int64_t> optional_integer(const Node* n, const std::string& key) {
    if (n == nullptr) return 0;
    return integer(*n, key);
}

// The node at a dotted path ("deploy.resources.limits.memory"), or nullptr.
const Node* at(const Node& n, std::string_view path) {
    const Node* cur = &n;
    for (auto part : text::split(path, '.')) {
        if (!cur->is_map()) return nullptr;
        cur = cur->find(part);
        if (cur == nullptr) return nullptr;
    }
    return cur;
}

// The first of `keys` the service sets.
const Node* first(const Node& svc, std::initializer_list<std::string_view> keys,
                  std::string& which) {
    for (auto k : keys) {
        if (const Node* n = at(svc, k); n != nullptr && n->type != Node::Type::Null) {
            which = std::string(k);
            return n;
        }
    }
    return nullptr;
}

Status fill_flags(const Node& svc, engine::ContainerInspect& s, std::string& cgroupns) {
    struct Text {
        std::string_view key;
        std::string* out;
    };
    const Text texts[] = {{"user", &s.user},     {"network_mode", &s.network_mode},
                          {"pid", &s.pid_mode},  {"ipc", &s.ipc_mode},
                          {"uts", &s.uts_mode},  {"userns_mode", &s.userns_mode},
                          {"cgroup", &cgroupns}, {"cgroup_parent", &s.cgroup_parent},
                          {"image", &s.image}};
    for (const auto& t : texts) {
        if (const Node* n = svc.find(t.key)) {
            auto v = scalar(*n, std::string(t.key));
            if (!v) return fail(v.error());
            *t.out = std::move(*v);
        }
    }
    struct Flag {
        std::string_view key;
        bool* out;
    };
    const Flag flags[] = {{"privileged", &s.privileged}, {"read_only", &s.readonly_rootfs}};
    for (const auto& f : flags) {
        if (const Node* n = svc.find(f.key)) {
            auto v = boolean(*n, std::string(f.key));
            if (!v) return fail(v.error());
            *f.out = *v;
        }
    }
    struct List {
        std::string_view key;
        std::vector<std::string>* out;
    };
    const List lists[] = {
        {"cap_add", &s.cap_add}, {"cap_drop", &s.cap_drop}, {"security_opt", &s.security_opt}};
    for (const auto& l : lists) {
        if (const Node* n = svc.find(l.key)) {
            auto v = strings(*n, std::string(l.key));
            if (!v) return fail(v.error());
            *l.out = std::move(*v);
        }
    }
    return {};
}

Status fill_resources(const Node& svc, engine::ContainerInspect& s) {
    std::string key;
    if (const Node* n = first(svc, {"mem_limit", "deploy.resources.limits.memory"}, key)) {
        auto v = scalar(*n, key);
        if (!v) return fail(v.error());
        auto b = parse_bytes(*v);
        if (!b) return fail(bad(*n, key, b.error().message));
        s.memory = *b;
    }
    if (const Node* n = first(svc, {"cpus", "deploy.resources.limits.cpus"}, key)) {
        auto v = scalar(*n, key);
        if (!v) return fail(v.error());
        char* end = nullptr;
        const double cpus = std::strtod(v->c_str(), &end);
        if (v->empty() || *end != '\0' || !(cpus >= 0))
            return fail(bad(*n, key, "expected a number of CPUs, got '" + *v + "'"));
        s.nano_cpus = static_cast<std::int64_t>(std::llround(cpus * 1e9));
    }
    struct Int {
        std::initializer_list<std::string_view> keys;
        std::int64_t* out;
    };
    const Int ints[] = {{{"cpu_quota"}, &s.cpu_quota}, {{"cpu_shares"}, &s.cpu_shares}};
    for (const auto& i : ints) {
        if (const Node* n = first(svc, i.keys, key)) {
            auto v = integer(*n, key);
            if (!v) return fail(v.error());
            *i.out = *v;
        }
    }
    if (const Node* n = first(svc, {"pids_limit", "deploy.resources.limits.pids"}, key)) {
        auto v = integer(*n, key);
        if (!v) return fail(v.error());
        s.pids_limit = *v;
    }
    return {};
}

Status fill_restart(const Node& svc, engine::ContainerInspect& s) {
    if (const Node* n = svc.find("restart")) {
        auto v = scalar(*n, "restart");
        if (!v) return fail(v.error());
        const auto colon = v->find(':');
        s.restart_policy = v->substr(0, colon);
        if (colon != std::string::npos) {
            s.restart_max = std::strtoll(v->c_str() + colon + 1, nullptr, 10);
        }
        return {};
    }
    const Node* policy = at(svc, "deploy.restart_policy");
    if (policy == nullptr || !policy->is_map()) return {};
    std::string condition = "always";  // compose's default condition is "any"
    if (const Node* c = policy->find("condition")) {
        auto v = scalar(*c, "deploy.restart_policy.condition");
        if (!v) return fail(v.error());
        condition = *v == "any" ? "always" : *v == "none" ? "no" : *v;
    }
    s.restart_policy = condition;
    if (const Node* m = policy->find("max_attempts")) {
        auto v = integer(*m, "deploy.restart_policy.max_attempts");
        if (!v) return fail(v.error());
        s.restart_max = *v;
        if (condition == "always" && *v > 0) s.restart_policy = "on-failure";
    }
    return {};
}

Status fill_limits(const Node& svc, engine::ContainerInspect& s) {
    if (const Node* n = svc.find("ulimits"); n != nullptr && n->type != Node::Type::Null) {
        if (!n->is_map()) return fail(bad(*n, "ulimits", "expected a mapping"));
        for (std::size_t i = 0; i < n->keys.size(); ++i) {
            const Node& u = n->items[i];
            const std::string key = "ulimits." + n->keys[i];
            std::int64_t soft = 0;
            std::int64_t hard = 0;
            if (u.is_map()) {
                auto sv = optional_integer(u.find("soft"), key + ".soft");
                auto hv = optional_integer(u.find("hard"), key + ".hard");
                if (!sv) return fail(sv.error());
                if (!hv) return fail(hv.error());
                soft = *sv;
                hard = *hv;
            } else {
                auto v = integer(u, key);
                if (!v) return fail(v.error());
                soft = hard = *v;
            }
            s.ulimits.push_back(n->keys[i] + "=" + std::to_string(soft) + ":" +
                                std::to_string(hard));
        }
    }
    if (const Node* n = svc.find("devices"); n != nullptr && n->type != Node::Type::Null) {
        if (!n->is_seq()) return fail(bad(*n, "devices", "expected a list"));
        for (const Node& d : n->items) {
            if (d.is_map()) {
                const Node* src = d.find("source");
                const Node* dst = d.find("target");
                const Node* perm = d.find("permissions");
                const std::string from = src && src->is_scalar() ? src->scalar : "";
                s.devices.push_back(from + ":" + (dst && dst->is_scalar() ? dst->scalar : from) +
                                    ":" + (perm && perm->is_scalar() ? perm->scalar : "rwm"));
                continue;
            }
            auto v = scalar(d, "devices");
            if (!v) return fail(v.error());
            auto parts = text::split(*v, ':');
            const std::string from(parts[0]);
            const std::string to(parts.size() > 1 ? parts[1] : parts[0]);
            const std::string perm(parts.size() > 2 ? parts[2] : "rwm");
            s.devices.push_back(from + ":" + to + ":" + perm);
        }
    }
    return {};
}

// A host path (bind mount source) rather than a named volume: absolute, relative or ~.
bool host_path(std::string_view src) {
    return src.starts_with("/") || src.starts_with(".") || src.starts_with("~");
}

// "SRC:DST[:OPTS]" or "DST" (volumes short syntax).
engine::Mount short_volume(std::string_view spec) {
    engine::Mount m;
    auto parts = text::split(spec, ':');
    if (parts.size() == 1) {
        m.type = "volume";
        m.destination = std::string(parts[0]);
        return m;
    }
    m.source = std::string(parts[0]);
    m.destination = std::string(parts[1]);
    m.type = host_path(m.source) ? "bind" : "volume";
    if (parts.size() > 2) {
        for (auto opt : text::split(parts[2], ',')) {
            if (opt == "ro") m.rw = false;
            if (opt.find("shared") != std::string_view::npos ||
                opt.find("slave") != std::string_view::npos ||
                opt.find("private") != std::string_view::npos) {
                m.propagation = std::string(opt);
            }
        }
    }
    return m;
}

Result<engine::Mount> long_volume(const Node& v, const std::string& key) {
    engine::Mount m;
    const std::pair<std::string_view, std::string*> texts[] = {
        {"type", &m.type}, {"source", &m.source}, {"target", &m.destination}};
    for (const auto& [k, out] : texts) {
        if (const Node* n = v.find(k)) {
            auto s = scalar(*n, key + "." + std::string(k));
            if (!s) return fail(s.error());
            *out = std::move(*s);
        }
    }
    if (const Node* n = v.find("read_only")) {
        auto ro = boolean(*n, key + ".read_only");
        if (!ro) return fail(ro.error());
        m.rw = !*ro;
    }
    if (const Node* n = at(v, "bind.propagation")) {
        auto p = scalar(*n, key + ".bind.propagation");
        if (!p) return fail(p.error());
        m.propagation = std::move(*p);
    }
    if (m.type.empty()) m.type = host_path(m.source) ? "bind" : "volume";
    return m;
}

Status fill_mounts(const Node& svc, engine::ContainerInspect& s) {
    const Node* n = svc.find("volumes");
    if (n == nullptr || n->type == Node::Type::Null) return {};
    if (!n->is_seq()) return fail(bad(*n, "volumes", "expected a list"));
    for (std::size_t i = 0; i < n->items.size(); ++i) {
        const Node& v = n->items[i];
        const std::string key = "volumes[" + std::to_string(i) + "]";
        if (v.is_map()) {
            auto m = long_volume(v, key);
            if (!m) return fail(m.error());
            s.mounts.push_back(std::move(*m));
            continue;
        }
        auto spec = scalar(v, key);
        if (!spec) return fail(spec.error());
        s.mounts.push_back(short_volume(*spec));
    }
    return {};
}

bool port_text(std::string_view p, bool may_be_empty) {
    if (p.empty()) return may_be_empty;
    return std::all_of(p.begin(), p.end(),
                       [](char ch) { return (ch >= '0' && ch <= '9') || ch == '-'; });
}

// "[[IP:][HOST]:]CONTAINER[/PROTO]": "80", "8080:80", "127.0.0.1:8080:80/udp", "[::1]:53:53",
// "127.0.0.1::80" (any host port), "9090-9091:8080-8081".
Result<engine::PortBinding> short_port(const Node& n, const std::string& key) {
    auto spec = scalar(n, key);
    if (!spec) return fail(spec.error());
    std::string_view rest = *spec;
    std::string proto = "tcp";
    if (auto slash = rest.rfind('/'); slash != std::string_view::npos) {
        proto = std::string(rest.substr(slash + 1));
        rest = rest.substr(0, slash);
    }
    std::string ip;
    if (rest.starts_with("[")) {
        const auto close = rest.find(']');
        if (close == std::string_view::npos || rest.substr(close + 1, 1) != ":")
            return fail(bad(n, key, "invalid port '" + *spec + "'"));
        ip = std::string(rest.substr(1, close - 1));
        rest = rest.substr(close + 2);
    }
    auto parts = text::split(rest, ':');
    std::string host;
    if (parts.size() >= 3 && ip.empty()) {
        std::vector<std::string> head(parts.begin(), parts.end() - 2);
        ip = text::join(head, ":");
    }
    if (parts.size() >= 2) host = std::string(parts[parts.size() - 2]);
    const std::string container(parts.back());
    if (!port_text(container, false) || !port_text(host, true) || (!ip.empty() && parts.size() < 2))
        return fail(bad(n, key, "invalid port '" + *spec + "'"));
    return engine::PortBinding{container + "/" + proto, ip, host};
}

Result<engine::PortBinding> long_port(const Node& n, const std::string& key) {
    std::string target;
    std::string published;
    std::string ip;
    std::string proto = "tcp";
    const std::pair<std::string_view, std::string*> texts[] = {
        {"target", &target}, {"published", &published}, {"host_ip", &ip}, {"protocol", &proto}};
    for (const auto& [k, out] : texts) {
        if (const Node* v = n.find(k)) {
            auto s = scalar(*v, key + "." + std::string(k));
            if (!s) return fail(s.error());
            *out = std::move(*s);
        }
    }
    if (!port_text(target, false) || !port_text(published, true))
        return fail(bad(n, key, "invalid port target '" + target + "'"));
    return engine::PortBinding{target + "/" + proto, ip, published};
}

Status fill_ports(const Node& svc, engine::ContainerInspect& s) {
    const Node* n = svc.find("ports");
    if (n == nullptr || n->type == Node::Type::Null) return {};
    if (!n->is_seq()) return fail(bad(*n, "ports", "expected a list"));
    for (std::size_t i = 0; i < n->items.size(); ++i) {
        const std::string key = "ports[" + std::to_string(i) + "]";
        auto p = n->items[i].is_map() ? long_port(n->items[i], key) : short_port(n->items[i], key);
        if (!p) return fail(p.error());
        // Only published ports bind on the host (dockerd records the others without a binding).
        if (!p->host_port.empty() || !p->host_ip.empty()) s.ports.push_back(std::move(*p));
    }
    return {};
}

}  // namespace

Result<std::int64_t> parse_bytes(std::string_view text) {
    const std::string t = text::lower(text::trim(text));
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (t.empty() || end == t.c_str() || !(v >= 0))
        return fail(ErrorCode::Format, "invalid size '" + std::string(text) + "'");
    std::string unit(end);
    if (unit.size() > 1 && unit.back() == 'b') unit.pop_back();
    double mult = 1;
    if (unit == "k") {
        mult = 1024.0;
    } else if (unit == "m") {
        mult = 1024.0 * 1024;
    } else if (unit == "g") {
        mult = 1024.0 * 1024 * 1024;
    } else if (unit == "t") {
        mult = 1024.0 * 1024 * 1024 * 1024;
    } else if (!unit.empty() && unit != "b") {
        return fail(ErrorCode::Format, "invalid size '" + std::string(text) + "'");
    }
    if (v * mult > 9.0e18)
        return fail(ErrorCode::Format, "size too large '" + std::string(text) + "'");
    return static_cast<std::int64_t>(v * mult);
}

Status fill_service(const std::string& name, const Node& svc, Container& c) {
    // `web:` with nothing under it is a service with every setting at its default (compose-go).
    if (svc.type == Node::Type::Null) {
        c.settings.name = name;
        return {};
    }
    if (!svc.is_map()) return fail(bad(svc, "services." + name, "expected a mapping"));
    engine::ContainerInspect& s = c.settings;
    s.name = name;
    if (const Node* n = svc.find("container_name"); n != nullptr && n->is_scalar()) {
        s.name = n->scalar;
    }
    for (std::size_t i = 0; i < svc.keys.size(); ++i) c.keys[svc.keys[i]] = svc.key_pos[i];
    if (auto st = fill_flags(svc, s, c.cgroupns_mode); !st) return st;
    if (auto st = fill_resources(svc, s); !st) return st;
    if (auto st = fill_restart(svc, s); !st) return st;
    if (auto st = fill_limits(svc, s); !st) return st;
    if (auto st = fill_mounts(svc, s); !st) return st;
    return fill_ports(svc, s);
}

}  // namespace berth::config
