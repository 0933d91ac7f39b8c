// SPDX-License-Identifier: Apache-2.0
#include "analyze/lang/go_buildinfo.hpp"

#include <array>
#include <cctype>
#include <cstdint>
#include <map>

#include "core/text.hpp"

namespace berth::analyze::lang {
namespace {

constexpr std::size_t kHeaderSize = 32;
constexpr std::size_t kSentinel = 16;  // bytes of each modinfo sentinel
constexpr unsigned kFlagInline = 2;

// A uvarint at `pos` (advanced past it); nullopt when cut off or over 64 bits.
std::optional<std::uint64_t> uvarint(std::string_view s, std::size_t& pos) {
    std::uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (pos >= s.size()) return std::nullopt;
        const auto b = static_cast<unsigned char>(s[pos++]);
        v |= static_cast<std::uint64_t>(b & 0x7fU) << shift;
        if ((b & 0x80U) == 0) return v;
    }
    return std::nullopt;
}

std::optional<std::string_view> varint_string(std::string_view s, std::size_t& pos) {
    auto n = uvarint(s, pos);
    if (!n || *n > s.size() - pos) return std::nullopt;
    std::string_view out = s.substr(pos, static_cast<std::size_t>(*n));
    pos += static_cast<std::size_t>(*n);
    return out;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// "1.2.3", "v1.2.3", "v1.28.6+k3s2", "0.50.1-rc.1": what Trivy's ldflags check accepts.
bool semver_like(std::string_view v) {
    if (!v.empty() && v.front() == 'v') v.remove_prefix(1);
    int parts = 0;
    std::size_t i = 0;
    while (parts < 3) {
        const std::size_t start = i;
        while (i < v.size() && is_digit(v[i])) ++i;
        if (i == start) return false;
        ++parts;
        if (parts < 3) {
            if (i >= v.size() || v[i] != '.') return false;
            ++i;
        }
    }
    return i == v.size() || v[i] == '-' || v[i] == '+';
}

// A pseudo-version (go.dev/ref/mod#pseudo-versions): vX.0.0-yyyymmddhhmmss-abcdefabcdef,
// vX.Y.Z-pre.0.yyyymmddhhmmss-abcdef…, vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdef….
bool pseudo_version(std::string_view v) {
    const auto dash = v.rfind('-');
    if (dash == std::string_view::npos || v.size() - dash - 1 < 12) return false;
    const std::string_view before = v.substr(0, dash);
    const std::size_t t = before.size() >= 14 ? before.size() - 14 : std::string_view::npos;
    if (t == std::string_view::npos) return false;
    for (std::size_t i = t; i < before.size(); ++i) {
        if (!is_digit(before[i])) return false;
    }
    return t > 0 && (before[t - 1] == '-' || before[t - 1] == '.');
}

std::string unquote(std::string_view s) {
    while (!s.empty() && (s.front() == '\'' || s.front() == '"')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == '\'' || s.back() == '"')) s.remove_suffix(1);
    return std::string(s);
}

// Shell-like words: blanks split, '…' and "…" group (quotes kept off), as Go's -ldflags value
// is written in the build setting.
std::vector<std::string> shell_words(std::string_view s) {
    std::vector<std::string> out;
    std::string cur;
    bool in_word = false;
    char quote = 0;
    for (char c : s) {
        if (quote != 0) {
            if (c == quote) {
                quote = 0;
            } else {
                cur += c;
            }
        } else if (c == '\'' || c == '"') {
            quote = c;
            in_word = true;
        } else if (c == ' ' || c == '\t' || c == '\n') {
            if (in_word) out.push_back(std::move(cur));
            cur.clear();
            in_word = false;
        } else {
            cur += c;
            in_word = true;
        }
    }
    if (in_word) out.push_back(std::move(cur));
    return out;
}

// A build setting's value as Go writes it: strconv.Quote'd when it holds blanks, quotes or '='
// ("-ldflags=\"-s -w -X main.version=v1\""); the common escapes are undone.
std::string setting_value(std::string_view v) {
    if (v.size() < 2 || v.front() != '"' || v.back() != '"') return std::string(v);
    v = v.substr(1, v.size() - 2);
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] != '\\' || i + 1 == v.size()) {
            out += v[i];
            continue;
        }
        const char e = v[++i];
        out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
    }
    return out;
}

}  // namespace

