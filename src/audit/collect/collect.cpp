// SPDX-License-Identifier: Apache-2.0
#include "audit/collect/collect.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <iomanip>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

#include "audit/collect/daemon_config.hpp"
#include "audit/collect/systemd_unit.hpp"
#include "engine/client.hpp"
#include "engine/models.hpp"
#include "image/layer_walker.hpp"
#include "image/source.hpp"

namespace berth::audit {
namespace {

// All file access goes through a RootedFs over --root (core/rooted_fs.hpp): the paths a host's
// files name (a unit's --config-file, --tlscacert, EnvironmentFile, a passwd home, an absolute
// symlink) resolve inside the audited root, never on the machine running berth, and FIFOs or
// devices there are refused, never waited on.
constexpr std::size_t kMaxConfigBytes = 4U << 20U;

// Reads a host configuration file of at most kMaxConfigBytes (no config file the benchmark
// names is that big). nullopt when it cannot be read; a file that exists but cannot be read
// (not a regular file, too large, permission) is a warning in `warn` when given.
std::optional<std::string> read_small(const RootedFs& fs, const std::string& path,
                                      HostFacts* warn = nullptr) {
    auto text = fs.read(path, kMaxConfigBytes);
    if (text) return std::move(*text);
    if (warn != nullptr && text.error().code != ErrorCode::NotFound) {
        warn->warnings.push_back("cannot read " + text.error().to_string());
    }
    return std::nullopt;
}

std::vector<std::string> list_dir(const RootedFs& fs, const std::string& path) {
    return fs.list(path).value_or(std::vector<std::string>{});
}

std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> out;
    std::istringstream in{std::string(text)};
    for (std::string l; std::getline(in, l);) {
        if (!l.empty() && l.back() == '\r') l.pop_back();
        out.push_back(std::move(l));
    }
    return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == sep) {
            out.push_back(std::move(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(std::move(cur));
    return out;
}

struct Accounts {
    std::map<std::uint32_t, std::string> users;
    std::map<std::uint32_t, std::string> groups;
    struct User {
        std::string name;
        std::uint32_t uid;
        std::string home;
    };
    std::vector<User> passwd;
};

Accounts read_accounts(const RootedFs& fs, HostFacts& facts) {
    Accounts a;
    if (auto text = read_small(fs, "/etc/passwd", &facts)) {
        for (const auto& l : lines_of(*text)) {
            auto f = split(l, ':');
            if (f.size() < 7) continue;
            char* end = nullptr;
            const unsigned long uid = std::strtoul(f[2].c_str(), &end, 10);
            if (end == f[2].c_str()) continue;
            a.users[static_cast<std::uint32_t>(uid)] = f[0];
            a.passwd.push_back({f[0], static_cast<std::uint32_t>(uid), f[5]});
        }
    }
    if (auto text = read_small(fs, "/etc/group", &facts)) {
        for (const auto& l : lines_of(*text)) {
            auto f = split(l, ':');
            if (f.size() < 4) continue;
            char* end = nullptr;
            const unsigned long gid = std::strtoul(f[2].c_str(), &end, 10);
            if (end == f[2].c_str()) continue;
            a.groups[static_cast<std::uint32_t>(gid)] = f[0];
            if (f[0] == "docker") {
                facts.docker_group_found = true;
                for (auto& m : split(f[3], ',')) {
                    if (!m.empty()) facts.docker_group_members.push_back(m);
                }
            }
        }
    }
    return a;
}

// Owner and mode of `host_path` inside the root (symlinks followed inside it).
FileFacts stat_file(const RootedFs& fs, const std::string& host_path, const Accounts& acc) {
    FileFacts f;
    f.path = host_path;
    auto st = fs.stat(host_path);
    if (!st) return f;
    f.exists = true;
    f.is_dir = st->type == FileType::Directory;
    f.is_socket = st->type == FileType::Socket;
    f.uid = st->uid;
    f.gid = st->gid;
    f.mode = st->mode;
    auto u = acc.users.find(f.uid);
    f.owner = u != acc.users.end() ? u->second : std::to_string(f.uid);
    auto g = acc.groups.find(f.gid);
    f.group = g != acc.groups.end() ? g->second : std::to_string(f.gid);
    return f;
}

// Applies a unit and its drop-ins, systemd's precedence: /etc > /run > /lib > /usr/lib; a
// drop-in name in a higher directory masks the same name below; drop-ins apply sorted by name.
UnitFacts read_unit(const RootedFs& fs, const std::string& name, const Accounts& acc,
                    HostFacts& facts) {
    static const std::vector<std::string> kDirs = {"/etc/systemd/system", "/run/systemd/system",
                                                   "/lib/systemd/system",
                                                   "/usr/lib/systemd/system"};
    UnitFacts unit;
    unit.name = name;
    for (const auto& dir : kDirs) {
        FileFacts f = stat_file(fs, dir + "/" + name, acc);
        if (f.exists && !f.is_dir) {
            unit.found = true;
            unit.file = f;
            if (auto text = read_small(fs, f.path, &facts)) apply_unit_text(unit, *text);
            break;
        }
    }
    std::map<std::string, std::string> dropins;  // file name -> host path (highest precedence wins)
    for (auto it = kDirs.rbegin(); it != kDirs.rend(); ++it) {
        const std::string d = *it + "/" + name + ".d";
        for (const auto& n : list_dir(fs, d)) {
            if (n.size() > 5 && n.substr(n.size() - 5) == ".conf") dropins[n] = d + "/" + n;
        }
    }
    for (const auto& [n, path] : dropins) {
        if (auto text = read_small(fs, path, &facts)) {
            unit.found = true;
            unit.dropins.push_back(path);
            apply_unit_text(unit, *text);
        }
    }
    for (const auto& envfile : unit.environment_files) {
        if (auto text = read_small(fs, envfile, &facts)) {
            for (auto& [k, v] : parse_env_file(*text)) unit.environment[k] = v;
        }
    }
    if (unit.file.path.empty()) unit.file.path = "/lib/systemd/system/" + name;
    return unit;
}

std::string basename_of(const std::string& p) {
    const auto s = p.rfind('/');
    return s == std::string::npos ? p : p.substr(s + 1);
}

// The running dockerd's argv from /proc (live root only). Several daemons may run (rootless
// ones, test daemons): prefer the one listening on `endpoint` (the daemon being queried),
// else the lowest pid.
bool read_proc_dockerd(const RootedFs& fs, DaemonConfig& cfg, const std::string& endpoint) {
    std::vector<std::pair<long, std::vector<std::string>>> found;
    for (const auto& pid : list_dir(fs, "/proc")) {
        if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
        auto raw = read_small(fs, "/proc/" + pid + "/cmdline");
        if (!raw || raw->empty()) continue;
        std::vector<std::string> argv = split(*raw, '\0');
        while (!argv.empty() && argv.back().empty()) argv.pop_back();
        if (argv.empty() || basename_of(argv[0]) != "dockerd") continue;
        found.emplace_back(std::strtol(pid.c_str(), nullptr, 10),
                           std::vector<std::string>(argv.begin() + 1, argv.end()));
    }
    if (found.empty()) return false;
    std::sort(found.begin(), found.end());
    const auto* pick = &found.front();
    if (!endpoint.empty()) {
        for (const auto& f : found) {
            std::vector<std::string> unknown;
            const auto flags = parse_dockerd_args(f.second, unknown);
            auto it = flags.find("hosts");
            if (it != flags.end() &&
                std::find(it->second.begin(), it->second.end(), endpoint) != it->second.end()) {
                pick = &f;
                break;
            }
        }
    }
    cfg.cmdline_source = "/proc/" + std::to_string(pick->first) + "/cmdline";
    cfg.args = pick->second;
    return true;
}

void collect_daemon(const RootedFs& fs, const std::string& endpoint, HostFacts& facts) {
    DaemonConfig& cfg = facts.daemon;
    const bool live = facts.root == "/";
    if (!(live && read_proc_dockerd(fs, cfg, endpoint))) {
        const UnitFacts& u = facts.docker_service;
        if (!u.exec_start.empty()) {
            auto words = expand_exec(u.exec_start, u.environment);
            cfg.cmdline_source = u.dropins.empty() ? u.file.path : u.file.path + " + drop-ins";
            if (!words.empty()) cfg.args.assign(words.begin() + 1, words.end());
        } else if (auto text = read_small(fs, "/etc/default/docker", &facts)) {
            // SysV init / upstart hosts: the init script passes $DOCKER_OPTS to dockerd.
            auto env = parse_env_file(*text);
            if (auto it = env.find("DOCKER_OPTS"); it != env.end()) {
                cfg.cmdline_source = "/etc/default/docker";
                cfg.args = split_words(it->second);
            }
        }
    }
    cfg.flags = parse_dockerd_args(cfg.args, cfg.unknown_flags);
    cfg.daemon_json_path = "/etc/docker/daemon.json";
    if (auto it = cfg.flags.find("config-file"); it != cfg.flags.end() && !it->second.empty()) {
        cfg.daemon_json_path = it->second.back();
    }
    if (auto text = read_small(fs, cfg.daemon_json_path, &facts)) {
        cfg.daemon_json_found = true;
        auto parsed = parse_daemon_json(*text, cfg.daemon_json_path);
        if (parsed) {
            cfg.file = std::move(*parsed);
        } else {
            cfg.daemon_json_error = parsed.error().to_string();
            facts.warnings.push_back(cfg.daemon_json_error);
        }
    }
    cfg.found = !cfg.cmdline_source.empty() || cfg.daemon_json_found;
    merge_daemon_config(cfg);
    for (const auto& key : cfg.conflicts) {
        facts.warnings.push_back("dockerd option " + key + " is set both as a flag (" +
                                 cfg.cmdline_source + ") and in " + cfg.daemon_json_path +
                                 ": dockerd refuses to start with this configuration");
    }
}

std::string last_option(const HostFacts& facts, const std::string& key) {
    auto it = facts.daemon.effective.find(key);
    return it == facts.daemon.effective.end() || it->second.empty() ? std::string()
                                                                    : it->second.back();
}

void collect_image(const std::string& spec, HostFacts& facts) {
    ImageFacts& im = facts.image;
    im.given = true;
    im.spec = spec;
    auto img = image::open_image(spec);
    if (!img) {
        im.error = img.error().to_string();
        return;
    }
    im.user = img->config.user;
    if (img->config.healthcheck) {
        const auto& t = img->config.healthcheck->test;
        im.has_healthcheck = !t.empty() && t[0] != "NONE";
    }
    for (const auto& h : img->history) im.history.push_back(h.created_by);
    im.env = img->config.env;
    im.labels = img->config.labels;

    // Setuid/setgid files of the final filesystem: replay each layer's entries in order.
    struct Recorder final : image::LayerVisitor {
        std::vector<image::Entry> entries;
        Status on_entry(const image::Entry& e, ByteStream&) override {
            if (e.whiteout != image::Whiteout::None || (e.mode & 06000U) != 0 ||
                e.type != image::EntryType::Directory) {
                entries.push_back(e);
            }
            return {};
        }
    };
    std::vector<Recorder> recorders(img->layers.size());
    std::vector<image::LayerVisitor*> visitors;
    visitors.reserve(recorders.size());
    for (auto& r : recorders) visitors.push_back(&r);
    auto results = image::walk_layers(*img, visitors, image::Limits{});
    std::map<std::string, std::uint32_t> special;
    for (std::size_t i = 0; i < results.size(); ++i) {
        if (!results[i]) {
            im.error = results[i].error().to_string();
            return;
        }
        for (const auto& e : recorders[i].entries) {
            if (e.whiteout != image::Whiteout::None) {
                const std::string prefix = e.path.empty() ? std::string() : e.path + "/";
                for (auto it = special.begin(); it != special.end();) {
                    const bool under = it->first.compare(0, prefix.size(), prefix) == 0;
                    const bool self = e.whiteout == image::Whiteout::File && it->first == e.path;
                    it = (under || self) ? special.erase(it) : std::next(it);
                }
                continue;
            }
            if (e.type == image::EntryType::File && (e.mode & 06000U) != 0) {
                special[e.path] = e.mode;
            } else {
                special.erase(e.path);
            }
        }
    }
    im.files_walked = true;
    for (const auto& [path, mode] : special) {
        std::ostringstream m;
        m << std::oct << std::setw(4) << std::setfill('0') << mode;
        im.setuid_files.push_back("/" + path + " (" + m.str() + ")");
    }
}

// Reads one Engine API answer and parses it; failures become warnings (the daemon answered
// /version, so a later failure is partial, not "unreachable").
template <class T>
std::optional<T> fetch(const engine::Client& docker, const std::string& path, HostFacts& facts,
                       Result<T> (*parse)(std::string_view, const std::string&)) {
    auto body = docker.get(path);
    if (!body) {
        facts.warnings.push_back(body.error().to_string());
        return std::nullopt;
    }
    auto parsed = parse(*body, docker.where(path));
    if (!parsed) {
        facts.warnings.push_back(parsed.error().to_string());
        return std::nullopt;
    }
    return std::move(*parsed);
}

void collect_containers(const engine::Client& docker, HostFacts& facts) {
    EngineFacts& en = facts.engine;
    auto ids = fetch(docker, "/containers/json", facts, engine::parse_container_list);
    for (const auto& id : ids.value_or(std::vector<std::string>{})) {
        auto inspect =
            fetch(docker, "/containers/" + id + "/json", facts, engine::parse_container_inspect);
        if (!inspect) continue;
        ContainerFacts c;
        static_cast<engine::ContainerInspect&>(c) = std::move(*inspect);
        // A stopped container has no processes: /top failing is not worth a warning.
        if (auto top = docker.get("/containers/" + id + "/top")) {
            if (auto procs = engine::parse_top(*top, docker.where("/containers/" + id + "/top"))) {
                c.top_collected = true;
                c.processes = std::move(*procs);
            }
        }
        en.containers.push_back(std::move(c));
    }
    std::sort(en.containers.begin(), en.containers.end(),
              [](const ContainerFacts& a, const ContainerFacts& b) { return a.name < b.name; });
}

void collect_engine(HostFacts& facts, const engine::Client& docker) {
    EngineFacts& en = facts.engine;
    en.endpoint = docker.endpoint().host;
    auto body = docker.get("/version");
    if (!body) {
        en.error = body.error().message;
        return;
    }
    auto version = engine::parse_version(*body, docker.where("/version"));
    if (!version) {
        en.error = version.error().to_string();
        return;
    }
    static_cast<engine::Version&>(en) = std::move(*version);
    en.reachable = true;
    if (auto info = fetch(docker, "/info", facts, engine::parse_info)) {
        static_cast<engine::Info&>(en) = std::move(*info);
    }
    collect_containers(docker, facts);
    if (auto images = docker.get("/images/json")) {
        if (auto l = engine::parse_image_list(*images, docker.where("/images/json"))) {
            en.images = std::move(*l);
        }
    }
    if (auto nets = docker.get("/networks")) {
        if (auto l = engine::parse_network_list(*nets, docker.where("/networks"))) {
            en.networks = std::move(*l);
        }
    }
    if (en.swarm_state == "active" && en.swarm_manager) {
        if (auto swarm = fetch(docker, "/swarm", facts, engine::parse_swarm)) {
            static_cast<engine::Swarm&>(en) = *swarm;
        }
    }
}

// The daemon to query (engine/endpoint.hpp: --host > DOCKER_HOST > DOCKER_CONTEXT > config.json
// currentContext > default). With nothing set, a live audit asks the socket the daemon's own
// configuration names (-H unix://…), an offline one (--root) asks none. A malformed --host is
// an error; a broken environment or context is reported in engine.error and the audit goes on.
Result<std::optional<engine::Endpoint>> pick_endpoint(const CollectOptions& options,
                                                      HostFacts& facts) {
    if (!options.query_daemon) return std::optional<engine::Endpoint>();
    auto ep = engine::resolve_endpoint_from_env(options.host);
    if (!ep) {
        if (!options.host.empty()) return fail(ep.error());
        facts.engine.endpoint = ep.error().where;  // "DOCKER_HOST=ssh://…", "context \"x\" (…)"
        facts.engine.error = ep.error().message;
        return std::optional<engine::Endpoint>();
    }
    for (const auto& w : ep->warnings) facts.warnings.push_back(w);
    return std::optional<engine::Endpoint>(std::move(*ep));
}

void collect_rootless(const RootedFs& fs, const Accounts& acc, HostFacts& facts) {
    for (const char* bin :
         {"/usr/bin/dockerd-rootless.sh", "/usr/bin/dockerd-rootless-setuptool.sh",
          "/usr/local/bin/dockerd-rootless.sh"}) {
        if (stat_file(fs, bin, acc).exists) facts.rootless.rootless_binaries.push_back(bin);
    }
    for (const auto& u : acc.passwd) {
        if (u.home.empty() || u.home == "/" || u.home == "/nonexistent") continue;
        RootlessUser r;
        r.name = u.name;
        r.uid = u.uid;
        r.home = u.home;
        r.config_dir = stat_file(fs, u.home + "/.config/docker", acc);
        r.daemon_json = stat_file(fs, u.home + "/.config/docker/daemon.json", acc);
        r.socket = stat_file(fs, "/run/user/" + std::to_string(u.uid) + "/docker.sock", acc);
        r.systemd_unit = stat_file(fs, u.home + "/.config/systemd/user/docker.service", acc);
        if (!r.daemon_json.exists && !r.socket.exists && !r.systemd_unit.exists) continue;
        if (r.daemon_json.exists) {
            if (auto text = read_small(fs, r.daemon_json.path, &facts)) {
                auto parsed = parse_daemon_json(*text, r.daemon_json.path);
                if (parsed) {
                    r.options = std::move(*parsed);
                } else {
                    r.daemon_json_error = parsed.error().to_string();
                }
            }
        }
        auto has_entry = [&](const std::vector<std::string>& lines) {
            return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) {
                return l.rfind(u.name + ":", 0) == 0 ||
                       l.rfind(std::to_string(u.uid) + ":", 0) == 0;
            });
        };
        r.has_subuid = has_entry(facts.subuid);
        r.has_subgid = has_entry(facts.subgid);
        facts.rootless.users.push_back(std::move(r));
    }
}

}  // namespace

