// SPDX-License-Identifier: Apache-2.0
#include "vuln/version/detail.hpp"

#include <string>

namespace berth::vuln::version::detail {

int compare_digits(std::string_view a, std::string_view b) {
    while (!a.empty() && a.front() == '0') a.remove_prefix(1);
    while (!b.empty() && b.front() == '0') b.remove_prefix(1);
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    return sign(a.compare(b));
}

int compare_bytes(std::string_view a, std::string_view b) {
    return sign(a.compare(b));
}

int compare_icase(std::string_view a, std::string_view b) {
    std::size_t n = a.size() < b.size() ? a.size() : b.size();
    for (std::size_t i = 0; i < n; ++i) {
        auto ca = static_cast<unsigned char>(text::lower_char(a[i]));
        auto cb = static_cast<unsigned char>(text::lower_char(b[i]));
        if (ca != cb) return ca < cb ? -1 : 1;
    }
    if (a.size() == b.size()) return 0;
    return a.size() < b.size() ? -1 : 1;
}

OpClause split_operator(std::string_view clause) {
    clause = trim(clause);
    std::size_t n = 0;
    while (n < clause.size() && std::string_view("=!<>~").find(clause[n]) != std::string_view::npos)
        ++n;
    return {clause.substr(0, n), trim(clause.substr(n))};
}

tl::unexpected<Error> invalid(std::string_view scheme, std::string_view v, std::string_view why) {
    std::string msg = "invalid ";
    msg.append(scheme).append(" version \"").append(v).append("\": ").append(why);
    return fail(ErrorCode::InvalidArgument, std::move(msg), std::string(scheme) + " version");
}

tl::unexpected<Error> invalid_constraint(std::string_view scheme, std::string_view c,
                                         std::string_view why) {
    std::string msg = "invalid ";
    msg.append(scheme).append(" constraint \"").append(c).append("\": ").append(why);
    return fail(ErrorCode::InvalidArgument, std::move(msg), std::string(scheme) + " constraint");
}

Split split_first(std::string_view s, char sep) {
    auto pos = s.find(sep);
    if (pos == std::string_view::npos) return {s, {}, false};
    return {s.substr(0, pos), s.substr(pos + 1), true};
}

}  // namespace berth::vuln::version::detail
