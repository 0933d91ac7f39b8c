// SPDX-License-Identifier: Apache-2.0
// RootedFs on trees built here: absolute and relative symlinks, `..` chains, loops, FIFOs, with
// an "outside" directory standing for the machine running berth. Every case runs with both
// resolvers (openat2 and the userspace walk), and one test checks they agree path by path.
#include "core/rooted_fs.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <map>

#include "deadline.hpp"
#include "test_support.hpp"

namespace berth {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Resolver = RootedFs::Resolver;

void write(const fs::path& p, const std::string& content) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary | std::ios::trunc) << content;
}

void link(const std::string& target, const fs::path& at) {
    fs::create_directories(at.parent_path());
    ASSERT_EQ(::symlink(target.c_str(), at.c_str()), 0) << at;
}

// outside/secret (mode 0600) is what must never be read or stat'ed through the root.
struct Trees {
    fs::path base = test::temp_dir("rooted");
    fs::path root = base / "root";
    fs::path outside = base / "outside";

    Trees() {
        write(outside / "secret", "OUTSIDE");
        ::chmod((outside / "secret").c_str(), 0600);
        write(root / "etc/passwd", "root:x:0:0::/root:/bin/sh\n");
        write(root / "etc/docker/real.json", "{\"inside\": true}");
        const std::string out = outside.string();
        link(out + "/secret", root / "etc/docker/daemon.json");  // absolute, to outside
        link("../../../../../../../.." + out + "/secret", root / "etc/up");
        link("/", root / "slash");
        link("real.json", root / "etc/docker/rel.json");
        link("/etc/docker", root / "dockerdir");
        link("loop2", root / "loop1");
        link("loop1", root / "loop2");
    }
};

class RootedFsTest : public testing::TestWithParam<Resolver> {
  protected:
    RootedFs open(const fs::path& root) {
        auto r = RootedFs::open(root, GetParam());
        if (!r && r.error().code == ErrorCode::Unsupported) {
            skip_ = true;
            return RootedFs::open(root, Resolver::Userspace).value();
        }
        EXPECT_TRUE(r.has_value()) << r.error().to_string();
        EXPECT_EQ(r->uses_kernel(), GetParam() == Resolver::Kernel);
        return *r;
    }
    bool skip_ = false;
};

#define BERTH_SKIP_WITHOUT_OPENAT2() \
    if (skip_) GTEST_SKIP() << "openat2 is not available on this kernel"

// Before: berth followed etc/docker/daemon.json -> /outside/secret to the auditing machine.
TEST_P(RootedFsTest, AbsoluteSymlinkStaysInsideTheRoot) {
    Trees t;
    RootedFs rfs = open(t.root);
    BERTH_SKIP_WITHOUT_OPENAT2();
    auto r = rfs.read("/etc/docker/daemon.json", 1024);
    ASSERT_FALSE(r.has_value()) << "read outside the root: " << *r;
    EXPECT_EQ(r.error().code, ErrorCode::NotFound);
    EXPECT_EQ(r.error().where, t.root.string() + "/etc/docker/daemon.json");
    // The same target made inside the root is what the link means there.
    write(t.root / t.outside.relative_path() / "secret", "INSIDE COPY");
    auto in = rfs.read("/etc/docker/daemon.json", 1024);
    ASSERT_TRUE(in.has_value()) << in.error().to_string();
    EXPECT_EQ(*in, "INSIDE COPY");
}

TEST_P(RootedFsTest, DotDotIsClampedAtTheRoot) {
    Trees t;
    RootedFs rfs = open(t.root);
    BERTH_SKIP_WITHOUT_OPENAT2();
    const std::string escape = "/../../../../../../.." + t.outside.string() + "/secret";
    for (const std::string& p : {escape, std::string("etc/up")}) {
        auto r = rfs.read(p, 1024);
        EXPECT_FALSE(r.has_value()) << p << " read outside the root: " << r.value_or("");
        // Owner and mode of an outside file are never disclosed either.
        auto st = rfs.stat(p);
        ASSERT_FALSE(st.has_value()) << p << " stat'ed outside the root";
        EXPECT_EQ(st.error().code, ErrorCode::NotFound);
    }
    auto passwd = rfs.read("/../../../etc/./passwd", 1024);
    ASSERT_TRUE(passwd.has_value()) << passwd.error().to_string();
    EXPECT_EQ(*passwd, "root:x:0:0::/root:/bin/sh\n");
    auto via_slash = rfs.read("slash/slash/../etc/passwd", 1024);
    ASSERT_TRUE(via_slash.has_value()) << via_slash.error().to_string();
    EXPECT_EQ(*via_slash, *passwd);
}

