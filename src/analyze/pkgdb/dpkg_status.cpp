// SPDX-License-Identifier: Apache-2.0
// pkgdb/dpkg: the Debian package database (after Trivy pkg/fanal/analyzer/pkg/dpkg/dpkg.go and
// scalibr extractor/filesystem/os/dpkg; behaviour checked against dpkg-query 1.21).
//
// Files read:
//   var/lib/dpkg/status          every package dpkg knows, one paragraph each
//   var/lib/dpkg/status.d/NAME   distroless images: one file per package, no Status field
//                                (NAME.md5sums beside it is not read)
//   var/lib/dpkg/info/NAME.list  the files package NAME ("bash", "libc6:amd64") installed
//
// Format: deb822 (deb822(5), Debian Policy §5.1), as dpkg's lib/dpkg/parse.c reads it.
// Paragraphs are separated by blank lines (lines of only spaces/tabs count as blank); a field is
// `Name: value` (names compared without regard to case); a line starting with a space or tab
// continues the previous field. CRLF line ends, runs of blank lines and a missing final newline
// are accepted. Fields read (everything else is skipped):
//   Package  Version  Architecture  Source  Maintainer  Installed-Size (KiB)  Status
//
// Example:
//   Package: libgcc1                        →  sbom::Package{type "deb", name "libgcc1",
//   Status: install ok installed                 version "1:5.1.1-12ubuntu1", epoch "1",
//   Installed-Size: 131                          upstream_version "5.1.1", release "12ubuntu1",
//   Maintainer: Ubuntu Core developers <…>       arch "amd64", source_name "gcc-5",
//   Architecture: amd64                          source_version "5.1.1-12ubuntu1",
//   Source: gcc-5 (5.1.1-12ubuntu1)              maintainer "Ubuntu Core developers <…>",
//   Version: 1:5.1.1-12ubuntu1                   installed_size 134144,
//   Description: GCC support library             location.path "var/lib/dpkg/status"}
//    Shared version of the support library…
//
// Versions are split as dpkg's parseversion() does (Policy §5.6.12): the epoch is what precedes
// the first ':', the revision what follows the last '-'. `version` is printed as dpkg-query
// prints it: the epoch as a plain number and only when not 0 ("01:2" → "1:2", "0:1.0" → "1.0");
// `epoch` keeps a stated "0". Source is `name` or `name (version)` (Policy §5.6.1); without it the
// source is the package itself, and without a version in it the source version is the package
// version (dpkg-query ${source:Package} / ${source:Version}). Package names are lower-cased, as
// dpkg does.
//
// Which packages are listed. Status is "want flag state" (dpkg(1), "PACKAGE STATES"). A package
// is listed when its state (the third word) is `installed` — osv-scalibr's rule — or
// `triggers-awaited` / `triggers-pending`: packages already configured whose triggers have not run
// yet, all their files in place (no oracle has one; scalibr would drop them). The want and flag
// words do not matter: "deinstall ok installed" and "purge ok installed" are still fully on disk.
// On every oracle this yields exactly the dpkg-query rows in state `installed` (Trivy's Ubuntu
// status: 90 of 91, the one left out is "deinstall ok config-files"; dpkg-query -W itself lists
// every package not in state not-installed). Trivy instead drops a package whose want is
// deinstall/purge and keeps unpacked/half-installed ones; scalibr's statusfield case shows the
// difference. `not-installed` and `config-files` (only conffiles left) are skipped silently;
// `half-installed`, `unpacked` and `half-configured` (files may be on disk, not configured) are
// skipped with an Info diagnostic. A paragraph of var/lib/dpkg/status without a Status field is not
// installed (dpkg reads it so, and scalibr warns); files under status.d/ have none and are
// installed (one that has a Status is judged by it, as scalibr does).
//
// Defects never fail the file: a line that is not a field, a paragraph without Package or
// Version, a bad name, version, Status or Installed-Size each become one diagnostic (`where` =
// "PATH:LINE"), the paragraph is skipped when it cannot name an installed package, and the rest
// of the file is kept. Garbage and empty files therefore yield an empty PackageDb and
// diagnostics; only a read error is returned as an error. One PackageDb per status file (empty
// ones too: the merge must see that a layer replaced the database).
//
// info/NAME.list: one absolute path per line ("/.", "/bin", "/bin/bash"); turned into
// normalized relative paths ("bin", "bin/bash"); "/." and empty lines are skipped, and so are
// lines with a ".." component (reported once).
#include <algorithm>
#include <array>
#include <charconv>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyze/plugins.hpp"
#include "core/deb_version.hpp"
#include "core/text.hpp"

