// SPDX-License-Identifier: Apache-2.0
// .berth.yaml's `lint:` section (lint.hpp). yaml-cpp throws; every exception is caught here and
// becomes a Format error naming the file and the key.
#include <yaml-cpp/yaml.h>

#include "core/file.hpp"
#include "core/text.hpp"
#include "lint/dockerfile/lint.hpp"

namespace berth::lint::dockerfile {
namespace {

Result<check::Severity> severity_of(const std::string& s, const std::string& where) {
    const std::string u = text::upper(s);
    for (auto sev : {check::Severity::Info, check::Severity::Low, check::Severity::Medium,
                     check::Severity::High, check::Severity::Critical}) {
        if (check::severity_name(sev) == u) return sev;
    }
    return fail(ErrorCode::Format,
                "unknown severity '" + s + "' (info, low, medium, high, critical)", where);
}

Result<std::vector<std::string>> strings(const YAML::Node& n, const std::string& where) {
    std::vector<std::string> out;
    if (!n.IsSequence()) return fail(ErrorCode::Format, "expected a list of strings", where);
    for (const auto& e : n) {
        if (!e.IsScalar()) return fail(ErrorCode::Format, "expected a string", where);
        out.push_back(e.as<std::string>());
    }
    return out;
}

Result<LintConfig> read_lint(const YAML::Node& lint, const std::string& where) {
    LintConfig c;
    if (!lint.IsMap()) return fail(ErrorCode::Format, "expected a mapping", where + ": lint");
    for (const auto& kv : lint) {
        const std::string key = kv.first.as<std::string>();
        const std::string at = where + ": lint." + key;
        if (key == "ignore") {
            auto s = strings(kv.second, at);
            if (!s) return fail(s.error());
            c.ignore = std::move(*s);
        } else if (key == "allowed-registries") {
            auto s = strings(kv.second, at);
            if (!s) return fail(s.error());
            c.allowed_registries = std::move(*s);
        } else if (key == "severity") {
            if (!kv.second.IsMap()) return fail(ErrorCode::Format, "expected a mapping", at);
            for (const auto& e : kv.second) {
                auto sev = severity_of(e.second.as<std::string>(), at);
                if (!sev) return fail(sev.error());
                c.severity.emplace_back(e.first.as<std::string>(), *sev);
            }
        } else {
            return fail(ErrorCode::Format, "unknown key (ignore, severity, allowed-registries)",
                        at);
        }
    }
    return c;
}

}  // namespace

Result<LintConfig> parse_config(std::string_view yaml, const std::string& where) {
    try {
        const YAML::Node root = YAML::Load(std::string(yaml));
        if (!root || root.IsNull()) return LintConfig{};
        if (!root.IsMap()) return fail(ErrorCode::Format, "expected a mapping at the top", where);
        const YAML::Node lint = root["lint"];
        if (!lint || lint.IsNull()) return LintConfig{};
        return read_lint(lint, where);
    } catch (const YAML::Exception& e) {
        return fail(ErrorCode::Format, std::string("bad YAML: ") + e.what(), where);
    }
}

Result<LintConfig> load_config(const std::filesystem::path& path) {
    // A regular file only (a FIFO named .berth.yaml must not hang the linter); configs are small.
    auto text = read_regular_file(path, 1U << 20U);
    if (!text) {
        Error e = text.error();
        e.message = "cannot read the configuration: " + e.message;
        return fail(std::move(e));
    }
    return parse_config(*text, path.string());
}

}  // namespace berth::lint::dockerfile
