// SPDX-License-Identifier: Apache-2.0
#include "secret/compiled_rule.hpp"

#include <algorithm>
#include <deque>
#include <map>

#include "core/text.hpp"
#include "secret/builtin.hpp"

namespace berth::secret::detail {
namespace {

// RuleInfo with owned strings, interned for the process: reports hold `const RuleInfo*`, and
// custom rules come from a file read at run time.
struct OwnedInfo {
    std::string id, title, description, remediation;
    check::RuleInfo info;
};

RE2::Options re2_options() {
    RE2::Options o;
    o.set_log_errors(false);
    o.set_encoding(RE2::Options::EncodingLatin1);  // files are bytes, not always UTF-8
    o.set_max_mem(64 << 20);
    return o;
}

Rule from_builtin(const BuiltinRule& b) {
    Rule r;
    r.id = std::string(b.id);
    r.category = std::string(b.category);
    r.title = std::string(b.title);
    r.severity = b.severity;
    r.regex = std::string(b.regex);
    r.min_entropy = b.min_entropy;
    for (auto k : text::split(b.keywords, ',')) {
        if (!k.empty()) r.keywords.emplace_back(k);
    }
    return r;
}

bool contains(const std::vector<std::string>& v, std::string_view s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

const check::RuleInfo* intern(const Rule& r) {
    static std::mutex mu;
    static std::deque<OwnedInfo> store;  // deque: element addresses never move
    static std::map<std::string, const check::RuleInfo*> by_key;
    const std::string description =
        "A " + r.title + " (secret category " + r.category + ") is stored in a file of the image.";
    const std::string key = r.id + '\x1f' + r.title + '\x1f' +
                            std::string(check::severity_name(r.severity)) + '\x1f' + description;
    std::lock_guard lock(mu);
    if (auto it = by_key.find(key); it != by_key.end()) return it->second;
    OwnedInfo& o = store.emplace_back();
    o.id = r.id;
    o.title = r.title;
    o.description = description;
    o.remediation =
        "Remove the secret from the image and rotate it: deleting the file in a later layer "
        "leaves it in the earlier one. Pass secrets at build time with RUN --mount=type=secret "
        "and at run time through the orchestrator's secret store.";
    o.info = check::RuleInfo{.id = o.id,
                             .title = o.title,
                             .severity = r.severity,
                             .description = o.description,
                             .remediation = o.remediation};
    by_key.emplace(key, &o.info);
    return &o.info;
}

Result<std::unique_ptr<RE2>> compile(const std::string& pattern, const std::string& what) {
    if (pattern.empty()) return std::unique_ptr<RE2>();
    auto re = std::make_unique<RE2>(pattern, re2_options());
    if (!re->ok()) {
        return fail(ErrorCode::InvalidArgument, "bad regex: " + re->error(), what);
    }
    return re;
}

Result<std::vector<CompiledAllow>> compile_allow(const std::vector<AllowRule>& rules,
                                                 const std::string& owner) {
    std::vector<CompiledAllow> out;
    for (const auto& a : rules) {
        CompiledAllow c{a.id, nullptr, nullptr, true};
        auto re = compile(a.regex, owner + " allow rule " + a.id);
        if (!re) return fail(re.error());
        auto path = compile(a.path, owner + " allow rule " + a.id);
        if (!path) return fail(path.error());
        c.regex = std::move(*re);
        c.path = std::move(*path);
        out.push_back(std::move(c));
    }
    return out;
}

namespace {

Result<RuleRegexes> compile_rule(const Rule& r) {
    RuleRegexes c;
    auto re = compile(r.regex, "secret rule " + r.id);
    if (!re) return fail(re.error());
    if (!*re) return fail(ErrorCode::InvalidArgument, "rule has no regex", "secret rule " + r.id);
    auto path = compile(r.path, "secret rule " + r.id + " path");
    if (!path) return fail(path.error());
    auto allow = compile_allow(r.allow_rules, "secret rule " + r.id);
    if (!allow) return fail(allow.error());
    c.regex = std::move(*re);
    c.path = std::move(*path);
    c.allow = std::move(*allow);
    const auto& names = c.regex->NamedCapturingGroups();
    const std::string group = r.secret_group.empty() ? "secret" : r.secret_group;
    if (auto it = names.find(group); it != names.end()) {
        c.secret_group = it->second;
    } else if (!r.secret_group.empty()) {
        return fail(ErrorCode::InvalidArgument,
                    "secret-group-name '" + r.secret_group + "' is not a group of the regex",
                    "secret rule " + r.id);
    }
    return c;
}

}  // namespace

const Result<RuleRegexes>& CompiledRule::compiled() const {
    std::call_once(once, [this] { regexes_ = compile_rule(rule); });
    return regexes_;
}

std::vector<Rule> selected_rules(const Config& config) {
    std::vector<Rule> out;
    for (const auto& b : builtin_rules()) {
        if (config.enable_builtin_rules && !contains(*config.enable_builtin_rules, b.id)) continue;
        if (contains(config.disable_rules, b.id)) continue;
        bool replaced = std::any_of(config.rules.begin(), config.rules.end(),
                                    [&](const Rule& r) { return r.id == b.id; });
        if (!replaced) out.push_back(from_builtin(b));
    }
    for (const auto& r : config.rules) {
        if (!contains(config.disable_rules, r.id)) out.push_back(r);
    }
    return out;
}

std::vector<AllowRule> selected_allow_rules(const Config& config) {
    std::vector<AllowRule> out;
    for (const auto& a : builtin_allow_rules()) {
        if (contains(config.disable_allow_rules, a.id)) continue;
        out.push_back({std::string(a.id), std::string(a.description), std::string(a.regex), ""});
    }
    for (const auto& a : config.allow_rules) {
        if (!contains(config.disable_allow_rules, a.id)) out.push_back(a);
    }
    return out;
}

}  // namespace berth::secret::detail
