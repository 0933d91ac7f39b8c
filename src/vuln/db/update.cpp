// SPDX-License-Identifier: Apache-2.0
// `berth db update`: mirror index → verified archives → new database → atomic rename.
#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>
#include <algorithm>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "core/digest.hpp"
#include "core/version.hpp"
#include "vuln/db/build.hpp"

namespace berth::vuln::db {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct CurlGlobal {
    CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
    ~CurlGlobal() { curl_global_cleanup(); }
};

struct Download {
    std::FILE* file = nullptr;       // when writing to a file
    std::string* memory = nullptr;   // when keeping the body
    std::optional<std::uint64_t> limit;  // most bytes accepted
    std::uint64_t received = 0;
    bool over_limit = false;
    std::string retry_after;
    std::optional<Sha256> hasher;   // hashes the body as it arrives
    std::function<void(std::uint64_t, std::uint64_t)> progress;
};

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
    auto* d = static_cast<Download*>(user);
    const std::size_t len = size * n;
    if (d->limit && d->received + len > *d->limit) {
        d->over_limit = true;
        return 0;  // aborts the transfer
    }
    d->received += len;
    if (d->hasher) d->hasher->update(data, len);
    if (d->memory != nullptr) d->memory->append(data, len);
    if (d->file != nullptr && std::fwrite(data, 1, len, d->file) != len) return 0;
    return len;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
    auto* d = static_cast<Download*>(user);
    std::string_view line(data, size * n);
    constexpr std::string_view kKey = "retry-after:";
    if (line.size() > kKey.size()) {
        std::string head(line.substr(0, kKey.size()));
        for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (head == kKey) {
            std::string v(line.substr(kKey.size()));
            v.erase(0, v.find_first_not_of(" \t"));
            v.erase(v.find_last_not_of(" \t\r\n") + 1);
            d->retry_after = v;
        }
    }
    return size * n;
}

int on_progress(void* user, curl_off_t total, curl_off_t now, curl_off_t, curl_off_t) {
    auto* d = static_cast<Download*>(user);
    if (d->progress) d->progress(static_cast<std::uint64_t>(now), static_cast<std::uint64_t>(total));
    return 0;
}

// GET `url` into `d`, retrying 429/5xx/connection failures with backoff (Retry-After honoured,
// capped at 60 s). The body of a failed attempt is discarded (`reset` rewinds the target).
Status http_get(const std::string& url, Download& d, int max_attempts, const std::function<void()>& reset) {
    std::string last_error;
    ErrorCode last_code = ErrorCode::Io;
    for (int attempt = 1; attempt <= max_attempts; ++attempt) {
        reset();
        d.received = 0;
        d.retry_after.clear();
        d.over_limit = false;
        std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
        if (!curl) return fail(ErrorCode::Internal, "curl_easy_init failed");
        char errbuf[CURL_ERROR_SIZE] = {};
        CURL* c = curl.get();
        curl_easy_setopt(c, CURLOPT_URL, url.c_str());
        curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
        curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
        // Never follow an https mirror down to plain http.
        curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, url.rfind("https:", 0) == 0 ? "https" : "http,https");
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
        // A stalled server must not hang an update forever: under 1 KiB/s for 60 s aborts.
        curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L);
        curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
        const std::string agent = std::string("berth/") + kVersion;
        curl_easy_setopt(c, CURLOPT_USERAGENT, agent.c_str());
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &d);
        curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(c, CURLOPT_HEADERDATA, &d);
        if (d.progress) {
            curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
            curl_easy_setopt(c, CURLOPT_XFERINFODATA, &d);
            curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
        }
        const CURLcode rc = curl_easy_perform(c);
        long status = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        if (d.over_limit) {
            return fail(ErrorCode::LimitExceeded,
                        "download larger than announced (" + std::to_string(d.limit.value_or(0)) + " bytes)", url);
        }
        bool retry = false;
        if (rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL || rc == CURLE_PEER_FAILED_VERIFICATION ||
            rc == CURLE_SSL_CACERT_BADFILE || rc == CURLE_TOO_MANY_REDIRECTS) {
            // Retrying cannot fix these.
            return fail(ErrorCode::Io, errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc), url);
        }
        if (rc != CURLE_OK) {
            last_error = errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc);
            last_code = ErrorCode::Io;
            if (rc == CURLE_PARTIAL_FILE) {
                last_error = "connection closed before the whole body arrived (" + last_error + ")";
                last_code = ErrorCode::Truncated;
            }
            retry = true;
        } else if (status == 429 || status >= 500) {
            last_error = "HTTP " + std::to_string(status);
            last_code = ErrorCode::Io;
            retry = true;
        } else if (status == 404) {
            return fail(ErrorCode::NotFound, "HTTP 404 Not Found", url);
        } else if (status >= 400) {
            return fail(ErrorCode::Io, "HTTP " + std::to_string(status), url);
        } else {
            return {};
        }
        if (!retry || attempt == max_attempts) break;
        long wait_ms = 500L << (attempt - 1);
        if (!d.retry_after.empty()) {
            char* end = nullptr;
            const long secs = std::strtol(d.retry_after.c_str(), &end, 10);
            if (end != nullptr && *end == '\0' && secs >= 0) wait_ms = std::min(secs, 60L) * 1000;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
    }
    return fail(last_code, last_error + " (after " + std::to_string(max_attempts) + " attempts)", url);
}

