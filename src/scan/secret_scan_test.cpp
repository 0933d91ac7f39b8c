// SPDX-License-Identifier: Apache-2.0
// Secret scanning through the scan stage, on a docker-archive built here: a key written in one
// layer and deleted in the next is still reported, with the layer and instruction that wrote it;
// --severity and --exit-code cover it; `berth sbom` and scans without `secret` do not scan.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/digest.hpp"
#include "core/progress.hpp"
#include "scan/scan.hpp"
#include "test_support.hpp"

namespace berth::scan {
namespace {

using test::tar_of;
using test::ustar;

constexpr std::string_view kKey = "AKIAZ7Q4N2W6X3C5V5B2";

// A two-layer docker-archive: layer 0 writes app/.env with an AWS key, layer 1 deletes it.
std::filesystem::path write_image(const std::filesystem::path& dir) {
    const std::string l0 =
        tar_of({ustar("app/", '5'),
                ustar("app/.env", '0', "# settings\nAWS_ACCESS_KEY_ID=" + std::string(kKey) + "\n"),
                ustar("usr/share/doc/x/README", '0', std::string(kKey))});
    const std::string l1 = tar_of({ustar("app/.wh..env", '0')});
    const std::string config =
        R"({"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[")" +
        sha256_of(l0).str() + R"(",")" + sha256_of(l1).str() +
        R"("]},"history":[{"created_by":"COPY .env /app/.env"},{"created_by":"RUN rm /app/.env"}]})";
    const std::string manifest =
        R"([{"Config":"config.json","RepoTags":["demo:1"],"Layers":["l0.tar","l1.tar"]}])";
    const auto path = dir / "image.tar";
    std::ofstream(path, std::ios::binary)
        << tar_of({ustar("manifest.json", '0', manifest), ustar("config.json", '0', config),
                   ustar("l0.tar", '0', l0), ustar("l1.tar", '0', l1)});
    return path;
}

ScanRequest request(const std::filesystem::path& image) {
    ScanRequest req;
    req.image = "docker-archive:" + image.string();
    req.scanners = Scanners{false, false, true};
    req.jobs = 1;
    return req;
}

TEST(SecretScan, KeyDeletedByALaterLayerIsReportedWithItsLayer) {
    const auto dir = test::temp_dir("secret-scan");
    const auto image = write_image(dir);
    NullProgress progress;
    auto rep = scan(request(image), progress);
    ASSERT_TRUE(rep.has_value()) << rep.error().to_string();
    ASSERT_EQ(rep->inventory.secrets.size(), 1U) << "usr/share/doc is not scanned";
    const auto& s = rep->inventory.secrets[0];
    EXPECT_EQ(s.rule_id, "aws-access-key-id");
    EXPECT_EQ(s.location.path, "app/.env");
    EXPECT_EQ(s.line, 2U);
    EXPECT_EQ(s.location.layer_introduced, 0U);
    EXPECT_TRUE(s.removed_later);
    EXPECT_EQ(s.match.find(kKey.substr(8)), std::string::npos) << "not redacted: " << s.match;
    ASSERT_EQ(rep->rule_results.size(), 1U);
    const auto& r = rep->rule_results[0];
    EXPECT_EQ(r.outcome, check::Outcome::Fail);
    ASSERT_NE(r.rule, nullptr);
    EXPECT_EQ(r.rule->id, "aws-access-key-id");
    EXPECT_EQ(r.rule->severity, check::Severity::Critical);
    EXPECT_NE(r.message.find("deleted in a later layer"), std::string::npos) << r.message;
    ASSERT_EQ(r.locations.size(), 1U);
    EXPECT_EQ(r.locations[0].path, "app/.env");
    EXPECT_EQ(r.locations[0].line, 2U);
    EXPECT_EQ(r.locations[0].created_by, "COPY .env /app/.env");
    EXPECT_EQ(r.locations[0].layer.rfind("sha256:", 0), 0U);
    std::filesystem::remove_all(dir);
}

TEST(SecretScan, SeverityAndExitCodeCoverSecrets) {
    const auto dir = test::temp_dir("secret-gate");
    const auto image = write_image(dir);
    NullProgress progress;
    auto req = request(image);
    req.exit_code = 3;
    auto tripped = scan(req, progress);
    ASSERT_TRUE(tripped.has_value());
    EXPECT_TRUE(tripped->gate.tripped);
    req.severities = {vuln::Level::Low};
    auto filtered = scan(req, progress);
    ASSERT_TRUE(filtered.has_value());
    EXPECT_TRUE(filtered->rule_results.empty());
    EXPECT_FALSE(filtered->gate.tripped);
    std::filesystem::remove_all(dir);
}

TEST(SecretScan, NotScannedUnlessAskedAndCacheKeysDiffer) {
    const auto dir = test::temp_dir("secret-off");
    const auto image = write_image(dir);
    NullProgress progress;
    auto req = request(image);
    req.cache_dir = dir / "cache";
    req.scanners = Scanners{false, true, false};
    auto without = scan(req, progress);
    ASSERT_TRUE(without.has_value());
    EXPECT_TRUE(without->inventory.secrets.empty());
    // The layers cached by the scan without secrets are not served to a secret scan.
    req.scanners = Scanners{false, true, true};
    auto with = scan(req, progress);
    ASSERT_TRUE(with.has_value());
    EXPECT_EQ(with->cache.layers_from_cache, 0U);
    EXPECT_EQ(with->inventory.secrets.size(), 1U);
    auto again = scan(req, progress);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->cache.layers_from_cache, 2U);
    EXPECT_EQ(again->inventory.secrets.size(), 1U) << "secrets survive the layer cache";
    // Another rule set (--secret-config) is another cache key.
    std::ofstream(dir / "secret.yaml") << "disable-rules: [jwt]\n";
    req.secret_config = dir / "secret.yaml";
    auto custom = scan(req, progress);
    ASSERT_TRUE(custom.has_value());
    EXPECT_EQ(custom->cache.layers_from_cache, 0U);
    req.kind = report::Kind::Sbom;
    auto sbom = scan(req, progress);
    ASSERT_TRUE(sbom.has_value());
    EXPECT_TRUE(sbom->inventory.secrets.empty());
    std::filesystem::remove_all(dir);
}

TEST(SecretScan, BadSecretConfigIsAUsageErrorBeforeTheWalk) {
    const auto dir = test::temp_dir("secret-badcfg");
    std::ofstream(dir / "secret.yaml") << "rules:\n  - id: x\n";
    NullProgress progress;
    auto req = request(dir / "missing.tar");
    req.secret_config = dir / "secret.yaml";
    auto rep = scan(req, progress);
    ASSERT_FALSE(rep.has_value());
    EXPECT_EQ(rep.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(rep.error().where.find("secret.yaml:2"), std::string::npos) << rep.error().where;
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace berth::scan
