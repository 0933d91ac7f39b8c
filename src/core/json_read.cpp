// SPDX-License-Identifier: Apache-2.0
#include "core/json_read.hpp"

#include <atomic>
#include <optional>
#include <utility>
#include <vector>

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

namespace {

// The process-wide default limits: written once by the CLI before any parse, read after.
std::atomic<std::size_t> g_max_depth{Limits{}.max_depth};
std::atomic<std::size_t> g_max_values{Limits{}.max_values};

// Builds the DOM from nlohmann's SAX events, counting values and depth on the way, so parsing
// stops at the first value over a limit and memory never exceeds what the limits allow. (Not
// nlohmann's parser callback: its end_object scans the parent for discarded values, which makes
// an array of n objects cost O(n²).)
class LimitedBuilder {
  public:
    using json = nlohmann::json;

    LimitedBuilder(json& root, const Limits& limits, const std::string& where)
        : root_(root), limits_(limits), where_(where) {}

    bool null() { return add(json(nullptr)); }
    bool boolean(bool v) { return add(json(v)); }
    bool number_integer(json::number_integer_t v) { return add(json(v)); }
    bool number_unsigned(json::number_unsigned_t v) { return add(json(v)); }
    bool number_float(json::number_float_t v, const json::string_t& /*text*/) {
        return add(json(v));
    }
    bool string(json::string_t& v) { return add(json(std::move(v))); }
    bool binary(json::binary_t& v) { return add(json(std::move(v))); }
    bool start_object(std::size_t /*size*/) { return open(json::value_t::object); }
    bool start_array(std::size_t /*size*/) { return open(json::value_t::array); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(json::string_t& k) {
        if (!count()) return false;
        slot_ = &stack_.back()->get_ref<json::object_t&>()[std::move(k)];
        return true;
    }

    bool parse_error(std::size_t byte, const std::string& /*token*/,
                     const nlohmann::json::exception& e) {
        syntax_ = SyntaxError{byte, e.what()};
        return false;
    }

    /// Set when a limit stopped the parse.
    [[nodiscard]] const std::optional<Error>& over_limit() const { return over_; }
    [[nodiscard]] const std::optional<SyntaxError>& syntax() const { return syntax_; }

  private:
    bool count() {
        if (++values_ <= limits_.max_values) return true;
        over_ = Error{ErrorCode::LimitExceeded,
                      "JSON document has more than " + std::to_string(limits_.max_values) +
                          " values (--max-json-values)",
                      where_};
        return false;
    }

    // Puts `v` where the next value goes: the root, the end of the open array, or the slot of
    // the last key of the open object. Returns where it is.
    json* place(json&& v) {
        if (stack_.empty()) {
            root_ = std::move(v);
            return &root_;
        }
        json& top = *stack_.back();
        if (top.is_array()) {
            auto& array = top.get_ref<json::array_t&>();
            array.push_back(std::move(v));
            return &array.back();
        }
        *slot_ = std::move(v);
        return slot_;
    }

    bool add(json&& v) {
        if (!count()) return false;
        place(std::move(v));
        return true;
    }

    bool open(json::value_t type) {
        if (stack_.size() >= limits_.max_depth) {
            over_ = Error{ErrorCode::LimitExceeded,
                          "JSON nested deeper than " + std::to_string(limits_.max_depth) +
                              " levels (--max-json-depth)",
                          where_};
            return false;
        }
        if (!count()) return false;
        stack_.push_back(place(json(type)));
        return true;
    }

    bool close() {
        stack_.pop_back();
        return true;
    }

    json& root_;
    const Limits& limits_;
    const std::string& where_;
    std::vector<json*> stack_;  // open arrays and objects, innermost last
    json* slot_ = nullptr;      // value of the last key read
    std::size_t values_ = 0;
    std::optional<Error> over_;
    std::optional<SyntaxError> syntax_;
};

}  // namespace

Limits default_limits() {
    return Limits{g_max_depth.load(std::memory_order_relaxed),
                  g_max_values.load(std::memory_order_relaxed)};
}

void set_default_limits(const Limits& limits) {
    g_max_depth.store(limits.max_depth, std::memory_order_relaxed);
    g_max_values.store(limits.max_values, std::memory_order_relaxed);
}

Result<nlohmann::json> parse(std::string_view text, const std::string& where, const Limits& limits,
                             SyntaxError* syntax) {
    nlohmann::json doc;
    LimitedBuilder builder(doc, limits, where);
    bool ok = false;
    try {
        ok = nlohmann::json::sax_parse(text.begin(), text.end(), &builder);
    } catch (const nlohmann::json::exception& e) {  // e.g. out_of_range for a bad \u escape
        if (syntax != nullptr) *syntax = SyntaxError{0, e.what()};
        return fail(ErrorCode::Format, std::string("not valid JSON: ") + e.what(), where);
    }
    if (ok) return doc;
    if (builder.over_limit()) return fail(*builder.over_limit());
    const SyntaxError error = builder.syntax().value_or(SyntaxError{});
    if (syntax != nullptr) *syntax = error;
    return fail(ErrorCode::Format, "not valid JSON (at byte " + std::to_string(error.byte) + ")",
                where);
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
