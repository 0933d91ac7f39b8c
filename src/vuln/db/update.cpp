// SPDX-License-Identifier: Apache-2.0
// `berth db update`: mirror index → verified archives → new database → atomic rename.
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/digest.hpp"
#include "core/file.hpp"
#include "core/json_read.hpp"
#include "net/http.hpp"
#include "vuln/db/build.hpp"

namespace berth::vuln::db {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Retries as the registry client does, but waits up to a minute when a mirror asks to.
net::RetryPolicy retry_policy(const UpdateOptions& o) {
    return net::RetryPolicy{.attempts = std::max(1, o.max_attempts),
                            .initial_backoff = std::chrono::milliseconds(500),
                            .max_wait = std::chrono::milliseconds(60'000)};
}

Status check_status(long status, const std::string& url) {
    if (status >= 200 && status < 300) return {};
    if (status == 404) return fail(ErrorCode::NotFound, "HTTP 404 Not Found", url);
    return fail(ErrorCode::Io, "HTTP " + std::to_string(status), url);
}

// A small document (the index, its signature), whole.
Result<std::string> fetch_small(const std::string& url, std::uint64_t max_bytes,
                                const net::RetryPolicy& retry) {
    net::HttpRequest req;
    req.url = url;
    auto r = net::http_fetch(req, max_bytes, retry);
    if (!r) return fail(r.error());
    if (auto s = check_status(r->status, url); !s) return fail(s.error());
    return std::move(r->body);
}

// Streams an archive into `local`, hashing it on the way; more than `size` bytes is an error.
Result<Digest> download(const std::string& url, const fs::path& local, std::uint64_t size,
                        const std::function<void(std::uint64_t)>& progress,
                        const net::RetryPolicy& retry, std::uint64_t& received) {
    net::HttpRequest req;
    req.url = url;
    auto r = net::http_open(req, retry);
    if (!r) return fail(r.error());
    if (auto s = check_status(r->head.status, url); !s) return fail(s.error());
    std::unique_ptr<std::FILE, decltype(&std::fclose)> out(std::fopen(local.c_str(), "wb"),
                                                           std::fclose);
    if (!out) return fail(ErrorCode::Io, "cannot write the download", local.string());
    Sha256 hasher;
    std::vector<char> buf(1U << 16U);
    for (;;) {
        auto n = r->body->read(buf.data(), buf.size());
        if (!n) return fail(with_where(n.error(), url));
        if (*n == 0) break;
        if (received + *n > size) {
            return fail(ErrorCode::LimitExceeded,
                        "download larger than announced (" + std::to_string(size) + " bytes)", url);
        }
        if (std::fwrite(buf.data(), 1, *n, out.get()) != *n) {
            return fail(ErrorCode::Io, "cannot write the download", local.string());
        }
        hasher.update(buf.data(), *n);
        received += *n;
        if (progress) progress(received);
    }
    if (std::fflush(out.get()) != 0)
        return fail(ErrorCode::Io, "cannot write the download", local.string());
    return hasher.finish();
}

// Verifies a base64 signature (ECDSA/RSA/Ed25519 as `cosign sign-blob` or `openssl dgst -sha256
// -sign` makes, base64-encoded) of `data` with the PEM public key at `key_path`.
Status verify_signature(const std::string& data, const std::string& sig_b64,
                        const fs::path& key_path) {
    auto pem = read_regular_file(key_path, std::uint64_t{1} << 20U);
    if (!pem) {
        Error e = pem.error();
        e.message = "cannot read the mirror's public key: " + e.message;
        return fail(std::move(e));
    }
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(pem->data(), static_cast<int>(pem->size())), BIO_free);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr, EVP_PKEY_free);
    if (!key) return fail(ErrorCode::Format, "not a PEM public key", key_path.string());
    std::string b64;
    for (char ch : sig_b64) {
        if (ch != '\n' && ch != '\r' && ch != ' ') b64.push_back(ch);
    }
    std::string sig(b64.size() / 4 * 3 + 3, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(sig.data()),
                                  reinterpret_cast<const unsigned char*>(b64.data()),
                                  static_cast<int>(b64.size()));
    if (n < 0 || b64.empty()) return fail(ErrorCode::Format, "index.json.sig is not base64");
    std::size_t len = static_cast<std::size_t>(n);
    if (!b64.empty() && b64.back() == '=') --len;
    if (b64.size() > 1 && b64[b64.size() - 2] == '=') --len;
    sig.resize(len);
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    const EVP_MD* md = EVP_PKEY_get_id(key.get()) == EVP_PKEY_ED25519 ? nullptr : EVP_sha256();
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, key.get()) != 1) {
        return fail(ErrorCode::Internal, "cannot set up signature verification");
    }
    const int ok =
        EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                         reinterpret_cast<const unsigned char*>(data.data()), data.size());
    if (ok != 1)
        return fail(ErrorCode::DigestMismatch,
                    "the mirror's index.json signature does not verify with the key",
                    key_path.string());
    return {};
}

struct ArchiveEntry {
    std::string name;
    std::string path;
    std::string sha256;
    std::uint64_t size = 0;
};

