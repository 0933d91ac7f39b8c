// SPDX-License-Identifier: Apache-2.0
// Image checks over hand-built configs and inventories: each rule fails on at least one case and
// passes on at least one; the list ties files, registry and docs; the shared helpers.
#include "imagecheck/imagecheck.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>

#include "imagecheck/support.hpp"
#include "test_support.hpp"

namespace berth::imagecheck {
namespace {

Digest digest_of(char c) {
    return {"sha256", std::string(64, c)};
}

struct Fixture {
    image::Image img;
    sbom::Inventory inv;
    Options opt;
};

// A clean image: non-root user, a healthcheck, a versioned reference, two layers whose history
// installs with apt in one RUN.
Fixture clean() {
    Fixture f;
    f.img.reference = "ghcr.io/acme/app:1.0";
    f.img.config.user = "app";
    f.img.config.healthcheck = image::Healthcheck{{"CMD", "true"}, 0, 0, 0, 0};
    f.img.config.env = {"PATH=/usr/bin", "GPG_KEY=ABCDEF", "PASSWORD_FILE=/run/secrets/pw",
                        "API_TOKEN="};
    f.img.config.cmd = {"app", "--ssh-port", "2222"};
    f.img.history = {
        {"", "/bin/sh -c #(nop) ADD file:abc in / ", "", "", false},
        {"", "/bin/sh -c apt-get update && apt-get install -y curl", "", "", false},
        {"", "/bin/sh -c #(nop)  USER app", "", "", true},
    };
    f.img.layers.resize(2);
    f.img.layers[0].diff_id = digest_of('a');
    f.img.layers[1].diff_id = digest_of('b');
    sbom::Package client;
    client.type = "deb";
    client.name = "openssh-client";
    client.files = {"usr/bin/ssh"};
    f.inv.packages.push_back(client);
    return f;
}

sbom::FileFinding finding(std::string analyzer, std::string kind, std::string path,
                          std::uint64_t size = 0) {
    sbom::FileFinding f;
    f.analyzer = std::move(analyzer);
    f.kind = std::move(kind);
    f.detail = f.kind + " detail";
    f.size = size;
    f.location.path = std::move(path);
    f.location.layer_introduced = 1;
    f.location.layer_diff_id = digest_of('b');
    f.location.created_by = "/bin/sh -c apt-get update && apt-get install -y curl";
    return f;
}

struct Case {
    const char* name;
    const char* rule;  ///< "image/IC001"
    bool fails;
    void (*setup)(Fixture&);
};

const check::RuleResult* result_of(const std::vector<check::RuleResult>& rs, std::string_view id) {
    for (const auto& r : rs) {
        if (r.rule != nullptr && r.rule->id == id) return &r;
    }
    return nullptr;
}

class RuleCases : public testing::TestWithParam<Case> {};

TEST_P(RuleCases, FailsOrPasses) {
    const Case& c = GetParam();
    Fixture f = clean();
    c.setup(f);
    const auto results = check_image(f.img, f.inv, f.opt);
    const check::RuleResult* r = result_of(results, c.rule);
    if (!c.fails) {
        EXPECT_EQ(r, nullptr) << c.rule << ": " << (r ? r->message : "");
        return;
    }
    ASSERT_NE(r, nullptr) << c.rule;
    EXPECT_EQ(r->outcome, check::Outcome::Fail);
    EXPECT_FALSE(r->message.empty());
    EXPECT_FALSE(r->locations.empty());
}

void none(Fixture&) {}

const Case kCases[] = {
    {"ic001_no_user", "image/IC001", true, [](Fixture& f) { f.img.config.user = ""; }},
    {"ic001_uid0", "image/IC001", true, [](Fixture& f) { f.img.config.user = "0:0"; }},
    {"ic001_root", "image/IC001", true, [](Fixture& f) { f.img.config.user = "root"; }},
    {"ic001_named_user", "image/IC001", false, none},
    {"ic001_uid", "image/IC001", false, [](Fixture& f) { f.img.config.user = "1000:1000"; }},
    {"ic002_setuid", "image/IC002", true,
     [](Fixture& f) {
         f.inv.file_findings.push_back(finding("files/setuid", "setuid", "usr/bin/passwd"));
     }},
    {"ic002_none", "image/IC002", false, none},
    {"ic003_dir", "image/IC003", true,
     [](Fixture& f) {
         f.inv.file_findings.push_back(finding("files/world_writable", "dir", "srv/upload"));
     }},
    {"ic003_none", "image/IC003", false,
     [](Fixture& f) {  // another analyzer's findings do not count
         f.inv.file_findings.push_back(finding("files/setuid", "setuid", "usr/bin/su"));
     }},
    {"ic004_package", "image/IC004", true,
     [](Fixture& f) {
         sbom::Package p;
         p.name = "openssh-server";
         f.inv.packages.push_back(p);
     }},
    {"ic004_cmd", "image/IC004", true,
     [](Fixture& f) {
         f.img.config.cmd = {"/usr/sbin/sshd", "-D"};
     }},
    {"ic004_entrypoint_shell", "image/IC004", true,
     [](Fixture& f) {
         f.img.config.entrypoint = {"sh", "-c", "sshd && exec app"};
     }},
    {"ic004_port", "image/IC004", true,
     [](Fixture& f) {
         f.img.config.exposed_ports = {"22/tcp", "80/tcp"};
     }},
    {"ic004_client_only", "image/IC004", false,
     [](Fixture& f) { f.img.config.exposed_ports = {"2222/tcp"}; }},
    {"ic005_env", "image/IC005", true,
     [](Fixture& f) { f.img.config.env.push_back("DB_PASSWORD=s3cretvalue"); }},
    {"ic005_env_credential_value", "image/IC005", true,
     [](Fixture& f) { f.img.config.env.push_back("GH=ghp_0123456789abcdef"); }},
    {"ic005_label", "image/IC005", true,
     [](Fixture& f) { f.img.config.labels["api-token"] = "abc"; }},
    {"ic005_build_arg", "image/IC005", true,
     [](Fixture& f) {
         f.img.history.push_back({"", "|1 NPM_TOKEN=abc /bin/sh -c npm ci", "", "", false});
     }},
    {"ic005_buildkit_arg", "image/IC005", true,
     [](Fixture& f) {
         f.img.history.push_back({"", "ARG AWS_SECRET_ACCESS_KEY=xyz", "", "", true});
     }},
    {"ic005_clean", "image/IC005", false,
     [](Fixture& f) {
         f.img.config.labels["maintainer"] = "x";
         f.img.history.push_back({"", "|1 VERSION=1.2 /bin/sh -c make", "", "", false});
     }},
    {"ic006_credentials", "image/IC006", true,
     [](Fixture& f) {
         f.inv.file_findings.push_back(
             finding("files/credentials", "docker-config", "root/.docker/config.json"));
     }},
    {"ic006_none", "image/IC006", false, none},
    {"ic007_apt_lists", "image/IC007", true,
     [](Fixture& f) {
         for (auto p : {"var/lib/apt/lists/a_Packages", "var/lib/apt/lists/b_InRelease"}) {
             auto x = finding("files/pkg_cache", "apt-lists", p, 2048);
             x.detail = "var/lib/apt/lists";
             f.inv.file_findings.push_back(x);
         }
     }},
    {"ic007_none", "image/IC007", false, none},
    {"ic008_missing", "image/IC008", true, [](Fixture& f) { f.img.config.healthcheck.reset(); }},
    {"ic008_none", "image/IC008", true,
     [](Fixture& f) { f.img.config.healthcheck->test = {"NONE"}; }},
    {"ic008_present", "image/IC008", false, none},
    {"ic009_remote", "image/IC009", true,
     [](Fixture& f) {
         f.img.history.push_back(
             {"", "ADD https://example.com/app.tgz /opt/ # buildkit", "", "", false});
     }},
    {"ic009_local", "image/IC009", false,
     [](Fixture& f) {
         f.img.history.push_back({"", "ADD app.tgz /opt/ # buildkit", "", "", false});
     }},
    {"ic010_untrusted", "image/IC010", true,
     [](Fixture& f) { f.opt.trusted_registries = {"docker.io"}; }},
    {"ic010_untrusted_base", "image/IC010", true,
     [](Fixture& f) {
         f.opt.trusted_registries = {"ghcr.io/acme"};
         f.img.config.labels["org.opencontainers.image.base.name"] = "quay.io/x/base:1";
     }},
    {"ic010_trusted_prefix", "image/IC010", false,
     [](Fixture& f) { f.opt.trusted_registries = {"ghcr.io/acme"}; }},
    {"ic010_trusted_suffix", "image/IC010", false,
     [](Fixture& f) { f.opt.trusted_registries = {"*.io"}; }},
    {"ic010_no_list", "image/IC010", false, none},
    {"ic011_latest", "image/IC011", true,
     [](Fixture& f) { f.img.reference = "docker.io/library/app:latest"; }},
    {"ic011_base_untagged", "image/IC011", true,
     [](Fixture& f) { f.img.config.labels["org.opencontainers.image.base.name"] = "debian"; }},
    {"ic011_digest", "image/IC011", false,
     [](Fixture& f) { f.img.reference = "app:latest@sha256:" + std::string(64, 'c'); }},
    {"ic011_versioned", "image/IC011", false, none},
    {"ic012_update_alone", "image/IC012", true,
     [](Fixture& f) {
         f.img.history.push_back({"", "/bin/sh -c apt-get update", "", "", false});
     }},
    {"ic012_apk_update_alone", "image/IC012", true,
     [](Fixture& f) {
         f.img.history.push_back({"", "RUN /bin/sh -c apk update # buildkit", "", "", false});
     }},
    {"ic012_with_install", "image/IC012", false, none},
};

INSTANTIATE_TEST_SUITE_P(Rules, RuleCases, testing::ValuesIn(kCases),
                         [](const testing::TestParamInfo<Case>& i) {
                             return std::string(i.param.name);
                         });

TEST(ImageCheckList, EveryRuleHasAFailingAndAPassingCase) {
    std::set<std::string> failing;
    std::set<std::string> passing;
    for (const Case& c : kCases) (c.fails ? failing : passing).insert(c.rule);
    for (const Rule& r : all_rules()) {
        EXPECT_TRUE(failing.count(std::string(r.info->id))) << r.info->id << " never fails";
        EXPECT_TRUE(passing.count(std::string(r.info->id))) << r.info->id << " never passes";
    }
}

TEST(ImageCheckList, EveryRuleFileIsListedOnceAndValid) {
    const std::filesystem::path dir =
        std::filesystem::path(BERTH_SOURCE_DIR) / "src/imagecheck/rules";
    const std::string registry = test::read_text_file(std::filesystem::path(BERTH_SOURCE_DIR) /
                                                      "src/imagecheck/registry.cpp");
    std::size_t files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        const std::string stem = e.path().stem().string();
        if (e.path().extension() != ".cpp" || stem.ends_with("_test")) continue;
        ++files;
        EXPECT_NE(registry.find("make_" + stem + "()"), std::string::npos)
            << stem << " is not listed in registry.cpp";
    }
    const auto rules = all_rules();
    EXPECT_EQ(rules.size(), files);
    EXPECT_EQ(check::validate_rules(rule_kind()), std::vector<std::string>{});
    std::set<std::string_view> ids;
    for (const Rule& r : rules) {
        ASSERT_NE(r.check, nullptr);
        EXPECT_TRUE(ids.insert(r.info->id).second) << r.info->id;
        EXPECT_TRUE(std::regex_match(std::string(r.info->id), std::regex("image/IC[0-9]{3}")));
    }
}

TEST(ImageChecks, CleanImageHasNoFindings) {
    Fixture f = clean();
    EXPECT_EQ(check_image(f.img, f.inv, f.opt).size(), 0U);
}

TEST(ImageChecks, FileFindingsCarryLayerInstructionAndOwner) {
    Fixture f = clean();
    f.inv.file_findings.push_back(finding("files/setuid", "setuid", "usr/bin/passwd"));
    f.inv.file_findings.push_back(finding("files/setuid", "setuid", "usr/local/bin/x"));
    sbom::Package passwd;
    passwd.name = "passwd";
    passwd.files = {"etc/login.defs", "usr/bin/passwd"};
    f.inv.packages.push_back(passwd);
    const auto rs = check_image(f.img, f.inv, f.opt);
    const auto* r = result_of(rs, "image/IC002");
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->message, "2 setuid/setgid files");
    ASSERT_EQ(r->locations.size(), 2U);
    EXPECT_EQ(r->locations[0].path, "usr/bin/passwd");
    EXPECT_EQ(r->locations[0].layer, digest_of('b').str());
    EXPECT_EQ(r->locations[0].created_by, "/bin/sh -c apt-get update && apt-get install -y curl");
    EXPECT_EQ(r->locations[0].object, "setuid detail, package passwd");
    EXPECT_EQ(r->locations[1].object, "setuid detail, no package");
}

