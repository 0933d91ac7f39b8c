// SPDX-License-Identifier: Apache-2.0
// cargo-auditable dependency data (rust-secure-code/cargo-auditable, format "v0"): the crates a
// Rust program was built from, embedded by `cargo auditable build` in a section named ".dep-v0"
// (ELF, PE and Mach-O alike) as zlib-compressed JSON:
//   {"packages":[
//     {"name":"crate_with_features","version":"0.1.0","source":"local","dependencies":[1],
//      "root":true},
//     {"name":"library_crate","version":"0.1.0","source":"local"},
//     {"name":"cc","version":"1.0.83","source":"crates.io","kind":"build"}]}
// `kind` is "runtime" (the default) or "build" (build scripts and proc-macros: not in the
// program); `dependencies` are indices into `packages`; exactly one package is the `root`.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace berth::analyze::lang {

/// Largest inflated .dep-v0 accepted (8 MiB; real ones are a few KB even for 800 crates).
inline constexpr std::size_t kMaxDepInfoBytes = std::size_t{8} << 20U;

struct CargoPackage {
    std::string name;
    std::string version;
    std::string source;  ///< "crates.io", "local", "git", "registry", … as written
    bool build = false;  ///< kind "build": compiled for the build only
    bool root = false;
    std::vector<std::size_t> dependencies;  ///< indices into CargoAudit::packages (checked)
};

struct CargoAudit {
    std::vector<CargoPackage> packages;
};

/// Inflates a zlib stream (RFC 1950) with zlib, refusing more than `max_out` bytes of output.
/// Errors (at `where`): LimitExceeded past the cap ("inflates past 8 MiB"), Truncated when the
/// stream ends early, Format for corrupt data.
Result<std::string> inflate_zlib(std::string_view compressed, std::size_t max_out,
                                 const std::string& where);

/// Parses the inflated JSON. Errors (Format, with the JSON path, at `where`): not JSON, no
/// `packages` array, a package without name or version, a dependency index out of range.
Result<CargoAudit> parse_cargo_audit(std::string_view json, const std::string& where);

}  // namespace berth::analyze::lang
