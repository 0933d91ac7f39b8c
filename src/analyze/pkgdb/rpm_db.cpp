// SPDX-License-Identifier: Apache-2.0
// pkgdb/rpm: the rpm database (after Trivy pkg/fanal/analyzer/pkg/rpm/rpm.go, scalibr
// extractor/filesystem/os/rpm and go-rpmdb). Under var/lib/rpm/, usr/lib/sysimage/rpm/
// (Fedora ≥ 36, SUSE) or usr/share/rpm/ (scalibr's list) rpm keeps one of three stores:
//   Packages       BerkeleyDB hash (rpm ≤ 4.15: RHEL/CentOS ≤ 8, Amazon Linux 2)  rpm_bdb.cpp
//   Packages.db    rpm's own "ndb" store (SUSE)                                   rpm_ndb.cpp
//   rpmdb.sqlite   SQLite, table Packages(hnum INTEGER PRIMARY KEY, blob BLOB)   here
//                  (+ rpmdb.sqlite-wal: committed changes not yet checkpointed)
// All three hold the same thing: one rpm header blob per installed package, keyed by a header
// number. Each blob becomes an sbom::Package (rpm_header.cpp); the other rpm files (Name,
// Basenames, Index.db, …) are indexes of the same data and are not read.
//
// Example: var/lib/rpm/Packages of a RHEL 8 image (go-rpmdb testdata/libuuid) → PackageDb{analyzer
// "pkgdb/rpm", path "var/lib/rpm/Packages", packages {…, Package{name "libuuid", version
// "2.32.1-42.el8_8", arch "x86_64", source_name "util-linux", source_version "2.32.1-42.el8_8",
// license "BSD", vendor "Red Hat, Inc.", checksum "c1e561f1…", installed_size 35104, files
// {"usr/lib64/…"}}}}.
//
// Like `rpm -qa`, the gpg-pubkey pseudo-packages (imported signing keys) are listed: the
// reference lists (go-rpmdb, recorded with rpm -qa) include them.
//
// SQLite and its write-ahead log. The -wal file may come before or after rpmdb.sqlite in a layer,
// so both are kept in LayerAnalysis::pending and read in finish(), once the whole layer was seen.
// Without a -wal (or with an empty one) the database is opened from memory
// (sqlite3_deserialize; the header's WAL-mode bytes are reset first, as an in-memory database
// cannot be in WAL mode). With a non-empty -wal, both files are written to a private directory
// made with mkdtemp under $TMPDIR (mode 0700, files 0600), opened read-only by SQLite (which
// replays the committed frames of the log), and deleted. A -wal whose rpmdb.sqlite is not in the
// same layer is not applied to the copy a lower layer holds (the merge keeps one snapshot of each
// file per layer): a warning says so.
// Untrusted database files are opened as SQLite's documentation advises (core/sqlite_guard.hpp):
// defensive mode, no SQL functions in berth's query, no triggers, views or untrusted schema
// functions, values of at most 32 MiB, and a budget of steps and of wall-clock time (10 s) for the
// one query; Packages must be a plain table whose hnum and blob columns are stored (a generated
// column, a view or a virtual table is refused: reading one row could take any time).
//
// Memory: all three formats need random access, so a database file is read whole, up to
// AnalysisInput::max_file_read (a larger one is a LimitExceeded error); SQLite files wait in
// `pending` until finish(). Header blobs are parsed one at a time.
//
// Errors: a file that is not the database it is named after, or whose structure is broken, is an
// error (the scan goes on without it); a header blob that cannot be parsed is one warning
// diagnostic (`where` = "var/lib/rpm/Packages:header 12") and the other packages are kept.
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "analyze/pkgdb/rpm_bdb.hpp"
#include "analyze/pkgdb/rpm_header.hpp"
#include "analyze/pkgdb/rpm_ndb.hpp"
#include "analyze/plugins.hpp"
#include "core/sqlite_guard.hpp"

