// SPDX-License-Identifier: Apache-2.0
// lang/gobinary: the Go modules compiled into an executable, from the build information the Go
// toolchain embeds (lang/go_buildinfo.hpp; after Trivy pkg/dependency/parser/golang/binary and
// syft's go-module-binary cataloger).
//
// Files read: regular files with an execute bit whose first bytes are an ELF, PE or Mach-O
// header. The file is streamed once (never spooled) and searched for the buildinfo magic; the
// blob after it is at most 1 MiB.
//
// Example: usr/local/bin/tool, built by go1.22.1 from github.com/acme/tool with
//   -ldflags="-X main.version=v1.2.3" and dep golang.org/x/text v0.14.0
//     → golang github.com/acme/tool v1.2.3 (the main module: its recorded version is "(devel)",
//       so the -ldflags version is used), golang stdlib v1.22.1, golang golang.org/x/text v0.14.0
//       → pkg:golang/github.com/acme/tool@v1.2.3, pkg:golang/stdlib@v1.22.1, …
//
// Go vulnerability data (the Go vulndb in OSV) names modules by path and the standard library
// "stdlib", so these match it. Binaries built before Go 1.18 keep pointers to their build
// information instead of the strings: they get a warning and no packages (not read).
#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "analyze/lang/executable.hpp"
#include "analyze/lang/go_buildinfo.hpp"
#include "analyze/lang/lang_util.hpp"
#include "analyze/plugins.hpp"

namespace berth::analyze {
namespace {

constexpr std::string_view kName = "lang/gobinary";
constexpr std::size_t kChunk = 256U << 10U;
constexpr std::size_t kMaxBlob = 1U << 20U;    // header + version + module info
constexpr std::uint64_t kMinSize = 1U << 10U;  // smaller files are not Go programs

// Reads until `buf` holds at least `want` bytes or the stream ends.
Status fill(ByteStream& in, std::string& buf, std::size_t want) {
    while (buf.size() < want) {
        const std::size_t old = buf.size();
        buf.resize(old + std::max<std::size_t>(want - old, 4096));
        auto n = in.read(buf.data() + old, buf.size() - old);
        if (!n) return fail(n.error());
        buf.resize(old + *n);
        if (*n == 0) break;
    }
    return {};
}

// The buildinfo blob (from its magic, at most kMaxBlob bytes), or "" when the file has none.
// Go aligns the blob to 16 bytes; an unaligned magic is skipped as Go's reader skips it. One
// uninitialised chunk buffer (a zero-filled std::string per chunk cost 3 % of a whole sbom).
Result<std::string> find_blob(ByteStream& in, std::string_view head) {
    const std::string_view magic = lang::kGoBuildInfoMagic;
    const std::size_t keep = magic.size() - 1;
    std::unique_ptr<char[]> buf(new char[kChunk + keep]);  // NOLINT(*-avoid-c-arrays)
    std::size_t used = std::min(head.size(), kChunk);
    std::memcpy(buf.get(), head.data(), used);
    std::uint64_t base = 0;
    for (;;) {
        for (std::size_t from = 0; from < used;) {
            // glibc's memmem: string_view::find looks for the first byte, and 0xff is common
            // in machine code.
            const void* hit = ::memmem(buf.get() + from, used - from, magic.data(), magic.size());
            if (hit == nullptr) break;
            const auto at = static_cast<std::size_t>(static_cast<const char*>(hit) - buf.get());
            if ((base + at) % 16 == 0) {
                std::string blob(buf.get() + at, used - at);
                if (auto st = fill(in, blob, kMaxBlob); !st) return fail(st.error());
                return blob;
            }
            from = at + 1;
        }
        const std::size_t tail = std::min(keep, used);
        std::memmove(buf.get(), buf.get() + used - tail, tail);
        base += used - tail;
        used = tail;
        auto n = in.read(buf.get() + used, kChunk);
        if (!n) return fail(n.error());
        if (*n == 0) return std::string();
        used += *n;
    }
}

std::pair<std::string, std::string> split_path(std::string_view module) {
    const auto slash = module.rfind('/');
    if (slash == std::string_view::npos) return {"", std::string(module)};
    return {std::string(module.substr(0, slash)), std::string(module.substr(slash + 1))};
}

sbom::Package go_package(std::string_view module, std::string_view version,
                         const std::string& path) {
    auto [ns, name] = split_path(module);
    return lang::make_package("golang", ns, name, version, path);
}

class GoBinary final : public Analyzer {
  public:
    [[nodiscard]] std::string_view name() const override { return kName; }
    [[nodiscard]] int version() const override { return 1; }

    [[nodiscard]] bool required(std::string_view /*path*/, const FileInfo& info) const override {
        return info.type == image::EntryType::File && (info.mode & 0111U) != 0 &&
               info.size >= kMinSize;
    }

    Status analyze(const AnalysisInput& input, LayerAnalysis& out) const override {
        std::string head;
        if (auto st = fill(input.content, head, 64); !st) return fail(st.error());
        if (lang::executable_format(head) == lang::ExecutableFormat::None) return {};
        auto blob = find_blob(input.content, head);
        if (!blob) return fail(blob.error());
        if (blob->empty()) return {};  // not a Go binary (or built without module support)
        switch (lang::go_buildinfo_format(*blob)) {
            case lang::GoBuildInfoFormat::Inline:
                break;
            case lang::GoBuildInfoFormat::Pointers:
                out.diagnostics.push_back(lang::warning(
                    kName, "built before Go 1.18 (build information as pointers): modules not read",
                    input.path));
                return {};
            case lang::GoBuildInfoFormat::Invalid:
                return {};
        }
        auto info = lang::parse_go_buildinfo(*blob);
        if (!info) {
            out.diagnostics.push_back(
                lang::warning(kName, "Go build information is cut off or malformed", input.path));
            return {};
        }
        if (info->deps.size() + 2 > input.max_packages) {
            return fail(too_many_packages(input.max_packages, input.path));
        }
        out.package_dbs.push_back(
            PackageDb{std::string(kName), input.path, packages(*info, input)});
        return {};
    }

  private:
    static std::vector<sbom::Package> packages(const lang::GoBuildInfo& info,
                                               const AnalysisInput& input) {
        std::vector<sbom::Package> pkgs;
        std::string ldflags;
        for (const auto& [k, v] : info.settings) {
            if (k == "-ldflags") ldflags = v;
        }
        if (info.main && !info.main->path.empty()) {
            const std::string ld = lang::go_ldflags_version(info.main->path, ldflags);
            pkgs.push_back(go_package(info.main->path,
                                      lang::go_main_version(info.main->version, ld), input.path));
        }
        if (auto v = lang::go_stdlib_version(info.go_version); !v.empty()) {
            pkgs.push_back(go_package("stdlib", v, input.path));
        }
        for (const auto& d : info.deps) {
            if (d.path.empty()) continue;
            pkgs.push_back(go_package(d.path, d.version == "(devel)" ? "" : d.version, input.path));
        }
        return pkgs;
    }
};

}  // namespace

std::unique_ptr<Analyzer> make_go_binary() {
    return std::make_unique<GoBinary>();
}

}  // namespace berth::analyze
