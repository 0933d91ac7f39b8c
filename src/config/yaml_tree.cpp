// SPDX-License-Identifier: Apache-2.0
#include "config/yaml_tree.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace berth::config::yaml {
namespace {

class Builder {
  public:
    Builder(const std::string& file, const Limits& limits) : file_(file), limits_(limits) {}

    Status build(const YAML::Node& in, Node& out, std::size_t depth) {
        if (++count_ > limits_.max_nodes) {
            return fail(ErrorCode::LimitExceeded,
                        "more than " + std::to_string(limits_.max_nodes) +
                            " YAML nodes once aliases are expanded (an alias bomb?)",
                        where(pos(in)));
        }
        if (depth > limits_.max_depth) {
            return fail(ErrorCode::LimitExceeded,
                        "YAML nested deeper than " + std::to_string(limits_.max_depth),
                        where(pos(in)));
        }
        out.pos = pos(in);
        out.tag = in.Tag() == "?" || in.Tag() == "!" ? std::string() : in.Tag();
        switch (in.Type()) {
            case YAML::NodeType::Scalar:
                out.type = Node::Type::Scalar;
                out.scalar = in.Scalar();
                return {};
            case YAML::NodeType::Sequence:
                out.type = Node::Type::Seq;
                for (const auto& item : in) {
                    out.items.emplace_back();
                    if (auto s = build(item, out.items.back(), depth + 1); !s) return s;
                }
                return {};
            case YAML::NodeType::Map:
                return build_map(in, out, depth);
            default:
                out.type = Node::Type::Null;
                return {};
        }
    }

  private:
    Position pos(const YAML::Node& n) const {
        const YAML::Mark m = n.Mark();
        if (m.is_null()) return {file_, 0, 0};
        return {file_, static_cast<std::size_t>(m.line) + 1,
                static_cast<std::size_t>(m.column) + 1};
    }

    Status build_map(const YAML::Node& in, Node& out, std::size_t depth) {
        out.type = Node::Type::Map;
        std::vector<Node> merged;  // the `<<` values, in order
        for (const auto& kv : in) {
            if (!kv.first.IsScalar()) {
                return fail(ErrorCode::Format, "a mapping key must be a string",
                            where(pos(kv.first)));
            }
            const std::string key = kv.first.Scalar();
            Node value;
            if (auto s = build(kv.second, value, depth + 1); !s) return s;
            if (key == "<<" && kv.first.Tag() != "!") {
                merged.push_back(std::move(value));
                continue;
            }
            if (out.find(key) != nullptr) {
                return fail(ErrorCode::Format, "duplicate key '" + key + "'", where(pos(kv.first)));
            }
            out.keys.push_back(key);
            out.key_pos.push_back(pos(kv.first));
            out.items.push_back(std::move(value));
        }
        for (const Node& m : merged) {
            if (auto s = merge(m, out); !s) return s;
        }
        return {};
    }

    // YAML merge key: the maps' keys are added unless the mapping sets them itself; of several
    // maps the first one that sets a key wins.
    Status merge(const Node& from, Node& into) {
        if (from.is_seq()) {
            for (const Node& m : from.items) {
                if (auto s = merge(m, into); !s) return s;
            }
            return {};
        }
        if (!from.is_map()) {
            return fail(ErrorCode::Format, "a merge key (<<) takes a mapping or a list of them",
                        where(from.pos));
        }
        for (std::size_t i = 0; i < from.keys.size(); ++i) {
            if (into.find(from.keys[i]) != nullptr) continue;
            count_ += 1;
            into.keys.push_back(from.keys[i]);
            into.key_pos.push_back(from.key_pos[i]);
            into.items.push_back(from.items[i]);
        }
        return {};
    }

    const std::string& file_;
    const Limits& limits_;
    std::size_t count_ = 0;
};

}  // namespace

const Node* Node::find(std::string_view key) const {
    auto it = std::find(keys.begin(), keys.end(), key);
    return it == keys.end() ? nullptr : &items[static_cast<std::size_t>(it - keys.begin())];
}

Node* Node::find(std::string_view key) {
    auto it = std::find(keys.begin(), keys.end(), key);
    return it == keys.end() ? nullptr : &items[static_cast<std::size_t>(it - keys.begin())];
}

std::string where(const Position& p) {
    if (p.line == 0) return p.file;
    return p.file + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
}

Result<Node> parse(std::string_view text, const std::string& file, const Limits& limits) {
    YAML::Node doc;
    try {
        doc = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
        Position p{file, 0, 0};
        if (!e.mark.is_null()) {
            p.line = static_cast<std::size_t>(e.mark.line) + 1;
            p.column = static_cast<std::size_t>(e.mark.column) + 1;
        }
        return fail(ErrorCode::Format, "not valid YAML: " + e.msg, where(p));
    }
    Node out;
    try {
        Builder b(file, limits);
        if (auto s = b.build(doc, out, 0); !s) return fail(s.error());
    } catch (const YAML::Exception& e) {
        return fail(ErrorCode::Format, "not valid YAML: " + e.msg, file);
    }
    return out;
}

}  // namespace berth::config::yaml
