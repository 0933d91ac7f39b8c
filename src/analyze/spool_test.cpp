// SPDX-License-Identifier: Apache-2.0
// The bounded spool behind random access: memory up to the limit, an unlinked temporary file
// past it, refused past the cap (declared or actual size), nothing left in the directory; and
// one analyzer asking for random access through build_inventory on a real (directory) layer.
#include "analyze/spool.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "analyze/inventory.hpp"
#include "test_support.hpp"

namespace berth::analyze {
namespace {

namespace fs = std::filesystem;

std::string pattern(std::size_t n) {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (i * 7 + i / 251) % 26);
    return s;
}

std::size_t files_in(const fs::path& dir) {
    if (!fs::exists(dir)) return 0;
    return static_cast<std::size_t>(
        std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

TEST(Spool, SmallFileStaysInMemory) {
    auto dir = test::temp_dir("berth-spool");
    const std::string data = pattern(1000);
    test::ChunkedStream in(data, 7);
    auto f =
        spool(in, data.size(), {.memory_limit = 4096, .max_size = 1 << 20, .dir = dir}, "l0/x");
    ASSERT_TRUE(f) << f.error().to_string();
    EXPECT_EQ((*f)->size(), 1000U);
    EXPECT_EQ(files_in(dir), 0U) << "nothing may touch the disk under the memory limit";
    EXPECT_EQ((*f)->read_at(990, 100).value(), data.substr(990));
    EXPECT_EQ((*f)->read_at(5, 3).value(), data.substr(5, 3));
    EXPECT_EQ((*f)->read_at(1000, 4).value(), "");
    EXPECT_EQ((*f)->read_at(5000, 4).value(), "");
}

TEST(Spool, LargeFileSpillsToAnUnlinkedTemporaryFile) {
    auto dir = test::temp_dir("berth-spool") / "nested";  // created on demand
    const std::string data = pattern(300'000);
    test::ChunkedStream in(data, 65'537);
    {
        auto f = spool(in, data.size(), {.memory_limit = 100'000, .max_size = 1 << 20, .dir = dir},
                       "l0/big");
        ASSERT_TRUE(f) << f.error().to_string();
        EXPECT_EQ((*f)->size(), data.size());
        EXPECT_TRUE(fs::is_directory(dir));
        // Unlinked at once: the directory is empty while the spool is alive.
        EXPECT_EQ(files_in(dir), 0U);
        EXPECT_EQ((*f)->read_at(299'990, 64).value(), data.substr(299'990));
        EXPECT_EQ((*f)->read_at(99'999, 2).value(),
                  data.substr(99'999, 2));  // across the spill point
        EXPECT_EQ((*f)->read_at(0, 10).value(), data.substr(0, 10));
        // The stream view reads the whole copy back.
        RandomAccessStream s(**f);
        auto all = read_all(s, 1 << 20, "x");
        ASSERT_TRUE(all);
        EXPECT_EQ(*all, data);
    }
    EXPECT_EQ(files_in(dir), 0U);
}

TEST(Spool, OverTheCapIsLimitExceededNamingTheFile) {
    auto dir = test::temp_dir("berth-spool");
    const std::string data = pattern(5000);
    // Declared size over the cap: refused before a byte is read.
    test::ChunkedStream declared(data);
    auto a = spool(declared, 5000, {.memory_limit = 100, .max_size = 4096, .dir = dir},
                   "layer 1/usr/big.jar");
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error().code, ErrorCode::LimitExceeded);
    EXPECT_EQ(a.error().where, "layer 1/usr/big.jar");
    EXPECT_NE(a.error().message.find("--max-file-size"), std::string::npos);
    // Header lies (says 10 bytes): the copy stops at the cap anyway, and the spilled file is gone.
    test::ChunkedStream lying(data, 1000);
    auto b =
        spool(lying, 10, {.memory_limit = 100, .max_size = 4096, .dir = dir}, "layer 1/usr/lie");
    ASSERT_FALSE(b);
    EXPECT_EQ(b.error().code, ErrorCode::LimitExceeded);
    EXPECT_EQ(files_in(dir), 0U);
}

TEST(Spool, StreamErrorIsPassedOnAndLeavesNothing) {
    auto dir = test::temp_dir("berth-spool");
    test::ChunkedStream broken(pattern(5000), 500, 3000);
    auto f = spool(broken, 5000, {.memory_limit = 1000, .max_size = 1 << 20, .dir = dir}, "l0/x");
    ASSERT_FALSE(f);
    EXPECT_EQ(f.error().code, ErrorCode::Io);
    EXPECT_EQ(files_in(dir), 0U);
}

TEST(Spool, UnusableDirectoryIsAnIoError) {
    auto dir = test::temp_dir("berth-spool");
    std::ofstream(dir / "file") << "x";
    test::ChunkedStream in(pattern(5000));
    auto f = spool(in, 5000,
                   {.memory_limit = 100, .max_size = 1 << 20, .dir = dir / "file" / "sub"}, "l0/x");
    ASSERT_FALSE(f);
    EXPECT_EQ(f.error().code, ErrorCode::Io);
}

// A fake analyzer that seeks: it reads the LAST 4 bytes first (as a zip reader finds the
// central directory), then the first 4, and records them as a finding.
class TailReader final : public Analyzer {
  public:
    [[nodiscard]] std::string_view name() const override { return "test/tail"; }
    [[nodiscard]] int version() const override { return 1; }
    [[nodiscard]] bool required(std::string_view path, const FileInfo&) const override {
        return path.size() > 4 && path.substr(path.size() - 4) == ".jar";
    }
    [[nodiscard]] bool needs_random_access() const override { return true; }
    Status analyze(const AnalysisInput& input, LayerAnalysis& out) const override {
        if (input.random == nullptr)
            return fail(ErrorCode::Internal, "no random access", input.path);
        const auto size = input.random->size();
        auto tail = input.random->read_at(size - 4, 4);
        auto head = input.random->read_at(0, 4);
        if (!tail || !head) return fail(ErrorCode::Io, "read_at failed", input.path);
        sbom::FileFinding f;
        f.analyzer = "test/tail";
        f.kind = "tail";
        f.detail = *tail + "|" + *head + "|" + std::to_string(size);
        f.location.path = input.path;
        out.file_findings.push_back(std::move(f));
        return {};
    }
};

// A streaming analyzer wanting the same files: it still gets every byte, in order.
class Counter final : public Analyzer {
  public:
    [[nodiscard]] std::string_view name() const override { return "test/count"; }
    [[nodiscard]] int version() const override { return 1; }
    [[nodiscard]] bool required(std::string_view path, const FileInfo& info) const override {
        return TailReader().required(path, info);
    }
    Status analyze(const AnalysisInput& input, LayerAnalysis& out) const override {
        if (input.random != nullptr)
            return fail(ErrorCode::Internal, "random access not asked for", input.path);
        auto all = read_all(input.content, 1 << 24, input.path);
        if (!all) return fail(all.error());
        sbom::FileFinding f;
        f.analyzer = "test/count";
        f.kind = "bytes";
        f.detail = std::to_string(all->size());
        f.location.path = input.path;
        out.file_findings.push_back(std::move(f));
        return {};
    }
};

TEST(Spool, AnalyzerAskingForRandomAccessThroughTheInventory) {
    auto root = test::temp_dir("berth-spool-layer");
    auto spool_dir = test::temp_dir("berth-spool-dir");
    fs::create_directories(root / "app");
    const std::string big = "HEAD" + pattern(3'000'000) + "TAIL";
    std::ofstream(root / "app" / "big.jar", std::ios::binary) << big;
    std::ofstream(root / "app" / "small.jar", std::ios::binary) << "head-middle-tail";
    std::ofstream(root / "app" / "huge.jar", std::ios::binary) << pattern(5'000'000);
    image::Image img;
    img.source = "rootfs";
    image::LayerRef layer;
    layer.directory = root;
    img.layers.push_back(layer);
    std::vector<std::unique_ptr<Analyzer>> analyzers;
    analyzers.push_back(std::make_unique<TailReader>());
    analyzers.push_back(std::make_unique<Counter>());
    InventoryOptions options;
    options.jobs = 1;
    options.spool = {.memory_limit = 1 << 20, .max_size = 4'000'000, .dir = spool_dir};
    auto result = build_inventory(img, analyzers, options);
    ASSERT_TRUE(result) << result.error().to_string();
    std::map<std::string, std::string> got;
    for (const auto& f : result->inventory.file_findings)
        got[f.location.path + " " + f.kind] = f.detail;
    EXPECT_EQ(got["app/big.jar tail"], "TAIL|HEAD|3000008");  // spilled to a file
    EXPECT_EQ(got["app/big.jar bytes"], "3000008");
    EXPECT_EQ(got["app/small.jar tail"], "tail|head|16");  // in memory
    EXPECT_EQ(got["app/small.jar bytes"], "16");
    EXPECT_EQ(got.count("app/huge.jar tail"), 0U);
    EXPECT_EQ(got.size(), 4U);
    // The file over --max-file-size is one warning naming it; the scan went on.
    int warnings = 0;
    for (const auto& d : result->inventory.diagnostics) {
        if (d.where.find("app/huge.jar") != std::string::npos) {
            ++warnings;
            EXPECT_EQ(d.severity, Diagnostic::Severity::Warning);
            EXPECT_NE(d.message.find("--max-file-size"), std::string::npos) << d.message;
        }
    }
    EXPECT_EQ(warnings, 1);
    EXPECT_EQ(files_in(spool_dir), 0U) << "spilled copies must not outlive the scan";
}

}  // namespace
}  // namespace berth::analyze
