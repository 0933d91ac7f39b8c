// SPDX-License-Identifier: Apache-2.0
// files/credentials: credential files left in an image, found by path and confirmed by a cheap
// look at their first 64 KiB (after dockle CIS-DI-0010's suspicious files and Trivy's secret
// scanner's well-known locations). required() compares the path's tail only; files over 1 MiB
// are never credential files of these kinds and are skipped.
//
//   path tail               confirmed when the content holds          kind
//   .aws/credentials        aws_secret_access_key (any case)          aws-credentials
//   .docker/config.json     "auths" and a non-empty "auth" or an      docker-config
//                           "identitytoken"
//   id_rsa id_dsa id_ecdsa  PRIVATE KEY                               ssh-private-key
//   id_ed25519
//   .npmrc                  _authToken, _auth= or _password           npmrc
//   .pypirc                 password                                  pypirc
//   .git-credentials        @ (a URL with user info)                  git-credentials
//   .kube/config            token:, client-key-data or password:      kube-config
//   .netrc                  password                                  netrc
//
//   root/.docker/config.json {"auths":{"ghcr.io":{"auth":"dXNlcjpwdw=="}}}
//     → FileFinding{analyzer "files/credentials", kind "docker-config",
//                   detail "Docker registry credentials (.docker/config.json)", …}
// A file that matches a path but not its content (an empty .npmrc, a public-only config.json
// with credsStore) is not a finding. The secret itself is never copied into the finding.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "analyze/files/file_mode.hpp"
#include "analyze/plugins.hpp"
#include "core/text.hpp"

namespace berth::analyze {
namespace {

constexpr std::string_view kName = "files/credentials";
constexpr std::uint64_t kMaxSize = 1U << 20U;
constexpr std::size_t kPrefix = 64U << 10U;

struct Kind {
    std::string_view tail;  ///< path tail: a whole path or what follows a '/'
    std::string_view kind;
    std::string_view what;  ///< detail text
};

constexpr std::array<Kind, 11> kKinds{{
    {".aws/credentials", "aws-credentials", "AWS access keys"},
    {".docker/config.json", "docker-config", "Docker registry credentials"},
    {"id_rsa", "ssh-private-key", "SSH private key"},
    {"id_dsa", "ssh-private-key", "SSH private key"},
    {"id_ecdsa", "ssh-private-key", "SSH private key"},
    {"id_ed25519", "ssh-private-key", "SSH private key"},
    {".npmrc", "npmrc", "npm registry token"},
    {".pypirc", "pypirc", "PyPI password"},
    {".git-credentials", "git-credentials", "git credentials"},
    {".kube/config", "kube-config", "Kubernetes credentials"},
    {".netrc", "netrc", "netrc password"},
}};

bool has_tail(std::string_view path, std::string_view tail) {
    if (!path.ends_with(tail)) return false;
    return path.size() == tail.size() || path[path.size() - tail.size() - 1] == '/';
}

const Kind* kind_of(std::string_view path) {
    for (const Kind& k : kKinds) {
        if (has_tail(path, k.tail)) return &k;
    }
    return nullptr;
}

// A JSON key with a non-empty string value: "auth": "x…".
bool non_empty_value(std::string_view s, std::string_view quoted_key) {
    for (auto pos = s.find(quoted_key); pos != std::string_view::npos;
         pos = s.find(quoted_key, pos + 1)) {
        std::size_t i = pos + quoted_key.size();
        while (i < s.size() && text::is_space(s[i])) ++i;
        if (i >= s.size() || s[i] != ':') continue;
        ++i;
        while (i < s.size() && text::is_space(s[i])) ++i;
        if (i + 1 < s.size() && s[i] == '"' && s[i + 1] != '"') return true;
    }
    return false;
}

bool confirmed(std::string_view kind, std::string_view content) {
    auto has = [&](std::string_view needle) {
        return content.find(needle) != std::string_view::npos;
    };
    if (kind == "aws-credentials")
        return text::lower(content).find("aws_secret_access_key") != std::string::npos;
    if (kind == "docker-config") {
        return has("\"auths\"") && (non_empty_value(content, "\"auth\"") ||
                                    non_empty_value(content, "\"identitytoken\""));
    }
    if (kind == "ssh-private-key") return has("PRIVATE KEY");
    if (kind == "npmrc") return has("_authToken") || has("_auth=") || has("_password");
    if (kind == "pypirc" || kind == "netrc") return has("password");
    if (kind == "git-credentials") return has("@");
    if (kind == "kube-config") return has("token:") || has("client-key-data") || has("password:");
    return false;
}

// The first `kPrefix` bytes of the file (credential files are small; a key is at the top).
Result<std::string> read_prefix(ByteStream& in) {
    std::string out(kPrefix, '\0');
    std::size_t have = 0;
    while (have < out.size()) {
        auto n = in.read(out.data() + have, out.size() - have);
        if (!n) return fail(n.error());
        if (*n == 0) break;
        have += *n;
    }
    out.resize(have);
    return out;
}

class Credentials final : public Analyzer {
  public:
    [[nodiscard]] std::string_view name() const override { return kName; }
    [[nodiscard]] int version() const override { return 1; }
    [[nodiscard]] bool required(std::string_view path, const FileInfo& info) const override {
        return info.type == image::EntryType::File && info.size <= kMaxSize &&
               kind_of(path) != nullptr;
    }
    Status analyze(const AnalysisInput& input, LayerAnalysis& out) const override {
        const Kind* k = kind_of(input.path);
        if (k == nullptr) return {};
        auto content = read_prefix(input.content);
        if (!content) return fail(content.error());
        if (!confirmed(k->kind, *content)) return {};
        const std::string detail = std::string(k->what) + " (" + std::string(k->tail) + ", mode " +
                                   octal_mode(input.entry.mode & 07777U) + ")";
        out.file_findings.push_back(header_finding(kName, std::string(k->kind), detail, input));
        return {};
    }
};

}  // namespace

std::unique_ptr<Analyzer> make_credentials() {
    return std::make_unique<Credentials>();
}

}  // namespace berth::analyze
