// SPDX-License-Identifier: Apache-2.0
// Collectors on fixture host trees the test builds in temp dirs: systemd units with
// drop-ins, /etc/default/docker, daemon.json, audit rules, file owners and modes (the tests
// run as root, so chown works; without root the ownership cases skip), TLS certificates made
// with the OpenSSL API. Then sections 1-3 (and 4.5) are judged on a hardened and a weak tree.
#include "audit/collect/collect.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include "audit/audit.hpp"
#include "core/digest.hpp"
#include "test_support.hpp"

namespace berth::audit {
namespace {

namespace fs = std::filesystem;

class Tree {
  public:
    explicit Tree(const std::string& name) : root_(test::temp_dir("audit-" + name)) {}
    [[nodiscard]] const fs::path& root() const { return root_; }
    [[nodiscard]] fs::path at(const std::string& host_path) const {
        return root_ / host_path.substr(1);
    }

    void write(const std::string& host_path, const std::string& content, ::mode_t mode = 0644,
               ::uid_t uid = 0, ::gid_t gid = 0) const {
        fs::create_directories(at(host_path).parent_path());
        std::ofstream(at(host_path), std::ios::binary | std::ios::trunc) << content;
        own(host_path, mode, uid, gid);
    }
    void mkdir(const std::string& host_path, ::mode_t mode = 0755, ::uid_t uid = 0,
               ::gid_t gid = 0) const {
        fs::create_directories(at(host_path));
        own(host_path, mode, uid, gid);
    }
    void own(const std::string& host_path, ::mode_t mode, ::uid_t uid, ::gid_t gid) const {
        const std::string p = at(host_path).string();
        if (::geteuid() == 0) {
            EXPECT_EQ(::chown(p.c_str(), uid, gid), 0) << p;
        }
        EXPECT_EQ(::chmod(p.c_str(), mode), 0) << p;
    }

    // A self-signed certificate and its RSA key, made with the OpenSSL API.
    void cert_pair(const std::string& cert_path, const std::string& key_path, int bits,
                   long valid_seconds, ::mode_t cert_mode, ::mode_t key_mode, ::uid_t uid) const {
        EVP_PKEY* key = EVP_RSA_gen(static_cast<unsigned>(bits));
        ASSERT_NE(key, nullptr);
        X509* x = X509_new();
        X509_set_version(x, 2);
        ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
        X509_gmtime_adj(X509_getm_notBefore(x), -2L * 86400);
        X509_gmtime_adj(X509_getm_notAfter(x), valid_seconds);
        X509_set_pubkey(x, key);
        X509_NAME* name = X509_get_subject_name(x);
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>("docker"), -1, -1, 0);
        X509_set_issuer_name(x, name);
        ASSERT_GT(X509_sign(x, key, EVP_sha256()), 0);
        fs::create_directories(at(cert_path).parent_path());
        BIO* b = BIO_new_file(at(cert_path).c_str(), "w");
        PEM_write_bio_X509(b, x);
        BIO_free(b);
        b = BIO_new_file(at(key_path).c_str(), "w");
        PEM_write_bio_PrivateKey(b, key, nullptr, nullptr, 0, nullptr, nullptr);
        BIO_free(b);
        X509_free(x);
        EVP_PKEY_free(key);
        own(cert_path, cert_mode, uid, uid);
        own(key_path, key_mode, uid, uid);
    }

