// SPDX-License-Identifier: Apache-2.0
// Hostile audit roots built here (issue 11, items 1 and 6): FIFOs where the collector reads a
// file, and links or `..` chains that point at the machine running berth. An "outside" temp dir
// stands for that machine: its files must never be read, judged or have owner and mode reported.
// The FIFO cases run under a deadline so a regression fails instead of hanging the suite.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "audit/collect/collect.hpp"
#include "deadline.hpp"
#include "test_support.hpp"

namespace berth::audit {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

void write(const fs::path& p, const std::string& content) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary | std::ios::trunc) << content;
}

// A small host tree: passwd, a docker.service reading /etc/default/docker, a daemon.json.
fs::path host_tree(const std::string& name) {
    const fs::path root = test::temp_dir("audit-" + name);
    write(root / "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
    write(root / "etc/docker/daemon.json", R"({"icc": false})");
    write(root / "etc/default/docker", "DOCKER_OPTS=--icc=false\n");
    write(root / "lib/systemd/system/docker.service",
          "[Service]\nEnvironmentFile=-/etc/default/docker\nExecStart=/usr/bin/dockerd "
          "$DOCKER_OPTS\n");
    return root;
}

Result<HostFacts> collect(const fs::path& root) {
    CollectOptions o;
    o.root = root.string();
    o.query_daemon = false;
    return collect_host_facts(o);
}

bool warned(const HostFacts& f, const std::string& path, const std::string& what) {
    for (const auto& w : f.warnings) {
        if (w.find(path) != std::string::npos && w.find(what) != std::string::npos) return true;
    }
    return false;
}

// Before: each of these blocked `audit host --root` forever in std::ifstream's open().
TEST(AuditRootedCollect, FifoFilesAreReportedNotWaitedOn) {
    for (const std::string& p :
         std::vector<std::string>{"/etc/docker/daemon.json", "/etc/passwd", "/etc/default/docker",
                                  "/etc/systemd/system/docker.service.d/10-x.conf"}) {
        const fs::path root = host_tree("fifo");
        fs::create_directories((root / p.substr(1)).parent_path());
        fs::remove(root / p.substr(1));
        ASSERT_EQ(::mkfifo((root / p.substr(1)).c_str(), 0644), 0) << p;
        const auto rc = test::run_with_deadline(
            [&] {
                auto f = collect(root);
                if (!f) return 1;
                return warned(*f, p, "is a FIFO (named pipe), not a regular file") ? 0 : 2;
            },
            10s);
        ASSERT_TRUE(rc.has_value()) << p << ": the audit hung on a FIFO";
        EXPECT_EQ(*rc, 0) << p << ": no warning naming the FIFO";
    }
}

struct Outside {
    fs::path dir = test::temp_dir("audit-outside");
    Outside() {
        write(dir / "daemon.json", R"({"icc": false, "live-restore": true})");
        write(dir / "ca.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        write(dir / ".config/docker/daemon.json", R"({"log-level": "debug"})");
        for (const char* f : {"daemon.json", "ca.pem", ".config/docker/daemon.json"}) {
            ::chmod((dir / f).c_str(), 0600);
            if (::geteuid() == 0) {
                EXPECT_EQ(::chown((dir / f).c_str(), 4242, 4242), 0);
            }
        }
    }
    [[nodiscard]] std::string climb(const std::string& file) const {
        return "/../../../../../../../.." + (dir / file).string();
    }
};

// Before: the absolute link was followed to the auditing machine: 2.2 PASSed on its icc=false and
// 3.18 reported its owner and mode.
TEST(AuditRootedCollect, AbsoluteSymlinkIsResolvedInsideTheRoot) {
    const Outside out;
    const fs::path root = host_tree("abs-link");
    fs::remove(root / "etc/docker/daemon.json");
    fs::create_symlink(out.dir / "daemon.json", root / "etc/docker/daemon.json");
    auto f = collect(root);
    ASSERT_TRUE(f.has_value()) << f.error().to_string();
    EXPECT_FALSE(f->daemon.daemon_json_found);
    EXPECT_TRUE(f->daemon.file.empty());
    EXPECT_FALSE(f->files.at("/etc/docker/daemon.json").exists);

    // The link means ROOT/<outside>/daemon.json: that file, when the tree has it, is the one read.
    write(root / out.dir.relative_path() / "daemon.json", R"({"icc": true})");
    auto g = collect(root);
    ASSERT_TRUE(g.has_value());
    EXPECT_TRUE(g->daemon.daemon_json_found);
    EXPECT_EQ(g->daemon.file.at("icc"), std::vector<std::string>{"true"});
    EXPECT_EQ(g->files.at("/etc/docker/daemon.json").mode, 0644U);
}

// Before: --config-file=/../../…/x and --tlscacert=/../../…/ca.pem in the unit read and judged
// the auditing machine's files (owner 4242 and mode 0600 were reported by 3.9/3.10).
TEST(AuditRootedCollect, DotDotInUnitFlagsIsClampedAtTheRoot) {
    const Outside out;
    const fs::path root = host_tree("dotdot");
    write(root / "lib/systemd/system/docker.service",
          "[Service]\nExecStart=/usr/bin/dockerd --config-file=" + out.climb("daemon.json") +
              " --tlsverify --tlscacert=" + out.climb("ca.pem") + "\n");
    auto f = collect(root);
    ASSERT_TRUE(f.has_value()) << f.error().to_string();
    EXPECT_EQ(f->daemon.daemon_json_path, out.climb("daemon.json"));
    EXPECT_FALSE(f->daemon.daemon_json_found);
    EXPECT_TRUE(f->daemon.file.empty());
    ASSERT_TRUE(f->tls_ca.has_value());
    EXPECT_FALSE(f->tls_ca->file.exists);
    EXPECT_EQ(f->tls_ca->file.uid, 0U);
    EXPECT_EQ(f->tls_ca->file.mode, 0U);
    EXPECT_NE(f->tls_ca->error.find("cannot read"), std::string::npos) << f->tls_ca->error;
    EXPECT_FALSE(f->files.at(out.climb("daemon.json")).exists);
}

// Before: a passwd home of /../../<outside> made the rootless checks stat and read the
// auditing machine's ~/.config/docker/daemon.json.
TEST(AuditRootedCollect, PasswdHomeIsResolvedInsideTheRoot) {
    const Outside out;
    const fs::path root = host_tree("home");
    write(root / "etc/passwd",
          "root:x:0:0:root:/root:/bin/sh\nevil:x:1234:1234::" + out.climb("") + ":/bin/sh\n");
    auto f = collect(root);
    ASSERT_TRUE(f.has_value()) << f.error().to_string();
    EXPECT_TRUE(f->rootless.users.empty());
    // The same home inside the tree is found.
    write(root / out.dir.relative_path() / ".config/docker/daemon.json",
          R"({"log-level": "info"})");
    auto g = collect(root);
    ASSERT_TRUE(g.has_value());
    ASSERT_EQ(g->rootless.users.size(), 1U);
    EXPECT_TRUE(g->rootless.users[0].daemon_json.exists);
    EXPECT_EQ(g->rootless.users[0].options.at("log-level"), std::vector<std::string>{"info"});
}

}  // namespace
}  // namespace berth::audit
