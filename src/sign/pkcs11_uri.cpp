// SPDX-License-Identifier: Apache-2.0
#include "sign/pkcs11_uri.hpp"

#include <charconv>
#include <utility>
#include <vector>

#include "core/text.hpp"

namespace berth::sign {

namespace {

constexpr std::string_view kScheme = "pkcs11:";

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

Result<std::string> percent_decode(std::string_view value, std::string_view attribute) {
    std::string out;
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] != '%') {
            out += value[i];
            continue;
        }
        const int hi = i + 1 < value.size() ? hex_value(value[i + 1]) : -1;
        const int lo = i + 2 < value.size() ? hex_value(value[i + 2]) : -1;
        if (hi < 0 || lo < 0) {
            return fail(ErrorCode::InvalidArgument,
                        "bad percent-encoding \"" + std::string(value.substr(i, 3)) +
                            "\" in attribute '" + std::string(attribute) +
                            "' (a % must be followed by two hex digits)",
                        "pkcs11 URI");
        }
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

// Where each known attribute goes; nullptr for slot-id (numeric, handled apart).
std::optional<std::string>* path_field(Pkcs11Uri& uri, std::string_view name) {
    const std::pair<std::string_view, std::optional<std::string>*> table[] = {
        {"token", &uri.token},
        {"manufacturer", &uri.manufacturer},
        {"serial", &uri.serial},
        {"model", &uri.model},
        {"object", &uri.object},
        {"type", &uri.type},
        {"id", &uri.id},
        {"slot-description", &uri.slot_description},
        {"slot-manufacturer", &uri.slot_manufacturer},
    };
    for (const auto& [n, field] : table) {
        if (n == name) return field;
    }
    return nullptr;
}

std::optional<std::string>* query_field(Pkcs11Uri& uri, std::string_view name) {
    if (name == "module-path") return &uri.module_path;
    if (name == "module-name") return &uri.module_name;
    if (name == "pin-value") return &uri.pin_value;
    if (name == "pin-source") return &uri.pin_source;
    return nullptr;
}

bool ignored_attribute(std::string_view name) {
    // Library attributes select among several modules; berth loads exactly one.
    return text::istarts_with(name, "x-") || name == "library-manufacturer" ||
           name == "library-description" || name == "library-version";
}

Status set_slot_id(Pkcs11Uri& uri, std::string_view value) {
    unsigned long id = 0;
    const auto* end = value.data() + value.size();
    auto [ptr, ec] = std::from_chars(value.data(), end, id);
    if (value.empty() || ec != std::errc() || ptr != end) {
        return fail(ErrorCode::InvalidArgument,
                    "slot-id \"" + std::string(value) + "\" is not a decimal number", "pkcs11 URI");
    }
    uri.slot_id = id;
    return {};
}

Status apply(Pkcs11Uri& uri, std::string_view attr, bool query, std::vector<std::string>& seen) {
    const auto eq = attr.find('=');
    if (eq == std::string_view::npos || eq == 0) {
        return fail(ErrorCode::InvalidArgument,
                    "attribute \"" + std::string(attr) + "\" is not NAME=VALUE", "pkcs11 URI");
    }
    const std::string name(attr.substr(0, eq));
    for (const auto& s : seen) {
        if (s == name) {
            return fail(ErrorCode::InvalidArgument, "attribute '" + name + "' appears twice",
                        "pkcs11 URI");
        }
    }
    seen.push_back(name);
    auto value = percent_decode(attr.substr(eq + 1), name);
    if (!value) return fail(value.error());
    if (!query && name == "slot-id") return set_slot_id(uri, *value);
    std::optional<std::string>* field = query ? query_field(uri, name) : path_field(uri, name);
    if (field != nullptr) {
        *field = std::move(*value);
        return {};
    }
    if (ignored_attribute(name)) return {};
    return fail(ErrorCode::InvalidArgument,
                "unknown " + std::string(query ? "query" : "path") + " attribute '" + name +
                    "' (path: token, object, id, slot-id, serial, manufacturer, model, type; "
                    "query: module-path, module-name, pin-value, pin-source)",
                "pkcs11 URI");
}

}  // namespace

bool is_pkcs11_uri(std::string_view text) {
    return text::istarts_with(text, kScheme);
}

Result<Pkcs11Uri> parse_pkcs11_uri(std::string_view text) {
    if (!is_pkcs11_uri(text)) {
        return fail(ErrorCode::InvalidArgument, "a PKCS#11 URI starts with \"pkcs11:\"",
                    "pkcs11 URI");
    }
    const std::string_view rest = text.substr(kScheme.size());
    const auto q = rest.find('?');
    const std::string_view path = rest.substr(0, q);
    const std::string_view query = q == std::string_view::npos ? "" : rest.substr(q + 1);
    Pkcs11Uri uri;
    std::vector<std::string> seen;
    for (const auto part : text::split(path, ';')) {
        if (part.empty()) continue;
        if (auto s = apply(uri, part, false, seen); !s) return fail(s.error());
    }
    for (const auto part : text::split(query, '&')) {
        if (part.empty()) continue;
        if (auto s = apply(uri, part, true, seen); !s) return fail(s.error());
    }
    if (uri.type && *uri.type != "private" && *uri.type != "public" && *uri.type != "cert" &&
        *uri.type != "secret-key" && *uri.type != "data") {
        return fail(ErrorCode::InvalidArgument,
                    "type \"" + *uri.type + "\" is not public, private, cert, secret-key or data",
                    "pkcs11 URI");
    }
    return uri;
}

std::string redact_pkcs11_uri(std::string_view text) {
    std::string out(text);
    const auto at = out.find("pin-value=");
    if (at == std::string::npos) return out;
    const auto value = at + 10;
    const auto end = out.find('&', value);
    out.replace(value, end == std::string::npos ? std::string::npos : end - value, "***");
    return out;
}

}  // namespace berth::sign
