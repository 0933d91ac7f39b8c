// SPDX-License-Identifier: Apache-2.0
// KEY=VALUE environment files: etc/os-release and etc/lsb-release (os-release(5)), systemd
// EnvironmentFile= (systemd.exec(5)), /etc/default/docker and /etc/environment.
//
//   # comment
//   PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"     → {"PRETTY_NAME", "Debian GNU/Linux 12
//   (bookworm)"} export DOCKER_OPTS='-H fd://'  (EnvSyntax::Shell) → {"DOCKER_OPTS", "-H fd://"}
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/diagnostic.hpp"

namespace berth {

/// The dialect of an environment file. Both share the quoting rules below; they differ only in
/// what a line may start with.
struct EnvSyntax {
    /// Lines starting with ';' are comments too (systemd.exec(5) EnvironmentFile=).
    bool semicolon_comments = false;
    /// A leading "export " before KEY is dropped (files a shell sources: /etc/default/docker).
    bool export_prefix = false;

    /// os-release(5) and lsb-release: '#' comments only; "export KEY" is an invalid key.
    static constexpr EnvSyntax os_release() { return {}; }
    /// systemd EnvironmentFile= and shell-sourced defaults files: ';' comments and "export ".
    static constexpr EnvSyntax systemd() { return {true, true}; }
};

/// Parses a KEY=VALUE file in the shell-compatible syntax of os-release(5), which systemd.exec(5)
/// EnvironmentFile= also reads:
///  - blank lines and comment lines ('#', and ';' when `syntax.semicolon_comments`) are skipped;
///    a UTF-8 byte order mark at the start is dropped;
///  - whitespace (space, tab, CR) around KEY and around the value is dropped; KEY is
///    [A-Za-z_][A-Za-z0-9_]*;
///  - values are unquoted, "double-quoted" (backslash escapes \" \\ \$ \` and line continuation;
///    other backslashes are kept, as in POSIX shell) or 'single-quoted' (literal), concatenated
///    when adjacent; unquoted, a backslash keeps the next character and continues a line at
///    its end; an unquoted " #" starts a comment;
///  - the last assignment of a key wins.
/// Deliberate difference from systemd: a quoted value ends at the end of its line (an
/// unterminated quote is reported and closed there), so one bad line cannot swallow the rest
/// of the file; systemd lets quoted values span lines.
/// Lines that are not KEY=VALUE, and invalid keys, are skipped with a warning in `diagnostics`
/// whose `where` is "`where`:LINE" (1-based) and whose message starts with "`who`: ".
std::map<std::string, std::string> parse_env_file(std::string_view text, std::string_view where,
                                                  std::string_view who, Diagnostics& diagnostics,
                                                  EnvSyntax syntax = EnvSyntax::os_release());

}  // namespace berth