namespace berth::analyze {
namespace {

constexpr std::string_view kName = "pkgdb/rpm";
// Keys of LayerAnalysis::pending owned by this analyzer: kPendingPrefix + path.
constexpr std::string_view kPendingPrefix = "pkgdb/rpm:";
constexpr std::array<std::string_view, 3> kDirs = {"var/lib/rpm/", "usr/lib/sysimage/rpm/",
                                                   "usr/share/rpm/"};
constexpr std::string_view kSqliteName = "rpmdb.sqlite";
constexpr std::string_view kWalName = "rpmdb.sqlite-wal";
constexpr std::string_view kWalSuffix = "-wal";
constexpr std::size_t kMaxDiagnostics = 50;  // per database; then one summary line
// SQLite virtual-machine steps for the one query, in units of sqlite_guard::Budget's period
// (1000): far more than reading thousands of rows needs, far less than a hostile schema could ask
// for; and a wall-clock deadline, as one step can be slow. Reading the 3.6 MB rpmdb.sqlite of
// CBL-Mariner 2.0 (129 packages) takes a few milliseconds.
constexpr std::uint64_t kProgressBudget = 200'000;
constexpr std::chrono::seconds kTimeBudget{10};
// Largest value of a row: rpm's own header limit is 256 MiB (rpm_header.hpp), but the largest
// headers of real distributions (texlive, kernel) are a few MiB.
constexpr std::size_t kMaxSqliteValue = std::size_t{32} << 20U;

enum class DbFile { None, Packages, PackagesDb, Sqlite, SqliteWal };

DbFile classify(std::string_view path) {
    for (std::string_view dir : kDirs) {
        if (path.size() <= dir.size() || path.compare(0, dir.size(), dir) != 0) continue;
        const std::string_view base = path.substr(dir.size());
        if (base == "Packages") return DbFile::Packages;
        if (base == "Packages.db") return DbFile::PackagesDb;
        if (base == kSqliteName) return DbFile::Sqlite;
        if (base == kWalName) return DbFile::SqliteWal;
        return DbFile::None;
    }
    return DbFile::None;
}

// An error of a reader, with the database path in front of its location; the location also goes
// into the message, as diagnostics built from an analyzer error show the message only.
Error located(Error e, const std::string& path) {
    if (!e.where.empty()) {
        e.message += " (at " + e.where + ")";
        e.where = path + ":" + e.where;
    } else {
        e.where = path;
    }
    return e;
}

// Turns header blobs into packages; a blob that does not parse is a diagnostic.
class Collector {
  public:
    Collector(std::string path, std::size_t max_packages, const LayerAnalysis& out)
        : path_(std::move(path)), max_packages_(max_packages) {
        files_.budget = out.file_lists;
    }

    Status add(std::uint32_t number, std::string_view blob) {
        // Fail closed past the cap: the reader stops at this error (rpm_db.cpp's callers).
        if (blobs_ >= max_packages_) return fail(too_many_packages(max_packages_, {}));
        ++blobs_;
        auto p = rpmdb::parse_header_blob(blob, files_);
        if (!p) {
            if (!first_error_) first_error_ = p.error();
            warn(number, p.error().message + "; package skipped");
            return {};
        }
        p->location.path = path_;
        packages_.push_back(std::move(*p));
        return {};
    }

    [[nodiscard]] rpmdb::BlobVisitor visitor() {
        return [this](std::uint32_t number, std::string_view blob) { return add(number, blob); };
    }

    /// Moves the result into `out`. Error (Format) when there were blobs and none parsed: the
    /// file is then not an rpm database, whatever its container format says.
    Status finish(LayerAnalysis& out) {
        if (blobs_ > 0 && packages_.empty()) {
            return fail(ErrorCode::Format,
                        "none of the " + std::to_string(blobs_) +
                            " records is an rpm header: " + first_error_->message);
        }
        if (dropped_ > 0) {
            diagnostics_.push_back({Diagnostic::Severity::Warning,
                                    std::string(kName) + ": " + std::to_string(dropped_) +
                                        " more unreadable headers not listed",
                                    path_});
        }
        if (files_.cut > 0) note_file_lists_cut(*files_.budget, path_, diagnostics_);
        out.diagnostics.insert(out.diagnostics.end(), std::make_move_iterator(diagnostics_.begin()),
                               std::make_move_iterator(diagnostics_.end()));
        out.package_dbs.push_back(PackageDb{std::string(kName), path_, std::move(packages_)});
        return {};
    }