FileFacts HostFacts::file(const std::string& path) const {
    auto it = files.find(path);
    if (it != files.end()) return it->second;
    FileFacts f;
    f.path = path;
    return f;
}

void parse_audit_rules(std::string_view text, std::vector<std::string>& watched) {
    for (const auto& line : lines_of(text)) {
        auto words = split_words(line);
        if (words.empty() || words[0][0] == '#') continue;
        for (std::size_t i = 0; i + 1 < words.size(); ++i) {
            if (words[i] == "-w") watched.push_back(words[i + 1]);
            if (words[i] == "-F") {
                const std::string& f = words[i + 1];
                if (f.rfind("path=", 0) == 0) watched.push_back(f.substr(5));
                if (f.rfind("dir=", 0) == 0) watched.push_back(f.substr(4));
            }
        }
    }
}

CertFacts read_cert(const RootedFs& fs, const std::string& host_path, const HostFacts& facts) {
    CertFacts c;
    c.file = facts.file(host_path);
    c.file.path = host_path;
    auto text = fs.read(host_path, kMaxConfigBytes);
    if (!text) {
        c.error = "cannot read " + host_path + ": " + text.error().message;
        return c;
    }
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(text->data(), static_cast<int>(text->size())), &BIO_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(
        PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), &X509_free);
    EVP_PKEY* key = nullptr;
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> owned(nullptr, &EVP_PKEY_free);
    if (cert) {
        key = X509_get0_pubkey(cert.get());
        std::tm tm{};
        if (ASN1_TIME_to_tm(X509_get0_notAfter(cert.get()), &tm) == 1) c.not_after = timegm(&tm);
    } else {
        BIO_reset(bio.get());
        owned.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
        key = owned.get();
    }
    if (key == nullptr) {
        c.error = "not a PEM certificate or private key";
        return c;
    }
    c.parsed = true;
    c.key_bits = EVP_PKEY_get_bits(key);
    const int id = EVP_PKEY_get_base_id(key);
    c.key_type = id == EVP_PKEY_RSA       ? "RSA"
                 : id == EVP_PKEY_EC      ? "EC"
                 : id == EVP_PKEY_ED25519 ? "ED25519"
                                          : "other";
    return c;
}