TEST(ImageChecks, ConfigFindingsPointAtTheirHistoryEntry) {
    Fixture f = clean();
    f.img.config.user = "root";
    f.img.history.push_back({"", "/bin/sh -c #(nop)  USER root", "", "", true});
    f.img.config.env.push_back("DB_PASSWORD=s3cretvalue");
    f.img.history.push_back({"", "/bin/sh -c #(nop)  ENV DB_PASSWORD=s3cretvalue", "", "", true});
    f.img.history.push_back({"", "/bin/sh -c apt-get update", "", "", false});
    f.img.layers.push_back({});
    f.img.layers.back().diff_id = digest_of('c');
    const auto rs = check_image(f.img, f.inv, f.opt);
    const auto* user = result_of(rs, "image/IC001");
    ASSERT_NE(user, nullptr);
    EXPECT_EQ(user->message, "the image runs as root (USER root)");
    EXPECT_EQ(user->locations.at(0).created_by, "/bin/sh -c #(nop)  USER root");
    EXPECT_EQ(user->locations.at(0).layer, "");  // an empty_layer entry
    const auto* secret = result_of(rs, "image/IC005");
    ASSERT_NE(secret, nullptr);
    EXPECT_EQ(secret->message, "1 setting looks like a secret");
    EXPECT_EQ(secret->details, std::vector<std::string>{"Env DB_PASSWORD"});
    EXPECT_EQ(secret->locations.at(0).created_by, "/bin/sh -c #(nop)  ENV DB_PASSWORD=<redacted>");
    const auto* update = result_of(rs, "image/IC012");
    ASSERT_NE(update, nullptr);
    EXPECT_EQ(update->locations.at(0).layer, digest_of('c').str());  // third non-empty entry
}

