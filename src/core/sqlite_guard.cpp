// SPDX-License-Identifier: Apache-2.0
#include "core/sqlite_guard.hpp"

#include <sqlite3.h>

#include <memory>
#include <string>

namespace berth::sqlite_guard {
namespace {

struct StmtFinalize {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalize>;

// Allows reading tables and the PRAGMAs check_plain_table() uses; denies every function.
int authorize(void* /*unused*/, int action, const char* /*a*/, const char* /*b*/, const char* /*c*/,
              const char* /*d*/) {
    return action == SQLITE_FUNCTION ? SQLITE_DENY : SQLITE_OK;
}

std::string column_text(sqlite3_stmt* st, int i) {
    const unsigned char* p = sqlite3_column_text(st, i);
    return p != nullptr ? std::string(reinterpret_cast<const char*>(p)) : std::string();
}

StmtPtr prepare(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
        sqlite3_finalize(raw);
        return nullptr;
    }
    return StmtPtr(raw);
}

std::string quoted(std::string_view table) {
    std::string out = "'";
    for (char c : table) {
        out += c;
        if (c == '\'') out += '\'';
    }
    return out + "'";
}

}  // namespace

void harden(sqlite3* db, const HardenOptions& options) {
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
    const std::size_t cap = std::min<std::size_t>(options.max_value_bytes, 0x7FFFFFFF);
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, static_cast<int>(cap));
    sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 1 << 16);
    sqlite3_limit(db, SQLITE_LIMIT_EXPR_DEPTH, 100);
    sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_exec(db, "PRAGMA cell_size_check=ON", nullptr, nullptr, nullptr);
    if (options.deny_functions) sqlite3_set_authorizer(db, authorize, nullptr);
}

Status check_plain_table(sqlite3* db, std::string_view table,
                         std::initializer_list<std::string_view> columns) {
    const std::string name(table);
    {
        const StmtPtr st =
            prepare(db, "SELECT type, sql FROM sqlite_schema WHERE name = " + quoted(table) +
                            " COLLATE NOCASE");
        if (!st || sqlite3_step(st.get()) != SQLITE_ROW) {
            return fail(ErrorCode::Format, "no " + name + " table");
        }
        const std::string type = column_text(st.get(), 0);
        const std::string sql = column_text(st.get(), 1);
        if (type != "table") {
            return fail(ErrorCode::Format, name + " is a " + type + ", not a table; refused");
        }
        if (sql.rfind("CREATE VIRTUAL", 0) == 0 || sql.rfind("create virtual", 0) == 0) {
            return fail(ErrorCode::Format, name + " is a virtual table; refused");
        }
    }
    const StmtPtr st = prepare(db, "PRAGMA table_xinfo(" + quoted(table) + ")");
    if (!st) return fail(ErrorCode::Format, "cannot read the columns of " + name);
    std::size_t found = 0;
    int rc = 0;
    while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
        const std::string column = column_text(st.get(), 1);
        bool wanted = false;
        for (std::string_view c : columns) wanted = wanted || c == column;
        if (!wanted) continue;
        ++found;
        // hidden: 0 ordinary, 1 hidden (virtual tables), 2 generated VIRTUAL, 3 generated STORED.
        const int hidden = sqlite3_column_int(st.get(), 6);
        if (hidden == 2 || hidden == 3) {
            return fail(ErrorCode::Format,
                        name + ": column " + column + " is a generated column; refused");
        }
        if (hidden != 0) {
            return fail(ErrorCode::Format, name + ": column " + column + " is hidden; refused");
        }
    }
    if (rc != SQLITE_DONE) return fail(ErrorCode::Format, "cannot read the columns of " + name);
    if (found != columns.size()) {
        return fail(ErrorCode::Format, name + " lacks one of the columns berth reads");
    }
    return {};
}

Budget::Budget(sqlite3* db, const BudgetOptions& options)
    : db_(db),
      options_(options),
      left_(options.steps),
      deadline_(std::chrono::steady_clock::now() + options.time) {
    sqlite3_progress_handler(db_, kProgressPeriod, on_progress, this);
}

Budget::~Budget() {
    sqlite3_progress_handler(db_, 0, nullptr, nullptr);
}

int Budget::on_progress(void* self) {
    auto* b = static_cast<Budget*>(self);
    if (std::chrono::steady_clock::now() >= b->deadline_) {
        b->out_of_time_ = true;
        return 1;
    }
    if (b->left_ == 0) return 1;  // interrupts the statement
    --b->left_;
    return 0;
}

Error Budget::error(std::string_view what) const {
    const std::string spent =
        out_of_time_
            ? "its time budget of " + std::to_string(options_.time.count()) + " ms"
            : "its budget of " + std::to_string(options_.steps * std::uint64_t{kProgressPeriod}) +
                  " SQLite steps";
    return Error{ErrorCode::LimitExceeded, std::string(what) + " exceeded " + spent, {}};
}

}  // namespace berth::sqlite_guard
