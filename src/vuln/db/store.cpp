// SPDX-License-Identifier: Apache-2.0
#include "vuln/db/store.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <nlohmann/json.hpp>

#include "core/sqlite_guard.hpp"
#include "core/time.hpp"
#include "vuln/ecosystem.hpp"

namespace berth::vuln::db {
namespace {

using nlohmann::json;

struct DbClose {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using DbPtr = std::unique_ptr<sqlite3, DbClose>;

struct StmtFinalize {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalize>;

// SQLite's error as berth's: a damaged database (a dropped table or column, corrupt pages, not
// a database at all) is a Format error; only what the operating system refused is Io.
Error sql_error(sqlite3* db, std::string_view what, const std::filesystem::path& path) {
    switch (sqlite3_errcode(db) & 0xff) {
        case SQLITE_ERROR:  // "no such table", "no such column": the schema is not berth's
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
        case SQLITE_SCHEMA:
        case SQLITE_MISMATCH:
        case SQLITE_FORMAT:
            return Error{ErrorCode::Format,
                         std::string(what) + ": " + sqlite3_errmsg(db) +
                             " (damaged database; rebuild it with `berth db import` or `berth db "
                             "update`)",
                         path.string()};
        default:
            return Error{ErrorCode::Io, std::string(what) + ": " + sqlite3_errmsg(db),
                         path.string()};
    }
}

Result<StmtPtr> prepare(sqlite3* db, const char* sql, const std::filesystem::path& path) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK) {
        return fail(sql_error(db, "cannot prepare statement", path));
    }
    return StmtPtr(s);
}

Status exec(sqlite3* db, const char* sql, const std::filesystem::path& path) {
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
        return fail(sql_error(db, "database statement failed", path));
    }
    return {};
}

void bind_text(sqlite3_stmt* s, int i, std::string_view v) {
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}

std::string column_text(sqlite3_stmt* s, int i) {
    const auto* p = sqlite3_column_text(s, i);
    return p == nullptr ? std::string()
                        : std::string(reinterpret_cast<const char*>(p),
                                      static_cast<std::size_t>(sqlite3_column_bytes(s, i)));
}

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS advisory(
  pk INTEGER PRIMARY KEY, id TEXT NOT NULL, source TEXT NOT NULL, aliases TEXT NOT NULL,
  summary TEXT NOT NULL, details TEXT NOT NULL, published TEXT NOT NULL, modified TEXT NOT NULL,
  withdrawn TEXT NOT NULL, severity TEXT NOT NULL, refs TEXT NOT NULL, UNIQUE(source, id));
CREATE TABLE IF NOT EXISTS affected(
  advisory INTEGER NOT NULL, eco TEXT NOT NULL, pkg TEXT NOT NULL, ecosystem TEXT NOT NULL,
  state INTEGER NOT NULL, severity TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS affected_by_package ON affected(eco, pkg);
CREATE INDEX IF NOT EXISTS affected_by_advisory ON affected(advisory);
)sql";

// Affected ranges/versions as compact JSON: {"r":[{"t":"E","e":[["i","0"],["f","1.2"]]}],
// "v":[…], "p":"purl", "n":"note"} — short keys because there are hundreds of thousands of rows.
std::string encode_affected(const Affected& a) {
    json j = json::object();
    json ranges = json::array();
    for (const auto& r : a.ranges) {
        json events = json::array();
        for (const auto& e : r.events) {
            const char* k = e.kind == RangeEvent::Kind::Introduced     ? "i"
                            : e.kind == RangeEvent::Kind::Fixed        ? "f"
                            : e.kind == RangeEvent::Kind::LastAffected ? "l"
                                                                       : "m";
            events.push_back(json::array({k, e.value}));
        }
        const char* t = r.type == Range::Type::Ecosystem ? "E"
                        : r.type == Range::Type::Semver  ? "S"
                                                         : "G";
        ranges.push_back({{"t", t}, {"e", std::move(events)}});
    }
    if (!ranges.empty()) j["r"] = std::move(ranges);
    if (!a.versions.empty()) j["v"] = a.versions;
    if (!a.purl.empty()) j["p"] = a.purl;
    if (!a.note.empty()) j["n"] = a.note;
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Status decode_affected(std::string_view text, Affected& a) {
    try {
        const json j = json::parse(text);
        if (auto it = j.find("r"); it != j.end()) {
            for (const auto& r : *it) {
                Range range;
                const std::string t = r.at("t").get<std::string>();
                range.type = t == "E"   ? Range::Type::Ecosystem
                             : t == "S" ? Range::Type::Semver
                                        : Range::Type::Git;
                for (const auto& e : r.at("e")) {
                    const std::string k = e.at(0).get<std::string>();
                    RangeEvent ev;
                    ev.kind = k == "i"   ? RangeEvent::Kind::Introduced
                              : k == "f" ? RangeEvent::Kind::Fixed
                              : k == "l" ? RangeEvent::Kind::LastAffected
                                         : RangeEvent::Kind::Limit;
                    ev.value = e.at(1).get<std::string>();
                    range.events.push_back(std::move(ev));
                }
                a.ranges.push_back(std::move(range));
            }
        }
        if (auto it = j.find("v"); it != j.end()) a.versions = it->get<std::vector<std::string>>();
        if (auto it = j.find("p"); it != j.end()) a.purl = it->get<std::string>();
        if (auto it = j.find("n"); it != j.end()) a.note = it->get<std::string>();
    } catch (const json::exception& e) {
        return fail(ErrorCode::Format,
                    std::string("corrupt affected entry in the database: ") + e.what());
    }
    return {};
}

Status check_schema(sqlite3* db, const std::filesystem::path& path, bool allow_empty) {
    auto st = prepare(db, "SELECT value FROM meta WHERE key = 'schema_version'", path);
    if (!st) {
        if (allow_empty) return {};
        return fail(ErrorCode::Format, "not a berth vulnerability database (no meta table)",
                    path.string());
    }
    const int rc = sqlite3_step(st->get());
    if (rc != SQLITE_ROW) {
        if (allow_empty) return {};
        return fail(ErrorCode::Format, "not a berth vulnerability database (no schema version)",
                    path.string());
    }
    const std::string v = column_text(st->get(), 0);
    if (v != std::to_string(kSchemaVersion)) {
        return fail(ErrorCode::Format,
                    "database schema version " + v + " is not the supported " +
                        std::to_string(kSchemaVersion) +
                        "; rebuild it with `berth db import` or `berth db update`",
                    path.string());
    }
    return {};
}

}  // namespace

// ---------------------------------------------------------------- Writer

struct Writer::Impl {
    std::filesystem::path path;
    DbPtr db;
    StmtPtr find, insert_adv, update_adv, delete_aff, insert_aff;
};

Writer::Writer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Writer::Writer(Writer&&) noexcept = default;
Writer& Writer::operator=(Writer&&) noexcept = default;
Writer::~Writer() = default;

Result<Writer> Writer::open(const std::filesystem::path& path) {
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    sqlite3* raw = nullptr;
    const int rc =
        sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    impl->db.reset(raw);
    if (rc != SQLITE_OK) return fail(sql_error(raw, "cannot create the database", path));
    sqlite3* db = impl->db.get();
    // The file is a temporary that is renamed into place once complete, so durability
    // during the build buys nothing.
    if (auto s = exec(
            db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY;", path);
        !s) {
        return fail(s.error());
    }
    if (auto s = check_schema(db, path, /*allow_empty=*/true); !s) return fail(s.error());
    if (auto s = exec(db, kSchema, path); !s) return fail(s.error());
    if (auto s = exec(db, "BEGIN", path); !s) return fail(s.error());
    auto p = [&](StmtPtr& out, const char* sql) -> Status {
        auto st = prepare(db, sql, path);
        if (!st) return fail(st.error());
        out = std::move(*st);
        return {};
    };
    for (auto s :
         {p(impl->find, "SELECT pk, modified, aliases FROM advisory WHERE source = ?1 AND id = ?2"),
          p(impl->insert_adv,
            "INSERT INTO advisory(id, source, aliases, summary, details, published, modified, "
            "withdrawn, "
            "severity, refs) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"),
          p(impl->update_adv,
            "UPDATE advisory SET aliases = ?3, summary = ?4, details = ?5, published = ?6, "
            "modified = ?7, "
            "withdrawn = ?8, severity = ?9, refs = ?10 WHERE pk = ?11 AND id = ?1 AND source = ?2"),
          p(impl->delete_aff, "DELETE FROM affected WHERE advisory = ?1"),
          p(impl->insert_aff,
            "INSERT INTO affected(advisory, eco, pkg, ecosystem, state, severity, data) "
            "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)")}) {
        if (!s) return fail(s.error());
    }
    return Writer(std::move(impl));
}

Status Writer::add(const Advisory& a) {
    sqlite3* db = impl_->db.get();
    auto* find = impl_->find.get();
    sqlite3_reset(find);
    bind_text(find, 1, a.source);
    bind_text(find, 2, a.id);
    std::int64_t pk = 0;
    bool merge = false;
    std::vector<std::string> aliases = a.aliases;
    if (sqlite3_step(find) == SQLITE_ROW) {
        pk = sqlite3_column_int64(find, 0);
        const std::string stored = column_text(find, 1);
        // RFC 3339 timestamps in UTC order lexically. A newer record replaces the stored one, an
        // older one is dropped; the same record time means one advisory split over several files
        // (Alpine secdb: one file per release and repository), so the entries are merged.
        if (stored > a.modified) return {};
        merge = stored == a.modified;
        if (merge) {
            try {
                for (auto& x : json::parse(column_text(find, 2)).get<std::vector<std::string>>()) {
                    aliases.push_back(std::move(x));
                }
            } catch (const json::exception& e) {
                return fail(ErrorCode::Format,
                            std::string("corrupt advisory in the database: ") + e.what(),
                            impl_->path.string());
            }
            std::sort(aliases.begin(), aliases.end());
            aliases.erase(std::unique(aliases.begin(), aliases.end()), aliases.end());
        }
    }
    sqlite3_reset(find);

    json sev = json::array();
    for (const auto& s : a.severity) sev.push_back({s.type, s.score});
    json refs = json::array();
    for (const auto& r : a.references) refs.push_back({r.type, r.url});
    auto* st = pk != 0 ? impl_->update_adv.get() : impl_->insert_adv.get();
    sqlite3_reset(st);
    bind_text(st, 1, a.id);
    bind_text(st, 2, a.source);
    bind_text(st, 3, json(aliases).dump(-1, ' ', false, json::error_handler_t::replace));
    bind_text(st, 4, a.summary);
    bind_text(st, 5, a.details);
    bind_text(st, 6, a.published);
    bind_text(st, 7, a.modified);
    bind_text(st, 8, a.withdrawn);
    bind_text(st, 9, sev.dump(-1, ' ', false, json::error_handler_t::replace));
    bind_text(st, 10, refs.dump(-1, ' ', false, json::error_handler_t::replace));
    if (pk != 0) sqlite3_bind_int64(st, 11, pk);
    if (sqlite3_step(st) != SQLITE_DONE)
        return fail(sql_error(db, "cannot store advisory " + a.id, impl_->path));
    if (pk == 0) {
        pk = sqlite3_last_insert_rowid(db);
    } else if (!merge) {
        auto* del = impl_->delete_aff.get();
        sqlite3_reset(del);
        sqlite3_bind_int64(del, 1, pk);
        if (sqlite3_step(del) != SQLITE_DONE)
            return fail(sql_error(db, "cannot replace advisory " + a.id, impl_->path));
    }
    auto* ins = impl_->insert_aff.get();
    for (const auto& af : a.affected) {
        const std::string key = ecosystem_key(af.ecosystem);
        if (key.empty() || af.package.empty()) {
            ++skipped_affected_;
            continue;
        }
        sqlite3_reset(ins);
        sqlite3_bind_int64(ins, 1, pk);
        bind_text(ins, 2, key);
        bind_text(ins, 3, normalize_package_name(key, af.package));
        bind_text(ins, 4, af.ecosystem);
        sqlite3_bind_int(ins, 5, static_cast<int>(af.state));
        bind_text(ins, 6, af.severity);
        bind_text(ins, 7, encode_affected(af));
        if (sqlite3_step(ins) != SQLITE_DONE) {
            return fail(sql_error(db, "cannot store affected package of " + a.id, impl_->path));
        }
    }
    return {};
}

Status Writer::commit(std::string_view built_by) {
    sqlite3* db = impl_->db.get();
    auto st = prepare(db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)", impl_->path);
    if (!st) return fail(st.error());
    const std::pair<std::string, std::string> rows[] = {
        {"schema_version", std::to_string(kSchemaVersion)},
        {"built_at", format_rfc3339(output_time())},
        {"built_by", std::string(built_by)}};
    for (const auto& [k, v] : rows) {
        sqlite3_reset(st->get());
        bind_text(st->get(), 1, k);
        bind_text(st->get(), 2, v);
        if (sqlite3_step(st->get()) != SQLITE_DONE)
            return fail(sql_error(db, "cannot write metadata", impl_->path));
    }
    impl_->find.reset();
    impl_->insert_adv.reset();
    impl_->update_adv.reset();
    impl_->delete_aff.reset();
    impl_->insert_aff.reset();
    st->reset();
    if (auto s = exec(db, "COMMIT", impl_->path); !s) return s;
    return exec(db, "ANALYZE", impl_->path);
}

// ---------------------------------------------------------------- Reader

struct Reader::Impl {
    std::filesystem::path path;
    DbPtr db;
    StmtPtr lookup, advisory;
};

Reader::Reader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Reader::Reader(Reader&&) noexcept = default;
Reader& Reader::operator=(Reader&&) noexcept = default;
Reader::~Reader() = default;

Result<Reader> Reader::open(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return fail(ErrorCode::NotFound,
                    "no vulnerability database; build one with `berth db import PATH…` or `berth "
                    "db update`",
                    path.string());
    }
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
    impl->db.reset(raw);
    if (rc != SQLITE_OK) return fail(sql_error(raw, "cannot open the database", path));
    // --db names any file: read it as an untrusted one (no triggers, views or schema functions;
    // bounded values). Its own queries use aggregates, so functions stay allowed.
    sqlite_guard::harden(impl->db.get(),
                         {.max_value_bytes = std::size_t{64} << 20U, .deny_functions = false});
    if (auto s = check_schema(impl->db.get(), path, /*allow_empty=*/false); !s)
        return fail(s.error());
    auto l = prepare(impl->db.get(),
                     "SELECT advisory, ecosystem, pkg, state, severity, data FROM affected WHERE "
                     "eco = ?1 AND pkg = ?2",
                     path);
    if (!l) return fail(l.error());
    impl->lookup = std::move(*l);
    auto a = prepare(impl->db.get(),
                     "SELECT id, source, aliases, summary, details, published, modified, "
                     "withdrawn, severity, refs "
                     "FROM advisory WHERE pk = ?1",
                     path);
    if (!a) return fail(a.error());
    impl->advisory = std::move(*a);
    return Reader(std::move(impl));
}

Result<std::vector<AffectedRow>> Reader::lookup(std::string_view eco_key,
                                                std::string_view package) const {
    auto* st = impl_->lookup.get();
    sqlite3_reset(st);
    bind_text(st, 1, eco_key);
    bind_text(st, 2, package);
    std::vector<AffectedRow> rows;
    int rc = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        AffectedRow row;
        row.advisory_pk = sqlite3_column_int64(st, 0);
        row.affected.ecosystem = column_text(st, 1);
        row.affected.package = column_text(st, 2);
        const int state = sqlite3_column_int(st, 3);
        if (state < 0 || state > static_cast<int>(FixState::FixDeferred)) {
            return fail(ErrorCode::Format,
                        "corrupt affected entry (state " + std::to_string(state) + ")",
                        impl_->path.string());
        }
        row.affected.state = static_cast<FixState>(state);
        row.affected.severity = column_text(st, 4);
        if (auto s = decode_affected(column_text(st, 5), row.affected); !s) {
            return fail(with_where(s.error(), impl_->path.string()));
        }
        rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) return fail(sql_error(impl_->db.get(), "lookup failed", impl_->path));
    return rows;
}

Result<bool> Reader::has_ecosystem(std::string_view eco_key) const {
    auto st =
        prepare(impl_->db.get(), "SELECT 1 FROM affected WHERE eco = ?1 LIMIT 1", impl_->path);
    if (!st) return fail(st.error());
    bind_text(st->get(), 1, eco_key);
    const int rc = sqlite3_step(st->get());
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return fail(sql_error(impl_->db.get(), "lookup failed", impl_->path));
    return rc == SQLITE_ROW;
}

Result<Advisory> Reader::advisory(std::int64_t pk) const {
    auto* st = impl_->advisory.get();
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, pk);
    if (sqlite3_step(st) != SQLITE_ROW) {
        return fail(ErrorCode::Format, "dangling advisory reference " + std::to_string(pk),
                    impl_->path.string());
    }
    Advisory a;
    a.id = column_text(st, 0);
    a.source = column_text(st, 1);
    a.summary = column_text(st, 3);
    a.details = column_text(st, 4);
    a.published = column_text(st, 5);
    a.modified = column_text(st, 6);
    a.withdrawn = column_text(st, 7);
    try {
        a.aliases = json::parse(column_text(st, 2)).get<std::vector<std::string>>();
        for (const auto& s : json::parse(column_text(st, 8))) {
            a.severity.push_back({s.at(0).get<std::string>(), s.at(1).get<std::string>()});
        }
        for (const auto& r : json::parse(column_text(st, 9))) {
            a.references.push_back({r.at(0).get<std::string>(), r.at(1).get<std::string>()});
        }
    } catch (const json::exception& e) {
        return fail(ErrorCode::Format, "corrupt advisory " + a.id + ": " + e.what(),
                    impl_->path.string());
    }
    sqlite3_reset(st);
    return a;
}

Result<DbStatus> Reader::status(bool counts) const {
    sqlite3* db = impl_->db.get();
    DbStatus out;
    out.schema_version = kSchemaVersion;
    auto meta = prepare(db, "SELECT key, value FROM meta", impl_->path);
    if (!meta) return fail(meta.error());
    while (sqlite3_step(meta->get()) == SQLITE_ROW) {
        const std::string k = column_text(meta->get(), 0);
        if (k == "built_at") out.built_at = column_text(meta->get(), 1);
        if (k == "built_by") out.built_by = column_text(meta->get(), 1);
    }
    if (!counts) return out;
    auto src = prepare(db, "SELECT source, count(*) FROM advisory GROUP BY source", impl_->path);
    if (!src) return fail(src.error());
    while (sqlite3_step(src->get()) == SQLITE_ROW) {
        const auto n = static_cast<std::size_t>(sqlite3_column_int64(src->get(), 1));
        out.per_source[column_text(src->get(), 0)] = n;
        out.advisories += n;
    }
    auto eco = prepare(db, "SELECT eco, count(*) FROM affected GROUP BY eco", impl_->path);
    if (!eco) return fail(eco.error());
    while (sqlite3_step(eco->get()) == SQLITE_ROW) {
        out.per_ecosystem[column_text(eco->get(), 0)] =
            static_cast<std::size_t>(sqlite3_column_int64(eco->get(), 1));
    }
    return out;
}

std::filesystem::path default_db_path() {
    if (const char* e = std::getenv("BERTH_DB"); e != nullptr && *e != '\0') return e;
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x != nullptr && *x != '\0') {
        return std::filesystem::path(x) / "berth" / "db" / "berth.db";
    }
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home != nullptr ? home : ".") / ".cache" / "berth" / "db" /
           "berth.db";
}

}  // namespace berth::vuln::db
