// SPDX-License-Identifier: Apache-2.0
#include <cstdio>
#include <cstdlib>

#include "core/result.hpp"

namespace berth::detail {

void assert_fail(const char* cond, const char* why, const char* file, int line) {
    std::fprintf(stderr, "berth: internal error: %s (%s) at %s:%d\n", why, cond, file, line);
    std::abort();
}

}  // namespace berth::detail
