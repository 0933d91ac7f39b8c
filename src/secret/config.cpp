// SPDX-License-Identifier: Apache-2.0
// --secret-config: Trivy's trivy-secret.yaml shape (config.hpp shows it). Unknown keys are ignored
// as Trivy ignores them; wrong types, unknown severities and rules without id or regex are errors
// naming FILE:LINE.
#include "secret/config.hpp"

#include <yaml-cpp/yaml.h>

#include "core/file.hpp"
#include "core/text.hpp"

namespace berth::secret {
namespace {

constexpr std::uint64_t kMaxConfigBytes = 4ULL << 20U;
constexpr int kMaxDepth = 64;

// Flow-collection nesting ([ and {) outside quotes: yaml-cpp recurses per level.
int flow_depth(std::string_view text) {
    int depth = 0;
    int most = 0;
    char quote = 0;
    for (char c : text) {
        if (quote != 0) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '[' || c == '{') {
            most = std::max(most, ++depth);
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        } else if (c == '\n') {
            quote = 0;
        }
    }
    return most;
}

struct Ctx {
    std::string file;
    [[nodiscard]] std::string at(const YAML::Node& n) const {
        return file + ":" + std::to_string(n.Mark().line + 1);
    }
};

Result<std::string> scalar(const YAML::Node& n, std::string_view key, const Ctx& ctx) {
    if (!n.IsScalar()) {
        return fail(ErrorCode::InvalidArgument, "'" + std::string(key) + "' must be a string",
                    ctx.at(n));
    }
    return n.Scalar();
}

Result<std::vector<std::string>> strings(const YAML::Node& n, std::string_view key,
                                         const Ctx& ctx) {
    std::vector<std::string> out;
    if (!n || n.IsNull()) return out;
    if (!n.IsSequence()) {
        return fail(ErrorCode::InvalidArgument, "'" + std::string(key) + "' must be a list",
                    ctx.at(n));
    }
    for (const auto& item : n) {
        auto s = scalar(item, key, ctx);
        if (!s) return fail(s.error());
        out.push_back(*s);
    }
    return out;
}

Result<check::Severity> severity(const YAML::Node& n, const Ctx& ctx) {
    if (!n || n.IsNull()) return check::Severity::High;  // Trivy's default is UNKNOWN; see docs
    auto s = scalar(n, "severity", ctx);
    if (!s) return fail(s.error());
    constexpr check::Severity kAll[] = {check::Severity::Low, check::Severity::Medium,
                                        check::Severity::High, check::Severity::Critical};
    for (auto v : kAll) {
        if (text::iequals(*s, check::severity_name(v))) return v;
    }
    if (text::iequals(*s, "UNKNOWN") || text::iequals(*s, "INFO")) return check::Severity::Info;
    return fail(ErrorCode::InvalidArgument,
                "unknown severity '" + *s + "' (UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL)", ctx.at(n));
}

Result<std::string> opt_string(const YAML::Node& map, std::string_view key, const Ctx& ctx) {
    const YAML::Node n = map[std::string(key)];
    if (!n || n.IsNull()) return std::string();
    return scalar(n, key, ctx);
}

Result<std::vector<AllowRule>> allow_rules(const YAML::Node& n, const Ctx& ctx) {
    std::vector<AllowRule> out;
    if (!n || n.IsNull()) return out;
    if (!n.IsSequence()) {
        return fail(ErrorCode::InvalidArgument, "'allow-rules' must be a list", ctx.at(n));
    }
    for (const auto& item : n) {
        if (!item.IsMap()) {
            return fail(ErrorCode::InvalidArgument, "an allow rule must be a map", ctx.at(item));
        }
        AllowRule a;
        for (auto [key, field] : {std::pair{"id", &a.id}, std::pair{"description", &a.description},
                                  std::pair{"regex", &a.regex}, std::pair{"path", &a.path}}) {
            auto s = opt_string(item, key, ctx);
            if (!s) return fail(s.error());
            *field = *s;
        }
        if (a.regex.empty() && a.path.empty()) {
            return fail(ErrorCode::InvalidArgument,
                        "allow rule '" + a.id + "' has no regex or path", ctx.at(item));
        }
        out.push_back(std::move(a));
    }
    return out;
}

Result<Rule> rule(const YAML::Node& item, const Ctx& ctx) {
    if (!item.IsMap())
        return fail(ErrorCode::InvalidArgument, "a rule must be a map", ctx.at(item));
    Rule r;
    for (auto [key, field] :
         {std::pair{"id", &r.id}, std::pair{"category", &r.category}, std::pair{"title", &r.title},
          std::pair{"regex", &r.regex}, std::pair{"path", &r.path},
          std::pair{"secret-group-name", &r.secret_group}}) {
        auto s = opt_string(item, key, ctx);
        if (!s) return fail(s.error());
        *field = *s;
    }
    if (r.id.empty()) return fail(ErrorCode::InvalidArgument, "rule without 'id'", ctx.at(item));
    if (r.regex.empty()) {
        return fail(ErrorCode::InvalidArgument, "rule '" + r.id + "' has no 'regex'", ctx.at(item));
    }
    if (r.title.empty()) r.title = r.id;
    if (r.category.empty()) r.category = "custom";
    auto sev = severity(item["severity"], ctx);
    if (!sev) return fail(sev.error());
    r.severity = *sev;
    auto kw = strings(item["keywords"], "keywords", ctx);
    if (!kw) return fail(kw.error());
    for (auto& k : *kw) {
        if (!k.empty()) r.keywords.push_back(std::move(k));
    }
    auto allow = allow_rules(item["allow-rules"], ctx);
    if (!allow) return fail(allow.error());
    r.allow_rules = std::move(*allow);
    return r;
}

Result<Config> config_from(const YAML::Node& root, const Ctx& ctx) {
    Config c;
    if (root.IsNull()) return c;
    if (!root.IsMap())
        return fail(ErrorCode::InvalidArgument, "top level must be a map", ctx.at(root));
    if (YAML::Node rules = root["rules"]; rules && !rules.IsNull()) {
        if (!rules.IsSequence()) {
            return fail(ErrorCode::InvalidArgument, "'rules' must be a list", ctx.at(rules));
        }
        for (const auto& item : rules) {
            auto r = rule(item, ctx);
            if (!r) return fail(r.error());
            c.rules.push_back(std::move(*r));
        }
    }
    auto allow = allow_rules(root["allow-rules"], ctx);
    if (!allow) return fail(allow.error());
    c.allow_rules = std::move(*allow);
    if (YAML::Node en = root["enable-builtin-rules"]; en && !en.IsNull()) {
        auto v = strings(en, "enable-builtin-rules", ctx);
        if (!v) return fail(v.error());
        c.enable_builtin_rules = std::move(*v);
    }
    auto dis = strings(root["disable-rules"], "disable-rules", ctx);
    if (!dis) return fail(dis.error());
    c.disable_rules = std::move(*dis);
    auto dis_allow = strings(root["disable-allow-rules"], "disable-allow-rules", ctx);
    if (!dis_allow) return fail(dis_allow.error());
    c.disable_allow_rules = std::move(*dis_allow);
    if (YAML::Node eb = root["exclude-block"]; eb && !eb.IsNull()) {
        if (!eb.IsMap()) {
            return fail(ErrorCode::InvalidArgument, "'exclude-block' must be a map", ctx.at(eb));
        }
        auto re = strings(eb["regexes"], "regexes", ctx);
        if (!re) return fail(re.error());
        c.exclude_blocks = std::move(*re);
    }
    return c;
}

}  // namespace

Result<Config> parse_config(std::string_view yaml, const std::string& where) {
    const Ctx ctx{where};
    if (flow_depth(yaml) > kMaxDepth) {
        return fail(ErrorCode::InvalidArgument, "nested deeper than 64 levels", where);
    }
    try {
        const YAML::Node root = YAML::Load(std::string(yaml));
        return config_from(root, ctx);
    } catch (const YAML::Exception& e) {
        return fail(ErrorCode::InvalidArgument, "not valid YAML: " + e.msg,
                    where + ":" + std::to_string(e.mark.line + 1));
    }
}

Result<Config> load_config(const std::filesystem::path& file) {
    auto text = read_regular_file(file, kMaxConfigBytes);
    if (!text) return fail(text.error());
    return parse_config(*text, file.string());
}

}  // namespace berth::secret
