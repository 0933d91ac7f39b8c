// SPDX-License-Identifier: Apache-2.0
// DF045: nothing made world-writable: `chmod 777` / `chmod o+w` / `chmod a+rwx` in RUN, and
// `COPY --chmod=777` / `ADD --chmod=…` with the others-write bit. /tmp-style modes with the
// sticky bit (1777) are fine.
#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr Reference kRefs[] = {{"cwe", "CWE-732"}};
constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF045",
    .title = "Do not make files world-writable",
    .severity = Severity::Medium,
    .description =
        "A world-writable file or directory lets any user in the container change "
        "programs or configuration that others run.",
    .remediation =
        "Give the owner (or a group) the write bit only: `chmod 755`, "
        "`COPY --chown=app --chmod=644`.",
    .references = kRefs,
};

bool octal(std::string_view m) {
    return !m.empty() && m.size() <= 4 && m.find_first_not_of("01234567") == std::string_view::npos;
}

bool world_writable(std::string_view m) {
    if (octal(m)) {
        const int others = m.back() - '0';
        const bool sticky = m.size() == 4 && ((m[0] - '0') & 1) != 0;
        return (others & 2) != 0 && !sticky;
    }
    for (std::size_t i = m.find_first_of("+="); i != std::string_view::npos;
         i = m.find_first_of("+=", i + 1)) {
        const auto who_start = m.find_last_of(',', i);
        const std::string_view who =
            m.substr(who_start == std::string_view::npos ? 0 : who_start + 1,
                     i - (who_start == std::string_view::npos ? 0 : who_start + 1));
        const auto end = m.find(',', i);
        const std::string_view perms = m.substr(i + 1, end == m.npos ? m.npos : end - i - 1);
        const bool others = who.find('o') != who.npos || who.find('a') != who.npos;
        if (others && perms.find('w') != perms.npos && perms.find('t') == perms.npos) return true;
    }
    return false;
}

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    for (const auto& in : ctx.df.instructions) {
        if (const Flag* f = in.flag("chmod"); f != nullptr && world_writable(f->value)) {
            out.push_back(
                {f->pos, in.keyword + " --chmod=" + f->value + " is world-writable", in.end_line});
        }
        if (in.keyword != "RUN") continue;
        for (const auto& c : ctx.commands(in)) {
            if (c.program() != "chmod") continue;
            for (const auto& a : c.args()) {
                if (!a.starts_with("-") && world_writable(a)) {
                    out.push_back(at(in, "chmod " + a + " makes files world-writable"));
                    break;
                }
            }
        }
    }
}

}  // namespace

Rule make_df045_world_writable() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile
