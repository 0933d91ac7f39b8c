// SPDX-License-Identifier: Apache-2.0
#include "serve/store.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <mutex>
#include <nlohmann/json.hpp>

namespace berth::serve {
namespace {

constexpr const char* kSchemaVersion = "1";

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS images(
  id INTEGER PRIMARY KEY,
  registry TEXT NOT NULL, repository TEXT NOT NULL, digest TEXT NOT NULL,
  media_type TEXT NOT NULL DEFAULT '', tags TEXT NOT NULL DEFAULT '[]',
  first_seen TEXT NOT NULL, last_seen TEXT NOT NULL,
  state TEXT NOT NULL, error TEXT NOT NULL DEFAULT '', scanned_at TEXT NOT NULL DEFAULT '',
  scans INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0,
  UNIQUE(repository, digest));
CREATE INDEX IF NOT EXISTS images_by_state ON images(state, id);
CREATE INDEX IF NOT EXISTS images_by_digest ON images(digest);
CREATE TABLE IF NOT EXISTS sboms(image_id INTEGER PRIMARY KEY REFERENCES images(id),
  cyclonedx TEXT NOT NULL, spdx TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS packages(image_id INTEGER NOT NULL REFERENCES images(id),
  type TEXT NOT NULL, name TEXT NOT NULL, version TEXT NOT NULL, purl TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS packages_by_image ON packages(image_id);
CREATE INDEX IF NOT EXISTS packages_by_name ON packages(type, name);
CREATE TABLE IF NOT EXISTS findings(image_id INTEGER NOT NULL REFERENCES images(id),
  vuln_id TEXT NOT NULL, package TEXT NOT NULL, version TEXT NOT NULL,
  fixed_version TEXT NOT NULL, severity TEXT NOT NULL, first_seen TEXT NOT NULL,
  PRIMARY KEY(image_id, vuln_id, package, version));
CREATE INDEX IF NOT EXISTS findings_by_vuln ON findings(vuln_id);
)sql";

constexpr const char* kImageColumns =
    "id, registry, repository, digest, media_type, tags, first_seen, last_seen, state, error, "
    "scanned_at, scans, deleted";

struct DbClose {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbPtr = std::unique_ptr<sqlite3, DbClose>;

// One prepared statement; binds are 1-based like SQLite's.
class Stmt {
  public:
    Stmt(sqlite3* db, const std::string& sql) {
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) stmt_ = nullptr;
    }
    ~Stmt() { sqlite3_finalize(stmt_); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    [[nodiscard]] bool ok() const { return stmt_ != nullptr; }
    Stmt& bind(int i, const std::string& v) {
        sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Stmt& bind(int i, std::int64_t v) {
        sqlite3_bind_int64(stmt_, i, v);
        return *this;
    }
    /// SQLITE_ROW, SQLITE_DONE or an error code.
    int step() { return sqlite3_step(stmt_); }
    [[nodiscard]] std::string text(int col) const {
        const auto* p = sqlite3_column_text(stmt_, col);
        return p == nullptr
                   ? std::string()
                   : std::string(reinterpret_cast<const char*>(p),
                                 static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
    }
    [[nodiscard]] std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }

  private:
    sqlite3_stmt* stmt_ = nullptr;
};

std::vector<std::string> parse_tags(const std::string& text) {
    std::vector<std::string> out;
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_array()) return out;
    for (const auto& t : j) {
        if (t.is_string()) out.push_back(t.get<std::string>());
    }
    return out;
}

std::string tags_json(std::vector<std::string> tags) {
    std::sort(tags.begin(), tags.end());
    tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
    return nlohmann::json(tags).dump();
}

ImageRow read_image(const Stmt& s) {
    ImageRow r;
    r.id = s.integer(0);
    r.registry = s.text(1);
    r.repository = s.text(2);
    r.digest = s.text(3);
    r.media_type = s.text(4);
    r.tags = parse_tags(s.text(5));
    r.first_seen = s.text(6);
    r.last_seen = s.text(7);
    r.state = s.text(8);
    r.error = s.text(9);
    r.scanned_at = s.text(10);
    r.scans = s.integer(11);
    r.deleted = s.integer(12) != 0;
    return r;
}

}  // namespace

struct Store::Impl {
    std::filesystem::path path;
    DbPtr db;
    std::mutex mu;

    Error sql_error(const std::string& what) const {
        return Error{ErrorCode::Io, what + ": " + sqlite3_errmsg(db.get()), path.string()};
    }
    Status exec(const std::string& sql) {
        char* msg = nullptr;
        if (sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
            std::string m = msg == nullptr ? "sqlite error" : msg;
            sqlite3_free(msg);
            return fail(ErrorCode::Io, m, path.string());
        }
        return {};
    }
    // Runs a statement that returns no rows.
    Status run(Stmt& s, const std::string& what) {
        if (!s.ok()) return fail(sql_error("cannot prepare " + what));
        const int rc = s.step();
        if (rc != SQLITE_DONE && rc != SQLITE_ROW) return fail(sql_error(what));
        return {};
    }
    Result<std::vector<ImageRow>> select_images(const std::string& where,
                                                const std::vector<std::string>& args);
};

Result<std::vector<ImageRow>> Store::Impl::select_images(const std::string& where,
                                                         const std::vector<std::string>& args) {
    Stmt s(db.get(), std::string("SELECT ") + kImageColumns + " FROM images " + where);
    if (!s.ok()) return fail(sql_error("cannot read images"));
    for (std::size_t i = 0; i < args.size(); ++i) s.bind(static_cast<int>(i + 1), args[i]);
    std::vector<ImageRow> out;
    int rc = 0;
    while ((rc = s.step()) == SQLITE_ROW) out.push_back(read_image(s));
    if (rc != SQLITE_DONE) return fail(sql_error("cannot read images"));
    return out;
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::open(const std::filesystem::path& path) {
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(
        path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
        nullptr);
    impl->db.reset(raw);
    if (rc != SQLITE_OK) return fail(impl->sql_error("cannot open the serve database"));
    sqlite3_busy_timeout(raw, 5000);
    if (auto s = impl->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"); !s) {
        return fail(s.error());
    }
    if (auto s = impl->exec(kSchema); !s) return fail(s.error());
    std::unique_ptr<Store> store(new Store(std::move(impl)));
    auto version = store->meta("schema_version");
    if (!version) return fail(version.error());
    if (version->empty()) {
        if (auto s = store->set_meta("schema_version", kSchemaVersion); !s) return fail(s.error());
    } else if (*version != kSchemaVersion) {
        return fail(ErrorCode::Format,
                    "serve database schema version " + *version + " (this berth reads " +
                        kSchemaVersion + ")",
                    path.string());
    }
    // Scans a previous process did not finish are run again.
    if (auto s = store->impl_->exec("UPDATE images SET state = 'queued' WHERE state = 'scanning'");
        !s) {
        return fail(s.error());
    }
    return store;
}

Result<bool> Store::record_push(const RegistryEvent& e, const std::string& now) {
    std::lock_guard lock(impl_->mu);
    auto found =
        impl_->select_images("WHERE repository = ?1 AND digest = ?2", {e.repository, e.digest});
    if (!found) return fail(found.error());
    if (found->empty()) {
        Stmt s(impl_->db.get(),
               "INSERT INTO images(registry, repository, digest, media_type, tags, first_seen, "
               "last_seen, state) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?6, 'queued')");
        s.bind(1, e.registry).bind(2, e.repository).bind(3, e.digest).bind(4, e.media_type);
        s.bind(5, tags_json(e.tag.empty() ? std::vector<std::string>{}
                                          : std::vector<std::string>{e.tag}));
        s.bind(6, now);
        if (auto st = impl_->run(s, "cannot record the image"); !st) return fail(st.error());
        return true;
    }
    ImageRow row = found->front();
    if (!e.tag.empty()) row.tags.push_back(e.tag);
    const bool requeue = row.state == "failed";
    Stmt s(impl_->db.get(),
           "UPDATE images SET tags = ?1, last_seen = ?2, deleted = 0, state = ?3, "
           "registry = CASE WHEN ?4 = '' THEN registry ELSE ?4 END WHERE id = ?5");
    s.bind(1, tags_json(row.tags))
        .bind(2, now)
        .bind(3, requeue ? std::string("queued") : row.state);
    s.bind(4, e.registry).bind(5, row.id);
    if (auto st = impl_->run(s, "cannot update the image"); !st) return fail(st.error());
    return requeue;
}

Result<int> Store::record_delete(const RegistryEvent& e, const std::string& now) {
    std::lock_guard lock(impl_->mu);
    if (!e.digest.empty()) {
        Stmt s(
            impl_->db.get(),
            "UPDATE images SET deleted = 1, last_seen = ?1 WHERE repository = ?2 AND digest = ?3");
        s.bind(1, now).bind(2, e.repository).bind(3, e.digest);
        if (auto st = impl_->run(s, "cannot mark the image deleted"); !st) return fail(st.error());
        return sqlite3_changes(impl_->db.get());
    }
    auto found = impl_->select_images("WHERE repository = ?1", {e.repository});
    if (!found) return fail(found.error());
    int changed = 0;
    for (auto& row : *found) {
        const auto before = row.tags.size();
        std::erase(row.tags, e.tag);
        if (row.tags.size() == before) continue;
        Stmt s(impl_->db.get(), "UPDATE images SET tags = ?1, last_seen = ?2 WHERE id = ?3");
        s.bind(1, tags_json(row.tags)).bind(2, now).bind(3, row.id);
        if (auto st = impl_->run(s, "cannot remove the tag"); !st) return fail(st.error());
        ++changed;
    }
    return changed;
}

Result<std::optional<ImageRow>> Store::claim_next() {
    std::lock_guard lock(impl_->mu);
    auto found = impl_->select_images("WHERE state = 'queued' ORDER BY id LIMIT 1", {});
    if (!found) return fail(found.error());
    if (found->empty()) return std::optional<ImageRow>();
    ImageRow row = found->front();
    Stmt s(impl_->db.get(), "UPDATE images SET state = 'scanning' WHERE id = ?1");
    s.bind(1, row.id);
    if (auto st = impl_->run(s, "cannot claim a scan"); !st) return fail(st.error());
    row.state = "scanning";
    return std::optional<ImageRow>(std::move(row));
}

Status Store::save_scan(std::int64_t id, const ScanRecord& rec, const std::string& now) {
    std::unique_lock lock(impl_->mu);
    if (auto s = impl_->exec("BEGIN IMMEDIATE"); !s) return s;
    auto body = [&]() -> Status {
        Stmt del_s(impl_->db.get(), "DELETE FROM sboms WHERE image_id = ?1");
        del_s.bind(1, id);
        Stmt del_p(impl_->db.get(), "DELETE FROM packages WHERE image_id = ?1");
        del_p.bind(1, id);
        for (Stmt* s : {&del_s, &del_p}) {
            if (auto st = impl_->run(*s, "cannot clear the old scan"); !st) return st;
        }
        Stmt sb(impl_->db.get(), "INSERT INTO sboms(image_id, cyclonedx, spdx) VALUES(?1, ?2, ?3)");
        sb.bind(1, id).bind(2, rec.cyclonedx).bind(3, rec.spdx);
        if (auto st = impl_->run(sb, "cannot store the SBOM"); !st) return st;
        for (const auto& p : rec.packages) {
            Stmt s(impl_->db.get(),
                   "INSERT INTO packages(image_id, type, name, version, purl) "
                   "VALUES(?1, ?2, ?3, ?4, ?5)");
            s.bind(1, id).bind(2, p.type).bind(3, p.name).bind(4, p.version).bind(5, p.purl);
            if (auto st = impl_->run(s, "cannot store a package"); !st) return st;
        }
        Stmt up(impl_->db.get(),
                "UPDATE images SET state = 'scanned', error = '', scanned_at = ?1, "
                "scans = scans + 1 WHERE id = ?2");
        up.bind(1, now).bind(2, id);
        return impl_->run(up, "cannot mark the image scanned");
    };
    if (auto st = body(); !st) {
        (void)impl_->exec("ROLLBACK");
        return st;
    }
    if (auto s = impl_->exec("COMMIT"); !s) return s;
    lock.unlock();
    return replace_findings(id, rec.findings, now);
}

Status Store::save_failure(std::int64_t id, const std::string& error, const std::string& now) {
    std::lock_guard lock(impl_->mu);
    Stmt s(impl_->db.get(),
           "UPDATE images SET state = 'failed', error = ?1, scanned_at = ?2, scans = scans + 1 "
           "WHERE id = ?3");
    s.bind(1, error).bind(2, now).bind(3, id);
    return impl_->run(s, "cannot record the failed scan");
}

Result<std::vector<ImageRow>> Store::images() {
    std::lock_guard lock(impl_->mu);
    return impl_->select_images("ORDER BY repository, digest", {});
}

Result<std::optional<ImageRow>> Store::image_by_digest(const std::string& digest) {
    std::lock_guard lock(impl_->mu);
    auto found =
        impl_->select_images("WHERE digest = ?1 ORDER BY last_seen DESC, id DESC", {digest});
    if (!found) return fail(found.error());
    if (found->empty()) return std::optional<ImageRow>();
    return std::optional<ImageRow>(found->front());
}

Result<std::vector<PackageRow>> Store::packages(std::int64_t id) {
    std::lock_guard lock(impl_->mu);
    Stmt s(impl_->db.get(),
           "SELECT type, name, version, purl FROM packages WHERE image_id = ?1 "
           "ORDER BY type, name, version");
    if (!s.ok()) return fail(impl_->sql_error("cannot read packages"));
    s.bind(1, id);
    std::vector<PackageRow> out;
    int rc = 0;
    while ((rc = s.step()) == SQLITE_ROW)
        out.push_back({s.text(0), s.text(1), s.text(2), s.text(3)});
    if (rc != SQLITE_DONE) return fail(impl_->sql_error("cannot read packages"));
    return out;
}

Result<std::vector<FindingRow>> Store::findings(std::int64_t id) {
    std::lock_guard lock(impl_->mu);
    Stmt s(impl_->db.get(),
           "SELECT vuln_id, package, version, fixed_version, severity, first_seen FROM findings "
           "WHERE image_id = ?1 ORDER BY vuln_id, package, version");
    if (!s.ok()) return fail(impl_->sql_error("cannot read findings"));
    s.bind(1, id);
    std::vector<FindingRow> out;
    int rc = 0;
    while ((rc = s.step()) == SQLITE_ROW) {
        out.push_back({s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5)});
    }
    if (rc != SQLITE_DONE) return fail(impl_->sql_error("cannot read findings"));
    return out;
}

Result<std::optional<std::string>> Store::sbom(std::int64_t id, const std::string& format) {
    if (format != "cyclonedx" && format != "spdx") {
        return fail(ErrorCode::InvalidArgument, "unknown SBOM format '" + format + "'");
    }
    std::lock_guard lock(impl_->mu);
    Stmt s(impl_->db.get(), "SELECT " + format + " FROM sboms WHERE image_id = ?1");
    if (!s.ok()) return fail(impl_->sql_error("cannot read the SBOM"));
    s.bind(1, id);
    const int rc = s.step();
    if (rc == SQLITE_DONE) return std::optional<std::string>();
    if (rc != SQLITE_ROW) return fail(impl_->sql_error("cannot read the SBOM"));
    return std::optional<std::string>(s.text(0));
}

Status Store::replace_findings(std::int64_t id, const std::vector<FindingRow>& findings,
                               const std::string& now) {
    auto old = this->findings(id);
    if (!old) return fail(old.error());
    std::lock_guard lock(impl_->mu);
    if (auto s = impl_->exec("BEGIN IMMEDIATE"); !s) return s;
    auto body = [&]() -> Status {
        Stmt del(impl_->db.get(), "DELETE FROM findings WHERE image_id = ?1");
        del.bind(1, id);
        if (auto st = impl_->run(del, "cannot clear findings"); !st) return st;
        for (const auto& f : findings) {
            std::string first = now;
            for (const auto& o : *old) {
                if (o.same_as(f)) first = o.first_seen;
            }
            Stmt s(impl_->db.get(),
                   "INSERT OR REPLACE INTO findings(image_id, vuln_id, package, version, "
                   "fixed_version, severity, first_seen) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
            s.bind(1, id).bind(2, f.vuln_id).bind(3, f.package).bind(4, f.version);
            s.bind(5, f.fixed_version).bind(6, f.severity).bind(7, first);
            if (auto st = impl_->run(s, "cannot store a finding"); !st) return st;
        }
        return {};
    };
    if (auto st = body(); !st) {
        (void)impl_->exec("ROLLBACK");
        return st;
    }
    return impl_->exec("COMMIT");
}

Result<std::string> Store::meta(const std::string& key) {
    std::lock_guard lock(impl_->mu);
    Stmt s(impl_->db.get(), "SELECT value FROM meta WHERE key = ?1");
    if (!s.ok()) return fail(impl_->sql_error("cannot read meta"));
    s.bind(1, key);
    return s.step() == SQLITE_ROW ? s.text(0) : std::string();
}

Status Store::set_meta(const std::string& key, const std::string& value) {
    std::lock_guard lock(impl_->mu);
    Stmt s(impl_->db.get(), "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)");
    s.bind(1, key).bind(2, value);
    return impl_->run(s, "cannot write meta");
}

}  // namespace berth::serve
