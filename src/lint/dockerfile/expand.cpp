// SPDX-License-Identifier: Apache-2.0
// A small recursive-descent reader over one word (see expand.hpp); `stop` is the character that
// ends a nested operand (`}` inside `${X:-word}`), 0 at the top level.
#include "lint/dockerfile/expand.hpp"

#include <cctype>

namespace berth::lint::dockerfile {
namespace {

constexpr std::string_view kSpecial = "@*#?-$!";

class Lexer {
  public:
    Lexer(std::string_view s, const Env& env, char escape, Expanded& out)
        : s_(s), env_(env), escape_(escape), out_(out) {}

    // Reads up to `stop` (consumed) or the end; false on error. `stop` 0 = the whole word.
    bool word(char stop, std::string& into) {
        if (++depth_ > kMaxDepth) return error("substitutions nested too deeply");
        struct Leave {
            int& d;
            ~Leave() { --d; }
        } leave{depth_};
        while (i_ < s_.size()) {
            const char c = s_[i_];
            if (stop != 0 && c == stop) {
                ++i_;
                return true;
            }
            if (c == escape_) {
                ++i_;
                if (i_ < s_.size()) into += s_[i_++];
                continue;
            }
            bool ok = true;
            if (c == '\'')
                ok = single_quote(into);
            else if (c == '"')
                ok = double_quote(into);
            else if (c == '$')
                ok = dollar(into);
            else {
                into += c;
                ++i_;
            }
            if (!ok) return false;
        }
        if (stop != 0) return error("missing '}'");
        return true;
    }

  private:
    bool error(std::string why) {
        if (out_.error.empty()) out_.error = std::move(why);
        return false;
    }

    bool single_quote(std::string& into) {
        ++i_;
        const auto end = s_.find('\'', i_);
        if (end == std::string_view::npos) return error("unmatched single quote");
        into.append(s_.substr(i_, end - i_));
        i_ = end + 1;
        return true;
    }

    bool double_quote(std::string& into) {
        ++i_;
        while (i_ < s_.size()) {
            const char c = s_[i_];
            if (c == '"') {
                ++i_;
                return true;
            }
            if (c == '$') {
                if (!dollar(into)) return false;
                continue;
            }
            if (c == escape_ && i_ + 1 < s_.size()) {
                const char n = s_[i_ + 1];
                if (n == '"' || n == '$' || n == escape_) {
                    into += n;
                    i_ += 2;
                    continue;
                }
            }
            into += c;
            ++i_;
        }
        return error("unmatched double quote");
    }

    std::string name() {
        const std::size_t start = i_;
        if (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_])) != 0) {
            while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_])) != 0) ++i_;
            return std::string(s_.substr(start, i_ - start));
        }
        if (i_ < s_.size() && kSpecial.find(s_[i_]) != std::string_view::npos) {
            return std::string(1, s_[i_++]);
        }
        while (i_ < s_.size() &&
               (std::isalnum(static_cast<unsigned char>(s_[i_])) != 0 || s_[i_] == '_')) {
            ++i_;
        }
        return std::string(s_.substr(start, i_ - start));
    }

    // Positional and special parameters are never set in a Dockerfile.
    const std::string* lookup(const std::string& n) {
        const bool special = std::isdigit(static_cast<unsigned char>(n[0])) != 0 ||
                             kSpecial.find(n[0]) != std::string_view::npos;
        const std::string* v = special ? nullptr : env_.get(n);
        if (v == nullptr && !special) out_.unset.push_back(n);
        return v;
    }

    bool dollar(std::string& into) {
        ++i_;
        if (i_ >= s_.size() || s_[i_] != '{') {
            const std::string n = name();
            if (n.empty()) {
                into += '$';
                return true;
            }
            if (const std::string* v = lookup(n)) into += *v;
            return true;
        }
        ++i_;
        const std::string n = name();
        if (n.empty() || i_ >= s_.size()) return error("bad substitution");
        const std::string* v = lookup(n);
        if (s_[i_] == '}') {
            ++i_;
            if (v != nullptr) into += *v;
            return true;
        }
        return operation(v, into);
    }

    bool operation(const std::string* v, std::string& into) {
        const bool colon = s_[i_] == ':';
        if (colon) ++i_;
        if (i_ >= s_.size()) return error("bad substitution");
        const char op = s_[i_++];
        if (op != '-' && op != '+' && op != '?') return error("unsupported modifier in ${}");
        std::string operand;
        if (!word('}', operand)) return false;
        const bool set = v != nullptr && (!colon || !v->empty());
        switch (op) {
            case '-':
                into += set ? *v : operand;
                return true;
            case '+':
                if (set) into += operand;
                return true;
            default:
                if (!set) return error("variable not set: " + operand);
                into += *v;
                return true;
        }
    }

    std::string_view s_;
    const Env& env_;
    char escape_;
    Expanded& out_;
    std::size_t i_ = 0;
    int depth_ = 0;
    static constexpr int kMaxDepth = 64;  // hostile input: no deep recursion
};

}  // namespace

Expanded expand(std::string_view word, const Env& env, char escape) {
    Expanded out;
    Lexer lx(word, env, escape, out);
    lx.word(0, out.text);
    return out;
}

}  // namespace berth::lint::dockerfile
