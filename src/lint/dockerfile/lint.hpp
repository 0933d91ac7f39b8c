// SPDX-License-Identifier: Apache-2.0
// `berth lint`'s engine: runs every Dockerfile rule (registry.cpp) over a parsed Dockerfile and
// turns findings into check::RuleResults (outcome Fail, location file:line:column), honouring
//   - inline ignores on the comment lines before an instruction: `# berth ignore=DF010,DF011`
//     and hadolint's `# hadolint ignore=DL3008 DL3009` (hadolint ids map to the berth rules that
//     reference them); `# berth global ignore=…` / `# hadolint global ignore=…` for the file;
//   - the configuration (.berth.yaml, see load_config): rules disabled, re-levelled, the
//     registries FROM may use;
//   - --ignore ID (added to the configuration's list).
// A rule id may be given as "dockerfile/DF010", "DF010" or a hadolint id "DL3008".
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "check/rule.hpp"
#include "core/result.hpp"
#include "lint/dockerfile/dockerfile.hpp"
#include "lint/dockerfile/rule.hpp"

namespace berth::lint::dockerfile {

/// The `lint:` section of .berth.yaml:
///   lint:
///     ignore: [DF003, DL3008]            # rules not run
///     severity: {DF010: high, DL3015: low}  # re-levelled rules
///     allowed-registries: [docker.io, ghcr.io/acme]   # DF043; empty = any
struct LintConfig {
    std::vector<std::string> ignore;
    std::vector<std::pair<std::string, check::Severity>> severity;
    std::vector<std::string> allowed_registries;
};

/// Reads the configuration from YAML text; `where` names it in errors. A file without a `lint:`
/// section is an empty configuration.
/// Errors: Format (bad YAML, a wrong type, an unknown key or severity) with the key path.
Result<LintConfig> parse_config(std::string_view yaml, const std::string& where);

/// Reads .berth.yaml at `path`. Errors: Io naming the path; Format as parse_config.
Result<LintConfig> load_config(const std::filesystem::path& path);

/// True when `id` names the rule: its full id, its short id or a hadolint id it references
/// (case-insensitive).
bool rule_matches(const check::RuleInfo& info, std::string_view id);

/// The configured rule set.
class Linter {
  public:
    /// Errors: InvalidArgument for an id (ignore or severity) that names no rule.
    static Result<Linter> make(const LintConfig& config);

    /// Every failed rule of `df`, in rule order then position. The results point into this
    /// Linter's rule metadata: keep the Linter alive while they are used.
    std::vector<check::RuleResult> lint(const Dockerfile& df) const;

    /// The rules that run (after `ignore`), with their effective severities.
    const std::vector<Rule>& rules() const { return rules_; }

  private:
    std::vector<Rule> rules_;
    std::vector<std::unique_ptr<check::RuleInfo>> relevelled_;
    RuleOptions options_;
};

}  // namespace berth::lint::dockerfile