namespace berth::analyze {
namespace {

constexpr std::string_view kName = "pkgdb/dpkg";
constexpr std::string_view kStatusPath = "var/lib/dpkg/status";
constexpr std::string_view kStatusDir = "var/lib/dpkg/status.d/";
constexpr std::string_view kInfoDir = "var/lib/dpkg/info/";
constexpr std::string_view kListSuffix = ".list";
constexpr std::string_view kMd5sumsSuffix = ".md5sums";
constexpr std::size_t kMaxDiagnostics = 50;  // per file; then one summary line

bool is_blank_char(char c) {
    return c == ' ' || c == '\t';
}
bool is_space_char(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_alnum(char c) {
    return is_digit(c) || is_alpha(c);
}
// is_space_char's set (no \v, \f: deb822 field values keep them, as dpkg's parser does).
std::string_view trim(std::string_view s) {
    return text::trim(s, " \t\n\r");
}

// Quotes at most 40 bytes of untrusted text for a message; bytes outside printable ASCII become
// '?' so garbage input cannot garble a terminal or a report.
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

// Collects the diagnostics of one file, capped at kMaxDiagnostics plus a summary.
class Notes {
  public:
    explicit Notes(std::string_view path) : path_(path) {}

    void warn(std::size_t line, std::string message) {
        add(Diagnostic::Severity::Warning, line, std::move(message));
    }
    void info(std::size_t line, std::string message) {
        add(Diagnostic::Severity::Info, line, std::move(message));
    }

    void move_into(Diagnostics& out) {
        for (auto& d : list_) out.push_back(std::move(d));
        if (dropped_ > 0) {
            out.push_back(
                {Diagnostic::Severity::Warning,
                 std::string(kName) + ": " + std::to_string(dropped_) + " more problems not listed",
                 std::string(path_)});
        }
        list_.clear();
        dropped_ = 0;
    }

  private:
    void add(Diagnostic::Severity severity, std::size_t line, std::string message) {
        if (list_.size() >= kMaxDiagnostics) {
            ++dropped_;
            return;
        }
        std::string where(path_);
        if (line > 0) where += ":" + std::to_string(line);
        list_.push_back(
            {severity, std::string(kName) + ": " + std::move(message), std::move(where)});
    }

    std::string_view path_;
    Diagnostics list_;
    std::size_t dropped_ = 0;
};

// A version split as dpkg's parseversion() (lib/dpkg/parsehelp.c) splits it.
struct DebVersion {
    std::string epoch;  ///< decimal, no leading zeros; "" when none was stated
    std::string_view upstream;
    std::string_view revision;  ///< "" when there is no '-'
    std::string printed;        ///< as dpkg-query prints it: "[epoch:]upstream[-revision]"
    std::string error;          ///< not a version at all (dpkg refuses it)
    std::string warning;        ///< dpkg's "bad syntax" warnings: still usable
};

// "1:2.36-9+deb12u4" → {epoch "1", upstream "2.36", revision "9+deb12u4"} (core/deb_version).
DebVersion parse_version(std::string_view text) {
    DebVersion v;
    const deb::VersionParts p = deb::split_version(text);
    if (!p.error.empty()) {
        v.error = p.error;
        return v;
    }
    v.upstream = p.upstream;
    v.revision = p.revision;
    v.warning = p.warning;
    unsigned long epoch = 0;  // split_version checked it: digits, at most INT_MAX
    if (!p.epoch.empty()) {
        std::from_chars(p.epoch.data(), p.epoch.data() + p.epoch.size(), epoch);
        v.epoch = std::to_string(epoch);
    }
    if (epoch != 0) v.printed = v.epoch + ":";
    v.printed += v.upstream;
    if (!v.revision.empty()) {
        v.printed += '-';
        v.printed += v.revision;
    }
    return v;
}

// dpkg's pkg_name_is_illegal(): an alphanumeric, then alphanumerics and "-+._". Empty when legal;
// otherwise what is wrong, to follow "package name " or "source name ".
std::string_view name_problem(std::string_view name) {
    if (name.empty()) return "is empty";
    if (!is_alnum(name.front())) return "does not start with a letter or digit";
    for (char c : name) {
        if (!is_alnum(c) && std::string_view("-+._").find(c) == std::string_view::npos) {
            return "has a character other than letters, digits and \"-+._\"";
        }
    }
    return {};
}

// deb822(5): a field name is printable US-ASCII without ':' and starts with neither '#' nor '-'.
bool is_field_name(std::string_view name) {
    if (name.empty() || name.front() == '#' || name.front() == '-') return false;
    return std::all_of(name.begin(), name.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

enum class State { Listed, NotConfigured, Absent, Malformed };

// Third word of "want flag state" (dpkg(1) PACKAGE STATES); see the file comment for the choice.
State judge_status(std::string_view status) {
    std::array<std::string_view, 3> words;
    std::size_t n = 0;
    std::size_t i = 0;
    while (i < status.size()) {
        while (i < status.size() && is_space_char(status[i])) ++i;
        const std::size_t start = i;
        while (i < status.size() && !is_space_char(status[i])) ++i;
        if (i == start) break;
        if (n == words.size()) return State::Malformed;
        words[n++] = status.substr(start, i - start);
    }
    if (n != words.size()) return State::Malformed;
    const std::string_view state = words[2];
    if (state == "installed" || state == "triggers-pending" || state == "triggers-awaited") {
        return State::Listed;
    }
    if (state == "half-installed" || state == "unpacked" || state == "half-configured") {
        return State::NotConfigured;
    }
    if (state == "not-installed" || state == "config-files") return State::Absent;
    return State::Malformed;
}

// The fields read (indexes into kKeyNames); everything else is skipped.
constexpr std::size_t kPackage = 0;
constexpr std::size_t kVersion = 1;
constexpr std::size_t kArchitecture = 2;
constexpr std::size_t kSource = 3;
constexpr std::size_t kMaintainer = 4;
constexpr std::size_t kInstalledSize = 5;
constexpr std::size_t kStatus = 6;
constexpr std::size_t kKeyCount = 7;
constexpr std::array<std::string_view, kKeyCount> kKeyNames = {
    "Package", "Version", "Architecture", "Source", "Maintainer", "Installed-Size", "Status"};

// Parses one status (or status.d) file line by line into packages.
class StatusParser {
  public:
    StatusParser(std::string_view path, bool status_d, Notes& notes, std::size_t max_packages)
        : path_(path), status_d_(status_d), notes_(notes), max_packages_(max_packages) {}

    void line(std::size_t number, std::string_view text) {
        if (std::all_of(text.begin(), text.end(), is_blank_char)) {
            flush();
            return;
        }
        if (is_blank_char(text.front())) {
            if (current_ == kNone) {
                notes_.warn(number, "continuation line outside a field: " + preview(trim(text)) +
                                        "; skipped");
            } else if (current_ != kUnknown) {
                Slot& s = slots_[current_];
                s.value += '\n';
                s.value += trim(text);
            }
            return;
        }
        const auto colon = text.find(':');
        const std::string_view field =
            colon == std::string_view::npos ? text : text.substr(0, colon);
        if (colon == std::string_view::npos || !is_field_name(field)) {
            notes_.warn(number, "not a \"Field: value\" line: " + preview(text) + "; skipped");
            current_ = kNone;
            return;
        }
        std::size_t key = kUnknown;
        for (std::size_t k = 0; k < kKeyCount; ++k) {
            if (text::iequals(field, kKeyNames[k])) key = k;
        }
        if (key == kPackage && slots_[kPackage].set) {
            // A second name in one paragraph: the blank line before it is missing.
            notes_.warn(number, "second Package field in the paragraph that starts at line " +
                                    std::to_string(first_line_) +
                                    " (missing blank line?); new paragraph");
            flush();
        }
        if (!open_) {
            open_ = true;
            first_line_ = number;
        }
        if (key == kUnknown) {
            current_ = kUnknown;
            return;
        }
        Slot& s = slots_[key];
        if (s.set) {
            notes_.warn(number, "duplicate " + std::string(kKeyNames[key]) +
                                    " field; the first one is kept");
            current_ = kUnknown;
            return;
        }
        s.set = true;
        s.line = number;
        s.value.assign(trim(text.substr(colon + 1)));
        current_ = key;
    }

    /// Ends the last paragraph.
    void finish() { flush(); }

    std::vector<sbom::Package>& packages() { return packages_; }
    /// True once a package past max_packages was found: the caller stops reading.
    [[nodiscard]] bool too_many() const { return too_many_; }

  private:
    static constexpr std::size_t kNone = SIZE_MAX;         // no field to continue
    static constexpr std::size_t kUnknown = SIZE_MAX - 1;  // continuing a field not read

    struct Slot {
        bool set = false;
        std::size_t line = 0;
        std::string value;
    };

    void flush() {
        if (open_) build();
        open_ = false;
        current_ = kNone;
        for (auto& s : slots_) {
            s.set = false;
            s.value.clear();
        }
    }

    void build() {
        const std::size_t at = first_line_;
        if (!slots_[kPackage].set) {
            notes_.warn(at, "paragraph has no Package field; skipped");
            return;
        }
        std::string name = slots_[kPackage].value;
        if (auto problem = name_problem(name); !problem.empty()) {
            notes_.warn(slots_[kPackage].line,
                        "package name " + preview(name) + " " + std::string(problem) + "; skipped");
            return;
        }
        name = text::lower(name);

        if (slots_[kStatus].set) {
            switch (judge_status(slots_[kStatus].value)) {
                case State::Listed:
                    break;
                case State::Absent:
                    return;
                case State::NotConfigured:
                    notes_.info(slots_[kStatus].line, "package \"" + name + "\" is " +
                                                          preview(trim(slots_[kStatus].value)) +
                                                          " (not configured); not listed");
                    return;
                case State::Malformed:
                    notes_.warn(slots_[kStatus].line,
                                "package \"" + name + "\" has a malformed Status " +
                                    preview(slots_[kStatus].value) + "; skipped");
                    return;
            }
        } else if (!status_d_) {
            notes_.warn(at,
                        "package \"" + name + "\" has no Status field (not installed); skipped");
            return;
        }

        if (!slots_[kVersion].set || slots_[kVersion].value.empty()) {
            notes_.warn(at, "package \"" + name + "\" has no Version; skipped");
            return;
        }
        const DebVersion v = parse_version(slots_[kVersion].value);
        if (!v.error.empty()) {
            notes_.warn(slots_[kVersion].line, "package \"" + name + "\" has a bad Version " +
                                                   preview(slots_[kVersion].value) + ": " +
                                                   v.error + "; skipped");
            return;
        }
        if (!v.warning.empty()) {
            notes_.info(slots_[kVersion].line, "package \"" + name + "\" Version " +
                                                   preview(slots_[kVersion].value) + ": " +
                                                   v.warning);
        }

        sbom::Package p;
        p.type = "deb";
        p.name = std::move(name);
        p.version = v.printed;
        p.epoch = v.epoch;
        p.upstream_version = v.upstream;
        p.release = v.revision;
        p.arch = slots_[kArchitecture].value;
        p.maintainer = slots_[kMaintainer].value;
        p.location.path = path_;
        set_source(p);
        set_installed_size(p);
        add(std::move(p));
    }

    // Source: "name" or "name (version)". dpkg cuts the name at the first space; we also cut at
    // '(' so that "gcc(1.0)" still names "gcc".
    void set_source(sbom::Package& p) {
        p.source_name = p.name;
        p.source_version = p.version;
        if (!slots_[kSource].set) return;
        const std::string_view s = trim(slots_[kSource].value);
        const std::size_t line = slots_[kSource].line;
        if (s.empty()) return;
        const auto name_end = std::min(s.find_first_of(" \t\n("), s.size());
        const std::string_view name = s.substr(0, name_end);
        if (auto problem = name_problem(name); !problem.empty()) {
            notes_.warn(line, "package \"" + p.name + "\" Source " + preview(s) + ": source name " +
                                  std::string(problem) + "; the package name is used");
        } else {
            p.source_name = name;
        }
        const auto open = s.find('(', name_end);
        if (open == std::string_view::npos) {
            if (!trim(s.substr(name_end)).empty()) {
                notes_.warn(line, "package \"" + p.name + "\" Source " + preview(s) +
                                      ": text after the name is not \"(version)\"");
            }
            return;
        }
        std::string_view inner = s.substr(open + 1);
        const auto close = inner.find(')');
        if (close == std::string_view::npos) {
            notes_.warn(line, "package \"" + p.name + "\" Source " + preview(s) + ": no ')'");
        }
        inner = inner.substr(0, close);
        const DebVersion v = parse_version(inner);
        if (!v.error.empty()) {
            notes_.warn(line, "package \"" + p.name + "\" Source version " + preview(inner) + ": " +
                                  v.error + "; the package version is used");
            return;
        }
        if (!v.warning.empty()) {
            notes_.info(line, "package \"" + p.name + "\" Source version " + preview(inner) + ": " +
                                  v.warning);
        }
        p.source_version = v.printed;
    }

    // Installed-Size is in KiB (deb-control(5)); stored in bytes.
    void set_installed_size(sbom::Package& p) {
        if (!slots_[kInstalledSize].set) return;
        const std::string& s = slots_[kInstalledSize].value;
        std::uint64_t kib = 0;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), kib);
        if (ec != std::errc() || end != s.data() + s.size() || kib > UINT64_MAX / 1024U) {
            notes_.warn(
                slots_[kInstalledSize].line,
                "package \"" + p.name + "\" Installed-Size is not a number of KiB: " + preview(s));
            return;
        }
        p.installed_size = kib * 1024U;
    }

    // dpkg keeps one record per name and architecture; a repeated one replaces the earlier.
    void add(sbom::Package p) {
        std::string key = p.name;
        key += '\x1f';
        key += p.arch;
        auto [it, fresh] = seen_.try_emplace(std::move(key), packages_.size(), first_line_);
        if (fresh) {
            if (packages_.size() >= max_packages_) {
                too_many_ = true;
                return;
            }
            packages_.push_back(std::move(p));
            return;
        }
        notes_.warn(first_line_, "package \"" + p.name + "\" (" + preview(p.arch) +
                                     ") is listed again (first at line " +
                                     std::to_string(it->second.second) +
                                     "); the later entry is kept");
        packages_[it->second.first] = std::move(p);
        it->second.second = first_line_;
    }

    std::string_view path_;
    bool status_d_;
    Notes& notes_;
    std::size_t max_packages_;
    bool too_many_ = false;
    std::array<Slot, kKeyCount> slots_{};
    bool open_ = false;
    std::size_t first_line_ = 0;
    std::size_t current_ = kNone;
    std::vector<sbom::Package> packages_;
    std::map<std::string, std::pair<std::size_t, std::size_t>>
        seen_;  // name\x1farch → (index, line)
};

// Calls f(number, line) for each line of `text`: '\n' ends a line, a trailing '\r' is dropped,
// a final line without '\n' still counts, and a UTF-8 byte order mark is skipped.
template <class F>
void for_each_line(std::string_view text, F&& f) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::size_t number = 0;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        f(++number, line);
    }
}

// "/usr/./bin//bash" → "usr/bin/bash"; "/." → ""; false when a ".." component makes it unsafe.
bool normalize_list_path(std::string_view line, std::string& out) {
    out.clear();
    while (!line.empty()) {
        const auto slash = line.find('/');
        const std::string_view part = line.substr(0, slash);
        line.remove_prefix(slash == std::string_view::npos ? line.size() : slash + 1);
        if (part.empty() || part == ".") continue;
        if (part == "..") return false;
        if (!out.empty()) out += '/';
        out += part;
    }
    return true;
}

bool is_status_d_file(std::string_view path) {
    if (!path.starts_with(kStatusDir)) return false;
    const std::string_view name = path.substr(kStatusDir.size());
    return !name.empty() && name.find('/') == std::string_view::npos &&
           !name.ends_with(kMd5sumsSuffix);
}

bool is_list_file(std::string_view path) {
    if (!path.starts_with(kInfoDir)) return false;
    const std::string_view name = path.substr(kInfoDir.size());
    return name.size() > kListSuffix.size() && name.find('/') == std::string_view::npos &&
           name.ends_with(kListSuffix);
}

class DpkgStatus final : public Analyzer {
  public:
    [[nodiscard]] std::string_view name() const override { return kName; }
    // 2: the package cap (--max-packages; issue 11). 3: the owned-file path budget.
    [[nodiscard]] int version() const override { return 3; }

