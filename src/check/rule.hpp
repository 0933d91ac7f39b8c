// SPDX-License-Identifier: Apache-2.0
// The rule framework every rule kind uses (CIS host checks, Dockerfile rules, image checks,
// runtime-settings rules, secret rules): fixed metadata per rule, an outcome per evaluation, and
// results with locations. Report writers (src/report/) render RuleResult; docs/rules.md is
// generated from the lists of RuleInfo.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace berth::check {

/// How bad a failed rule is. Ordered: a gate compares with >=.
enum class Severity { Info, Low, Medium, High, Critical };

/// "INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL".
std::string_view severity_name(Severity s);

/// What one evaluation of a rule decided.
///   Pass    the target follows the rule
///   Fail    it does not (a finding)
///   Info    nothing to judge automatically; the details say what to look at (CIS "Manual",
///           docker-bench INFO/NOTE)
///   Skipped the rule does not apply or its facts are missing (e.g. the daemon is unreachable)
///   Error   the rule could not be evaluated (bad input); the details say why
enum class Outcome { Pass, Fail, Info, Skipped, Error };

/// "pass", "fail", "info", "skipped", "error".
std::string_view outcome_name(Outcome o);

/// A reference from a rule to the outside world.
struct Reference {
    std::string_view kind;   ///< "cis" (benchmark id), "url", "hadolint", "trivy", "dockle", "cwe"
    std::string_view value;  ///< "CIS Docker 1.6 2.2", "https://…", "DL3002", "DS002"
};

/// A rule's fixed description: one constexpr block at the top of each rule file.
struct RuleInfo {
    std::string_view id;     ///< stable id: "cis-docker/2.2", "DF002", "IC003", "RT001"
    std::string_view title;  ///< one line, imperative ("Ensure …", "Do not run as root")
    Severity severity = Severity::Medium;
    std::string_view description;  ///< why the rule exists
    std::string_view remediation;  ///< what to change
    std::span<const Reference> references{};
    int level = 1;          ///< CIS profile level (1 or 2); 1 for other kinds
    bool automated = true;  ///< false: the rule only reports facts for a person to judge
    bool scored = true;     ///< counts for gates (--exit-code) and scores
};

/// Where a result points. Every field is optional; writers print what is set.
struct Location {
    std::string path;      ///< file: "etc/docker/daemon.json", "Dockerfile", "usr/bin/su"
    std::size_t line = 0;  ///< 1-based; 0 = unknown
    std::size_t end_line = 0;
    std::string layer;       ///< layer digest (diffID) when inside an image
    std::string created_by;  ///< the history entry (Dockerfile instruction) of that layer
    std::string object;      ///< a non-file subject: container name, image reference, setting
    std::size_t column = 0;  ///< 1-based byte column of `line`; 0 = unknown (last: keeps the
                             ///< positional initializers of the fields above valid)
};

/// One evaluation of one rule.
struct RuleResult {
    const RuleInfo* rule = nullptr;  ///< points into the rule list (static storage)
    Outcome outcome = Outcome::Info;
    std::string message;               ///< one line: what was found
    std::vector<std::string> details;  ///< further lines (containers, files, values)
    std::vector<Location> locations;
};

}  // namespace berth::check
