// SPDX-License-Identifier: Apache-2.0
#include "config/evaluate.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace berth::config {

bool rule_matches(const check::RuleInfo& info, std::string_view id) {
    const std::string_view full = info.id;
    const auto slash = full.rfind('/');
    const std::string_view short_id =
        slash == std::string_view::npos ? full : full.substr(slash + 1);
    return text::iequals(full, id) || text::iequals(short_id, id);
}

Result<std::vector<Rule>> select_rules(const std::vector<std::string>& ignore) {
    std::vector<Rule> all = all_rules();
    for (const auto& id : ignore) {
        const bool known = std::any_of(all.begin(), all.end(),
                                       [&](const Rule& r) { return rule_matches(*r.info, id); });
        if (!known) {
            return fail(ErrorCode::InvalidArgument, "no runtime rule is called '" + id + "'",
                        "--ignore");
        }
    }
    std::vector<Rule> out;
    for (const auto& r : all) {
        const bool skip = std::any_of(ignore.begin(), ignore.end(), [&](const std::string& id) {
            return rule_matches(*r.info, id);
        });
        if (!skip) out.push_back(r);
    }
    return out;
}

check::Location locate(const Container& c, const Rule& rule) {
    check::Location l;
    l.object = c.object;
    Position p = c.position;
    for (auto key : text::split(rule.keys, ',')) {
        if (auto it = c.keys.find(std::string(key)); it != c.keys.end()) {
            p = it->second;
            break;
        }
    }
    l.path = p.file;
    l.line = p.line;
    l.column = p.column;
    return l;
}

std::vector<check::RuleResult> evaluate(const std::vector<Container>& containers,
                                        const std::vector<Rule>& rules) {
    std::vector<check::RuleResult> out;
    for (const Rule& rule : rules) {
        for (const Container& c : containers) {
            auto why = rule.judge(c);
            if (!why) continue;
            check::RuleResult r;
            r.rule = rule.info;
            r.outcome = check::Outcome::Fail;
            r.message = c.object + ": " + *why;
            r.locations.push_back(locate(c, rule));
            out.push_back(std::move(r));
        }
    }
    return out;
}

}  // namespace berth::config
