// SPDX-License-Identifier: Apache-2.0
// pkgdb/apk: the Alpine package database, lib/apk/db/installed (after Trivy
// pkg/fanal/analyzer/pkg/apk/apk.go and scalibr extractor/filesystem/os/apk).
//
// Format (apk-tools v2 "installed" database, https://wiki.alpinelinux.org/wiki/Apk_spec): one
// record per package, records separated by a blank line, each line `X:value` where X is one
// letter. Upper-case letters are fields apk requires, lower-case ones optional. Read here:
//   P name   V version   A arch   o origin (source package)   L license   m maintainer
//   C checksum ("Q1" + base64 SHA-1 of the control segment)   I installed size in bytes
//   F directory, then R file in that directory (repeatable; "F:usr/bin" + "R:ls" = usr/bin/ls)
// Everything else (T U S t c D p r q i k a M Z s …) is skipped without comment: apk adds letters
// over time and none of them changes what is installed.
//
// Example:
//   C:Q1sNiqvCNs8BrdoXCGkrtdm01lvB4=       →  sbom::Package{type "apk", name "musl",
//   P:musl                                      version "1.2.4-r0", upstream_version "1.2.4",
//   V:1.2.4-r0                                  release "r0", arch "x86_64", source_name "musl",
//   A:x86_64                                    source_version "1.2.4-r0", license "MIT",
//   I:655360                                    checksum "Q1sNiq…", installed_size 655360,
//   L:MIT                                       files {"lib/ld-musl-x86_64.so.1"},
//   o:musl                                      location.path "lib/apk/db/installed"}
//   F:lib
//   R:ld-musl-x86_64.so.1
//
// The file is read as a stream, line by line; memory is one line plus the packages found.
// Defects never stop the parse: a malformed line, a record without P: or V:, a bad I: number
// each become one warning diagnostic (`where` = "lib/apk/db/installed:LINE") and the rest of
// the database is kept. Only a non-empty file with no `X:value` line at all is an error
// (Format): it is not an apk database. Diagnostics carry no layer index because layer results
// are cached by diffID and the same layer may sit at another index in another image.
#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyze/plugins.hpp"
#include "image/blob_store.hpp"

namespace berth::analyze {
namespace {

constexpr std::string_view kName = "pkgdb/apk";
constexpr std::string_view kDbPath = "lib/apk/db/installed";
constexpr std::size_t kMaxLine = 1U << 20U;  // longer lines are cut (and reported)
constexpr std::size_t kMaxDiagnostics = 50;  // per file; then one summary line

// Splits a byte stream into lines ("\n"-terminated, a trailing "\r" dropped).
class LineReader {
  public:
    explicit LineReader(ByteStream& in) : in_(in) {}

    /// Next line into `line`; false at end of stream. `cut` tells the line exceeded kMaxLine.
    Result<bool> next(std::string& line, bool& cut) {
        line.clear();
        cut = false;
        bool any = false;
        for (;;) {
            if (pos_ == end_) {
                if (eof_) break;
                auto n = in_.read(buf_.data(), buf_.size());
                if (!n) return fail(n.error());
                if (*n == 0) {
                    eof_ = true;
                    break;
                }
                pos_ = 0;
                end_ = *n;
            }
            any = true;
            const char* begin = buf_.data() + pos_;
            const char* stop = buf_.data() + end_;
            const char* nl = std::find(begin, stop, '\n');
            append(line, cut, std::string_view(begin, static_cast<std::size_t>(nl - begin)));
            pos_ = static_cast<std::size_t>(nl - buf_.data());
            if (nl != stop) {
                ++pos_;
                break;
            }
        }
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return any;
    }

  private:
    static void append(std::string& line, bool& cut, std::string_view part) {
        const std::size_t room = kMaxLine - std::min(kMaxLine, line.size());
        if (part.size() > room) {
            cut = true;
            part = part.substr(0, room);
        }
        line.append(part);
    }

