// SPDX-License-Identifier: Apache-2.0
// Image reference parser. Grammar from github.com/distribution/reference (reference.go,
// regexp.go), normalization from its normalize.go (ParseNormalizedNamed + TagNameOnly):
//
//   reference        := name [ ":" tag ] [ "@" digest ]
//   name             := [ domain "/" ] path
//   domain           := host [ ":" port ]          port := [0-9]+
//   host             := domain-name | "[" [a-fA-F0-9:]+ "]"     (IPv6, no zone, no IPv4 tail)
//   domain-name      := domain-component ( "." domain-component )*
//   domain-component := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
//   path             := path-component ( "/" path-component )*
//   path-component   := [a-z0-9]+ ( separator [a-z0-9]+ )*
//   separator        := "." | "_" | "__" | "-"+
//   tag              := [A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}
//   digest           := algorithm ":" hex
//   algorithm        := [A-Za-z][A-Za-z0-9]* ( [-_+.] [A-Za-z][A-Za-z0-9]* )*
//
// Example: "localhost:5000/ns/app:v1@sha256:<64 hex>" → domain "localhost:5000", path "ns/app",
// tag "v1", digest "sha256:<64 hex>"; "alpine" → "docker.io/library/alpine:latest".
//
// Hand-written (no std::regex: slow, and libstdc++'s recursion can overflow the stack on long
// input). Validation works on string_views of the input and reports a Finding; only
// parse_reference() allocates, so looks_like_reference() is allocation-free.
//
// Choices where upstream is vague or quirky:
//  - A first component classified as a domain ('.' or ':' in it) that is not a valid domain is
//    an error. Upstream's regex silently falls back to "no domain" ("foo_bar.com/x" → domain "",
//    path "foo_bar.com/x"), which cannot be pulled from anywhere.
//  - An upper-case first component is a domain (upstream splitDockerDomain); if it is not a
//    valid domain either, the error is "repository name must be lowercase", as upstream's.
//  - The 255 limit applies to the normalized path without the domain (reference v0.6.0, PR #9).
//  - Known digest algorithms are those go-digest registers in Docker: sha256, sha384, sha512;
//    others that fit the grammar give "unsupported digest algorithm".
//  - Bare "localhost" or "example.com" are repository names on Docker Hub (upstream FIXME).
#include "image/reference.hpp"

#include <algorithm>

namespace berth::image {

namespace {

constexpr std::string_view kLegacyDomain = "index.docker.io";
constexpr std::string_view kLibraryPrefix = "library/";
constexpr std::string_view kLocalhost = "localhost";
constexpr std::size_t kMaxTagLength = 128;
constexpr std::size_t kMaxQuoted = 200;
constexpr std::string_view kInvalid = "invalid reference format: ";

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_lower(char c) {
    return c >= 'a' && c <= 'z';
}
bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_lower_alnum(char c) {
    return is_lower(c) || is_digit(c);
}
bool is_alnum(char c) {
    return is_lower_alnum(c) || is_upper(c);
}
bool is_word(char c) {
    return is_alnum(c) || c == '_';
}
bool is_lower_hex(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f');
}
bool is_hex(char c) {
    return is_lower_hex(c) || (c >= 'A' && c <= 'F');
}
bool is_path_separator_char(char c) {
    return c == '.' || c == '_' || c == '-';
}

bool has_upper(std::string_view s) {
    return std::any_of(s.begin(), s.end(), is_upper);
}

/// What is wrong with a reference; `subject` (and `detail`) are views into the input.
enum class Problem {
    None,
    Empty,              // ""
    NoName,             // ":tag", "@sha256:…", "docker.io/"
    HexIdentifier,      // 64 lower-case hex, looks like an image ID
    Ipv6WithoutPath,    // "[::1]:5000"
    BadHost,            // subject = domain
    BadPort,            // subject = domain
    Uppercase,          // subject = path
    EmptyComponent,     // subject = path
    BadComponentChar,   // subject = component, detail = offending char
    BadComponentEdge,   // subject = component
    BadSeparator,       // subject = component, detail = separator run
    PathTooLong,        // subject = path
    EmptyTag,           // "foo:"
    TagTooLong,         // subject = tag
    BadTag,             // subject = tag
    EmptyDigest,        // "foo@"
    BadDigest,          // subject = digest
    BadDigestEncoding,  // subject = digest, detail = algorithm
    UnsupportedDigest,  // subject = digest, detail = algorithm
};

struct Finding {
    Problem problem = Problem::None;
    std::string_view subject;
    std::string_view detail;
};

/// The pieces of a reference, as views into the input.
struct Parts {
    std::string_view domain;  // as written, or kDefaultDomain
    bool library = false;     // kLibraryPrefix goes in front of `path`
    std::string_view path;
    bool has_tag = false;
    std::string_view tag;
    bool has_digest = false;
    std::string_view digest;
};

/// Hex length of the digest algorithms Docker registers (go-digest), 0 when unknown.
std::size_t digest_hex_length(std::string_view algorithm) {
    if (algorithm == "sha256") return 64;
    if (algorithm == "sha384") return 96;
    if (algorithm == "sha512") return 128;
    return 0;
}

bool is_hex_identifier(std::string_view s) {
    return s.size() == 64 && std::all_of(s.begin(), s.end(), is_lower_hex);
}

/// domain-name := domain-component ("." domain-component)*.
bool is_domain_name(std::string_view host) {
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = host.find('.', start);
        const std::string_view part = host.substr(start, dot - start);
        if (part.empty() || !is_alnum(part.front()) || !is_alnum(part.back())) return false;
        for (const char c : part) {
            if (!is_alnum(c) && c != '-') return false;
        }
        if (dot == std::string_view::npos) return true;
        start = dot + 1;
    }
}

Finding check_domain(std::string_view domain) {
    std::string_view port;
    bool has_port = false;
    if (!domain.empty() && domain.front() == '[') {
        const std::size_t close = domain.find(']');
        if (close == std::string_view::npos || close == 1) return {Problem::BadHost, domain, {}};
        const std::string_view inner = domain.substr(1, close - 1);
        for (const char c : inner) {
            if (!is_hex(c) && c != ':') return {Problem::BadHost, domain, {}};
        }
        const std::string_view rest = domain.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') return {Problem::BadHost, domain, {}};
            has_port = true;
            port = rest.substr(1);
        }
    } else {
        const std::size_t colon = domain.find(':');
        if (!is_domain_name(domain.substr(0, colon))) return {Problem::BadHost, domain, {}};
        if (colon != std::string_view::npos) {
            has_port = true;
            port = domain.substr(colon + 1);
        }
    }
    if (has_port && (port.empty() || !std::all_of(port.begin(), port.end(), is_digit))) {
        return {Problem::BadPort, domain, {}};
    }
    return {};
}