TEST(ImageChecks, HistoryNotMatchingLayersGivesNoLayers) {
    Fixture f = clean();
    f.img.layers.pop_back();  // two non-empty entries, one layer
    f.img.history.push_back({"", "/bin/sh -c apt-get update", "", "", false});
    const auto rs = check_image(f.img, f.inv, f.opt);
    const auto* update = result_of(rs, "image/IC012");
    ASSERT_NE(update, nullptr);
    EXPECT_EQ(update->locations.at(0).layer, "");
    EXPECT_EQ(update->locations.at(0).created_by, "/bin/sh -c apt-get update");
}

TEST(ImageChecks, CachesAddUpPerDirectoryAndLayer) {
    Fixture f = clean();
    for (auto p : {"var/lib/apt/lists/a", "var/lib/apt/lists/b"}) {
        auto x = finding("files/pkg_cache", "apt-lists", p, 1024 * 1024);
        x.detail = "var/lib/apt/lists";
        f.inv.file_findings.push_back(x);
    }
    auto pip = finding("files/pkg_cache", "pip", "root/.cache/pip/x", 10);
    pip.detail = "root/.cache/pip";
    pip.location.layer_diff_id = digest_of('a');
    f.inv.file_findings.push_back(pip);
    const auto results = check_image(f.img, f.inv, f.opt);
    const auto* r = result_of(results, "image/IC007");
    ASSERT_NE(r, nullptr);
    ASSERT_EQ(r->locations.size(), 2U);
    EXPECT_EQ(r->message, "2 package-manager caches left behind (2.0 MiB)");
    EXPECT_EQ(r->locations[0].path, "root/.cache/pip");
    EXPECT_EQ(r->locations[0].object, "1 file, 10 B");
    EXPECT_EQ(r->locations[1].path, "var/lib/apt/lists");
    EXPECT_EQ(r->locations[1].object, "2 files, 2.0 MiB");
    EXPECT_EQ(r->locations[1].layer, digest_of('b').str());
}