  private:
    fs::path root_;
};

const std::vector<std::string> kWatched = {"/usr/bin/dockerd",
                                           "/run/containerd",
                                           "/var/lib/docker",
                                           "/etc/docker",
                                           "/lib/systemd/system/docker.service",
                                           "/run/containerd/containerd.sock",
                                           "/lib/systemd/system/docker.socket",
                                           "/etc/default/docker",
                                           "/etc/docker/daemon.json",
                                           "/etc/containerd/config.toml",
                                           "/etc/sysconfig/docker",
                                           "/usr/bin/containerd",
                                           "/usr/bin/containerd-shim",
                                           "/usr/bin/containerd-shim-runc-v1",
                                           "/usr/bin/containerd-shim-runc-v2",
                                           "/usr/bin/runc"};

// Files every tree has; `uid`/`mode` make them right (root, 0644) or wrong (alice, 0666).
void common(const Tree& t, ::uid_t uid, ::mode_t mode, const std::string& docker_members) {
    t.write("/etc/passwd",
            "root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n");
    t.write("/etc/group", "root:x:0:\ndocker:x:999:" + docker_members + "\nalice:x:1000:\n");
    for (const char* bin : {"/usr/bin/dockerd", "/usr/bin/containerd", "/usr/bin/containerd-shim",
                            "/usr/bin/containerd-shim-runc-v1", "/usr/bin/containerd-shim-runc-v2",
                            "/usr/bin/runc"}) {
        t.write(bin, "ELF", 0755);
    }
    t.mkdir("/run/containerd");
    t.mkdir("/var/lib/docker", 0710);
    t.write("/etc/containerd/config.toml", "version = 2\n");
    t.write("/lib/systemd/system/docker.socket",
            "[Socket]\nListenStream=/run/docker.sock\nSocketGroup=docker\n", mode, uid, uid);
    t.write("/etc/sysconfig/docker", "OPTIONS=\n", mode, uid, uid);
    t.write("/var/run/docker.sock", "", uid == 0 ? 0660 : mode, uid, uid == 0 ? 999 : uid);
    t.write("/run/containerd/containerd.sock", "", uid == 0 ? 0660 : mode, uid, uid);
    t.write("/etc/docker/certs.d/reg.example:5000/ca.crt", "x", uid == 0 ? 0444 : mode, uid, uid);
    t.mkdir("/etc/docker", uid == 0 ? 0755 : 0777, uid, uid);
}

Tree hardened_tree() {
    Tree t("hardened");
    common(t, 0, 0644, "");
    t.write("/lib/systemd/system/docker.service",
            "[Service]\nEnvironmentFile=-/etc/default/docker\nExecStart=/usr/bin/dockerd -H fd:// "
            "$DOCKER_OPTS\n");
    // The drop-in resets ExecStart and adds a TLS listener.
    t.write("/etc/systemd/system/docker.service.d/10-tls.conf",
            "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:2376 "
            "--tlsverify \\\n"
            "  --tlscacert=/etc/docker/tls/ca.pem --tlscert=/etc/docker/tls/server.pem "
            "--tlskey=/etc/docker/tls/server-key.pem $DOCKER_OPTS\n");
    t.write("/etc/default/docker", "DOCKER_OPTS=\"--icc=false --userland-proxy=false\"\n");
    t.write(
        "/etc/docker/daemon.json",
        R"({"log-driver": "syslog", "live-restore": true, "no-new-privileges": true, "userns-remap": "default",
                "authorization-plugins": ["authz-broker"], "seccomp-profile": "/etc/docker/seccomp.json",
                "default-ulimits": {"nofile": {"Name": "nofile", "Hard": 2048, "Soft": 1024}}})");
    t.cert_pair("/etc/docker/tls/ca.pem", "/etc/docker/tls/ca-key.pem", 2048, 365L * 86400, 0444,
                0400, 0);
    t.cert_pair("/etc/docker/tls/server.pem", "/etc/docker/tls/server-key.pem", 2048, 365L * 86400,
                0444, 0400, 0);
    std::string rules;
    for (const auto& p : kWatched) rules += "-w " + p + " -k docker\n";
    t.write("/etc/audit/rules.d/docker.rules", rules);
    t.write("/etc/fstab",
            "UUID=1 / ext4 defaults 0 1\n/dev/vg/docker /var/lib/docker xfs defaults 0 2\n");
    t.write("/etc/subuid", "dockremap:100000:65536\n");
    t.write("/etc/subgid", "dockremap:100000:65536\n");
    t.write("/etc/environment", "DOCKER_CONTENT_TRUST=1\n");
    t.write("/home/alice/.config/docker/daemon.json", R"({"log-level": "info"})", 0600, 1000, 1000);
    t.write("/usr/bin/dockerd-rootless.sh", "#!/bin/sh\n", 0755);
    return t;
}

