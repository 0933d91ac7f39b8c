// SPDX-License-Identifier: Apache-2.0
// Readers for the version-comparison vectors in ../shared/data (tests only).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace berth::vuln::version::test {

/// "\t" → TAB, "\\" → backslash (the escaping INDEX.md describes for the TSVs).
inline std::string unescape(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) {
            char n = s[++i];
            out += n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n;
        } else {
            out += s[i];
        }
    }
    return out;
}

/// Rows of a TSV: '#' comment lines and the header line dropped, fields split on TAB and
/// unescaped. Empty when the file does not exist.
inline std::vector<std::vector<std::string>> read_tsv(const std::filesystem::path& path) {
    std::vector<std::vector<std::string>> rows;
    if (!std::filesystem::exists(path)) return rows;
    std::string text = berth::test::read_text_file(path);
    bool header = true;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto nl = text.find('\n', pos);
        std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
        pos = nl == std::string::npos ? text.size() : nl + 1;
        if (!line.empty() && line[0] == '#') continue;
        if (header) {
            header = false;
            continue;
        }
        std::vector<std::string> fields;
        std::size_t start = 0;
        while (true) {
            auto tab = line.find('\t', start);
            fields.push_back(unescape(
                line.substr(start, tab == std::string::npos ? std::string::npos : tab - start)));
            if (tab == std::string::npos) break;
            start = tab + 1;
        }
        rows.push_back(std::move(fields));
    }
    return rows;
}

/// One "a OP b" line of osv-scalibr's semantic testdata.
struct OsvCase {
    std::string a, op, b;
    int line = 0;
};

/// Parses osv-scalibr `<eco>-versions*.txt`: blank lines and lines starting with '#' or '//'
/// skipped; the operator is the first of " < ", " = ", " > ".
inline std::vector<OsvCase> read_osv_cases(const std::filesystem::path& path) {
    std::vector<OsvCase> out;
    std::string text = berth::test::read_text_file(path);
    std::size_t pos = 0;
    int lineno = 0;
    while (pos < text.size()) {
        auto nl = text.find('\n', pos);
        std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
        pos = nl == std::string::npos ? text.size() : nl + 1;
        ++lineno;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#' || line.rfind("//", 0) == 0) continue;
        for (const char* op : {" < ", " = ", " > "}) {
            auto at = line.find(op);
            if (at == std::string::npos) continue;
            out.push_back({line.substr(0, at), std::string(1, op[1]), line.substr(at + 3), lineno});
            break;
        }
    }
    return out;
}

/// -1, 0, 1 for "<", "=", ">".
inline int op_sign(const std::string& op) {
    return op == "<" ? -1 : op == ">" ? 1 : 0;
}

/// The versions data directory, or nullopt.
inline std::optional<std::filesystem::path> versions_dir() {
    auto d = berth::test::shared_data_dir();
    if (!d) return std::nullopt;
    return *d / "versions";
}

}  // namespace berth::vuln::version::test
