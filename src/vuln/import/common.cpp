// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the advisory importers: release tables, positions, JSON errors, dates.
#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vuln/import/formats.hpp"

namespace berth::vuln::import::detail {

namespace {

// https://www.debian.org/releases/ and the security tracker's config; numbers as OSV's
// "Debian:<N>" ecosystems spell them (major only from 5 on).
constexpr std::array<std::pair<std::string_view, std::string_view>, 20> kDebian{{
    {"buzz", "1.1"},    {"rex", "1.2"},     {"bo", "1.3"},    {"hamm", "2.0"},  {"slink", "2.1"},
    {"potato", "2.2"},  {"woody", "3.0"},   {"sarge", "3.1"}, {"etch", "4.0"},  {"lenny", "5"},
    {"squeeze", "6"},   {"wheezy", "7"},    {"jessie", "8"},  {"stretch", "9"}, {"buster", "10"},
    {"bullseye", "11"}, {"bookworm", "12"}, {"trixie", "13"}, {"forky", "14"},  {"duke", "15"},
}};

// https://wiki.ubuntu.com/Releases
constexpr std::array<std::pair<std::string_view, std::string_view>, 43> kUbuntu{{
    {"warty", "4.10"},     {"hoary", "5.04"},    {"breezy", "5.10"},    {"dapper", "6.06"},
    {"edgy", "6.10"},      {"feisty", "7.04"},   {"gutsy", "7.10"},     {"hardy", "8.04"},
    {"intrepid", "8.10"},  {"jaunty", "9.04"},   {"karmic", "9.10"},    {"lucid", "10.04"},
    {"maverick", "10.10"}, {"natty", "11.04"},   {"oneiric", "11.10"},  {"precise", "12.04"},
    {"quantal", "12.10"},  {"raring", "13.04"},  {"saucy", "13.10"},    {"trusty", "14.04"},
    {"utopic", "14.10"},   {"vivid", "15.04"},   {"wily", "15.10"},     {"xenial", "16.04"},
    {"yakkety", "16.10"},  {"zesty", "17.04"},   {"artful", "17.10"},   {"bionic", "18.04"},
    {"cosmic", "18.10"},   {"disco", "19.04"},   {"eoan", "19.10"},     {"focal", "20.04"},
    {"groovy", "20.10"},   {"hirsute", "21.04"}, {"impish", "21.10"},   {"jammy", "22.04"},
    {"kinetic", "22.10"},  {"lunar", "23.04"},   {"mantic", "23.10"},   {"noble", "24.04"},
    {"oracular", "24.10"}, {"plucky", "25.04"},  {"questing", "25.10"},
}};

template <class Table>
std::string_view lookup(const Table& table, std::string_view key) {
    for (const auto& [name, number] : table) {
        if (name == key) return number;
    }
    return {};
}

bool all_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string_view debian_release(std::string_view codename) {
    return lookup(kDebian, codename);
}

std::string_view ubuntu_release(std::string_view codename) {
    return lookup(kUbuntu, codename);
}

std::string position(std::string_view bytes, std::size_t offset, std::string_view where) {
    offset = std::min(offset, bytes.size());
    std::size_t line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset; ++i) {
        if (bytes[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    }
    return std::string(where) + ":" + std::to_string(line) + ":" +
           std::to_string(offset - line_start + 1);
}

Error json_error(const nlohmann::json::exception& e, std::string_view bytes,
                 std::string_view where) {
    if (const auto* pe = dynamic_cast<const nlohmann::json::parse_error*>(&e)) {
        // byte is 1-based and points just past the offending character.
        const std::size_t offset = pe->byte > 0 ? pe->byte - 1 : 0;
        return Error{ErrorCode::Format, std::string("invalid JSON: ") + e.what(),
                     position(bytes, offset, where)};
    }
    return Error{ErrorCode::Format, std::string("unexpected JSON: ") + e.what(),
                 std::string(where)};
}

Result<nlohmann::json> parse_json(std::string_view bytes, std::string_view where,
                                  const json_read::Limits& limits) {
    json_read::SyntaxError syntax;
    auto doc = json_read::parse(bytes, std::string(where), limits, &syntax);
    if (doc || doc.error().code != ErrorCode::Format) return doc;
    // byte is 1-based and points just past the offending character.
    const std::size_t offset = syntax.byte > 0 ? syntax.byte - 1 : 0;
    return fail(ErrorCode::Format, "invalid JSON: " + syntax.detail,
                syntax.byte > 0 ? position(bytes, offset, where) : std::string(where));
}

void normalize_ids(std::vector<std::string>& ids, const std::string& id) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end());
}

std::string to_rfc3339(std::string_view date) {
    date = trim(date);
    // "2019-07-15 04:15:00 UTC" / "2019-07-15 04:15:00" / "2019-07-15"
    if (date.size() >= 10 && all_digits(date.substr(0, 4)) && date[4] == '-' &&
        all_digits(date.substr(5, 2)) && date[7] == '-' && all_digits(date.substr(8, 2))) {
        std::string day(date.substr(0, 10));
        std::string_view rest = trim(date.substr(10));
        if (rest.empty()) return day + "T00:00:00Z";
        if (rest.size() >= 8 && all_digits(rest.substr(0, 2)) && rest[2] == ':' &&
            all_digits(rest.substr(3, 2)) && rest[5] == ':' && all_digits(rest.substr(6, 2))) {
            std::string_view zone = trim(rest.substr(8));
            if (zone.empty() || zone == "UTC" || zone == "Z")
                return day + "T" + std::string(rest.substr(0, 8)) + "Z";
        }
        return std::string(date);
    }
    // "29 Mar 2023" (Debian DSA/DLA list)
    static constexpr std::array<std::string_view, 12> kMonths{
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (date.size() == 11 && all_digits(date.substr(0, 2)) && date[2] == ' ' && date[6] == ' ' &&
        all_digits(date.substr(7, 4))) {
        const auto month = std::find(kMonths.begin(), kMonths.end(), date.substr(3, 3));
        if (month != kMonths.end()) {
            const auto m = static_cast<int>(month - kMonths.begin()) + 1;
            std::string out(date.substr(7, 4));
            out += m < 10 ? "-0" : "-";
            out += std::to_string(m);
            out += "-";
            out += date.substr(0, 2);
            return out + "T00:00:00Z";
        }
    }
    return std::string(date);
}

}  // namespace berth::vuln::import::detail
