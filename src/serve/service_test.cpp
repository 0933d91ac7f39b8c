// SPDX-License-Identifier: Apache-2.0
// The service with a fake scanner and matcher: routes, de-duplication, deletes, re-match
// diffs and notifications (received by a second serve::HttpServer), request limits over a real
// socket. The real scan stage and registry are in tests/e2e/serve_test.cpp.
#include "serve/service.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>

#include "serve/service_internal.hpp"
#include "test_support.hpp"

namespace berth::serve {
namespace {

using nlohmann::json;

const std::string kDigest =
    "sha256:1111111111111111111111111111111111111111111111111111111111111111";
const std::string kEventType = "application/vnd.docker.distribution.events.v2+json";

std::string push_body(const std::string& digest, const std::string& tag = "1.0") {
    return R"({"events":[{"id":"e","action":"push","target":{"mediaType":)"
           R"("application/vnd.oci.image.manifest.v1+json","digest":")" +
           digest + R"(","repository":"demo/app","tag":")" + tag +
           R"(","url":"http://127.0.0.1:5000/v2/demo/app/manifests/x"}}]})";
}

Request post(const std::string& target, const std::string& body,
             const std::string& content_type = kEventType) {
    Request r;
    r.method = "POST";
    r.target = target;
    r.headers = {{"content-type", content_type}};
    r.body = body;
    return r;
}

Request get(const std::string& target) {
    Request r;
    r.target = target;
    r.method = "GET";
    return r;
}

// A fake scan stage: counts scans; findings are whatever `advisories` says at match time.
struct Fakes {
    std::atomic<int> scans{0};
    std::mutex mu;
    std::vector<FindingRow> advisories;

    Scanner scanner() {
        return [this](const ImageRow&) -> Result<ScanRecord> {
            ++scans;
            ScanRecord r;
            r.cyclonedx = R"({"bomFormat":"CycloneDX"})";
            r.spdx = R"({"spdxVersion":"SPDX-2.3"})";
            r.packages = {{"deb", "bash", "5.2.15-2+b2", "pkg:deb/debian/bash@5.2.15-2+b2"}};
            r.findings = match();
            return r;
        };
    }
    Matcher matcher() {
        return [this](const std::string&) -> Result<std::vector<FindingRow>> { return match(); };
    }
    std::vector<FindingRow> match() {
        std::lock_guard lock(mu);
        return advisories;
    }
};

struct Harness {
    Fakes fakes;
    std::unique_ptr<Service> service;

    explicit Harness(ServiceOptions o = {}) {
        if (o.data_dir.empty()) o.data_dir = test::temp_dir("serve-unit");
        o.db_path = o.data_dir / "no-advisory-db";
        o.db_poll = std::chrono::milliseconds(0);
        o.log = [](const std::string&) {};
        auto s = Service::create(o, fakes.scanner(), fakes.matcher());
        EXPECT_TRUE(s) << s.error().to_string();
        service = std::move(*s);
        service->start();
    }
    json call(const Request& r, unsigned want_status = 200) {
        Response res = service->handle(r);
        EXPECT_EQ(res.status, want_status) << r.target << " → " << res.body;
        return json::parse(res.body, nullptr, false);
    }
};

TEST(ServeService, PushIsScannedOnceAndDuplicatesAreNotRescanned) {
    Harness h;
    auto first = h.call(post("/webhooks/registry", push_body(kDigest)));
    EXPECT_EQ(first.at("queued"), 1);
    ASSERT_TRUE(h.service->wait_idle(std::chrono::seconds(10)));
    // A retried delivery and the same digest under a second tag.
    auto again = h.call(post("/webhooks/registry", push_body(kDigest)));
    EXPECT_EQ(again.at("queued"), 0);
    EXPECT_EQ(again.at("known"), 1);
    h.call(post("/webhooks/registry", push_body(kDigest, "latest")));
    ASSERT_TRUE(h.service->wait_idle(std::chrono::seconds(10)));
    EXPECT_EQ(h.fakes.scans.load(), 1);

    auto list = h.call(get("/api/v1/images"));
    ASSERT_EQ(list.at("images").size(), 1U);
    const auto& img = list.at("images").at(0);
    EXPECT_EQ(img.at("state"), "scanned");
    EXPECT_EQ(img.at("tags"), json({"1.0", "latest"}));
    EXPECT_EQ(img.at("reference"), "127.0.0.1:5000/demo/app@" + kDigest);
    EXPECT_EQ(img.at("scans"), 1);

    auto one = h.call(get("/api/v1/images/" + kDigest));
    ASSERT_EQ(one.at("packages").size(), 1U);
    EXPECT_EQ(one.at("packages").at(0).at("name"), "bash");
    EXPECT_EQ(h.service->handle(get("/api/v1/images/" + kDigest + "/sbom?format=spdx")).body,
              R"({"spdxVersion":"SPDX-2.3"})");
    Response cdx = h.service->handle(get("/api/v1/images/" + kDigest + "/sbom"));
    EXPECT_EQ(cdx.content_type, "application/vnd.cyclonedx+json");
    EXPECT_EQ(cdx.body, R"({"bomFormat":"CycloneDX"})");
}

