// SPDX-License-Identifier: Apache-2.0
// Matching accuracy, checked independently: old real package databases are paired with advisory
// data of their time, and the expected (package, vulnerability, status, fixed versions) set is
// computed here straight from the upstream data (the security trackers' own tables, read as
// TSV) with the real dpkg's package listing (dpkg-query) and libdpkg's version comparison — none
// of berth's importers, comparators or matcher. berth's findings must equal that set: no false
// negatives, no false positives. docs/accuracy.md states how each distro's data is interpreted.
#define LIBDPKG_VOLATILE_API 1
extern "C" {
#include <dpkg/dpkg-db.h>
#include <dpkg/dpkg.h>
#include <dpkg/version.h>
}
#include <gtest/gtest.h>
#include <rpm/rpmver.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "analyze/analyzer.hpp"
#include "analyze/inventory.hpp"
#include "image/source.hpp"
#include "test_support.hpp"
#include "vuln/db/build.hpp"
#include "vuln/db/store.hpp"
#include "vuln/match/match.hpp"

namespace berth {
namespace {

namespace fs = std::filesystem;

// libdpkg: -1/0/1, or nullopt when either side does not parse as a Debian version.
std::optional<int> dpkg_compare(const std::string& a, const std::string& b) {
    dpkg_version va{};
    dpkg_version vb{};
    dpkg_error err{};
    if (parseversion(&va, a.c_str(), &err) < 0) {
        dpkg_error_destroy(&err);
        return std::nullopt;
    }
    if (parseversion(&vb, b.c_str(), &err) < 0) {
        dpkg_error_destroy(&err);
        return std::nullopt;
    }
    const int c = dpkg_version_compare(&va, &vb);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
}

std::vector<std::vector<std::string>> read_tsv(const fs::path& p) {
    std::ifstream in(p);
    std::vector<std::vector<std::string>> rows;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        std::vector<std::string> cols;
        std::string col;
        std::istringstream s(line);
        while (std::getline(s, col, '\t')) cols.push_back(col);
        if (line.back() == '\t') cols.emplace_back();
        rows.push_back(std::move(cols));
    }
    return rows;
}

struct Installed {
    std::string name, version, source, source_version;
};

// The real dpkg's view of a status file: installed packages with source name and version.
std::vector<Installed> dpkg_query(const fs::path& admindir) {
    auto r = test::run_shell(
        "dpkg-query --admindir='" + admindir.string() +
        "' -W -f '${db:Status-Abbrev}\\t${Package}\\t${Version}\\t${source:Package}\\t"
        "${source:Version}\\n'");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<Installed> out;
    std::istringstream s(r.out);
    std::string line;
    while (std::getline(s, line)) {
        std::vector<std::string> c;
        std::string col;
        std::istringstream ls(line);
        while (std::getline(ls, col, '\t')) c.push_back(col);
        if (c.size() != 5 || c[0].rfind("ii", 0) != 0) continue;
        out.push_back({c[1], c[2], c[3], c[4]});
    }
    return out;
}

// What one statement of a tracker says about (source package, vulnerability) in the release.
struct Statement {
    std::string vuln;
    std::string state;  // "fixed" (with version), "affected", "will_not_fix", "end_of_life",
                        // "fix_deferred", "not_affected"
    std::string version;
};

// (binary package, vulnerability) → "status|sorted fixed versions"
using Expected = std::map<std::pair<std::string, std::string>, std::string>;

Expected expected_findings(const std::vector<Installed>& pkgs,
                           const std::multimap<std::string, Statement>& by_source) {
    Expected out;
    for (const auto& p : pkgs) {
        const std::string& installed = p.source_version.empty() ? p.version : p.source_version;
        std::map<std::string, std::vector<const Statement*>> per_vuln;
        auto [b, e] = by_source.equal_range(p.source.empty() ? p.name : p.source);
        for (auto it = b; it != e; ++it) per_vuln[it->second.vuln].push_back(&it->second);
        for (const auto& [vuln, sts] : per_vuln) {
            bool not_affected = false;
            // Unfixed statements, the most final first (docs/vulnerabilities.md).
            std::set<std::string> unfixed;
            std::set<std::string> fixes;
            for (const auto* st : sts) {
                if (st->state == "not_affected") not_affected = true;
                if (st->state != "fixed" && st->state != "not_affected") unfixed.insert(st->state);
                if (st->state == "fixed") {
                    auto c = dpkg_compare(installed, st->version);
                    if (c && *c < 0) fixes.insert(st->version);
                }
            }
            if (not_affected) continue;
            std::string joined;
            for (const auto& f : fixes) joined += (joined.empty() ? "" : ", ") + f;
            if (!fixes.empty()) {
                out[{p.name, vuln}] = "fixed|" + joined;
            } else {
                for (const char* s : {"end_of_life", "will_not_fix", "fix_deferred", "affected"}) {
                    if (unfixed.count(s) != 0) {
                        out[{p.name, vuln}] = std::string(s) + "|";
                        break;
                    }
                }
            }
        }
    }
    return out;
}

Expected berth_findings(const fs::path& rootfs, const std::vector<fs::path>& advisories,
                        const fs::path& work) {
    Expected out;
    Diagnostics diags;
    const fs::path db_path = work / "berth.db";
    auto built = vuln::db::build_database(db_path, advisories, false, diags);
    EXPECT_TRUE(built.has_value()) << built.error().to_string();
    if (!built) return out;
    auto img = image::open_image("rootfs:" + rootfs.string());
    EXPECT_TRUE(img.has_value()) << img.error().to_string();
    if (!img) return out;
    auto analyzers = analyze::all_analyzers();
    auto inv = analyze::build_inventory(*img, analyzers, {});
    EXPECT_TRUE(inv.has_value()) << inv.error().to_string();
    if (!inv) return out;
    auto db = vuln::db::Reader::open(db_path);
    EXPECT_TRUE(db.has_value());
    if (!db) return out;
    Diagnostics match_diags;
    auto findings = vuln::match::match_inventory(inv->inventory, *db, match_diags);
    EXPECT_TRUE(findings.has_value()) << findings.error().to_string();
    if (!findings) return out;
    // A skipped advisory or package would be an unexplained false negative.
    for (const auto& d : match_diags)
        ADD_FAILURE() << "matching diagnostic: " << d.where << ": " << d.message;
    for (const auto& f : *findings) {
        const auto& p = inv->inventory.packages[f.package_index];
        out[{p.name, f.id}] = std::string(vuln::status_name(f.status)) + "|" + f.fixed_version;
    }
    return out;
}

void expect_equal(const Expected& want, const Expected& got) {
    std::size_t shown = 0;
    for (const auto& [k, v] : want) {
        auto it = got.find(k);
        if (it == got.end()) {
            ADD_FAILURE() << "false negative: " << k.first << " " << k.second << " " << v;
        } else if (it->second != v) {
            ADD_FAILURE() << "wrong status: " << k.first << " " << k.second << " want " << v
                          << " got " << it->second;
        }
        if (++shown > 40 && ::testing::Test::HasFailure()) return;
    }
    for (const auto& [k, v] : got) {
        if (want.count(k) == 0)
            ADD_FAILURE() << "false positive: " << k.first << " " << k.second << " " << v;
    }
}

fs::path make_rootfs(const std::string& name, const std::string& status,
                     const std::string& os_release) {
    const fs::path root = test::temp_dir(name) / "rootfs";
    fs::create_directories(root / "var/lib/dpkg");
    fs::create_directories(root / "etc");
    std::ofstream(root / "var/lib/dpkg/status") << status;
    std::ofstream(root / "etc/os-release") << os_release;
    return root;
}

// Ubuntu 18.04's real dpkg status (Trivy's fixture) with the Ubuntu CVE tracker of mid-2020.
TEST(Accuracy, Ubuntu1804WithUbuntuCveTracker) {
    auto shared = test::shared_data_dir();
    if (!shared) GTEST_SKIP() << "shared data absent: ../shared/data (set BERTH_SHARED_DATA)";
    const fs::path status = *shared / "pkgdb/trivy-dpkg/unpacked/valid/var/lib/dpkg/status";
    const fs::path uct = *shared / "advisories/ubuntu-cve-tracker-2020";
    const fs::path root =
        make_rootfs("acc-ubuntu", test::read_text_file(status),
                    "NAME=\"Ubuntu\"\nID=ubuntu\nVERSION_ID=\"18.04\"\nVERSION_CODENAME=bionic\n");
    const auto pkgs = dpkg_query(root / "var/lib/dpkg");
    ASSERT_EQ(pkgs.size(), 90U);

    // Statuses as docs/accuracy.md states them: released (version) → fixed in it; needed,
    // needs-triage, pending, active → affected; deferred → fix_deferred; ignored → end_of_life
    // when its note says end-of-life/end of life/out of or end of standard support, else
    // will_not_fix;
    // not-affected → not affected; a "released" line without a version states no fix version.
    std::multimap<std::string, Statement> by_source;
    for (const auto& r : read_tsv(uct / "uct-package-status.tsv")) {
        if (r.size() < 7 || r[1] != "active" || r[3] != "bionic") continue;
        Statement st{r[0], "", ""};
        const std::string& s = r[5];
        if (s == "released") {
            st.state = r[6].empty() ? "affected" : "fixed";
            st.version = r[6];
        } else if (s == "needed" || s == "needs-triage" || s == "pending" || s == "active") {
            st.state = "affected";
        } else if (s == "deferred") {
            st.state = "fix_deferred";
        } else if (s == "ignored") {
            const std::string& note = r[6];
            const bool eol = note.find("end-of-life") != std::string::npos ||
                             note.find("end of life") != std::string::npos ||
                             note.find("out of standard support") != std::string::npos ||
                             note.find("end of standard support") != std::string::npos;
            st.state = eol ? "end_of_life" : "will_not_fix";
        } else if (s == "not-affected") {
            st.state = "not_affected";
        } else {
            continue;
        }
        by_source.emplace(r[4], st);
    }
    const Expected want = expected_findings(pkgs, by_source);
    ASSERT_GT(want.size(), 100U) << "the oracle found too few vulnerabilities to mean anything";
    const Expected got = berth_findings(root, {uct / "active"}, root.parent_path());
    expect_equal(want, got);
}

// Debian 10's package list (Trivy's buster image golden) with the DSA and DLA lists of 2023.
TEST(Accuracy, Debian10WithDsaAndDlaLists) {
    auto shared = test::shared_data_dir();
    if (!shared) GTEST_SKIP() << "shared data absent: ../shared/data (set BERTH_SHARED_DATA)";
    const fs::path golden = *shared /
                            "images/trivy/pkg/fanal/test/integration/testdata/goldens/packages/"
                            "debian-buster.json.golden";
    const fs::path tracker = *shared / "advisories/debian-security-tracker";
    // A status file with the image's packages, so the real dpkg-query and berth read the same.
    const auto list = nlohmann::json::parse(test::read_text_file(golden));
    std::string status;
    for (const auto& p : list) {
        auto full = [](const nlohmann::json& j, const char* e, const char* v, const char* r) {
            std::string out;
            if (j.value(e, 0) != 0) out += std::to_string(j.value(e, 0)) + ":";
            out += j.value(v, std::string());
            if (!j.value(r, std::string()).empty()) out += "-" + j.value(r, std::string());
            return out;
        };
        const std::string version = full(p, "Epoch", "Version", "Release");
        const std::string src_version = full(p, "SrcEpoch", "SrcVersion", "SrcRelease");
        status += "Package: " + p.value("Name", std::string()) +
                  "\nStatus: install ok installed\nArchitecture: " +
                  p.value("Arch", std::string("amd64")) + "\nVersion: " + version + "\n";
        if (p.value("SrcName", std::string()) != p.value("Name", std::string()) ||
            src_version != version) {
            status += "Source: " + p.value("SrcName", std::string()) +
                      (src_version != version ? " (" + src_version + ")" : "") + "\n";
        }
        status += "Maintainer: x\nDescription: x\n\n";
    }
    const fs::path root = make_rootfs(
        "acc-debian", status,
        "NAME=\"Debian GNU/Linux\"\nID=debian\nVERSION_ID=\"10\"\nVERSION_CODENAME=buster\n");
    const auto pkgs = dpkg_query(root / "var/lib/dpkg");
    ASSERT_EQ(pkgs.size(), list.size());

    // Lines "[buster] - pkg version" fix the advisory's CVEs (or the advisory itself when it
    // names none); <not-affected> → not affected; <no-dsa>, <ignored> → will_not_fix;
    // <end-of-life> → end_of_life; <postponed> → fix_deferred; <unfixed> → affected.
    std::multimap<std::string, Statement> by_source;
    for (const char* file : {"DSA-fixed.tsv", "DLA-fixed.tsv"}) {
        for (const auto& r : read_tsv(tracker / file)) {
            if (r.size() < 6 || r[2] != "buster") continue;
            std::string state = "fixed";
            const std::string& v = r[4];
            if (v == "<not-affected>") {
                state = "not_affected";
            } else if (v == "<no-dsa>" || v == "<ignored>") {
                state = "will_not_fix";
            } else if (v == "<end-of-life>") {
                state = "end_of_life";
            } else if (v == "<postponed>") {
                state = "fix_deferred";
            } else if (v == "<unfixed>") {
                state = "affected";
            } else if (!v.empty() && v.front() == '<') {
                continue;
            }
            std::vector<std::string> ids;
            std::istringstream cs(r[5]);
            std::string id;
            while (cs >> id) ids.push_back(id);
            if (ids.empty()) ids.push_back(r[0]);
            for (const auto& i : ids)
                by_source.emplace(r[3], Statement{i, state, state == "fixed" ? v : ""});
        }
    }
    const Expected want = expected_findings(pkgs, by_source);
    ASSERT_GT(want.size(), 50U) << "the oracle found too few vulnerabilities to mean anything";
    const Expected got = berth_findings(root, {tracker / "DSA-list.txt", tracker / "DLA-list.txt"},
                                        root.parent_path());
    expect_equal(want, got);
}

// librpm: -1/0/1 for two [epoch:]version-release strings.
int rpm_compare(const std::string& a, const std::string& b) {
    rpmver va = rpmverParse(a.c_str());
    rpmver vb = rpmverParse(b.c_str());
    const int c = va != nullptr && vb != nullptr ? rpmverCmp(va, vb) : 0;
    rpmverFree(va);
    rpmverFree(vb);
    return c;
}

// AlmaLinux 9's OSV errata (rpm EVRs) without a package database: every package named in the
// errata is "installed" at the median of its fixed versions, so some errata apply and some do
// not. The expected (package, erratum) pairs come from the OSV files read here and librpm's EVR
// comparison; berth must list exactly those errata (as a finding's id or alias).
TEST(Accuracy, AlmaLinux9OsvWithRpmEvrs) {
    auto shared = test::shared_data_dir();
    if (!shared) GTEST_SKIP() << "shared data absent: ../shared/data (set BERTH_SHARED_DATA)";
    const fs::path dir = *shared / "advisories/almalinux-osv/almalinux9";
    struct Range {
        std::string id, introduced, fixed;
    };
    std::map<std::string, std::vector<Range>> by_package;
    std::size_t files = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
        if (e.path().extension() != ".json") continue;
        ++files;
        const auto j = nlohmann::json::parse(test::read_text_file(e.path()));
        if (j.contains("withdrawn")) continue;
        for (const auto& a : j.value("affected", nlohmann::json::array())) {
            if (a.at("package").at("ecosystem") != "AlmaLinux:9") continue;
            const std::string name = a.at("package").at("name");
            for (const auto& r : a.value("ranges", nlohmann::json::array())) {
                Range range{j.at("id"), "", ""};
                for (const auto& ev : r.at("events")) {
                    if (ev.contains("introduced"))
                        range.introduced = ev.at("introduced");
                    else if (ev.contains("fixed"))
                        range.fixed = ev.at("fixed");
                    else
                        ADD_FAILURE() << "the oracle handles introduced/fixed only: " << e.path();
                }
                by_package[name].push_back(range);
            }
        }
    }
    ASSERT_GT(files, 1000U);
    sbom::Inventory inv;
    inv.os = sbom::OsInfo{"almalinux",          "9.3",           "", "AlmaLinux 9.3",
                          "rhel centos fedora", "etc/os-release"};
    std::set<std::pair<std::string, std::string>> want;
    std::size_t n = 0;
    for (const auto& [name, ranges] : by_package) {
        if (++n > 600) break;
        std::vector<std::string> fixes;
        for (const auto& r : ranges) {
            if (!r.fixed.empty()) fixes.push_back(r.fixed);
        }
        if (fixes.empty()) continue;
        std::sort(fixes.begin(), fixes.end(),
                  [](const std::string& a, const std::string& b) { return rpm_compare(a, b) < 0; });
        const std::string installed = fixes[fixes.size() / 2];
        sbom::Package p;
        p.type = "rpm";
        p.name = name;
        p.version = installed;
        p.arch = "x86_64";
        inv.packages.push_back(p);
        for (const auto& r : ranges) {
            const bool in = (r.introduced == "0" || r.introduced.empty() ||
                             rpm_compare(installed, r.introduced) >= 0) &&
                            (r.fixed.empty() || rpm_compare(installed, r.fixed) < 0);
            if (in) want.insert({name, r.id});
        }
    }
    ASSERT_GT(want.size(), 200U) << "the oracle found too few applicable errata to mean anything";

