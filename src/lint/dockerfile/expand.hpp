// SPDX-License-Identifier: Apache-2.0
// ARG/ENV expansion in Dockerfile words, as BuildKit's shell lexer does it for FROM, COPY --from,
// ENV, WORKDIR, … (https://docs.docker.com/reference/dockerfile/#environment-replacement):
// `$NAME`, `${NAME}`, `${NAME:-word}` (unset or empty → word), `${NAME-word}` (unset → word),
// `${NAME:+word}` (set and not empty → word), `${NAME+word}`, `${NAME:?msg}` / `${NAME?msg}`
// (an error when unset [or empty]); single quotes are literal, double quotes group, the escape
// character escapes the next character and the quotes are removed.
//   expand("he${XXX:-$PWD}x", {PWD=/home}) → "he/homex"
// Oracle: BuildKit's shell/envVarTest table (lex_test.go), see expand_test.cpp.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace berth::lint::dockerfile {

/// Variables in scope.
class Env {
  public:
    void set(std::string name, std::string value) { vars_[std::move(name)] = std::move(value); }
    /// The value, or nullptr when unset.
    const std::string* get(std::string_view name) const {
        auto it = vars_.find(std::string(name));
        return it == vars_.end() ? nullptr : &it->second;
    }

  private:
    std::map<std::string, std::string> vars_;
};

/// The word after expansion and quote removal. `error` is set (and `text` partial) for a
/// malformed word: unmatched quote, `${}`, missing `}`, a bad operator, a `?` that tripped.
struct Expanded {
    std::string text;
    std::string error;
    std::vector<std::string> unset;  ///< names referenced but not set (expanded to "")
};

/// Expands one word; `escape` is the file's escape character.
Expanded expand(std::string_view word, const Env& env, char escape = '\\');

}  // namespace berth::lint::dockerfile
