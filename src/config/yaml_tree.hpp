// SPDX-License-Identifier: Apache-2.0
// A YAML document as a plain tree with positions, for the Compose loader: yaml-cpp parses, then
// the tree is copied with every alias expanded, merge keys (`<<: *base`, YAML 1.1 merge, which
// Compose files use and yaml-cpp leaves as an ordinary key) applied, and duplicate keys refused
// (as compose-go's yaml.v3 does).
//
//   x-base: &base {privileged: true}          services.web →
//   services:                                  Map{privileged: true (line 1), image: nginx (line
//   4)}
//     web: {<<: *base, image: nginx}
//
// Aliases make a small text stand for a huge tree ("billion laughs"): copying counts nodes and
// stops at Limits::max_nodes, and nesting stops at Limits::max_depth, so a hostile file is an
// error, never an exhausted machine.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "config/model.hpp"
#include "core/result.hpp"

namespace berth::config::yaml {

/// One value. Maps keep their keys in document order.
struct Node {
    enum class Type { Null, Scalar, Seq, Map };
    Type type = Type::Null;
    std::string scalar;             ///< Scalar only
    std::string tag;                ///< "!reset", "!override", "" (plain)
    Position pos;                   ///< of the value
    std::vector<Node> items;        ///< Seq items, or Map values
    std::vector<std::string> keys;  ///< Map keys (same index as items)
    std::vector<Position> key_pos;  ///< Map key positions

    [[nodiscard]] bool is_map() const { return type == Type::Map; }
    [[nodiscard]] bool is_seq() const { return type == Type::Seq; }
    [[nodiscard]] bool is_scalar() const { return type == Type::Scalar; }
    /// The value of map key `key`, or nullptr.
    [[nodiscard]] const Node* find(std::string_view key) const;
    [[nodiscard]] Node* find(std::string_view key);
};

/// What one document may cost.
struct Limits {
    std::size_t max_nodes = 200'000;  ///< after expanding aliases
    std::size_t max_depth = 64;
};

/// Parses `text` (one YAML document; empty text is a Null node). `file` names it in positions and
/// errors. Errors: Format "FILE:LINE:COL: message" for bad YAML and duplicate keys (merge-key
/// values that are not maps too); LimitExceeded past `limits`.
Result<Node> parse(std::string_view text, const std::string& file, const Limits& limits = {});

/// "FILE:LINE:COLUMN" (or "FILE" when the line is unknown).
std::string where(const Position& p);

}  // namespace berth::config::yaml
