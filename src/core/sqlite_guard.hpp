// SPDX-License-Identifier: Apache-2.0
// Reading an SQLite file berth did not write (an image's rpmdb.sqlite, a --db given by the user),
// as https://sqlite.org/security.html advises, in one place:
//
//   sqlite_guard::harden(db, {.max_value_bytes = 32 << 20});      // right after open
//   if (auto st = sqlite_guard::check_plain_table(db, "Packages", {"hnum", "blob"}); !st) …
//   sqlite_guard::Budget budget(db, {});                          // while the query runs
//   … sqlite3_step() … → SQLITE_INTERRUPT once the budget is spent; budget.error() says which
//
// Why each piece: a schema can make reading one row arbitrarily expensive — a generated column
// (or a view) calling built-in functions on 100 MB strings is ONE virtual-machine step that takes
// seconds, so a budget of steps alone never trips. harden() therefore denies every SQL function
// of the statements berth prepares (an authorizer: the queries berth runs on such files call
// none), turns off triggers, views and untrusted schema functions, enables defensive mode and
// caps the size of any value; check_plain_table() refuses a table that is a view, a virtual table
// or has generated/hidden columns, with a message saying so — needed, as SQLite does not ask the
// authorizer about the functions of a generated column; Budget adds a wall-clock deadline to the
// step budget, checked by SQLite's progress handler.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "core/result.hpp"

struct sqlite3;

namespace berth::sqlite_guard {

struct HardenOptions {
    /// Largest string or blob SQLite may hold (SQLITE_LIMIT_LENGTH): caps the size of a row's
    /// values, stored or computed.
    std::size_t max_value_bytes = std::size_t{32} << 20U;
    /// Deny every SQL function (built-in ones too) in statements prepared afterwards (not those
    /// of generated columns: see check_plain_table()).
    bool deny_functions = true;
};

/// Applies the settings above to a freshly opened connection. Never fails: each setting is
/// best effort on older SQLite versions (Debian 12 ships 3.40, which has them all).
void harden(sqlite3* db, const HardenOptions& options = {});

/// Checks that `table` is an ordinary table (not a view, not a virtual table) whose `columns`
/// are all stored, visible columns (PRAGMA table_xinfo: hidden = 0). Errors: Format naming the
/// table and the offending column ("…: column blob is a generated column; refused").
Status check_plain_table(sqlite3* db, std::string_view table,
                         std::initializer_list<std::string_view> columns);

struct BudgetOptions {
    /// Virtual-machine steps, in units of kProgressPeriod.
    std::uint64_t steps = 200'000;
    /// Wall-clock time for everything run while the Budget lives.
    std::chrono::milliseconds time = std::chrono::seconds(10);
};

/// While alive, interrupts any statement of `db` once `options` are spent (sqlite3_step then
/// returns SQLITE_INTERRUPT). Not copyable; one per connection at a time.
class Budget {
  public:
    static constexpr int kProgressPeriod = 1000;  ///< VM steps between two checks

    Budget(sqlite3* db, const BudgetOptions& options);
    ~Budget();
    Budget(const Budget&) = delete;
    Budget& operator=(const Budget&) = delete;
    Budget(Budget&&) = delete;
    Budget& operator=(Budget&&) = delete;

    /// LimitExceeded naming what was spent, for a statement that returned SQLITE_INTERRUPT;
    /// `what` says what was being read ("reading Packages").
    [[nodiscard]] Error error(std::string_view what) const;

  private:
    static int on_progress(void* self);

    sqlite3* db_;
    BudgetOptions options_;
    std::uint64_t left_;
    std::chrono::steady_clock::time_point deadline_;
    bool out_of_time_ = false;
};

}  // namespace berth::sqlite_guard