Tree weak_tree() {
    Tree t("weak");
    common(t, 1000, 0666, "alice");
    t.write(
        "/lib/systemd/system/docker.service",
        "[Service]\nExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375 --icc=true --log-level=debug "
        "--iptables=false "
        "--cgroup-parent=/custom --storage-opt dm.basesize=20G --tlscacert=/etc/docker/tls/ca.pem "
        "--tlscert=/etc/docker/tls/server.pem --tlskey=/etc/docker/tls/server-key.pem\n",
        0666, 1000, 1000);
    t.write("/etc/default/docker", "DOCKER_OPTS=\"\"\n", 0666, 1000, 1000);
    t.write("/etc/docker/daemon.json",
            R"({"icc": false, "insecure-registries": ["reg.example:5000"], "storage-driver": "aufs",
                "experimental": true, "seccomp-profile": "unconfined"})",
            0666, 1000, 1000);
    t.cert_pair("/etc/docker/tls/ca.pem", "/etc/docker/tls/ca-key.pem", 1024, -86400, 0666, 0666,
                1000);
    t.cert_pair("/etc/docker/tls/server.pem", "/etc/docker/tls/server-key.pem", 1024, -86400, 0666,
                0644, 1000);
    return t;
}

HostFacts collect(const Tree& t) {
    CollectOptions o;
    o.root = t.root().string();
    o.query_daemon = false;
    auto f = collect_host_facts(o);
    EXPECT_TRUE(f.has_value()) << f.error().to_string();
    return f.value_or(HostFacts{});
}

TEST(AuditCollect, DaemonFlagsFromUnitDropInDefaultsAndDaemonJson) {
    const HostFacts f = collect(hardened_tree());
    EXPECT_EQ(f.daemon.cmdline_source, "/lib/systemd/system/docker.service + drop-ins");
    EXPECT_EQ(f.docker_service.dropins,
              std::vector<std::string>{"/etc/systemd/system/docker.service.d/10-tls.conf"});
    const std::vector<std::string> hosts = {"fd://", "tcp://0.0.0.0:2376"};
    EXPECT_EQ(f.daemon.effective.at("hosts"), hosts)
        << "ExecStart= in the drop-in must reset the unit's command";
    EXPECT_EQ(f.daemon.effective.at("icc"), std::vector<std::string>{"false"})
        << "from $DOCKER_OPTS";
    EXPECT_EQ(f.daemon.effective.at("userland-proxy"), std::vector<std::string>{"false"});
    EXPECT_EQ(f.daemon.effective.at("live-restore"), std::vector<std::string>{"true"})
        << "from daemon.json";
    EXPECT_EQ(f.daemon.effective.at("default-ulimits"),
              std::vector<std::string>{"nofile=1024:2048"});
    EXPECT_TRUE(f.daemon.conflicts.empty());
    EXPECT_TRUE(f.daemon.unknown_flags.empty());
}

TEST(AuditCollect, FlagAndDaemonJsonConflictIsReported) {
    const HostFacts f = collect(weak_tree());
    EXPECT_EQ(f.daemon.conflicts, std::vector<std::string>{"icc"});
    EXPECT_EQ(f.daemon.effective.at("icc"), std::vector<std::string>{"true"});
    ASSERT_FALSE(f.warnings.empty());
    EXPECT_NE(f.warnings[0].find("icc is set both as a flag"), std::string::npos) << f.warnings[0];
}

