// SPDX-License-Identifier: Apache-2.0
// Format detection from content, parse_document dispatch and import_path: files, directories
// (recursively, in sorted path order) and zip archives (members read as streams through libarchive,
// each capped at kMaxMemberBytes; absolute and ".." member names are refused).
#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "core/file.hpp"
#include "vuln/import/formats.hpp"
#include "vuln/import/import.hpp"

namespace berth::vuln::import {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxFileBytes = std::size_t{1} << 30;  // the Debian tracker JSON is ~100 MB
constexpr std::size_t kMaxMemberBytes = std::size_t{256} << 20;

bool is_ws(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view skip_ws(std::string_view s) {
    if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
    while (!s.empty() && is_ws(s.front())) s.remove_prefix(1);
    return s;
}

// Reads a JSON string token at the front of `s` (no unescaping; enough for keys used here).
bool take_string(std::string_view& s, std::string_view& out) {
    s = skip_ws(s);
    if (s.empty() || s.front() != '"') return false;
    std::size_t i = 1;
    while (i < s.size() && s[i] != '"') i += s[i] == '\\' ? 2 : 1;
    if (i >= s.size()) return false;
    out = s.substr(1, i - 1);
    s.remove_prefix(i + 1);
    return true;
}

bool take_char(std::string_view& s, char c) {
    s = skip_ws(s);
    if (s.empty() || s.front() != c) return false;
    s.remove_prefix(1);
    return true;
}

// {"pkg": {"CVE-…": {  — the tracker export's shape.
bool looks_like_tracker(std::string_view s) {
    std::string_view key;
    std::string_view id;
    return take_char(s, '{') && take_string(s, key) && take_char(s, ':') && take_char(s, '{') &&
           take_string(s, id) && take_char(s, ':') && take_char(s, '{') &&
           (id.starts_with("CVE-") || id.starts_with("TEMP-"));
}

Format detect_json(std::string_view s) {
    if (s.front() == '[') {
        std::string_view rest = s.substr(1);
        rest = skip_ws(rest);
        if (rest.starts_with(']')) return Format::Osv;  // an empty OSV list
        if (!rest.starts_with('{')) return Format::Unknown;
        s = rest;
    } else if (looks_like_tracker(s)) {
        return Format::DebianTrackerJson;
    }
    if (s.find("\"distroversion\"") != std::string_view::npos &&
        s.find("\"packages\"") != std::string_view::npos) {
        return Format::AlpineSecdb;
    }
    if (s.find("\"id\"") != std::string_view::npos &&
        s.find("\"modified\"") != std::string_view::npos) {
        return Format::Osv;
    }
    return Format::Unknown;
}

std::string_view first_line(std::string_view s) {
    const std::size_t nl = s.find('\n');
    return s.substr(0, nl);
}

}  // namespace

std::vector<ImporterInfo> all_importers() {
    return {detail::kAlpineSecdbImporter,   detail::kDebianDlaImporter, detail::kDebianDsaImporter,
            detail::kDebianTrackerImporter, detail::kOsvImporter,       detail::kUbuntuUctImporter};
}

std::string_view format_name(Format f) {
    switch (f) {
        case Format::Unknown:
            return "unknown";
        case Format::Osv:
            return "osv";
        case Format::DebianTrackerJson:
            return "debian-tracker-json";
        case Format::DebianDsaList:
            return "debian-dsa-list";
        case Format::DebianDlaList:
            return "debian-dla-list";
        case Format::UbuntuUct:
            return "ubuntu-uct";
        case Format::AlpineSecdb:
            return "alpine-secdb";
    }
    return "unknown";
}

Format detect_format(std::string_view head, std::string_view file_name) {
    const std::string_view s = skip_ws(head);
    if (s.empty()) return Format::Unknown;
    if (s.front() == '{' || s.front() == '[') {
        const Format json = detect_json(s);
        if (json != Format::Unknown || s.front() == '{') return json;
    }
    // "[29 Mar 2023] DSA-5380-1 …": the id says which list; the name breaks a tie.
    const std::string_view line = first_line(s);
    if (line.starts_with('[')) {
        const std::size_t close = line.find(']');
        if (close != std::string_view::npos && close > 1) {
            const std::string_view rest = detail::trim(line.substr(close + 1));
            if (rest.starts_with("DSA-")) return Format::DebianDsaList;
            if (rest.starts_with("DLA-")) return Format::DebianDlaList;
            if (!rest.empty() && line.size() > close + 1 && line[close + 1] == ' ') {
                if (file_name.find("DLA") != std::string_view::npos) return Format::DebianDlaList;
                if (file_name.find("DSA") != std::string_view::npos) return Format::DebianDsaList;
            }
        }
    }
    // UCT: a "Candidate:" field at the start of a line.
    if (s.starts_with("Candidate:") || s.find("\nCandidate:") != std::string_view::npos)
        return Format::UbuntuUct;
    return Format::Unknown;
}

Status parse_document(Format format, std::string_view bytes, std::string_view where,
                      const Sink& sink, Diagnostics& diagnostics) {
    switch (format) {
        case Format::Osv:
            return detail::parse_osv(bytes, where, sink, diagnostics);
        case Format::DebianTrackerJson:
            return detail::parse_debian_tracker(bytes, where, sink, diagnostics);
        case Format::DebianDsaList:
            return detail::parse_debian_list(bytes, false, where, sink, diagnostics);
        case Format::DebianDlaList:
            return detail::parse_debian_list(bytes, true, where, sink, diagnostics);
        case Format::UbuntuUct:
            return detail::parse_ubuntu_uct(bytes, where, sink, diagnostics);
        case Format::AlpineSecdb:
            return detail::parse_alpine_secdb(bytes, where, sink, diagnostics);
        case Format::Unknown:
            break;
    }
    return fail(ErrorCode::InvalidArgument, "unknown advisory format", std::string(where));
}

namespace {

struct Importer {
    const Sink& sink;
    Diagnostics& diagnostics;
    ImportStats stats;
    Sink counting;

