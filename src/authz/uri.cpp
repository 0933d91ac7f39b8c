// SPDX-License-Identifier: Apache-2.0
#include "authz/uri.hpp"

#include <charconv>

#include "core/text.hpp"

namespace berth::authz {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// "v1.41" → "1.41"; anything else → "" (not a version segment).
std::string_view version_of(std::string_view segment) {
    if (segment.size() < 2 || segment[0] != 'v') return {};
    for (char c : segment.substr(1)) {
        if ((c < '0' || c > '9') && c != '.') return {};
    }
    return segment.substr(1);
}

// The path cleaned as Go's path.Clean does on a rooted path, split into segments.
std::vector<std::string> clean_segments(std::string_view path) {
    std::vector<std::string> out;
    for (auto seg : text::split(path, '/')) {
        if (seg.empty() || seg == ".") continue;
        if (seg == "..") {
            if (!out.empty()) out.pop_back();
            continue;
        }
        out.emplace_back(seg);
    }
    return out;
}

Status parse_query(std::string_view raw, Uri& uri) {
    for (auto pair : text::split(raw, '&')) {
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        auto key = percent_decode(pair.substr(0, eq), true);
        if (!key) return fail(key.error());
        auto value = percent_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
        if (!value) return fail(value.error());
        uri.query[*key].push_back(std::move(*value));
    }
    return {};
}

}  // namespace

std::string Uri::first(const std::string& key) const {
    auto it = query.find(key);
    return it == query.end() || it->second.empty() ? std::string() : it->second.front();
}

const std::vector<std::string>& Uri::all(const std::string& key) const {
    static const std::vector<std::string> kNone;
    auto it = query.find(key);
    return it == query.end() ? kNone : it->second;
}

Result<std::string> percent_decode(std::string_view s, bool plus_is_space) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '+' && plus_is_space) {
            out += ' ';
        } else if (c != '%') {
            out += c;
        } else {
            const int hi = i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
            const int lo = i + 2 < s.size() ? hex_value(s[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                return fail(ErrorCode::Format, "bad percent escape in '" + std::string(s) + "'");
            }
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        }
        if (!out.empty() && out.back() == '\0') {
            return fail(ErrorCode::Format, "NUL byte in '" + std::string(s) + "'");
        }
    }
    return out;
}

Result<Uri> normalize_uri(std::string_view raw) {
    std::string_view rest = raw;
    for (std::string_view scheme : {"http://", "https://"}) {
        if (text::istarts_with(rest, scheme)) {
            rest.remove_prefix(scheme.size());
            const auto slash = rest.find('/');
            rest = slash == std::string_view::npos ? std::string_view("/") : rest.substr(slash);
        }
    }
    if (rest.empty() || rest[0] != '/') {
        return fail(ErrorCode::Format, "request URI does not start with '/'", std::string(raw));
    }
    const auto q = rest.find('?');
    auto path = percent_decode(rest.substr(0, q), false);
    if (!path) return fail(ErrorCode::Format, path.error().message, std::string(raw));
    Uri uri;
    std::vector<std::string> segs = clean_segments(*path);
    if (!segs.empty()) {
        const std::string_view v = version_of(segs.front());
        if (!v.empty()) {
            uri.version = std::string(v);
            segs.erase(segs.begin());
        }
    }
    uri.path = segs.empty() ? "/" : "/" + text::join(segs, "/");
    if (q != std::string_view::npos) {
        if (auto s = parse_query(rest.substr(q + 1), uri); !s) {
            return fail(ErrorCode::Format, s.error().message, std::string(raw));
        }
    }
    return uri;
}

std::string normalize_method(std::string_view method) {
    return text::upper(text::trim(method));
}

bool version_below(std::string_view version, std::string_view minimum) {
    auto parts = [](std::string_view v) {
        std::vector<long> out;
        for (auto p : text::split(v, '.')) {
            long n = 0;
            std::from_chars(p.data(), p.data() + p.size(), n);
            out.push_back(n);
        }
        return out;
    };
    return parts(version) < parts(minimum);
}

}  // namespace berth::authz
