// SPDX-License-Identifier: Apache-2.0
// files/setuid: records regular files with the setuid or setgid bit (after Trivy's and
// kube-bench's setuid audits; CIS Docker 4.8 "Ensure setuid and setgid permissions are removed").
// Decided from the tar header alone: required() tests the mode, analyze() copies the header's
// mode, owner and size into a FileFinding and reads no byte of the file.
//
//   -rwsr-xr-x root:root 59704 usr/bin/passwd
//     → FileFinding{analyzer "files/setuid", kind "setuid", detail "setuid uid 0 (mode 4755)",
//                   mode 04755, uid 0, gid 0, size 59704, location.path "usr/bin/passwd"}
//   -rwxr-sr-x root:shadow usr/bin/chage → kind "setgid", detail "setgid gid 42 (mode 2755)"
//   both bits → two findings (one per kind), so each can be judged on its own.
// The merge drops a finding when a later layer deletes or rewrites the file (chmod u-s in a
// later RUN writes the file again without the bit).
#include <cstdint>
#include <string>
#include <string_view>

#include "analyze/files/file_mode.hpp"
#include "analyze/plugins.hpp"

namespace berth::analyze {
namespace {

constexpr std::string_view kName = "files/setuid";
constexpr std::uint32_t kSetuid = 04000;
constexpr std::uint32_t kSetgid = 02000;

class Setuid final : public Analyzer {
  public:
    [[nodiscard]] std::string_view name() const override { return kName; }
    [[nodiscard]] int version() const override { return 1; }
    [[nodiscard]] bool required(std::string_view /*path*/, const FileInfo& info) const override {
        return info.type == image::EntryType::File && (info.mode & (kSetuid | kSetgid)) != 0;
    }
    Status analyze(const AnalysisInput& input, LayerAnalysis& out) const override {
        const image::Entry& e = input.entry;
        const std::string mode = octal_mode(e.mode & 07777U);
        auto add = [&](std::string_view kind, std::string detail) {
            out.file_findings.push_back(
                header_finding(kName, std::string(kind), std::move(detail), input));
        };
        if ((e.mode & kSetuid) != 0)
            add("setuid", "setuid uid " + std::to_string(e.uid) + " (mode " + mode + ")");
        if ((e.mode & kSetgid) != 0)
            add("setgid", "setgid gid " + std::to_string(e.gid) + " (mode " + mode + ")");
        return {};
    }
};

}  // namespace

std::unique_ptr<Analyzer> make_setuid() {
    return std::make_unique<Setuid>();
}

}  // namespace berth::analyze
