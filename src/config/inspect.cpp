// SPDX-License-Identifier: Apache-2.0
#include "config/inspect.hpp"

#include "core/json_read.hpp"

namespace berth::config {
namespace {

using json_read::Cursor;

enum class Want { String, Bool, Int, Strings, Object, Array };

struct Field {
    std::string_view object;  ///< "HostConfig", "Config", "" (top level)
    std::string_view key;
    Want want;
};

// The members engine::parse_container_inspect reads for the judged settings.
constexpr Field kFields[] = {
    {"", "Name", Want::String},
    {"", "AppArmorProfile", Want::String},
    {"", "Mounts", Want::Array},
    {"", "Config", Want::Object},
    {"", "HostConfig", Want::Object},
    {"Config", "User", Want::String},
    {"Config", "Image", Want::String},
    {"HostConfig", "Privileged", Want::Bool},
    {"HostConfig", "ReadonlyRootfs", Want::Bool},
    {"HostConfig", "CapAdd", Want::Strings},
    {"HostConfig", "CapDrop", Want::Strings},
    {"HostConfig", "SecurityOpt", Want::Strings},
    {"HostConfig", "NetworkMode", Want::String},
    {"HostConfig", "PidMode", Want::String},
    {"HostConfig", "IpcMode", Want::String},
    {"HostConfig", "UTSMode", Want::String},
    {"HostConfig", "UsernsMode", Want::String},
    {"HostConfig", "CgroupnsMode", Want::String},
    {"HostConfig", "Memory", Want::Int},
    {"HostConfig", "NanoCpus", Want::Int},
    {"HostConfig", "CpuQuota", Want::Int},
    {"HostConfig", "CpuShares", Want::Int},
    {"HostConfig", "PidsLimit", Want::Int},
    {"HostConfig", "RestartPolicy", Want::Object},
    {"HostConfig", "Devices", Want::Array},
    {"HostConfig", "Ulimits", Want::Array},
    {"HostConfig", "PortBindings", Want::Object},
};

Status check_field(const Cursor& obj, const Field& f) {
    Status ok;
    switch (f.want) {
        case Want::String:
            if (auto r = obj.opt_string(f.key); !r) return fail(r.error());
            break;
        case Want::Bool:
            if (auto r = obj.opt_bool(f.key); !r) return fail(r.error());
            break;
        case Want::Int:
            if (auto r = obj.opt_int(f.key); !r) return fail(r.error());
            break;
        case Want::Strings:
            if (auto r = obj.opt_strings(f.key); !r) return fail(r.error());
            break;
        case Want::Object:
            if (auto r = obj.opt_object(f.key); !r) return fail(r.error());
            break;
        case Want::Array:
            if (auto r = obj.opt_array(f.key); !r) return fail(r.error());
            break;
    }
    return ok;
}

Status check_container(const Cursor& c) {
    if (!c.value().is_object()) return fail(c.error("expected a container object"));
    for (const Field& f : kFields) {
        const Cursor obj = f.object.empty() ? c : c[f.object];
        if (!obj.value().is_object()) continue;
        if (auto s = check_field(obj, f); !s) return s;
    }
    return {};
}

std::string short_id(const std::string& id) {
    return id.substr(0, 12);
}

}  // namespace

Container from_engine(engine::ContainerInspect settings, std::string cgroupns_mode) {
    Container c;
    c.origin = "docker";
    c.object =
        "container " + (settings.name.empty() ? short_id(settings.id)
                                              : settings.name + " (" + short_id(settings.id) + ")");
    c.settings = std::move(settings);
    c.cgroupns_mode = std::move(cgroupns_mode);
    return c;
}

Result<std::vector<Container>> load_inspect(std::string_view text, const std::string& where) {
    auto doc = json_read::parse(text, where);
    if (!doc) return fail(doc.error());
    return load_inspect(*doc, where);
}

Result<std::vector<Container>> load_inspect(const nlohmann::json& doc, const std::string& where) {
    const Cursor root(doc, where);
    std::vector<Cursor> elements;
    if (doc.is_array()) {
        auto e = root.elements();
        if (!e) return fail(e.error());
        elements = std::move(*e);
    } else if (doc.is_object()) {
        elements.push_back(root);
    } else {
        return fail(root.error("expected docker inspect output: an array of container objects"));
    }
    std::vector<Container> out;
    for (const Cursor& e : elements) {
        if (auto s = check_container(e); !s) return fail(s.error());
        auto settings = engine::container_inspect_from(e.value(), where);
        if (!settings) {
            return fail(ErrorCode::Format, e.path() + ": " + settings.error().message, where);
        }
        Container c = from_engine(std::move(*settings), e["HostConfig"].string_or("CgroupnsMode"));
        c.origin = "inspect";
        c.position = Position{where, 0, 0};
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace berth::config
