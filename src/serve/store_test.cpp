// SPDX-License-Identifier: Apache-2.0
#include "serve/store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "test_support.hpp"

namespace berth::serve {
namespace {

const std::string kDigest =
    "sha256:2222222222222222222222222222222222222222222222222222222222222222";

RegistryEvent push(const std::string& tag, const std::string& digest = kDigest) {
    RegistryEvent e;
    e.kind = RegistryEvent::Kind::ManifestPush;
    e.action = "push";
    e.registry = "127.0.0.1:5000";
    e.repository = "demo/app";
    e.digest = digest;
    e.tag = tag;
    e.media_type = "application/vnd.oci.image.manifest.v1+json";
    return e;
}

TEST(ServeStore, PushIsQueuedOnceAndClaimedOnce) {
    auto store = Store::open(test::temp_dir("serve-store") / "serve.db");
    ASSERT_TRUE(store) << store.error().to_string();
    auto& s = **store;
    EXPECT_EQ(s.record_push(push("1.0"), "t1"), true);
    EXPECT_EQ(s.record_push(push("1.0"), "t2"), false);
    EXPECT_EQ(s.record_push(push("latest"), "t3"), false);
    auto claimed = s.claim_next();
    ASSERT_TRUE(claimed && *claimed);
    EXPECT_EQ((*claimed)->reference(), "127.0.0.1:5000/demo/app@" + kDigest);
    EXPECT_EQ((*claimed)->tags, (std::vector<std::string>{"1.0", "latest"}));
    EXPECT_EQ((*claimed)->first_seen, "t1");
    EXPECT_EQ((*claimed)->last_seen, "t3");
    auto none = s.claim_next();
    ASSERT_TRUE(none);
    EXPECT_FALSE(*none) << "a claimed image is not handed out twice";
}

TEST(ServeStore, ScanningRowsAreQueuedAgainAfterARestart) {
    const auto path = test::temp_dir("serve-store") / "serve.db";
    {
        auto store = Store::open(path);
        ASSERT_TRUE(store);
        ASSERT_TRUE((*store)->record_push(push("1.0"), "t1"));
        auto c = (*store)->claim_next();
        ASSERT_TRUE(c && *c);
    }
    auto store = Store::open(path);
    ASSERT_TRUE(store);
    auto c = (*store)->claim_next();
    ASSERT_TRUE(c && *c) << "the interrupted scan is run again";
}

TEST(ServeStore, SaveScanReplacesAndKeepsFirstSeenOfFindings) {
    auto store = Store::open(test::temp_dir("serve-store") / "serve.db");
    ASSERT_TRUE(store);
    auto& s = **store;
    ASSERT_TRUE(s.record_push(push("1.0"), "t1"));
    const auto id = (*s.claim_next())->id;
    ScanRecord rec;
    rec.cyclonedx = "{cdx}";
    rec.spdx = "{spdx}";
    rec.packages = {{"deb", "bash", "5.2", "pkg:deb/debian/bash@5.2"}};
    rec.findings = {{"CVE-1", "bash", "5.2", "5.3", "HIGH", ""}};
    ASSERT_TRUE(s.save_scan(id, rec, "t2"));
    ASSERT_TRUE(s.replace_findings(
        id, {{"CVE-1", "bash", "5.2", "5.3", "HIGH", ""}, {"CVE-2", "bash", "5.2", "", "LOW", ""}},
        "t3"));
    auto f = s.findings(id);
    ASSERT_TRUE(f);
    ASSERT_EQ(f->size(), 2U);
    EXPECT_EQ((*f)[0].first_seen, "t2");
    EXPECT_EQ((*f)[1].first_seen, "t3");
    EXPECT_EQ(*s.sbom(id, "spdx"), std::optional<std::string>("{spdx}"));
    EXPECT_FALSE(s.sbom(id, "xml"));
    auto img = s.image_by_digest(kDigest);
    ASSERT_TRUE(img && *img);
    EXPECT_EQ((*img)->state, "scanned");
    EXPECT_EQ((*img)->scans, 1);
    EXPECT_EQ(s.packages(id)->at(0).purl, "pkg:deb/debian/bash@5.2");
}

TEST(ServeStore, DeleteByDigestAndByTag) {
    auto store = Store::open(test::temp_dir("serve-store") / "serve.db");
    ASSERT_TRUE(store);
    auto& s = **store;
    ASSERT_TRUE(s.record_push(push("1.0"), "t1"));
    ASSERT_TRUE(s.record_push(push("2.0"), "t1"));
    RegistryEvent untag;
    untag.kind = RegistryEvent::Kind::Delete;
    untag.repository = "demo/app";
    untag.tag = "1.0";
    EXPECT_EQ(s.record_delete(untag, "t2"), 1);
    EXPECT_EQ((*s.image_by_digest(kDigest))->tags, std::vector<std::string>{"2.0"});
    EXPECT_FALSE((*s.image_by_digest(kDigest))->deleted);
    RegistryEvent del = untag;
    del.tag.clear();
    del.digest = kDigest;
    EXPECT_EQ(s.record_delete(del, "t3"), 1);
    EXPECT_TRUE((*s.image_by_digest(kDigest))->deleted);
    del.repository = "other/app";
    EXPECT_EQ(s.record_delete(del, "t3"), 0);
    // Pushed again: back, and not scanned again.
    EXPECT_EQ(s.record_push(push("3.0"), "t4"), false);
    EXPECT_FALSE((*s.image_by_digest(kDigest))->deleted);
}

TEST(ServeStore, RefusesAnotherSchemaVersion) {
    const auto path = test::temp_dir("serve-store") / "serve.db";
    ASSERT_TRUE(Store::open(path));
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_exec(db, "UPDATE meta SET value = '99' WHERE key = 'schema_version'", nullptr, nullptr,
                 nullptr);
    sqlite3_close(db);
    auto again = Store::open(path);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::Format);
    EXPECT_NE(again.error().message.find("schema version 99"), std::string::npos);
}

}  // namespace
}  // namespace berth::serve
