// SPDX-License-Identifier: Apache-2.0
// The database's writer lock and the clean-up of killed writers' leftovers. flock(2) locks
// belong to an open file, so two acquisitions in this one process conflict as two processes
// would; tests/e2e/db_cli_test.cpp runs real concurrent `berth db import` processes.
#include "vuln/db/lock.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "test_support.hpp"
#include "vuln/db/build.hpp"

namespace berth::vuln::db {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

// The PID of a process that has exited and been reaped.
long dead_pid() {
    const pid_t pid = ::fork();
    if (pid == 0) ::_exit(0);
    ::waitpid(pid, nullptr, 0);
    return pid;
}

TEST(WriterLock, SecondWriterFailsNamingTheHolderThenGetsItOnceReleased) {
    const fs::path db = test::temp_dir("db-lock") / "sub" / "berth.db";
    auto first = WriterLock::acquire(db, milliseconds(0));
    ASSERT_TRUE(first.has_value()) << first.error().to_string();
    EXPECT_TRUE(fs::is_regular_file(WriterLock::lock_path(db)));  // directory made on the way
    EXPECT_EQ(test::read_text_file(WriterLock::lock_path(db)), std::to_string(::getpid()) + "\n");

    auto second = WriterLock::acquire(db, milliseconds(0));
    ASSERT_FALSE(second.has_value());
    EXPECT_EQ(second.error().code, ErrorCode::Io);
    EXPECT_NE(second.error().message.find("locked"), std::string::npos) << second.error().message;
    EXPECT_NE(second.error().message.find("PID " + std::to_string(::getpid())), std::string::npos)
        << second.error().message;
    EXPECT_NE(second.error().message.find("--lock-timeout"), std::string::npos);
    EXPECT_EQ(second.error().where, WriterLock::lock_path(db).string());
    // A writer that gave up leaves the holder's PID for the next one to read.
    EXPECT_EQ(test::read_text_file(WriterLock::lock_path(db)), std::to_string(::getpid()) + "\n");

    first = fail(ErrorCode::Internal, "released");  // the holder goes, and its lock with it
    auto third = WriterLock::acquire(db, milliseconds(0));
    ASSERT_TRUE(third.has_value()) << third.error().to_string();
}

TEST(WriterLock, WaitsForTheHolderWithinTheTimeoutAndSaysSoOnce) {
    const fs::path db = test::temp_dir("db-lock-wait") / "berth.db";
    auto first = WriterLock::acquire(db, milliseconds(0));
    ASSERT_TRUE(first.has_value());
    std::thread releaser([&first] {
        std::this_thread::sleep_for(milliseconds(400));
        first = fail(ErrorCode::Internal, "released");
    });
    int notices = 0;
    long seen_holder = -1;
    const auto start = std::chrono::steady_clock::now();
    auto second = WriterLock::acquire(db, milliseconds(10'000), [&](long holder) {
        ++notices;
        seen_holder = holder;
    });
    const auto waited = std::chrono::steady_clock::now() - start;
    releaser.join();
    ASSERT_TRUE(second.has_value()) << second.error().to_string();
    EXPECT_EQ(notices, 1);
    EXPECT_EQ(seen_holder, ::getpid());
    EXPECT_GE(waited, milliseconds(300));
    EXPECT_LT(waited, milliseconds(5'000));
}

TEST(WriterLock, GivesUpAfterTheTimeout) {
    const fs::path db = test::temp_dir("db-lock-timeout") / "berth.db";
    auto first = WriterLock::acquire(db, milliseconds(0));
    ASSERT_TRUE(first.has_value());
    const auto start = std::chrono::steady_clock::now();
    auto second = WriterLock::acquire(db, milliseconds(300));
    const auto waited = std::chrono::steady_clock::now() - start;
    ASSERT_FALSE(second.has_value());
    EXPECT_GE(waited, milliseconds(300));
    EXPECT_LT(waited, milliseconds(3'000));
}

TEST(WriterLock, TryExistingNeverCreatesNorWaitsNorClearsTheHoldersPid) {
    const fs::path db = test::temp_dir("db-lock-try") / "berth.db";
    EXPECT_FALSE(WriterLock::try_existing(db).has_value());
    EXPECT_FALSE(fs::exists(WriterLock::lock_path(db)));
    {
        auto held = WriterLock::acquire(db, milliseconds(0));
        ASSERT_TRUE(held.has_value());
        EXPECT_FALSE(WriterLock::try_existing(db).has_value());
        EXPECT_EQ(test::read_text_file(WriterLock::lock_path(db)),
                  std::to_string(::getpid()) + "\n");
    }
    EXPECT_TRUE(WriterLock::try_existing(db).has_value());
    EXPECT_TRUE(fs::exists(WriterLock::lock_path(db)));  // kept: waiters may have it open
}

TEST(WriterLock, ALockFileThatIsNotARegularFileIsAnErrorNotAHang) {
    const fs::path dir = test::temp_dir("db-lock-fifo");
    ASSERT_EQ(::mkfifo((dir / "berth.db.lock").c_str(), 0644), 0);
    auto r = WriterLock::acquire(dir / "berth.db", milliseconds(0));
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::Io);
    EXPECT_NE(r.error().message.find("lock file"), std::string::npos) << r.error().message;
    fs::create_directory_symlink(dir, dir / "other.db.lock");
    EXPECT_FALSE(WriterLock::acquire(dir / "other.db", milliseconds(0)).has_value());
}

// Leftovers: `<db>.tmp.PID` files and `<db>.update.PID` directories.
struct Leftovers {
    explicit Leftovers(const fs::path& dir) : dir_(dir) {
        std::ofstream(dead_tmp()) << "half a database";
        fs::create_directories(dead_update() / "x");
        std::ofstream(live_tmp()) << "a running writer's file, or a reused PID";
        std::ofstream(dir_ / "berth.db.tmp.notapid") << "not ours";
        std::ofstream(dir_ / "other.db.tmp.1") << "another database's";
    }
    [[nodiscard]] fs::path dead_tmp() const {
        return dir_ / ("berth.db.tmp." + std::to_string(dead_));
    }
    [[nodiscard]] fs::path dead_update() const {
        return dir_ / ("berth.db.update." + std::to_string(dead_));
    }
    // PID 1 always runs.
    [[nodiscard]] fs::path live_tmp() const { return dir_ / "berth.db.tmp.1"; }
    void expect_untouched_others() const {
        EXPECT_TRUE(fs::exists(dir_ / "berth.db.tmp.notapid"));
        EXPECT_TRUE(fs::exists(dir_ / "other.db.tmp.1"));
    }

  private:
    fs::path dir_;
    long dead_ = dead_pid();
};

TEST(RemoveStaleWorkFiles, WithTheLockBusyOnlyThoseOfDeadProcessesGo) {
    const fs::path dir = test::temp_dir("db-stale-busy");
    const Leftovers left(dir);
    auto held = WriterLock::acquire(dir / "berth.db", milliseconds(0));
    ASSERT_TRUE(held.has_value());
    remove_stale_work_files(dir / "berth.db");  // as `db status` does, while a writer runs
    EXPECT_FALSE(fs::exists(left.dead_tmp()));
    EXPECT_FALSE(fs::exists(left.dead_update()));
    EXPECT_TRUE(fs::exists(left.live_tmp()));
    left.expect_untouched_others();
}

TEST(RemoveStaleWorkFiles, WithTheLockFreeOrHeldEveryLeftoverGoes) {
    const fs::path dir = test::temp_dir("db-stale-free");
    {
        const Leftovers left(dir);
        ASSERT_TRUE(WriterLock::acquire(dir / "berth.db", milliseconds(0)).has_value());
        remove_stale_work_files(dir / "berth.db");  // free now: taken for the clean-up
        EXPECT_FALSE(fs::exists(left.dead_tmp()));
        EXPECT_FALSE(fs::exists(left.live_tmp()));
        left.expect_untouched_others();
    }
    const Leftovers left(dir);
    const fs::path own = dir / ("berth.db.tmp." + std::to_string(::getpid()));
    std::ofstream(own) << "this writer's";
    auto held = WriterLock::acquire(dir / "berth.db", milliseconds(0));
    ASSERT_TRUE(held.has_value());
    remove_stale_work_files(dir / "berth.db", &*held);
    EXPECT_FALSE(fs::exists(left.dead_update()));
    EXPECT_FALSE(fs::exists(left.live_tmp()));
    EXPECT_TRUE(fs::exists(own));
}

}  // namespace
}  // namespace berth::vuln::db
