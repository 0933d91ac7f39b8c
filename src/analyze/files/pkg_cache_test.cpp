// SPDX-License-Identifier: Apache-2.0
// files/pkg_cache: which paths belong to a package-manager cache, and under which directory.
#include <gtest/gtest.h>

#include <string>

#include "analyze/plugins.hpp"
#include "test_support.hpp"

namespace berth::analyze {
namespace {

struct Case {
    const char* name;
    const char* path;
    const char* kind;  ///< "" = not required
    const char* dir;
};

class PkgCacheCases : public testing::TestWithParam<Case> {};

TEST_P(PkgCacheCases, KindAndDirectory) {
    const Case& c = GetParam();
    auto a = make_pkg_cache();
    const bool want = std::string(c.kind) != "";
    ASSERT_EQ(a->required(c.path, {image::EntryType::File, 0644, 10}), want) << c.path;
    EXPECT_FALSE(a->required(c.path, {image::EntryType::Directory, 0755, 0}));
    if (!want) return;
    image::Entry e;
    e.path = c.path;
    e.size = 10;
    test::ChunkedStream content("x", 1, 0);  // fails on any read
    LayerAnalysis out;
    ASSERT_TRUE(a->analyze({e.path, e, content}, out));
    ASSERT_EQ(out.file_findings.size(), 1U);
    EXPECT_EQ(out.file_findings[0].analyzer, "files/pkg_cache");
    EXPECT_EQ(out.file_findings[0].kind, c.kind);
    EXPECT_EQ(out.file_findings[0].detail, c.dir);
    EXPECT_EQ(out.file_findings[0].size, 10U);
}

INSTANTIATE_TEST_SUITE_P(
    Paths, PkgCacheCases,
    testing::Values(
        Case{"apt_lists", "var/lib/apt/lists/deb.debian.org_dists_bookworm_InRelease", "apt-lists",
             "var/lib/apt/lists"},
        Case{"apt_lists_lock", "var/lib/apt/lists/lock", "", ""},
        Case{"apt_archive", "var/cache/apt/archives/curl_7.88_amd64.deb", "apt-archives",
             "var/cache/apt/archives"},
        Case{"apt_archive_lock", "var/cache/apt/archives/lock", "", ""},
        Case{"apt_pkgcache", "var/cache/apt/pkgcache.bin", "apt-cache", "var/cache/apt"},
        Case{"apk", "var/cache/apk/APKINDEX.1.tar.gz", "apk", "var/cache/apk"},
        Case{"dnf", "var/cache/dnf/repo/packages/x.rpm", "dnf", "var/cache/dnf"},
        Case{"yum", "var/cache/yum/x86_64/9/base/repomd.xml", "yum", "var/cache/yum"},
        Case{"pip_root", "root/.cache/pip/http/a/b/c", "pip", "root/.cache/pip"},
        Case{"pip_user", "home/app/.cache/pip/wheels/x.whl", "pip", "home/app/.cache/pip"},
        Case{"npm_user", "home/app/.npm/_cacache/content-v2/sha512/ab", "npm",
             "home/app/.npm/_cacache"},
        Case{"npm_root", "root/.npm/_cacache/index-v5/00/11", "npm", "root/.npm/_cacache"},
        Case{"not_cache_home", "home/app/.cache/other/file", "", ""},
        Case{"not_cache_home_short", "home/app", "", ""},
        Case{"not_cache_etc", "etc/apt/sources.list", "", ""},
        Case{"not_cache_apt_dir", "var/cache/apt/", "", ""}),
    [](const testing::TestParamInfo<Case>& i) { return std::string(i.param.name); });

}  // namespace
}  // namespace berth::analyze
