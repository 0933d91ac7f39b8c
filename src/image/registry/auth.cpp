// SPDX-License-Identifier: Apache-2.0
// WWW-Authenticate grammar (RFC 7235 §2.1, §4.1):
//   challenge   = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//   auth-param  = token BWS "=" BWS ( token / quoted-string )
// Challenges and parameters are both comma-separated, so a new challenge starts where a token
// is followed by a space and another token instead of "=".
#include "image/registry/auth.hpp"

#include <cctype>

#include "core/text.hpp"

namespace berth::image::registry {
namespace {

bool is_tchar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

class Scanner {
  public:
    explicit Scanner(std::string_view s) : s_(s) {}
    void skip_ws() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
    }
    void skip_ws_commas() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == ',')) ++i_;
    }
    std::string_view token() {
        std::size_t b = i_;
        while (i_ < s_.size() && is_tchar(s_[i_])) ++i_;
        return s_.substr(b, i_ - b);
    }
    [[nodiscard]] bool at_end() const { return i_ >= s_.size(); }
    [[nodiscard]] char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
    void advance() { ++i_; }
    [[nodiscard]] std::size_t pos() const { return i_; }
    void seek(std::size_t p) { i_ = p; }
    std::optional<std::string> quoted() {
        std::string out;
        ++i_;  // opening quote
        while (i_ < s_.size()) {
            char c = s_[i_++];
            if (c == '"') return out;
            if (c == '\\' && i_ < s_.size()) c = s_[i_++];
            out += c;
        }
        return std::nullopt;
    }

  private:
    std::string_view s_;
    std::size_t i_ = 0;
};

}  // namespace

Result<std::vector<Challenge>> parse_challenges(std::string_view header) {
    const std::string where(header.substr(0, 200));
    std::vector<Challenge> out;
    Scanner sc(header);
    sc.skip_ws_commas();
    while (!sc.at_end()) {
        auto scheme = sc.token();
        if (scheme.empty()) {
            return fail(
                ErrorCode::Format,
                "WWW-Authenticate: expected an auth scheme at offset " + std::to_string(sc.pos()),
                where);
        }
        Challenge ch;
        ch.scheme = text::lower(scheme);
        sc.skip_ws();
        for (;;) {
            sc.skip_ws_commas();
            const std::size_t save = sc.pos();
            auto name = sc.token();
            sc.skip_ws();
            if (name.empty()) {
                if (sc.at_end()) break;
                return fail(
                    ErrorCode::Format,
                    "WWW-Authenticate: unexpected character at offset " + std::to_string(sc.pos()),
                    where);
            }
            if (sc.peek() != '=') {
                // The next challenge's scheme, or a token68 credential ("Negotiate abc").
                if (ch.params.empty() && (sc.at_end() || sc.peek() == ',')) continue;
                sc.seek(save);
                break;
            }
            sc.advance();  // '='
            sc.skip_ws();
            std::string value;
            if (sc.peek() == '"') {
                auto q = sc.quoted();
                if (!q)
                    return fail(ErrorCode::Format, "WWW-Authenticate: unterminated quoted string",
                                where);
                value = *q;
            } else {
                value = std::string(sc.token());
                if (value.empty()) {
                    // token68 with padding ("abc=="): not a parameter.
                    while (sc.peek() == '=') sc.advance();
                    continue;
                }
            }
            ch.params[text::lower(name)] = value;
            sc.skip_ws();
            if (!sc.at_end() && sc.peek() != ',') {
                return fail(
                    ErrorCode::Format,
                    "WWW-Authenticate: unexpected character at offset " + std::to_string(sc.pos()),
                    where);
            }
        }
        out.push_back(std::move(ch));
        sc.skip_ws_commas();
    }
    return out;
}

}  // namespace berth::image::registry
