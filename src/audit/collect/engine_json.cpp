// SPDX-License-Identifier: Apache-2.0
#include "audit/collect/engine_json.hpp"

#include <nlohmann/json.hpp>

namespace berth::audit {
namespace {

using nlohmann::json;

Result<json> parse_object(std::string_view body, const std::string& where, bool array = false) {
    json doc = json::parse(body, nullptr, false);
    if (doc.is_discarded())
        return fail(ErrorCode::Format, "Engine API response is not JSON", where);
    if (array ? !doc.is_array() : !doc.is_object()) {
        return fail(
            ErrorCode::Format,
            std::string("Engine API response is not a JSON ") + (array ? "array" : "object"),
            where);
    }
    return doc;
}

// Typed reads that tolerate null and wrong types (old API versions omit fields).
std::string str(const json& o, const char* key) {
    if (!o.is_object()) return {};
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}
bool boolean(const json& o, const char* key) {
    if (!o.is_object()) return false;
    auto it = o.find(key);
    return it != o.end() && it->is_boolean() && it->get<bool>();
}
std::int64_t num(const json& o, const char* key) {
    if (!o.is_object()) return 0;
    auto it = o.find(key);
    return it != o.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}
const json& member(const json& o, const char* key) {
    static const json kNull;
    if (!o.is_object()) return kNull;
    auto it = o.find(key);
    return it == o.end() ? kNull : *it;
}
std::vector<std::string> strings(const json& o, const char* key) {
    std::vector<std::string> out;
    const json& a = member(o, key);
    if (!a.is_array()) return out;
    for (const auto& e : a) {
        if (e.is_string()) out.push_back(e.get<std::string>());
    }
    return out;
}

}  // namespace

Status apply_info_json(EngineFacts& engine, std::string_view body, const std::string& where) {
    auto doc = parse_object(body, where);
    if (!doc) return fail(doc.error());
    const json& d = *doc;
    engine.docker_root_dir = str(d, "DockerRootDir");
    engine.storage_driver = str(d, "Driver");
    engine.logging_driver = str(d, "LoggingDriver");
    engine.cgroup_driver = str(d, "CgroupDriver");
    engine.security_options = strings(d, "SecurityOptions");
    engine.authorization_plugins = strings(member(d, "Plugins"), "Authorization");
    const json& reg = member(d, "RegistryConfig");
    engine.insecure_registry_cidrs = strings(reg, "InsecureRegistryCIDRs");
    const json& idx = member(reg, "IndexConfigs");
    if (idx.is_object()) {
        for (const auto& [name, cfg] : idx.items()) {
            if (cfg.is_object() && cfg.contains("Secure") && cfg["Secure"].is_boolean() &&
                !cfg["Secure"].get<bool>()) {
                engine.insecure_registries.push_back(name);
            }
        }
    }
    engine.experimental = boolean(d, "ExperimentalBuild");
    engine.live_restore = boolean(d, "LiveRestoreEnabled");
    const json& swarm = member(d, "Swarm");
    engine.swarm_state = str(swarm, "LocalNodeState");
    engine.swarm_manager = boolean(swarm, "ControlAvailable");
    engine.swarm_managers = static_cast<int>(num(swarm, "Managers"));
    engine.swarm_nodes = static_cast<int>(num(swarm, "Nodes"));
    engine.containers_total = static_cast<int>(num(d, "Containers"));
    engine.containers_running = static_cast<int>(num(d, "ContainersRunning"));
    return {};
}

Status apply_version_json(EngineFacts& engine, std::string_view body, const std::string& where) {
    auto doc = parse_object(body, where);
    if (!doc) return fail(doc.error());
    engine.server_version = str(*doc, "Version");
    engine.api_version = str(*doc, "ApiVersion");
    return {};
}

Status apply_swarm_json(EngineFacts& engine, std::string_view body, const std::string& where) {
    auto doc = parse_object(body, where);
    if (!doc) return fail(doc.error());
    const json& spec = member(*doc, "Spec");
    engine.swarm_autolock = boolean(member(spec, "EncryptionConfig"), "AutoLockManagers");
    engine.swarm_node_cert_expiry_ns = num(member(spec, "CAConfig"), "NodeCertExpiry");
    return {};
}

Result<ContainerFacts> parse_container_inspect(std::string_view body, const std::string& where) {
    auto doc = parse_object(body, where);
    if (!doc) return fail(doc.error());
    const json& d = *doc;
    ContainerFacts c;
    c.id = str(d, "Id");
    if (c.id.empty()) return fail(ErrorCode::Format, "container inspect has no Id", where);
    c.name = str(d, "Name");
    if (!c.name.empty() && c.name[0] == '/') c.name.erase(0, 1);
    const json& cfg = member(d, "Config");
    const json& hc = member(d, "HostConfig");
    const json& state = member(d, "State");
    c.image = str(cfg, "Image");
    c.user = str(cfg, "User");
    c.apparmor_profile = str(d, "AppArmorProfile");
    c.privileged = boolean(hc, "Privileged");
    c.cap_add = strings(hc, "CapAdd");
    c.cap_drop = strings(hc, "CapDrop");
    c.security_opt = strings(hc, "SecurityOpt");
    c.network_mode = str(hc, "NetworkMode");
    c.pid_mode = str(hc, "PidMode");
    c.ipc_mode = str(hc, "IpcMode");
    c.uts_mode = str(hc, "UTSMode");
    c.userns_mode = str(hc, "UsernsMode");
    c.cgroup_parent = str(hc, "CgroupParent");
    c.memory = num(hc, "Memory");
    c.cpu_shares = num(hc, "CpuShares");
    c.nano_cpus = num(hc, "NanoCpus");
    c.cpu_quota = num(hc, "CpuQuota");
    const json& pids = member(hc, "PidsLimit");
    if (pids.is_number_integer()) c.pids_limit = pids.get<std::int64_t>();
    c.readonly_rootfs = boolean(hc, "ReadonlyRootfs");
    const json& rp = member(hc, "RestartPolicy");
    c.restart_policy = str(rp, "Name");
    c.restart_max = num(rp, "MaximumRetryCount");
    const json& devices = member(hc, "Devices");
    if (devices.is_array()) {
        for (const auto& dev : devices) {
            c.devices.push_back(str(dev, "PathOnHost") + ":" + str(dev, "PathInContainer") + ":" +
                                str(dev, "CgroupPermissions"));
        }
    }
    const json& ulimits = member(hc, "Ulimits");
    if (ulimits.is_array()) {
        for (const auto& u : ulimits) {
            c.ulimits.push_back(str(u, "Name") + "=" + std::to_string(num(u, "Soft")) + ":" +
                                std::to_string(num(u, "Hard")));
        }
    }
    const json& mounts = member(d, "Mounts");
    if (mounts.is_array()) {
        for (const auto& m : mounts) {
            MountFacts mf;
            mf.type = str(m, "Type");
            mf.source = str(m, "Source");
            mf.destination = str(m, "Destination");
            mf.rw = m.is_object() && m.contains("RW") ? boolean(m, "RW") : true;
            mf.propagation = str(m, "Propagation");
            c.mounts.push_back(std::move(mf));
        }
    }
    // PortBindings (what was asked for) and NetworkSettings.Ports (what is bound) agree on a
    // running container; take the asked-for bindings, which exist for created ones too.
    const json& pb = member(hc, "PortBindings");
    if (pb.is_object()) {
        for (const auto& [port, binds] : pb.items()) {
            if (!binds.is_array()) continue;
            for (const auto& b : binds)
                c.ports.push_back({port, str(b, "HostIp"), str(b, "HostPort")});
        }
    }
    const json& nets = member(member(d, "NetworkSettings"), "Networks");
    if (nets.is_object()) {
        for (const auto& [name, v] : nets.items()) c.networks.push_back(name);
    }
    const json& health = member(state, "Health");
    c.has_health = health.is_object();
    c.health_status = str(health, "Status");
    c.status = str(state, "Status");
    return c;
}

Result<std::vector<std::string>> parse_container_list(std::string_view body,
                                                      const std::string& where) {
    auto doc = parse_object(body, where, true);
    if (!doc) return fail(doc.error());
    std::vector<std::string> ids;
    for (const auto& c : *doc) {
        std::string id = str(c, "Id");
        if (id.empty()) return fail(ErrorCode::Format, "container list entry without Id", where);
        ids.push_back(std::move(id));
    }
    return ids;
}

Result<std::vector<EngineFacts::ImageSummary>> parse_image_list(std::string_view body,
                                                                const std::string& where) {
    auto doc = parse_object(body, where, true);
    if (!doc) return fail(doc.error());
    std::vector<EngineFacts::ImageSummary> out;
    for (const auto& i : *doc) out.push_back({str(i, "Id"), strings(i, "RepoTags")});
    return out;
}

Result<std::vector<NetworkFacts>> parse_network_list(std::string_view body,
                                                     const std::string& where) {
    auto doc = parse_object(body, where, true);
    if (!doc) return fail(doc.error());
    std::vector<NetworkFacts> out;
    for (const auto& n : *doc) {
        NetworkFacts nf;
        nf.name = str(n, "Name");
        nf.driver = str(n, "Driver");
        const json& opts = member(n, "Options");
        if (opts.is_object()) {
            for (const auto& [k, v] : opts.items())
                nf.options[k] = v.is_string() ? v.get<std::string>() : v.dump();
        }
        const json& cs = member(n, "Containers");
        if (cs.is_object()) {
            for (const auto& [id, v] : cs.items()) {
                std::string name = str(v, "Name");
                nf.containers.push_back(name.empty() ? id : name);
            }
        }
        out.push_back(std::move(nf));
    }
    return out;
}

Result<std::vector<std::string>> parse_top(std::string_view body, const std::string& where) {
    auto doc = parse_object(body, where);
    if (!doc) return fail(doc.error());
    const auto titles = strings(*doc, "Titles");
    std::size_t col = titles.size();
    for (std::size_t i = 0; i < titles.size(); ++i) {
        if (titles[i] == "CMD" || titles[i] == "COMMAND") col = i;
    }
    std::vector<std::string> out;
    const json& procs = member(*doc, "Processes");
    if (!procs.is_array()) return out;
    for (const auto& row : procs) {
        if (!row.is_array() || row.empty()) continue;
        const std::size_t c = col < row.size() ? col : row.size() - 1;
        if (row[c].is_string()) out.push_back(row[c].get<std::string>());
    }
    return out;
}

}  // namespace berth::audit
