// SPDX-License-Identifier: Apache-2.0
// Docker client credentials: ~/.docker/config.json (docker/cli cli/config/configfile) and the
// docker-credential-helpers protocol: `docker-credential-NAME get`, the server URL on stdin,
// {"ServerURL":"…","Username":"…","Secret":"…"} on stdout; "credentials not found" on
// failure when nothing is stored. A helper is the only program berth runs; it is started with
// posix_spawnp and pipes, never through a shell.
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/file.hpp"
#include "image/image.hpp"
#include "image/reference.hpp"
#include "image/registry/auth.hpp"

extern char** environ;

namespace berth::image::registry {
namespace {

using nlohmann::json;

// "https://host:5000/v1/" → "host:5000"
std::string strip_url(std::string_view key) {
    if (auto p = key.find("://"); p != std::string_view::npos) key.remove_prefix(p + 3);
    if (auto p = key.find('/'); p != std::string_view::npos) key = key.substr(0, p);
    return std::string(key);
}

bool is_docker_hub(std::string_view host) {
    return host == kDefaultDomain || host == "index.docker.io" || host == "registry-1.docker.io";
}

bool same_registry(std::string_view key, std::string_view host) {
    std::string k = strip_url(key);
    if (is_docker_hub(host)) return is_docker_hub(k);
    return k == host;
}

struct Fd {
    int fd = -1;
    ~Fd() { close_now(); }
    void close_now() {
        if (fd >= 0) ::close(fd);
        fd = -1;
    }
};

}  // namespace

std::string docker_config_server(std::string_view registry_host) {
    if (is_docker_hub(registry_host)) return "https://index.docker.io/v1/";
    return std::string(registry_host);
}

Result<std::optional<Credentials>> run_credential_helper(const std::string& helper,
                                                         const std::string& server) {
    const std::string program = "docker-credential-" + helper;
    const std::string where = program + " get";
    for (char c : helper) {
        if (c == '/' || c == '\0') {
            return fail(ErrorCode::InvalidArgument, "credential helper name may not contain '/'",
                        where);
        }
    }
    int in_pipe[2] = {-1, -1};
    int out_pipe[2] = {-1, -1};
    if (::pipe2(in_pipe, O_CLOEXEC) != 0 || ::pipe2(out_pipe, O_CLOEXEC) != 0) {
        return fail(ErrorCode::Io, std::string("pipe: ") + std::strerror(errno), where);
    }
    Fd in_r{in_pipe[0]}, in_w{in_pipe[1]}, out_r{out_pipe[0]}, out_w{out_pipe[1]};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in_r.fd, 0);
    posix_spawn_file_actions_adddup2(&actions, out_w.fd, 1);
    std::string arg0 = program;
    std::string arg1 = "get";
    char* argv[] = {arg0.data(), arg1.data(), nullptr};
    pid_t pid = 0;
    int rc = posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        return fail(rc == ENOENT ? ErrorCode::NotFound : ErrorCode::Io,
                    "cannot run the credential helper " + program +
                        " (is it on PATH?): " + std::strerror(rc),
                    where);
    }
    in_r.close_now();
    out_w.close_now();
    // The server URL is tiny: it fits the pipe buffer, so writing before reading cannot block.
    const std::string input = server + "\n";
    ssize_t wrote = ::write(in_w.fd, input.data(), input.size());
    (void)wrote;
    in_w.close_now();
    std::string output;
    char buf[4096];
    for (;;) {
        ssize_t n = ::read(out_r.fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        output.append(buf, static_cast<std::size_t>(n));
        if (output.size() > (1U << 20U)) break;
    }
    out_r.close_now();
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        if (output.find("credentials not found") != std::string::npos)
            return std::optional<Credentials>();
        return fail(ErrorCode::Io,
                    "the credential helper failed (" +
                        (WIFEXITED(status) ? "exit " + std::to_string(WEXITSTATUS(status))
                                           : std::string("killed")) +
                        "): " + output.substr(0, 200),
                    where);
    }
    auto doc = parse_json(output, where);
    if (!doc) return fail(doc.error());
    if (!doc->is_object() || !doc->contains("Secret") || !(*doc)["Secret"].is_string()) {
        return fail(ErrorCode::Format, "the credential helper's answer has no Secret", where);
    }
    Credentials c;
    if (auto u = doc->find("Username"); u != doc->end() && u->is_string())
        c.username = u->get<std::string>();
    c.password = (*doc)["Secret"].get<std::string>();
    return std::optional<Credentials>(std::move(c));
}

Result<std::optional<Credentials>> credentials_from_docker_config(std::string_view config_json,
                                                                  std::string_view registry_host,
                                                                  const std::string& where) {
    auto doc = parse_json(config_json, where);
    if (!doc) return fail(doc.error());
    if (!doc->is_object())
        return fail(ErrorCode::Format, "docker config is not a JSON object", where);
    const std::string server = docker_config_server(registry_host);
    if (auto helpers = doc->find("credHelpers"); helpers != doc->end() && helpers->is_object()) {
        for (const auto& [key, name] : helpers->items()) {
            if (same_registry(key, registry_host) && name.is_string()) {
                return run_credential_helper(name.get<std::string>(), server);
            }
        }
    }
    if (auto auths = doc->find("auths"); auths != doc->end() && auths->is_object()) {
        for (const auto& [key, entry] : auths->items()) {
            if (!same_registry(key, registry_host) || !entry.is_object()) continue;
            const std::string ewhere = where + "/auths/" + key;
            if (auto t = entry.find("identitytoken");
                t != entry.end() && t->is_string() && !t->get<std::string>().empty()) {
                return std::optional<Credentials>(Credentials{"<token>", t->get<std::string>()});
            }
            if (auto a = entry.find("auth");
                a != entry.end() && a->is_string() && !a->get<std::string>().empty()) {
                auto decoded = base64_decode(a->get<std::string>());
                if (!decoded)
                    return fail(ErrorCode::Format, "\"auth\" is not valid base64", ewhere);
                auto colon = decoded->find(':');
                if (colon == std::string::npos) {
                    return fail(ErrorCode::Format, "\"auth\" does not decode to user:password",
                                ewhere);
                }
                return std::optional<Credentials>(
                    Credentials{decoded->substr(0, colon), decoded->substr(colon + 1)});
            }
            auto u = entry.find("username");
            auto p = entry.find("password");
            if (u != entry.end() && p != entry.end() && u->is_string() && p->is_string()) {
                return std::optional<Credentials>(
                    Credentials{u->get<std::string>(), p->get<std::string>()});
            }
        }
    }
    if (auto store = doc->find("credsStore");
        store != doc->end() && store->is_string() && !store->get<std::string>().empty()) {
        return run_credential_helper(store->get<std::string>(), server);
    }
    return std::optional<Credentials>();
}

Result<std::optional<Credentials>> credentials_from_docker_config_file(
    std::string_view registry_host) {
    namespace fs = std::filesystem;
    fs::path dir;
    if (const char* d = std::getenv("DOCKER_CONFIG"); d != nullptr && *d != '\0') {
        dir = d;
    } else if (const char* h = std::getenv("HOME"); h != nullptr && *h != '\0') {
        dir = fs::path(h) / ".docker";
    } else {
        return std::optional<Credentials>();
    }
    const fs::path file = dir / "config.json";
    // Missing, not a regular file (a FIFO is refused, never waited on) or over 4 MiB: none.
    auto text = read_regular_file(file, std::uint64_t{4} << 20U);
    if (!text) return std::optional<Credentials>();
    return credentials_from_docker_config(*text, registry_host, file.string());
}

}  // namespace berth::image::registry