TEST_P(RootedFsTest, LinksInsideTheRootResolve) {
    Trees t;
    RootedFs rfs = open(t.root);
    BERTH_SKIP_WITHOUT_OPENAT2();
    auto rel = rfs.read("/dockerdir/rel.json", 1024);
    ASSERT_TRUE(rel.has_value()) << rel.error().to_string();
    EXPECT_EQ(*rel, "{\"inside\": true}");
    auto names = rfs.list("/dockerdir");
    ASSERT_TRUE(names.has_value()) << names.error().to_string();
    EXPECT_EQ(*names, (std::vector<std::string>{"daemon.json", "real.json", "rel.json"}));
    auto l = rfs.lstat("/etc/docker/rel.json");
    ASSERT_TRUE(l.has_value());
    EXPECT_EQ(l->type, FileType::Symlink);
    EXPECT_EQ(rfs.readlink("/etc/docker/rel.json").value_or(""), "real.json");
    auto s = rfs.stat("/etc/docker/rel.json");
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->type, FileType::Regular);
    EXPECT_EQ(s->size, 16U);
    auto nofollow = rfs.open_regular("/etc/docker/rel.json", /*follow_last=*/false);
    ASSERT_FALSE(nofollow.has_value());
    EXPECT_EQ(nofollow.error().code, ErrorCode::Unsupported);
    auto root_stat = rfs.stat("/");
    ASSERT_TRUE(root_stat.has_value());
    EXPECT_EQ(root_stat->type, FileType::Directory);
}

TEST_P(RootedFsTest, LoopsAndBadPathsFail) {
    Trees t;
    RootedFs rfs = open(t.root);
    BERTH_SKIP_WITHOUT_OPENAT2();
    auto loop = rfs.read("/loop1", 1024);
    ASSERT_FALSE(loop.has_value());
    EXPECT_EQ(loop.error().code, ErrorCode::Io);
    EXPECT_NE(loop.error().message.find("symbolic links"), std::string::npos)
        << loop.error().message;
    auto through_file = rfs.stat("/etc/passwd/x");
    ASSERT_FALSE(through_file.has_value());
    EXPECT_EQ(through_file.error().code, ErrorCode::NotFound);
    auto dir = rfs.read("/etc", 1024);
    ASSERT_FALSE(dir.has_value());
    EXPECT_EQ(dir.error().code, ErrorCode::Io);
    EXPECT_EQ(dir.error().message, "is a directory, not a regular file");
    auto not_root = RootedFs::open(t.root / "etc/passwd", GetParam());
    ASSERT_FALSE(not_root.has_value());
    EXPECT_EQ(not_root.error().code, ErrorCode::NotFound);
}

// Before: audit's std::ifstream blocked forever on a FIFO under the root.
TEST_P(RootedFsTest, FifoIsRefusedWithoutBlocking) {
    Trees t;
    ASSERT_EQ(::mkfifo((t.root / "etc/fifo").c_str(), 0644), 0);
    link("/etc/fifo", t.root / "etc/to-fifo");
    RootedFs rfs = open(t.root);
    BERTH_SKIP_WITHOUT_OPENAT2();
    const auto rc = test::run_with_deadline(
        [&] {
            for (const char* p : {"/etc/fifo", "/etc/to-fifo"}) {
                auto r = rfs.read(p, 1024);
                if (r || r.error().code != ErrorCode::Unsupported) return 1;
                if (r.error().message.find("FIFO") == std::string::npos) return 2;
            }
            auto st = rfs.stat("/etc/to-fifo");
            return st && st->type == FileType::Fifo ? 0 : 3;
        },
        5s);
    ASSERT_TRUE(rc.has_value()) << "reading a FIFO under the root hung";
    EXPECT_EQ(*rc, 0);
}

INSTANTIATE_TEST_SUITE_P(Resolvers, RootedFsTest,
                         testing::Values(Resolver::Kernel, Resolver::Userspace),
                         [](const testing::TestParamInfo<Resolver>& i) {
                             return i.param == Resolver::Kernel ? "openat2" : "userspace";
                         });

// The two resolvers agree on every path of a table (content or error code).
TEST(RootedFs, KernelAndUserspaceResolversAgree) {
    Trees t;
    write(t.root / t.outside.relative_path() / "secret", "INSIDE COPY");
    auto kernel = RootedFs::open(t.root, Resolver::Kernel);
    if (!kernel) GTEST_SKIP() << kernel.error().to_string();
    auto user = RootedFs::open(t.root, Resolver::Userspace).value();
    auto describe = [](const RootedFs& rfs, const std::string& p) {
        auto r = rfs.read(p, 1024);
        std::string s =
            r ? "content:" + *r : "error:" + std::string(error_code_name(r.error().code));
        auto st = rfs.lstat(p);
        s += st ? " type:" + std::string(file_type_name(st->type)) : " lstat-error";
        return s;
    };
    const std::vector<std::string> paths = {"/",
                                            "etc",
                                            "/etc/passwd",
                                            "etc/docker/daemon.json",
                                            "etc/up",
                                            "/slash/etc/passwd",
                                            "/slash/../../etc/docker/rel.json",
                                            "/dockerdir/../passwd",
                                            "/loop1",
                                            "/missing",
                                            "/etc/passwd/",
                                            "etc/passwd/..",
                                            "/dockerdir/rel.json",
                                            "dockerdir/..",
                                            "../../" + t.outside.string() + "/secret"};
    for (const std::string& p : paths) {
        EXPECT_EQ(describe(*kernel, p), describe(user, p)) << p;
    }
}

}  // namespace
}  // namespace berth
