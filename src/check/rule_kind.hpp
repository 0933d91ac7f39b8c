// SPDX-License-Identifier: Apache-2.0
// A rule kind (CIS Docker checks, Dockerfile rules, …): its name, version and one explicit, sorted
// list of rules, plus the metadata checks every kind must pass and the generated docs/rules.md.
//
// Each kind keeps its own list (e.g. src/audit/cis_docker/registry.cpp) and describes itself with a
// RuleKind; validate_rules() checks the metadata (ids unique, sorted, prefixed with the kind name;
// texts set) and render_rules_markdown() writes docs/rules.md from the lists.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "check/rule.hpp"

namespace berth::check {

/// One kind of rule and its list.
struct RuleKind {
    std::string_view name;   ///< "cis-docker"; every rule id starts with name + "/"
    unsigned version = 1;    ///< bumped when the kind's judging changes as a whole
    std::string_view title;  ///< heading in docs/rules.md: "CIS Docker Benchmark v1.6 host checks"
    std::string_view summary;    ///< a paragraph under the heading (what is judged, which command)
    std::string_view rules_dir;  ///< source folder of the rule files, from the repository root
    std::string_view list_file;  ///< the file holding the hand-kept list, from the repository root
    /// The rules in list order (pointers into static storage). Never null in a valid kind.
    std::vector<const RuleInfo*> (*rules)() = nullptr;
};

/// Natural order of rule ids: digit runs compare as numbers and sort before letters, the rest
/// compares as text ("cis-docker/1.1.2" < "cis-docker/1.1.10" < "cis-docker/2.1" <
/// "cis-docker/C.1"; "DF002" < "DF010").
bool id_less(std::string_view a, std::string_view b);

/// Problems with a kind's metadata, one line each ("cis-docker/2.2: empty remediation"); empty
/// when the kind is valid. Checks: name and list set; every id starts with "<name>/", is unique
/// and the list is sorted by id_less; title, description and remediation non-empty and the title
/// one line; severity a known value; level 1 or 2.
std::vector<std::string> validate_rules(const RuleKind& kind);

/// docs/rules.md: for each kind, an index table and one section per rule (severity, level,
/// automated, scored, description, remediation, references). Deterministic: kinds and rules in
/// the given order.
std::string render_rules_markdown(std::span<const RuleKind* const> kinds);

}  // namespace berth::check