TEST(ServeService, FailedScanIsRetriedOnRedelivery) {
    Fakes fakes;
    std::atomic<int> calls{0};
    ServiceOptions o;
    o.data_dir = test::temp_dir("serve-unit");
    o.db_poll = std::chrono::milliseconds(0);
    o.log = [](const std::string&) {};
    auto flaky = [&](const ImageRow& row) -> Result<ScanRecord> {
        if (++calls == 1) return fail(ErrorCode::Io, "registry unreachable");
        return fakes.scanner()(row);
    };
    auto s = Service::create(o, flaky, fakes.matcher());
    ASSERT_TRUE(s);
    (*s)->start();
    EXPECT_EQ((*s)->handle(post("/webhooks/registry", push_body(kDigest))).status, 200U);
    ASSERT_TRUE((*s)->wait_idle(std::chrono::seconds(10)));
    auto img = (*s)->store().image_by_digest(kDigest);
    ASSERT_TRUE(img && *img);
    EXPECT_EQ((*img)->state, "failed");
    EXPECT_NE((*img)->error.find("registry unreachable"), std::string::npos);
    EXPECT_EQ((*s)->handle(post("/webhooks/registry", push_body(kDigest))).status, 200U);
    ASSERT_TRUE((*s)->wait_idle(std::chrono::seconds(10)));
    img = (*s)->store().image_by_digest(kDigest);
    EXPECT_EQ((*img)->state, "scanned");
    EXPECT_EQ(calls.load(), 2);
}

TEST(ServeService, DeleteMarksTheImageDeleted) {
    Harness h;
    h.call(post("/webhooks/registry", push_body(kDigest)));
    ASSERT_TRUE(h.service->wait_idle(std::chrono::seconds(10)));
    auto res = h.call(post("/webhooks/registry",
                           R"({"events":[{"action":"delete","target":{"repository":"demo/app",)"
                           R"("digest":")" +
                               kDigest + R"("}}]})"));
    EXPECT_EQ(res.at("deleted"), 1);
    EXPECT_EQ(h.call(get("/api/v1/images/" + kDigest)).at("deleted"), true);
}

TEST(ServeService, BadRequestsGet4xxAndStoreNothing) {
    ServiceOptions o;
    o.webhook_secret = "s3cret";
    Harness h(o);
    Request no_auth = post("/webhooks/registry", push_body(kDigest));
    EXPECT_EQ(h.call(no_auth, 401).at("error"),
              "missing or wrong Authorization header for the webhook");
    Request authed = no_auth;
    authed.headers.emplace_back("authorization", "Bearer s3cret");
    authed.headers[0].second = "text/plain";
    EXPECT_NE(h.call(authed, 415).at("error").get<std::string>().find("content type"),
              std::string::npos);
    authed.headers[0].second = kEventType;
    authed.body = R"({"events":[{"action":"push","target":{"mediaType":)"
                  R"("application/vnd.oci.image.manifest.v1+json","repository":"demo/app"}}]})";
    EXPECT_NE(h.call(authed, 400).at("error").get<std::string>().find("digest"), std::string::npos);
    authed.body = "{";
    EXPECT_NE(h.call(authed, 400).at("error").get<std::string>().find("not valid JSON"),
              std::string::npos);
    EXPECT_EQ(h.call(get("/webhooks/registry"), 405).at("error"),
              "the webhook takes POST requests");
    EXPECT_EQ(h.call(get("/api/v1/images/nope"), 400).at("error"),
              "'nope' is not a digest (sha256:…)");
    h.call(get("/api/v1/images/" + kDigest), 404);
    h.call(get("/nothing"), 404);
    EXPECT_TRUE(h.call(get("/api/v1/images")).at("images").empty());
    EXPECT_EQ(h.fakes.scans.load(), 0);
    // The bare secret is what a notifications `headers: {Authorization: [s3cret]}` sends.
    authed.headers.back().second = "s3cret";
    authed.body = push_body(kDigest);
    EXPECT_EQ(h.call(authed).at("queued"), 1);
}

TEST(ServeService, ApiTokenGuardsTheApi) {
    ServiceOptions o;
    o.api_token = "tok";
    Harness h(o);
    h.call(get("/api/v1/images"), 401);
    Request r = get("/api/v1/images");
    r.headers = {{"authorization", "Bearer tok"}};
    h.call(r);
    h.call(get("/healthz"));
}

// A notification sink: a second HttpServer recording what it receives.
struct Sink {
    std::mutex mu;
    std::vector<std::string> bodies;
    std::atomic<int> refuse_first{0};
    HttpServer server{HttpOptions{"127.0.0.1:0", 1}, [this](const Request& r) {
                          if (refuse_first.load() > 0) {
                              --refuse_first;
                              return error_response(503, "busy");
                          }
                          std::lock_guard lock(mu);
                          bodies.push_back(r.body);
                          return Response{};
                      }};
    std::string url() { return "http://127.0.0.1:" + std::to_string(server.port()) + "/hook"; }
};