TEST(AuditCollect, CertificatesParsedWithOpenSsl) {
    const HostFacts good = collect(hardened_tree());
    ASSERT_TRUE(good.tls_cert.has_value());
    EXPECT_TRUE(good.tls_cert->parsed) << good.tls_cert->error;
    EXPECT_EQ(good.tls_cert->key_type, "RSA");
    EXPECT_EQ(good.tls_cert->key_bits, 2048);
    EXPECT_GT(good.tls_cert->not_after, good.now + 300L * 86400);
    ASSERT_TRUE(good.tls_key.has_value());
    EXPECT_TRUE(good.tls_key->parsed) << good.tls_key->error;
    EXPECT_EQ(good.tls_key->key_bits, 2048);
    EXPECT_EQ(good.tls_key->not_after, 0);
    const HostFacts bad = collect(weak_tree());
    ASSERT_TRUE(bad.tls_cert.has_value());
    EXPECT_EQ(bad.tls_cert->key_bits, 1024);
    EXPECT_LT(bad.tls_cert->not_after, bad.now);
}

TEST(AuditCollect, OwnersModesAuditRulesAccounts) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to chown fixture files";
    const HostFacts good = collect(hardened_tree());
    const FileFacts sock = good.file("/var/run/docker.sock");
    EXPECT_TRUE(sock.exists);
    EXPECT_EQ(sock.owner + ":" + sock.group, "root:docker");
    EXPECT_EQ(sock.mode, 0660U);
    EXPECT_EQ(good.audit.files, std::vector<std::string>{"/etc/audit/rules.d/docker.rules"});
    EXPECT_EQ(good.audit.watched, kWatched);
    EXPECT_TRUE(good.docker_group_found);
    EXPECT_TRUE(good.docker_group_members.empty());
    EXPECT_EQ(good.environment.at("DOCKER_CONTENT_TRUST"), "1");
    ASSERT_EQ(good.rootless.users.size(), 1U);
    EXPECT_EQ(good.rootless.users[0].name, "alice");
    EXPECT_EQ(good.rootless.users[0].options.at("log-level"), std::vector<std::string>{"info"});
    EXPECT_EQ(good.rootless.rootless_binaries,
              std::vector<std::string>{"/usr/bin/dockerd-rootless.sh"});
    const HostFacts bad = collect(weak_tree());
    const FileFacts json = bad.file("/etc/docker/daemon.json");
    EXPECT_EQ(json.owner + ":" + json.group, "alice:alice");
    EXPECT_EQ(json.mode, 0666U);
    EXPECT_EQ(bad.docker_group_members, std::vector<std::string>{"alice"});
    EXPECT_FALSE(bad.audit.rules_found);
}

struct TreeCase {
    const char* id;
    cis::Outcome hardened;
    cis::Outcome weak;
};

TEST(AuditCollect, FixtureTreesJudged) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to chown fixture files";
    const HostFacts good = collect(hardened_tree());
    const HostFacts bad = collect(weak_tree());
    using O = cis::Outcome;
    std::vector<TreeCase> cases = {
        {"1.1.1", O::Pass, O::Fail}, {"1.1.2", O::Pass, O::Fail}, {"2.1", O::Info, O::Info},
        {"2.2", O::Pass, O::Fail},   {"2.3", O::Pass, O::Fail},   {"2.4", O::Pass, O::Fail},
        {"2.5", O::Pass, O::Fail},   {"2.6", O::Pass, O::Fail},   {"2.7", O::Pass, O::Fail},
        {"2.8", O::Pass, O::Info},   {"2.9", O::Pass, O::Fail},   {"2.10", O::Pass, O::Fail},
        {"2.11", O::Pass, O::Fail},  {"2.12", O::Pass, O::Fail},  {"2.13", O::Pass, O::Fail},
        {"2.14", O::Pass, O::Fail},  {"2.15", O::Pass, O::Fail},  {"2.16", O::Pass, O::Fail},
        {"2.17", O::Pass, O::Fail},  {"2.18", O::Pass, O::Fail},  {"4.5", O::Pass, O::Fail},
    };
    for (int i = 3; i <= 18; ++i) cases.push_back({nullptr, O::Pass, O::Fail});
    for (int i = 1; i <= 24; ++i) cases.push_back({nullptr, O::Pass, O::Fail});
    std::vector<std::string> ids;
    for (int i = 3; i <= 18; ++i) ids.push_back("1.1." + std::to_string(i));
    for (int i = 1; i <= 24; ++i) ids.push_back("3." + std::to_string(i));
    std::size_t k = 0;
    std::map<std::string, std::pair<O, O>> want;
    for (auto& c : cases) {
        const std::string id = c.id != nullptr ? c.id : ids[k++];
        want[id] = {c.hardened, c.weak};
    }
    auto g = run_checks(good, {});
    auto b = run_checks(bad, {});
    ASSERT_TRUE(g.has_value() && b.has_value());
    std::size_t judged = 0;
    for (std::size_t i = 0; i < g->size(); ++i) {
        const std::string id(cis::number(*(*g)[i].rule));
        auto it = want.find(id);
        if (it == want.end()) continue;
        ++judged;
        const auto& gv = (*g)[i];
        const auto& bv = (*b)[i];
        EXPECT_EQ(gv.outcome, it->second.first) << id << " hardened: " << gv.message;
        EXPECT_EQ(bv.outcome, it->second.second) << id << " weak: " << bv.message;
    }
    EXPECT_EQ(judged, want.size());
}

