// SPDX-License-Identifier: Apache-2.0
// Package URLs per purl-spec: pkg:TYPE/NAMESPACE/NAME@VERSION?QUALIFIERS. OS types (deb, apk,
// rpm) take namespace and distro from the OS; other ecosystems carry their own namespace.
// Example: libc6 2.36-9+deb12u4 amd64 on Debian 12.15 →
//   pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12.15
#include "sbom/purl.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "sbom/model.hpp"

namespace berth::sbom {

std::string purl_escape(std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.' || c == '_' || c == '~' ||
                    c == ':';  // purl-spec: ':' never encoded
        if (keep) {
            out.push_back(ch);
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4U]);
            out.push_back(kHex[c & 0x0FU]);
        }
    }
    return out;
}

bool is_os_package_type(std::string_view type) {
    return type == "deb" || type == "apk" || type == "rpm";
}

std::string purl(const Package& p, const std::optional<OsInfo>& os) {
    const bool os_package = is_os_package_type(p.type);
    std::string ns = p.purl_namespace;
    if (ns.empty() && os_package) {
        ns = os ? text::lower(os->id) : std::string();
        if (ns.empty()) ns = p.type == "deb" ? "debian" : p.type == "apk" ? "alpine" : "";
    }
    std::string out = "pkg:" + p.type + "/";
    // A namespace may have several segments (golang "github.com/foo"); each is escaped alone.
    std::size_t start = 0;
    while (start < ns.size()) {
        std::size_t slash = ns.find('/', start);
        if (slash == std::string::npos) slash = ns.size();
        if (slash > start)
            out += purl_escape(std::string_view(ns).substr(start, slash - start)) + "/";
        start = slash + 1;
    }
    // purl-spec pypi type: the name is lower-cased and '_' becomes '-' ("Django_package" →
    // "django-package"); the package keeps its own spelling for display.
    if (p.type == "pypi") {
        std::string name = text::lower(p.name);
        std::replace(name.begin(), name.end(), '_', '-');
        out += purl_escape(name);
    } else {
        out += purl_escape(p.name);
    }
    // rpm purls carry the epoch as a qualifier and the version without it (purl-spec rpm type).
    std::string version = p.version;
    if (p.type == "rpm" && !p.epoch.empty()) {
        auto colon = version.find(':');
        if (colon != std::string::npos) version = version.substr(colon + 1);
    }
    if (!version.empty()) out += "@" + purl_escape(version);
    // Qualifiers sorted by key, as purl-spec's canonical form requires.
    std::vector<std::pair<std::string, std::string>> q;
    if (!p.arch.empty()) q.emplace_back("arch", p.arch);
    if (os_package && os && !os->id.empty() && !os->version_id.empty()) {
        q.emplace_back("distro", text::lower(os->id) + "-" + os->version_id);
    }
    if (p.type == "rpm" && !p.epoch.empty() && p.epoch != "0") q.emplace_back("epoch", p.epoch);
    std::sort(q.begin(), q.end());
    for (std::size_t i = 0; i < q.size(); ++i) {
        out += (i == 0 ? "?" : "&") + q[i].first + "=" + purl_escape(q[i].second);
    }
    return out;
}

std::string ecosystem_name(const Package& p) {
    if (p.purl_namespace.empty() || is_os_package_type(p.type)) return p.name;
    return p.purl_namespace + (p.type == "maven" ? ":" : "/") + p.name;
}

}  // namespace berth::sbom