TEST(ImageCheckSupport, Instruction) {
    EXPECT_EQ(instruction("/bin/sh -c #(nop)  ENV A=b"), "ENV A=b");
    EXPECT_EQ(instruction("/bin/sh -c apt-get update"), "RUN apt-get update");
    EXPECT_EQ(instruction("|2 A=1 B=2 /bin/sh -c make"), "RUN make");
    EXPECT_EQ(instruction("RUN |1 A=1 /bin/sh -c make # buildkit"), "RUN make");
    EXPECT_EQ(instruction("RUN /bin/sh -c make # buildkit"), "RUN make");
    EXPECT_EQ(instruction("ADD https://x/y /y # buildkit"), "ADD https://x/y /y");
    EXPECT_EQ(instruction("USER app"), "USER app");
    EXPECT_EQ(instruction(""), "");
}

TEST(ImageCheckSupport, BuildArgs) {
    EXPECT_EQ(build_args("|2 A=1 B=2 /bin/sh -c make"), (std::vector<std::string>{"A=1", "B=2"}));
    EXPECT_EQ(build_args("RUN |1 T=x /bin/sh -c make # buildkit"), std::vector<std::string>{"T=x"});
    EXPECT_EQ(build_args("|3 A=1 /bin/sh -c make"), std::vector<std::string>{});  // count off
    EXPECT_EQ(build_args("/bin/sh -c make"), std::vector<std::string>{});
    EXPECT_EQ(build_args("|"), std::vector<std::string>{});
}

