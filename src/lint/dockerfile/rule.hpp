// SPDX-License-Identifier: Apache-2.0
// Dockerfile rules on the rule framework (src/check/): each rule file holds a
// `constexpr check::RuleInfo kInfo` (id "dockerfile/DF###", references to the equivalent
// hadolint id and CIS Docker number) and a pure check over the parsed Dockerfile that appends
// findings; registry.cpp is the one sorted list (make_<file stem>()). Families of near-identical
// rules (package-manager hygiene, instructions allowed once) are rows of one table file.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "check/rule.hpp"
#include "check/rule_kind.hpp"
#include "lint/dockerfile/dockerfile.hpp"
#include "lint/dockerfile/shell.hpp"

namespace berth::lint::dockerfile {

using check::Reference;
using check::Severity;

/// One place a rule fails.
struct Finding {
    Position pos;
    std::string message;
    std::size_t end_line = 0;  ///< 0 = same as pos.line
};

/// What rules may read besides the file.
struct RuleOptions {
    std::vector<std::string> allowed_registries;  ///< DF043; empty = any registry
};

/// What a check sees: the file, the options, and the RUN commands split once per instruction
/// (rules share them; see rule_support.hpp run_commands()).
struct Context {
    const Dockerfile& df;
    const RuleOptions& options;

    /// run_commands(in), computed on first use and kept for the other rules.
    const std::vector<Command>& commands(const Instruction& in) const;

    mutable std::map<const Instruction*, std::vector<Command>> cache{};
};

using CheckFn = void (*)(const Context&, std::vector<Finding>&);

/// One rule: its metadata (static storage) and its check.
struct Rule {
    const check::RuleInfo* info = nullptr;
    CheckFn check = nullptr;
};

/// Every rule, sorted by id (check::id_less). The one hand-kept list is registry.cpp.
std::vector<Rule> all_rules();

/// Version of the Dockerfile rule set, bumped when a rule's judgement changes.
inline constexpr unsigned kRulesVersion = 1;

/// The "dockerfile" rule kind (list: all_rules()).
const check::RuleKind& rule_kind();

/// "DF002" for "dockerfile/DF002".
std::string_view short_id(std::string_view id);

/// The hadolint ids a rule names in its references ("DL3002").
std::vector<std::string_view> hadolint_ids(const check::RuleInfo& info);

}  // namespace berth::lint::dockerfile