    ByteStream& in_;
    std::array<char, std::size_t{64} * 1024> buf_{};
    std::size_t pos_ = 0;
    std::size_t end_ = 0;
    bool eof_ = false;
};

// "1.2.3-r0" → {"1.2.3", "r0"}; a version without a "-rN" suffix has no release.
std::pair<std::string, std::string> split_version(const std::string& v) {
    const auto dash = v.rfind("-r");
    if (dash == std::string::npos || dash == 0 || dash + 2 == v.size()) return {v, {}};
    const bool digits = std::all_of(v.begin() + static_cast<std::ptrdiff_t>(dash) + 2, v.end(),
                                    [](char c) { return c >= '0' && c <= '9'; });
    if (!digits) return {v, {}};
    return {v.substr(0, dash), v.substr(dash + 1)};
}

bool is_blank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t'; });
}

bool is_field_letter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// Parse state of one file.
class Parser {
  public:
    Parser(std::string path, std::size_t max_packages, const LayerAnalysis& out)
        : path_(std::move(path)), max_packages_(max_packages), out_(out) {}

    void line(std::size_t number, std::string_view text, bool cut) {
        if (is_blank(text)) {
            flush();
            return;
        }
        if (text.size() < 2 || text[1] != ':' || !is_field_letter(text[0])) {
            bad_lines_ = true;
            warn(number, "not an \"X:value\" line: \"" + preview(text) + "\"; skipped");
            return;
        }
        saw_field_ = true;
        if (cut) warn(number, "line longer than " + std::to_string(kMaxLine) + " bytes; cut");
        const char key = text[0];
        const std::string_view value = text.substr(2);
        if (key == 'P' && open_ && !pkg_.name.empty()) {
            // Two names in one record: a blank line is missing. Keep both packages.
            warn(number, "second P: in the record that starts at line " +
                             std::to_string(first_line_) + " (missing blank line?); new record");
            flush();
        }
        if (!open_) {
            open_ = true;
            first_line_ = number;
        }
        switch (key) {
            case 'P':
                pkg_.name = value;
                break;
            case 'V':
                pkg_.version = value;
                break;
            case 'A':
                pkg_.arch = value;
                break;
            case 'o':
                pkg_.source_name = value;
                break;
            case 'L':
                pkg_.license = value;
                break;
            case 'm':
                pkg_.maintainer = value;
                break;
            case 'C':
                pkg_.checksum = value;
                break;
            case 'I': {
                std::uint64_t n = 0;
                const auto [end, ec] =
                    std::from_chars(value.data(), value.data() + value.size(), n);
                if (ec != std::errc() || end != value.data() + value.size()) {
                    warn(number, "I: (installed size) is not a number: \"" + preview(value) + "\"");
                } else {
                    pkg_.installed_size = n;
                }
                break;
            }
            case 'F':
                dir_ = value;
                break;
            case 'R':
                if (value.empty()) {
                    warn(number, "R: without a file name; skipped");
                } else if (!out_.keep_file_path(dir_.size() + 1 + value.size())) {
                    ++files_cut_;
                } else if (auto path = image::normalize_member_path(
                               dir_.empty() ? std::string(value)
                                            : dir_ + "/" + std::string(value))) {
                    // Normalized like every other path berth compares (whiteouts, dpkg lists).
                    pkg_.files.push_back(std::move(*path));
                } else {
                    warn(number, "R: path leaves the image root; skipped");
                }
                break;
            default:
                break;
        }
    }

    /// Ends the last record; returns what was found.
    void finish() { flush(); }

    [[nodiscard]] bool saw_field() const { return saw_field_; }
    /// True once a record past max_packages was found: the caller stops reading.
    [[nodiscard]] bool too_many() const { return too_many_; }
    [[nodiscard]] bool bad_lines() const { return bad_lines_; }
    std::vector<sbom::Package>& packages() { return packages_; }
    Diagnostics& diagnostics() {
        if (files_cut_ > 0 && out_.file_lists != nullptr) {
            note_file_lists_cut(*out_.file_lists, path_, diagnostics_);
            files_cut_ = 0;
        }
        if (dropped_ > 0) {
            diagnostics_.push_back(
                {Diagnostic::Severity::Warning,
                 std::string(kName) + ": " + std::to_string(dropped_) + " more problems not listed",
                 path_});
            dropped_ = 0;
        }
        return diagnostics_;
    }

