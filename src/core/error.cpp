// SPDX-License-Identifier: Apache-2.0
#include "core/error.hpp"

namespace berth {

std::string_view error_code_name(ErrorCode code) {
    switch (code) {
        case ErrorCode::InvalidArgument:
            return "invalid-argument";
        case ErrorCode::NotFound:
            return "not-found";
        case ErrorCode::Io:
            return "io";
        case ErrorCode::Format:
            return "format";
        case ErrorCode::Truncated:
            return "truncated";
        case ErrorCode::DigestMismatch:
            return "digest-mismatch";
        case ErrorCode::LimitExceeded:
            return "limit-exceeded";
        case ErrorCode::UnsafePath:
            return "unsafe-path";
        case ErrorCode::Unsupported:
            return "unsupported";
        case ErrorCode::Internal:
            return "internal";
    }
    return "internal";
}

std::string_view error_code_description(ErrorCode code) {
    switch (code) {
        case ErrorCode::InvalidArgument:
            return "invalid argument";
        case ErrorCode::NotFound:
            return "not found";
        case ErrorCode::Io:
            return "input/output error";
        case ErrorCode::Format:
            return "malformed input";
        case ErrorCode::Truncated:
            return "input ends too early";
        case ErrorCode::DigestMismatch:
            return "content does not match its digest";
        case ErrorCode::LimitExceeded:
            return "safety limit exceeded";
        case ErrorCode::UnsafePath:
            return "path leaves the image root";
        case ErrorCode::Unsupported:
            return "not supported";
        case ErrorCode::Internal:
            return "internal error (a bug in berth)";
    }
    return "internal error";
}

std::string Error::to_string() const {
    if (where.empty()) return message;
    return where + ": " + message;
}

Error with_where(Error error, std::string_view outer) {
    if (error.where.empty()) {
        error.where = std::string(outer);
    } else {
        error.where = std::string(outer) + "/" + error.where;
    }
    return error;
}

}  // namespace berth
