// SPDX-License-Identifier: Apache-2.0
// The secret engine's rules as it runs them (engine.cpp's internals): the rule set a Config
// selects, each rule's RE2 programs compiled once (built-ins lazily), and interned RuleInfo.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "check/rule.hpp"
#include "core/result.hpp"
#include "secret/config.hpp"

namespace berth::secret::detail {

struct CompiledAllow {
    std::string id;
    std::unique_ptr<RE2> regex;  // null = any secret
    std::unique_ptr<RE2> path;   // null = any path
    bool whole_match = false;    // user rules: `regex` may also match the whole match (Trivy)
};

// What RE2 compiles for one rule.
struct RuleRegexes {
    std::unique_ptr<RE2> regex;
    std::unique_ptr<RE2> path;
    int secret_group = 0;  // capture group index of the secret; 0 = whole match
    std::vector<CompiledAllow> allow;
};

// A rule and its regexes. A built-in rule is compiled on its first keyword hit: most rules never
// meet one of their keywords in an image, and compiling all 157 up front was most of the fixed
// cost of secret scanning. Custom rules are compiled by create(), so their errors come before the
// scan (built-ins are proven by rules_test.cpp through Engine::compile_all()).
struct CompiledRule {
    Rule rule;
    const check::RuleInfo* info = nullptr;
    mutable std::once_flag once;
    mutable Result<RuleRegexes> regexes_ = RuleRegexes{};

    const Result<RuleRegexes>& compiled() const;
    const RuleRegexes& regexes() const {
        const auto& r = compiled();
        BERTH_ASSERT(r.has_value(), "built-in secret rules compile (rules_test.cpp)");
        return *r;
    }
};

/// The rule's RuleInfo with owned strings, interned for the process (reports hold pointers).
const check::RuleInfo* intern(const Rule& r);

/// RE2 with berth's options (Latin-1 bytes, bounded memory); "" gives a null program.
/// Errors: InvalidArgument "bad regex: …" at `what`.
Result<std::unique_ptr<RE2>> compile(const std::string& pattern, const std::string& what);

/// Allow rules compiled; errors name `owner`.
Result<std::vector<CompiledAllow>> compile_allow(const std::vector<AllowRule>& rules,
                                                 const std::string& owner);

/// The rules the config asks for: built-ins (filtered) then custom ones; a custom rule replaces
/// a built-in of the same id.
std::vector<Rule> selected_rules(const Config& config);

/// The built-in allow rules not disabled, then the config's.
std::vector<AllowRule> selected_allow_rules(const Config& config);

}  // namespace berth::secret::detail
