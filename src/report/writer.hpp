// SPDX-License-Identifier: Apache-2.0
// The one list of report formats: every command that writes a report (`scan`, `sbom`, and the
// audit at merge) picks its writer here, so a format is added in exactly one place and
// `--format` help, validation and docs come from the same rows.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "report/report.hpp"

namespace berth::report {

/// One output format.
struct Writer {
    std::string_view name;         ///< the --format value: "table", "json", …
    std::string_view description;  ///< one line for --help
    std::string_view version;  ///< version of the format written ("2.1.0" for SARIF), "" if none
    unsigned kinds = 0;        ///< bit (1 << Kind) per report kind it can render
    std::string (*write)(const Report&, const WriteOptions&) = nullptr;

    bool supports(Kind k) const { return (kinds & (1U << static_cast<unsigned>(k))) != 0; }
};

/// Every writer, in the order `--help` lists them; names are unique.
std::span<const Writer> writers();

/// The names of the writers that can render `kind`, in table order.
std::vector<std::string> writer_names(Kind kind);

/// The writer called `name` for a report of `kind`.
/// Errors: InvalidArgument "unknown format 'x' for sbom (table, json, cyclonedx, spdx)".
Result<const Writer*> find_writer(std::string_view name, Kind kind);

}  // namespace berth::report