TEST(AuditCollect, BadInputs) {
    CollectOptions o;
    o.root = "/nonexistent/berth-audit-root";
    auto f = collect_host_facts(o);
    ASSERT_FALSE(f.has_value());
    EXPECT_EQ(f.error().code, ErrorCode::NotFound);
    EXPECT_EQ(f.error().where, o.root);

    Tree t("broken");
    t.write("/etc/docker/daemon.json", "{\"icc\": false,");
    t.write("/etc/docker/tls/ca.pem",
            "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
    t.write(
        "/etc/default/docker",
        "DOCKER_OPTS=\"--tlsverify --tlscacert /etc/docker/tls/ca.pem -H tcp://0.0.0.0:2376\"\n");
    const HostFacts h = collect(t);
    EXPECT_NE(h.daemon.daemon_json_error.find("not valid JSON"), std::string::npos)
        << h.daemon.daemon_json_error;
    EXPECT_FALSE(h.warnings.empty());
    EXPECT_EQ(h.daemon.cmdline_source, "/etc/default/docker");
    ASSERT_TRUE(h.tls_ca.has_value());
    EXPECT_FALSE(h.tls_ca->parsed);
    EXPECT_FALSE(h.tls_ca->error.empty());

    o.root = t.root().string();
    o.host = "ftp://nowhere";
    auto bad_host = collect_host_facts(o);
    ASSERT_FALSE(bad_host.has_value());
    EXPECT_EQ(bad_host.error().code, ErrorCode::InvalidArgument);
}

TEST(AuditCollect, UnreachableDaemonIsReportedNotFatal) {
    Tree t("nodaemon");
    CollectOptions o;
    o.root = t.root().string();
    o.host = "unix://" + (t.root() / "no.sock").string();
    auto f = collect_host_facts(o);
    ASSERT_TRUE(f.has_value());
    EXPECT_FALSE(f->engine.reachable);
    EXPECT_EQ(f->engine.endpoint, o.host);
    EXPECT_FALSE(f->engine.error.empty());
}

// Sets environment variables for one test and restores them.
class ScopedEnv {
  public:
    ScopedEnv(std::initializer_list<std::pair<std::string, std::string>> vars) {
        for (const auto& [k, v] : vars) {
            const char* old = std::getenv(k.c_str());
            saved_.emplace_back(k, old == nullptr ? std::nullopt : std::optional<std::string>(old));
            ::setenv(k.c_str(), v.c_str(), 1);
        }
    }
    ~ScopedEnv() {
        for (const auto& [k, v] : saved_) {
            if (v) {
                ::setenv(k.c_str(), v->c_str(), 1);
            } else {
                ::unsetenv(k.c_str());
            }
        }
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

  private:
    std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

TEST(AuditCollect, UnsupportedDockerHostIsReportedNotFatal) {
    Tree t("sshhost");
    ScopedEnv env{{"DOCKER_HOST", "ssh://me@build.example"}};
    CollectOptions o;
    o.root = t.root().string();
    auto f = collect_host_facts(o);
    ASSERT_TRUE(f.has_value()) << f.error().to_string();
    EXPECT_FALSE(f->engine.reachable);
    EXPECT_EQ(f->engine.endpoint, "DOCKER_HOST=ssh://me@build.example");
    EXPECT_NE(f->engine.error.find("ssh://"), std::string::npos) << f->engine.error;
    o.host = "ssh://me@build.example";  // the same as --host is a usage error
    auto flag = collect_host_facts(o);
    ASSERT_FALSE(flag.has_value());
    EXPECT_EQ(flag.error().code, ErrorCode::Unsupported);
}

TEST(AuditCollect, CurrentContextIsQueried) {
    // config.json names a context whose socket does not exist: the audit asks it (as `docker`
    // would) and says which socket it could not reach.
    Tree t("context");
    const fs::path cfg = t.root() / "dockercfg";
    const fs::path sock = t.root() / "ctx.sock";
    const std::string id = sha256_of("lab").hex;
    fs::create_directories(cfg / "contexts/meta" / id);
    std::ofstream(cfg / "config.json") << R"({"currentContext":"lab"})";
    std::ofstream(cfg / "contexts/meta" / id / "meta.json")
        << R"({"Name":"lab","Metadata":{},"Endpoints":{"docker":{"Host":"unix://)" << sock.string()
        << R"(","SkipTLSVerify":false}}})";
    ScopedEnv env{{"DOCKER_CONFIG", cfg.string()}, {"DOCKER_HOST", ""}, {"DOCKER_CONTEXT", ""}};
    CollectOptions o;
    o.root = t.root().string();
    auto f = collect_host_facts(o);
    ASSERT_TRUE(f.has_value()) << f.error().to_string();
    EXPECT_FALSE(f->engine.reachable);
    EXPECT_EQ(f->engine.endpoint, "unix://" + sock.string());
    EXPECT_EQ(f->engine.error, "cannot connect to the Docker daemon at unix://" + sock.string() +
                                   ": No such file or directory");
}

