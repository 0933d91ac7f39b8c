// SPDX-License-Identifier: Apache-2.0
// Runs code that must not hang (reads of FIFOs, pipes) in a forked child with a deadline, so a
// regression fails its test instead of hanging the whole suite: the child is killed at the
// deadline and the caller gets nullopt.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <optional>
#include <thread>

namespace berth::test {

/// Runs `body` in a child process; returns its result (0..255) when it finishes within
/// `deadline`, nullopt when it had to be killed (it hung) or died from a signal.
inline std::optional<int> run_with_deadline(const std::function<int()>& body,
                                            std::chrono::milliseconds deadline) {
    const pid_t pid = ::fork();
    if (pid < 0) return std::nullopt;
    if (pid == 0) ::_exit(body() & 0xff);
    const auto until = std::chrono::steady_clock::now() + deadline;
    int status = 0;
    for (;;) {
        const pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid) break;
        if (r < 0) return std::nullopt;
        if (std::chrono::steady_clock::now() >= until) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            return std::nullopt;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!WIFEXITED(status)) return std::nullopt;
    return WEXITSTATUS(status);
}

}  // namespace berth::test
