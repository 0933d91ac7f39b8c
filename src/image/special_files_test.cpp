// SPDX-License-Identifier: Apache-2.0
// Image sources given FIFOs, pipes and links (issue 11, items 1 and 6), built here with mkfifo,
// pipe() and symlinks. Each case that could hang runs under a deadline, so a regression fails
// instead of hanging the suite.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <map>

#include "deadline.hpp"
#include "image/layer_walker.hpp"
#include "image/source.hpp"
#include "test_support.hpp"

namespace berth::image {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

void write(const fs::path& p, const std::string& content) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary | std::ios::trunc) << content;
}

// 0 when open_image(spec) fails with Unsupported and a message holding every `want` part.
int refused(const std::string& spec, const std::vector<std::string>& want) {
    auto img = open_image(spec);
    if (img || img.error().code != ErrorCode::Unsupported) return 1;
    for (const auto& w : want) {
        if (img.error().message.find(w) == std::string::npos) return 2;
    }
    return 0;
}

// Before: open() of index.json blocked forever (no writer on the FIFO).
TEST(ImageSpecialFiles, OciLayoutIndexFifoIsRefused) {
    const fs::path dir = test::temp_dir("oci-fifo");
    write(dir / "oci-layout", R"({"imageLayoutVersion": "1.0.0"})");
    fs::create_directories(dir / "blobs/sha256");
    ASSERT_EQ(::mkfifo((dir / "index.json").c_str(), 0644), 0);
    for (const std::string& spec : std::vector<std::string>{"oci:" + dir.string(), dir.string()}) {
        const auto rc = test::run_with_deadline(
            [&] { return refused(spec, {"FIFO (named pipe), not a regular file"}); }, 5s);
        ASSERT_TRUE(rc.has_value()) << spec << ": hung on index.json";
        EXPECT_EQ(*rc, 0) << spec;
    }
}

// Before: the archive was opened (hang without a writer), its magic read, then opened again.
TEST(ImageSpecialFiles, DockerArchiveFifoIsRefusedAsNotSeekable) {
    const fs::path dir = test::temp_dir("archive-fifo");
    const fs::path fifo = dir / "image.tar";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
    const std::vector<std::string> specs = {"docker-archive:" + fifo.string(), fifo.string(),
                                            "oci-archive:" + fifo.string()};
    for (const std::string& spec : specs) {
        const auto rc = test::run_with_deadline(
            [&] {
                return refused(spec, {"FIFO", "not seekable", "docker save -o"});
            },
            5s);
        ASSERT_TRUE(rc.has_value()) << spec << ": hung on the FIFO";
        EXPECT_EQ(*rc, 0) << spec;
    }
}

// Before: `docker save | berth scan docker-archive:/dev/stdin` said "Unrecognized archive format"
// (the magic bytes were consumed by a first open); now it says why a pipe cannot be read.
TEST(ImageSpecialFiles, PipeAsDockerArchiveIsRefusedAsNotSeekable) {
    const auto rc = test::run_with_deadline(
        [] {
            int p[2];
            if (::pipe(p) != 0) return 9;
            // A tar header's worth of bytes, as `docker save` would start writing.
            const std::string head(512, '\0');
            if (::write(p[1], head.data(), head.size()) != 512) return 8;
            return refused("docker-archive:/proc/self/fd/" + std::to_string(p[0]),
                           {"FIFO", "not seekable"});
        },
        5s);
    ASSERT_TRUE(rc.has_value()) << "hung on a pipe";
    EXPECT_EQ(*rc, 0);
}

struct Collect final : LayerVisitor {
    std::map<std::string, std::pair<EntryType, std::string>> seen;  // path -> type, content
    Status on_entry(const Entry& e, ByteStream& content) override {
        auto bytes = read_all(content, 1024, e.path);
        if (!bytes) return fail(bytes.error());
        seen[e.path] = {e.type, *bytes};
        return {};
    }
};

// rootfs: walks through core/rooted_fs.hpp: links are entries (never followed out of the tree),
// a FIFO is an entry without content (never opened for reading), regular files are read.
TEST(ImageSpecialFiles, RootfsListsLinksAndFifosWithoutFollowingOrOpening) {
    const fs::path base = test::temp_dir("rootfs-special");
    const fs::path root = base / "root";
    write(base / "outside/secret", "OUTSIDE");
    write(root / "etc/os-release", "ID=test\n");
    fs::create_symlink(base / "outside/secret", root / "etc/abs-link");
    fs::create_symlink("../../outside", root / "etc/rel-dir-link");
    ASSERT_EQ(::mkfifo((root / "etc/fifo").c_str(), 0644), 0);
    const auto rc = test::run_with_deadline(
        [&] {
            auto img = open_image("rootfs:" + root.string());
            if (!img) return 1;
            Collect c;
            if (!walk_layer(img->layers.at(0), c, Limits{})) return 2;
            const std::map<std::string, std::pair<EntryType, std::string>> want = {
                {"etc", {EntryType::Directory, ""}},
                {"etc/abs-link", {EntryType::Symlink, ""}},
                {"etc/fifo", {EntryType::Fifo, ""}},
                {"etc/os-release", {EntryType::File, "ID=test\n"}},
                {"etc/rel-dir-link", {EntryType::Symlink, ""}},
            };
            return c.seen == want ? 0 : 3;
        },
        5s);
    ASSERT_TRUE(rc.has_value()) << "walking a rootfs with a FIFO hung";
    EXPECT_EQ(*rc, 0);
}

}  // namespace
}  // namespace berth::image
