// SPDX-License-Identifier: Apache-2.0
// The built-in secret rules as constexpr tables, one per category file under rules/. Each row holds
// its own true-positive and false-positive sample (rules_test.cpp scans both).
#pragma once

#include <span>
#include <string_view>

#include "check/rule.hpp"

namespace berth::secret {

/// One built-in rule. The secret part of a match is the named group `secret` when the regex has
/// one, else its first capture group that matched, else the whole match.
struct BuiltinRule {
    std::string_view id;        ///< stable, kebab-case: "github-pat"
    std::string_view category;  ///< the rules/ file: cloud, vcs, messaging, registry, keys, …
    std::string_view title;
    check::Severity severity = check::Severity::High;
    std::string_view regex;     ///< RE2 syntax
    std::string_view keywords;  ///< comma-separated literals, case-insensitive; one must occur
    double min_entropy = 0;     ///< Shannon bits/char the secret part needs (generic rules)
    std::string_view tp;        ///< a sample the rule must report
    std::string_view fp;        ///< a near miss it must not report
};

std::span<const BuiltinRule> cloud_rules();      // rules/cloud.cpp
std::span<const BuiltinRule> generic_rules();    // rules/generic.cpp
std::span<const BuiltinRule> keys_rules();       // rules/keys.cpp
std::span<const BuiltinRule> messaging_rules();  // rules/messaging.cpp
std::span<const BuiltinRule> registry_rules();   // rules/registry.cpp
std::span<const BuiltinRule> saas_rules();       // rules/saas.cpp
std::span<const BuiltinRule> vcs_rules();        // rules/vcs.cpp

/// Every built-in rule, in category order (builtin.cpp).
std::span<const BuiltinRule> builtin_rules();

/// A built-in allow rule: a match whose secret part the regex finds is a known placeholder or a
/// documented example, never a path (a path word such as `test` would hide real secrets).
struct BuiltinAllowRule {
    std::string_view id;
    std::string_view description;
    std::string_view regex;  ///< RE2, searched in the secret part
};

std::span<const BuiltinAllowRule> builtin_allow_rules();

}  // namespace berth::secret