TEST(ImageCheckSupport, HumanSizeAndRedact) {
    EXPECT_EQ(human_size(12), "12 B");
    EXPECT_EQ(human_size(1536), "1.5 KiB");
    EXPECT_EQ(human_size(3ULL << 20U), "3.0 MiB");
    EXPECT_EQ(redact("ENV P=abc Q=abc", "P", "abc"), "ENV P=<redacted> Q=abc");
    EXPECT_EQ(redact("run --pw longsecret P=longsecret", "P", "longsecret"),
              "run --pw <redacted> P=<redacted>");
    EXPECT_EQ(redact("ENV P=", "P", ""), "ENV P=");
}

TEST(ImageCheckSupport, RedactSecretsInHistory) {
    EXPECT_EQ(redact_secrets("RUN |2 NPM_TOKEN=abc V=1 /bin/sh -c npm ci # buildkit"),
              "RUN |2 NPM_TOKEN=<redacted> V=1 /bin/sh -c npm ci # buildkit");
    EXPECT_EQ(redact_secrets("/bin/sh -c #(nop)  ENV DB_PASSWORD=hunter22 LANG=C"),
              "/bin/sh -c #(nop)  ENV DB_PASSWORD=<redacted> LANG=C");
    EXPECT_EQ(redact_secrets("ARG GH=ghp_0123456789 # buildkit"), "ARG GH=<redacted> # buildkit");
    EXPECT_EQ(redact_secrets("/bin/sh -c make PASSWORD=x"),
              "/bin/sh -c make PASSWORD=x");  // RUN text
}

TEST(ImageChecks, NoRuleRepeatsASecretBuildArgument) {
    Fixture f = clean();
    f.img.config.healthcheck.reset();
    f.img.history[1].created_by = "|1 NPM_TOKEN=npm_secret_value /bin/sh -c apt-get update";
    f.inv.file_findings.push_back(finding("files/setuid", "setuid", "usr/bin/su"));
    f.inv.file_findings.back().location.created_by = f.img.history[1].created_by;
    for (const auto& r : check_image(f.img, f.inv, f.opt)) {
        for (const auto& l : r.locations)
            EXPECT_EQ(l.created_by.find("npm_secret_value"), std::string::npos) << r.rule->id;
    }
}

}  // namespace
}  // namespace berth::imagecheck
