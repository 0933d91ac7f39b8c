// SPDX-License-Identifier: Apache-2.0
// Load generator for `berth authz serve` (bench/authz.sh): C connections over the plugin's unix
// socket, each sending POST /AuthZPlugin.AuthZReq with one AuthZReq document (keep-alive, one
// request in flight per connection) until N requests or T seconds; prints decisions/s and the
// latency percentiles. Usage: authz_load SOCKET REQUEST.json [connections=4] [requests=100000]
// [seconds=20]
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

int connect_unix(const std::string& path) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    path.copy(a.sun_path, sizeof a.sun_path - 1);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Sends `req` and reads one Content-Length framed answer; false on a transport error.
bool round_trip(int fd, const std::string& req, std::string& in, bool& allowed) {
    if (::write(fd, req.data(), req.size()) != static_cast<ssize_t>(req.size())) return false;
    char buf[16384];
    while (true) {
        const auto head = in.find("\r\n\r\n");
        if (head != std::string::npos) {
            const auto cl = in.find("Content-Length: ");
            const std::size_t len = cl < head ? std::stoul(in.substr(cl + 16)) : 0;
            if (in.size() >= head + 4 + len) {
                allowed = in.compare(head + 4, 13, R"({"Allow":true)") == 0;
                in.erase(0, head + 4 + len);
                return true;
            }
        }
        const auto n = ::read(fd, buf, sizeof buf);
        if (n <= 0) return false;
        in.append(buf, static_cast<std::size_t>(n));
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s SOCKET REQUEST.json [conns] [requests] [seconds]\n",
                     argv[0]);
        return 2;
    }
    const std::string socket = argv[1];
    std::ifstream f(argv[2]);
    std::stringstream ss;
    ss << f.rdbuf();
    const std::string body = ss.str();
    const int conns = argc > 3 ? std::atoi(argv[3]) : 4;
    const long total = argc > 4 ? std::atol(argv[4]) : 100000;
    const double seconds = argc > 5 ? std::atof(argv[5]) : 20.0;
    const std::string req = "POST /AuthZPlugin.AuthZReq HTTP/1.1\r\nHost: \r\nContent-Length: " +
                            std::to_string(body.size()) + "\r\n\r\n" + body;
    std::atomic<long> issued{0};
    std::atomic<long> allowed{0};
    std::atomic<long> errors{0};
    std::vector<std::vector<double>> lat(static_cast<std::size_t>(conns));
    const auto start = Clock::now();
    const auto deadline = start + std::chrono::duration<double>(seconds);
    std::vector<std::thread> ts;
    for (int c = 0; c < conns; ++c) {
        ts.emplace_back([&, c] {
            const int fd = connect_unix(socket);
            if (fd < 0) {
                ++errors;
                return;
            }
            std::string in;
            auto& mine = lat[static_cast<std::size_t>(c)];
            while (issued.fetch_add(1) < total && Clock::now() < deadline) {
                const auto t0 = Clock::now();
                bool ok = false;
                if (!round_trip(fd, req, in, ok)) {
                    ++errors;
                    break;
                }
                mine.push_back(
                    std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
                if (ok) ++allowed;
            }
            ::close(fd);
        });
    }
    for (auto& t : ts) t.join();
    const double wall = std::chrono::duration<double>(Clock::now() - start).count();
    std::vector<double> all;
    for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
    std::sort(all.begin(), all.end());
    auto pct = [&](double p) {
        return all.empty()
                   ? 0.0
                   : all[std::min(all.size() - 1,
                                  static_cast<std::size_t>(p * static_cast<double>(all.size())))];
    };
    std::printf(
        "requests %zu  allowed %ld  errors %ld  wall %.2f s  decisions/s %.0f  "
        "p50 %.3f ms  p99 %.3f ms  max %.3f ms\n",
        all.size(), allowed.load(), errors.load(), wall, static_cast<double>(all.size()) / wall,
        pct(0.50), pct(0.99), all.empty() ? 0.0 : all.back());
    return errors.load() == 0 ? 0 : 1;
}
