// SPDX-License-Identifier: Apache-2.0
#include "core/time.hpp"

#include <cstdlib>

namespace berth {
namespace {

std::string format(std::time_t t, const char* pattern) {
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, pattern, &tm);
    return buf;
}

}  // namespace

std::optional<long long> source_date_epoch() {
    const char* s = std::getenv("SOURCE_DATE_EPOCH");
    if (s == nullptr || *s == '\0') return std::nullopt;
    char* end = nullptr;
    const long long v = std::strtoll(s, &end, 10);
    if (end == nullptr || *end != '\0' || v < 0) return std::nullopt;
    return v;
}

std::time_t output_time() {
    const auto e = source_date_epoch();
    return e ? static_cast<std::time_t>(*e) : std::time(nullptr);
}

std::string format_rfc3339(std::time_t t) {
    return format(t, "%Y-%m-%dT%H:%M:%SZ");
}

std::string format_date(std::time_t t) {
    return format(t, "%Y-%m-%d");
}

}  // namespace berth
