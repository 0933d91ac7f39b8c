// SPDX-License-Identifier: Apache-2.0
// The list of built-in rule tables and the built-in allow rules.
//
// Allow rules judge the secret part of a match only. Trivy's built-in allow rules skip every path
// containing `test`, `example` or `vendor`, which hides real keys left in /app/tests/.env; berth
// allows values, never paths: AWS's documented example keys (AKIAIOSFODNN7EXAMPLE,
// wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY), template placeholders (${VAR}, $(cmd), {{ var }},
// <your-key>, %(name)s), and filler words (changeme, xxxx, redacted).
#include "secret/builtin.hpp"

#include <vector>

namespace berth::secret {
namespace {

constexpr BuiltinAllowRule kAllow[] = {
    {.id = "aws-documented-example",
     .description = "AWS documentation example keys (…EXAMPLE, …EXAMPLEKEY)",
     .regex = R"re(EXAMPLE(?:KEY)?$)re"},
    {.id = "placeholder-value",
     .description = "the whole value is a placeholder word, a variable or a mask",
     .regex =
         R"re((?i)^(?:x{3,}|\*{3,}|\.{3,}|<[^>]*>|\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*|\{\{.*\}\}|%\([^)]*\)s|changeme|change_?me|password|passwd|secret|token|example|redacted|dummy|placeholder|guest|root|admin|test|none|null)$)re"},
    {.id = "placeholder-part",
     .description = "the value holds a template marker or filler (your_…, …_here, xxxxxx, ${)",
     .regex =
         R"re((?i)(?:your[_\-]|[_\-]here\b|change[_\-]?(?:me|this)|x{6,}|\*{6,}|placeholder|redacted|<[A-Za-z_\-]+>|\$\{))re"},
};

}  // namespace

std::span<const BuiltinRule> builtin_rules() {
    static const std::vector<BuiltinRule> all = [] {
        std::vector<BuiltinRule> out;
        for (auto part : {cloud_rules(), vcs_rules(), messaging_rules(), registry_rules(),
                          keys_rules(), generic_rules(), saas_rules()}) {
            out.insert(out.end(), part.begin(), part.end());
        }
        return out;
    }();
    return all;
}

std::span<const BuiltinAllowRule> builtin_allow_rules() {
    return kAllow;
}

}  // namespace berth::secret
