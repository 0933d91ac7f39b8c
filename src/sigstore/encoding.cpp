// SPDX-License-Identifier: Apache-2.0
#include "sigstore/encoding.hpp"

#include <openssl/evp.h>

#include <array>
#include <charconv>
#include <ctime>

namespace berth::sigstore {

std::string to_hex(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        out += kDigits[b >> 4U];
        out += kDigits[b & 15U];
    }
    return out;
}

std::string sha256_bytes(std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), md.data(), &len, EVP_sha256(), nullptr);
    return {reinterpret_cast<const char*>(md.data()), len};
}

std::optional<std::int64_t> parse_rfc3339(std::string_view text) {
    // YYYY-MM-DDTHH:MM:SS[.frac](Z|+00:00|±HH:MM)
    auto num = [&](std::size_t pos, std::size_t n) -> std::optional<int> {
        if (pos + n > text.size()) return std::nullopt;
        int v = 0;
        auto [p, ec] = std::from_chars(text.data() + pos, text.data() + pos + n, v);
        if (ec != std::errc() || p != text.data() + pos + n) return std::nullopt;
        return v;
    };
    if (text.size() < 20 || text[4] != '-' || text[7] != '-' ||
        (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':') {
        return std::nullopt;
    }
    const auto y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2),
               s = num(17, 2);
    if (!y || !mo || !d || !h || !mi || !s || *mo < 1 || *mo > 12 || *d < 1 || *d > 31 || *h > 23 ||
        *mi > 59 || *s > 60) {
        return std::nullopt;
    }
    std::size_t pos = 19;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        const std::size_t start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
        if (pos == start) return std::nullopt;
    }
    std::int64_t offset = 0;
    const std::string_view zone = text.substr(pos);
    if (zone == "Z" || zone == "z") {
        offset = 0;
    } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
        const auto oh = num(pos + 1, 2), om = num(pos + 4, 2);
        if (!oh || !om) return std::nullopt;
        offset = (zone[0] == '-' ? -1 : 1) * (*oh * 3600 + *om * 60);
    } else {
        return std::nullopt;
    }
    std::tm tm{};
    tm.tm_year = *y - 1900;
    tm.tm_mon = *mo - 1;
    tm.tm_mday = *d;
    tm.tm_hour = *h;
    tm.tm_min = *mi;
    tm.tm_sec = *s;
    return static_cast<std::int64_t>(timegm(&tm)) - offset;
}

Result<std::string> read_bytes(const json_read::Cursor& c, std::string_view key, bool required) {
    const json_read::Cursor v = c[key];
    if (!v.present()) {
        if (required) return fail(v.error("missing"));
        return std::string();
    }
    if (!v.value().is_string()) {
        return fail(
            v.error("expected base64 bytes, got " + std::string(json_read::type_name(v.value()))));
    }
    auto bytes = base64_decode_strict(v.value().get_ref<const std::string&>());
    if (!bytes) return fail(v.error("not valid base64"));
    return std::move(*bytes);
}

Result<std::int64_t> read_int64(const json_read::Cursor& c, std::string_view key,
                                std::int64_t fallback) {
    const json_read::Cursor v = c[key];
    if (!v.present()) return fallback;
    if (v.value().is_number_integer()) {
        if (v.value().is_number_unsigned() &&
            v.value().get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
            return fail(v.error("out of range for int64"));
        }
        return v.value().get<std::int64_t>();
    }
    if (!v.value().is_string()) {
        return fail(v.error("expected an int64 (a decimal string), got " +
                            std::string(json_read::type_name(v.value()))));
    }
    const auto& s = v.value().get_ref<const std::string&>();
    std::int64_t out = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc::result_out_of_range) return fail(v.error("out of range for int64"));
    if (ec != std::errc() || p != s.data() + s.size() || s.empty()) {
        return fail(v.error("expected an int64, got \"" + s.substr(0, 40) + "\""));
    }
    return out;
}

}  // namespace berth::sigstore
