// SPDX-License-Identifier: Apache-2.0
#include "test_support.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

namespace berth::test {
namespace fs = std::filesystem;

namespace {
std::optional<fs::path> dir_from(const char* env, const fs::path& fallback) {
    if (const char* v = std::getenv(env); v != nullptr && *v != '\0') {
        if (fs::is_directory(v)) return fs::path(v);
        return std::nullopt;
    }
    if (fs::is_directory(fallback)) return fallback;
    return std::nullopt;
}

struct TempDirs {
    std::vector<fs::path> dirs;
    ~TempDirs() {
        std::error_code ec;
        for (auto& d : dirs) fs::remove_all(d, ec);
    }
};
TempDirs g_temp_dirs;
}  // namespace

std::optional<fs::path> shared_data_dir() {
    return dir_from("BERTH_SHARED_DATA", fs::path(BERTH_SOURCE_DIR) / ".." / "shared" / "data");
}

std::optional<fs::path> fixture_images_dir() {
    return dir_from("BERTH_FIXTURES", fs::path(BERTH_BINARY_DIR) / "fixtures" / "images");
}

std::optional<fs::path> hostile_dir() {
    return dir_from("BERTH_HOSTILE", fs::path(BERTH_BINARY_DIR) / "fixtures" / "hostile");
}

fs::path temp_dir(const std::string& prefix) {
    std::string tmpl = (fs::temp_directory_path() / (prefix + "-XXXXXX")).string();
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    char* made = ::mkdtemp(buf.data());
    if (made == nullptr) std::abort();
    g_temp_dirs.dirs.emplace_back(made);
    return fs::path(made);
}

std::string read_text_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace berth::test
