// SPDX-License-Identifier: Apache-2.0
// IC005 (CIS Docker 4.10, dockle CIS-DI-0010): no secrets in the image config or history. Judged
// by name and value with the word list the Dockerfile rule DF042 uses (check/secret_names.hpp):
//   Env    "DB_PASSWORD=s3cret"                     (config; anyone who pulls reads it)
//   Labels "api-token": "…"
//   build arguments Docker records before a RUN: "|1 NPM_TOKEN=abc /bin/sh -c npm ci"
//   ARG instructions BuildKit records:           "ARG GITHUB_TOKEN=ghp_… "
// A setting with an empty value passes (ENV PASSWORD= is a placeholder). Values are never
// printed: messages name the setting, and history entries shown by any image check are redacted
// (support.hpp redact_secrets()).
#include "core/text.hpp"
#include "imagecheck/rules/rules.hpp"
#include "imagecheck/support.hpp"

namespace berth::imagecheck {
namespace {

constexpr Reference kRefs[] = {
    {"cis", "CIS Docker 1.6 4.10"}, {"dockle", "CIS-DI-0010"}, {"hadolint", "DL3064"}};
constexpr check::RuleInfo kInfo{
    .id = "image/IC005",
    .title = "Do not store secrets in the environment, labels or build arguments",
    .severity = Severity::High,
    .description =
        "The image config (Env, Labels) and its history (build arguments, ARG defaults) "
        "travel with the image: anyone who can pull it reads them with `docker inspect` or "
        "`docker history`.",
    .remediation =
        "Pass secrets at run time (mounted files, a secret store) and to builds with "
        "`RUN --mount=type=secret`; rebuild the image and rotate the exposed secret.",
    .references = kRefs,
};

void add(check::RuleResult& out, check::Location l, const std::string& key, std::string_view value,
         const std::string& where) {
    l.created_by = redact(l.created_by, key, value);
    out.locations.push_back(std::move(l));
    out.details.push_back(where + " " + key);
}

void from_history(const Context& ctx, check::RuleResult& out) {
    const auto& h = ctx.image.history;
    for (std::size_t i = 0; i < h.size(); ++i) {
        std::vector<std::string> pairs = build_args(h[i].created_by);
        const std::string in = instruction(h[i].created_by);
        if (in.starts_with("ARG ")) {
            for (auto w : text::split_words(std::string_view(in).substr(4))) pairs.emplace_back(w);
        }
        for (const auto& kv : pairs) {
            const auto eq = kv.find('=');
            if (eq == std::string::npos) continue;
            const std::string key = kv.substr(0, eq);
            const std::string_view value = std::string_view(kv).substr(eq + 1);
            if (!secret_setting(key, value)) continue;
            add(out, history_location(ctx, i, "build argument " + key), key, value,
                "build argument");
        }
    }
}

void evaluate(const Context& ctx, check::RuleResult& out) {
    for (const auto& e : ctx.image.config.env) {
        const auto eq = e.find('=');
        const std::string key = e.substr(0, eq);
        const std::string_view value =
            eq == std::string::npos ? std::string_view() : std::string_view(e).substr(eq + 1);
        if (!secret_setting(key, value)) continue;
        add(out, history_location(ctx, last_history(ctx, "ENV", key), "config Env " + key), key,
            value, "Env");
    }
    for (const auto& [key, value] : ctx.image.config.labels) {
        if (!secret_setting(key, value)) continue;
        add(out, history_location(ctx, last_history(ctx, "LABEL", key), "config Labels " + key),
            key, value, "Labels");
    }
    from_history(ctx, out);
    if (!out.locations.empty()) {
        out.message = std::to_string(out.locations.size()) + " setting" +
                      (out.locations.size() == 1 ? " looks" : "s look") + " like a secret";
    }
}

}  // namespace

Rule make_ic005_secrets_in_config() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::imagecheck