  private:
    void warn(std::uint32_t number, std::string message) {
        if (diagnostics_.size() >= kMaxDiagnostics) {
            ++dropped_;
            return;
        }
        diagnostics_.push_back({Diagnostic::Severity::Warning,
                                std::string(kName) + ": " + std::move(message),
                                path_ + ":header " + std::to_string(number)});
    }

    std::string path_;
    std::size_t max_packages_;
    std::vector<sbom::Package> packages_;
    Diagnostics diagnostics_;
    std::size_t dropped_ = 0;
    std::size_t blobs_ = 0;
    std::optional<Error> first_error_;
    rpmdb::FileKeeping files_;
};

// ---- SQLite ---------------------------------------------------------------------------------

struct SqliteClose {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using SqlitePtr = std::unique_ptr<sqlite3, SqliteClose>;

struct StmtFinalize {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalize>;

constexpr std::string_view kSqliteMagic{"SQLite format 3\0", 16};

Error sqlite_error(sqlite3* db, int rc, const std::string& what) {
    const char* msg = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    const int primary = rc & 0xFF;
    const ErrorCode code =
        primary == SQLITE_INTERRUPT || primary == SQLITE_TOOBIG ? ErrorCode::LimitExceeded
        : primary == SQLITE_CANTOPEN || primary == SQLITE_IOERR || primary == SQLITE_NOMEM
            ? ErrorCode::Io
            : ErrorCode::Format;
    return Error{code, what + ": " + (msg != nullptr ? msg : "unknown SQLite error"), {}};
}

// Settings for a database file nobody vouches for (core/sqlite_guard.hpp): no functions, no
// triggers or views, values no larger than an rpm header may be.
void harden(sqlite3* db) {
    sqlite_guard::harden(db, {.max_value_bytes = kMaxSqliteValue});
}

// Hands every row of Packages to `visit`, within a budget of SQLite steps and time. Packages
// must be a plain table: a generated column or a view could make one row cost any time.
Status query_packages(sqlite3* db, const rpmdb::BlobVisitor& visit) {
    if (auto st = sqlite_guard::check_plain_table(db, "Packages", {"hnum", "blob"}); !st) {
        return st;
    }
    const sqlite_guard::Budget budget(db, {.steps = kProgressBudget, .time = kTimeBudget});
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db, "SELECT hnum, blob FROM Packages", -1, &raw, nullptr);
    const StmtPtr stmt(raw);
    if (rc != SQLITE_OK) return fail(sqlite_error(db, rc, "no readable Packages table"));
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
        const sqlite3_int64 hnum = sqlite3_column_int64(stmt.get(), 0);
        const void* data = sqlite3_column_blob(stmt.get(), 1);
        const int size = sqlite3_column_bytes(stmt.get(), 1);
        const std::string_view blob =
            data != nullptr && size > 0
                ? std::string_view(static_cast<const char*>(data), static_cast<std::size_t>(size))
                : std::string_view();
        const auto number = hnum > 0 && hnum <= sqlite3_int64{UINT32_MAX}
                                ? static_cast<std::uint32_t>(hnum)
                                : std::uint32_t{0};
        if (auto st = visit(number, blob); !st) return st;
    }
    if ((rc & 0xFF) == SQLITE_INTERRUPT) return fail(budget.error("reading Packages"));
    if (rc != SQLITE_DONE) return fail(sqlite_error(db, rc, "reading Packages failed"));
    return {};
}

Status check_sqlite_magic(std::string_view bytes) {
    if (bytes.empty()) return fail(ErrorCode::Truncated, "empty file", {});
    if (bytes.size() < 100 || bytes.substr(0, kSqliteMagic.size()) != kSqliteMagic) {
        return fail(ErrorCode::Format, "not an SQLite database (bad header)", "offset 0x0");
    }
    return {};
}

// rpmdb.sqlite alone, from memory. `bytes` is modified (WAL-mode header bytes reset).
Status read_sqlite_memory(std::string& bytes, const rpmdb::BlobVisitor& visit) {
    if (auto st = check_sqlite_magic(bytes); !st) return st;
    // Bytes 18 and 19 are the read/write format versions, 2 = WAL. An in-memory database
    // cannot use a WAL, and there is none to replay: read it as a rollback-journal database.
    for (std::size_t i : {std::size_t{18}, std::size_t{19}}) {
        if (bytes[i] == 2) bytes[i] = 1;
    }
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    SqlitePtr db(raw);
    if (rc != SQLITE_OK)
        return fail(sqlite_error(db.get(), rc, "cannot open an in-memory database"));
    harden(db.get());
    rc = sqlite3_deserialize(db.get(), "main", reinterpret_cast<unsigned char*>(bytes.data()),
                             static_cast<sqlite3_int64>(bytes.size()),
                             static_cast<sqlite3_int64>(bytes.size()), SQLITE_DESERIALIZE_READONLY);
    if (rc != SQLITE_OK) return fail(sqlite_error(db.get(), rc, "cannot load the database"));
    return query_packages(db.get(), visit);
}

// strerror, thread-safe.
std::string os_error(int err) {
    return std::error_code(err, std::generic_category()).message();
}

// A directory made with mkdtemp, removed with everything in it when this goes out of scope.
// Errors name no path: the directory's name is random, and diagnostics are compared as text.
class PrivateDir {
  public:
    static Result<PrivateDir> make() {
        const char* tmp = std::getenv("TMPDIR");
        const std::string base = tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
        std::string tmpl = base + "/berth-rpmdb-XXXXXX";
        if (::mkdtemp(tmpl.data()) == nullptr) {
            return fail(ErrorCode::Io, "cannot make a temporary directory in " + base +
                                           " to replay the -wal: " + os_error(errno));
        }
        return PrivateDir(std::move(tmpl));
    }
    PrivateDir(PrivateDir&& other) noexcept : path_(std::exchange(other.path_, {})) {}
    PrivateDir& operator=(PrivateDir&&) = delete;
    PrivateDir(const PrivateDir&) = delete;
    PrivateDir& operator=(const PrivateDir&) = delete;
    ~PrivateDir() {
        if (path_.empty()) return;
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);  // best effort: nothing to report it to
    }

