// SPDX-License-Identifier: Apache-2.0
#include "sign/password.hpp"

#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

namespace berth::sign {

namespace {

// One line from the terminal on stdin with echo off; the newline is echoed (ECHONL) so the
// next output starts on a fresh line.
Result<SecretBytes> prompt_no_echo(std::string_view prompt) {
    termios saved{};
    if (tcgetattr(STDIN_FILENO, &saved) != 0) {
        return fail(ErrorCode::Io,
                    std::string("cannot read the terminal: ") + std::strerror(errno));
    }
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= static_cast<tcflag_t>(ECHONL);
    if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0) {
        return fail(ErrorCode::Io, std::string("cannot turn echo off: ") + std::strerror(errno));
    }
    (void)!::write(STDERR_FILENO, prompt.data(), prompt.size());
    SecretBytes line;
    line.buffer().reserve(256);  // no reallocation leaves a copy behind for typical lengths
    char c = 0;
    bool failed = false;
    for (;;) {
        const ssize_t n = ::read(STDIN_FILENO, &c, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) failed = true;
        if (n <= 0 || c == '\n') break;
        if (c != '\r') line.buffer() += c;
    }
    c = 0;
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    if (failed) return fail(ErrorCode::Io, "cannot read the answer from the terminal");
    return line;
}

}  // namespace

Result<SecretBytes> read_secret(std::initializer_list<const char*> env_vars,
                                std::string_view prompt, bool confirm) {
    for (const char* name : env_vars) {
        if (const char* value = std::getenv(name); value != nullptr) {
            return SecretBytes(std::string(value));
        }
    }
    if (isatty(STDIN_FILENO) == 0) {
        std::string names;
        for (const char* name : env_vars)
            names += (names.empty() ? "" : " or ") + std::string(name);
        return fail(ErrorCode::InvalidArgument,
                    "no password given: set " + names + ", or run on a terminal to be asked");
    }
    auto first = prompt_no_echo(prompt);
    if (!first || !confirm) return first;
    auto second = prompt_no_echo("Enter again: ");
    if (!second) return second;
    if (first->view() != second->view()) {
        return fail(ErrorCode::InvalidArgument, "the two passwords differ");
    }
    return first;
}

Result<SecretBytes> read_key_password(bool confirm) {
    return read_secret({"BERTH_PASSWORD", "COSIGN_PASSWORD"},
                       "Enter password for private key: ", confirm);
}

}  // namespace berth::sign