  private:
    static std::string preview(std::string_view s) {
        constexpr std::size_t kMax = 40;
        return s.size() <= kMax ? std::string(s) : std::string(s.substr(0, kMax)) + "…";
    }

    void warn(std::size_t line, std::string message) {
        if (diagnostics_.size() >= kMaxDiagnostics) {
            ++dropped_;
            return;
        }
        diagnostics_.push_back({Diagnostic::Severity::Warning,
                                std::string(kName) + ": " + std::move(message),
                                path_ + ":" + std::to_string(line)});
    }

    void flush() {
        if (!open_) return;
        open_ = false;
        dir_.clear();
        sbom::Package p = std::move(pkg_);
        pkg_ = sbom::Package{};
        if (p.name.empty()) {
            warn(first_line_, "record has no P: (package name); skipped");
            return;
        }
        if (p.version.empty()) {
            warn(first_line_, "package \"" + p.name + "\" has no V: (version); skipped");
            return;
        }
        p.type = "apk";
        auto [upstream, release] = split_version(p.version);
        p.upstream_version = std::move(upstream);
        p.release = std::move(release);
        if (p.source_name.empty()) p.source_name = p.name;
        p.source_version = p.version;
        std::sort(p.files.begin(), p.files.end());
        p.files.erase(std::unique(p.files.begin(), p.files.end()), p.files.end());
        if (packages_.size() >= max_packages_) {
            too_many_ = true;
            return;
        }
        p.location.path = path_;
        packages_.push_back(std::move(p));
    }

    std::string path_;
    std::size_t max_packages_;
    bool too_many_ = false;
    sbom::Package pkg_;
    std::string dir_;
    bool open_ = false;
    std::size_t first_line_ = 0;
    bool saw_field_ = false;
    bool bad_lines_ = false;
    std::vector<sbom::Package> packages_;
    Diagnostics diagnostics_;
    std::size_t dropped_ = 0;
    const LayerAnalysis& out_;  ///< its FileListBudget bounds the R: paths kept
    std::size_t files_cut_ = 0;
};

class ApkInstalled final : public Analyzer {
  public:
    [[nodiscard]] std::string_view name() const override { return kName; }
    // 2: the package cap (--max-packages; issue 11). 3: the owned-file path budget.
    [[nodiscard]] int version() const override { return 3; }

    [[nodiscard]] bool required(std::string_view path, const FileInfo& /*info*/) const override {
        return path == kDbPath;
    }

    Status analyze(const AnalysisInput& input, LayerAnalysis& out) const override {
        Parser parser(input.path, input.max_packages, out);
        LineReader reader(input.content);
        std::string line;
        bool cut = false;
        std::size_t number = 0;
        std::uint64_t bytes = 0;
        for (;;) {
            auto more = reader.next(line, cut);
            if (!more) return fail(with_where(more.error(), input.path));
            if (!*more) break;
            // Streamed, but what it keeps (file lists) grows with the input: cap it as a
            // whole-file read would be.
            bytes += line.size() + 1;
            if (bytes > input.max_file_read) {
                return fail(
                    ErrorCode::LimitExceeded,
                    "larger than the limit of " + std::to_string(input.max_file_read) + " bytes",
                    input.path);
            }
            parser.line(++number, line, cut);
            if (parser.too_many()) return fail(too_many_packages(input.max_packages, input.path));
        }
        parser.finish();
        if (parser.too_many()) return fail(too_many_packages(input.max_packages, input.path));
        if (!parser.saw_field() && parser.bad_lines()) {
            return fail(ErrorCode::Format, "not an apk installed database: no \"X:value\" line",
                        input.path);
        }
        auto& diags = parser.diagnostics();
        out.diagnostics.insert(out.diagnostics.end(), std::make_move_iterator(diags.begin()),
                               std::make_move_iterator(diags.end()));
        out.package_dbs.push_back(
            PackageDb{std::string(kName), input.path, std::move(parser.packages())});
        return {};
    }
};

}  // namespace

std::unique_ptr<Analyzer> make_apk_installed() {
    return std::make_unique<ApkInstalled>();
}

}  // namespace berth::analyze