/// path-component := [a-z0-9]+ (separator [a-z0-9]+)*. Equivalently: only [a-z0-9._-],
/// alphanumeric at both ends, and every maximal run of [._-] is ".", "_", "__" or "-"+.
Finding check_path_component(std::string_view path, std::string_view component) {
    if (component.empty()) return {Problem::EmptyComponent, path, {}};
    for (std::size_t i = 0; i < component.size(); ++i) {
        if (!is_lower_alnum(component[i]) && !is_path_separator_char(component[i])) {
            return {Problem::BadComponentChar, component, component.substr(i, 1)};
        }
    }
    if (!is_lower_alnum(component.front()) || !is_lower_alnum(component.back())) {
        return {Problem::BadComponentEdge, component, {}};
    }
    std::size_t i = 0;
    while (i < component.size()) {
        if (is_lower_alnum(component[i])) {
            ++i;
            continue;
        }
        const std::size_t start = i;
        while (is_path_separator_char(component[i])) ++i;  // ends at the alphanumeric back()
        const std::string_view run = component.substr(start, i - start);
        const bool dashes = std::all_of(run.begin(), run.end(), [](char c) { return c == '-'; });
        if (!(run == "." || run == "_" || run == "__" || dashes)) {
            return {Problem::BadSeparator, component, run};
        }
    }
    return {};
}

