// SPDX-License-Identifier: Apache-2.0
// files/world_writable: regular files anyone may write, and directories anyone may write without
// the sticky bit (anyone may then delete or replace what others put there). After dockle's and
// docker-bench's permission checks; `find / -xdev -perm -0002 ! -perm -1000` on a container.
// Decided from the tar header alone; no byte of the file is read. Symlinks (always 0777),
// devices and FIFOs are left alone. Directories are offered because wants_directories() is true.
//
//   -rw-rw-rw- root:root 12 etc/app.conf   → kind "file", detail "world-writable file (mode 0666)"
//   drwxrwxrwx root:root    srv/upload     → kind "dir",  detail "world-writable directory without
//                                                                 the sticky bit (mode 0777)"
//   drwxrwxrwt root:root    tmp            → nothing (sticky)
#include <cstdint>
#include <string>
#include <string_view>

#include "analyze/files/file_mode.hpp"
#include "analyze/plugins.hpp"

namespace berth::analyze {
namespace {

constexpr std::string_view kName = "files/world_writable";
constexpr std::uint32_t kOtherWrite = 0002;
constexpr std::uint32_t kSticky = 01000;

class WorldWritable final : public Analyzer {
  public:
    [[nodiscard]] std::string_view name() const override { return kName; }
    [[nodiscard]] int version() const override { return 1; }
    [[nodiscard]] bool wants_directories() const override { return true; }
    [[nodiscard]] bool required(std::string_view /*path*/, const FileInfo& info) const override {
        if ((info.mode & kOtherWrite) == 0) return false;
        if (info.type == image::EntryType::File) return true;
        return info.type == image::EntryType::Directory && (info.mode & kSticky) == 0;
    }
    Status analyze(const AnalysisInput& input, LayerAnalysis& out) const override {
        const image::Entry& e = input.entry;
        const bool dir = e.type == image::EntryType::Directory;
        out.file_findings.push_back(
            header_finding(kName, dir ? "dir" : "file",
                           std::string(dir ? "world-writable directory without the sticky bit"
                                           : "world-writable file") +
                               " (mode " + octal_mode(e.mode & 07777U) + ")",
                           input));
        return {};
    }
};

}  // namespace

std::unique_ptr<Analyzer> make_world_writable() {
    return std::make_unique<WorldWritable>();
}

}  // namespace berth::analyze