TEST(ServeService, RematchNotifiesNewFindingsOnlyOnce) {
    Sink sink;
    ASSERT_TRUE(sink.server.start());
    sink.refuse_first = 1;  // the first delivery is retried
    ServiceOptions o;
    o.notify_urls = {sink.url()};
    o.notify_retry = {4, std::chrono::milliseconds(10), std::chrono::milliseconds(100)};
    Harness h(o);
    h.call(post("/webhooks/registry", push_body(kDigest)));
    ASSERT_TRUE(h.service->wait_idle(std::chrono::seconds(10)));
    auto none = h.call(post("/api/v1/rematch", ""));
    EXPECT_EQ(none.at("changed"), 0);
    {
        std::lock_guard lock(h.fakes.mu);
        h.fakes.advisories = {{"CVE-2026-0001", "bash", "5.2.15-2+b2", "5.2.15-3", "HIGH", ""}};
    }
    auto sum = h.call(post("/api/v1/rematch", ""));
    EXPECT_EQ(sum.at("images"), 1);
    EXPECT_EQ(sum.at("changed"), 1);
    EXPECT_EQ(sum.at("notifications"), 1);
    EXPECT_EQ(h.fakes.scans.load(), 1) << "a re-match pulls nothing";
    {
        std::lock_guard lock(sink.mu);
        ASSERT_EQ(sink.bodies.size(), 1U);
        auto n = json::parse(sink.bodies[0]);
        EXPECT_EQ(n.at("type"), "berth.findings.new");
        EXPECT_EQ(n.at("image").at("digest"), kDigest);
        EXPECT_EQ(n.at("new_findings").at(0).at("id"), "CVE-2026-0001");
        EXPECT_EQ(n.at("new_findings").at(0).at("severity"), "HIGH");
    }
    EXPECT_EQ(h.call(post("/api/v1/rematch", "")).at("changed"), 0);
    auto img = h.call(get("/api/v1/images/" + kDigest));
    EXPECT_EQ(img.at("findings").at(0).at("id"), "CVE-2026-0001");
    std::lock_guard lock(sink.mu);
    EXPECT_EQ(sink.bodies.size(), 1U);
}

TEST(ServeService, FindingsDiffKeysOnIdPackageAndVersion) {
    const std::vector<FindingRow> before = {{"A", "p", "1", "", "LOW", ""},
                                            {"B", "p", "1", "", "LOW", ""}};
    const std::vector<FindingRow> after = {{"B", "p", "1", "", "HIGH", ""},
                                           {"C", "q", "2", "", "", ""},
                                           {"A", "p", "2", "", "LOW", ""}};
    const FindingsDiff d = diff_findings(before, after);
    ASSERT_EQ(d.added.size(), 2U);
    EXPECT_EQ(d.added[0].vuln_id, "C");
    EXPECT_EQ(d.added[1].version, "2");
    ASSERT_EQ(d.removed.size(), 1U);
    EXPECT_EQ(d.removed[0].vuln_id, "A");
    EXPECT_TRUE(diff_findings(after, after).added.empty());
}

TEST(ServeHttp, OversizedBodyGets413OverASocket) {
    std::atomic<int> handled{0};
    HttpOptions o;
    o.listen = "127.0.0.1:0";
    o.max_body = 1024;
    HttpServer server(o, [&](const Request&) {
        ++handled;
        return Response{};
    });
    ASSERT_TRUE(server.start());
    const std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/x";
    auto big = test::run_shell(
        "head -c 4096 /dev/zero | tr '\\0' a | curl -s -o - -w ' %{http_code}' "
        "-H 'Content-Type: application/json' --data-binary @- " +
        url);
    EXPECT_NE(big.out.find("request body over 1024 bytes"), std::string::npos) << big.out;
    EXPECT_NE(big.out.find(" 413"), std::string::npos) << big.out;
    auto small = test::run_shell("curl -s -o /dev/null -w '%{http_code}' --data-binary x " + url);
    EXPECT_EQ(small.out, "200");
    EXPECT_EQ(handled.load(), 1);
}

TEST(ServeHttp, ListenAddresses) {
    auto a = parse_listen("127.0.0.1:8080");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->first, "127.0.0.1");
    EXPECT_EQ(a->second, 8080);
    auto b = parse_listen("[::1]:0");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->first, "::1");
    EXPECT_EQ(parse_listen(":9")->first, "0.0.0.0");
    EXPECT_FALSE(parse_listen("8080"));
    EXPECT_FALSE(parse_listen("h:99999"));
    EXPECT_FALSE(parse_listen("h:x"));
}

}  // namespace
}  // namespace berth::serve
