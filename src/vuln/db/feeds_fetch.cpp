// SPDX-License-Identifier: Apache-2.0
// One source of `berth db update`: a conditional, resumable download into D.feeds/new/, and the
// state file that remembers each copy's validators (RFC 9110 §8.8 ETag, §8.8.2 Last-Modified,
// §13.1 conditional requests, §14 range requests with If-Range).
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/digest.hpp"
#include "core/file.hpp"
#include "core/json_read.hpp"
#include "net/http.hpp"
#include "vuln/db/feeds_internal.hpp"

namespace berth::vuln::db::detail {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::uint64_t kMaxStateBytes = 16U << 20U;

json copy_to_json(const CopyInfo& c) {
    return {{"url", c.url},
            {"etag", c.etag},
            {"last_modified", c.last_modified},
            {"size", c.size},
            {"sha256", c.sha256}};
}

CopyInfo copy_from_json(const json& j) {
    CopyInfo c;
    c.url = j.value("url", "");
    c.etag = j.value("etag", "");
    c.last_modified = j.value("last_modified", "");
    c.size = j.value("size", std::uint64_t{0});
    c.sha256 = j.value("sha256", "");
    return c;
}

Status write_atomically(const fs::path& file, const std::string& text) {
    const fs::path tmp = file.string() + ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) return fail(ErrorCode::Io, "cannot write", tmp.string());
    }
    std::error_code ec;
    fs::rename(tmp, file, ec);
    if (ec) return fail(ErrorCode::Io, "cannot rename: " + ec.message(), file.string());
    return {};
}

// Download metadata of new/FILE: new/FILE.json, {"complete": bool, …CopyInfo}.
struct Partial {
    CopyInfo copy;
    bool complete = false;
};

fs::path meta_path(const fs::path& data) {
    return fs::path(data.string() + ".json");
}

