// SPDX-License-Identifier: Apache-2.0
// Small helpers shared by the version schemes: ASCII classification (never locale-dependent),
// arbitrary-length numeric comparison on digit strings, and the error every scheme returns.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/text.hpp"

namespace berth::vuln::version::detail {

/// ASCII '0'..'9'.
constexpr bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
/// ASCII letter.
constexpr bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
/// ASCII letter or digit.
constexpr bool is_alnum(char c) {
    return is_digit(c) || is_alpha(c);
}
/// -1, 0 or 1.
constexpr int sign(int v) {
    return (v > 0) - (v < 0);
}
/// True when every character of `s` is a digit (false for "").
constexpr bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!is_digit(c)) return false;
    return true;
}

/// Compares two digit strings as unbounded non-negative integers ("007" == "7"; any length).
int compare_digits(std::string_view a, std::string_view b);

/// Compares bytes as unsigned chars, shorter-is-less on a common prefix (memcmp order).
int compare_bytes(std::string_view a, std::string_view b);

/// Case-insensitive (ASCII) byte comparison.
int compare_icase(std::string_view a, std::string_view b);

/// Strips ASCII blanks (space, \t, \n, \r, \v, \f) from both ends (core/text.hpp).
using text::trim;

/// InvalidArgument "invalid <scheme> version \"<v>\": <why>" located at "<scheme> version".
tl::unexpected<Error> invalid(std::string_view scheme, std::string_view v, std::string_view why);

/// InvalidArgument for a constraint string: "invalid <scheme> constraint \"<c>\": <why>".
tl::unexpected<Error> invalid_constraint(std::string_view scheme, std::string_view c,
                                         std::string_view why);

/// Splits `s` at the first `sep` (not found: {s, ""} and found=false).
struct Split {
    std::string_view head;
    std::string_view tail;
    bool found = false;
};
Split split_first(std::string_view s, char sep);

/// A constraint clause split into its operator (the leading run of = ! < > ~) and its trimmed
/// operand: " >= 1.0 " → {">=", "1.0"}; "1.0" → {"", "1.0"}.
struct OpClause {
    std::string_view op;
    std::string_view operand;
};
OpClause split_operator(std::string_view clause);

}  // namespace berth::vuln::version::detail
