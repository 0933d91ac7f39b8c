// SPDX-License-Identifier: Apache-2.0
// The secret rule model and the --secret-config file, in the shape Trivy's trivy-secret.yaml uses
// so existing files carry over:
//
//   rules:                          # added to the built-in rules
//     - id: internal-token
//       category: internal
//       title: Internal service token
//       severity: HIGH
//       regex: (?i)svc_token\s*=\s*(?P<secret>[a-z0-9]{32})
//       secret-group-name: secret   # else the first capture group, else the whole match
//       keywords: [svc_token]       # prefilter; without keywords the rule runs on every chunk
//       path: \.env$                # only files whose path matches
//       allow-rules: [{id: x, regex: ^0+$}]
//   allow-rules:                    # global; `regex` on the secret, `path` on the file path
//     - {id: fixtures, description: our fixtures, path: ^srv/fixtures/}
//   enable-builtin-rules: [github-pat]   # keep only these built-ins (omitted: all)
//   disable-rules: [jwt]
//   disable-allow-rules: [placeholder-part]
//   exclude-block: {description: …, regexes: ['(?s)BEGIN-IGNORE.*?END-IGNORE']}
//
// Path allow rules are honoured because the user wrote them; the built-in ones never judge paths.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "check/rule.hpp"
#include "core/result.hpp"

namespace berth::secret {

struct AllowRule {
    std::string id;
    std::string description;
    std::string regex;  ///< RE2, searched in the secret part; "" = any
    std::string path;   ///< RE2, searched in the file path; "" = any
};

struct Rule {
    std::string id;
    std::string category;
    std::string title;
    check::Severity severity = check::Severity::High;
    std::string regex;         ///< RE2 syntax (Go's regexp syntax is the same for Trivy's rules)
    std::string secret_group;  ///< named group holding the secret; "" = first group
    std::vector<std::string> keywords;  ///< any of them (case-insensitive) must occur
    std::string path;                   ///< RE2 on the path; "" = every file
    double min_entropy = 0;
    std::vector<AllowRule> allow_rules;
};

struct Config {
    std::vector<Rule> rules;  ///< custom rules (a custom id equal to a built-in replaces it)
    std::vector<AllowRule> allow_rules;
    std::optional<std::vector<std::string>> enable_builtin_rules;  ///< none = all built-ins
    std::vector<std::string> disable_rules;
    std::vector<std::string> disable_allow_rules;
    std::vector<std::string> exclude_blocks;  ///< RE2; matches inside them are dropped
};

/// Parses a secret config. `where` names the file in errors ("FILE:LINE: …").
/// Errors: InvalidArgument for bad YAML, unknown severities, rules without id or regex, or
/// regexes RE2 refuses.
Result<Config> parse_config(std::string_view yaml, const std::string& where);
/// Reads and parses FILE. Errors: NotFound/Io when unreadable, else as parse_config().
Result<Config> load_config(const std::filesystem::path& file);

}  // namespace berth::secret
