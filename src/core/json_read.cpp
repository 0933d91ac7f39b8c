// SPDX-License-Identifier: Apache-2.0
#include "core/json_read.hpp"

#include <utility>

namespace berth::json_read {
namespace {

const nlohmann::json& null_value() {
    static const nlohmann::json kNull;
    return kNull;
}

// JSON path of a member: "$.config" or, for keys that are not identifiers, "$[\"a.b\"]".
std::string member_path(const std::string& base, std::string_view key) {
    bool ident = !key.empty();
    for (char c : key) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '-';
        ident = ident && ok;
    }
    if (ident) return base + "." + std::string(key);
    return base + "[" +
           nlohmann::json(std::string(key))
               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
           "]";
}

}  // namespace

Result<nlohmann::json> parse(std::string_view text, const std::string& where) {
    try {
        return nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
        return fail(ErrorCode::Format, "not valid JSON (at byte " + std::to_string(e.byte) + ")",
                    where);
    } catch (const nlohmann::json::exception& e) {
        return fail(ErrorCode::Format, std::string("not valid JSON: ") + e.what(), where);
    }
}

std::string_view type_name(const nlohmann::json& v) {
    if (v.is_null()) return "null";
    if (v.is_object()) return "object";
    if (v.is_array()) return "array";
    if (v.is_string()) return "string";
    if (v.is_boolean()) return "boolean";
    if (v.is_number()) return "number";
    return "binary";
}

Cursor::Cursor(const nlohmann::json& value, std::string where, std::string path)
    : value_(&value), where_(std::move(where)), path_(std::move(path)) {}

Cursor Cursor::operator[](std::string_view key) const {
    const nlohmann::json* v = &null_value();
    if (value_->is_object()) {
        auto it = value_->find(key);
        if (it != value_->end()) v = &*it;
    }
    return Cursor(*v, where_, member_path(path_, key));
}

Cursor Cursor::operator[](std::size_t i) const {
    const nlohmann::json* v = &null_value();
    if (value_->is_array() && i < value_->size()) v = &(*value_)[i];
    return Cursor(*v, where_, path_ + "[" + std::to_string(i) + "]");
}

Error Cursor::error(std::string_view message) const {
    return Error{ErrorCode::Format, path_ + ": " + std::string(message), where_};
}

Error Cursor::type_error(std::string_view key, std::string_view want,
                         const nlohmann::json& got) const {
    return Error{ErrorCode::Format,
                 member_path(path_, key) + ": expected " + std::string(want) + ", got " +
                     std::string(type_name(got)),
                 where_};
}

Result<std::vector<Cursor>> Cursor::elements() const {
    std::vector<Cursor> out;
    if (value_->is_null()) return out;
    if (!value_->is_array())
        return fail(error("expected an array, got " + std::string(type_name(*value_))));
    out.reserve(value_->size());
    for (std::size_t i = 0; i < value_->size(); ++i) out.push_back((*this)[i]);
    return out;
}

Result<std::vector<std::pair<std::string, Cursor>>> Cursor::members() const {
    std::vector<std::pair<std::string, Cursor>> out;
    if (value_->is_null()) return out;
    if (!value_->is_object()) {
        return fail(error("expected an object, got " + std::string(type_name(*value_))));
    }
    for (const auto& [k, v] : value_->items()) {
        out.emplace_back(k, Cursor(v, where_, member_path(path_, k)));
    }
    return out;
}

Result<std::string> Cursor::as_string() const {
    if (value_->is_null()) return fail(error("missing"));
    if (!value_->is_string()) {
        return fail(error("expected a string, got " + std::string(type_name(*value_))));
    }
    return value_->get<std::string>();
}

Result<std::string> Cursor::opt_string(std::string_view key) const {
    const Cursor c = (*this)[key];
    if (!c.present()) return std::string();
    if (!c.value().is_string()) return fail(type_error(key, "a string", c.value()));
    return c.value().get<std::string>();
}

Result<std::string> Cursor::req_string(std::string_view key) const {
    const Cursor c = (*this)[key];
    if (!c.present()) return fail(c.error("missing"));
    return opt_string(key);
}

Result<std::int64_t> Cursor::opt_int(std::string_view key, std::int64_t fallback) const {
    const Cursor c = (*this)[key];
    if (!c.present()) return fallback;
    if (!c.value().is_number_integer()) return fail(type_error(key, "an integer", c.value()));
    return c.value().get<std::int64_t>();
}

Result<std::int64_t> Cursor::req_int(std::string_view key) const {
    const Cursor c = (*this)[key];
    if (!c.present()) return fail(c.error("missing"));
    return opt_int(key);
}

Result<bool> Cursor::opt_bool(std::string_view key, bool fallback) const {
    const Cursor c = (*this)[key];
    if (!c.present()) return fallback;
    if (!c.value().is_boolean()) return fail(type_error(key, "true or false", c.value()));
    return c.value().get<bool>();
}

Result<std::vector<std::string>> Cursor::opt_strings(std::string_view key) const {
    std::vector<std::string> out;
    const Cursor c = (*this)[key];
    if (!c.present()) return out;
    if (!c.value().is_array()) return fail(type_error(key, "an array of strings", c.value()));
    for (std::size_t i = 0; i < c.value().size(); ++i) {
        const auto& e = c.value()[i];
        if (!e.is_string()) {
            return fail(c[i].error("expected a string, got " + std::string(type_name(e))));
        }
        out.push_back(e.get<std::string>());
    }
    return out;
}

Result<Cursor> Cursor::opt_object(std::string_view key) const {
    Cursor c = (*this)[key];
    if (c.present() && !c.value().is_object()) return fail(type_error(key, "an object", c.value()));
    return c;
}

Result<Cursor> Cursor::req_object(std::string_view key) const {
    Cursor c = (*this)[key];
    if (!c.present()) return fail(c.error("missing"));
    return opt_object(key);
}

Result<Cursor> Cursor::opt_array(std::string_view key) const {
    Cursor c = (*this)[key];
    if (c.present() && !c.value().is_array()) return fail(type_error(key, "an array", c.value()));
    return c;
}

std::string Cursor::string_or(std::string_view key, std::string fallback) const {
    const Cursor c = (*this)[key];
    return c.value().is_string() ? c.value().get<std::string>() : std::move(fallback);
}

std::int64_t Cursor::int_or(std::string_view key, std::int64_t fallback) const {
    const Cursor c = (*this)[key];
    return c.value().is_number_integer() ? c.value().get<std::int64_t>() : fallback;
}

bool Cursor::bool_or(std::string_view key, bool fallback) const {
    const Cursor c = (*this)[key];
    return c.value().is_boolean() ? c.value().get<bool>() : fallback;
}

std::vector<std::string> Cursor::strings_or_empty(std::string_view key) const {
    std::vector<std::string> out;
    const Cursor c = (*this)[key];
    if (!c.value().is_array()) return out;
    for (const auto& e : c.value()) {
        if (e.is_string()) out.push_back(e.get<std::string>());
    }
    return out;
}

}  // namespace berth::json_read
