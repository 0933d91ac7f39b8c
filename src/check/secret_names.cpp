// SPDX-License-Identifier: Apache-2.0
#include "check/secret_names.hpp"

#include <string>

#include "core/text.hpp"

namespace berth::check {

bool sensitive_name(std::string_view name) {
    std::string n = text::lower(name);
    for (char& c : n) {
        if (c == '-' || c == '.') c = '_';
    }
    const auto parts = text::split(n, '_');
    for (auto p : parts) {
        if (p == "public" || p == "gpg" || p == "pub" || p == "fingerprint" || p == "file" ||
            p == "path" || p == "dir" || p == "url" || p == "id") {
            return false;
        }
    }
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const auto p = parts[i];
        if (p == "password" || p == "passwd" || p == "pword" || p == "secret" || p == "token" ||
            p == "apikey" || p == "credential" || p == "credentials" || p == "auth") {
            return true;
        }
        if (i + 1 < parts.size() && parts[i + 1] == "key" &&
            (p == "api" || p == "access" || p == "private" || p == "secret")) {
            return true;
        }
    }
    return false;
}

bool credential_value(std::string_view v) {
    for (auto prefix : {"ghp_", "gho_", "ghs_", "github_pat_", "glpat-", "xoxb-", "xoxp-",
                        "sk_live_", "-----BEGIN"}) {
        if (v.starts_with(prefix)) return true;
    }
    return v.size() == 20 && (v.starts_with("AKIA") || v.starts_with("ASIA"));
}

}  // namespace berth::check
