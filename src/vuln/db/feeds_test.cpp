// SPDX-License-Identifier: Apache-2.0
// The feed catalogue (which sources, which URLs, --feeds and --feed) and the state file. The
// downloads themselves are tested end to end in tests/e2e/feeds_test.cpp.
#include "vuln/db/feeds.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "test_support.hpp"
#include "vuln/db/feeds_internal.hpp"

namespace berth::vuln::db {
namespace {

const FeedSource* find(const std::vector<FeedSource>& v, const std::string& name) {
    auto it = std::find_if(v.begin(), v.end(), [&](const FeedSource& s) { return s.name == name; });
    return it == v.end() ? nullptr : &*it;
}

TEST(FeedPlan, DefaultsUseTheUpstreamUrls) {
    auto plan = plan_feeds({});
    ASSERT_TRUE(plan.has_value()) << plan.error().to_string();
    const auto* pypi = find(*plan, "osv/PyPI");
    ASSERT_NE(pypi, nullptr);
    EXPECT_EQ(pypi->url, "https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip");
    const auto* redhat = find(*plan, "osv/Red Hat");
    ASSERT_NE(redhat, nullptr);
    EXPECT_EQ(redhat->url, "https://osv-vulnerabilities.storage.googleapis.com/Red%20Hat/all.zip");
    EXPECT_EQ(redhat->file, "osv-Red_Hat.zip");
    ASSERT_NE(find(*plan, "osv/Ubuntu"), nullptr) << "Ubuntu comes from OSV";
    const auto* alpine = find(*plan, "alpine/v3.20/community");
    ASSERT_NE(alpine, nullptr);
    EXPECT_EQ(alpine->url, "https://secdb.alpinelinux.org/v3.20/community.json");
    EXPECT_TRUE(alpine->missing_ok);
    const auto* debian = find(*plan, "debian");
    ASSERT_NE(debian, nullptr);
    EXPECT_EQ(debian->url, "https://security-tracker.debian.org/tracker/data/json");
    EXPECT_FALSE(debian->missing_ok);
    // Alpine and Debian come from their native feeds, not from OSV's conversions of them.
    EXPECT_EQ(find(*plan, "osv/Alpine"), nullptr);
    EXPECT_EQ(find(*plan, "osv/Debian"), nullptr);
    EXPECT_EQ(plan->size(),
              default_osv_ecosystems().size() + 2 * default_alpine_branches().size() + 1);
    std::set<std::string> files;
    for (const auto& s : *plan) files.insert(s.file);
    EXPECT_EQ(files.size(), plan->size()) << "two sources share a local file";
}

TEST(FeedPlan, SelectionAndOverrides) {
    FeedOptions o;
    o.select = {"alpine/v3.20", "osv/PyPI", "osv/Debian"};
    o.base_urls = {{"osv", "http://127.0.0.1:9/osv/"}, {"alpine", "https://mirror.example/a"}};
    o.alpine_branches = {"v3.19", "v3.20"};
    auto plan = plan_feeds(o);
    ASSERT_TRUE(plan.has_value()) << plan.error().to_string();
    std::vector<std::string> names;
    for (const auto& s : *plan) names.push_back(s.name);
    EXPECT_EQ(names, (std::vector<std::string>{"osv/PyPI", "alpine/v3.20/main",
                                               "alpine/v3.20/community", "osv/Debian"}));
    EXPECT_EQ((*plan)[0].url, "http://127.0.0.1:9/osv/PyPI/all.zip");
    EXPECT_EQ((*plan)[1].url, "https://mirror.example/a/v3.20/main.json");
    EXPECT_EQ((*plan)[3].url, "http://127.0.0.1:9/osv/Debian/all.zip");

    FeedOptions feed_only;
    feed_only.select = {"debian"};
    auto debian = plan_feeds(feed_only);
    ASSERT_TRUE(debian.has_value());
    ASSERT_EQ(debian->size(), 1U);
    EXPECT_EQ(debian->front().name, "debian");
}

TEST(FeedPlan, BadOptionsAreUsageErrors) {
    FeedOptions unknown;
    unknown.base_urls = {{"nvd", "https://x"}};
    auto a = plan_feeds(unknown);
    ASSERT_FALSE(a.has_value());
    EXPECT_EQ(a.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(a.error().message.find("unknown feed \"nvd\""), std::string::npos);

    FeedOptions scheme;
    scheme.base_urls = {{"osv", "file:///srv/osv"}};
    EXPECT_FALSE(plan_feeds(scheme).has_value());

    FeedOptions nothing;
    nothing.select = {"osv/"};
    auto c = plan_feeds(nothing);
    ASSERT_FALSE(c.has_value());
    EXPECT_NE(c.error().message.find("names no source"), std::string::npos);

    FeedOptions prefix;  // "alp" is not a name or a path prefix of one
    prefix.select = {"alp"};
    EXPECT_FALSE(plan_feeds(prefix).has_value());
}

TEST(FeedState, RoundTripAndCorruptFiles) {
    const auto dir = test::temp_dir("feed-state");
    detail::FeedState st;
    st.cache["osv/PyPI"] = {"https://x/PyPI/all.zip", "\"abc\"", "Wed, 21 Oct 2015 07:28:00 GMT",
                            42, std::string(64, 'a')};
    st.db_built_at = "2026-12-07T10:00:00Z";
    st.db_sources["osv/PyPI"] = std::string(64, 'a');
    ASSERT_TRUE(detail::save_state(dir / "state.json", st).has_value());
    const auto back = detail::load_state(dir / "state.json");
    ASSERT_EQ(back.cache.count("osv/PyPI"), 1U);
    const auto& c = back.cache.at("osv/PyPI");
    EXPECT_EQ(c.etag, "\"abc\"");
    EXPECT_EQ(c.last_modified, "Wed, 21 Oct 2015 07:28:00 GMT");
    EXPECT_EQ(c.size, 42U);
    EXPECT_EQ(back.db_built_at, st.db_built_at);
    EXPECT_EQ(back.db_sources, st.db_sources);

    // Unreadable state means "fetch everything", never an error.
    std::ofstream(dir / "bad.json") << "{\"format\": 1, \"cache\": [";
    EXPECT_TRUE(detail::load_state(dir / "bad.json").cache.empty());
    std::ofstream(dir / "v2.json") << R"({"format": 2, "cache": {"a": {}}, "database": {}})";
    EXPECT_TRUE(detail::load_state(dir / "v2.json").cache.empty());
    EXPECT_TRUE(detail::load_state(dir / "missing.json").cache.empty());
}

}  // namespace
}  // namespace berth::vuln::db
