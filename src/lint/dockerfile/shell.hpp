// SPDX-License-Identifier: Apache-2.0
// A shell-word splitter for RUN scripts, good enough for rules and not a shell: POSIX quoting
// (single quotes literal, double quotes with backslash escapes, `$(…)`, `${…}` and backticks kept
// inside their word), backslash-newline continuations, comments, the separators `&&`, `||`, `;`,
// `|`, `&` and newlines, subshell parentheses and braces, redirections (dropped with their
// target), shell heredocs (bodies skipped), leading `VAR=value` assignments, the keywords
// if/then/else/do/while/! before a command, and `sh -c 'script'` (its script split too).
//   apt-get update && apt-get install -y "curl" | tee log
//     → [apt-get update] && [apt-get install -y curl] | [tee log]
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace berth::lint::dockerfile {

/// What joins a command to the next one.
enum class Sep { End, And, Or, Semi, Pipe, Background };

/// One simple command.
struct Command {
    std::vector<std::string> words;        ///< quotes removed; assignments and keywords dropped
    std::vector<std::string> assignments;  ///< leading NAME=value words
    Sep next = Sep::End;                   ///< the operator after it
    bool piped_from = false;               ///< a `|` came before it
    std::size_t offset = 0;                ///< in the script (of the nesting level it came from)
    int depth = 0;                         ///< 0 = top level; 1 = inside `sh -c '…'`, …

    /// The program after wrappers (sudo, env, exec, nohup, time, command, xargs, with their
    /// options) as a base name: "apt-get" for `sudo -E /usr/bin/apt-get install`; "" if none.
    std::string program() const;
    /// Index in `words` of program(); words.size() when none.
    std::size_t program_index() const;
    /// The words after the program.
    std::vector<std::string> args() const;
    /// True when any word equals `w`.
    bool has(std::string_view w) const;
};

/// Splits a shell script into commands in order (nested `sh -c` scripts follow the command that
/// carries them). Never fails; unterminated quotes end at the end of the script.
std::vector<Command> split_commands(std::string_view script);

}  // namespace berth::lint::dockerfile
