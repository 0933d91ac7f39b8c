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

/// What one parsed document may cost. The DOM costs far more than its text (nlohmann::json: 16
/// bytes per value plus a heap block per array, object, key and long string — ~40 bytes per byte
/// for `[[[[…]]]]`, measured), so a file-size cap alone does not bound memory: these do. Every
/// JSON document berth reads goes through parse() and so through these limits (docs/limits.md).
struct Limits {
    /// Deepest nesting of arrays and objects (--max-json-depth). Real documents stay under 30.
    std::size_t max_depth = 1000;
    /// Most values (scalars, arrays, objects and object keys, each one) in one document
    /// (--max-json-values): ~100 bytes each at worst, so the default bounds the DOM to ~400 MiB.
    std::size_t max_values = 4'000'000;
};

/// The limits parse() applies when given none: Limits{} until set_default_limits() (the CLI
/// sets them once from --max-json-depth / --max-json-values, before any parse).
Limits default_limits();
void set_default_limits(const Limits& limits);

/// A syntax error as nlohmann reports it, for callers that print their own position.
struct SyntaxError {
    std::size_t byte = 0;  ///< 1-based offset just past the offending character; 0 = unknown
    std::string detail;    ///< nlohmann's message
};

/// Parses `text` as one JSON document; syntax errors become Format errors at `where` with
/// nlohmann's byte position ("not valid JSON (at byte N)"; also stored in `*syntax` when given);
/// a document over `limits` is a LimitExceeded error naming the limit and its option, found
/// while parsing (the DOM never grows past the limit). Never throws.
Result<nlohmann::json> parse(std::string_view text, const std::string& where,
                             const Limits& limits = default_limits(),
                             SyntaxError* syntax = nullptr);

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
