// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <tl/expected.hpp>
#include <utility>

#include "core/error.hpp"

namespace berth {

/// Expected failures travel as values. Use only members std::expected also has (has_value,
/// value, error, *, ->, value_or, and_then, or_else) so moving to C++23 is a one-line change.
template <class T>
using Result = tl::expected<T, Error>;

/// Result of an operation that yields nothing on success.
using Status = tl::expected<void, Error>;

/// Wraps an Error for returning from a function that returns Result<T>.
inline tl::unexpected<Error> fail(Error error) {
    return tl::unexpected<Error>(std::move(error));
}

/// Shorthand: fail(Error{code, message, where}).
inline tl::unexpected<Error> fail(ErrorCode code, std::string message, std::string where = {}) {
    return fail(Error{code, std::move(message), std::move(where)});
}

}  // namespace berth

/// Programmer errors only (never user input): aborts with a message.
#define BERTH_ASSERT(cond, why)                                                    \
    do {                                                                           \
        if (!(cond)) ::berth::detail::assert_fail(#cond, why, __FILE__, __LINE__); \
    } while (0)

namespace berth::detail {
[[noreturn]] void assert_fail(const char* cond, const char* why, const char* file, int line);
}
