// SPDX-License-Identifier: Apache-2.0
// Go build information, as the Go toolchain embeds it in every module-aware binary (Go's
// debug/buildinfo and runtime/debug.BuildInfo; the same data `go version -m BINARY` prints).
//
// The `.go.buildinfo` blob starts with a 32-byte header:
//   "\xff Go buildinf:" (14 bytes), pointer size (1), flags (1: bit 0 big-endian, bit 1 inline)
// Go >= 1.18 writes the strings inline after the header: a uvarint length and the bytes of the
// toolchain version ("go1.22.1"), then of the module info, which is wrapped in two 16-byte
// sentinels and reads, one record per line, tab-separated:
//   path  github.com/acme/tool
//   mod   github.com/acme/tool  v1.2.3  h1:…
//   dep   golang.org/x/text     v0.14.0 h1:…
//   =>    ../text               (devel)            (replaces the dep or mod line before it)
//   build -ldflags="-X main.version=v1.2.3"
// Older binaries hold pointers to the strings instead (virtual addresses): that format needs the
// binary's segment table and is reported as not read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::analyze::lang {

inline constexpr std::string_view kGoBuildInfoMagic = "\xff Go buildinf:";

struct GoModule {
    std::string path;
    std::string version;  ///< as recorded: "v1.2.3", a pseudo-version, "(devel)" or ""
};

struct GoBuildInfo {
    std::string go_version;  ///< "go1.22.1 X:loopvar"
    std::string path;        ///< the main package's import path
    std::optional<GoModule> main;
    std::vector<GoModule> deps;                                 ///< replacements applied
    std::vector<std::pair<std::string, std::string>> settings;  ///< build KEY=VALUE lines
};

enum class GoBuildInfoFormat { Inline, Pointers, Invalid };

/// What kind of header starts `blob` (which starts with kGoBuildInfoMagic).
GoBuildInfoFormat go_buildinfo_format(std::string_view blob);

/// Parses an inline-format blob (header included). nullopt when it is cut off or malformed.
std::optional<GoBuildInfo> parse_go_buildinfo(std::string_view blob);

/// Parses the module-info text (sentinels already removed).
GoBuildInfo parse_go_modinfo(std::string_view modinfo);

/// The standard library's version as a module version: "go1.22.1 X:loopvar" → "v1.22.1",
/// "go1.26.0-X:nodwarf5" → "v1.26.0", "go1.26.5 (Red Hat …)" → "v1.26.5"; "" when not go1….
std::string go_stdlib_version(std::string_view go_version);

/// A version set at link time with -X on a variable named *.version or *.ver (any case), as
/// Trivy reads it from the -ldflags build setting; "" when none.
std::string go_ldflags_version(std::string_view module_path, std::string_view ldflags);

/// The main module's version: its own unless empty, "(devel)" or a pseudo-version, in which case
/// the -ldflags version wins when there is one.
std::string go_main_version(std::string_view recorded, std::string_view ldflags_version);

}  // namespace berth::analyze::lang