std::optional<Partial> load_partial(const fs::path& data, const std::string& url) {
    auto text = read_regular_file(meta_path(data), 1U << 20U);
    if (!text) return std::nullopt;
    try {
        const json j = json::parse(*text);
        Partial p{copy_from_json(j), j.value("complete", false)};
        if (p.copy.url != url) return std::nullopt;
        return p;
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

Status save_partial(const fs::path& data, const Partial& p) {
    json j = copy_to_json(p.copy);
    j["complete"] = p.complete;
    return write_atomically(meta_path(data),
                            j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void remove_partial(const fs::path& data) {
    std::error_code ec;
    fs::remove(data, ec);
    fs::remove(meta_path(data), ec);
}

std::uint64_t file_size_or_zero(const fs::path& p) {
    std::error_code ec;
    const auto n = fs::file_size(p, ec);
    return ec ? 0 : n;
}

// "bytes 100-999/1000" → 100; nullopt when malformed.
std::optional<std::uint64_t> content_range_start(const std::string& value) {
    if (value.rfind("bytes ", 0) != 0) return std::nullopt;
    const auto dash = value.find('-', 6);
    if (dash == std::string::npos || dash == 6) return std::nullopt;
    const std::string n = value.substr(6, dash - 6);
    if (n.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    return std::stoull(n);
}

Status hash_existing(const fs::path& file, std::uint64_t size, Sha256& hasher) {
    std::ifstream in(file, std::ios::binary);
    std::vector<char> buf(1U << 16U);
    std::uint64_t left = size;
    while (left > 0 && in) {
        in.read(buf.data(),
                static_cast<std::streamsize>(std::min<std::uint64_t>(buf.size(), left)));
        const auto n = static_cast<std::uint64_t>(in.gcount());
        if (n == 0) break;
        hasher.update(buf.data(), n);
        left -= n;
    }
    if (left != 0) return fail(ErrorCode::Io, "cannot read the partial download", file.string());
    return {};
}

// What one request asks for.
struct Ask {
    std::string if_none_match;
    std::string if_modified_since;
    std::uint64_t resume_from = 0;  ///< Range: bytes=N- (0 = whole)
    std::string if_range;
};

net::HttpRequest make_request(const std::string& url, const Ask& ask) {
    net::HttpRequest req;
    req.url = url;  // TLS is verified (net/http.hpp); http:// only when the user named one
    if (!ask.if_none_match.empty()) req.headers.push_back("If-None-Match: " + ask.if_none_match);
    if (!ask.if_modified_since.empty())
        req.headers.push_back("If-Modified-Since: " + ask.if_modified_since);
    if (ask.resume_from > 0) {
        req.headers.push_back("Range: bytes=" + std::to_string(ask.resume_from) + "-");
        req.headers.push_back("If-Range: " + ask.if_range);
    }
    return req;
}

// Streams the body of a 200/206 into `data` (appending from `offset`), hashing all of the file.
Result<std::uint64_t> receive(ByteStream& body, const fs::path& data, std::uint64_t offset,
                              std::uint64_t total, Sha256& hasher, const FeedSource& source,
                              const FeedOptions& options) {
    std::unique_ptr<std::FILE, decltype(&std::fclose)> out(
        std::fopen(data.c_str(), offset > 0 ? "ab" : "wb"), std::fclose);
    if (!out) return fail(ErrorCode::Io, "cannot write the download", data.string());
    std::vector<char> buf(1U << 16U);
    std::uint64_t have = offset;
    for (;;) {
        auto n = body.read(buf.data(), buf.size());
        if (!n) return fail(n.error());  // located at the URL by the HTTP client
        if (*n == 0) break;
        if (have + *n > options.max_download_bytes) {
            return fail(ErrorCode::LimitExceeded,
                        "download larger than the limit of " +
                            std::to_string(options.max_download_bytes) + " bytes",
                        source.url);
        }
        // Flushed chunk by chunk: what a killed update received stays on disk to be resumed.
        if (std::fwrite(buf.data(), 1, *n, out.get()) != *n || std::fflush(out.get()) != 0)
            return fail(ErrorCode::Io, "cannot write the download", data.string());
        hasher.update(buf.data(), *n);
        have += *n;
        if (options.progress) options.progress(source.name, have, total);
    }
    if (std::fflush(out.get()) != 0)
        return fail(ErrorCode::Io, "cannot write the download", data.string());
    return have - offset;
}

// The validators and resume point for `source`, and which complete copy a 304 would confirm.
struct Plan {
    Ask ask;
    std::optional<Fetched> on_304;
};

Plan plan_request(const FeedSource& source, const FeedDirs& dirs,
                  const std::optional<CopyInfo>& cached, const FeedOptions& options) {
    Plan plan;
    const fs::path data = dirs.fresh / source.file;
    if (options.force) {
        remove_partial(data);
        return plan;
    }
    auto partial = load_partial(data, source.url);
    if (!partial) remove_partial(data);
    const auto use = [&](const CopyInfo& c, const fs::path& file, bool fresh) {
        plan.ask.if_none_match = c.etag;
        if (c.etag.empty()) plan.ask.if_modified_since = c.last_modified;
        plan.on_304 =
            Fetched{{source.name, source.url, FeedOutcome::Kind::NotModified, 0}, file, c, fresh};
    };
    if (partial && partial->complete && file_size_or_zero(data) == partial->copy.size) {
        use(partial->copy, data, true);
        return plan;
    }
    if (cached && cached->url == source.url &&
        file_size_or_zero(dirs.cache / source.file) == cached->size) {
        use(*cached, dirs.cache / source.file, false);
    }
    const std::uint64_t have = file_size_or_zero(data);
    if (partial && !partial->complete && have > 0) {
        // If-Range needs a strong validator: an ETag not marked weak, else the date.
        const std::string& etag = partial->copy.etag;
        plan.ask.if_range =
            !etag.empty() && etag.rfind("W/", 0) != 0 ? etag : partial->copy.last_modified;
        if (!plan.ask.if_range.empty()) plan.ask.resume_from = have;
    }
    return plan;
}

Error http_error(long status, const std::string& url) {
    const std::string text = "HTTP " + std::to_string(status);
    return Error{status == 404 ? ErrorCode::NotFound : ErrorCode::Io, text, url};
}

// A 200 or 206: records the new validators first (so a cut transfer can be resumed), then the body.
Result<Fetched> take_body(const FeedSource& source, const FeedDirs& dirs, net::HttpStream& r,
                          std::uint64_t offset, const FeedOptions& options) {
    const fs::path data = dirs.fresh / source.file;
    Partial p;
    p.copy.url = source.url;
    p.copy.etag = r.head.header("etag").value_or("");
    p.copy.last_modified = r.head.header("last-modified").value_or("");
    if (auto s = save_partial(data, p); !s) return fail(s.error());
    std::uint64_t total = 0;
    if (auto len = r.head.header("content-length")) {
        if (!len->empty() && len->find_first_not_of("0123456789") == std::string::npos)
            total = offset + std::stoull(*len);
    }
    if (total > options.max_download_bytes) {
        remove_partial(data);
        return fail(ErrorCode::LimitExceeded,
                    "the server announces " + std::to_string(total) + " bytes, over the limit of " +
                        std::to_string(options.max_download_bytes),
                    source.url);
    }
    Sha256 hasher;
    if (offset > 0) {
        if (auto s = hash_existing(data, offset, hasher); !s) return fail(s.error());
    }
    auto got = receive(*r.body, data, offset, total, hasher, source, options);
    if (!got) {
        if (got.error().code != ErrorCode::Truncated) remove_partial(data);
        return fail(got.error());
    }
    p.copy.size = offset + *got;
    if (total != 0 && p.copy.size != total) {
        return fail(
            ErrorCode::Truncated,
            "got " + std::to_string(p.copy.size) + " of " + std::to_string(total) + " bytes",
            source.url);
    }
    p.copy.sha256 = hasher.finish().hex;
    p.complete = true;
    if (auto s = save_partial(data, p); !s) return fail(s.error());
    const auto kind = offset > 0 ? FeedOutcome::Kind::Resumed : FeedOutcome::Kind::Downloaded;
    return Fetched{{source.name, source.url, kind, *got}, data, p.copy, true};
}

}  // namespace

FeedState load_state(const fs::path& file) {
    FeedState state;
    auto text = read_regular_file(file, kMaxStateBytes);
    if (!text) return state;
    try {
        const json j = json::parse(*text);
        if (j.value("format", 0) != 1) return state;
        for (const auto& [name, c] : j.at("cache").items()) state.cache[name] = copy_from_json(c);
        const json& d = j.at("database");
        state.db_built_at = d.value("built_at", "");
        for (const auto& [name, sha] : d.at("sources").items())
            state.db_sources[name] = sha.get<std::string>();
    } catch (const json::exception&) {
        return FeedState{};  // unreadable: start over, the next build rewrites it
    }
    return state;
}

Status save_state(const fs::path& file, const FeedState& state) {
    json j = {{"format", 1}, {"cache", json::object()}};
    for (const auto& [name, c] : state.cache) j["cache"][name] = copy_to_json(c);
    j["database"] = {{"built_at", state.db_built_at}, {"sources", state.db_sources}};
    // ETags and Last-Modified values come from the server: never throw on bad UTF-8.
    return write_atomically(file,
                            j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

Result<Fetched> fetch_source(const FeedSource& source, const FeedDirs& dirs,
                             const std::optional<CopyInfo>& cached, const FeedOptions& options) {
    const net::RetryPolicy retry{.attempts = std::max(1, options.max_attempts),
                                 .initial_backoff = std::chrono::milliseconds(500),
                                 .max_wait = std::chrono::milliseconds(60'000)};
    Plan plan = plan_request(source, dirs, cached, options);
    for (int attempt = 0;; ++attempt) {
        auto r = net::http_open(make_request(source.url, plan.ask), retry);
        if (!r) return fail(r.error());
        const long status = r->head.status;
        if (status == 304 && plan.on_304) return std::move(*plan.on_304);
        if (status == 404 && source.missing_ok) {
            return Fetched{{source.name, source.url, FeedOutcome::Kind::Missing, 0}, {}, {}, false};
        }
        std::uint64_t offset = 0;
        if (status == 206 && plan.ask.resume_from > 0) {
            const auto start = content_range_start(r->head.header("content-range").value_or(""));
            if (start && *start == plan.ask.resume_from) offset = *start;
        }
        if (status == 200 || (status == 206 && offset > 0)) {
            return take_body(source, dirs, *r, offset, options);
        }
        if ((status == 416 || status == 206) && plan.ask.resume_from > 0 && attempt == 0) {
            remove_partial(dirs.fresh / source.file);  // the server would not resume: start over
            plan.ask.resume_from = 0;
            plan.ask.if_range.clear();
            continue;
        }
        return fail(http_error(status, source.url));
    }
}

}  // namespace berth::vuln::db::detail
