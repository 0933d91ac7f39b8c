// SPDX-License-Identifier: Apache-2.0
#include "core/sqlite_guard.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <memory>
#include <string>

namespace berth::sqlite_guard {
namespace {

struct Close {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using DbPtr = std::unique_ptr<sqlite3, Close>;

// An in-memory database made by running `sql` BEFORE hardening (as the file's author would).
DbPtr make_db(const std::string& sql) {
    sqlite3* raw = nullptr;
    EXPECT_EQ(sqlite3_open(":memory:", &raw), SQLITE_OK);
    DbPtr db(raw);
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, &err), SQLITE_OK)
        << (err != nullptr ? err : "");
    sqlite3_free(err);
    return db;
}

int prepare_rc(sqlite3* db, const char* sql) {
    sqlite3_stmt* st = nullptr;
    const int rc = sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
    sqlite3_finalize(st);
    return rc;
}

TEST(SqliteGuard, Harden_DeniesEveryFunction) {
    auto db = make_db("CREATE TABLE t(a BLOB);");
    EXPECT_EQ(prepare_rc(db.get(), "SELECT length(a) FROM t"), SQLITE_OK);
    harden(db.get());
    EXPECT_EQ(prepare_rc(db.get(), "SELECT a FROM t"), SQLITE_OK);
    EXPECT_NE(prepare_rc(db.get(), "SELECT length(a) FROM t"), SQLITE_OK);
    EXPECT_NE(prepare_rc(db.get(), "SELECT hex(zeroblob(10))"), SQLITE_OK);
}

// The authorizer does not see the functions of a generated column (SQLite compiles the schema's
// expressions without asking it): check_plain_table() is what refuses such a table.
TEST(SqliteGuard, GeneratedColumns_PassTheAuthorizer_CheckPlainTableRefusesThem) {
    auto db = make_db(
        "CREATE TABLE t(n INTEGER, g BLOB GENERATED ALWAYS AS (hex(zeroblob(n))) VIRTUAL);");
    harden(db.get());
    EXPECT_EQ(prepare_rc(db.get(), "SELECT g FROM t"), SQLITE_OK);
    const Status st = check_plain_table(db.get(), "t", {"n", "g"});
    ASSERT_FALSE(st.has_value());
    EXPECT_EQ(st.error().message, "t: column g is a generated column; refused");
}

TEST(SqliteGuard, Harden_CapsValueSize) {
    auto db = make_db("");
    harden(db.get(), {.max_value_bytes = 1000, .deny_functions = false});
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db.get(), "SELECT zeroblob(2000)", -1, &st, nullptr), SQLITE_OK);
    EXPECT_EQ(sqlite3_step(st), SQLITE_TOOBIG);
    sqlite3_finalize(st);
}

TEST(SqliteGuard, CheckPlainTable_Table) {
    struct Case {
        const char* name;
        const char* sql;
        const char* want_error;  // "" = accepted
    };
    const Case cases[] = {
        {"plain", "CREATE TABLE Packages(hnum INTEGER PRIMARY KEY, blob BLOB);", ""},
        {"extra_columns", "CREATE TABLE Packages(hnum INTEGER, x, blob BLOB, y);", ""},
        {"generated_virtual",
         "CREATE TABLE Packages(hnum INTEGER, n, blob BLOB GENERATED ALWAYS AS (n) VIRTUAL);",
         "Packages: column blob is a generated column; refused"},
        {"generated_stored", "CREATE TABLE Packages(n, hnum INTEGER AS (n + 1) STORED, blob BLOB);",
         "Packages: column hnum is a generated column; refused"},
        {"view", "CREATE TABLE t(hnum, blob); CREATE VIEW Packages AS SELECT * FROM t;",
         "Packages is a view, not a table; refused"},
        {"virtual_table", "CREATE VIRTUAL TABLE Packages USING fts5(hnum, blob);",
         "Packages is a virtual table; refused"},
        {"missing", "CREATE TABLE Other(hnum, blob);", "no Packages table"},
        {"missing_column", "CREATE TABLE Packages(hnum);",
         "Packages lacks one of the columns berth reads"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto db = make_db(c.sql);
        harden(db.get());
        const Status st = check_plain_table(db.get(), "Packages", {"hnum", "blob"});
        if (std::string(c.want_error).empty()) {
            EXPECT_TRUE(st.has_value()) << st.error().message;
        } else {
            ASSERT_FALSE(st.has_value());
            EXPECT_EQ(st.error().message, c.want_error);
            EXPECT_EQ(st.error().code, ErrorCode::Format);
        }
    }
}

// A query that never ends by itself: a recursive CTE.
constexpr const char* kEndless =
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c";

TEST(SqliteGuard, Budget_WallClockDeadline) {
    auto db = make_db("");
    harden(db.get());
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db.get(), kEndless, -1, &st, nullptr), SQLITE_OK);
    const auto start = std::chrono::steady_clock::now();
    int rc = SQLITE_ROW;
    {
        const Budget budget(db.get(), {.steps = UINT64_MAX, .time = std::chrono::milliseconds(50)});
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        }
        EXPECT_EQ(rc, SQLITE_INTERRUPT);
        const Error e = budget.error("reading Packages");
        EXPECT_EQ(e.code, ErrorCode::LimitExceeded);
        EXPECT_EQ(e.message, "reading Packages exceeded its time budget of 50 ms");
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
    sqlite3_finalize(st);
}

TEST(SqliteGuard, Budget_Steps) {
    auto db = make_db("");
    harden(db.get());
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db.get(), kEndless, -1, &st, nullptr), SQLITE_OK);
    {
        const Budget budget(db.get(), {.steps = 10, .time = std::chrono::hours(1)});
        int rc = SQLITE_ROW;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        }
        EXPECT_EQ(rc, SQLITE_INTERRUPT);
        EXPECT_EQ(budget.error("x").message, "x exceeded its budget of 10000 SQLite steps");
    }
    // The handler is gone with the Budget: the statement runs again (and is stopped by a limit).
    sqlite3_reset(st);
    int rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW && ++rows < 100'000) {
    }
    EXPECT_EQ(rows, 100'000);
    sqlite3_finalize(st);
}

}  // namespace
}  // namespace berth::sqlite_guard
