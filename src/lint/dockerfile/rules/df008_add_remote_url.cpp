// SPDX-License-Identifier: Apache-2.0
// DF008: ADD of a remote URL or git repository without `--checksum`. The download is not
// verified and its content can change between builds.
#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 4.9"},
                               {"url", "https://docs.docker.com/reference/dockerfile/#add"}};
constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF008",
    .title = "Do not ADD remote URLs without a checksum",
    .severity = Severity::Medium,
    .description =
        "ADD <url> downloads at build time without verifying what it got: a changed "
        "or hijacked download goes into the image unnoticed.",
    .remediation =
        "Add `--checksum=sha256:…` (BuildKit), or download in a RUN with curl and "
        "verify the file's hash before using it.",
    .references = kRefs,
};

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    for (const Instruction* in : instructions(ctx.df, "ADD")) {
        if (in->flag("checksum") != nullptr) continue;
        for (const auto& s : copy_args(*in, ctx.df.escape).sources) {
            if (is_remote(s)) {
                out.push_back(at(*in, "ADD " + s + " without --checksum"));
                break;
            }
        }
    }
}

}  // namespace

Rule make_df008_add_remote_url() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile
