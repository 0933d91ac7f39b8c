// SPDX-License-Identifier: Apache-2.0
#include "analyze/lang/java_meta.hpp"

#include <vector>

#include "core/text.hpp"

namespace berth::analyze::lang {
namespace {

// Lines split on LF, CRLF or a lone CR (the manifest grammar allows all three).
std::vector<std::string_view> manifest_lines(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\n' && s[i] != '\r') continue;
        out.push_back(s.substr(start, i - start));
        if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
        start = i + 1;
    }
    if (start < s.size()) out.push_back(s.substr(start));
    return out;
}

struct Manifest {
    std::string impl_version, impl_title, impl_vendor, impl_vendor_id;
    std::string spec_title, spec_version, spec_vendor;
    std::string bundle_name, bundle_version, bundle_symbolic_name;

    void add(std::string_view line) {
        const auto words = text::split_words(line);
        if (words.size() <= 1 || words[1].starts_with("%")) return;  // %variable: unresolved
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) return;
        const std::string_view key = line.substr(0, colon);
        std::string value(text::trim(line.substr(colon + 1)));
        struct Field {
            std::string_view key;
            std::string Manifest::*member;
        };
        static constexpr Field kFields[] = {
            {"Implementation-Version", &Manifest::impl_version},
            {"Implementation-Title", &Manifest::impl_title},
            {"Implementation-Vendor", &Manifest::impl_vendor},
            {"Implementation-Vendor-Id", &Manifest::impl_vendor_id},
            {"Specification-Version", &Manifest::spec_version},
            {"Specification-Title", &Manifest::spec_title},
            {"Specification-Vendor", &Manifest::spec_vendor},
            {"Bundle-Version", &Manifest::bundle_version},
            {"Bundle-Name", &Manifest::bundle_name},
            {"Bundle-SymbolicName", &Manifest::bundle_symbolic_name},
        };
        for (const auto& f : kFields) {
            if (key == f.key) {
                this->*f.member = std::move(value);
                return;
            }
        }
    }
};

const std::string& first_of(std::initializer_list<const std::string*> values) {
    static const std::string kNone;
    for (const std::string* v : values) {
        if (!v->empty()) return *v;
    }
    return kNone;
}

bool name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

// A pom.xml value as written, or "" when it is an unresolved ${property}.
std::string pom_value(std::string_view v) {
    v = text::trim(v);
    return v.find("${") == std::string_view::npos ? std::string(v) : std::string();
}

}  // namespace

MavenCoordinates parse_pom_properties(std::string_view text) {
    MavenCoordinates c;
    for (auto line : text::split(text, '\n')) {
        line = text::trim(line);
        if (line.starts_with("groupId=")) c.group = std::string(line.substr(8));
        if (line.starts_with("artifactId=")) c.artifact = std::string(line.substr(11));
        if (line.starts_with("version=")) c.version = std::string(line.substr(8));
    }
    return c;
}

MavenCoordinates parse_manifest(std::string_view text) {
    Manifest m;
    std::string attr;
    for (std::string_view line : manifest_lines(text)) {
        if (line.empty()) break;  // end of the main section
        if (line.front() == ' ') {
            attr.append(line.substr(1));  // continuation: joined without a separator
            continue;
        }
        m.add(attr);
        attr.assign(line);
    }
    m.add(attr);
    MavenCoordinates c;
    std::string symbolic = m.bundle_symbolic_name;
    if (const auto dot = symbolic.rfind('.'); dot != std::string::npos) symbolic.resize(dot);
    c.group = first_of({&m.impl_vendor_id, &symbolic, &m.impl_vendor, &m.spec_vendor});
    c.artifact = first_of({&m.impl_title, &m.spec_title, &m.bundle_name});
    c.version = first_of({&m.impl_version, &m.spec_version, &m.bundle_version});
    return c;
}

MavenCoordinates parse_pom_xml(std::string_view text) {
    std::vector<std::string> stack;
    std::string chars;
    MavenCoordinates own;
    MavenCoordinates parent;
    std::size_t i = 0;
    while (i < text.size() && stack.size() < 64) {
        if (text[i] != '<') {
            chars += text[i++];
            continue;
        }
        if (text.substr(i).starts_with("<!--")) {
            const auto end = text.find("-->", i);
            i = end == std::string_view::npos ? text.size() : end + 3;
            continue;
        }
        const auto close = text.find('>', i);
        if (close == std::string_view::npos) break;
        std::string_view tag = text.substr(i + 1, close - i - 1);
        i = close + 1;
        if (tag.starts_with("?") || tag.starts_with("!")) continue;
        if (tag.starts_with("/")) {
            const std::string path = text::join(stack, "/");
            if (path == "project/groupId") own.group = pom_value(chars);
            if (path == "project/artifactId") own.artifact = pom_value(chars);
            if (path == "project/version") own.version = pom_value(chars);
            if (path == "project/parent/groupId") parent.group = pom_value(chars);
            if (path == "project/parent/version") parent.version = pom_value(chars);
            if (!stack.empty()) stack.pop_back();
        } else if (!tag.ends_with("/")) {
            std::size_t n = 0;
            while (n < tag.size() && !text::is_space(tag[n]) && tag[n] != '/') ++n;
            stack.emplace_back(tag.substr(0, n));
        }
        chars.clear();
    }
    if (own.group.empty()) own.group = parent.group;
    if (own.version.empty()) own.version = parent.version;
    return own;
}

MavenCoordinates parse_jar_file_name(std::string_view base) {
    if (!base.ends_with(".jar")) return {};
    const std::string_view stem = base.substr(0, base.size() - 4);
    for (std::size_t i = stem.size(); i-- > 1;) {
        if (stem[i] != '-' || i + 1 >= stem.size() || stem[i + 1] < '0' || stem[i + 1] > '9')
            continue;
        const std::string_view name = stem.substr(0, i);
        const std::string_view version = stem.substr(i + 1);
        bool ok = name.back() != '-' && name.back() != '*';
        for (std::size_t k = 0; ok && k + 1 < name.size(); ++k) ok = name_char(name[k]);
        for (char c : version) ok = ok && !text::is_space(c);
        if (ok) return {"", std::string(name), std::string(version)};
    }
    return {};
}

}  // namespace berth::analyze::lang
