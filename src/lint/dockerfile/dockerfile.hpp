// SPDX-License-Identifier: Apache-2.0
// A parsed Dockerfile, as BuildKit reads it (https://docs.docker.com/reference/dockerfile/ and
// the BuildKit frontend grammar): parser directives (`# syntax=`, `# escape=`, `# check=`), line
// continuations with the escape character, comment lines inside continuations, heredocs on RUN,
// COPY and ADD (`<<EOF`, `<<-EOF`, quoted delimiters, several per instruction), JSON and shell
// forms, `--flag[=value]` words, ONBUILD triggers and multi-stage builds.
//
//   # escape=`                      directives {escape=`}
//   FROM --platform=$P alpine:3 AS b  → stage 0 {base "alpine:3", name "b"}, flag platform=$P
//   RUN apk add \                      → RUN, args "apk add  curl" (line 3, column 1; end line 4)
//       curl
//
// The parser never fails: anything malformed (an unknown instruction, an unterminated heredoc,
// NUL bytes, invalid UTF-8, a missing argument) becomes a Problem with its line and column, and
// parsing goes on with the next instruction. Lines and columns are 1-based; columns count bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace berth::lint::dockerfile {

/// A place in the file: 1-based line and byte column (0 = unknown).
struct Position {
    std::size_t line = 0;
    std::size_t column = 0;
    friend bool operator==(const Position&, const Position&) = default;
};

/// A parser directive at the top of the file: `# escape=\``.
struct Directive {
    std::string name;  ///< lower case: "syntax", "escape", "check"
    std::string value;
    Position pos;
};

/// A `--name[=value]` word before an instruction's arguments.
struct Flag {
    std::string name;   ///< without the dashes: "mount", "from", "platform"
    std::string value;  ///< "" when absent (see has_value)
    bool has_value = false;
    Position pos;
};

/// A heredoc attached to RUN, COPY or ADD: `<<-"EOF"` … `EOF`.
struct Heredoc {
    std::string delimiter;    ///< "EOF"
    std::string body;         ///< the lines between, each ending in '\n'; tabs stripped for <<-
    bool strip_tabs = false;  ///< <<-
    bool quoted = false;      ///< <<"EOF" or <<'EOF': no expansion in the body
    Position pos;             ///< of the `<<`
    Position body_pos;        ///< first body line, column 1
};

/// One instruction with its continuation lines joined.
struct Instruction {
    std::string keyword;  ///< upper case: "RUN"; as written when unknown
    std::vector<Flag> flags;
    std::string args;  ///< text after keyword and flags, continuations joined, comments dropped
    bool json_form = false;              ///< args is a JSON array of strings
    std::vector<std::string> json_args;  ///< its strings when json_form
    std::vector<Heredoc> heredocs;
    Position pos;              ///< of the keyword
    Position args_pos;         ///< of the first argument character
    std::size_t end_line = 0;  ///< last physical line (heredoc bodies included)
    int stage = -1;            ///< index into Dockerfile::stages; -1 before the first FROM
    /// ONBUILD: the trigger instruction (exactly one element); empty otherwise.
    std::vector<Instruction> trigger;

    /// The flag called `name` (the last one when repeated), or nullptr.
    const Flag* flag(std::string_view name) const;
    /// Position of byte `offset` of `args` (continuations map back to their lines).
    Position position_of(std::size_t offset) const;

    /// Physical pieces of `args`: piece i starts at args offset `offset` on `pos`.
    struct Piece {
        std::size_t offset = 0;
        Position pos;
    };
    std::vector<Piece> pieces;
};

/// One FROM and the instructions up to the next FROM.
struct Stage {
    std::string base;       ///< as written: "golang:${GO}-alpine"
    std::string image;      ///< base with the global ARGs expanded: "golang:1.22-alpine"
    std::string name;       ///< AS name as written ("" when none); compare case-insensitively
    std::string platform;   ///< --platform value, "" when none
    std::size_t first = 0;  ///< index of its FROM in Dockerfile::instructions
    std::size_t last = 0;   ///< index of its last instruction
    Position pos;
    int base_stage = -1;  ///< the earlier stage it builds on (FROM <stage name>), -1 if an image
};

/// Something the parser could not read as Docker would.
struct Problem {
    std::string message;
    Position pos;
};

/// A whole Dockerfile.
struct Dockerfile {
    std::string path;    ///< as given (for locations); "-" for standard input
    char escape = '\\';  ///< from `# escape=`
    std::vector<Directive> directives;
    std::vector<Instruction> instructions;  ///< in file order
    std::vector<Stage> stages;
    std::vector<Problem> problems;
    /// ARGs declared before the first FROM with their defaults (for FROM expansion).
    std::vector<std::pair<std::string, std::string>> global_args;
    /// Comment lines outside instructions ("# hadolint ignore=DL3008"), for inline ignores.
    struct Comment {
        std::string text;  ///< after the '#', trimmed
        std::size_t line = 0;
    };
    std::vector<Comment> comments;
};

/// Parses `text`. Never fails; see Dockerfile::problems. Input of any size and bytes is safe
/// (the work is linear in its length).
Dockerfile parse(std::string_view text, std::string path = "Dockerfile");

/// Splits KEY=VALUE words of ENV, ARG and LABEL as Docker does (quotes and the escape character
/// honoured, removed from the result); the legacy `ENV KEY value with spaces` form gives one pair.
/// A word without '=' gives a pair with `has_value` false (ARG NAME).
struct KeyValue {
    std::string key;
    std::string value;
    bool has_value = false;
    std::size_t offset = 0;  ///< in the instruction's args
};
std::vector<KeyValue> key_values(const Instruction& in, char escape = '\\');

/// Splits shell-form args into words Docker's way (whitespace, quotes removed, escapes applied);
/// used for FROM, COPY, ADD, EXPOSE, USER, WORKDIR, VOLUME. JSON form gives json_args.
struct Word {
    std::string text;
    std::size_t offset = 0;  ///< in args
};
std::vector<Word> words(const Instruction& in, char escape = '\\');

}  // namespace berth::lint::dockerfile
