// SPDX-License-Identifier: Apache-2.0
// os/os-release: reads the files that name the operating system (after Trivy
// pkg/fanal/analyzer/os/{release,alpine,debian,redhatbase} and scalibr osrelease). Which file
// wins is decided later by choose_os(); see os_release.hpp for the precedence.
//
// Formats, each with an input → OsInfo example:
//   etc/os-release, usr/lib/os-release — os-release(5),
//     https://www.freedesktop.org/software/systemd/man/latest/os-release.html
//       ID=debian
//       VERSION_ID="12"
//       VERSION_CODENAME=bookworm
//       PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
//       → {id "debian", version_id "12", version_codename "bookworm",
//          pretty_name "Debian GNU/Linux 12 (bookworm)"}
//     VERSION_CODENAME missing: UBUNTU_CODENAME, and for Debian the word in VERSION's
//     parentheses (distroless: VERSION="Debian GNU/Linux 12 (bookworm)").
//   etc/lsb-release — the same syntax with DISTRIB_ID (lower-cased), DISTRIB_RELEASE,
//     DISTRIB_CODENAME, DISTRIB_DESCRIPTION.
//   etc/debian_version — "12.15" → {id "debian", version_id "12.15"}; "bookworm/sid" is kept
//     as is (choose_os() decides what it means)
//   etc/alpine-release — "3.19.1" → {id "alpine", version_id "3.19.1"}
//   etc/{redhat,centos,fedora,rocky,almalinux,oracle,system}-release — one line
//     "NAME release VERSION (CODENAME)": "Rocky Linux release 9.3 (Blue Onyx)"
//       → {id "rocky", version_id "9.3", version_codename "Blue Onyx",
//          id_like "rhel centos fedora"}
//   etc/SuSE-release — "SUSE Linux Enterprise Server 11 (x86_64)" + "VERSION = 11" +
//     "PATCHLEVEL = 4" → {id "sles", version_id "11.4", id_like "suse"}
//   etc/apk/repositories — apk-repositories(5), one repository URL per line:
//       https://dl-cdn.alpinelinux.org/alpine/v3.16/main
//       https://dl-cdn.alpinelinux.org/alpine/edge/community
//       @testing https://dl-cdn.alpinelinux.org/alpine/edge/testing
//       → {id "", version_id "edge"}: the newest branch an untagged line names (the path
//     segment after "alpine": "vX.Y" or "edge", which is newer than any). A tagged line
//     ("@testing …") only serves packages asked for as name@testing, so it is left out; Trivy's
//     analyzer/repo/apk reads the same file (its tests are this reader's cases) but counts
//     tagged lines too. The record never identifies an OS (empty id); choose_os() uses it to
//     set OsInfo::repository_release of an Alpine image.
// Every file read yields one OsRelease (possibly with an empty id) so that a later layer's
// copy always replaces an earlier one in the merge; defects are warning diagnostics
// ("os/os-release: …", where "PATH:LINE"). Only a read failure or a file over 64 KiB is an error.
#include "analyze/os/os_release.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyze/plugins.hpp"
#include "core/text.hpp"

namespace berth::analyze {
namespace {

constexpr std::string_view kName = "os/os-release";
constexpr std::uint64_t kMaxFile = std::uint64_t{64} * 1024;

constexpr std::string_view kEtcOsRelease = "etc/os-release";
constexpr std::string_view kUsrOsRelease = "usr/lib/os-release";
constexpr std::string_view kDebianVersion = "etc/debian_version";
constexpr std::string_view kAlpineRelease = "etc/alpine-release";
constexpr std::string_view kSuseRelease = "etc/SuSE-release";
constexpr std::string_view kLsbRelease = "etc/lsb-release";
constexpr std::string_view kApkRepositories = "etc/apk/repositories";

// Files in "NAME release VERSION (CODENAME)" form, with the id a vendor file implies.
struct RedHatFile {
    std::string_view path;
    std::string_view id;  // "" for files any vendor may ship
};
constexpr std::array<RedHatFile, 7> kRedHatFiles{{
    {"etc/rocky-release", "rocky"},
    {"etc/almalinux-release", "almalinux"},
    {"etc/oracle-release", "ol"},
    {"etc/centos-release", "centos"},
    {"etc/fedora-release", "fedora"},
    {"etc/redhat-release", ""},
    {"etc/system-release", ""},
}};

// Distribution-specific files in the order choose_os() tries them without os-release.
constexpr std::array<std::string_view, 11> kFallbackOrder{
    kAlpineRelease,       "etc/rocky-release",  "etc/almalinux-release", "etc/oracle-release",
    "etc/centos-release", "etc/fedora-release", "etc/redhat-release",    "etc/system-release",
    kSuseRelease,         kLsbRelease,          kDebianVersion,
};

// Release-file vendor names → os-release ID and ID_LIKE as that vendor's os-release states them.
struct Vendor {
    std::string_view prefix;
    std::string_view id;
    std::string_view id_like;
};
constexpr std::array<Vendor, 12> kVendors{{
    {"Red Hat Enterprise Linux CoreOS", "rhcos", "rhel fedora"},  // before the RHEL prefix
    {"Red Hat Enterprise Linux", "rhel", "fedora"},
    {"CentOS", "centos", "rhel fedora"},  // "CentOS Linux", "CentOS Stream", "CentOS"
    {"Rocky Linux", "rocky", "rhel centos fedora"},
    {"AlmaLinux", "almalinux", "rhel centos fedora"},
    {"Alma Linux", "almalinux", "rhel centos fedora"},
    {"Oracle Linux", "ol", "fedora"},
    {"Fedora", "fedora", ""},
    {"Amazon Linux", "amzn", "centos rhel fedora"},
    {"Scientific Linux", "scientific", "rhel centos fedora"},
    {"CloudLinux", "cloudlinux", "rhel fedora centos"},
    {"EuroLinux", "eurolinux", "rhel fedora centos"},
}};

constexpr std::array<std::pair<int, std::string_view>, 10> kDebianCodenames{{
    {6, "squeeze"},
    {7, "wheezy"},
    {8, "jessie"},
    {9, "stretch"},
    {10, "buster"},
    {11, "bullseye"},
    {12, "bookworm"},
    {13, "trixie"},
    {14, "forky"},
    {15, "duke"},
}};

using text::is_space;
using text::lower;
using text::trim;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// "12", "12.15", "3.19.1": digits separated by single dots.
bool is_numeric_release(std::string_view v) {
    if (v.empty() || !is_digit(v.front()) || !is_digit(v.back())) return false;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '.') {
            if (v[i + 1] == '.') return false;
        } else if (!is_digit(v[i])) {
            return false;
        }
    }
    return true;
}

std::string preview(std::string_view s) {
    constexpr std::size_t kMax = 40;
    return s.size() <= kMax ? std::string(s) : std::string(s.substr(0, kMax)) + "…";
}

// The first line that is not blank, trimmed.
std::string_view first_line(std::string_view text) {
    while (!text.empty()) {
        const auto nl = text.find('\n');
        const std::string_view line = trim(text.substr(0, nl));
        if (!line.empty()) return line;
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
    return {};
}

void warn(Diagnostics& d, std::string_view where, std::size_t line, std::string message) {
    d.push_back({Diagnostic::Severity::Warning, std::string(kName) + ": " + std::move(message),
                 std::string(where) + ":" + std::to_string(line)});
}

std::string get(const std::map<std::string, std::string>& vars, const char* key) {
    auto it = vars.find(key);
    return it == vars.end() ? std::string() : it->second;
}

// "Debian GNU/Linux 12 (bookworm)" → "bookworm".
std::string word_in_parentheses(std::string_view version) {
    const auto open = version.find('(');
    if (open == std::string_view::npos) return {};
    const auto close = version.find(')', open);
    std::string_view inner = trim(version.substr(
        open + 1, close == std::string_view::npos ? std::string_view::npos : close - open - 1));
    const auto space = inner.find(' ');
    return lower(inner.substr(0, space));
}

void read_os_release_file(std::string_view path, std::string_view content, Diagnostics& d,
                          sbom::OsInfo& info) {
    const auto vars = parse_env_file(content, path, kName, d);
    info.id = get(vars, "ID");
    info.version_id = get(vars, "VERSION_ID");
    info.version_codename = get(vars, "VERSION_CODENAME");
    if (info.version_codename.empty()) info.version_codename = get(vars, "UBUNTU_CODENAME");
    if (info.version_codename.empty() && lower(info.id) == "debian") {
        info.version_codename = word_in_parentheses(get(vars, "VERSION"));
    }
    info.pretty_name = get(vars, "PRETTY_NAME");
    if (info.pretty_name.empty()) info.pretty_name = get(vars, "NAME");
    info.id_like = get(vars, "ID_LIKE");
}

void read_lsb_release(std::string_view path, std::string_view content, Diagnostics& d,
                      sbom::OsInfo& info) {
    const auto vars = parse_env_file(content, path, kName, d);
    info.id = lower(get(vars, "DISTRIB_ID"));
    info.version_id = get(vars, "DISTRIB_RELEASE");
    info.version_codename = get(vars, "DISTRIB_CODENAME");
    info.pretty_name = get(vars, "DISTRIB_DESCRIPTION");
}

// "Rocky Linux release 9.3 (Blue Onyx)".
void read_redhat_release(const RedHatFile& file, std::string_view content, Diagnostics& d,
                         sbom::OsInfo& info) {
    const std::string_view line = first_line(content);
    info.pretty_name = line;
    const auto rel = line.find(" release ");
    std::string_view vendor = line;
    if (rel == std::string_view::npos) {
        warn(d, file.path, 1, "no \" release \" in \"" + preview(line) + "\"");
    } else {
        vendor = trim(line.substr(0, rel));
        std::string_view rest = trim(line.substr(rel + 9));
        const std::string_view version = rest.substr(0, rest.find_first_of(" \t"));
        if (!version.empty() && is_digit(version.front())) {
            info.version_id = version;
        } else {
            warn(d, file.path, 1,
                 "no version number after \"release\" in \"" + preview(line) + "\"");
        }
        if (const auto open = rest.find('('); open != std::string_view::npos) {
            const auto close = rest.find(')', open);
            info.version_codename =
                trim(rest.substr(open + 1, close == std::string_view::npos ? std::string_view::npos
                                                                           : close - open - 1));
        }
    }
    for (const Vendor& v : kVendors) {
        if (vendor.substr(0, v.prefix.size()) == v.prefix) {
            info.id = v.id;
            info.id_like = v.id_like;
            return;
        }
    }
    if (!file.id.empty()) {
        info.id = file.id;  // a vendor's own file, whatever it says
        for (const Vendor& v : kVendors) {
            if (v.id == file.id) info.id_like = v.id_like;
        }
        return;
    }
    if (!line.empty()) warn(d, file.path, 1, "unknown distribution \"" + preview(vendor) + "\"");
}

// SUSE before os-release (SLES 11, openSUSE 13): a title line, then "KEY = VALUE" lines.
void read_suse_release(std::string_view path, std::string_view content, Diagnostics& d,
                       sbom::OsInfo& info) {
    const std::string_view title = first_line(content);
    info.pretty_name = title;
    std::string version;
    std::string patchlevel;
    std::size_t number = 0;
    bool past_title = false;
    while (!content.empty()) {
        const auto nl = content.find('\n');
        const std::string_view line = trim(content.substr(0, nl));
        content.remove_prefix(nl == std::string_view::npos ? content.size() : nl + 1);
        ++number;
        if (line.empty() || line.front() == '#') continue;
        if (!past_title) {
            past_title = true;
            continue;
        }
        const auto eq = line.find('=');
        if (eq == std::string_view::npos) {
            warn(d, path, number, "not KEY = VALUE: \"" + preview(line) + "\"");
            continue;
        }
        const std::string_view key = trim(line.substr(0, eq));
        const std::string_view value = trim(line.substr(eq + 1));
        if (key == "VERSION") version = value;
        if (key == "PATCHLEVEL") patchlevel = value;
        if (key == "CODENAME") info.version_codename = value;
    }
    info.version_id = version;
    if (!version.empty() && !patchlevel.empty() && patchlevel != "0")
        info.version_id += "." + patchlevel;
    if (title.substr(0, 28) == "SUSE Linux Enterprise Server") {
        info.id = "sles";
    } else if (title.substr(0, 29) == "SUSE Linux Enterprise Desktop") {
        info.id = "sled";
    } else if (title.substr(0, 8) == "openSUSE") {
        info.id = "opensuse";
    } else if (!title.empty()) {
        warn(d, path, 1, "unknown distribution \"" + preview(title) + "\"");
    }
    if (!info.id.empty()) info.id_like = "suse";
}

// debian_version and alpine-release: the version is the whole (first) line.
void read_version_file(std::string_view path, std::string_view id, std::string_view content,
                       Diagnostics& d, sbom::OsInfo& info) {
    info.id = id;
    info.version_id = first_line(content);
    if (info.version_id.empty()) warn(d, path, 1, "empty file");
}

// "3.10" > "3.9"; "edge" is newer than every numbered branch.
bool newer_branch(std::string_view a, std::string_view b) {
    if (a == b || b == "edge") return false;
    if (a == "edge") return true;
    auto parts = [](std::string_view v) {
        std::pair<long, long> out{0, 0};
        const auto dot = v.find('.');
        for (char c : v.substr(0, dot)) out.first = out.first * 10 + (c - '0');
        if (dot != std::string_view::npos) {
            for (char c : v.substr(dot + 1)) out.second = out.second * 10 + (c - '0');
        }
        return out;
    };
    return parts(a) > parts(b);
}

// The branch one repositories line names: the segment after ".../alpine/" — "v3.19" → "3.19",
// "edge" → "edge"; "" for tagged lines, comments, local paths and other distributions.
std::string_view repository_branch(std::string_view line) {
    line = trim(line);
    if (line.empty() || line.front() == '#' || line.front() == '@') return {};
    const auto scheme = line.find("://");
    if (scheme == std::string_view::npos) return {};
    std::string_view path = line.substr(scheme + 3);
    path = path.substr(std::min(path.size(), path.find('/')));  // drop the host
    constexpr std::string_view kAlpine = "/alpine/";
    const auto at = path.find(kAlpine);
    if (at == std::string_view::npos) return {};
    std::string_view branch = path.substr(at + kAlpine.size());
    branch = branch.substr(0, branch.find('/'));
    if (branch == "edge") return branch;
    if (branch.size() < 2 || branch.size() > 12 || branch.front() != 'v' ||
        !is_numeric_release(branch.substr(1))) {
        return {};  // (12: "v3.19" is 5; a longer run of digits is no branch and could overflow)
    }
    return branch.substr(1);
}

void read_apk_repositories(std::string_view content, sbom::OsInfo& info) {
    while (!content.empty()) {
        const std::string_view branch = repository_branch(text::next_line(content));
        if (!branch.empty() && (info.version_id.empty() || newer_branch(branch, info.version_id)))
            info.version_id = branch;
    }
}

const RedHatFile* redhat_file(std::string_view path) {
    for (const RedHatFile& f : kRedHatFiles) {
        if (f.path == path) return &f;
    }
    return nullptr;
}

std::string debian_codename(std::string_view version) {
    int major = 0;
    std::size_t i = 0;
    for (; i < version.size() && is_digit(version[i]) && i < 4; ++i)
        major = major * 10 + (version[i] - '0');
    if (i == 0) return {};
    for (const auto& [number, name] : kDebianCodenames) {
        if (number == major) return std::string(name);
    }
    return {};
}

class OsReleaseAnalyzer final : public Analyzer {
  public:
    [[nodiscard]] std::string_view name() const override { return kName; }
    /// 2: reads etc/apk/repositories.
    [[nodiscard]] int version() const override { return 2; }

    [[nodiscard]] bool required(std::string_view path, const FileInfo& /*info*/) const override {
        if (path == kUsrOsRelease) return true;
        if (path.size() < 14 || path.substr(0, 4) != "etc/")
            return false;  // shortest: etc/os-release
        if (path == kEtcOsRelease || path == kDebianVersion || path == kAlpineRelease ||
            path == kSuseRelease || path == kLsbRelease || path == kApkRepositories) {
            return true;
        }
        return redhat_file(path) != nullptr;
    }

    Status analyze(const AnalysisInput& input, LayerAnalysis& out) const override {
        auto bytes = read_all(input.content, std::min(input.max_file_read, kMaxFile), input.path);
        if (!bytes) return fail(bytes.error());
        out.os_releases.push_back(read_os_file(input.path, *bytes, out.diagnostics));
        return {};
    }
};

}  // namespace

OsRelease read_os_file(std::string_view path, std::string_view content, Diagnostics& diagnostics) {
    OsRelease r;
    r.path = path;
    r.info.source_path = path;
    if (path == kEtcOsRelease || path == kUsrOsRelease) {
        read_os_release_file(path, content, diagnostics, r.info);
    } else if (path == kLsbRelease) {
        read_lsb_release(path, content, diagnostics, r.info);
    } else if (path == kDebianVersion) {
        read_version_file(path, "debian", content, diagnostics, r.info);
    } else if (path == kAlpineRelease) {
        read_version_file(path, "alpine", content, diagnostics, r.info);
    } else if (path == kSuseRelease) {
        read_suse_release(path, content, diagnostics, r.info);
    } else if (path == kApkRepositories) {
        read_apk_repositories(content, r.info);
    } else if (const RedHatFile* f = redhat_file(path)) {
        read_redhat_release(*f, content, diagnostics, r.info);
    } else {
        warn(diagnostics, path, 1, "not an OS identification file");
    }
    return r;
}

std::optional<sbom::OsInfo> choose_os(const std::vector<OsRelease>& found) {
    auto find = [&found](std::string_view path) -> const OsRelease* {
        const OsRelease* hit = nullptr;
        for (const OsRelease& r : found) {
            if (r.path == path) hit = &r;  // the last one if a caller passes several
        }
        return hit;
    };
    auto identifies = [](const OsRelease* r) { return r != nullptr && !r->info.id.empty(); };

    const OsRelease* base = nullptr;
    for (std::string_view p : {kEtcOsRelease, kUsrOsRelease}) {
        if (identifies(find(p))) {
            base = find(p);
            break;
        }
    }
    const bool from_os_release = base != nullptr;
    if (base == nullptr) {
        for (std::string_view p : kFallbackOrder) {
            if (identifies(find(p))) {
                base = find(p);
                break;
            }
        }
    }
    if (base == nullptr) return std::nullopt;

    sbom::OsInfo os = base->info;
    if (os.source_path.empty()) os.source_path = base->path;
    const std::string id = lower(os.id);

    if (id == "debian") {
        const OsRelease* dv = find(kDebianVersion);
        const std::string point = dv != nullptr ? dv->info.version_id : std::string();
        if (from_os_release) {
            // "12" → "12.15"; a disagreeing or non-numeric debian_version is ignored.
            if (is_numeric_release(point) && (os.version_id.empty() || point == os.version_id ||
                                              point.rfind(os.version_id + ".", 0) == 0)) {
                os.version_id = point;
            }
        } else if (base == dv && !is_numeric_release(os.version_id)) {
            // Only debian_version, and it names a testing release: "trixie/sid".
            os.version_codename = lower(os.version_id.substr(0, os.version_id.find('/')));
            os.version_id.clear();
        }
    }
    if (os.version_id.empty() && from_os_release) {
        // os-release without VERSION_ID: the distribution's own file may have it.
        for (std::string_view p : kFallbackOrder) {
            const OsRelease* r = find(p);
            if (!identifies(r) || lower(r->info.id) != id || r->info.version_id.empty()) continue;
            if (id == "debian" && !is_numeric_release(r->info.version_id)) continue;
            os.version_id = r->info.version_id;
            break;
        }
    }
    if (id == "debian" && os.version_codename.empty())
        os.version_codename = debian_codename(os.version_id);
    if (id == "alpine") {
        // The branch the packages come from, when it is not the os-release one ("3.16.2" is
        // branch 3.16).
        const OsRelease* repos = find(kApkRepositories);
        const std::string_view v = os.version_id;
        const auto second_dot = v.find('.', v.find('.') + 1);
        if (repos != nullptr && !repos->info.version_id.empty() &&
            repos->info.version_id != v.substr(0, second_dot)) {
            os.repository_release = repos->info.version_id;
        }
    }
    return os;
}

std::unique_ptr<Analyzer> make_os_release() {
    return std::make_unique<OsReleaseAnalyzer>();
}

}  // namespace berth::analyze
