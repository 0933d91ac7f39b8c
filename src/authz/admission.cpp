// SPDX-License-Identifier: Apache-2.0
#include "authz/admission.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "config/inspect.hpp"
#include "core/json_read.hpp"
#include "core/text.hpp"

namespace berth::authz {
namespace {

using json_read::Cursor;
using nlohmann::json;

constexpr std::string_view kWhere = "request body";

Result<json> parse_object(std::string_view body) {
    auto doc = json_read::parse(body, std::string(kWhere));
    if (!doc) return fail(doc.error());
    if (!doc->is_object()) {
        return fail(ErrorCode::Format,
                    "$: expected a JSON object, got " + std::string(json_read::type_name(*doc)),
                    std::string(kWhere));
    }
    return doc;
}

// "src:dst[:opts]" of HostConfig.Binds as an inspect mount.
json bind_mount(const std::string& spec, const PathResolver& resolve) {
    auto parts = text::split(spec, ':');
    json m = {
        {"Type", "volume"}, {"Source", ""}, {"Destination", ""}, {"RW", true}, {"Propagation", ""}};
    if (parts.size() == 1) {  // an anonymous volume: just the destination
        m["Destination"] = std::string(parts[0]);
        return m;
    }
    std::string source(parts[0]);
    if (!source.empty() && source[0] == '/') {
        m["Type"] = "bind";
        source = resolve(source);
    }
    m["Source"] = source;
    m["Destination"] = std::string(parts[1]);
    if (parts.size() > 2) {
        for (auto opt : text::split(parts[2], ',')) {
            if (opt == "ro") m["RW"] = false;
            if (opt.find("shared") != std::string_view::npos ||
                opt.find("slave") != std::string_view::npos ||
                opt.find("private") != std::string_view::npos) {
                m["Propagation"] = std::string(opt);
            }
        }
    }
    return m;
}

// HostConfig.Binds and HostConfig.Mounts as inspect "Mounts", types checked.
Result<json> mounts_of(const Cursor& hc, const PathResolver& resolve) {
    json out = json::array();
    auto binds = hc.opt_strings("Binds");
    if (!binds) return fail(binds.error());
    for (const auto& b : *binds) out.push_back(bind_mount(b, resolve));
    auto mounts = hc["Mounts"].elements();
    if (!mounts) return fail(mounts.error());
    for (const Cursor& m : *mounts) {
        auto type = m.opt_string("Type");
        auto source = m.opt_string("Source");
        auto target = m.opt_string("Target");
        auto ro = m.opt_bool("ReadOnly");
        auto bind_opts = m.opt_object("BindOptions");
        for (auto* s : {&type, &source, &target}) {
            if (!*s) return fail(s->error());
        }
        if (!ro) return fail(ro.error());
        if (!bind_opts) return fail(bind_opts.error());
        auto propagation = bind_opts->opt_string("Propagation");
        if (!propagation) return fail(propagation.error());
        std::string src = *source;
        if (*type == "bind") src = resolve(src);
        out.push_back({{"Type", *type},
                       {"Source", src},
                       {"Destination", *target},
                       {"RW", !*ro},
                       {"Propagation", *propagation}});
    }
    return out;
}

const std::vector<config::Rule>& rules() {
    static const std::vector<config::Rule> kRules = config::all_rules();
    return kRules;
}

std::string short_id(const check::RuleInfo& info) {
    const std::string_view id = info.id;
    return std::string(id.substr(id.rfind('/') + 1));
}

std::string tamper_of(const config::Container& c, const std::vector<std::string>& protected_paths) {
    for (const auto& m : c.settings.mounts) {
        if (m.type != "bind") continue;
        auto hit = touches_protected(m.source, protected_paths);
        if (hit.empty()) hit = touches_protected(m.source, builtin_protected_paths());
        if (!hit.empty()) return m.source + " (protected: " + hit + ")";
    }
    return {};
}

// The create body (parsed) as a Container, through the inspect shape and config::load_inspect.
Result<config::Container> container_from_json(const json& doc, const PathResolver& resolve) {
    const Cursor root(doc, std::string(kWhere));
    auto image = root.opt_string("Image");
    auto user = root.opt_string("User");
    auto hc = root.opt_object("HostConfig");
    if (!image) return fail(image.error());
    if (!user) return fail(user.error());
    if (!hc) return fail(hc.error());
    auto mounts = mounts_of(*hc, resolve);
    if (!mounts) return fail(mounts.error());
    json inspect = {{"Id", "(create request)"},
                    {"Config", {{"Image", *image}, {"User", *user}}},
                    {"HostConfig", hc->present() ? hc->value() : json::object()},
                    {"Mounts", std::move(*mounts)}};
    inspect["HostConfig"].erase("Mounts");
    auto containers = config::load_inspect(inspect, std::string(kWhere));
    if (!containers) return fail(containers.error());
    config::Container c = std::move(containers->front());
    c.object = "container " + image->substr(0, 80);
    return c;
}

bool under(std::string_view path, std::string_view dir) {
    while (dir.size() > 1 && dir.back() == '/') dir.remove_suffix(1);
    while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
    if (dir == "/") return true;
    return path == dir || (path.size() > dir.size() && path.substr(0, dir.size()) == dir &&
                           path[dir.size()] == '/');
}

}  // namespace

std::string resolve_on_host(const std::string& path) {
    std::error_code ec;
    auto p = std::filesystem::weakly_canonical(path, ec);
    if (ec || p.empty()) return path;
    return p.string();
}

const std::vector<std::string>& builtin_protected_paths() {
    static const std::vector<std::string> kPaths = {
        "/run/docker/plugins", "/var/run/docker/plugins",
        "/etc/docker",         "/usr/lib/docker/plugins",
        "/run/berth",          "/etc/berth",
        "/run/docker.sock",    "/var/run/docker.sock",
    };
    return kPaths;
}

std::string touches_protected(const std::string& source,
                              const std::vector<std::string>& protected_paths) {
    if (source.empty() || source[0] != '/') return {};
    for (const auto& p : protected_paths) {
        if (under(source, p) || under(p, source)) return p;
    }
    return {};
}

Result<config::Container> container_from_create(std::string_view body,
                                                const PathResolver& resolve) {
    auto doc = parse_object(body);
    if (!doc) return fail(doc.error());
    return container_from_json(*doc, resolve);
}

std::vector<Finding> judge_container(const config::Container& c, const RuntimeModes& modes,
                                     const std::vector<std::string>& only) {
    std::vector<Finding> out;
    for (const auto& rule : rules()) {
        if (!only.empty() &&
            std::find(only.begin(), only.end(), short_id(*rule.info)) == only.end()) {
            continue;
        }
        const Mode mode = modes.mode_of(*rule.info);
        if (mode == Mode::Off) continue;
        if (auto why = rule.judge(c)) out.push_back({rule.info, *why, mode});
    }
    return out;
}

Result<Admission> admit_create(std::string_view body, const RuntimeModes& modes,
                               const std::vector<std::string>& protected_paths,
                               const PathResolver& resolve) {
    auto doc = parse_object(body);
    if (!doc) return fail(doc.error());
    auto c = container_from_json(*doc, resolve);
    if (!c) return fail(c.error());
    Admission a;
    a.findings = judge_container(*c, modes);
    a.tamper = tamper_of(*c, protected_paths);
    a.image = c->settings.image;
    const Cursor labels = Cursor(*doc, std::string(kWhere))["Labels"];
    auto members = labels.members();
    if (!members) return fail(members.error());
    for (const auto& [k, v] : *members) {
        auto s = v.as_string();
        if (!s) return fail(v.error("expected a string label value"));
        a.labels.push_back(k + "=" + *s);
    }
    return a;
}

Result<Admission> admit_update(std::string_view body, const RuntimeModes& modes) {
    auto doc = parse_object(body);
    if (!doc) return fail(doc.error());
    const json& d = *doc;
    std::vector<std::string> only;
    if (d.contains("Devices") && !d["Devices"].is_null()) only.push_back("RT018");
    if (d.contains("PidsLimit") && !d["PidsLimit"].is_null()) only.push_back("RT021");
    if (d.contains("RestartPolicy") && !d["RestartPolicy"].is_null()) only.push_back("RT024");
    json hc = d;
    hc.erase("Mounts");
    if (hc.contains("PidsLimit") && hc["PidsLimit"].is_number_integer() &&
        hc["PidsLimit"].get<std::int64_t>() <= 0) {
        hc["PidsLimit"] = 0;
    }
    json inspect = {{"Id", "(update request)"}, {"HostConfig", std::move(hc)}};
    auto containers = config::load_inspect(inspect, std::string(kWhere));
    if (!containers) return fail(containers.error());
    Admission a;
    if (!only.empty()) a.findings = judge_container(containers->front(), modes, only);
    return a;
}

Result<Admission> admit_exec(std::string_view body, const RuntimeModes& modes) {
    auto doc = parse_object(body);
    if (!doc) return fail(doc.error());
    const Cursor root(*doc, std::string(kWhere));
    auto privileged = root.opt_bool("Privileged");
    if (!privileged) return fail(privileged.error());
    auto user = root.opt_string("User");
    if (!user) return fail(user.error());
    for (auto key : {"Cmd", "Env"}) {
        if (auto s = root.opt_strings(key); !s) return fail(s.error());
    }
    config::Container c;
    c.settings.privileged = *privileged;
    c.settings.user = *user;
    Admission a;
    a.findings = judge_container(c, modes, {"RT001"});
    return a;
}

Result<Admission> admit_volume(std::string_view body, const RuntimeModes& modes,
                               const std::vector<std::string>& protected_paths,
                               const PathResolver& resolve) {
    auto doc = parse_object(body);
    if (!doc) return fail(doc.error());
    const Cursor root(*doc, std::string(kWhere));
    auto driver = root.opt_string("Driver");
    if (!driver) return fail(driver.error());
    if (auto n = root.opt_string("Name"); !n) return fail(n.error());
    auto opts = root["DriverOpts"].members();
    if (!opts) return fail(opts.error());
    std::map<std::string, std::string> o;
    for (const auto& [k, v] : *opts) {
        auto s = v.as_string();
        if (!s) return fail(v.error("expected a string option"));
        o[k] = *s;
    }
    Admission a;
    const bool local = driver->empty() || *driver == "local";
    const bool bind = o["type"] == "none" || o["o"].find("bind") != std::string::npos;
    if (local && bind && !o["device"].empty()) {
        config::Container c;
        c.settings.mounts.push_back({"bind", resolve(o["device"]), "/volume", true, ""});
        a.findings = judge_container(c, modes, {"RT014", "RT015", "RT016", "RT017"});
        a.tamper = tamper_of(c, protected_paths);
    }
    return a;
}

Result<Admission> admit_network(std::string_view body) {
    auto doc = parse_object(body);
    if (!doc) return fail(doc.error());
    const Cursor root(*doc, std::string(kWhere));
    if (auto s = root.req_string("Name"); !s) return fail(s.error());
    if (auto s = root.opt_string("Driver"); !s) return fail(s.error());
    for (auto key : {"Internal", "Attachable", "Ingress", "EnableIPv6", "CheckDuplicate"}) {
        if (auto s = root.opt_bool(key); !s) return fail(s.error());
    }
    auto opts = root["Options"].members();
    if (!opts) return fail(opts.error());
    for (const auto& [k, v] : *opts) {
        if (!v.value().is_string()) return fail(v.error("expected a string option"));
    }
    return Admission{};
}

Status check_json_shape(std::string_view body, bool array) {
    auto doc = json_read::parse(body, std::string(kWhere));
    if (!doc) return fail(doc.error());
    if (array ? doc->is_array() : doc->is_object()) return {};
    return fail(ErrorCode::Format,
                std::string("$: expected a JSON ") + (array ? "array" : "object") + ", got " +
                    std::string(json_read::type_name(*doc)),
                std::string(kWhere));
}

}  // namespace berth::authz
