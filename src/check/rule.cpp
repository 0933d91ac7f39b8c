// SPDX-License-Identifier: Apache-2.0
#include "check/rule.hpp"

namespace berth::check {

std::string_view severity_name(Severity s) {
    switch (s) {
        case Severity::Info:
            return "INFO";
        case Severity::Low:
            return "LOW";
        case Severity::Medium:
            return "MEDIUM";
        case Severity::High:
            return "HIGH";
        case Severity::Critical:
            return "CRITICAL";
    }
    return "UNKNOWN";
}

std::string_view outcome_name(Outcome o) {
    switch (o) {
        case Outcome::Pass:
            return "pass";
        case Outcome::Fail:
            return "fail";
        case Outcome::Info:
            return "info";
        case Outcome::Skipped:
            return "skipped";
        case Outcome::Error:
            return "error";
    }
    return "error";
}

}  // namespace berth::check
