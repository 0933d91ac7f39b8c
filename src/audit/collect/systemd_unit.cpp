// SPDX-License-Identifier: Apache-2.0
#include "audit/collect/systemd_unit.hpp"

#include "audit/collect/daemon_config.hpp"
#include "core/env_file.hpp"
#include "core/text.hpp"

namespace berth::audit {
namespace {

// Unit-file blanks: space, tab and the CR of CRLF files (systemd.syntax(7) strips whitespace;
// the set is kept as it was so \f and \v stay part of values).
std::string trim(std::string_view s) {
    return std::string(text::trim(s, " \t\r"));
}

std::vector<std::string> logical_lines(std::string_view text) {
    std::vector<std::string> out;
    std::string cur;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        auto nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        std::string line = trim(text.substr(pos, nl - pos));
        pos = nl + 1;
        if (cur.empty() && (line.empty() || line[0] == '#' || line[0] == ';')) continue;
        if (!line.empty() && line.back() == '\\') {
            line.pop_back();
            cur += line + " ";
            continue;
        }
        cur += line;
        out.push_back(std::move(cur));
        cur.clear();
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

}  // namespace

void apply_unit_text(UnitFacts& unit, std::string_view text) {
    for (const std::string& line : logical_lines(text)) {
        if (line.empty() || line[0] == '[') continue;
        const auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        const std::string key = trim(std::string_view(line).substr(0, eq));
        std::string value = trim(std::string_view(line).substr(eq + 1));
        if (key == "ExecStart") {
            while (!value.empty() &&
                   std::string_view("-@+!:").find(value[0]) != std::string_view::npos) {
                value.erase(0, 1);
            }
            unit.exec_start = split_words(value);
        } else if (key == "Environment") {
            for (const std::string& w : split_words(value)) {
                const auto e = w.find('=');
                if (e != std::string::npos) unit.environment[w.substr(0, e)] = w.substr(e + 1);
            }
        } else if (key == "EnvironmentFile") {
            if (value.empty()) {
                unit.environment_files.clear();
            } else {
                if (value[0] == '-') value.erase(0, 1);
                unit.environment_files.push_back(value);
            }
        } else if (key == "ListenStream") {
            if (value.empty()) {
                unit.listen_stream.clear();
            } else {
                unit.listen_stream.push_back(value);
            }
        } else if (key == "SocketGroup") {
            unit.socket_group = value;
        } else if (key == "SocketMode") {
            unit.socket_mode = value;
        }
    }
}

std::map<std::string, std::string> parse_env_file(std::string_view text) {
    Diagnostics ignored;  // this signature has no place for them; core's parse_env_file has
    return berth::parse_env_file(text, "", "", ignored, EnvSyntax::systemd());
}

std::vector<std::string> expand_exec(const std::vector<std::string>& words,
                                     const std::map<std::string, std::string>& env) {
    std::vector<std::string> out;
    auto lookup = [&](const std::string& name) {
        auto it = env.find(name);
        return it == env.end() ? std::string() : it->second;
    };
    for (const std::string& w : words) {
        if (w.size() > 1 && w[0] == '$' && w[1] != '{') {
            for (auto& s : split_words(lookup(w.substr(1)))) out.push_back(std::move(s));
            continue;
        }
        std::string r;
        for (std::size_t i = 0; i < w.size(); ++i) {
            if (w[i] == '$' && i + 1 < w.size() && w[i + 1] == '{') {
                const auto close = w.find('}', i + 2);
                if (close != std::string::npos) {
                    r += lookup(w.substr(i + 2, close - i - 2));
                    i = close;
                    continue;
                }
            }
            r += w[i];
        }
        if (!r.empty()) out.push_back(std::move(r));
    }
    return out;
}

}  // namespace berth::audit
