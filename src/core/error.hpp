// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

namespace berth {

/// What kind of failure an Error is. Each code has a short name (stable, shown in JSON and
/// used by tests) and a one-line description (shown to users).
enum class ErrorCode {
    InvalidArgument,  ///< the user asked for something malformed (bad reference, option)
    NotFound,         ///< a file, image, tag or blob that should exist does not
    Io,               ///< the operating system refused a read/open/stat
    Format,           ///< input is not in the format it claims (bad JSON, bad tar, bad gzip)
    Truncated,        ///< input ends before it should (truncated download, cut-off stream)
    DigestMismatch,   ///< content does not hash to the digest that names it
    LimitExceeded,    ///< a safety limit was hit (entries, bytes, ratio, path length)
    UnsafePath,       ///< an archive entry tries to leave the image root
    Unsupported,      ///< valid input that berth does not handle (yet)
    Internal,         ///< a bug in berth
};

/// Short stable name of a code, e.g. "digest-mismatch".
std::string_view error_code_name(ErrorCode code);
/// One-line human description of a code.
std::string_view error_code_description(ErrorCode code);

/// An expected failure, returned by value (see result.hpp).
/// `where` locates the problem for the user, e.g. "layer 2 (sha256:ab12…)/etc/passwd".
struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;
    std::string where;

    /// "where: message" (or just the message when `where` is empty).
    [[nodiscard]] std::string to_string() const;
};

/// Prefixes `outer` to the error's location ("outer/where" or "outer" when empty) and returns it.
Error with_where(Error error, std::string_view outer);

}  // namespace berth
