// SPDX-License-Identifier: Apache-2.0
#include "config/interpolate.hpp"

#include <cctype>

namespace berth::config {
namespace {

bool name_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_';
}
bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// The end of the `${…}` starting at `open` (the index of '{'), honouring nested `${…}`;
// npos when unterminated.
std::size_t closing(std::string_view s, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < s.size(); ++i) {
        if (s[i] == '{') ++depth;
        if (s[i] == '}' && --depth == 0) return i;
    }
    return std::string_view::npos;
}

// One `${…}` body: NAME, NAME:-x, NAME-x, NAME:+x, NAME+x, NAME:?x, NAME?x.
Result<std::string> braced(std::string_view body, const Lookup& lookup,
                           std::vector<std::string>& unset) {
    std::size_t n = 0;
    while (n < body.size() && name_char(body[n])) ++n;
    const std::string_view name = body.substr(0, n);
    if (name.empty() || !name_start(name[0])) {
        return fail(ErrorCode::Format, "invalid interpolation format for '${" + std::string(body) +
                                           "}': a variable name is expected");
    }
    const std::optional<std::string> value = lookup(name);
    std::string_view rest = body.substr(n);
    if (rest.empty()) {
        if (!value) unset.emplace_back(name);
        return value.value_or("");
    }
    const bool colon = rest[0] == ':';
    if (colon) rest.remove_prefix(1);
    if (rest.empty() || (rest[0] != '-' && rest[0] != '+' && rest[0] != '?')) {
        return fail(ErrorCode::Format,
                    "invalid interpolation format for '${" + std::string(body) + "}'");
    }
    const char op = rest[0];
    const std::string_view arg = rest.substr(1);
    const bool set = colon ? value.has_value() && !value->empty() : value.has_value();
    if (op == '?') {
        if (set) return *value;
        return fail(ErrorCode::Format, "required variable " + std::string(name) +
                                           " is missing a value: " + std::string(arg));
    }
    if ((op == '-' && !set) || (op == '+' && set)) return interpolate(arg, lookup, unset);
    if (op == '+') return std::string();
    return *value;
}

}  // namespace

Result<std::string> interpolate(std::string_view text, const Lookup& lookup,
                                std::vector<std::string>& unset) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '$' || i + 1 == text.size()) {
            out += text[i];
            continue;
        }
        const char next = text[i + 1];
        if (next == '$') {
            out += '$';
            ++i;
        } else if (next == '{') {
            const std::size_t end = closing(text, i + 1);
            if (end == std::string_view::npos) {
                return fail(ErrorCode::Format, "invalid interpolation format for '" +
                                                   std::string(text.substr(i)) + "': no closing }");
            }
            auto v = braced(text.substr(i + 2, end - i - 2), lookup, unset);
            if (!v) return v;
            out += *v;
            i = end;
        } else if (name_start(next)) {
            std::size_t j = i + 1;
            while (j < text.size() && name_char(text[j])) ++j;
            const std::string_view name = text.substr(i + 1, j - i - 1);
            auto value = lookup(name);
            if (!value) unset.emplace_back(name);
            out += value.value_or("");
            i = j - 1;
        } else {
            out += '$';
        }
    }
    return out;
}

}  // namespace berth::config
