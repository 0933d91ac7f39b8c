// SPDX-License-Identifier: Apache-2.0
#include "core/deb_version.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace berth::deb {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

// a > b for digit strings of any length ("007" == "7").
bool digits_greater(std::string_view a, std::string_view b) {
    while (!a.empty() && a.front() == '0') a.remove_prefix(1);
    while (!b.empty() && b.front() == '0') b.remove_prefix(1);
    return a.size() != b.size() ? a.size() > b.size() : a > b;
}

std::string_view epoch_error(std::string_view epoch) {
    if (epoch.empty()) return "epoch in version is empty";
    if (!all_digits(epoch)) {
        if (epoch.front() == '-' && all_digits(epoch.substr(1)))
            return "epoch in version is negative";
        return "epoch in version is not number";
    }
    if (digits_greater(epoch, "2147483647")) return "epoch in version is too big";
    return {};
}

std::string_view syntax_warning(const VersionParts& v) {
    if (!is_digit(v.upstream.front())) return kNotDigitLed;
    auto in = [](char c, std::string_view set) { return set.find(c) != std::string_view::npos; };
    if (!std::all_of(v.upstream.begin(), v.upstream.end(),
                     [&](char c) { return is_alnum(c) || in(c, ".-+~:"); })) {
        return "invalid character in version number";
    }
    if (!std::all_of(v.revision.begin(), v.revision.end(),
                     [&](char c) { return is_alnum(c) || in(c, ".+~"); })) {
        return "invalid character in revision number";
    }
    return {};
}

}  // namespace

VersionParts split_version(std::string_view text) {
    VersionParts v;
    std::string_view s = text::trim(text);
    if (s.empty()) {
        v.error = "version string is empty";
        return v;
    }
    if (std::any_of(s.begin(), s.end(), text::is_space)) {
        v.error = "version string has embedded spaces";
        return v;
    }
    if (const auto colon = s.find(':'); colon != std::string_view::npos) {
        v.error = epoch_error(s.substr(0, colon));
        if (!v.error.empty()) return v;
        v.epoch = s.substr(0, colon);
        s.remove_prefix(colon + 1);
        if (s.empty()) {
            v.error = "nothing after colon in version number";
            return v;
        }
    }
    if (const auto hyphen = s.rfind('-'); hyphen != std::string_view::npos) {
        v.revision = s.substr(hyphen + 1);
        if (v.revision.empty()) {
            v.error = "revision number is empty";
            return v;
        }
        s = s.substr(0, hyphen);
    }
    v.upstream = s;
    if (v.upstream.empty()) {
        v.error = "upstream version is empty";
        return v;
    }
    v.warning = syntax_warning(v);
    return v;
}

}  // namespace berth::deb
