// SPDX-License-Identifier: Apache-2.0
// lang/rustbinary: the crates compiled into a Rust program built with `cargo auditable`, from its
// ".dep-v0" section (lang/cargo_audit.hpp; after Trivy pkg/dependency/parser/rust/binary, which
// reads it through microsoft/go-rustaudit, and osv-scalibr's cargoauditable extractor).
//
// Files read: regular files with an execute bit whose first bytes are an ELF, PE or Mach-O
// header (lang/executable.hpp). The section table is found through the header, so the file is
// read with random access (the walker's bounded spool: memory to 8 MiB, then a temporary file,
// refused past --max-file-size with a warning). Only the headers and the section are read; the
// section is at most 8 MiB compressed and 8 MiB inflated (a warning past either, no packages).
//
// Example: usr/local/bin/app whose .dep-v0 inflates to
//   {"packages":[{"name":"app","version":"0.1.0","source":"local","dependencies":[1],
//     "root":true},{"name":"smallvec","version":"1.6.0","source":"crates.io"},
//     {"name":"cc","version":"1.0.83","source":"crates.io","kind":"build"}]}
//     → pkg:cargo/app@0.1.0, pkg:cargo/smallvec@1.6.0 (cc is a build dependency: not in the
//       program, skipped as Trivy skips it)
// The root package (the program's own crate) is listed like the others, as Trivy lists it (with
// Relationship root); RustSec advisories in OSV name crates by their crates.io name, so
// "crates.io" matching needs no renaming.
#include <memory>
#include <string>
#include <string_view>

#include "analyze/lang/cargo_audit.hpp"
#include "analyze/lang/executable.hpp"
#include "analyze/lang/lang_util.hpp"
#include "analyze/plugins.hpp"

namespace berth::analyze {
namespace {

constexpr std::string_view kName = "lang/rustbinary";
constexpr std::uint64_t kMinSize = 1U << 10U;  // smaller files are not Rust programs
constexpr std::string_view kSection = ".dep-v0";

class RustBinary final : public Analyzer {
  public:
    [[nodiscard]] std::string_view name() const override { return kName; }
    [[nodiscard]] int version() const override { return 1; }
    [[nodiscard]] bool needs_random_access() const override { return true; }

    [[nodiscard]] bool required(std::string_view /*path*/, const FileInfo& info) const override {
        return info.type == image::EntryType::File && (info.mode & 0111U) != 0 &&
               info.size >= kMinSize;
    }

    Status analyze(const AnalysisInput& input, LayerAnalysis& out) const override {
        if (input.random == nullptr) {
            return fail(ErrorCode::Internal, "lang/rustbinary needs random access", input.path);
        }
        const RandomAccessFile& file = *input.random;
        auto head = file.read_at(0, 64);
        if (!head) return fail(head.error());
        const lang::ExecutableFormat format = lang::executable_format(*head);
        if (format == lang::ExecutableFormat::None) return {};
        auto span = lang::find_section(file, format, kSection, input.path);
        if (!span) {
            out.diagnostics.push_back(lang::warning(
                kName, "executable headers unreadable: " + span.error().message, input.path));
            return {};
        }
        if (!*span) return {};  // not built with cargo auditable
        auto audit = read_dep_info(file, **span, input.path);
        if (!audit) {
            out.diagnostics.push_back(lang::warning(kName, audit.error().message, input.path));
            return {};
        }
        if (audit->packages.size() > input.max_packages) {
            return fail(too_many_packages(input.max_packages, input.path));
        }
        std::vector<sbom::Package> pkgs;
        for (const auto& p : audit->packages) {
            if (p.build) continue;
            pkgs.push_back(lang::make_package("cargo", "", p.name, p.version, input.path));
        }
        out.package_dbs.push_back(PackageDb{std::string(kName), input.path, std::move(pkgs)});
        return {};
    }

  private:
    // The section's bytes (compressed size capped), inflated (capped), parsed.
    static Result<lang::CargoAudit> read_dep_info(const RandomAccessFile& file,
                                                  const lang::SectionSpan& span,
                                                  const std::string& path) {
        if (span.size > lang::kMaxDepInfoBytes) {
            return fail(ErrorCode::LimitExceeded,
                        ".dep-v0 section larger than " +
                            std::to_string(lang::kMaxDepInfoBytes >> 20U) + " MiB: not read",
                        path);
        }
        auto bytes = file.read_at(span.offset, static_cast<std::size_t>(span.size));
        if (!bytes) return fail(bytes.error());
        auto json = lang::inflate_zlib(*bytes, lang::kMaxDepInfoBytes, path);
        if (!json) {
            Error e = json.error();
            e.message = ".dep-v0 " + e.message;
            return fail(std::move(e));
        }
        auto audit = lang::parse_cargo_audit(*json, path);
        if (!audit) {
            Error e = audit.error();
            e.message = ".dep-v0 JSON: " + e.message;
            return fail(std::move(e));
        }
        return audit;
    }
};

}  // namespace

std::unique_ptr<Analyzer> make_rust_binary() {
    return std::make_unique<RustBinary>();
}

}  // namespace berth::analyze
