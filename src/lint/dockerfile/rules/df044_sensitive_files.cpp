// SPDX-License-Identifier: Apache-2.0
// DF044 (CIS Docker 4.10): COPY/ADD of files that hold credentials: .git, .env, SSH keys
// (id_rsa, id_dsa, id_ecdsa, id_ed25519, .ssh), *.pem, *.key, *.p12, *.pfx, .npmrc, .pypirc,
// .netrc, .git-credentials, .aws, .docker/config.json, .kube/config. Sources are matched on
// their last path component (and the two last for the config files).
#include "core/text.hpp"
#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 4.10"}, {"cwe", "CWE-538"}};
constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF044",
    .title = "Do not copy credentials or repositories into the image",
    .severity = Severity::High,
    .description =
        "Keys, tokens and .git directories copied into a layer stay in the image "
        "even if a later step deletes them: anyone with the image has them.",
    .remediation =
        "Leave them out (list them in .dockerignore); mount secrets at build time "
        "with `RUN --mount=type=secret` or `--mount=type=ssh`.",
    .references = kRefs,
};

bool sensitive(std::string_view path) {
    std::string p = text::lower(path);
    while (p.size() > 1 && (p.back() == '/' || p.back() == '*')) p.pop_back();
    const auto slash = p.rfind('/');
    const std::string base = slash == std::string::npos ? p : p.substr(slash + 1);
    for (auto n : {".git", ".env", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".ssh", ".npmrc",
                   ".pypirc", ".netrc", ".git-credentials", ".aws", ".pgpass", ".htpasswd"}) {
        if (base == n) return true;
    }
    for (std::string_view ext : {".pem", ".key", ".p12", ".pfx", ".jks", ".keystore"}) {
        if (base.size() > ext.size() && base.ends_with(ext)) return true;
    }
    return p.ends_with(".docker/config.json") || p.ends_with(".kube/config") ||
           base.starts_with(".env.");
}

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    for (const auto& in : ctx.df.instructions) {
        if (in.keyword != "COPY" && in.keyword != "ADD") continue;
        if (in.flag("from") != nullptr) continue;  // from another stage or image: not the context
        for (const auto& s : copy_args(in, ctx.df.escape).sources) {
            if (!is_remote(s) && sensitive(s)) {
                out.push_back(at(in, in.keyword + " " + s + " copies a credential or repository"));
            }
        }
    }
}

}  // namespace

Rule make_df044_sensitive_files() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile
