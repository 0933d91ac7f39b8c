// SPDX-License-Identifier: Apache-2.0
#include "engine/models.hpp"

#include <nlohmann/json.hpp>

#include "core/json_read.hpp"

namespace berth::engine {
namespace {

using json_read::Cursor;
using nlohmann::json;

enum class Shape { Object, Array };

// The whole body as JSON of the expected shape.
Result<json> parse_body(std::string_view body, const std::string& where, Shape shape) {
    auto doc = json_read::parse(body, where);
    if (!doc) return fail(doc.error());
    const bool ok = shape == Shape::Object ? doc->is_object() : doc->is_array();
    if (!ok) {
        return fail(ErrorCode::Format,
                    std::string("Engine API answer is not a JSON ") +
                        (shape == Shape::Object ? "object" : "array") + " but " +
                        std::string(json_read::type_name(*doc)),
                    where);
    }
    return doc;
}

// The elements of an array cursor; anything else (old API versions send null) → none.
std::vector<Cursor> elements_or_none(const Cursor& c) {
    return c.value().is_array() ? c.elements().value_or(std::vector<Cursor>{})
                                : std::vector<Cursor>{};
}

// The members of an object cursor; anything else → none.
std::vector<std::pair<std::string, Cursor>> members_or_none(const Cursor& c) {
    using Members = std::vector<std::pair<std::string, Cursor>>;
    return c.value().is_object() ? c.members().value_or(Members{}) : Members{};
}

void read_host_config(const Cursor& hc, ContainerInspect& c) {
    c.privileged = hc.bool_or("Privileged");
    c.cap_add = hc.strings_or_empty("CapAdd");
    c.cap_drop = hc.strings_or_empty("CapDrop");
    c.security_opt = hc.strings_or_empty("SecurityOpt");
    c.network_mode = hc.string_or("NetworkMode");
    c.pid_mode = hc.string_or("PidMode");
    c.ipc_mode = hc.string_or("IpcMode");
    c.uts_mode = hc.string_or("UTSMode");
    c.userns_mode = hc.string_or("UsernsMode");
    c.cgroup_parent = hc.string_or("CgroupParent");
    c.memory = hc.int_or("Memory");
    c.cpu_shares = hc.int_or("CpuShares");
    c.nano_cpus = hc.int_or("NanoCpus");
    c.cpu_quota = hc.int_or("CpuQuota");
    if (hc["PidsLimit"].value().is_number_integer()) c.pids_limit = hc.int_or("PidsLimit");
    c.readonly_rootfs = hc.bool_or("ReadonlyRootfs");
    c.restart_policy = hc["RestartPolicy"].string_or("Name");
    c.restart_max = hc["RestartPolicy"].int_or("MaximumRetryCount");
    for (const auto& dev : elements_or_none(hc["Devices"])) {
        c.devices.push_back(dev.string_or("PathOnHost") + ":" + dev.string_or("PathInContainer") +
                            ":" + dev.string_or("CgroupPermissions"));
    }
    for (const auto& u : elements_or_none(hc["Ulimits"])) {
        c.ulimits.push_back(u.string_or("Name") + "=" + std::to_string(u.int_or("Soft")) + ":" +
                            std::to_string(u.int_or("Hard")));
    }
    // PortBindings (what was asked for) and NetworkSettings.Ports (what is bound) agree on a
    // running container; take the asked-for bindings, which exist for created ones too.
    for (const auto& [port, binds] : members_or_none(hc["PortBindings"])) {
        for (const auto& b : elements_or_none(binds)) {
            c.ports.push_back({port, b.string_or("HostIp"), b.string_or("HostPort")});
        }
    }
}

}  // namespace

Result<Version> parse_version(std::string_view body, const std::string& where) {
    auto doc = parse_body(body, where, Shape::Object);
    if (!doc) return fail(doc.error());
    const Cursor d(*doc, where);
    return Version{d.string_or("Version"), d.string_or("ApiVersion")};
}

Result<Info> parse_info(std::string_view body, const std::string& where) {
    auto doc = parse_body(body, where, Shape::Object);
    if (!doc) return fail(doc.error());
    const Cursor d(*doc, where);
    Info i;
    i.docker_root_dir = d.string_or("DockerRootDir");
    i.storage_driver = d.string_or("Driver");
    i.logging_driver = d.string_or("LoggingDriver");
    i.cgroup_driver = d.string_or("CgroupDriver");
    i.security_options = d.strings_or_empty("SecurityOptions");
    i.authorization_plugins = d["Plugins"].strings_or_empty("Authorization");
    const Cursor reg = d["RegistryConfig"];
    i.insecure_registry_cidrs = reg.strings_or_empty("InsecureRegistryCIDRs");
    for (const auto& [name, cfg] : members_or_none(reg["IndexConfigs"])) {
        if (!cfg.bool_or("Secure", true)) i.insecure_registries.push_back(name);
    }
    i.experimental = d.bool_or("ExperimentalBuild");
    i.live_restore = d.bool_or("LiveRestoreEnabled");
    const Cursor swarm = d["Swarm"];
    i.swarm_state = swarm.string_or("LocalNodeState");
    i.swarm_manager = swarm.bool_or("ControlAvailable");
    i.swarm_managers = static_cast<int>(swarm.int_or("Managers"));
    i.swarm_nodes = static_cast<int>(swarm.int_or("Nodes"));
    i.containers_total = static_cast<int>(d.int_or("Containers"));
    i.containers_running = static_cast<int>(d.int_or("ContainersRunning"));
    return i;
}

Result<Swarm> parse_swarm(std::string_view body, const std::string& where) {
    auto doc = parse_body(body, where, Shape::Object);
    if (!doc) return fail(doc.error());
    const Cursor spec = Cursor(*doc, where)["Spec"];
    return Swarm{spec["EncryptionConfig"].bool_or("AutoLockManagers"),
                 spec["CAConfig"].int_or("NodeCertExpiry")};
}

Result<ContainerInspect> parse_container_inspect(std::string_view body, const std::string& where) {
    auto doc = parse_body(body, where, Shape::Object);
    if (!doc) return fail(doc.error());
    return container_inspect_from(*doc, where);
}

Result<ContainerInspect> container_inspect_from(const nlohmann::json& doc,
                                                const std::string& where) {
    const Cursor d(doc, where);
    ContainerInspect c;
    c.id = d.string_or("Id");
    if (c.id.empty()) {
        return fail(
            ErrorCode::Format,
            "container inspect has no Id: " +
                error_message(doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)),
            where);
    }
    c.name = d.string_or("Name");
    if (!c.name.empty() && c.name[0] == '/') c.name.erase(0, 1);
    c.image = d["Config"].string_or("Image");
    c.user = d["Config"].string_or("User");
    c.apparmor_profile = d.string_or("AppArmorProfile");
    read_host_config(d["HostConfig"], c);
    for (const auto& m : elements_or_none(d["Mounts"])) {
        c.mounts.push_back({m.string_or("Type"), m.string_or("Source"), m.string_or("Destination"),
                            m.bool_or("RW", true), m.string_or("Propagation")});
    }
    for (const auto& [name, net] : members_or_none(d["NetworkSettings"]["Networks"])) {
        c.networks.push_back(name);
    }
    const Cursor health = d["State"]["Health"];
    c.has_health = health.value().is_object();
    c.health_status = health.string_or("Status");
    c.status = d["State"].string_or("Status");
    return c;
}

Result<std::vector<std::string>> parse_container_list(std::string_view body,
                                                      const std::string& where) {
    auto doc = parse_body(body, where, Shape::Array);
    if (!doc) return fail(doc.error());
    std::vector<std::string> ids;
    for (const auto& c : elements_or_none(Cursor(*doc, where))) {
        std::string id = c.string_or("Id");
        if (id.empty()) return fail(c.error("container list entry without Id"));
        ids.push_back(std::move(id));
    }
    return ids;
}

Result<std::vector<ImageSummary>> parse_image_list(std::string_view body,
                                                   const std::string& where) {
    auto doc = parse_body(body, where, Shape::Array);
    if (!doc) return fail(doc.error());
    std::vector<ImageSummary> out;
    for (const auto& i : elements_or_none(Cursor(*doc, where))) {
        out.push_back({i.string_or("Id"), i.strings_or_empty("RepoTags")});
    }
    return out;
}

Result<ImageInspect> parse_image_inspect(std::string_view body, const std::string& where) {
    auto doc = parse_body(body, where, Shape::Object);
    if (!doc) return fail(doc.error());
    const Cursor d(*doc, where);
    ImageInspect i{d.string_or("Id"), d.strings_or_empty("RepoTags")};
    if (i.id.empty()) {
        return fail(ErrorCode::Format, "image inspect has no Id: " + error_message(body), where);
    }
    return i;
}

Result<std::vector<Network>> parse_network_list(std::string_view body, const std::string& where) {
    auto doc = parse_body(body, where, Shape::Array);
    if (!doc) return fail(doc.error());
    std::vector<Network> out;
    for (const auto& n : elements_or_none(Cursor(*doc, where))) {
        Network nf;
        nf.name = n.string_or("Name");
        nf.driver = n.string_or("Driver");
        for (const auto& [k, v] : members_or_none(n["Options"])) {
            nf.options[k] = v.value().is_string() ? v.value().get<std::string>() : v.value().dump();
        }
        for (const auto& [id, v] : members_or_none(n["Containers"])) {
            std::string name = v.string_or("Name");
            nf.containers.push_back(name.empty() ? id : name);
        }
        out.push_back(std::move(nf));
    }
    return out;
}

Result<std::vector<std::string>> parse_top(std::string_view body, const std::string& where) {
    auto doc = parse_body(body, where, Shape::Object);
    if (!doc) return fail(doc.error());
    const Cursor d(*doc, where);
    const auto titles = d.strings_or_empty("Titles");
    std::size_t col = titles.size();
    for (std::size_t i = 0; i < titles.size(); ++i) {
        if (titles[i] == "CMD" || titles[i] == "COMMAND") col = i;
    }
    std::vector<std::string> out;
    for (const auto& row : elements_or_none(d["Processes"])) {
        const json& r = row.value();
        if (!r.is_array() || r.empty()) continue;
        const std::size_t c = col < r.size() ? col : r.size() - 1;
        if (r[c].is_string()) out.push_back(r[c].get<std::string>());
    }
    return out;
}

std::string error_message(std::string_view body) {
    const auto parsed = json_read::parse(body, "error body");  // within the JSON limits
    const json doc = parsed ? *parsed : json();
    if (doc.is_object()) {
        if (auto it = doc.find("message"); it != doc.end() && it->is_string()) {
            return it->get<std::string>();
        }
    }
    return std::string(body.substr(0, 300));
}

}  // namespace berth::engine
