// SPDX-License-Identifier: Apache-2.0
// DF009: a download piped into an interpreter (`curl … | sh`, `wget -O- … | bash`,
// `sh -c "$(curl …)"`, `bash <(curl …)`): whatever the server sends runs as the build user.
#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr Reference kRefs[] = {{"cwe", "CWE-494"}};
constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF009",
    .title = "Do not pipe downloads into a shell",
    .severity = Severity::High,
    .description =
        "Piping curl or wget into sh runs whatever the server (or anyone between) "
        "sends, unverified, and the build log does not show what ran.",
    .remediation = "Download to a file, verify its checksum or signature, then run it.",
    .references = kRefs,
};

bool is_fetcher(std::string_view p) {
    return p == "curl" || p == "wget";
}

bool is_interpreter(std::string_view p) {
    return p == "sh" || p == "bash" || p == "ash" || p == "dash" || p == "zsh" || p == "ksh" ||
           p == "python" || p == "python3" || p == "perl" || p == "ruby" || p == "node" ||
           p == "php";
}

bool substituted_download(const Command& c) {
    for (const auto& w : c.words) {
        if (w.find("$(curl") != std::string::npos || w.find("$(wget") != std::string::npos ||
            w.find("`curl") != std::string::npos || w.find("`wget") != std::string::npos) {
            return true;
        }
    }
    return false;
}

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    for (const Instruction* in : instructions(ctx.df, "RUN")) {
        const auto& cmds = ctx.commands(*in);
        bool found = in->args.find("<(curl") != std::string::npos ||
                     in->args.find("<(wget") != std::string::npos;
        bool fetching = false;  // a fetcher earlier in the current pipeline
        for (const auto& c : cmds) {
            const std::string p = c.program();
            if (!c.piped_from) fetching = false;
            if (c.piped_from && fetching && is_interpreter(p)) found = true;
            if (is_interpreter(p) && substituted_download(c)) found = true;
            fetching = fetching || is_fetcher(p);
        }
        if (found) out.push_back(at(*in, "download piped into an interpreter"));
    }
}

}  // namespace

Rule make_df009_curl_pipe_shell() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile
