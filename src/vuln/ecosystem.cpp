// SPDX-License-Identifier: Apache-2.0
#include "vuln/ecosystem.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include "core/text.hpp"

namespace berth::vuln {
namespace {

// "3.19.1" → "3.19"; "9.3" → "9" when `parts` is 1.
std::string leading_parts(std::string_view v, int parts) {
    std::size_t pos = 0;
    for (int i = 0; i < parts; ++i) {
        pos = v.find('.', pos);
        if (pos == std::string_view::npos) return std::string(v);
        if (i + 1 < parts) ++pos;
    }
    return std::string(v.substr(0, pos));
}

// OSV ecosystem names (before ':') → key prefix and how many release parts the key keeps
// (0: no release). Sorted by OSV name.
struct EcosystemName {
    std::string_view osv;
    std::string_view key;
    int release_parts;
};
constexpr std::array<EcosystemName, 23> kEcosystems{{
    {"almalinux", "almalinux", 1},
    {"alpine", "alpine", 2},
    {"azure linux", "azurelinux", 1},
    {"crates.io", "crates.io", 0},
    {"debian", "debian", 1},
    {"go", "go", 0},
    {"hex", "hex", 0},
    {"mageia", "mageia", 1},
    {"maven", "maven", 0},
    {"npm", "npm", 0},
    {"nuget", "nuget", 0},
    {"opensuse", "opensuse", 2},
    {"packagist", "packagist", 0},
    {"photon os", "photon", 1},
    {"pub", "pub", 0},
    {"pypi", "pypi", 0},
    {"red hat", "redhat", 1},
    {"rocky linux", "rocky", 1},
    {"rubygems", "rubygems", 0},
    {"suse", "suse", 2},
    {"ubuntu", "ubuntu", 2},
    {"wolfi", "wolfi", 0},
    {"chainguard", "chainguard", 0},
}};

// An image's os-release ID → key prefix and release parts kept (0: a rolling distribution,
// no release). Sorted by ID. CentOS (Linux and Stream) has no advisories of its own: it is
// rebuilt from RHEL sources with the same names and EVRs, so it is matched against RHEL's
// (Trivy does the same); UBI images say ID=rhel. CBL-Mariner is Azure Linux's former name.
// Amazon Linux and Oracle Linux have keys so that their own feeds (ALAS, Oracle OVAL) can be
// matched once imported; OSV publishes neither.
struct OsName {
    std::string_view id;
    std::string_view key;
    int release_parts;
};
constexpr std::array<OsName, 20> kOsNames{{
    {"almalinux", "almalinux", 1},
    {"alpine", "alpine", 2},
    {"amzn", "amazon", 1},
    {"azurelinux", "azurelinux", 1},
    {"centos", "redhat", 1},
    {"chainguard", "chainguard", 0},
    {"debian", "debian", 1},
    {"mageia", "mageia", 1},
    {"mariner", "azurelinux", 1},
    {"ol", "oracle", 1},
    {"opensuse-leap", "opensuse", 2},
    {"opensuse-tumbleweed", "opensuse-tumbleweed", 0},
    {"photon", "photon", 1},
    {"rhel", "redhat", 1},
    {"rocky", "rocky", 1},
    {"sl-micro", "sl-micro", 2},
    {"sle-micro", "sle-micro", 2},
    {"sles", "suse", 2},
    {"ubuntu", "ubuntu", 2},
    {"wolfi", "wolfi", 0},
}};

// "SUSE:Linux Enterprise Server 15 SP5" → suse:15.5 (SLES's VERSION_ID is "15.5"; "15" without
// a service pack); "SUSE:Linux Enterprise Micro 5.5" → sle-micro:5.5 and "SUSE:Linux Micro 6.0"
// → sl-micro:6.0 (those images' os-release IDs). Other SUSE products are not images berth keys.
std::string suse_key(std::string_view release) {
    for (const auto& [prefix, key] :
         {std::pair<std::string_view, std::string_view>{"Linux Enterprise Micro ", "sle-micro"},
          {"Linux Micro ", "sl-micro"}}) {
        if (release.rfind(prefix, 0) != 0) continue;
        const std::string_view v = release.substr(prefix.size());
        if (v.empty() || v.find_first_not_of("0123456789.") != std::string_view::npos) return {};
        return std::string(key) + ":" + leading_parts(v, 2);
    }
    constexpr std::string_view kSles = "Linux Enterprise Server ";
    if (release.rfind(kSles, 0) != 0) return {};
    release.remove_prefix(kSles.size());
    const auto sp = release.find(" SP");
    std::string major(release.substr(0, sp));
    if (major.empty() || major.find_first_not_of("0123456789") != std::string::npos) return {};
    if (sp == std::string_view::npos) return "suse:" + major;
    const std::string_view n = release.substr(sp + 3);
    if (n.empty() || n.find_first_not_of("0123456789") != std::string_view::npos) return {};
    return "suse:" + major + "." + std::string(n);
}

// Red Hat's OSV ecosystems are CPEs without "cpe:/[ao]:redhat:" (osv-schema ecosystems.json):
// "enterprise_linux:9::appstream" (also ::baseos, ::crb, …) is RHEL 9's main stream, which UBI
// and RHEL images install from → "9". Extended streams pinned to a minor release
// ("rhel_eus:9.2::appstream", rhel_aus, rhel_e4s, rhel_tus, rhel_els) and other products
// (OpenShift, …) are not what an image's os-release can tell apart: no key. A bare "9" is kept.
std::optional<std::string_view> redhat_release(std::string_view release) {
    constexpr std::string_view kMain = "enterprise_linux:";
    if (release.rfind(kMain, 0) == 0) {
        release.remove_prefix(kMain.size());
        release = release.substr(0, release.find(':'));
    } else if (release.find(':') != std::string_view::npos) {
        return std::nullopt;
    }
    if (release.empty() || release.find_first_not_of("0123456789.") != std::string_view::npos)
        return std::nullopt;
    return release;
}

}  // namespace

std::string ecosystem_key(std::string_view osv_ecosystem) {
    const auto colon = osv_ecosystem.find(':');
    const std::string base = text::lower(osv_ecosystem.substr(0, colon));
    std::string_view release =
        colon == std::string_view::npos ? std::string_view{} : osv_ecosystem.substr(colon + 1);
    for (const auto& e : kEcosystems) {
        if (base != e.osv) continue;
        if (e.release_parts == 0) return std::string(e.key);
        if (release.empty()) return {};
        if (e.key == "ubuntu") {
            // "22.04:LTS" is the plain release; "Pro:18.04:LTS", "Pro:FIPS…" are other archives.
            const auto c = release.find(':');
            const std::string_view head = release.substr(0, c);
            if (head.empty() || std::isdigit(static_cast<unsigned char>(head.front())) == 0)
                return {};
            release = head;
        }
        if (e.key == "alpine" && !release.empty() && release.front() == 'v')
            release.remove_prefix(1);
        if (e.key == "opensuse") {
            // "openSUSE:Leap 15.5" → opensuse:15.5; "openSUSE:Tumbleweed" is rolling.
            if (release == "Tumbleweed") return "opensuse-tumbleweed";
            if (release.rfind("Leap ", 0) != 0 || release.rfind("Leap Micro", 0) == 0) return {};
            release.remove_prefix(5);
        }
        if (e.key == "suse") return suse_key(release);
        if (e.key == "redhat") {
            auto major = redhat_release(release);
            if (!major) return {};
            release = *major;
        }
        return std::string(e.key) + ":" + leading_parts(release, e.release_parts);
    }
    return {};
}

std::string os_ecosystem_key(const sbom::OsInfo& os) {
    const std::string id = text::lower(os.id);
    std::string_view v = os.version_id;
    for (const auto& o : kOsNames) {
        if (id != o.id) continue;
        if (o.release_parts == 0) return std::string(o.key);
        if (v.empty()) return {};
        // Alpine: the branch etc/apk/repositories names wins over os-release's ("edge" in an
        // image whose os-release says 3.16): the packages come from it (Trivy does the same).
        if (o.key == "alpine" && !os.repository_release.empty()) v = os.repository_release;
        // Amazon Linux 1 says VERSION_ID="2018.03"; 2 and 2023 say their number.
        if (o.key == "amazon" && v.find('.') != std::string_view::npos) return "amazon:1";
        return std::string(o.key) + ":" + leading_parts(v, o.release_parts);
    }
    return {};
}

std::string purl_type_ecosystem_key(std::string_view purl_type) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kTypes{{
        {"cargo", "crates.io"},
        {"composer", "packagist"},
        {"gem", "rubygems"},
        {"golang", "go"},
        {"hex", "hex"},
        {"maven", "maven"},
        {"npm", "npm"},
        {"nuget", "nuget"},
        {"pub", "pub"},
        {"pypi", "pypi"},
    }};
    for (const auto& [type, key] : kTypes) {
        if (type == purl_type) return std::string(key);
    }
    return {};
}

std::string normalize_package_name(std::string_view key, std::string_view name) {
    if (key == "pypi") {
        // PEP 503: lower case, runs of -, _ and . become one -.
        std::string out;
        bool sep = false;
        for (char c : name) {
            if (c == '-' || c == '_' || c == '.') {
                sep = true;
                continue;
            }
            if (sep && !out.empty()) out.push_back('-');
            sep = false;
            out.push_back(text::lower_char(c));
        }
        return out;
    }
    if (key == "nuget" || key == "packagist") return text::lower(name);
    return std::string(name);
}

std::string_view scheme_for_key(std::string_view key) {
    const std::string_view base = key.substr(0, key.find(':'));
    if (base == "debian" || base == "ubuntu") return "dpkg";
    if (base == "alpine" || base == "wolfi" || base == "chainguard") return "apk";
    for (std::string_view rpm :
         {"almalinux", "amazon", "azurelinux", "mageia", "opensuse", "opensuse-tumbleweed",
          "oracle", "photon", "redhat", "rocky", "sl-micro", "sle-micro", "suse"}) {
        if (base == rpm) return "rpm";
    }
    if (base == "crates.io") return "cargo";
    if (base == "npm") return "npm";
    if (base == "go") return "go";
    if (base == "pypi") return "pep440";
    if (base == "maven") return "maven";
    if (base == "rubygems") return "rubygems";
    if (base == "nuget") return "nuget";
    return "semver";  // Packagist, Pub, Hex: SemVer-like (OSV's own matcher does the same)
}

}  // namespace berth::vuln
