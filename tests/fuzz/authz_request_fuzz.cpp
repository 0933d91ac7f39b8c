// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the authorization plugin's request path (`berth authz serve`). The input is
// an AuthZReq JSON document: parsed, its URI normalised, and decided under a fixed policy (so
// admission reads RequestBody as a containers/create, exec, volume … body). Also feeds the raw
// input to the URI normaliser and the Content-Type parser.
#include <cstdint>
#include <string_view>

#include "authz/decide.hpp"
#include "authz/uri.hpp"

namespace {

const berth::authz::Policy& policy() {
    static const berth::authz::Policy p = [] {
        auto r = berth::authz::parse_policy(
            "anonymous: operator\n"
            "users: {alice: [admin], bob: [read-only], carol: [auditor]}\n"
            "roles: {dev: {extends: [operator], allow: [{method: POST, path: '/**'}], "
            "runtime: {default: on}}}\n"
            "groups: {g: {members: [dave], roles: [dev]}}\n"
            "images: {allowed-registries: [docker.io]}\n",
            "fuzz.yaml");
        return r ? *r : berth::authz::Policy{};
    }();
    return p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace az = berth::authz;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    az::DecideOptions o;
    o.resolve = [](const std::string& p) { return p; };  // never touch the fuzzing host
    const az::Decision d = az::decide_json(policy(), text, o);
    (void)az::reply_json(d);
    (void)az::normalize_uri(text);
    (void)az::media_type(text);
    return 0;
}
