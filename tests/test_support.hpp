// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the unit and end-to-end tests.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/stream.hpp"

namespace berth::test {

/// ../shared/data (or $BERTH_SHARED_DATA) when present; nullopt otherwise. Tests that need it
/// GTEST_SKIP() << "shared data absent: …" when this is empty.
std::optional<std::filesystem::path> shared_data_dir();

/// The fixture images made by tests/fixtures/build-images.sh ($BERTH_FIXTURES, else
/// build/fixtures/images); nullopt when they were not built.
std::optional<std::filesystem::path> fixture_images_dir();

/// The hostile archives made by tests/fixtures/hostile/make-hostile.py ($BERTH_HOSTILE, else
/// build/fixtures/hostile); nullopt when they were not built.
std::optional<std::filesystem::path> hostile_dir();

/// A fresh empty temporary directory, removed at process exit.
std::filesystem::path temp_dir(const std::string& prefix);

/// Reads a whole file (test inputs only).
std::string read_text_file(const std::filesystem::path& path);

}  // namespace berth::test

namespace berth::test {

/// What a run of the berth binary printed and returned.
struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

/// Runs the berth binary ($BERTH_BIN, else <build>/src/berth) with `args`, capturing output.
RunResult run_berth(const std::vector<std::string>& args);

/// Runs `/bin/sh -c command` and returns its stdout (test oracles built from real tools).
RunResult run_shell(const std::string& command);

}  // namespace berth::test

namespace berth::test {

/// A ByteStream over bytes held in memory, handing out at most `chunk` bytes per read (to
/// exercise buffer edges) and failing with Io once `fail_after` bytes were read, if set.
class ChunkedStream final : public ByteStream {
  public:
    explicit ChunkedStream(std::string data, std::size_t chunk = SIZE_MAX,
                           std::optional<std::size_t> fail_after = std::nullopt);
    Result<std::size_t> read(void* buf, std::size_t size) override;

  private:
    std::string data_;
    std::size_t chunk_;
    std::optional<std::size_t> fail_after_;
    std::size_t pos_ = 0;
};

}  // namespace berth::test

namespace berth::test {

/// One ustar member built by hand (header with checksum, data padded to 512): type '0' file,
/// '1' hardlink, '2' symlink, '5' directory; `link` is the link target.
std::string ustar(const std::string& name, char type, const std::string& data = "",
                  const std::string& link = "");

/// The members followed by the two zero blocks that end a tar stream.
std::string tar_of(const std::vector<std::string>& members);

}  // namespace berth::test

namespace berth::test {

/// A test HTTP server from tests/e2e/ (a Python script that prints its port on stdout), run in
/// the background and killed when the object goes: `python3 SCRIPT ARGS > PORTFILE &`.
class BackgroundServer {
  public:
    /// `args` is already shell-quoted; `port_file` receives the script's stdout.
    BackgroundServer(const std::filesystem::path& script, const std::string& args,
                     const std::filesystem::path& port_file);
    ~BackgroundServer();
    BackgroundServer(const BackgroundServer&) = delete;
    BackgroundServer& operator=(const BackgroundServer&) = delete;

    [[nodiscard]] bool up() const { return !port_.empty(); }
    [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + port_; }

  private:
    int pid_ = 0;
    std::string port_;
};

/// A TCP port on 127.0.0.1 that was free when asked (bound, read, released) for a test server.
int free_tcp_port();

/// True when `tool` is found on PATH.
bool have_tool(const std::string& tool);

/// `s` in single quotes for /bin/sh.
std::string sh_quote(const std::string& s);

}  // namespace berth::test
