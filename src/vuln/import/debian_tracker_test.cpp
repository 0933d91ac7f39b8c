// SPDX-License-Identifier: Apache-2.0
// Debian tracker JSON importer: inline documents. No copy of the real export (tracker/data/json)
// is in the shared data (see INDEX.md: "JSON blob missing"), so the cases below follow the
// export's documented shape field by field.
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "vuln/import/import_testing.hpp"

namespace berth::vuln::import {
namespace {

using testing::describe;

TEST(DebianTracker, MergesPackagesPerCve) {
    const char* doc = R"({
      "openssl": {
        "CVE-2021-3711": {"description": "SM2 overflow", "scope": "remote", "debianbug": 1,
          "releases": {
            "bullseye": {"status": "resolved", "fixed_version": "1.1.1k-1+deb11u1", "urgency": "high",
                         "repositories": {"bullseye": "1.1.1n-0+deb11u5"}},
            "buster": {"status": "open", "urgency": "low**", "nodsa": "Minor issue", "nodsa_reason": "postponed",
                       "repositories": {"buster": "1.1.1d-0+deb10u3"}},
            "stretch": {"status": "resolved", "fixed_version": "0", "urgency": "not yet assigned"},
            "bookworm": {"status": "undetermined", "urgency": "unimportant"},
            "trixie": {"status": "open", "nodsa_reason": "ignored"},
            "sid": {"status": "resolved", "fixed_version": "1.1.1l-1"},
            "narnia": {"status": "open"}
          }}
      },
      "openssl1.0": {
        "CVE-2021-3711": {"description": "other text", "releases": {
            "stretch": {"status": "open", "urgency": "medium"}}},
        "TEMP-0000000-ABCDEF": {"releases": {}}
      }
    })";
    auto r = testing::parse(Format::DebianTrackerJson, doc);
    ASSERT_TRUE(r.status) << r.status.error().to_string();
    std::string got;
    for (const auto& a : r.advisories) got += describe(a);
    EXPECT_EQ(got,
              "CVE-2021-3711 (debian-tracker)\n"
              "  summary: SM2 overflow\n"
              "  affected: Debian:12 openssl ECOSYSTEM{introduced:0} affected sev=unimportant\n"
              "  affected: Debian:11 openssl ECOSYSTEM{introduced:0 fixed:1.1.1k-1+deb11u1} "
              "affected sev=high\n"
              "  affected: Debian:10 openssl ECOSYSTEM{introduced:0} fix-deferred sev=low "
              "note=postponed: Minor issue\n"
              "  affected: Debian:9 openssl not-affected\n"
              "  affected: Debian:13 openssl ECOSYSTEM{introduced:0} will-not-fix note=ignored\n"
              "  affected: Debian:9 openssl1.0 ECOSYSTEM{introduced:0} affected sev=medium\n"
              "  ref: WEB https://security-tracker.debian.org/tracker/CVE-2021-3711\n"
              "TEMP-0000000-ABCDEF (debian-tracker)\n"
              "  ref: WEB https://security-tracker.debian.org/tracker/TEMP-0000000-ABCDEF\n");
    // sid is skipped silently; an unknown codename is a diagnostic.
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].where, "doc");
    EXPECT_EQ(
        r.diagnostics[0].message,
        "$.openssl.CVE-2021-3711.releases.narnia: unknown Debian release \"narnia\"; skipped");
}

TEST(DebianTracker, OddStatusesAreDiagnostics) {
    auto r = testing::parse(Format::DebianTrackerJson,
                            R"({"p": {"CVE-1": {"releases": {"bookworm": {"status": "resolved"},
                                                             "bullseye": {"status": "weird"}}}}})");
    ASSERT_TRUE(r.status);
    ASSERT_EQ(r.advisories.size(), 1u);
    EXPECT_TRUE(r.advisories[0].affected.empty());
    ASSERT_EQ(r.diagnostics.size(), 2u);
    EXPECT_EQ(r.diagnostics[0].where, "doc");
    EXPECT_EQ(r.diagnostics[0].message,
              "$.p.CVE-1.releases.bookworm: resolved without fixed_version; skipped");
    EXPECT_EQ(r.diagnostics[1].message,
              "$.p.CVE-1.releases.bullseye: unknown status \"weird\"; skipped");
}

TEST(DebianTracker, BadDocuments) {
    // Syntax errors are located at line:column; errors inside the document at the document,
    // with the JSON path leading the message.
    const std::vector<std::tuple<std::string, std::string, std::string, std::string>> cases = {
        {"syntax", "{\"p\": {\"CVE-1\": {]}}", "doc:1:18", ""},
        {"array", "[]", "doc", "$: expected an object keyed by source package"},
        {"package_not_object", R"({"p": []})", "doc",
         "$.p: expected an object keyed by CVE id, got array"},
        {"cve_not_object", R"({"p": {"CVE-1": 3}})", "doc",
         "$.p.CVE-1: expected an object, got number"},
        {"releases_not_object", R"({"p": {"CVE-1": {"releases": []}}})", "doc",
         "$.p.CVE-1.releases: expected an object, got array"},
        {"release_not_object", R"({"p": {"CVE-1": {"releases": {"bookworm": "open"}}}})", "doc",
         "$.p.CVE-1.releases.bookworm: expected an object, got string"},
    };
    for (const auto& [name, input, where, message] : cases) {
        SCOPED_TRACE(name);
        auto r = testing::parse(Format::DebianTrackerJson, input);
        ASSERT_FALSE(r.status);
        EXPECT_EQ(r.status.error().code, ErrorCode::Format);
        EXPECT_EQ(r.status.error().where, where) << r.status.error().message;
        if (!message.empty()) {
            EXPECT_EQ(r.status.error().message, message);
        }
    }
}

}  // namespace
}  // namespace berth::vuln::import
