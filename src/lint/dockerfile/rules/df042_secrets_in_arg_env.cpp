// SPDX-License-Identifier: Apache-2.0
// DF042 (hadolint DL3064, CIS Docker 4.10): no secrets in ARG or ENV. ENV values are stored in
// the image config and ARG values in its history (`docker history` shows them). A name is
// sensitive when one of its words (split at _ - .) is password, passwd, pword, secret, token,
// apikey, credential(s) or auth, or two words read "api key", "access key", "private key",
// "secret key"; names with public, gpg, pub, fingerprint, file, path or dir are left alone
// (a GPG fingerprint or a *_FILE pointing to a mounted secret is not the secret). Values that
// look like credentials (AKIA…, ghp_…, glpat-…, xox?-…, sk_live_…, -----BEGIN) are findings
// whatever the name.
#include "check/secret_names.hpp"
#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr Reference kRefs[] = {{"hadolint", "DL3064"}, {"cis", "CIS Docker 1.6 4.10"}};
constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF042",
    .title = "Do not put secrets in ARG or ENV",
    .severity = Severity::High,
    .description =
        "ENV values are stored in the image configuration and ARG values in its "
        "history: anyone who can pull the image can read them.",
    .remediation =
        "Pass secrets with `RUN --mount=type=secret,id=…` (BuildKit) or at run time "
        "(files, a secret store); never as ARG or ENV.",
    .references = kRefs,
};

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    for (const auto& in : ctx.df.instructions) {
        if (in.keyword != "ARG" && in.keyword != "ENV") continue;
        for (const auto& kv : key_values(in, ctx.df.escape)) {
            const bool name = check::sensitive_name(kv.key);
            if (!name && !check::credential_value(kv.value)) continue;
            Finding f = at(in, in.keyword + " " + kv.key +
                                   (name ? " looks like a secret" : " holds a credential"));
            f.pos = in.position_of(kv.offset);
            out.push_back(std::move(f));
        }
    }
}

}  // namespace

Rule make_df042_secrets_in_arg_env() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile
