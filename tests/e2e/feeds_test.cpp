// SPDX-License-Identifier: Apache-2.0
// `berth db update` from the upstream feeds, end to end: the real binary against
// tests/e2e/feed_server.py serving the shared data's real advisories (OSV exports zipped at test
// time, Alpine secdb files) under the upstream URL paths (make_feed_tree.py). The server logs every
// request with its status and body bytes, so "nothing was downloaded" is checked on the wire.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "test_support.hpp"

namespace berth {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using test::sh_quote;

std::string berth_bin() {
    const char* bin = std::getenv("BERTH_BIN");
    return bin != nullptr && *bin != '\0' ? bin : std::string(BERTH_BINARY_DIR) + "/src/berth";
}

std::string sha256_file(const fs::path& p) {
    return test::run_shell("sha256sum " + sh_quote(p.string()) + " | cut -d' ' -f1").out;
}

// The upstream layout built once per process from the shared data; each test copies it.
std::optional<fs::path> feed_tree() {
    static std::optional<fs::path> tree = []() -> std::optional<fs::path> {
        auto shared = test::shared_data_dir();
        if (!shared) return std::nullopt;
        const fs::path out = test::temp_dir("feed-tree") / "tree";
        auto r = test::run_shell(
            "python3 " + sh_quote(std::string(BERTH_SOURCE_DIR) + "/tests/e2e/make_feed_tree.py") +
            " " + sh_quote((*shared / "advisories").string()) + " " + sh_quote(out.string()) +
            " 2>/dev/null");
        if (r.exit_code != 0) return std::nullopt;
        return out;
    }();
    return tree;
}

// One log line: "GET /path STATUS BYTES".
struct Request {
    std::string path;
    int status = 0;
    long bytes = 0;
};

// feed_server.py on a copy of the tree, stopped when the test ends.
class FeedServer {
  public:
    explicit FeedServer(const fs::path& dir) : root_(dir / "www"), faults_(dir / "faults.json") {
        test::run_shell("cp -r " + sh_quote(feed_tree()->string()) + " " +
                        sh_quote(root_.string()));
        log_ = dir / "requests.log";
        server_ = std::make_unique<test::BackgroundServer>(
            fs::path(BERTH_SOURCE_DIR) / "tests/e2e/feed_server.py",
            sh_quote(root_.string()) + " --faults " + sh_quote(faults_.string()) + " --log " +
                sh_quote(log_.string()),
            dir / "port");
    }

    [[nodiscard]] bool up() const { return server_->up(); }
    [[nodiscard]] std::string url() const { return server_->url(); }
    [[nodiscard]] const fs::path& root() const { return root_; }
    void fault(const std::string& path, const std::string& mode) {
        faults_json_[path] = mode;
        std::ofstream(faults_) << faults_json_.dump();
    }
    void clear_faults() {
        faults_json_ = json::object();
        std::ofstream(faults_) << "{}";
    }
    // Requests logged since the last call.
    std::vector<Request> requests() {
        std::istringstream in(test::read_text_file(log_));
        std::vector<Request> all;
        std::string method;
        Request r;
        while (in >> method >> r.path >> r.status >> r.bytes) all.push_back(r);
        std::vector<Request> fresh(all.begin() + static_cast<long>(std::min(seen_, all.size())),
                                   all.end());
        seen_ = all.size();
        return fresh;
    }
    [[nodiscard]] bool logged(const std::string& path, std::size_t since = 0) const {
        const std::string log = test::read_text_file(log_);
        return log.find("GET " + path + " ", std::min(since, log.size())) != std::string::npos;
    }
    [[nodiscard]] std::size_t log_size() const { return test::read_text_file(log_).size(); }