    [[nodiscard]] const std::string& path() const { return path_; }

    Status write(const std::string& name, std::string_view bytes) const {
        const std::string file = path_ + "/" + name;
        const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0)
            return fail(ErrorCode::Io,
                        "cannot create a temporary " + name + ": " + os_error(errno));
        while (!bytes.empty()) {
            const ssize_t n = ::write(fd, bytes.data(), bytes.size());
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                const int err = n < 0 ? errno : ENOSPC;
                ::close(fd);
                return fail(ErrorCode::Io,
                            "cannot write a temporary " + name + ": " + os_error(err));
            }
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
        if (::close(fd) != 0) {
            return fail(ErrorCode::Io, "cannot write a temporary " + name + ": " + os_error(errno));
        }
        return {};
    }

  private:
    explicit PrivateDir(std::string path) : path_(std::move(path)) {}
    std::string path_;
};

// rpmdb.sqlite with its non-empty -wal: SQLite replays the log from a private copy of both.
Status read_sqlite_with_wal(std::string_view main, std::string_view wal,
                            const rpmdb::BlobVisitor& visit) {
    if (!main.empty()) {
        if (auto st = check_sqlite_magic(main); !st) return st;
    }
    auto dir = PrivateDir::make();
    if (!dir) return fail(dir.error());
    const std::string name(kSqliteName);
    if (auto st = dir->write(name, main); !st) return st;
    if (auto st = dir->write(name + std::string(kWalSuffix), wal); !st) return st;
    sqlite3* raw = nullptr;
    const std::string file = dir->path() + "/" + name;
    const int rc = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
    SqlitePtr db(raw);  // closed before `dir` is removed
    if (rc != SQLITE_OK) return fail(sqlite_error(db.get(), rc, "cannot open the database"));
    harden(db.get());
    return query_packages(db.get(), visit);
}