    Importer(const Sink& s, Diagnostics& d) : sink(s), diagnostics(d) {
        counting = [this](Advisory&& adv) -> Status {
            ++stats.advisories;
            ++stats.per_source[adv.source];
            return sink(std::move(adv));
        };
    }

    Status document(std::string_view bytes, const std::string& where, std::string_view name) {
        ++stats.files;
        const Format format = detect_format(bytes, name);
        if (format == Format::Unknown) {
            ++stats.skipped_files;
            diagnostics.push_back(
                {Diagnostic::Severity::Info, "not an advisory format berth reads; skipped", where});
            return {};
        }
        return parse_document(format, bytes, where, counting, diagnostics);
    }

    Status zip(const fs::path& path, std::uintmax_t size) {
        const std::string zwhere = path.string();
        std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(),
                                                                 archive_read_free);
        if (!a) return fail(ErrorCode::Internal, "archive_read_new failed", zwhere);
        archive_read_support_format_zip(a.get());
        if (archive_read_open_filename(a.get(), zwhere.c_str(), 1 << 16) != ARCHIVE_OK) {
            return fail(ErrorCode::Format,
                        std::string("not a readable zip: ") + archive_error_string(a.get()),
                        zwhere);
        }
        const auto archive_failure = [&](const std::string& where) {
            const char* msg = archive_error_string(a.get());
            const std::string text = msg != nullptr ? msg : "unknown libarchive error";
            // An error once libarchive has read the whole file means the data ran out: truncated.
            const bool truncated =
                archive_filter_bytes(a.get(), -1) >= static_cast<la_int64_t>(size) ||
                text.find("runcated") != std::string::npos ||
                text.find("remature end") != std::string::npos ||
                text.find("unexpected end") != std::string::npos;
            return fail(truncated ? ErrorCode::Truncated : ErrorCode::Format, "zip: " + text,
                        where);
        };
        std::string data;
        for (;;) {
            archive_entry* entry = nullptr;
            const int r = archive_read_next_header(a.get(), &entry);
            if (r == ARCHIVE_EOF) break;
            if (r < ARCHIVE_WARN) return archive_failure(zwhere);
            const char* raw = archive_entry_pathname_utf8(entry);
            if (raw == nullptr) raw = archive_entry_pathname(entry);
            const std::string name = raw != nullptr ? raw : "";
            const std::string where = zwhere + "/" + name;
            if (archive_entry_filetype(entry) != AE_IFREG) continue;
            const fs::path member(name);
            if (name.empty() || member.is_absolute() || name.front() == '/' ||
                name.front() == '\\') {
                return fail(ErrorCode::UnsafePath, "absolute zip member name refused", where);
            }
            for (const auto& part : member) {
                if (part == "..")
                    return fail(ErrorCode::UnsafePath, "zip member name with \"..\" refused",
                                where);
            }
            data.clear();
            char buf[1 << 16];
            for (;;) {
                const la_ssize_t n = archive_read_data(a.get(), buf, sizeof buf);
                if (n == 0) break;
                if (n < 0) return archive_failure(where);
                if (data.size() + static_cast<std::size_t>(n) > kMaxMemberBytes) {
                    return fail(
                        ErrorCode::LimitExceeded,
                        "zip member larger than " + std::to_string(kMaxMemberBytes >> 20) + " MiB",
                        where);
                }
                data.append(buf, static_cast<std::size_t>(n));
            }
            if (auto s = document(data, where, member.filename().string()); !s) return s;
        }
        return {};
    }

    Status file(const fs::path& path) {
        const std::string where = path.string();
        std::error_code ec;
        const auto size = fs::file_size(path, ec);
        if (ec) return fail(ErrorCode::Io, "cannot stat: " + ec.message(), where);
        if (size > kMaxFileBytes) {
            return fail(ErrorCode::LimitExceeded,
                        "file larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB", where);
        }
        // Checked again on the open descriptor (core/file.hpp): a FIFO is refused, not waited on.
        auto read = read_regular_file(path, kMaxFileBytes);
        if (!read) return fail(read.error());
        std::string data = std::move(*read);
        if (data.starts_with("PK\x03\x04") || data.starts_with("PK\x05\x06")) {
            ++stats.files;
            return zip(path, size);
        }
        return document(data, where, path.filename().string());
    }
};

}  // namespace

Result<ImportStats> import_path(const std::filesystem::path& path, const Sink& sink,
                                Diagnostics& diagnostics) {
    Importer importer(sink, diagnostics);
    std::error_code ec;
    const auto st = fs::status(path, ec);
    if (ec || !fs::exists(st))
        return fail(ErrorCode::NotFound, "no such file or directory", path.string());
    if (fs::is_directory(st)) {
        std::vector<fs::path> files;
        fs::recursive_directory_iterator it(path, ec);
        if (ec) return fail(ErrorCode::Io, "cannot list: " + ec.message(), path.string());
        for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) return fail(ErrorCode::Io, "cannot list: " + ec.message(), it->path().string());
            std::error_code fec;
            if (it->is_regular_file(fec)) files.push_back(it->path());
        }
        if (ec) return fail(ErrorCode::Io, "cannot list: " + ec.message(), path.string());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            if (auto s = importer.file(f); !s) return fail(s.error());
        }
    } else {
        if (auto s = importer.file(path); !s) return fail(s.error());
    }
    return std::move(importer.stats);
}

}  // namespace berth::vuln::import
