// SPDX-License-Identifier: Apache-2.0
// DF007 (hadolint DL3020, CIS Docker 4.9): COPY, not ADD, for local files and folders. ADD of a
// local archive (it unpacks) and of a URL (DF008 judges it) are left alone.
#include "core/text.hpp"
#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr Reference kRefs[] = {{"hadolint", "DL3020"}, {"cis", "CIS Docker 1.6 4.9"}};
constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF007",
    .title = "Use COPY instead of ADD for files and folders",
    .severity = Severity::Low,
    .description =
        "ADD also fetches URLs and unpacks archives; for plain files that magic only "
        "hides what the step does and can unpack an archive nobody meant to unpack.",
    .remediation = "Use COPY for local files and folders; keep ADD for a local archive to unpack.",
    .references = kRefs,
};

bool is_archive(std::string_view s) {
    for (std::string_view ext : {".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz",
                                 ".txz", ".tar.zst", ".gz", ".bz2", ".xz", ".zst"}) {
        if (s.size() > ext.size() && text::iequals(s.substr(s.size() - ext.size()), ext)) {
            return true;
        }
    }
    return false;
}

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    for (const Instruction* in : instructions(ctx.df, "ADD")) {
        const CopyArgs a = copy_args(*in, ctx.df.escape);
        if (a.sources.empty()) continue;  // heredocs only
        bool plain = true;
        for (const auto& s : a.sources) {
            if (is_remote(s) || is_archive(s) || s.find('$') != std::string::npos) plain = false;
        }
        if (plain) out.push_back(at(*in, "ADD of local files: " + a.sources.front()));
    }
}

}  // namespace

Rule make_df007_add_not_copy() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile
