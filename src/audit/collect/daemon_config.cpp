// SPDX-License-Identifier: Apache-2.0
#include "audit/collect/daemon_config.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/json_read.hpp"

namespace berth::audit {
namespace {

// Flag name (without dashes) → daemon.json key, where they differ (moby cmd/dockerd/config.go).
struct FlagAlias {
    std::string_view flag;
    std::string_view key;
};
constexpr std::array<FlagAlias, 21> kAliases{{
    {"H", "hosts"},
    {"host", "hosts"},
    {"D", "debug"},
    {"l", "log-level"},
    {"G", "group"},
    {"b", "bridge"},
    {"g", "data-root"},
    {"graph", "data-root"},
    {"p", "pidfile"},
    {"insecure-registry", "insecure-registries"},
    {"authorization-plugin", "authorization-plugins"},
    {"log-opt", "log-opts"},
    {"storage-opt", "storage-opts"},
    {"exec-opt", "exec-opts"},
    {"default-ulimit", "default-ulimits"},
    {"dns-opt", "dns-opts"},
    {"label", "labels"},
    {"registry-mirror", "registry-mirrors"},
    {"add-runtime", "runtimes"},
    {"feature", "features"},
    {"default-address-pool", "default-address-pools"},
}};

// Flags that take no separate value word (pflag booleans: `--flag` or `--flag=false`).
constexpr std::array<std::string_view, 22> kBoolFlags{"debug",        "icc",
                                                      "iptables",     "ip6tables",
                                                      "ip-forward",   "ip-masq",
                                                      "ipv6",         "userland-proxy",
                                                      "live-restore", "selinux-enabled",
                                                      "tls",          "tlsverify",
                                                      "experimental", "no-new-privileges",
                                                      "init",         "raw-logs",
                                                      "rootless",     "disable-legacy-registry",
                                                      "validate",     "help",
                                                      "version",      "cri-containerd"};

std::string key_for(std::string_view flag) {
    for (const auto& a : kAliases) {
        if (a.flag == flag) return std::string(a.key);
    }
    return std::string(flag);
}

bool is_bool(const std::string& key) {
    return std::find(kBoolFlags.begin(), kBoolFlags.end(), key) != kBoolFlags.end();
}

std::string scalar_text(const nlohmann::json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    return v.dump();
}

}  // namespace

std::vector<std::string> split_words(std::string_view text) {
    std::vector<std::string> words;
    std::string cur;
    bool in_word = false;
    char quote = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quote != 0) {
            if (c == quote) {
                quote = 0;
            } else if (c == '\\' && quote == '"' && i + 1 < text.size()) {
                cur += text[++i];
            } else {
                cur += c;
            }
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            in_word = true;
        } else if (c == '\\' && i + 1 < text.size()) {
            cur += text[++i];
            in_word = true;
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (in_word) words.push_back(std::move(cur));
            cur.clear();
            in_word = false;
        } else {
            cur += c;
            in_word = true;
        }
    }
    if (in_word) words.push_back(std::move(cur));
    return words;
}

OptionMap parse_dockerd_args(const std::vector<std::string>& args,
                             std::vector<std::string>& unknown) {
    OptionMap out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& w = args[i];
        if (w.size() < 2 || w[0] != '-' || w == "--") {
            unknown.push_back(w);
            continue;
        }
        std::string name;
        std::optional<std::string> value;
        if (w[1] == '-') {
            const auto eq = w.find('=');
            name = w.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
            if (eq != std::string::npos) value = w.substr(eq + 1);
        } else {
            // Short flag: -H value, -Hvalue, -D.
            name = w.substr(1, 1);
            if (w.size() > 2) value = w.substr(w[2] == '=' ? 3 : 2);
        }
        const std::string key = key_for(name);
        if (is_bool(key)) {
            out[key].push_back(value.value_or("true"));
            continue;
        }
        if (!value) {
            if (i + 1 >= args.size()) {
                unknown.push_back(w);
                continue;
            }
            value = args[++i];
        }
        out[key].push_back(*value);
    }
    return out;
}

Result<OptionMap> parse_daemon_json(std::string_view text, const std::string& where) {
    auto parsed = json_read::parse(text, where);  // within the JSON limits
    if (!parsed && parsed.error().code == ErrorCode::LimitExceeded) return fail(parsed.error());
    if (!parsed) return fail(ErrorCode::Format, "daemon.json is not valid JSON", where);
    const nlohmann::json& doc = *parsed;
    if (!doc.is_object())
        return fail(ErrorCode::Format, "daemon.json must be a JSON object", where);
    OptionMap out;
    for (const auto& [key, v] : doc.items()) {
        auto& values = out[key];
        if (v.is_array()) {
            for (const auto& e : v) values.push_back(scalar_text(e));
        } else if (v.is_object()) {
            for (const auto& [k, e] : v.items()) {
                if (key == "default-ulimits" && e.is_object()) {
                    values.push_back(k + "=" + scalar_text(e.value("Soft", nlohmann::json(""))) +
                                     ":" + scalar_text(e.value("Hard", nlohmann::json(""))));
                } else {
                    values.push_back(k + "=" + scalar_text(e));
                }
            }
        } else {
            values.push_back(scalar_text(v));
        }
    }
    return out;
}

void merge_daemon_config(DaemonConfig& config) {
    config.effective = config.file;
    config.conflicts.clear();
    for (const auto& [key, values] : config.flags) {
        if (config.file.count(key) != 0) config.conflicts.push_back(key);
        config.effective[key] = values;
    }
}

}  // namespace berth::audit
