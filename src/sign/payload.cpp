// SPDX-License-Identifier: Apache-2.0
#include "sign/payload.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace berth::sign {

namespace {

constexpr std::string_view kHex = "0123456789abcdef";

void append_u(std::string& out, unsigned code) {
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4)
        out += kHex[(code >> static_cast<unsigned>(shift)) & 0xFU];
}

// Length of the valid UTF-8 sequence at s[i] (1–4) and its code point, or 0 when invalid
// (overlong forms, surrogates and values past U+10FFFF included), as Go's utf8.DecodeRune.
std::size_t utf8_rune(std::string_view s, std::size_t i, unsigned& cp) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    unsigned min = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2, cp = b0 & 0x1FU, min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3, cp = b0 & 0x0FU, min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4, cp = b0 & 0x07U, min = 0x10000;
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0U) != 0x80U) return 0;
        cp = (cp << 6U) | (b & 0x3FU);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

void append_string(std::string& out, std::string_view s) {
    out += '"';
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            switch (c) {
                case '"':
                    out += "\\\"";
                    break;
                case '\\':
                    out += "\\\\";
                    break;
                case '\b':
                    out += "\\b";
                    break;
                case '\f':
                    out += "\\f";
                    break;
                case '\n':
                    out += "\\n";
                    break;
                case '\r':
                    out += "\\r";
                    break;
                case '\t':
                    out += "\\t";
                    break;
                case '<':
                case '>':
                case '&':
                    append_u(out, c);
                    break;
                default:
                    if (c < 0x20) {
                        append_u(out, c);
                    } else {
                        out += static_cast<char>(c);
                    }
            }
            ++i;
            continue;
        }
        unsigned cp = 0;
        const std::size_t len = utf8_rune(s, i, cp);
        if (len == 0) {
            out += "\\ufffd";
            ++i;
        } else if (cp == 0x2028 || cp == 0x2029) {
            append_u(out, cp);
            i += len;
        } else {
            out.append(s.substr(i, len));
            i += len;
        }
    }
    out += '"';
}

// strconv.FormatFloat(f, 'f' or 'e', -1, 64) as encoding/json chooses between them.
void append_float(std::string& out, double f) {
    if (!std::isfinite(f)) {
        out += "null";  // Go refuses these (UnsupportedValueError); JSON has no spelling for them
        return;
    }
    std::array<char, 64> buf{};
    const double a = std::fabs(f);
    const bool sci = a != 0 && (a < 1e-6 || a >= 1e21);
    auto res = std::to_chars(buf.data(), buf.data() + buf.size(), f,
                             sci ? std::chars_format::scientific : std::chars_format::fixed);
    std::string s(buf.data(), res.ptr);
    const std::size_t n = s.size();
    if (sci && n >= 4 && s[n - 4] == 'e' && s[n - 3] == '-' && s[n - 2] == '0') {
        s.erase(n - 2, 1);  // e-07 → e-7, as encoding/json cleans up the exponent
    }
    out += s;
}

void append_value(std::string& out, const nlohmann::json& v) {
    switch (v.type()) {
        case nlohmann::json::value_t::object: {
            out += '{';
            bool first = true;
            for (const auto& [key, member] : v.items()) {  // nlohmann::json keeps keys sorted
                if (!first) out += ',';
                first = false;
                append_string(out, key);
                out += ':';
                append_value(out, member);
            }
            out += '}';
            break;
        }
        case nlohmann::json::value_t::array: {
            out += '[';
            for (std::size_t i = 0; i < v.size(); ++i) {
                if (i != 0) out += ',';
                append_value(out, v[i]);
            }
            out += ']';
            break;
        }
        case nlohmann::json::value_t::string:
            append_string(out, v.get_ref<const std::string&>());
            break;
        case nlohmann::json::value_t::boolean:
            out += v.get<bool>() ? "true" : "false";
            break;
        case nlohmann::json::value_t::number_integer:
            out += std::to_string(v.get<std::int64_t>());
            break;
        case nlohmann::json::value_t::number_unsigned:
            out += std::to_string(v.get<std::uint64_t>());
            break;
        case nlohmann::json::value_t::number_float:
            append_float(out, v.get<double>());
            break;
        default:
            out += "null";
            break;
    }
}

}  // namespace

std::string go_json(const nlohmann::json& value) {
    std::string out;
    append_value(out, value);
    return out;
}

std::string simple_signing_payload(std::string_view docker_reference,
                                   std::string_view manifest_digest,
                                   const nlohmann::json& annotations) {
    std::string out = R"({"critical":{"identity":{"docker-reference":)";
    append_string(out, docker_reference);
    out += R"(},"image":{"docker-manifest-digest":)";
    append_string(out, manifest_digest);
    out += R"(},"type":)";
    append_string(out, kSimpleSigningType);
    out += R"(},"optional":)";
    append_value(out, annotations.is_object() ? annotations : nlohmann::json());
    out += '}';
    return out;
}

std::string image_signature_statement(std::string_view repository, const Digest& manifest_digest) {
    std::string out = R"({"_type":)";
    append_string(out, kInTotoStatementType);
    out += R"(,"subject":[{"name":)";
    append_string(out, repository);
    out += R"(,"digest":{)";
    append_string(out, manifest_digest.algorithm);
    out += ':';
    append_string(out, manifest_digest.hex);
    out += R"(}}],"predicateType":)";
    append_string(out, kCosignSignPredicateType);
    out += R"(,"predicate":{}})";
    return out;
}

}  // namespace berth::sign
