// SPDX-License-Identifier: Apache-2.0
// Checked reading of JSON documents (image configs, manifests, Engine API answers, advisories,
// VEX and ignore files): every read says what it expected, and a failure names the JSON path
// ("$.config.Env[2]") in the message and the document ("sha256:ab12…/config") in `where`.
//
//   auto doc = json_read::parse(text, "blob sha256:ab12…");   // Result<nlohmann::json>
//   json_read::Cursor root(*doc, "blob sha256:ab12…");
//   auto user = root["config"].opt_string("User");            // absent or null → ""
//   // wrong type → Error{Format, "$.config.User: expected a string, got number", "blob …"}
//
// Strict readers (opt_*, req_*) return Result; lenient readers (*_or) ignore wrong types, for
// APIs whose fields drift between versions (the Docker Engine API).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace berth::json_read {

/// Parses `text` as one JSON document; syntax errors become Format errors at `where` with
/// nlohmann's byte position. Never throws.
Result<nlohmann::json> parse(std::string_view text, const std::string& where);

/// "null", "object", "array", "string", "boolean", "number".
std::string_view type_name(const nlohmann::json& v);

/// A value inside a document, with its JSON path. Navigating to an absent member or element
/// gives an absent cursor (value() is null), so chains like root["a"]["b"] never throw.
/// Holds a reference: the document must outlive the cursor.
class Cursor {
  public:
    Cursor(const nlohmann::json& value, std::string where, std::string path = "$");

    [[nodiscard]] const nlohmann::json& value() const { return *value_; }
    [[nodiscard]] const std::string& path() const { return path_; }
    [[nodiscard]] const std::string& where() const { return where_; }
    /// False when absent or null.
    [[nodiscard]] bool present() const { return !value_->is_null(); }

    /// Member `key` (absent unless this is an object that has it).
    Cursor operator[](std::string_view key) const;
    /// Element `i` (absent unless this is an array that long).
    Cursor operator[](std::size_t i) const;

    /// Elements of an array; absent/null → none; another type → error.
    [[nodiscard]] Result<std::vector<Cursor>> elements() const;
    /// Members of an object as (key, cursor), key-sorted; absent/null → none; another type → error.
    [[nodiscard]] Result<std::vector<std::pair<std::string, Cursor>>> members() const;

    /// This value as a string; absent/null → error "missing".
    [[nodiscard]] Result<std::string> as_string() const;

    // Strict member reads. opt_*: absent or null → the default. req_*: absent → error.
    [[nodiscard]] Result<std::string> opt_string(std::string_view key) const;
    [[nodiscard]] Result<std::string> req_string(std::string_view key) const;
    [[nodiscard]] Result<std::int64_t> opt_int(std::string_view key,
                                               std::int64_t fallback = 0) const;
    [[nodiscard]] Result<std::int64_t> req_int(std::string_view key) const;
    [[nodiscard]] Result<bool> opt_bool(std::string_view key, bool fallback = false) const;
    /// An array of strings; absent/null → empty.
    [[nodiscard]] Result<std::vector<std::string>> opt_strings(std::string_view key) const;
    /// Member that must be an object when present (absent → an absent cursor).
    [[nodiscard]] Result<Cursor> opt_object(std::string_view key) const;
    [[nodiscard]] Result<Cursor> req_object(std::string_view key) const;
    /// Member that must be an array when present.
    [[nodiscard]] Result<Cursor> opt_array(std::string_view key) const;

    // Lenient member reads: absent, null or the wrong type → the fallback.
    [[nodiscard]] std::string string_or(std::string_view key, std::string fallback = {}) const;
    [[nodiscard]] std::int64_t int_or(std::string_view key, std::int64_t fallback = 0) const;
    [[nodiscard]] bool bool_or(std::string_view key, bool fallback = false) const;
    /// The string elements of an array member (others skipped); absent or not an array → empty.
    [[nodiscard]] std::vector<std::string> strings_or_empty(std::string_view key) const;

    /// A Format error at this cursor: "<path>: <message>".
    [[nodiscard]] Error error(std::string_view message) const;

  private:
    [[nodiscard]] Error type_error(std::string_view key, std::string_view want,
                                   const nlohmann::json& got) const;

    const nlohmann::json* value_;
    std::string where_;
    std::string path_;
};

}  // namespace berth::json_read
