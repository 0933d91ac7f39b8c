// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 4.10: Ensure secrets are not stored in Dockerfiles.
#include <cctype>

#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/4.10",
    .title = "Ensure secrets are not stored in Dockerfiles",
    .severity = Severity::High,
    .description =
        "Secrets in ENV, ARG or labels are stored in the image config for anyone who pulls it.",
    .remediation =
        "Pass secrets at run time (secrets mounts, BuildKit --secret); never in ENV/ARG/LABEL.",
    .level = 1,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_image(f)) return *v;
    static const char* const kWords[] = {"PASSWORD",    "PASSWD",     "SECRET",
                                         "TOKEN",       "API_KEY",    "APIKEY",
                                         "PRIVATE_KEY", "ACCESS_KEY", "CREDENTIAL"};
    auto suspicious = [](std::string key) {
        for (auto& ch : key) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        for (const char* w : kWords) {
            if (key.find(w) != std::string::npos) return true;
        }
        return false;
    };
    Verdict v = pass("no secret-looking ENV or LABEL keys");
    for (const auto& e : f.image.env) {
        const auto eq = e.find('=');
        const std::string key = e.substr(0, eq);
        if (suspicious(key) && eq != std::string::npos && eq + 1 < e.size()) {
            v.result = Outcome::Fail;
            v.details.push_back("ENV " + key + " has a value");
        }
    }
    for (const auto& [k, val] : f.image.labels) {
        if (suspicious(k) && !val.empty()) {
            v.result = Outcome::Fail;
            v.details.push_back("LABEL " + k + " has a value");
        }
    }
    return v;
}

}  // namespace

Check make_cis_4_10_no_secrets() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis
