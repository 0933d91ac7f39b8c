// SPDX-License-Identifier: Apache-2.0
// Test helpers every rule kind uses (gtest; include from *_test.cpp only): the metadata is valid,
// every rule file is in the kind's list, every rule has a passing and a failing test case, and
// every rule is documented in docs/rules.md.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "check/rule_kind.hpp"

namespace berth::check::testing {

/// One evaluated test case of one rule.
struct CaseResult {
    std::string rule_id;    ///< "cis-docker/2.2"
    std::string case_name;  ///< "hardened", "weak", "swarm_inactive"
    Outcome outcome = Outcome::Info;
};

inline std::string read_source(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// validate_rules() finds nothing.
inline void expect_valid_kind(const RuleKind& kind) {
    for (const auto& p : validate_rules(kind)) ADD_FAILURE() << p;
}

/// Every non-test .cpp under `<source_root>/<kind.rules_dir>` is named in the list file as
/// `make_<stem>(` and sets `.severity` explicitly (the default would hide an unreviewed rule).
/// Returns the number of rule files seen.
inline std::size_t expect_rule_files_listed(const RuleKind& kind,
                                            const std::filesystem::path& source_root) {
    const std::string list = read_source(source_root / kind.list_file);
    EXPECT_FALSE(list.empty()) << "cannot read " << kind.list_file;
    std::size_t files = 0;
    for (const auto& e : std::filesystem::directory_iterator(source_root / kind.rules_dir)) {
        const std::string stem = e.path().stem().string();
        const bool test = stem.size() > 5 && stem.compare(stem.size() - 5, 5, "_test") == 0;
        if (e.path().extension() != ".cpp" || test) continue;
        ++files;
        EXPECT_NE(list.find("make_" + stem + "("), std::string::npos)
            << kind.rules_dir << "/" << stem << ".cpp is not in " << kind.list_file;
        EXPECT_NE(read_source(e.path()).find(".severity"), std::string::npos)
            << stem << ".cpp sets no .severity";
    }
    EXPECT_GT(files, 0U) << "no rule files under " << kind.rules_dir;
    return files;
}

/// Every rule of the kind has a test case that passes and one that fails; a rule of severity
/// Info (it only reports facts and never fails) needs one case of any outcome. Every case names
/// a rule of the kind.
inline void expect_cases_cover(const RuleKind& kind, const std::vector<CaseResult>& cases) {
    struct Seen {
        bool pass = false;
        bool fail = false;
        bool any = false;
    };
    std::map<std::string, Seen> seen;
    for (const RuleInfo* r : kind.rules()) seen[std::string(r->id)];
    for (const auto& c : cases) {
        auto it = seen.find(c.rule_id);
        if (it == seen.end()) {
            ADD_FAILURE() << "case " << c.case_name << " names unknown rule " << c.rule_id;
            continue;
        }
        it->second.any = true;
        it->second.pass = it->second.pass || c.outcome == Outcome::Pass;
        it->second.fail = it->second.fail || c.outcome == Outcome::Fail;
    }
    for (const RuleInfo* r : kind.rules()) {
        const Seen& s = seen[std::string(r->id)];
        if (r->severity == Severity::Info) {
            EXPECT_TRUE(s.any) << r->id << " has no test case";
            continue;
        }
        EXPECT_TRUE(s.pass) << r->id << " has no passing test case";
        EXPECT_TRUE(s.fail) << r->id << " has no failing test case";
    }
}

/// docs/rules.md (`doc`) has a section for every rule of the kind.
inline void expect_documented(const RuleKind& kind, const std::string& doc) {
    for (const RuleInfo* r : kind.rules()) {
        EXPECT_NE(doc.find("\n### " + std::string(r->id) + "\n"), std::string::npos)
            << r->id << " is not documented in docs/rules.md";
    }
}

}  // namespace berth::check::testing