  private:
    fs::path root_;
    fs::path faults_;
    fs::path log_;
    json faults_json_ = json::object();
    std::size_t seen_ = 0;
    std::unique_ptr<test::BackgroundServer> server_;
};

// The feed options pointing every feed at the server.
std::vector<std::string> feed_args(const FeedServer& s, const std::string& db,
                                   const std::string& feeds) {
    return {"db",
            "update",
            "--db",
            db,
            "--feed",
            "osv=" + s.url(),
            "--feed",
            "alpine=" + s.url() + "/",
            "--feed",
            "debian=" + s.url() + "/tracker",
            "--feeds",
            feeds,
            "--alpine-branches",
            "v3.11,v3.12,v3.16,v3.20,v3.24"};
}

const std::string kSmallFeeds = "osv/crates.io,osv/PyPI,alpine,debian";

json status_of(const std::string& db) {
    auto r = test::run_berth({"db", "status", "--db", db, "--format", "json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto j = json::parse(r.out.empty() ? "{}" : r.out);
    j.erase("age_seconds");
    return j;
}

// Touches a served file with new content so that its ETag and Last-Modified change.
void append_package(const fs::path& secdb, const std::string& package, const std::string& cve) {
    auto j = json::parse(test::read_text_file(secdb));
    j["packages"].push_back(
        {{"pkg", {{"name", package}, {"secfixes", {{"9.9-r0", json::array({cve})}}}}}});
    std::ofstream(secdb) << j.dump();
    const auto later = fs::last_write_time(secdb) + std::chrono::seconds(5);
    fs::last_write_time(secdb, later);
}

#define REQUIRE_TREE()                                                                      \
    if (!feed_tree())                                                                       \
    GTEST_SKIP() << "shared data absent: ../shared/data (set BERTH_SHARED_DATA); the feed " \
                    "tests serve its real advisories"

// A fresh update reads every feed; the database holds what `db import` of the same files holds;
// the second update sends conditional requests only: every answer is a 304 without a body, and
// the database file is not rewritten.
TEST(FeedUpdate, FreshThenNothingChanged) {
    REQUIRE_TREE();
    const fs::path dir = test::temp_dir("feeds-fresh");
    FeedServer s(dir);
    ASSERT_TRUE(s.up());
    const std::string db = (dir / "berth.db").string();
    auto first = test::run_berth(
        feed_args(s, db, "osv/AlmaLinux,osv/Go,osv/PyPI,osv/crates.io,alpine,debian"));
    ASSERT_EQ(first.exit_code, 0) << first.err << first.out;
    EXPECT_NE(first.out.find("osv/PyPI: downloaded"), std::string::npos) << first.out;
    const auto got = s.requests();
    for (const auto& r : got) {
        EXPECT_TRUE(r.status == 200 || r.status == 404) << r.path << " " << r.status;
    }
    EXPECT_TRUE(s.logged("/PyPI/all.zip"));
    EXPECT_TRUE(s.logged("/v3.20/main.json"));
    EXPECT_TRUE(s.logged("/tracker/data/json"));
    // v3.12 has no community.json upstream here: a 404 skips that source with a note.
    EXPECT_NE(first.out.find("alpine/v3.12/community: not published (skipped)"), std::string::npos)
        << first.out;

    const json st = status_of(db);
    EXPECT_GT(st["per_source"].value("osv", 0), 10000);
    EXPECT_GT(st["per_source"].value("alpine-secdb", 0), 10);
    EXPECT_EQ(st["per_source"].value("debian-tracker", 0), 2);
    // The same advisories as a direct import of the same upstream files.
    auto shared = *test::shared_data_dir() / "advisories";
    const std::string direct = (dir / "direct.db").string();
    auto imp = test::run_berth({"db", "import", "--db", direct, (shared / "almalinux-osv").string(),
                                (shared / "golang-vulndb-osv").string(),
                                (shared / "pypa-osv").string(), (shared / "rustsec-osv").string()});
    ASSERT_EQ(imp.exit_code, 0) << imp.err;
    EXPECT_EQ(status_of(direct)["per_source"]["osv"], st["per_source"]["osv"]);

    const std::string before = sha256_file(db);
    auto second = test::run_berth(
        feed_args(s, db, "osv/AlmaLinux,osv/Go,osv/PyPI,osv/crates.io,alpine,debian"));
    ASSERT_EQ(second.exit_code, 0) << second.err;
    EXPECT_NE(second.out.find("up to date"), std::string::npos) << second.out;
    const auto again = s.requests();
    ASSERT_FALSE(again.empty());
    for (const auto& r : again) {
        EXPECT_TRUE(r.status == 304 || r.status == 404) << r.path << " " << r.status;
        if (r.status == 304) {
            EXPECT_EQ(r.bytes, 0) << r.path << ": a body was sent";
        }
    }
    EXPECT_EQ(sha256_file(db), before) << "nothing changed, yet the database was rewritten";
}

// One changed file: only it is downloaded again, and the rebuilt database has its change.
TEST(FeedUpdate, PartialChangeRefetchesOneSource) {
    REQUIRE_TREE();
    const fs::path dir = test::temp_dir("feeds-partial");
    FeedServer s(dir);
    ASSERT_TRUE(s.up());
    const std::string db = (dir / "berth.db").string();
    ASSERT_EQ(test::run_berth(feed_args(s, db, kSmallFeeds)).exit_code, 0);
    (void)s.requests();
    const json before = status_of(db);

    append_package(s.root() / "v3.20/main.json", "berth-feed-test", "CVE-2026-99999");
    auto r = test::run_berth(feed_args(s, db, kSmallFeeds));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    int downloads = 0;
    for (const auto& q : s.requests()) {
        if (q.status == 200) {
            ++downloads;
            EXPECT_EQ(q.path, "/v3.20/main.json");
        } else {
            EXPECT_TRUE(q.status == 304 || q.status == 404) << q.path << " " << q.status;
        }
    }
    EXPECT_EQ(downloads, 1);
    EXPECT_NE(r.out.find("alpine/v3.20/main: downloaded"), std::string::npos) << r.out;
    const json after = status_of(db);
    EXPECT_EQ(after["per_source"]["alpine-secdb"].get<int>(),
              before["per_source"]["alpine-secdb"].get<int>() + 1);
    EXPECT_EQ(after["per_source"]["osv"], before["per_source"]["osv"]);
}

// A 500, a transfer cut short and a body that is not JSON each fail the update by the source's
// name and leave the database as it was; a 429 is retried; the cut transfer is resumed
// (Range/If-Range → 206) by the next run.
TEST(FeedUpdate, FailuresLeaveTheDatabaseAndNameTheFeed) {
    REQUIRE_TREE();
    const fs::path dir = test::temp_dir("feeds-fail");
    FeedServer s(dir);
    ASSERT_TRUE(s.up());
    const std::string db = (dir / "berth.db").string();
    ASSERT_EQ(test::run_berth(feed_args(s, db, kSmallFeeds)).exit_code, 0);
    const std::string good = sha256_file(db);
    const int osv_before = status_of(db)["per_source"]["osv"].get<int>();
    const std::string state = test::read_text_file(dir / "berth.db.feeds/state.json");

    s.fault("/PyPI/all.zip", "500");
    auto e500 = test::run_berth(feed_args(s, db, kSmallFeeds));
    EXPECT_EQ(e500.exit_code, 3);
    EXPECT_NE(e500.err.find("feed osv/PyPI: HTTP 500"), std::string::npos) << e500.err;
    EXPECT_EQ(sha256_file(db), good);
    EXPECT_EQ(test::read_text_file(dir / "berth.db.feeds/state.json"), state);

    // A changed zip whose transfer stops half way (Content-Length promised more).
    s.clear_faults();
    test::run_shell("cd " + sh_quote((s.root() / "crates.io").string()) +
                    " && python3 -c \"import zipfile;z=zipfile.ZipFile('all.zip','a');"
                    "z.writestr('extra/RUSTSEC-2099-0001.json','{\\\"id\\\":\\\"RUSTSEC-2099-"
                    "0001\\\",\\\"modified\\\":\\\"2099-01-01T00:00:00Z\\\"}');z.close()\"");
    s.fault("/crates.io/all.zip", "truncate");
    (void)s.requests();
    auto cut = test::run_berth(feed_args(s, db, kSmallFeeds));
    EXPECT_EQ(cut.exit_code, 3);
    EXPECT_NE(cut.err.find("feed osv/crates.io"), std::string::npos) << cut.err;
    EXPECT_NE(cut.err.find("[truncated]"), std::string::npos) << cut.err;
    EXPECT_EQ(sha256_file(db), good);

    // The next run resumes the cut download where it stopped.
    s.clear_faults();
    (void)s.requests();
    auto resumed = test::run_berth(feed_args(s, db, kSmallFeeds));
    ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
    EXPECT_NE(resumed.out.find("osv/crates.io: resumed"), std::string::npos) << resumed.out;
    bool saw_206 = false;
    for (const auto& q : s.requests()) saw_206 |= q.path == "/crates.io/all.zip" && q.status == 206;
    EXPECT_TRUE(saw_206) << "the cut download was not resumed with a range request";
    EXPECT_EQ(status_of(db)["per_source"]["osv"].get<int>(), osv_before + 1)
        << "the advisory added to the resumed zip is missing";
    const std::string resumed_db = sha256_file(db);

    // A body cut short without a length: curl sees a clean end, the JSON does not parse.
    append_package(s.root() / "v3.20/main.json", "berth-feed-test", "CVE-2026-99998");
    s.fault("/v3.20/main.json", "truncate-nolength");
    auto bad = test::run_berth(feed_args(s, db, kSmallFeeds));
    EXPECT_EQ(bad.exit_code, 3);
    EXPECT_NE(bad.err.find("feed alpine/v3.20/main"), std::string::npos) << bad.err;
    EXPECT_EQ(sha256_file(db), resumed_db);

    // 429 once: retried after Retry-After, the update succeeds.
    s.clear_faults();
    s.fault("/v3.20/main.json", "429-once");
    auto retried = test::run_berth(feed_args(s, db, kSmallFeeds));
    EXPECT_EQ(retried.exit_code, 0) << retried.err;
    EXPECT_NE(sha256_file(db), resumed_db);
}

// Starts `berth db update` in the background; returns its PID once the server has seen the
// request for `path`.
int start_update_until(FeedServer& s, const std::string& db, const std::string& path,
                       const fs::path& out) {
    std::string cmd = sh_quote(berth_bin());
    for (const auto& a : feed_args(s, db, kSmallFeeds)) cmd += " " + sh_quote(a);
    const std::size_t mark = s.log_size();
    auto child = test::run_shell(cmd + " >" + sh_quote(out.string()) + " 2>&1 & echo $!");
    const int pid = std::stoi(child.out);
    for (int i = 0; i < 200 && !s.logged(path, mark); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return pid;
}

// kill -9 in the middle of a download: the old database still scans, its lock is free again
// (the kernel drops a dead holder's flock) and the next update resumes and finishes.
TEST(FeedUpdate, KilledMidDownloadKeepsTheOldDatabase) {
    REQUIRE_TREE();
    const fs::path dir = test::temp_dir("feeds-kill");
    FeedServer s(dir);
    ASSERT_TRUE(s.up());
    const std::string db = (dir / "berth.db").string();
    ASSERT_EQ(test::run_berth(feed_args(s, db, kSmallFeeds)).exit_code, 0);
    const json before = status_of(db);
    const std::string good = sha256_file(db);

    append_package(s.root() / "v3.20/main.json", "berth-feed-test", "CVE-2026-99997");
    s.fault("/v3.20/main.json", "hang");
    (void)s.requests();
    const int pid = start_update_until(s, db, "/v3.20/main.json", dir / "killed.out");
    ASSERT_EQ(::kill(pid, SIGKILL), 0) << "the update ended before it could be killed";
    ::waitpid(pid, nullptr, 0);
    EXPECT_EQ(sha256_file(db), good);
    EXPECT_EQ(status_of(db), before);

    s.clear_faults();
    auto next = test::run_berth(feed_args(s, db, kSmallFeeds));
    ASSERT_EQ(next.exit_code, 0) << next.err;
    EXPECT_EQ(status_of(db)["per_source"]["alpine-secdb"].get<int>(),
              before["per_source"]["alpine-secdb"].get<int>() + 1);
    for (const auto& e : fs::directory_iterator(dir)) {
        EXPECT_EQ(e.path().filename().string().find(".update."), std::string::npos);
        EXPECT_EQ(e.path().filename().string().find(".tmp."), std::string::npos);
    }
}

// Two updates at once: the second waits for the lock, then gives up naming the holder's PID.
TEST(FeedUpdate, ConcurrentUpdatesDoNotOverlap) {
    REQUIRE_TREE();
    const fs::path dir = test::temp_dir("feeds-lock");
    FeedServer s(dir);
    ASSERT_TRUE(s.up());
    const std::string db = (dir / "berth.db").string();
    ASSERT_EQ(test::run_berth(feed_args(s, db, kSmallFeeds)).exit_code, 0);
    const std::string good = sha256_file(db);
    // A changed file whose download hangs half way keeps the first update holding the lock.
    append_package(s.root() / "v3.20/main.json", "berth-feed-test", "CVE-2026-99996");
    s.fault("/v3.20/main.json", "hang");
    const int pid = start_update_until(s, db, "/v3.20/main.json", dir / "first.out");

    auto args = feed_args(s, db, kSmallFeeds);
    args.insert(args.begin() + 1, {"--lock-timeout", "1"});
    auto second = test::run_berth(args);
    EXPECT_EQ(second.exit_code, 3);
    EXPECT_NE(second.err.find("locked"), std::string::npos) << second.err;
    EXPECT_NE(second.err.find("PID " + std::to_string(pid)), std::string::npos) << second.err;
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    EXPECT_EQ(sha256_file(db), good);
}

// The first scan without a database runs the update (feeds from $BERTH_FEED), then finds the
// Debian tracker's open issue; --offline never downloads.
TEST(FeedUpdate, FirstScanDownloadsTheDatabase) {
    REQUIRE_TREE();
    const fs::path dir = test::temp_dir("feeds-scan");
    FeedServer s(dir);
    ASSERT_TRUE(s.up());
    const fs::path root = dir / "rootfs";
    fs::create_directories(root / "var/lib/dpkg");
    fs::create_directories(root / "etc");
    std::ofstream(root / "etc/os-release")
        << "ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n";
    std::ofstream(root / "var/lib/dpkg/status")
        << "Package: hyperthing\nStatus: install ok installed\nArchitecture: amd64\nVersion: "
           "1.2-3\nMaintainer: x\nDescription: x\n\n";
    const std::string env =
        "BERTH_DB=" + sh_quote((dir / "auto/berth.db").string()) + " BERTH_FEED=" +
        sh_quote("osv=" + s.url() + ",alpine=" + s.url() + ",debian=" + s.url() + "/tracker") +
        " BERTH_FEEDS=" + sh_quote("osv/crates.io,alpine/v3.20,debian") + " ";
    const std::string scan = sh_quote(berth_bin()) + " scan --no-cache --scanners vuln -f json " +
                             sh_quote("rootfs:" + root.string());

    auto offline = test::run_shell(env + scan + " --offline 2>&1");
    EXPECT_NE(offline.exit_code, 0);
    EXPECT_NE(offline.out.find("no vulnerability database"), std::string::npos) << offline.out;
    EXPECT_TRUE(s.requests().empty()) << "--offline made a request";

    auto first = test::run_shell(env + scan + " 2>" + sh_quote((dir / "err").string()));
    const std::string err = test::read_text_file(dir / "err");
    ASSERT_EQ(first.exit_code, 0) << err;
    EXPECT_NE(err.find("downloading the advisory feeds"), std::string::npos) << err;
    EXPECT_NE(first.out.find("CVE-2026-90001"), std::string::npos) << first.out;
    EXPECT_TRUE(fs::exists(dir / "auto/berth.db"));
    (void)s.requests();

    // The database exists now: the next scan makes no request.
    auto again = test::run_shell(env + scan + " 2>/dev/null");
    EXPECT_EQ(again.exit_code, 0);
    EXPECT_TRUE(s.requests().empty());
}

// A feed whose server cannot be reached fails once, not once per source (each after retries).
TEST(FeedUpdate, UnreachableFeedIsTriedOnce) {
    const fs::path dir = test::temp_dir("feeds-unreachable");
    const std::string db = (dir / "berth.db").string();
    auto r = test::run_berth({"db", "update", "--db", db, "--feed", "osv=http://127.0.0.1:1",
                              "--feeds", "osv/PyPI,osv/Go"});
    EXPECT_EQ(r.exit_code, 3);
    // Sources are tried in the catalogue's order (Go before PyPI): Go fails, PyPI is not tried.
    EXPECT_NE(r.err.find("feed osv/Go: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("the other osv sources were not tried"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("feed osv/PyPI"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(db));
}

// Bad options are usage errors that name what is wrong.
TEST(FeedUpdate, BadFeedOptions) {
    const fs::path dir = test::temp_dir("feeds-usage");
    const std::string db = (dir / "berth.db").string();
    auto unknown = test::run_berth({"db", "update", "--db", db, "--feed", "nvd=https://x"});
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.err.find("unknown feed \"nvd\""), std::string::npos) << unknown.err;
    auto scheme = test::run_berth({"db", "update", "--db", db, "--feed", "osv=ftp://x"});
    EXPECT_EQ(scheme.exit_code, 2);
    EXPECT_NE(scheme.err.find("http:// or https://"), std::string::npos) << scheme.err;
    auto shape = test::run_berth({"db", "update", "--db", db, "--feed", "osv"});
    EXPECT_EQ(shape.exit_code, 2);
    auto sel = test::run_berth({"db", "update", "--db", db, "--feeds", "nope"});
    EXPECT_EQ(sel.exit_code, 2);
    EXPECT_NE(sel.err.find("\"nope\" names no source"), std::string::npos) << sel.err;
    EXPECT_FALSE(fs::exists(db));
}

}  // namespace
}  // namespace berth
