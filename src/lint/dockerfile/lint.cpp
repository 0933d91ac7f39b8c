// SPDX-License-Identifier: Apache-2.0
#include "lint/dockerfile/lint.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace berth::lint::dockerfile {
namespace {

// Ids named by `# berth ignore=…` / `# hadolint ignore=…` comments.
struct Ignore {
    std::vector<std::string> ids;
    bool global = false;
    std::size_t line = 0;
};

std::vector<Ignore> inline_ignores(const Dockerfile& df) {
    std::vector<Ignore> out;
    for (const auto& c : df.comments) {
        std::string_view t = c.text;
        if (text::istarts_with(t, "berth"))
            t.remove_prefix(5);
        else if (text::istarts_with(t, "hadolint"))
            t.remove_prefix(8);
        else
            continue;
        Ignore ig;
        ig.line = c.line;
        t = text::trim(t);
        if (text::istarts_with(t, "global")) {
            ig.global = true;
            t = text::trim(t.substr(6));
        }
        if (!text::istarts_with(t, "ignore=")) continue;
        t.remove_prefix(7);
        std::string ids(t);
        std::replace(ids.begin(), ids.end(), ',', ' ');
        for (auto w : text::split_words(ids)) ig.ids.emplace_back(w);
        out.push_back(std::move(ig));
    }
    return out;
}

// [first, last] lines covered by a non-global ignore at `line`: the next instruction.
std::pair<std::size_t, std::size_t> span_after(const Dockerfile& df, std::size_t line) {
    for (const auto& in : df.instructions) {
        if (in.pos.line > line) return {in.pos.line, std::max(in.end_line, in.pos.line)};
    }
    return {0, 0};
}

bool ignored(const Dockerfile& df, const std::vector<Ignore>& ignores, const check::RuleInfo& info,
             std::size_t line) {
    for (const auto& ig : ignores) {
        const bool named = std::any_of(ig.ids.begin(), ig.ids.end(), [&](const std::string& id) {
            return rule_matches(info, id);
        });
        if (!named) continue;
        if (ig.global) return true;
        const auto [first, last] = span_after(df, ig.line);
        if (line >= first && line <= last) return true;
    }
    return false;
}

}  // namespace

bool rule_matches(const check::RuleInfo& info, std::string_view id) {
    if (text::iequals(info.id, id) || text::iequals(short_id(info.id), id)) return true;
    for (auto h : hadolint_ids(info)) {
        if (text::iequals(h, id)) return true;
    }
    return false;
}

Result<Linter> Linter::make(const LintConfig& config) {
    Linter l;
    const std::vector<Rule> all = all_rules();
    auto known = [&](const std::string& id) {
        return std::any_of(all.begin(), all.end(),
                           [&](const Rule& r) { return rule_matches(*r.info, id); });
    };
    for (const auto& id : config.ignore) {
        if (!known(id)) {
            return fail(ErrorCode::InvalidArgument, "no Dockerfile rule is called '" + id + "'",
                        "ignore");
        }
    }
    for (const auto& [id, sev] : config.severity) {
        if (!known(id)) {
            return fail(ErrorCode::InvalidArgument, "no Dockerfile rule is called '" + id + "'",
                        "severity");
        }
    }
    for (Rule r : all) {
        const bool off =
            std::any_of(config.ignore.begin(), config.ignore.end(),
                        [&](const std::string& id) { return rule_matches(*r.info, id); });
        if (off) continue;
        for (const auto& [id, sev] : config.severity) {
            if (!rule_matches(*r.info, id)) continue;
            l.relevelled_.push_back(std::make_unique<check::RuleInfo>(*r.info));
            l.relevelled_.back()->severity = sev;
            r.info = l.relevelled_.back().get();
        }
        l.rules_.push_back(r);
    }
    l.options_.allowed_registries = config.allowed_registries;
    return l;
}

std::vector<check::RuleResult> Linter::lint(const Dockerfile& df) const {
    std::vector<check::RuleResult> out;
    const auto ignores = inline_ignores(df);
    const Context ctx{df, options_};
    for (const Rule& r : rules_) {
        std::vector<Finding> found;
        r.check(ctx, found);
        std::stable_sort(found.begin(), found.end(), [](const Finding& a, const Finding& b) {
            return a.pos.line != b.pos.line ? a.pos.line < b.pos.line : a.pos.column < b.pos.column;
        });
        for (auto& f : found) {
            if (ignored(df, ignores, *r.info, f.pos.line)) continue;
            check::RuleResult rr;
            rr.rule = r.info;
            rr.outcome = check::Outcome::Fail;
            rr.message = std::move(f.message);
            check::Location loc;
            loc.path = df.path;
            loc.line = f.pos.line;
            loc.column = f.pos.column;
            loc.end_line = std::max(f.end_line, f.pos.line);
            rr.locations.push_back(std::move(loc));
            out.push_back(std::move(rr));
        }
    }
    return out;
}

}  // namespace berth::lint::dockerfile
