// SPDX-License-Identifier: Apache-2.0
// ASCII text helpers shared by every stage. Locale-independent on purpose: file formats,
// headers and identifiers are ASCII case-insensitive, never by the user's locale.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace berth::text {

/// ' ', '\t', '\n', '\r', '\v', '\f'.
constexpr bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/// ASCII lower case of one byte; other bytes unchanged.
constexpr char lower_char(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

/// ASCII upper case of one byte; other bytes unchanged.
constexpr char upper_char(char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

/// `s` without leading and trailing is_space characters (a view into `s`).
std::string_view trim(std::string_view s);

/// `s` without leading and trailing characters from `chars`, for formats whose blank set is
/// narrower than is_space (HTTP OWS " \t", list files " \t\r"): trim(" a\f", " ") → "a\f".
std::string_view trim(std::string_view s, std::string_view chars);

/// ASCII lower case; other bytes (UTF-8 included) unchanged.
std::string lower(std::string_view s);

/// ASCII upper case; other bytes unchanged.
std::string upper(std::string_view s);

/// ASCII case-insensitive equality.
bool iequals(std::string_view a, std::string_view b);

/// ASCII case-insensitive prefix test.
bool istarts_with(std::string_view s, std::string_view prefix);

/// Removes the first line from `text` and returns it without its '\n' and without a '\r'
/// before that (CRLF files): "a\r\nb" → returns "a", leaves "b"; no '\n' → all of `text`.
std::string_view next_line(std::string_view& text);

/// Splits on every `sep`: "a,,b" → {"a", "", "b"}; "" → {""}. Views into `s`.
std::vector<std::string_view> split(std::string_view s, char sep);

/// Splits on runs of is_space, dropping empty fields: " a  b " → {"a", "b"}.
std::vector<std::string_view> split_words(std::string_view s);

/// Joins with `sep`.
std::string join(const std::vector<std::string>& parts, std::string_view sep);

/// Optimal-string-alignment distance: Levenshtein plus adjacent transpositions ("stauts" →
/// "status" is 1). For "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// Natural order: runs of digits compare as numbers, the rest bytewise ("Alpine:v3.3" <
/// "Alpine:v3.9" < "Alpine:v3.10"; "Debian:9" < "Debian:10"). Numeric ties ("01" vs "1") fall
/// back to bytewise order, so the order is total.
bool natural_less(std::string_view a, std::string_view b);

}  // namespace berth::text