Result<HostFacts> collect_host_facts(const CollectOptions& options) {
    auto rooted = RootedFs::open(options.root);
    if (!rooted) {
        Error e = rooted.error();
        if (e.code == ErrorCode::NotFound) e.message = "audit root is not a directory";
        return fail(std::move(e));
    }
    const RootedFs& fs = *rooted;
    HostFacts facts;
    facts.root = options.root;
    facts.now = static_cast<std::int64_t>(std::time(nullptr));
    const bool live = options.root == "/";
    Accounts acc = read_accounts(fs, facts);

    if (auto t = read_small(fs, "/etc/subuid", &facts)) facts.subuid = lines_of(*t);
    if (auto t = read_small(fs, "/etc/subgid", &facts)) facts.subgid = lines_of(*t);
    if (auto t = read_small(fs, live ? "/proc/mounts" : "/etc/fstab", &facts)) {
        for (const auto& l : lines_of(*t)) {
            auto w = split_words(l);
            if (w.size() >= 2 && w[0][0] != '#') facts.mount_points.push_back(w[1]);
        }
    }
    if (auto t = read_small(fs, "/etc/environment", &facts)) {
        for (auto& [k, v] : parse_env_file(*t)) {
            if (k.rfind("DOCKER_", 0) == 0) facts.environment[k] = v;
        }
    }
    if (live) {
        for (const char* k : {"DOCKER_CONTENT_TRUST", "DOCKER_HOST"}) {
            if (const char* v = std::getenv(k)) facts.environment[k] = v;
        }
    }

    facts.docker_service = read_unit(fs, "docker.service", acc, facts);
    facts.docker_socket = read_unit(fs, "docker.socket", acc, facts);
    facts.containerd_service = read_unit(fs, "containerd.service", acc, facts);
    auto endpoint = pick_endpoint(options, facts);
    if (!endpoint) return fail(endpoint.error());
    const bool chosen = *endpoint && (*endpoint)->source != engine::EndpointSource::Default;
    collect_daemon(fs, chosen ? (*endpoint)->host : std::string(), facts);

    // Sockets: the unix:// host the daemon listens on, else the default.
    for (const auto& h : facts.daemon.effective["hosts"]) {
        if (h.rfind("unix://", 0) == 0) facts.docker_socket_path = h.substr(7);
    }
    if (std::string d = last_option(facts, "containerd"); !d.empty())
        facts.containerd_socket_path = d;

    std::string data_root = last_option(facts, "data-root");
    if (data_root.empty()) data_root = "/var/lib/docker";
    std::vector<std::string> paths = {"/etc/docker",
                                      "/etc/docker/daemon.json",
                                      "/etc/default/docker",
                                      "/etc/sysconfig/docker",
                                      "/etc/containerd/config.toml",
                                      "/usr/bin/dockerd",
                                      "/usr/sbin/dockerd",
                                      "/usr/bin/containerd",
                                      "/usr/sbin/containerd",
                                      "/usr/bin/containerd-shim",
                                      "/usr/bin/containerd-shim-runc-v1",
                                      "/usr/bin/containerd-shim-runc-v2",
                                      "/usr/bin/runc",
                                      "/usr/sbin/runc",
                                      "/run/containerd",
                                      "/var/lib/docker",
                                      data_root,
                                      facts.docker_socket_path,
                                      facts.containerd_socket_path,
                                      facts.daemon.daemon_json_path};
    for (const auto* u : {&facts.docker_service, &facts.docker_socket, &facts.containerd_service}) {
        paths.push_back(u->file.path);
    }
    for (const auto& p : paths) facts.files[p] = stat_file(fs, p, acc);
    for (auto* u : {&facts.docker_service, &facts.docker_socket, &facts.containerd_service}) {
        u->file = facts.files[u->file.path];
    }

    for (const auto& dir : list_dir(fs, "/etc/docker/certs.d")) {
        const std::string d = "/etc/docker/certs.d/" + dir;
        for (const auto& n : list_dir(fs, d))
            facts.registry_certs.push_back(stat_file(fs, d + "/" + n, acc));
    }
    auto cert = [&](const char* key) -> std::optional<CertFacts> {
        std::string p = last_option(facts, key);
        if (p.empty()) return std::nullopt;
        facts.files[p] = stat_file(fs, p, acc);
        return read_cert(fs, p, facts);
    };
    facts.tls_ca = cert("tlscacert");
    facts.tls_cert = cert("tlscert");
    facts.tls_key = cert("tlskey");

    std::vector<std::string> rule_files;
    for (const auto& n : list_dir(fs, "/etc/audit/rules.d")) {
        if (n.size() > 6 && n.substr(n.size() - 6) == ".rules")
            rule_files.push_back("/etc/audit/rules.d/" + n);
    }
    rule_files.push_back("/etc/audit/audit.rules");
    for (const auto& p : rule_files) {
        if (auto t = read_small(fs, p, &facts)) {
            facts.audit.rules_found = true;
            facts.audit.files.push_back(p);
            parse_audit_rules(*t, facts.audit.watched);
        }
    }

    collect_rootless(fs, acc, facts);
    if (!options.image.empty()) collect_image(options.image, facts);

    if (*endpoint && !chosen && live) {
        auto own = engine::resolve_endpoint_from_env("unix://" + facts.docker_socket_path);
        if (own) *endpoint = std::move(*own);
    }
    if (*endpoint && (chosen || live)) collect_engine(facts, engine::Client(**endpoint));
    return facts;
}

}  // namespace berth::audit