// ---- the analyzer ---------------------------------------------------------------------------

class RpmDb final : public Analyzer {
  public:
    [[nodiscard]] std::string_view name() const override { return kName; }
    // 2: the package cap (--max-packages) and plain-table SQLite only (issue 11). 3: the
    // owned-file path budget.
    [[nodiscard]] int version() const override { return 3; }

    [[nodiscard]] bool required(std::string_view path, const FileInfo& /*info*/) const override {
        return classify(path) != DbFile::None;
    }

    Status analyze(const AnalysisInput& input, LayerAnalysis& out) const override {
        const DbFile kind = classify(input.path);
        if (kind == DbFile::None) return {};
        auto bytes = read_all(input.content, input.max_file_read, input.path);
        if (!bytes) return fail(bytes.error());
        if (kind == DbFile::Sqlite || kind == DbFile::SqliteWal) {
            out.pending[std::string(kPendingPrefix) + input.path] = std::move(*bytes);
            return {};
        }
        // Packages or Packages.db: trust the content over the name.
        Collector collector(input.path, input.max_packages, out);
        const Status st = rpmdb::looks_like_ndb(*bytes)
                              ? rpmdb::for_each_ndb_blob(*bytes, collector.visitor())
                              : rpmdb::for_each_bdb_hash_record(*bytes, collector.visitor());
        if (!st) return fail(located(st.error(), input.path));
        if (auto fin = collector.finish(out); !fin) return fail(located(fin.error(), input.path));
        return {};
    }

    // Reads the SQLite databases of the layer, each with its -wal when there is one. Failures
    // become diagnostics here, as an error returned from finish() could not name the file.
    Status finish(LayerAnalysis& out, std::size_t max_packages) const override {
        std::vector<std::pair<std::string, std::string>> mine;  // path → bytes
        for (auto it = out.pending.lower_bound(std::string(kPendingPrefix));
             it != out.pending.end() &&
             it->first.compare(0, kPendingPrefix.size(), kPendingPrefix) == 0;) {
            mine.emplace_back(it->first.substr(kPendingPrefix.size()), std::move(it->second));
            it = out.pending.erase(it);
        }
        auto find = [&mine](const std::string& path) -> std::string* {
            for (auto& [p, bytes] : mine) {
                if (p == path) return &bytes;
            }
            return nullptr;
        };
        for (auto& [path, bytes] : mine) {
            if (classify(path) == DbFile::SqliteWal) {
                const std::string main = path.substr(0, path.size() - kWalSuffix.size());
                if (find(main) == nullptr && !bytes.empty()) {
                    warn(out, path,
                         "write-ahead log without " + std::string(kSqliteName) +
                             " in the same layer; its changes are not applied");
                }
                continue;
            }
            const std::string* wal = find(path + std::string(kWalSuffix));
            Collector collector(path, max_packages, out);
            Status st = wal != nullptr && !wal->empty()
                            ? read_sqlite_with_wal(bytes, *wal, collector.visitor())
                            : read_sqlite_memory(bytes, collector.visitor());
            if (st) st = collector.finish(out);
            if (!st) {
                const Error e = located(st.error(), path);
                warn(out, e.where, e.message, /*incomplete=*/true);  // the database was not read
            }
        }
        return {};
    }

  private:
    static void warn(LayerAnalysis& out, const std::string& where, const std::string& message,
                     bool incomplete = false) {
        out.diagnostics.push_back({Diagnostic::Severity::Warning,
                                   std::string(kName) + ": " + message, where, incomplete});
    }
};

}  // namespace

std::unique_ptr<Analyzer> make_rpm_db() {
    return std::make_unique<RpmDb>();
}

}  // namespace berth::analyze