Finding check_path(std::string_view path, bool library) {
    if (path.empty()) return {Problem::NoName, {}, {}};
    if (has_upper(path)) return {Problem::Uppercase, path, {}};
    std::size_t start = 0;
    while (true) {
        const std::size_t slash = path.find('/', start);
        const Finding f = check_path_component(path, path.substr(start, slash - start));
        if (f.problem != Problem::None) return f;
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    const std::size_t length = path.size() + (library ? kLibraryPrefix.size() : 0);
    if (length > kMaxPathLength) return {Problem::PathTooLong, path, {}};
    return {};
}

Finding check_tag(std::string_view tag) {
    if (tag.empty()) return {Problem::EmptyTag, {}, {}};
    if (tag.size() > kMaxTagLength) return {Problem::TagTooLong, tag, {}};
    if (!is_word(tag.front())) return {Problem::BadTag, tag, {}};
    for (const char c : tag) {
        if (!is_word(c) && c != '.' && c != '-') return {Problem::BadTag, tag, {}};
    }
    return {};
}

/// algorithm := [A-Za-z][A-Za-z0-9]* ([-_+.] [A-Za-z][A-Za-z0-9]*)*.
bool is_digest_algorithm(std::string_view algorithm) {
    bool at_component_start = true;
    for (const char c : algorithm) {
        if (at_component_start) {
            if (!is_upper(c) && !is_lower(c)) return false;
            at_component_start = false;
        } else if (c == '-' || c == '_' || c == '+' || c == '.') {
            at_component_start = true;
        } else if (!is_alnum(c)) {
            return false;
        }
    }
    return !at_component_start;
}

Finding check_digest(std::string_view digest) {
    if (digest.empty()) return {Problem::EmptyDigest, {}, {}};
    const std::size_t colon = digest.find(':');
    if (colon == std::string_view::npos) return {Problem::BadDigest, digest, {}};
    const std::string_view algorithm = digest.substr(0, colon);
    const std::string_view hex = digest.substr(colon + 1);
    if (!is_digest_algorithm(algorithm)) return {Problem::BadDigest, digest, {}};
    const std::size_t want = digest_hex_length(algorithm);
    if (want == 0) {
        // Fits the grammar ([[:xdigit:]]{32,}) but no known hash: unsupported, else malformed.
        if (hex.size() >= 32 && std::all_of(hex.begin(), hex.end(), is_hex)) {
            return {Problem::UnsupportedDigest, digest, algorithm};
        }
        return {Problem::BadDigest, digest, {}};
    }
    if (hex.size() != want || !std::all_of(hex.begin(), hex.end(), is_lower_hex)) {
        return {Problem::BadDigestEncoding, digest, algorithm};
    }
    return {};
}

/// Splits and validates `text`, filling `out` with views into it. Checks run in the order
/// the user reads the reference: name (domain, then path), tag, digest.
Finding split_reference(std::string_view text, Parts& out) {
    if (text.empty()) return {Problem::Empty, {}, {}};
    if (is_hex_identifier(text)) return {Problem::HexIdentifier, text, {}};

    // Neither name nor tag may contain '@', so the first one starts the digest.
    std::string_view rest = text;
    if (const std::size_t at = text.find('@'); at != std::string_view::npos) {
        out.has_digest = true;
        out.digest = text.substr(at + 1);
        rest = text.substr(0, at);
    }
    // A tag follows the last ':' unless a '/' comes after it ("host:5000/app" has no tag).
    std::string_view name = rest;
    const std::size_t colon = rest.rfind(':');
    const std::size_t last_slash = rest.rfind('/');
    if (colon != std::string_view::npos &&
        (last_slash == std::string_view::npos || colon > last_slash)) {
        out.has_tag = true;
        out.tag = rest.substr(colon + 1);
        name = rest.substr(0, colon);
    }
    if (name.empty()) return {Problem::NoName, {}, {}};

    // Domain split, as normalize.go splitDockerDomain.
    const std::size_t slash = name.find('/');
    if (slash == std::string_view::npos) {
        if (name.front() == '[') return {Problem::Ipv6WithoutPath, rest, {}};
        out.domain = kDefaultDomain;
        out.path = name;
        out.library = true;
    } else {
        const std::string_view first = name.substr(0, slash);
        const std::string_view remainder = name.substr(slash + 1);
        const bool looks_like_host = first.find_first_of(".:") != std::string_view::npos;
        const bool upper = has_upper(first);
        if (first == kLegacyDomain) {
            out.domain = kDefaultDomain;
            out.path = remainder;
        } else if (first == kLocalhost || looks_like_host || upper) {
            out.domain = first;
            out.path = remainder;
            if (Finding f = check_domain(first); f.problem != Problem::None) {
                if (!looks_like_host && upper) return {Problem::Uppercase, first, {}};
                return f;
            }
        } else {
            out.domain = kDefaultDomain;
            out.path = name;
        }
        out.library = out.domain == kDefaultDomain && !out.path.empty() &&
                      out.path.find('/') == std::string_view::npos;
    }

    if (Finding f = check_path(out.path, out.library); f.problem != Problem::None) return f;
    if (out.has_tag) {
        if (Finding f = check_tag(out.tag); f.problem != Problem::None) return f;
    }
    if (out.has_digest) {
        if (Finding f = check_digest(out.digest); f.problem != Problem::None) return f;
    }
    return {};
}

/// `s` in double quotes, non-printable bytes as \xNN, cut at kMaxQuoted bytes.
std::string quote(std::string_view s) {
    std::string out = "\"";
    const std::size_t n = std::min(s.size(), kMaxQuoted);
    for (std::size_t i = 0; i < n; ++i) {
        const auto byte = static_cast<unsigned char>(s[i]);
        if (byte < 0x20 || byte >= 0x7f || s[i] == '"' || s[i] == '\\') {
            constexpr std::string_view kHexDigits = "0123456789abcdef";
            out += "\\x";
            out += kHexDigits[byte >> 4U];
            out += kHexDigits[byte & 0xfU];
        } else {
            out += s[i];
        }
    }
    out += "\"";
    if (s.size() > n) out += "…";
    return out;
}

std::string describe(const Finding& f) {
    std::string m(kInvalid);
    switch (f.problem) {
        case Problem::None:
        case Problem::Empty:
        case Problem::NoName:
            m += "repository name must have at least one component";
            break;
        case Problem::HexIdentifier:
            m = "invalid repository name: cannot specify 64-byte hexadecimal strings "
                "(an image ID is not a reference; pin content with name@sha256:<hex>)";
            break;
        case Problem::Ipv6WithoutPath:
            m += "registry host " + quote(f.subject) + " must be followed by /repository";
            break;
        case Problem::BadHost:
            m += "invalid registry host " + quote(f.subject) +
                 " (want a DNS name, IPv4 address or [IPv6] address)";
            break;
        case Problem::BadPort:
            m += "invalid port in registry host " + quote(f.subject) + " (want digits)";
            break;
        case Problem::Uppercase:
            m += "repository name must be lowercase";
            break;
        case Problem::EmptyComponent:
            m += "repository path " + quote(f.subject) + " has an empty component";
            break;
        case Problem::BadComponentChar:
            m += "repository path component " + quote(f.subject) + " contains " + quote(f.detail) +
                 " (allowed: a-z 0-9 . _ -)";
            break;
        case Problem::BadComponentEdge:
            m += "repository path component " + quote(f.subject) +
                 " must start and end with a lower-case letter or digit";
            break;
        case Problem::BadSeparator:
            m += "repository path component " + quote(f.subject) + " has separator " +
                 quote(f.detail) + " (allowed: \".\", \"_\", \"__\" or dashes)";
            break;
        case Problem::PathTooLong:
            m += "repository name must not be more than " + std::to_string(kMaxPathLength) +
                 " characters";
            break;
        case Problem::EmptyTag:
            m += "tag is empty after ':'";
            break;
        case Problem::TagTooLong:
            m += "tag is " + std::to_string(f.subject.size()) + " characters, more than " +
                 std::to_string(kMaxTagLength);
            break;
        case Problem::BadTag:
            m += "invalid tag " + quote(f.subject) +
                 " (want [A-Za-z0-9_] then up to 127 of [A-Za-z0-9_.-])";
            break;
        case Problem::EmptyDigest:
            m += "digest is empty after '@'";
            break;
        case Problem::BadDigest:
            m += "invalid digest " + quote(f.subject) + " (want algorithm:hex)";
            break;
        case Problem::BadDigestEncoding:
            m += "invalid digest " + quote(f.subject) + ": " + std::string(f.detail) +
                 " needs exactly " + std::to_string(digest_hex_length(f.detail)) +
                 " lower-case hex characters";
            break;
        case Problem::UnsupportedDigest:
            m += "unsupported digest algorithm " + quote(f.detail) +
                 " (supported: sha256, sha384, sha512)";
            break;
    }
    return m;
}

}  // namespace

std::string Reference::name() const {
    if (domain.empty()) return path;
    return domain + "/" + path;
}

std::string Reference::str() const {
    std::string out = name();
    if (!tag.empty()) out += ":" + tag;
    if (!digest.empty()) out += "@" + digest;
    return out;
}

std::string Reference::familiar_name() const {
    if (domain != kDefaultDomain) return name();
    const std::string_view p = path;
    if (p.substr(0, kLibraryPrefix.size()) == kLibraryPrefix) {
        const std::string_view rest = p.substr(kLibraryPrefix.size());
        if (rest.find('/') == std::string_view::npos) return std::string(rest);
    }
    return path;
}

std::string Reference::familiar() const {
    std::string out = familiar_name();
    if (!tag.empty()) out += ":" + tag;
    if (!digest.empty()) out += "@" + digest;
    return out;
}

Result<Reference> parse_reference(std::string_view text) {
    Parts parts;
    const Finding finding = split_reference(text, parts);
    if (finding.problem != Problem::None) {
        return fail(ErrorCode::InvalidArgument, describe(finding), quote(text));
    }
    Reference ref;
    ref.domain = std::string(parts.domain);
    ref.path = parts.library ? std::string(kLibraryPrefix) + std::string(parts.path)
                             : std::string(parts.path);
    if (parts.has_tag) {
        ref.tag = std::string(parts.tag);
    } else if (!parts.has_digest) {
        ref.tag = std::string(kDefaultTag);
    }
    ref.digest = std::string(parts.digest);
    return ref;
}

bool looks_like_reference(std::string_view text) noexcept {
    Parts parts;
    return split_reference(text, parts).problem == Problem::None;
}

}  // namespace berth::image