Result<std::vector<ArchiveEntry>> parse_index(const std::string& body, const std::string& url) {
    std::vector<ArchiveEntry> out;
    try {
        auto parsed = json_read::parse(body, url);  // within the JSON limits
        if (!parsed) return fail(parsed.error());
        const json& j = *parsed;
        if (j.value("format", 0) != 1)
            return fail(ErrorCode::Unsupported, "unknown mirror index format", url);
        for (const auto& a : j.at("archives")) {
            ArchiveEntry e;
            e.name = a.at("name").get<std::string>();
            e.path = a.at("path").get<std::string>();
            e.sha256 = a.at("sha256").get<std::string>();
            e.size = a.at("size").get<std::uint64_t>();
            // Paths are relative to the mirror and become local file names: no escapes.
            if (e.path.empty() || e.path.front() == '/' || e.path.find("..") != std::string::npos ||
                e.path.find("://") != std::string::npos) {
                return fail(ErrorCode::UnsafePath,
                            "archive path must stay inside the mirror: " + e.path, url);
            }
            if (e.sha256.size() != 64 ||
                e.sha256.find_first_not_of("0123456789abcdef") != std::string::npos) {
                return fail(ErrorCode::Format, "archive " + e.name + " has no valid sha256", url);
            }
            out.push_back(std::move(e));
        }
    } catch (const json::exception& e) {
        return fail(ErrorCode::Format, std::string("bad mirror index: ") + e.what(), url);
    }
    if (out.empty()) return fail(ErrorCode::Format, "the mirror index lists no archives", url);
    return out;
}

// A temporary directory removed on scope exit.
class TempDir {
  public:
    explicit TempDir(fs::path p) : path_(std::move(p)) {}
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

}  // namespace

Result<UpdateStats> update_database(const fs::path& db_path, const UpdateOptions& options,
                                    Diagnostics& diagnostics) {
    if (options.mirror.empty()) {
        return fail(ErrorCode::InvalidArgument,
                    "no mirror URL: pass --mirror URL or set BERTH_DB_MIRROR");
    }
    std::string base = options.mirror;
    while (!base.empty() && base.back() == '/') base.pop_back();
    UpdateStats stats;

    const net::RetryPolicy retry = retry_policy(options);
    const std::string index_url = base + "/index.json";
    auto index = fetch_small(index_url, 16U << 20U, retry);
    if (!index) return fail(index.error());
    const std::string& index_body = *index;
    if (!options.public_key.empty()) {
        auto sig = fetch_small(index_url + ".sig", 64U << 10U, retry);
        if (!sig) {
            return fail(
                Error{sig.error().code,
                      "a key was given but the signature cannot be fetched: " + sig.error().message,
                      sig.error().where});
        }
        if (auto s = verify_signature(index_body, *sig, options.public_key); !s)
            return fail(s.error());
    } else {
        diagnostics.push_back(
            {Diagnostic::Severity::Info,
             "index.json signature not checked (no --key given); archives are still checked "
             "against the index's sha256",
             index_url});
    }
    auto entries = parse_index(index_body, index_url);
    if (!entries) return fail(entries.error());
    for (const auto& want : options.only) {
        if (std::none_of(entries->begin(), entries->end(),
                         [&](const ArchiveEntry& e) { return e.name == want; })) {
            return fail(ErrorCode::NotFound,
                        "no archive named \"" + want + "\" in the mirror index", index_url);
        }
    }

    // Locked from the first download: another writer must not take this download directory
    // for a leftover, nor rename its database between this one's download and build.
    auto lock = WriterLock::acquire(db_path, options.lock.timeout, options.lock.on_wait);
    if (!lock) return fail(lock.error());
    remove_stale_work_files(db_path, &*lock);
    std::error_code ec;
    TempDir work(db_path.string() + ".update." + std::to_string(::getpid()));
    fs::remove_all(work.path(), ec);
    fs::create_directories(work.path(), ec);
    if (ec)
        return fail(ErrorCode::Io, "cannot create a download directory: " + ec.message(),
                    work.path().string());

    std::vector<fs::path> files;
    for (std::size_t i = 0; i < entries->size(); ++i) {
        const auto& e = (*entries)[i];
        if (!options.only.empty() &&
            std::find(options.only.begin(), options.only.end(), e.name) == options.only.end()) {
            continue;
        }
        const fs::path local =
            work.path() / (std::to_string(i) + "-" + fs::path(e.path).filename().string());
        std::uint64_t received = 0;
        std::function<void(std::uint64_t)> progress;
        if (options.progress)
            progress = [&](std::uint64_t now) { options.progress(e.name, now, e.size); };
        auto digest = download(base + "/" + e.path, local, e.size, progress, retry, received);
        if (!digest) return fail(digest.error());
        if (received != e.size) {
            return fail(
                ErrorCode::Truncated,
                "got " + std::to_string(received) + " of " + std::to_string(e.size) + " bytes",
                base + "/" + e.path);
        }
        if (digest->hex != e.sha256) {
            return fail(
                ErrorCode::DigestMismatch,
                "archive " + e.name + " has sha256 " + digest->hex + ", the index says " + e.sha256,
                base + "/" + e.path);
        }
        stats.bytes += received;
        ++stats.archives;
        files.push_back(local);
    }
    if (files.empty())
        return fail(ErrorCode::NotFound, "none of the requested archives is on the mirror",
                    index_url);
    auto built = build_database_locked(*lock, files, /*append=*/false, diagnostics);
    if (!built) return fail(built.error());
    stats.build = std::move(*built);
    return stats;
}

}  // namespace berth::vuln::db
