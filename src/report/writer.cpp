// SPDX-License-Identifier: Apache-2.0
#include "report/writer.hpp"

#include <iterator>

#include "core/text.hpp"

namespace berth::report {
namespace {

constexpr unsigned bit(Kind k) {
    return 1U << static_cast<unsigned>(k);
}

std::string table(const Report& r, const WriteOptions& o) {
    return write_table(r, o.colour);
}
std::string json(const Report& r, const WriteOptions&) {
    return write_json(r);
}
std::string sarif(const Report& r, const WriteOptions&) {
    return write_sarif(r);
}
std::string cyclonedx(const Report& r, const WriteOptions&) {
    return write_cyclonedx(r);
}
std::string spdx(const Report& r, const WriteOptions&) {
    return write_spdx(r);
}
std::string gitlab(const Report& r, const WriteOptions&) {
    return write_gitlab(r);
}

// The list. Kinds: what each format can say — SPDX has no vulnerabilities, CycloneDX no rule
// verdicts, SARIF no package list;
// inspect (image details, no verdicts) only has table and json.
constexpr Writer kWriters[] = {
    {"table", "aligned text for a terminal (colour on a tty unless NO_COLOR)", "",
     bit(Kind::Scan) | bit(Kind::Sbom) | bit(Kind::Audit) | bit(Kind::Inspect) | bit(Kind::Lint) |
         bit(Kind::Config),
     table},
    {"json", "berth JSON, one documented shape (docs/scan-json.md)", "2",
     bit(Kind::Scan) | bit(Kind::Sbom) | bit(Kind::Audit) | bit(Kind::Inspect) | bit(Kind::Lint) |
         bit(Kind::Config),
     json},
    {"sarif", "SARIF 2.1.0 for code-scanning dashboards (GitHub)", "2.1.0",
     bit(Kind::Scan) | bit(Kind::Audit) | bit(Kind::Lint) | bit(Kind::Config), sarif},
    {"cyclonedx", "CycloneDX 1.6 JSON (SBOM; with vulnerabilities for scan)", "1.6",
     bit(Kind::Scan) | bit(Kind::Sbom), cyclonedx},
    {"spdx", "SPDX 2.3 JSON (SBOM)", "2.3", bit(Kind::Sbom), spdx},
    {"gitlab", "GitLab container-scanning report (gl-container-scanning-report.json)", "15.0.7",
     bit(Kind::Scan), gitlab},
};

}  // namespace

std::string_view kind_name(Kind k) {
    switch (k) {
        case Kind::Scan:
            return "scan";
        case Kind::Sbom:
            return "sbom";
        case Kind::Audit:
            return "audit";
        case Kind::Lint:
            return "lint";
        case Kind::Config:
            return "config";
        case Kind::Inspect:
            break;
    }
    return "inspect";
}

std::span<const Writer> writers() {
    return {std::begin(kWriters), std::end(kWriters)};
}

std::vector<std::string> writer_names(Kind kind) {
    std::vector<std::string> out;
    for (const auto& w : kWriters) {
        if (w.supports(kind)) out.emplace_back(w.name);
    }
    return out;
}

Result<const Writer*> find_writer(std::string_view name, Kind kind) {
    for (const auto& w : kWriters) {
        if (w.name == name && w.supports(kind)) return &w;
    }
    return fail(ErrorCode::InvalidArgument,
                "unknown format '" + std::string(name) + "' for " + std::string(kind_name(kind)) +
                    " (" + text::join(writer_names(kind), ", ") + ")",
                "--format");
}

}  // namespace berth::report
