// SPDX-License-Identifier: Apache-2.0
// Word and KEY=VALUE splitting of instruction arguments (dockerfile.hpp). Docker's rules: words
// are separated by blanks outside quotes; quotes group and are removed; the escape character
// makes the next character literal (inside double quotes only before '"', '$' or itself).
// Variables are not expanded here (expand.hpp does that where Docker does).
#include <string>

#include "lint/dockerfile/dockerfile.hpp"

namespace berth::lint::dockerfile {
namespace {

bool blank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Splits `s` into words; `keep_quotes` leaves quote characters in the text (ENV values keep
// their meaning either way, but rules want the plain value).
std::vector<Word> split(std::string_view s, char escape) {
    std::vector<Word> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && blank(s[i])) ++i;
        if (i >= s.size()) break;
        Word w;
        w.offset = i;
        char quote = 0;
        for (; i < s.size(); ++i) {
            const char c = s[i];
            if (quote == 0 && blank(c)) break;
            if (c == escape && quote != '\'' && i + 1 < s.size()) {
                const char n = s[i + 1];
                if (quote == 0 || n == '"' || n == '$' || n == escape) {
                    w.text += n;
                    ++i;
                    continue;
                }
            }
            if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
                continue;
            }
            if (quote != 0 && c == quote) {
                quote = 0;
                continue;
            }
            w.text += c;
        }
        out.push_back(std::move(w));
    }
    return out;
}

}  // namespace

std::vector<Word> words(const Instruction& in, char escape) {
    if (in.json_form) {
        std::vector<Word> out;
        for (const auto& a : in.json_args) out.push_back({a, 0});
        return out;
    }
    return split(in.args, escape);
}

std::vector<KeyValue> key_values(const Instruction& in, char escape) {
    std::vector<KeyValue> out;
    const std::string_view args = in.args;
    // Legacy `ENV KEY value with spaces` / `LABEL KEY value`: the first word has no '='.
    const auto first_end = args.find_first_of(" \t");
    const std::string_view first = args.substr(0, first_end);
    if (in.keyword != "ARG" && first.find('=') == std::string_view::npos &&
        first_end != std::string_view::npos) {
        std::size_t v = first_end;
        while (v < args.size() && blank(args[v])) ++v;
        std::string value;
        for (const auto& w : split(args.substr(v), escape)) {
            value += (value.empty() ? "" : " ") + w.text;
        }
        out.push_back({std::string(first), value, true, 0});
        return out;
    }
    for (auto& w : split(args, escape)) {
        const auto eq = w.text.find('=');
        KeyValue kv{w.text.substr(0, eq), "", eq != std::string::npos, w.offset};
        if (kv.has_value) kv.value = w.text.substr(eq + 1);
        out.push_back(std::move(kv));
    }
    return out;
}

}  // namespace berth::lint::dockerfile
