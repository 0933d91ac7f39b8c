// SPDX-License-Identifier: Apache-2.0
#include "image/source.hpp"

#include <sys/utsname.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "core/text.hpp"
#include "image/readers.hpp"
#include "image/reference.hpp"
#include "image/registry/client.hpp"
#include "image/registry/daemon.hpp"

namespace berth::image {
namespace fs = std::filesystem;

Platform host_platform() {
    utsname u{};
    std::string machine = ::uname(&u) == 0 ? u.machine : "x86_64";
    Platform p{"linux", machine, ""};
    // uname → GOARCH names, as the OCI image index uses them.
    if (machine == "x86_64") p.architecture = "amd64";
    if (machine == "aarch64" || machine == "arm64") p = {"linux", "arm64", "v8"};
    if (machine.rfind("armv7", 0) == 0) p = {"linux", "arm", "v7"};
    if (machine == "i686" || machine == "i386") p.architecture = "386";
    return p;
}

Result<Platform> parse_platform(std::string_view text) {
    std::vector<std::string> parts;
    std::size_t i = 0;
    while (i <= text.size()) {
        std::size_t j = text.find('/', i);
        if (j == std::string_view::npos) j = text.size();
        parts.emplace_back(text.substr(i, j - i));
        i = j + 1;
    }
    if (parts.size() < 2 || parts.size() > 3 || parts[0].empty() || parts[1].empty()) {
        return fail(
            ErrorCode::InvalidArgument,
            "platform '" + std::string(text) + "' should be os/arch[/variant], e.g. linux/arm64");
    }
    return Platform{parts[0], parts[1], parts.size() == 3 ? parts[2] : ""};
}

namespace {

bool exists(const std::string& p) {
    std::error_code ec;
    return !p.empty() && fs::exists(p, ec);
}

// "PATH[:SEL]" or "PATH[@DIGEST]" where PATH may itself hold ':'.
Result<SourceSpec> split_local(std::string kind, std::string_view rest, bool allow_at) {
    if (rest.empty()) {
        return fail(ErrorCode::InvalidArgument, kind + ": needs a path, e.g. " + kind + ":./image");
    }
    if (exists(std::string(rest))) return SourceSpec{kind, std::string(rest), ""};
    if (allow_at) {
        if (auto at = rest.rfind('@');
            at != std::string_view::npos && exists(std::string(rest.substr(0, at)))) {
            return SourceSpec{kind, std::string(rest.substr(0, at)), std::string(rest.substr(at))};
        }
    }
    for (std::size_t c = rest.find(':'); c != std::string_view::npos; c = rest.find(':', c + 1)) {
        std::string path(rest.substr(0, c));
        if (exists(path)) return SourceSpec{kind, path, std::string(rest.substr(c + 1))};
    }
    std::string path(rest.substr(0, rest.find(':')));
    return fail(ErrorCode::NotFound, "no such file or directory", path);
}

constexpr std::array<std::string_view, 4> kLocalKinds = {"docker-archive", "oci-archive", "oci",
                                                         "rootfs"};
constexpr std::array<std::string_view, 3> kLaterKinds = {"docker-daemon", "sbom", "docker"};

// A tag as the distribution spec writes it: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}.
bool tag_shaped(std::string_view s) {
    auto ok = [](char c, bool first) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || (!first && (c == '.' || c == '-'));
    };
    if (s.empty() || s.size() > 128) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (!ok(s[i], i == 0)) return false;
    }
    return true;
}