    [[nodiscard]] bool required(std::string_view path, const FileInfo& info) const override {
        if (info.type != image::EntryType::File) return false;
        return path == kStatusPath || is_status_d_file(path) || is_list_file(path);
    }

    Status analyze(const AnalysisInput& input, LayerAnalysis& out) const override {
        const bool status = input.path == kStatusPath;
        const bool status_d = is_status_d_file(input.path);
        const bool list = is_list_file(input.path);
        if (!status && !status_d && !list) {
            return fail(ErrorCode::InvalidArgument, "not a dpkg database file", input.path);
        }
        auto bytes = read_all(input.content, input.max_file_read, input.path);
        if (!bytes) return fail(with_where(bytes.error(), input.path));
        Notes notes(input.path);
        if (list) {
            read_list(input.path, *bytes, notes, out);
        } else {
            StatusParser parser(input.path, status_d, notes, input.max_packages);
            for_each_line(*bytes, [&parser](std::size_t n, std::string_view l) {
                if (!parser.too_many()) parser.line(n, l);
            });
            parser.finish();
            if (parser.too_many()) return fail(too_many_packages(input.max_packages, input.path));
            out.package_dbs.push_back(
                PackageDb{std::string(kName), input.path, std::move(parser.packages())});
        }
        notes.move_into(out.diagnostics);
        return {};
    }