TEST(AuditCollect, ImageFactsMatchTheRootfs) {
    auto images = test::fixture_images_dir();
    if (!images) GTEST_SKIP() << "fixture images not built (scripts/test.sh builds them)";
    Tree t("image");
    CollectOptions o;
    o.root = t.root().string();
    o.query_daemon = false;
    o.image = (*images / "minimal.docker.tar").string();
    auto f = collect_host_facts(o);
    ASSERT_TRUE(f.has_value());
    ASSERT_TRUE(f->image.error.empty()) << f->image.error;
    ASSERT_TRUE(f->image.files_walked);
    // Oracle: the same rootfs unpacked as a directory (rootfs/minimal), walked with stat.
    std::vector<std::string> want;
    const fs::path rootfs = *images / "rootfs/minimal";
    for (auto it = fs::recursive_directory_iterator(rootfs,
                                                    fs::directory_options::skip_permission_denied);
         it != fs::recursive_directory_iterator(); ++it) {
        struct stat st {};
        if (::lstat(it->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode) ||
            (st.st_mode & 06000U) == 0)
            continue;
        want.push_back("/" + fs::relative(it->path(), rootfs).string());
    }
    std::sort(want.begin(), want.end());
    std::vector<std::string> have;
    for (const auto& s : f->image.setuid_files) have.push_back(s.substr(0, s.find(" (")));
    EXPECT_FALSE(want.empty());
    EXPECT_EQ(have, want);
    EXPECT_TRUE(f->image.user.empty());
    EXPECT_FALSE(f->image.has_healthcheck);
}

}  // namespace
}  // namespace berth::audit
