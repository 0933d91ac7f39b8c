// SPDX-License-Identifier: Apache-2.0
#include "core/env_file.hpp"

#include <algorithm>
#include <cstddef>
#include <utility>

#include "core/text.hpp"

namespace berth {
namespace {

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

bool valid_key(std::string_view key) {
    if (key.empty() || (key.front() >= '0' && key.front() <= '9')) return false;
    return std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '_';
    });
}

std::string preview(std::string_view s) {
    constexpr std::size_t kMax = 40;
    return s.size() <= kMax ? std::string(s) : std::string(s.substr(0, kMax)) + "…";
}

// One pass over the text; `i_` is the read position, `line_` the 1-based line of it.
class EnvParser {
  public:
    EnvParser(std::string_view text, std::string_view where, std::string_view who,
              Diagnostics& diagnostics, EnvSyntax syntax)
        : text_(text), where_(where), who_(who), diagnostics_(diagnostics), syntax_(syntax) {}

    std::map<std::string, std::string> run() {
        if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);  // UTF-8 BOM
        while (i_ < text_.size()) assignment();
        return std::move(out_);
    }

  private:
    void note(std::size_t line, std::string message) {
        diagnostics_.push_back({Diagnostic::Severity::Warning,
                                std::string(who_) + ": " + std::move(message),
                                std::string(where_) + ":" + std::to_string(line)});
    }

    [[nodiscard]] bool at_eol() const { return i_ >= text_.size() || text_[i_] == '\n'; }

    void skip_to_eol() {
        while (!at_eol()) ++i_;
    }

    // One line (or one logical line, with continuations): blank, comment or KEY=VALUE.
    void assignment() {
        while (i_ < text_.size() && is_blank(text_[i_])) ++i_;
        if (i_ >= text_.size()) return;
        if (text_[i_] == '\n') {
            ++i_;
            ++line_;
            return;
        }
        if (text_[i_] == '#' || (syntax_.semicolon_comments && text_[i_] == ';')) {
            skip_to_eol();
            return;
        }
        if (syntax_.export_prefix && text_.substr(i_, 7) == "export ") i_ += 7;
        const std::size_t key_line = line_;
        std::size_t k = i_;
        while (k < text_.size() && text_[k] != '=' && text_[k] != '\n') ++k;
        if (k >= text_.size() || text_[k] == '\n') {
            note(key_line, "not KEY=VALUE: \"" + preview(text::trim(text_.substr(i_, k - i_))) +
                               "\"; skipped");
            i_ = k;
            return;
        }
        const std::string_view key = text::trim(text_.substr(i_, k - i_));
        i_ = k + 1;
        std::string value = read_value();
        if (!valid_key(key)) {
            note(key_line, "invalid key \"" + preview(key) + "\"; skipped");
            return;
        }
        out_[std::string(key)] = std::move(value);
    }

    // The value after '=' up to the end of its (logical) line.
    std::string read_value() {
        std::string value;
        std::size_t keep = 0;  // value length without unquoted trailing whitespace
        bool started = false;
        bool blank_before = false;
        while (!at_eol()) {
            const char c = text_[i_];
            if (is_blank(c)) {
                if (started) value += c;
                blank_before = true;
                ++i_;
                continue;
            }
            if (c == '#' && blank_before) {  // shell: " #" starts a comment
                skip_to_eol();
                break;
            }
            started = true;
            blank_before = false;
            if (c == '"' || c == '\'') {
                ++i_;
                read_quoted(c, value);
            } else if (c == '\\') {
                if (!unquoted_escape(value)) continue;  // a continuation keeps no blank
            } else {
                value += c;
                ++i_;
            }
            keep = value.size();
        }
        value.resize(keep);
        return value;
    }

    // After an unquoted backslash: the next character literally (true); at the end of a line,
    // a continuation, and at the end of the text, nothing (false).
    bool unquoted_escape(std::string& value) {
        if (i_ + 1 >= text_.size()) {
            ++i_;
            return false;
        }
        const char e = text_[i_ + 1];
        i_ += 2;
        if (e == '\n') {
            ++line_;
            return false;
        }
        value += e;
        return true;
    }

    // The rest of a quoted string opened by `quote` (already consumed), up to the end of line.
    void read_quoted(char quote, std::string& value) {
        while (!at_eol()) {
            const char q = text_[i_];
            if (q == quote) {
                ++i_;
                return;
            }
            if (quote == '"' && q == '\\' && i_ + 1 < text_.size()) {
                const char e = text_[i_ + 1];
                if (e == '"' || e == '\\' || e == '$' || e == '`') {
                    value += e;
                    i_ += 2;
                    continue;
                }
                if (e == '\n') {  // line continuation
                    i_ += 2;
                    ++line_;
                    continue;
                }
            }
            value += q;
            ++i_;
        }
        while (!value.empty() && value.back() == '\r') value.pop_back();
        note(line_, std::string("unterminated ") + (quote == '"' ? "double" : "single") +
                        " quote; value ends at the end of the line");
    }

    std::string_view text_;
    std::string_view where_;
    std::string_view who_;
    Diagnostics& diagnostics_;
    EnvSyntax syntax_;
    std::size_t i_ = 0;
    std::size_t line_ = 1;
    std::map<std::string, std::string> out_;
};

}  // namespace

std::map<std::string, std::string> parse_env_file(std::string_view text, std::string_view where,
                                                  std::string_view who, Diagnostics& diagnostics,
                                                  EnvSyntax syntax) {
    return EnvParser(text, where, who, diagnostics, syntax).run();
}

}  // namespace berth