    Diagnostics diags;
    const fs::path db_path = test::temp_dir("acc-alma") / "berth.db";
    auto built = vuln::db::build_database(db_path, {dir}, false, diags);
    ASSERT_TRUE(built.has_value()) << built.error().to_string();
    auto db = vuln::db::Reader::open(db_path);
    ASSERT_TRUE(db.has_value());
    Diagnostics match_diags;
    auto findings = vuln::match::match_inventory(inv, *db, match_diags);
    ASSERT_TRUE(findings.has_value()) << findings.error().to_string();
    for (const auto& d : match_diags)
        ADD_FAILURE() << "matching diagnostic: " << d.where << ": " << d.message;
    std::set<std::pair<std::string, std::string>> got;
    for (const auto& f : *findings) {
        const std::string& name = inv.packages[f.package_index].name;
        if (f.id.rfind("AL", 0) == 0) got.insert({name, f.id});
        for (const auto& a : f.aliases) {
            if (a.rfind("AL", 0) == 0) got.insert({name, a});
        }
    }
    for (const auto& w : want) {
        if (got.count(w) == 0) ADD_FAILURE() << "false negative: " << w.first << " " << w.second;
    }
    for (const auto& g : got) {
        if (want.count(g) == 0) ADD_FAILURE() << "false positive: " << g.first << " " << g.second;
    }
}

}  // namespace
}  // namespace berth