// Verifies a base64 signature (ECDSA/RSA/Ed25519 as `cosign sign-blob` or `openssl dgst -sha256
// -sign` makes, base64-encoded) of `data` with the PEM public key at `key_path`.
Status verify_signature(const std::string& data, const std::string& sig_b64, const fs::path& key_path) {
    std::unique_ptr<std::FILE, decltype(&std::fclose)> f(std::fopen(key_path.c_str(), "r"), std::fclose);
    if (!f) return fail(ErrorCode::NotFound, "cannot open the mirror's public key", key_path.string());
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(PEM_read_PUBKEY(f.get(), nullptr, nullptr, nullptr),
                                                            EVP_PKEY_free);
    if (!key) return fail(ErrorCode::Format, "not a PEM public key", key_path.string());
    std::string b64;
    for (char ch : sig_b64) {
        if (ch != '\n' && ch != '\r' && ch != ' ') b64.push_back(ch);
    }
    std::string sig(b64.size() / 4 * 3 + 3, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(sig.data()),
                                  reinterpret_cast<const unsigned char*>(b64.data()), static_cast<int>(b64.size()));
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
    const int ok = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                                    reinterpret_cast<const unsigned char*>(data.data()), data.size());
    if (ok != 1) return fail(ErrorCode::DigestMismatch, "the mirror's index.json signature does not verify with the key",
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
        const json j = json::parse(body);
        if (j.value("format", 0) != 1) return fail(ErrorCode::Unsupported, "unknown mirror index format", url);
        for (const auto& a : j.at("archives")) {
            ArchiveEntry e;
            e.name = a.at("name").get<std::string>();
            e.path = a.at("path").get<std::string>();
            e.sha256 = a.at("sha256").get<std::string>();
            e.size = a.at("size").get<std::uint64_t>();
            // Paths are relative to the mirror and become local file names: no escapes.
            if (e.path.empty() || e.path.front() == '/' || e.path.find("..") != std::string::npos ||
                e.path.find("://") != std::string::npos) {
                return fail(ErrorCode::UnsafePath, "archive path must stay inside the mirror: " + e.path, url);
            }
            if (e.sha256.size() != 64 || e.sha256.find_first_not_of("0123456789abcdef") != std::string::npos) {
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

Result<UpdateStats> update_database(const fs::path& db_path, const UpdateOptions& options, Diagnostics& diagnostics) {
    static CurlGlobal curl_global;
    if (options.mirror.empty()) {
        return fail(ErrorCode::InvalidArgument, "no mirror URL: pass --mirror URL or set BERTH_DB_MIRROR");
    }
    std::string base = options.mirror;
    while (!base.empty() && base.back() == '/') base.pop_back();
    UpdateStats stats;

    Download idx;
    std::string index_body;
    idx.memory = &index_body;
    idx.limit = 16U << 20U;
    const std::string index_url = base + "/index.json";
    if (auto s = http_get(index_url, idx, options.max_attempts, [&] { index_body.clear(); }); !s) return fail(s.error());
    if (!options.public_key.empty()) {
        Download sd;
        std::string sig;
        sd.memory = &sig;
        sd.limit = 64U << 10U;
        if (auto s = http_get(index_url + ".sig", sd, options.max_attempts, [&] { sig.clear(); }); !s) {
            return fail(Error{s.error().code, "a key was given but the signature cannot be fetched: " + s.error().message,
                              s.error().where});
        }
        if (auto s = verify_signature(index_body, sig, options.public_key); !s) return fail(s.error());
    } else {
        diagnostics.push_back({Diagnostic::Severity::Info,
                               "index.json signature not checked (no --key given); archives are still checked "
                               "against the index's sha256",
                               index_url});
    }
    auto entries = parse_index(index_body, index_url);
    if (!entries) return fail(entries.error());
    for (const auto& want : options.only) {
        if (std::none_of(entries->begin(), entries->end(), [&](const ArchiveEntry& e) { return e.name == want; })) {
            return fail(ErrorCode::NotFound, "no archive named \"" + want + "\" in the mirror index", index_url);
        }
    }

    std::error_code ec;
    if (db_path.has_parent_path()) fs::create_directories(db_path.parent_path(), ec);
    remove_stale_work_files(db_path);
    TempDir work(db_path.string() + ".update." + std::to_string(::getpid()));
    fs::remove_all(work.path(), ec);
    fs::create_directories(work.path(), ec);
    if (ec) return fail(ErrorCode::Io, "cannot create a download directory: " + ec.message(), work.path().string());

    std::vector<fs::path> files;
    for (std::size_t i = 0; i < entries->size(); ++i) {
        const auto& e = (*entries)[i];
        if (!options.only.empty() &&
            std::find(options.only.begin(), options.only.end(), e.name) == options.only.end()) {
            continue;
        }
        const fs::path local = work.path() / (std::to_string(i) + "-" + fs::path(e.path).filename().string());
        std::unique_ptr<std::FILE, decltype(&std::fclose)> out(nullptr, std::fclose);
        Download d;
        d.limit = e.size;
        if (options.progress) {
            d.progress = [&](std::uint64_t now, std::uint64_t total) { options.progress(e.name, now, total ? total : e.size); };
        }
        auto reset = [&] {
            out.reset(std::fopen(local.c_str(), "wb"));
            d.file = out.get();
            d.hasher.emplace();
        };
        if (auto s = http_get(base + "/" + e.path, d, options.max_attempts, reset); !s) return fail(s.error());
        if (!out || std::fflush(out.get()) != 0) return fail(ErrorCode::Io, "cannot write the download", local.string());
        out.reset();
        if (d.received != e.size) {
            return fail(ErrorCode::Truncated,
                        "got " + std::to_string(d.received) + " of " + std::to_string(e.size) + " bytes",
                        base + "/" + e.path);
        }
        const Digest digest = d.hasher->finish();
        if (digest.hex != e.sha256) {
            return fail(ErrorCode::DigestMismatch, "archive " + e.name + " has sha256 " + digest.hex +
                                                       ", the index says " + e.sha256,
                        base + "/" + e.path);
        }
        stats.bytes += d.received;
        ++stats.archives;
        files.push_back(local);
    }
    if (files.empty()) return fail(ErrorCode::NotFound, "none of the requested archives is on the mirror", index_url);
    auto built = build_database(db_path, files, /*append=*/false, diagnostics);
    if (!built) return fail(built.error());
    stats.build = std::move(*built);
    return stats;
}

}  // namespace berth::vuln::db