  private:
    static void read_list(const std::string& path, std::string_view text, Notes& notes,
                          LayerAnalysis& out) {
        OwnedFiles owned;
        owned.analyzer = kName;
        owned.path = path;
        std::string_view stem = std::string_view(path).substr(kInfoDir.size());
        stem.remove_suffix(kListSuffix.size());
        owned.package = stem;
        std::string file;
        std::size_t unsafe = 0;
        std::size_t first_unsafe = 0;
        std::size_t cut = 0;
        for_each_line(text, [&](std::size_t number, std::string_view line) {
            if (!normalize_list_path(line, file)) {
                if (unsafe++ == 0) first_unsafe = number;
                return;
            }
            if (file.empty()) return;
            if (!out.keep_file_path(file.size())) {
                ++cut;
                return;
            }
            owned.files.push_back(file);
        });
        if (unsafe > 0) {
            notes.warn(first_unsafe,
                       std::to_string(unsafe) + " line(s) with a \"..\" component; skipped");
        }
        if (cut > 0) note_file_lists_cut(*out.file_lists, path, out.diagnostics);
        out.owned_files.push_back(std::move(owned));
    }
};

}  // namespace

std::unique_ptr<Analyzer> make_dpkg_status() {
    return std::make_unique<DpkgStatus>();
}

}  // namespace berth::analyze
