// SPDX-License-Identifier: Apache-2.0
#include "analyze/lang/lang_util.hpp"

#include <algorithm>

#include "core/json_read.hpp"

namespace berth::analyze::lang {

Result<std::string> read_metadata(const AnalysisInput& input) {
    const std::uint64_t cap = std::min(kMaxMetadataBytes, input.max_file_read);
    return read_all(input.content, cap, input.path);
}

Result<nlohmann::json> parse_json(std::string_view text, const std::string& path) {
    return json_read::parse(text, path);
}

std::string preview(std::string_view s) {
    constexpr std::size_t kMax = 40;
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size() && i < kMax; ++i) {
        const char c = s[i];
        out += (c >= 0x20 && c < 0x7f) ? c : '?';
    }
    if (s.size() > kMax) out += "…";
    out += '"';
    return out;
}

sbom::Package make_package(std::string_view type, std::string_view ns, std::string_view name,
                           std::string_view version, const std::string& path) {
    sbom::Package p;
    p.type = type;
    p.purl_namespace = ns;
    p.name = name;
    p.version = version;
    p.location.path = path;
    return p;
}

Diagnostic warning(std::string_view analyzer, std::string message, std::string where) {
    return {Diagnostic::Severity::Warning, std::string(analyzer) + ": " + std::move(message),
            std::move(where)};
}

}  // namespace berth::analyze::lang
