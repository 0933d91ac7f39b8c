// SPDX-License-Identifier: Apache-2.0
#include "config/live.hpp"

#include <algorithm>

#include "config/inspect.hpp"
#include "engine/client.hpp"

namespace berth::config {
namespace {

constexpr std::string_view kScheme = "docker://";

Result<Container> inspect_one(const engine::Client& docker, const std::string& id) {
    const std::string path = "/containers/" + id + "/json";
    auto body = docker.get(path);
    if (!body) return fail(body.error());
    auto list = load_inspect(*body, docker.where(path));
    if (!list) return fail(list.error());
    Container c = std::move(list->front());
    c.origin = "docker";
    c.position = Position{};
    return c;
}

}  // namespace

bool is_live_target(std::string_view target) {
    return target.starts_with(kScheme);
}

Result<std::vector<Container>> load_live(std::string_view target,
                                         const engine::Endpoint& endpoint) {
    const engine::Client docker(endpoint);
    const std::string name(target.substr(kScheme.size()));
    std::vector<Container> out;
    if (!name.empty()) {
        auto c = inspect_one(docker, name);
        if (!c) return fail(c.error());
        out.push_back(std::move(*c));
        return out;
    }
    auto body = docker.get("/containers/json");
    if (!body) return fail(body.error());
    auto ids = engine::parse_container_list(*body, docker.where("/containers/json"));
    if (!ids) return fail(ids.error());
    for (const auto& id : *ids) {
        auto c = inspect_one(docker, id);
        // A container that stopped between the list and the inspect is gone: skip it.
        if (!c && c.error().code == ErrorCode::NotFound) continue;
        if (!c) return fail(c.error());
        out.push_back(std::move(*c));
    }
    std::sort(out.begin(), out.end(), [](const Container& a, const Container& b) {
        return a.settings.name < b.settings.name;
    });
    return out;
}

}  // namespace berth::config
