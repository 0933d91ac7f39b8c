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
    return dir_from("BERTH_FIXTURES", fs::path(BERTH_SOURCE_DIR) / "build" / "fixtures" / "images");
}

std::optional<fs::path> hostile_dir() {
    return dir_from("BERTH_HOSTILE", fs::path(BERTH_SOURCE_DIR) / "build" / "fixtures" / "hostile");
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

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace berth::test {
namespace {

RunResult run_argv(const std::vector<std::string>& argv) {
    fs::path dir = temp_dir("berth-run");
    fs::path out = dir / "out";
    fs::path err = dir / "err";
    pid_t pid = ::fork();
    if (pid == 0) {
        int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(o, 1);
        ::dup2(e, 2);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    RunResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = read_text_file(out);
    r.err = read_text_file(err);
    return r;
}

}  // namespace

RunResult run_berth(const std::vector<std::string>& args) {
    std::string bin = fs::path(BERTH_BINARY_DIR) / "src" / "berth";
    if (const char* v = std::getenv("BERTH_BIN"); v != nullptr && *v != '\0') bin = v;
    std::vector<std::string> argv{bin};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_argv(argv);
}

RunResult run_shell(const std::string& command) {
    return run_argv({"/bin/sh", "-c", command});
}

}  // namespace berth::test

#include <algorithm>
#include <cstring>

namespace berth::test {

ChunkedStream::ChunkedStream(std::string data, std::size_t chunk,
                             std::optional<std::size_t> fail_after)
    : data_(std::move(data)), chunk_(chunk), fail_after_(fail_after) {}

Result<std::size_t> ChunkedStream::read(void* buf, std::size_t size) {
    if (fail_after_ && pos_ >= *fail_after_)
        return fail(ErrorCode::Io, "injected read error", "source");
    const std::size_t limit = fail_after_ ? std::min(*fail_after_, data_.size()) : data_.size();
    const std::size_t n = std::min({size, chunk_, limit - pos_});
    std::memcpy(buf, data_.data() + pos_, n);
    pos_ += n;
    return n;
}

}  // namespace berth::test

#include <cstdio>

namespace berth::test {

std::string ustar(const std::string& name, char type, const std::string& data,
                  const std::string& link) {
    std::string h(512, '\0');
    h.replace(0, name.size(), name);
    h.replace(100, 7, type == '5' ? "0000755" : "0000644");
    h.replace(108, 7, "0000000");
    h.replace(116, 7, "0000000");
    char num[16];
    std::snprintf(num, sizeof num, "%011zo", data.size());
    h.replace(124, 11, num);
    h.replace(136, 11, "14524407400");
    h[156] = type;
    h.replace(157, link.size(), link);
    h.replace(257, 6, std::string("ustar\0", 6));
    h.replace(263, 2, "00");
    h.replace(148, 8, "        ");
    unsigned sum = 0;
    for (char c : h) sum += static_cast<unsigned char>(c);
    std::snprintf(num, sizeof num, "%06o", sum);
    h.replace(148, 7, std::string(num, 6) + '\0');
    std::string body = data;
    body.resize((body.size() + 511) / 512 * 512, '\0');
    return h + body;
}

std::string tar_of(const std::vector<std::string>& members) {
    std::string t;
    for (const auto& m : members) t += m;
    return t + std::string(1024, '\0');
}

}  // namespace berth::test

#include <csignal>
#include <thread>

namespace berth::test {

std::string sh_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

BackgroundServer::BackgroundServer(const std::filesystem::path& script, const std::string& args,
                                   const std::filesystem::path& port_file) {
    auto r = run_shell("python3 " + sh_quote(script.string()) + " " + args + " >" +
                       sh_quote(port_file.string()) + " 2>/dev/null & echo $!");
    pid_ = std::atoi(r.out.c_str());
    for (int i = 0; i < 100 && port_.empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        std::ifstream in(port_file);
        std::getline(in, port_);
    }
}

BackgroundServer::~BackgroundServer() {
    if (pid_ > 0) ::kill(pid_, SIGTERM);
}

}  // namespace berth::test

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace berth::test {

int free_tcp_port() {
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);  // port 0: the kernel picks one
    ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
    const int port = ntohs(a.sin_port);
    ::close(s);
    return port;
}

bool have_tool(const std::string& tool) {
    return run_shell("command -v " + sh_quote(tool) + " >/dev/null 2>&1").exit_code == 0;
}

}  // namespace berth::test
