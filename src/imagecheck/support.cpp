// SPDX-License-Identifier: Apache-2.0
#include "imagecheck/support.hpp"

#include <cmath>
#include <iterator>

#include "check/secret_names.hpp"
#include "core/text.hpp"

namespace berth::imagecheck {
namespace {

constexpr std::string_view kShell = "/bin/sh -c ";
constexpr std::string_view kNop = "#(nop)";

std::string_view strip_buildkit(std::string_view s) {
    constexpr std::string_view kSuffix = "# buildkit";
    s = text::trim(s);
    if (s.ends_with(kSuffix)) s = text::trim(s.substr(0, s.size() - kSuffix.size()));
    return s;
}

// After "|N A=1 B=2 ": the rest; `args` gets the N words when N matches.
std::string_view skip_build_args(std::string_view s, std::vector<std::string>* args) {
    if (!s.starts_with('|')) return s;
    std::size_t i = 1;
    std::size_t n = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9')
        n = n * 10 + static_cast<std::size_t>(s[i++] - '0');
    std::string_view rest = s.substr(i);
    for (std::size_t k = 0; k < n; ++k) {
        rest = text::trim(rest);
        const auto end = rest.find(' ');
        const std::string_view word = rest.substr(0, end);
        if (word.find('=') == std::string_view::npos) {
            if (args != nullptr) args->clear();
            return rest;
        }
        if (args != nullptr) args->emplace_back(word);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
    }
    return text::trim(rest);
}

}  // namespace

check::Location file_location(const sbom::FileFinding& f) {
    check::Location l;
    l.path = f.location.path;
    if (!f.location.layer_diff_id.empty()) l.layer = f.location.layer_diff_id.str();
    l.created_by = redact_secrets(f.location.created_by);
    return l;
}

check::Location history_location(const Context& ctx, std::size_t i, std::string object) {
    check::Location l;
    l.object = std::move(object);
    if (i >= ctx.image.history.size()) return l;
    l.created_by = redact_secrets(ctx.image.history[i].created_by);
    const long layer = i < ctx.layer_of_history.size() ? ctx.layer_of_history[i] : -1;
    if (layer >= 0) {
        const auto& ref = ctx.image.layers[static_cast<std::size_t>(layer)];
        if (!ref.diff_id.empty()) l.layer = ref.diff_id.str();
    }
    return l;
}

namespace {

// "RUN |1 A=b /bin/sh -c make # buildkit" → "|1 A=b /bin/sh -c make", and whether RUN was there.
std::string_view unwrap(std::string_view created_by, bool& run_prefix) {
    std::string_view s = strip_buildkit(created_by);
    run_prefix = s.starts_with("RUN ");
    return run_prefix ? text::trim(s.substr(4)) : s;
}

}  // namespace

std::string instruction(std::string_view created_by) {
    bool run_prefix = false;
    std::string_view s = skip_build_args(unwrap(created_by, run_prefix), nullptr);
    if (s.starts_with(kShell)) {
        s = text::trim(s.substr(kShell.size()));
        if (s.starts_with(kNop)) return std::string(text::trim(s.substr(kNop.size())));
        return "RUN " + std::string(s);
    }
    return run_prefix ? "RUN " + std::string(s) : std::string(s);
}

std::size_t last_history(const Context& ctx, std::string_view keyword, std::string_view needle) {
    const auto& h = ctx.image.history;
    for (std::size_t i = h.size(); i-- > 0;) {
        const std::string in = instruction(h[i].created_by);
        if (in.size() > keyword.size() && in.starts_with(keyword) && in[keyword.size()] == ' ' &&
            in.find(needle) != std::string::npos) {
            return i;
        }
    }
    return h.size();
}

std::string redact(std::string text, std::string_view key, std::string_view value) {
    constexpr std::string_view kMark = "<redacted>";
    auto replace_all = [&text](const std::string& from, const std::string& to) {
        if (from.empty()) return;
        for (auto pos = text.find(from); pos != std::string::npos;
             pos = text.find(from, pos + to.size())) {
            text.replace(pos, from.size(), to);
        }
    };
    if (!value.empty()) {
        replace_all(std::string(key) + "=" + std::string(value),
                    std::string(key) + "=" + std::string(kMark));
    }
    if (value.size() >= 6) replace_all(std::string(value), std::string(kMark));
    return text;
}

bool secret_setting(std::string_view key, std::string_view value) {
    if (value.empty()) return false;
    return check::sensitive_name(key) || check::credential_value(value);
}

std::string redact_secrets(const std::string& created_by) {
    std::vector<std::string> pairs = build_args(created_by);
    const std::string in = instruction(created_by);
    if (in.starts_with("ARG ") || in.starts_with("ENV ")) {
        for (auto w : text::split_words(std::string_view(in).substr(4))) pairs.emplace_back(w);
    }
    std::string out = created_by;
    for (const auto& kv : pairs) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos) continue;
        const std::string_view key = std::string_view(kv).substr(0, eq);
        const std::string_view value = std::string_view(kv).substr(eq + 1);
        if (secret_setting(key, value)) out = redact(std::move(out), key, value);
    }
    return out;
}

std::vector<std::string> build_args(std::string_view created_by) {
    bool run_prefix = false;
    std::vector<std::string> out;
    skip_build_args(unwrap(created_by, run_prefix), &out);
    return out;
}

std::map<std::string, std::string> file_owners(const sbom::Inventory& inv,
                                               const std::set<std::string>& paths) {
    std::map<std::string, std::string> out;
    for (const auto& p : paths) out[p] = "";
    for (const auto& pkg : inv.packages) {
        for (const auto& f : pkg.files) {
            auto it = out.find(f);
            if (it != out.end() && it->second.empty()) it->second = pkg.name;
        }
    }
    return out;
}

std::string human_size(std::uint64_t bytes) {
    if (bytes < 1024) return std::to_string(bytes) + " B";
    constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
    double v = static_cast<double>(bytes) / 1024.0;
    std::size_t u = 0;
    while (v >= 1024.0 && u + 1 < std::size(kUnits)) {
        v /= 1024.0;
        ++u;
    }
    const auto tenths = static_cast<std::uint64_t>(std::llround(v * 10.0));
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " " + kUnits[u];
}

bool registry_trusted(const image::Reference& ref, const std::vector<std::string>& list) {
    const std::string& host = ref.domain;
    const std::string full = ref.name();
    for (const auto& a : list) {
        if (text::iequals(a, host)) return true;
        if (a.starts_with("*.") && host.size() > a.size() - 1 &&
            text::iequals(std::string_view(host).substr(host.size() - (a.size() - 1)),
                          std::string_view(a).substr(1))) {
            return true;
        }
        if (full.starts_with(a + "/") || full == a) return true;
        if (host == image::kDefaultDomain && (a == "hub.docker.com" || a == "index.docker.io"))
            return true;
    }
    return false;
}

std::vector<const sbom::FileFinding*> findings_of(const sbom::Inventory& inv,
                                                  std::string_view analyzer,
                                                  std::string_view kind) {
    std::vector<const sbom::FileFinding*> out;
    for (const auto& f : inv.file_findings) {
        if (f.analyzer == analyzer && (kind.empty() || f.kind == kind)) out.push_back(&f);
    }
    return out;
}

}  // namespace berth::imagecheck
