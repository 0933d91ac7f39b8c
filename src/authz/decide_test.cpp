// SPDX-License-Identifier: Apache-2.0
// Decisions, table-driven: roles × endpoints, admission with the runtime rules, fail-closed
// bodies (CVE-2024-41110 / CVE-2026-34040 patterns), path confusion, plugin tampering; then the
// native dockerd 20.10.24 capture replayed through the decision (shared data).
#include "authz/decide.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "image/registry/auth.hpp"
#include "test_support.hpp"

namespace berth::authz {
namespace {

using nlohmann::json;

Policy seed() {
    auto p = load_policy(std::string(BERTH_SOURCE_DIR) + "/contrib/authz/seed-policy.yaml");
    EXPECT_TRUE(p.has_value()) << p.error().to_string();
    auto extra = parse_policy(
        "users: {alice: [container-admin], bob: [read-only], olga: [operator], "
        "aud: [auditor], root: [admin]}\n"
        "roles:\n"
        "  container-admin:\n"
        "    extends: [read-only]\n"
        "    allow: [{method: POST, path: /containers/create}, {method: POST, path: "
        "'/containers/*/update'},\n"
        "            {method: POST, path: '/containers/*/exec'}, {method: POST, path: "
        "/volumes/create},\n"
        "            {method: POST, path: /networks/create}, {method: POST, path: /build},\n"
        "            {method: POST, path: /images/create}, {method: POST, path: "
        "'/containers/*/start'},\n"
        "            {method: POST, path: '/plugins/**'}, {method: DELETE, path: "
        "'/containers/*'}]\n"
        "    runtime: {deny-at: high, default: warn}\n"
        "images: {allowed-registries: [docker.io, localhost:5000]}\n",
        "test.yaml");
    EXPECT_TRUE(extra.has_value()) << extra.error().to_string();
    return *extra;
}

// Symlinks resolved through a fixed table instead of the host.
std::string fake_resolve(const std::string& p) {
    if (p == "/tmp/innocent") return "/";
    if (p == "/tmp/sock-link") return "/run/docker.sock";
    return p;
}

DecideOptions options() {
    DecideOptions o;
    o.resolve = fake_resolve;
    o.protected_paths = {"/run/docker/plugins"};
    return o;
}

std::string wire(const std::string& user, const std::string& method, const std::string& uri,
                 const std::optional<std::string>& body = std::nullopt,
                 const json& headers = json::object()) {
    json j = {{"RequestMethod", method}, {"RequestUri", uri}};
    if (!user.empty()) j["User"] = user;
    json h = headers;
    if (body) {
        j["RequestBody"] = image::registry::base64_encode(*body);
        if (!h.contains("Content-Type")) h["Content-Type"] = "application/json";
        h["Content-Length"] = std::to_string(body->size());
    }
    if (!h.empty()) j["RequestHeaders"] = h;
    return j.dump();
}

struct Case {
    std::string name;
    std::string user, method, uri;
    std::optional<std::string> body;
    json headers;
    bool allow;
    std::string rule;  // expected deciding rule (prefix)
};

const std::string kCreate = R"({"Image":"alpine:3.19","HostConfig":{"NetworkMode":"none"}})";

void run_cases(const std::vector<Case>& cases) {
    const Policy p = seed();
    for (const auto& c : cases) {
        const Decision d =
            decide_json(p, wire(c.user, c.method, c.uri, c.body, c.headers), options());
        EXPECT_EQ(d.allow, c.allow) << c.name << ": " << d.rule << " " << d.reason;
        EXPECT_EQ(d.rule.substr(0, c.rule.size()), c.rule) << c.name << ": " << d.reason;
        if (!d.allow) {
            EXPECT_EQ(d.msg.rfind("berth: ", 0), 0U) << c.name;
        }
    }
}

TEST(AuthzDecide, RolesAndEndpoints) {
    run_cases({
        {"bob_ps", "bob", "GET", "/v1.41/containers/json?all=1", {}, {}, true, "role read-only"},
        {"bob_ping", "bob", "HEAD", "/_ping", {}, {}, true, "role read-only"},
        {"bob_inspect", "bob", "GET", "/v1.41/containers/web/json", {}, {}, true, "role"},
        {"bob_image_json",
         "bob",
         "GET",
         "/v1.41/images/docker.io/library/alpine:3/json",
         {},
         {},
         true,
         "role"},
        {"bob_create", "bob", "POST", "/v1.41/containers/create", kCreate, {}, false, "authz/role"},
        {"bob_logs", "bob", "GET", "/v1.41/containers/web/logs", {}, {}, false, "authz/role"},
        {"bob_archive",
         "bob",
         "GET",
         "/v1.41/containers/web/archive?path=/etc",
         {},
         {},
         false,
         "authz/role"},
        {"bob_export", "bob", "GET", "/v1.41/containers/web/export", {}, {}, false, "authz/role"},
        {"bob_save", "bob", "GET", "/v1.41/images/get?names=a", {}, {}, false, "authz/role"},
        {"bob_delete", "bob", "DELETE", "/v1.41/containers/web", {}, {}, false, "authz/role"},
        {"bob_lower_case_method",
         "bob",
         "post",
         "/v1.41/containers/create",
         kCreate,
         {},
         false,
         "authz/role"},
        {"aud_logs", "aud", "GET", "/v1.41/containers/web/logs", {}, {}, true, "role auditor"},
        {"alice_create",
         "alice",
         "POST",
         "/v1.41/containers/create?name=x",
         kCreate,
         {},
         true,
         "role container-admin"},
        {"alice_delete", "alice", "DELETE", "/v1.41/containers/x?force=1", {}, {}, true, "role"},
        {"alice_unknown_endpoint",
         "alice",
         "POST",
         "/v1.41/containers/x/checkpoints",
         "{}",
         {},
         false,
         "authz/role"},
        {"root_anything", "root", "POST", "/v1.41/swarm/leave", {}, {}, true, "role admin"},
        {"unknown_user", "mallory", "GET", "/_ping", {}, {}, false, "authz/identity"},
        {"anonymous_without_role", "", "GET", "/v1.41/info", {}, {}, false, "authz/identity"},
        {"old_api",
         "root",
         "POST",
         "/v1.23/containers/x/start",
         {},
         {},
         false,
         "authz/api-version"},
        {"bad_uri", "root", "GET", "/v1.41/containers%zz", {}, {}, false, "authz/bad-uri"},
    });
}

TEST(AuthzDecide, PathConfusionNormalisesToTheRoutedEndpoint) {
    run_cases({
        {"encoded_slash",
         "bob",
         "POST",
         "/v1.41/containers%2Fcreate",
         kCreate,
         {},
         false,
         "authz/role"},
        {"double_slash",
         "bob",
         "POST",
         "/v1.41//containers/create",
         kCreate,
         {},
         false,
         "authz/role"},
        {"dot_segments",
         "bob",
         "POST",
         "/v1.41/containers/json/../create",
         kCreate,
         {},
         false,
         "authz/role"},
        {"trailing_slash",
         "bob",
         "POST",
         "/v1.41/containers/create/",
         kCreate,
         {},
         false,
         "authz/role"},
        {"encoded_version",
         "bob",
         "POST",
         "/%761.41/containers/create",
         kCreate,
         {},
         false,
         "authz/role"},
        {"alice_encoded_priv",
         "alice",
         "POST",
         "/v1.41/containers%2Fcreate",
         R"({"Image":"a","HostConfig":{"Privileged":true}})",
         {},
         false,
         "runtime/RT001"},
        {"plugin_disable_encoded",
         "alice",
         "POST",
         "/v1.41/plugins/berth%2Fdisable",
         {},
         {},
         false,
         "authz/plugin-management"},
    });
}

TEST(AuthzDecide, AdmissionRunsTheRuntimeRules) {
    run_cases({
        {"privileged",
         "alice",
         "POST",
         "/v1.41/containers/create",
         R"({"Image":"a","HostConfig":{"Privileged":true}})",
         {},
         false,
         "runtime/RT001"},
        {"cap_sys_admin",
         "alice",
         "POST",
         "/v1.41/containers/create",
         R"({"Image":"a","HostConfig":{"CapAdd":["SYS_ADMIN"]}})",
         {},
         false,
         "runtime/RT002"},
        {"seccomp_unconfined",
         "alice",
         "POST",
         "/v1.41/containers/create",
         R"({"Image":"a","HostConfig":{"SecurityOpt":["seccomp=unconfined"]}})",
         {},
         false,
         "runtime/RT005"},
        {"host_pid",
         "alice",
         "POST",
         "/v1.41/containers/create",
         R"({"Image":"a","HostConfig":{"PidMode":"host"}})",
         {},
         false,
         "runtime/RT010"},
        {"host_net",
         "alice",
         "POST",
         "/v1.41/containers/create",
         R"({"Image":"a","HostConfig":{"NetworkMode":"host"}})",
         {},
         false,
         "runtime/RT009"},
        {"bind_root",
         "alice",
         "POST",
         "/v1.41/containers/create",
         R"({"Image":"a","HostConfig":{"Binds":["/:/host"]}})",
         {},
         false,
         "runtime/RT015"},
        {"bind_root_via_symlink",
         "alice",
         "POST",
         "/v1.41/containers/create",
         R"({"Image":"a","HostConfig":{"Binds":["/tmp/innocent:/host:ro"]}})",
         {},
         false,
         "runtime/RT015"},
        {"mount_sock_via_symlink",
         "alice",
         "POST",
         "/v1.41/containers/create",
         R"({"Image":"a","HostConfig":{"Mounts":[{"Type":"bind","Source":"/tmp/sock-link","Target":"/s"}]}})",
         {},
         false,
         "runtime/RT014"},
        {"plugin_dir",
         "alice",
         "POST",
         "/v1.41/containers/create",
         R"({"Image":"a","HostConfig":{"Binds":["/run/docker/plugins:/p"]}})",
         {},
         false,
         "authz/protected-path"},
        {"parent_of_plugin_dir",
         "alice",
         "POST",
         "/v1.41/containers/create",
         R"({"Image":"a","HostConfig":{"Binds":["/usr/lib/docker:/d:ro"]}})",
         {},
         false,
         "authz/protected-path"},
        {"named_volume_ok",
         "alice",
         "POST",
         "/v1.41/containers/create",
         R"({"Image":"a","HostConfig":{"Binds":["data:/data"]}})",
         {},
         true,
         "role"},
        {"registry_denied",
         "alice",
         "POST",
         "/v1.41/containers/create",
         R"({"Image":"evil.example/x:1"})",
         {},
         false,
         "authz/registry"},
        {"registry_local_ok",
         "alice",
         "POST",
         "/v1.41/containers/create",
         R"({"Image":"localhost:5000/x:1"})",
         {},
         true,
         "role"},
        {"pull_denied_registry",
         "alice",
         "POST",
         "/v1.41/images/create?fromImage=evil.example/x&tag=1",
         {},
         {},
         false,
         "authz/registry"},
        {"pull_ok",
         "alice",
         "POST",
         "/v1.41/images/create?fromImage=alpine&tag=3.19",
         {},
         {},
         true,
         "role"},
        {"build_host_network",
         "alice",
         "POST",
         "/v1.41/build?networkmode=default&networkmode=host",
         {},
         {},
         false,
         "runtime/RT009"},
        {"exec_privileged",
         "alice",
         "POST",
         "/v1.41/containers/web/exec",
         R"({"Cmd":["sh"],"Privileged":true})",
         {},
         false,
         "runtime/RT001"},
        {"exec_plain",
         "alice",
         "POST",
         "/v1.41/containers/web/exec",
         R"({"Cmd":["sh"]})",
         {},
         true,
         "role"},
        {"update_devices",
         "alice",
         "POST",
         "/v1.41/containers/web/update",
         R"({"Devices":[{"PathOnHost":"/dev/sda","PathInContainer":"/dev/sda","CgroupPermissions":"rwm"}]})",
         {},
         true,
         "role"},
        {"volume_bind_etc",
         "alice",
         "POST",
         "/v1.41/volumes/create",
         R"({"Name":"v","Driver":"local","DriverOpts":{"type":"none","o":"bind","device":"/etc"}})",
         {},
         false,
         "runtime/RT015"},
        {"volume_plain",
         "alice",
         "POST",
         "/v1.41/volumes/create",
         R"({"Name":"v"})",
         {},
         true,
         "role"},
        {"network_ok",
         "alice",
         "POST",
         "/v1.41/networks/create",
         R"({"Name":"n","Driver":"bridge"})",
         {},
         true,
         "role"},
        {"operator_needs_owner_label",
         "olga",
         "POST",
         "/v1.41/containers/create",
         kCreate,
         {},
         false,
         "authz/owner-label"},
        {"operator_with_owner_label",
         "olga",
         "POST",
         "/v1.41/containers/create",
         R"({"Image":"a","Labels":{"berth.owner":"olga"}})",
         {},
         true,
         "role operator"},
        {"admin_privileged_allowed",
         "root",
         "POST",
         "/v1.41/containers/create",
         R"({"Image":"a","HostConfig":{"Privileged":true}})",
         {},
         true,
         "role admin"},
    });
}

TEST(AuthzDecide, WarnModeAllowsAndRecords) {
    const Policy p = seed();
    const Decision d =
        decide_json(p, wire("alice", "POST", "/v1.41/containers/create", kCreate), options());
    ASSERT_TRUE(d.allow) << d.reason;
    EXPECT_EQ(d.image, "alpine:3.19");
    bool memory = false;
    for (const auto& w : d.warnings) memory = memory || w.rfind("runtime/RT019", 0) == 0;
    EXPECT_TRUE(memory) << json(d.warnings).dump();
}

TEST(AuthzDecide, FailsClosedOnBodies) {
    run_cases({
        {"create_without_body",
         "alice",
         "POST",
         "/v1.41/containers/create",
         {},
         {{"Content-Type", "application/json"}, {"Content-Length", "0"}},
         false,
         "authz/missing-body"},
        {"create_chunked",
         "alice",
         "POST",
         "/v1.41/containers/create",
         {},
         {{"Transfer-Encoding", "chunked"}},
         false,
         "authz/missing-body"},
        {"create_no_content_type",
         "alice",
         "POST",
         "/v1.41/containers/create",
         {},
         {},
         false,
         "authz/missing-body"},
        {"create_text_plain",
         "alice",
         "POST",
         "/v1.41/containers/create",
         kCreate,
         {{"Content-Type", "text/plain"}},
         false,
         "authz/content-type"},
        {"create_json_charset",
         "alice",
         "POST",
         "/v1.41/containers/create",
         kCreate,
         {{"Content-Type", "application/json; charset=utf-8"}},
         true,
         "role"},
        {"create_malformed",
         "alice",
         "POST",
         "/v1.41/containers/create",
         R"({"Image":)",
         {},
         false,
         "authz/bad-body"},
        {"create_wrong_type",
         "alice",
         "POST",
         "/v1.41/containers/create",
         R"({"Image":"a","HostConfig":{"Privileged":"true"}})",
         {},
         false,
         "authz/bad-body"},
        {"create_binds_not_strings",
         "alice",
         "POST",
         "/v1.41/containers/create",
         R"({"Image":"a","HostConfig":{"Binds":[1]}})",
         {},
         false,
         "authz/bad-body"},
        {"create_array",
         "alice",
         "POST",
         "/v1.41/containers/create",
         "[]",
         {},
         false,
         "authz/bad-body"},
        {"create_oversized",
         "alice",
         "POST",
         "/v1.41/containers/create",
         R"({"Image":"a","Env":[")" + std::string(1100000, 'x') + R"("]})",
         {},
         false,
         "authz/oversized"},
        {"start_with_body",
         "alice",
         "POST",
         "/v1.41/containers/x/start",
         {},
         {{"Content-Length", "40"}},
         false,
         "authz/start-body"},
        {"start_plain", "alice", "POST", "/v1.41/containers/x/start", {}, {}, true, "role"},
        {"exec_without_body",
         "alice",
         "POST",
         "/v1.41/containers/x/exec",
         {},
         {},
         false,
         "authz/missing-body"},
        {"plugin_set_by_non_admin",
         "alice",
         "POST",
         "/v1.41/plugins/berth/set",
         "[]",
         {},
         false,
         "authz/plugin-management"},
        {"plugin_delete_by_non_admin",
         "alice",
         "DELETE",
         "/v1.41/plugins/berth",
         {},
         {},
         false,
         "authz/role"},
        {"plugin_disable_by_admin",
         "root",
         "POST",
         "/v1.41/plugins/other/disable",
         {},
         {},
         true,
         "role admin"},
        {"plugin_set_by_admin_object_body",
         "root",
         "POST",
         "/v1.41/plugins/x/set",
         "{}",
         {},
         false,
         "authz/bad-body"},
    });
    const Policy p = seed();
    const Decision bad = decide_json(p, "{not json", options());
    EXPECT_FALSE(bad.allow);
    EXPECT_EQ(bad.rule, "authz/bad-request");
}

TEST(AuthzDecide, IdentityFromCertificate) {
    // A client certificate made with openssl: CN alice, SAN email, O ops.
    const auto dir = test::temp_dir("authz-cert");
    const std::string key = (dir / "k.pem").string(), cert = (dir / "c.pem").string();
    auto r = test::run_shell("openssl req -x509 -newkey rsa:2048 -nodes -keyout " + key + " -out " +
                             cert +
                             " -days 1 -subj '/O=ops/CN=alice' -addext "
                             "'subjectAltName=email:alice@example.com' 2>&1");
    if (r.exit_code != 0) GTEST_SKIP() << "openssl unavailable: " << r.out;
    auto p = parse_policy(
        "identity: {user: san, groups-from: organization}\n"
        "users: {alice@example.com: [read-only]}\n"
        "groups: {ops: {roles: [auditor]}}\n",
        "p.yaml");
    ASSERT_TRUE(p.has_value()) << p.error().to_string();
    AuthzRequest req;
    req.user = "alice";
    req.method = "GET";
    req.uri = "/v1.41/containers/x/logs";
    req.peer_certificates = {test::read_text_file(cert)};
    const Identity id = identify(*p, req);
    EXPECT_EQ(id.user, "alice@example.com");
    EXPECT_EQ(id.groups, std::vector<std::string>{"ops"});
    const Decision d = decide(*p, req, options());
    EXPECT_TRUE(d.allow) << d.reason;
    EXPECT_EQ(d.rule, "role auditor");
}

TEST(AuthzDecide, ResponsesAreAllowedAndRepliesAreWireJson) {
    const Policy p = seed();
    const Decision d = decide_json(
        p, R"({"RequestMethod":"GET","RequestUri":"/x","ResponseStatusCode":200})", options());
    EXPECT_TRUE(d.allow);
    EXPECT_EQ(reply_json(d), R"({"Allow":true})");
    Decision no;
    no.msg = "berth: no";
    EXPECT_EQ(reply_json(no), R"({"Allow":false,"Msg":"berth: no"})");
    // A message quoting a decoded URI may hold any byte (fuzz find): replaced, never a throw.
    no.msg = "berth: denied /containers/\xfc\xff";
    EXPECT_EQ(reply_json(no),
              "{\"Allow\":false,\"Msg\":\"berth: denied /containers/\xef\xbf\xbd\xef\xbf\xbd\"}");
}

// Every AuthZReq of the native capture decided as the seed policy's anonymous admin would
// (the capture ran on the unix socket): all allowed, and alice (container-admin) is refused
// exactly the privileged / host-namespace / docker.sock / unconfined creates.
TEST(AuthzDecide, NativeCaptureReplay) {
    auto data = test::shared_data_dir();
    if (!data) GTEST_SKIP() << "shared data absent: authz/native-dockerd-20.10.24";
    const auto dir = *data / "authz/native-dockerd-20.10.24/session2-scenarios";
    if (!std::filesystem::exists(dir)) GTEST_SKIP() << "capture absent: " << dir;
    auto seedp = load_policy(std::string(BERTH_SOURCE_DIR) + "/contrib/authz/seed-policy.yaml");
    ASSERT_TRUE(seedp.has_value());
    std::map<std::string, bool> alice_creates;
    int requests = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        if (name.find("AuthZReq.request.json") == std::string::npos) continue;
        const std::string text = test::read_text_file(e.path());
        ++requests;
        const Decision anon = decide_json(*seedp, text, options());
        EXPECT_TRUE(anon.allow) << name << ": " << anon.reason;
        json j = json::parse(text);
        const std::string uri = j["RequestUri"];
        if (uri.find("/containers/create") == std::string::npos) continue;
        j["User"] = "alice";
        const Decision d = decide_json(*seedp, j.dump(), options());
        alice_creates[uri.substr(uri.find("name=") + 5)] = d.allow;
    }
    EXPECT_GT(requests, 50);
    const std::map<std::string, bool> want = {
        {"c-created", true},      {"c-customseccomp", true}, {"c-default", true},
        {"c-denied-priv", false}, {"c-dockersock", false},   {"c-hardened", true},
        {"c-hostns", false},      {"c-privileged", false},   {"c-root", true},
        {"c-unconfined", false},
    };
    EXPECT_EQ(alice_creates, want);
}

}  // namespace
}  // namespace berth::authz
