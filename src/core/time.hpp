// SPDX-License-Identifier: Apache-2.0
// Wall-clock time for output: SOURCE_DATE_EPOCH
// (https://reproducible-builds.org/specs/source-date-epoch/) replaces "now" when set, so reports
// and databases can be byte-for-byte reproducible.
#pragma once

#include <ctime>
#include <optional>
#include <string>

namespace berth {

/// SOURCE_DATE_EPOCH when set to a valid non-negative integer, else nullopt.
std::optional<long long> source_date_epoch();

/// source_date_epoch() when set, else the current time.
std::time_t output_time();

/// "2026-11-23T10:00:00Z" (RFC 3339, UTC).
std::string format_rfc3339(std::time_t t);

/// "2026-11-23" (UTC).
std::string format_date(std::time_t t);

}  // namespace berth