// "WORD:REST" that is neither a transport nor a registry reference: a mistyped transport
// (`dockr-archive:x.tar`) must not be looked up on Docker Hub. A registry host has a dot, a port
// or is "localhost" (`host:5000/x`, `registry.example/x:1`); `alpine:3.19` is NAME:TAG, which
// stays a reference unless WORD is within two edits of a transport name.
Status check_source_prefix(std::string_view spec) {
    const auto colon = spec.find(':');
    if (colon == std::string_view::npos || colon == 0) return {};
    const std::string_view word = spec.substr(0, colon);
    if (word.find_first_of("/@.") != std::string_view::npos || word == "localhost") return {};
    std::string_view rest = spec.substr(colon + 1);
    const auto digits = rest.find_first_not_of("0123456789");
    if (digits != 0 && digits != std::string_view::npos && rest[digits] == '/')
        return {};                                          // host:port/
    std::string_view tag = rest.substr(0, rest.find('@'));  // NAME:TAG@DIGEST
    // The nearest transport within two edits; only a long name (6+ characters) makes a tag-form
    // spec a typo: `ubi:8` is two edits from "oci" and is an image.
    std::string nearest;
    std::size_t best = 3;
    bool typo = false;
    auto consider = [&](std::string_view k) {
        // d == 0: `docker:24` (no "//") is the docker image, not the transport.
        if (const auto d = text::edit_distance(word, k); d > 0 && d < best) {
            best = d;
            nearest = std::string(k) + (k == "docker" ? "://" : ":");
            typo = k.size() >= 6;
        }
    };
    for (auto k : kLocalKinds) consider(k);
    for (auto k : kLaterKinds) consider(k);
    if (!typo && tag_shaped(tag)) return {};
    std::string msg = "unknown source prefix '" + std::string(word) + ":'";
    if (!nearest.empty()) msg += "; did you mean '" + nearest + "'?";
    msg +=
        " Known prefixes: docker-archive:, oci-archive:, oci:, rootfs:, docker-daemon:, sbom:, "
        "docker:// "
        "(a registry host needs a dot, a port or to be localhost)";
    return fail(ErrorCode::InvalidArgument, std::move(msg), std::string(spec));
}

// The kind of an existing path, from its content. A tar archive opened to look inside is handed
// out through `opened` so that open_image does not open it again (a compressed archive is
// decompressed while it is opened).
Result<SourceSpec> detect_local(const std::string& path, const std::string& selector,
                                std::shared_ptr<BlobStore>* opened) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        if (fs::exists(fs::path(path) / "oci-layout", ec)) return SourceSpec{"oci", path, selector};
        if (fs::exists(fs::path(path) / "manifest.json", ec)) {
            return SourceSpec{"docker-archive", path, selector};
        }
        return SourceSpec{"rootfs", path, selector};
    }
    auto store = open_tar_store(path);
    if (!store) return fail(store.error());
    if (opened != nullptr) *opened = *store;
    // Docker 25+ archives hold both; manifest.json keeps the tags, so it wins.
    if ((*store)->exists("manifest.json")) return SourceSpec{"docker-archive", path, selector};
    if ((*store)->exists("oci-layout")) return SourceSpec{"oci-archive", path, selector};
    return fail(ErrorCode::Format,
                "a tar archive, but neither a docker-archive (no manifest.json) nor an "
                "oci-archive (no oci-layout)",
                path);
}

registry::RegistryOptions registry_options(const SourceOptions& options) {
    registry::RegistryOptions r;
    if (!options.username.empty() || !options.password.empty()) {
        r.credentials = registry::Credentials{options.username, options.password};
    }
    r.insecure_registries = options.insecure_registries;
    r.mirrors = options.registry_mirrors;
    if (r.mirrors.empty()) {
        if (const char* env = std::getenv("BERTH_REGISTRY_MIRRORS"); env != nullptr) {
            std::string_view rest(env);
            while (!rest.empty()) {
                auto comma = rest.find(',');
                auto item = rest.substr(0, comma);
                if (!item.empty()) r.mirrors.emplace_back(item);
                if (comma == std::string_view::npos) break;
                rest.remove_prefix(comma + 1);
            }
        }
    }
    return r;
}

Result<SourceSpec> parse_spec(std::string_view spec, std::shared_ptr<BlobStore>* opened) {
    if (spec.empty()) return fail(ErrorCode::InvalidArgument, "no image given");
    for (auto kind : kLocalKinds) {
        if (spec.size() > kind.size() && spec.substr(0, kind.size()) == kind &&
            spec[kind.size()] == ':') {
            return split_local(std::string(kind), spec.substr(kind.size() + 1),
                               kind == "oci" || kind == "oci-archive");
        }
    }
    for (auto kind : kLaterKinds) {
        if (spec.size() > kind.size() && spec.substr(0, kind.size()) == kind &&
            spec[kind.size()] == ':') {
            std::string rest(spec.substr(kind.size() + 1));
            // docker://REF; `docker:24` is the docker image, tag 24.
            if (kind == "docker" && rest.rfind("//", 0) != 0) continue;
            if (kind == "docker") rest.erase(0, rest.find_first_not_of('/'));
            return SourceSpec{std::string(kind), "", rest};
        }
    }
    const std::string text(spec);
    if (exists(text)) return detect_local(text, "", opened);
    // PATH:SELECTOR with an existing PATH (PATH may itself hold ':').
    for (std::size_t c = text.find(':'); c != std::string::npos; c = text.find(':', c + 1)) {
        if (exists(text.substr(0, c)))
            return detect_local(text.substr(0, c), text.substr(c + 1), opened);
    }
    // Not on disk: a registry reference?
    if (auto s = check_source_prefix(spec); !s) return fail(s.error());
    auto ref = parse_reference(spec);
    if (!ref) {
        return fail(ErrorCode::NotFound,
                    "'" + text + "' is neither an existing path nor a valid image reference (" +
                        ref.error().message + ")");
    }
    return SourceSpec{"registry", "", ref->str()};
}

}  // namespace

Result<SourceSpec> parse_source_spec(std::string_view spec) {
    return parse_spec(spec, nullptr);
}

Result<Image> open_image(std::string_view spec_text, const SourceOptions& options) {
    std::shared_ptr<BlobStore> opened;
    auto spec = parse_spec(spec_text, &opened);
    auto open_tar = [&opened](const std::string& path) -> Result<std::shared_ptr<BlobStore>> {
        if (opened) return opened;
        return open_tar_store(path);
    };
    if (!spec) return fail(spec.error());
    const Platform platform = options.platform.value_or(host_platform());
    Result<Image> image = fail(ErrorCode::Internal, "unreachable");
    if (spec->kind == "docker-archive") {
        std::error_code ec;
        auto store =
            fs::is_directory(spec->path, ec) ? open_dir_store(spec->path) : open_tar(spec->path);
        if (!store) return fail(store.error());
        image = read_docker_archive(*store, spec->selector);
    } else if (spec->kind == "oci") {
        auto store = open_dir_store(spec->path);
        if (!store) return fail(store.error());
        image = read_oci_layout(*store, spec->selector, platform);
    } else if (spec->kind == "oci-archive") {
        auto store = open_tar(spec->path);
        if (!store) return fail(store.error());
        image = read_oci_layout(*store, spec->selector, platform);
    } else if (spec->kind == "rootfs") {
        image = read_rootfs(spec->path);
    } else if (spec->kind == "registry" || spec->kind == "docker") {
        auto ref = parse_reference(spec->selector);
        if (!ref) return fail(ref.error());
        image = registry::read_registry(*ref, registry_options(options), platform);
        if (image) {
            image->source = "registry";
            return image;
        }
    } else if (spec->kind == "docker-daemon") {
        image = registry::read_docker_daemon(spec->selector, platform);
    } else {
        return fail(ErrorCode::Unsupported, "the " + spec->kind + " source is not available yet",
                    spec->selector.empty() ? std::string(spec_text) : spec->selector);
    }
    if (!image) return image;
    image->source = spec->kind;
    return image;
}

}  // namespace berth::image
