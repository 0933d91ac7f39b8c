// SPDX-License-Identifier: Apache-2.0
// DF035 (hadolint DL3011): EXPOSE ports are 0–65535, optionally a range and /tcp, /udp or
// /sctp; words with variables are not judged.
#include <charconv>

#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr Reference kRefs[] = {{"hadolint", "DL3011"}};
constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF035",
    .title = "EXPOSE valid ports",
    .severity = Severity::Medium,
    .description =
        "A port outside 0–65535 or with an unknown protocol fails the build or the "
        "container start, and documents nothing.",
    .remediation = "Use a port number 0–65535, optionally /tcp, /udp or /sctp: `EXPOSE 8080/tcp`.",
    .references = kRefs,
};

bool valid_port(std::string_view p) {
    if (p.empty() || p.size() > 5) return false;
    unsigned v = 0;
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), v);
    return ec == std::errc() && end == p.data() + p.size() && v <= 65535;
}

bool valid(std::string_view w) {
    const auto slash = w.find('/');
    if (slash != std::string_view::npos) {
        const std::string_view proto = w.substr(slash + 1);
        if (proto != "tcp" && proto != "udp" && proto != "sctp") return false;
        w = w.substr(0, slash);
    }
    const auto dash = w.find('-');
    if (dash != std::string_view::npos) {
        return valid_port(w.substr(0, dash)) && valid_port(w.substr(dash + 1));
    }
    return valid_port(w);
}

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    for (const Instruction* in : instructions(ctx.df, "EXPOSE")) {
        for (const auto& w : words(*in, ctx.df.escape)) {
            if (w.text.find('$') != std::string::npos) continue;
            if (!valid(w.text)) {
                Finding f = at(*in, "invalid port " + w.text);
                f.pos = in->position_of(w.offset);
                out.push_back(std::move(f));
            }
        }
    }
}

}  // namespace

Rule make_df035_expose_ports() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile
