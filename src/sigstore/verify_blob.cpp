// SPDX-License-Identifier: Apache-2.0
#include "sigstore/verify_blob.hpp"

#include <unistd.h>

#include <array>

#include "core/digest.hpp"
#include "core/file.hpp"
#include "sigstore/encoding.hpp"

namespace berth::sigstore {

namespace {

constexpr std::uint64_t kMaxWholeArtifact = 256ULL << 20U;
constexpr std::uint64_t kMaxDocument = 32ULL << 20U;  // bundles and trusted roots are KiB

std::optional<std::string> hex_decode(std::string_view hex) {
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    if (hex.size() % 2 != 0) return std::nullopt;
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out.push_back(static_cast<char>(hi * 16 + lo));
    }
    return out;
}

Result<std::string> hash_stream(int fd, const std::string& where) {
    Sha256 h;
    std::array<char, 1 << 16> buf{};
    for (;;) {
        const ssize_t n = ::read(fd, buf.data(), buf.size());
        if (n < 0) return fail(errno_error(errno, "read", where));
        if (n == 0) break;
        h.update(buf.data(), static_cast<std::size_t>(n));
    }
    auto raw = hex_decode(h.finish().hex);
    return raw.value_or(std::string());
}

}  // namespace

Result<Artifact> load_artifact(const std::string& spec) {
    Artifact a;
    if (spec.rfind("sha256:", 0) == 0) {
        auto raw = hex_decode(std::string_view(spec).substr(7));
        if (!raw || raw->size() != 32) {
            return fail(ErrorCode::InvalidArgument,
                        "artifact digest must be sha256:<64 lower-case hex>", spec);
        }
        a.sha256 = std::move(*raw);
        return a;
    }
    auto fd = open_regular(spec);
    if (!fd) return fail(fd.error());
    auto st = stat_fd(fd->get(), spec);
    if (!st) return fail(st.error());
    if (st->size > kMaxWholeArtifact) {
        auto digest = hash_stream(fd->get(), spec);
        if (!digest) return fail(digest.error());
        a.sha256 = std::move(*digest);
        return a;
    }
    auto bytes = read_fd(fd->get(), kMaxWholeArtifact, spec);
    if (!bytes) return fail(bytes.error());
    a.sha256 = sha256_bytes(*bytes);
    a.bytes = std::move(*bytes);
    return a;
}

Result<Verification> verify_blob(const BlobRequest& request) {
    auto artifact = load_artifact(request.artifact);
    if (!artifact) return fail(artifact.error());
    auto bundle_text = read_regular_file(request.bundle_path, kMaxDocument);
    if (!bundle_text) return fail(bundle_text.error());
    // Without a root (key mode with ignore_tlog) nothing is trusted but the key: any log entry or
    // timestamp in the bundle then fails, as its log or authority is unknown.
    Result<std::string> root_text = std::string("{}");
    if (!request.trusted_root.empty()) {
        root_text = read_regular_file(request.trusted_root, kMaxDocument);
    }
    if (!root_text) return fail(root_text.error());
    Policy policy = request.policy;
    if (!request.key_path.empty()) {
        auto key = read_regular_file(request.key_path, 1U << 20U);
        if (!key) return fail(key.error());
        policy.public_key = std::move(*key);
    }
    auto root = parse_trusted_root(*root_text, request.trusted_root);
    if (!root) return fail(root.error());
    auto bundle = parse_bundle(*bundle_text, request.bundle_path);
    if (!bundle) return fail(bundle.error());
    auto v = verify_bundle(*bundle, *artifact, *root, policy);
    if (!v) {
        Error e = v.error();
        if (e.where.empty()) {
            e.where = request.bundle_path;
        } else if (e.where.rfind(request.bundle_path, 0) != 0 && e.where != "--key") {
            e.where = request.bundle_path + ": " + e.where;
        }
        return fail(e);
    }
    return v;
}

}  // namespace berth::sigstore
