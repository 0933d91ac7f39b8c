// SPDX-License-Identifier: Apache-2.0
#include "vuln/finding.hpp"

namespace berth::vuln {

std::string_view level_name(Level l) {
    switch (l) {
        case Level::Low:
            return "LOW";
        case Level::Medium:
            return "MEDIUM";
        case Level::High:
            return "HIGH";
        case Level::Critical:
            return "CRITICAL";
        case Level::Unknown:
            break;
    }
    return "UNKNOWN";
}

std::string_view status_name(FindingStatus s) {
    switch (s) {
        case FindingStatus::Fixed:
            return "fixed";
        case FindingStatus::WillNotFix:
            return "will_not_fix";
        case FindingStatus::EndOfLife:
            return "end_of_life";
        case FindingStatus::FixDeferred:
            return "fix_deferred";
        case FindingStatus::Affected:
            break;
    }
    return "affected";
}

}  // namespace berth::vuln