GoBuildInfoFormat go_buildinfo_format(std::string_view blob) {
    if (blob.size() < kHeaderSize || !blob.starts_with(kGoBuildInfoMagic)) {
        return GoBuildInfoFormat::Invalid;
    }
    const auto ptr_size = static_cast<unsigned char>(blob[14]);
    const auto flags = static_cast<unsigned char>(blob[15]);
    if ((flags & kFlagInline) != 0) return GoBuildInfoFormat::Inline;
    return ptr_size == 4 || ptr_size == 8 ? GoBuildInfoFormat::Pointers
                                          : GoBuildInfoFormat::Invalid;
}

GoBuildInfo parse_go_modinfo(std::string_view modinfo) {
    GoBuildInfo info;
    GoModule* last = nullptr;  // the module a "=>" line replaces
    for (auto line : text::split(modinfo, '\n')) {
        auto f = text::split(line, '\t');
        if (f.empty()) continue;
        const auto field = [&](std::size_t i) {
            return i < f.size() ? std::string(f[i]) : std::string();
        };
        if (f[0] == "path") {
            info.path = field(1);
        } else if (f[0] == "mod") {
            info.main = GoModule{field(1), field(2)};
            last = &*info.main;
        } else if (f[0] == "dep") {
            info.deps.push_back({field(1), field(2)});
            last = &info.deps.back();
        } else if (f[0] == "=>" && last != nullptr) {
            *last = GoModule{field(1), field(2)};
            last = nullptr;
        } else if (f[0] == "build" && f.size() >= 2) {
            const std::string kv(line.substr(6));
            const auto eq = kv.find('=');
            if (eq != std::string::npos) {
                info.settings.emplace_back(kv.substr(0, eq), setting_value(kv.substr(eq + 1)));
            }
        }
    }
    return info;
}

std::optional<GoBuildInfo> parse_go_buildinfo(std::string_view blob) {
    if (go_buildinfo_format(blob) != GoBuildInfoFormat::Inline) return std::nullopt;
    std::size_t pos = kHeaderSize;
    auto version = varint_string(blob, pos);
    if (!version) return std::nullopt;
    auto mod = varint_string(blob, pos);
    if (!mod) return std::nullopt;
    // The module info sits between two 16-byte sentinels; the byte before the closing one is '\n'.
    std::string_view modinfo;
    if (mod->size() >= 2 * kSentinel + 1 && (*mod)[mod->size() - kSentinel - 1] == '\n') {
        modinfo = mod->substr(kSentinel, mod->size() - 2 * kSentinel);
    }
    GoBuildInfo info = parse_go_modinfo(modinfo);
    info.go_version = std::string(*version);
    return info;
}

std::string go_stdlib_version(std::string_view go_version) {
    if (!go_version.starts_with("go")) return {};
    std::string_view v = go_version.substr(2);
    const auto end = v.find_first_of(" -");
    v = v.substr(0, end);
    if (v.empty() || !is_digit(v.front())) return {};
    return "v" + std::string(v);
}

std::string go_ldflags_version(std::string_view module_path, std::string_view ldflags) {
    const auto words = shell_words(ldflags);
    std::map<int, std::vector<std::string>> found;  // 0 cmd, 1 default prefix, 2 other
    for (std::size_t i = 0; i < words.size(); ++i) {
        std::string x;
        if (words[i] == "-X" || words[i] == "--X") {
            if (i + 1 < words.size()) x = words[++i];
        } else if (words[i].starts_with("-X=")) {
            x = words[i].substr(3);
        } else {
            continue;
        }
        x = unquote(x);
        const auto eq = x.find('=');
        if (eq == std::string::npos) continue;
        const std::string key = x.substr(0, eq);
        const std::string val = unquote(x.substr(eq + 1));
        const std::string low = text::lower(key);
        if (!(low.ends_with(".version") || low.ends_with(".ver")) || !semver_like(val)) continue;
        const std::string pkg = low.substr(0, low.rfind('.'));
        const std::string last =
            pkg.substr(pkg.rfind('/') == std::string::npos ? 0 : pkg.rfind('/') + 1);
        int kind = 2;
        if (key.starts_with(std::string(module_path) + "/cmd/")) {
            kind = 0;
        } else if (last == "main" || last == "common" || last == "version" || last == "cmd") {
            kind = 1;
        }
        found[kind].push_back(val);
    }
    for (const auto& [kind, versions] : found) {
        return versions.size() == 1 ? versions.front() : std::string();  // ambiguous: none
    }
    return {};
}

std::string go_main_version(std::string_view recorded, std::string_view ldflags_version) {
    const bool weak = recorded.empty() || recorded == "(devel)" || pseudo_version(recorded);
    if (weak && !ldflags_version.empty()) return std::string(ldflags_version);
    return recorded == "(devel)" ? std::string() : std::string(recorded);
}

}  // namespace berth::analyze::lang
