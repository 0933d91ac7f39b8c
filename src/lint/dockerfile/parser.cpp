// SPDX-License-Identifier: Apache-2.0
// The Dockerfile parser (format: https://docs.docker.com/reference/dockerfile/, BuildKit's
// frontend grammar). Steps, each linear in the input:
//   1. physical lines (LF or CRLF; a UTF-8 BOM dropped), NUL bytes and invalid UTF-8 reported;
//   2. parser directives while the top lines are `# name=value` with a known name;
//   3. logical lines: an instruction line plus its continuations (escape char, then optional
//      blanks, at the end of a line); blank and comment lines inside a continuation are dropped;
//   4. the keyword, `--flag[=value]` words, the arguments, JSON form when they are a JSON array
//      of strings, and for RUN/COPY/ADD the heredoc bodies that follow (`<<EOF`, `<<-EOF`,
//      `<<"EOF"`, several in order);
//   5. stages: FROM image [AS name], with the ARGs declared before the first FROM expanded.
// Decisions (BuildKit behaviour): a continuation at the end of the file ends the instruction;
// an unknown directive name ends the directive block and is a comment; a second directive of
// the same name is a problem; an unterminated heredoc takes the rest of the file as its body.
#include <nlohmann/json.hpp>
#include <string>

#include "core/text.hpp"
#include "lint/dockerfile/dockerfile.hpp"
#include "lint/dockerfile/expand.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr std::string_view kKnown[] = {
    "ADD",    "ARG",   "CMD",         "COPY",  "ENTRYPOINT", "ENV",
    "EXPOSE", "FROM",  "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD",
    "RUN",    "SHELL", "STOPSIGNAL",  "USER",  "VOLUME",     "WORKDIR"};

bool known_keyword(std::string_view k) {
    for (auto s : kKnown) {
        if (s == k) return true;
    }
    return false;
}

bool blank(char c) {
    return c == ' ' || c == '\t';
}

std::string_view ltrim(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && (blank(s[i]) || s[i] == '\f' || s[i] == '\v')) ++i;
    return s.substr(i);
}

std::string_view rtrim(std::string_view s) {
    while (!s.empty() && (blank(s.back()) || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// Length of a valid UTF-8 sequence at s[i], or 0.
std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4;
    else
        return 0;
    if (i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
    }
    return n;
}

struct Lines {
    std::vector<std::string_view> lines;
};

Lines split_lines(std::string_view text, Dockerfile& df) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    Lines out;
    bool nul_seen = false;
    bool utf8_seen = false;
    std::size_t line = 1;
    std::size_t col = 1;
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
            col = 1;
            ++i;
            continue;
        }
        if (c == '\0' && !nul_seen) {
            nul_seen = true;
            df.problems.push_back({"NUL byte in the file", {line, col}});
        }
        const std::size_t n = utf8_length(text, i);
        if (n == 0 && !utf8_seen) {
            utf8_seen = true;
            df.problems.push_back({"invalid UTF-8", {line, col}});
        }
        i += n == 0 ? 1 : n;
        col += n == 0 ? 1 : n;
    }
    while (!text.empty()) out.lines.push_back(text::next_line(text));
    return out;
}

// `# name=value` with name letters/digits (BuildKit: ^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$).
bool directive_of(std::string_view line, std::string& name, std::string& value) {
    std::string_view s = ltrim(line);
    if (s.empty() || s[0] != '#') return false;
    s = ltrim(s.substr(1));
    std::size_t n = 0;
    while (n < s.size() && (std::isalnum(static_cast<unsigned char>(s[n])) != 0)) ++n;
    if (n == 0 || std::isalpha(static_cast<unsigned char>(s[0])) == 0) return false;
    name = text::lower(s.substr(0, n));
    s = ltrim(s.substr(n));
    if (s.empty() || s[0] != '=') return false;
    value = std::string(rtrim(ltrim(s.substr(1))));
    return !value.empty();
}

std::size_t read_directives(const Lines& ls, Dockerfile& df) {
    std::size_t i = 0;
    for (; i < ls.lines.size(); ++i) {
        std::string name;
        std::string value;
        if (!directive_of(ls.lines[i], name, value)) break;
        if (name != "syntax" && name != "escape" && name != "check") break;
        const Position pos{i + 1, 1};
        for (const auto& d : df.directives) {
            if (d.name == name) {
                df.problems.push_back({"only one " + name + " parser directive can be used", pos});
            }
        }
        if (name == "escape") {
            if (value == "`" || value == "\\") {
                df.escape = value[0];
            } else {
                df.problems.push_back({"invalid escape token '" + value + "' (use \\ or `)", pos});
            }
        }
        df.directives.push_back({name, value, pos});
    }
    return i;
}

bool is_comment(std::string_view line) {
    const std::string_view t = ltrim(line);
    return !t.empty() && t[0] == '#';
}

// An instruction's physical lines joined: text plus where each piece came from.
struct Logical {
    std::string text;
    std::vector<Instruction::Piece> pieces;
    std::size_t end_line = 0;
};

// Reads one instruction starting at ls.lines[i] (not blank, not a comment); advances i.
Logical read_logical(const Lines& ls, std::size_t& i, char escape) {
    Logical out;
    const std::string_view first = ls.lines[i];
    std::size_t col = first.size() - ltrim(first).size() + 1;
    std::string_view piece = ltrim(first);
    for (;;) {
        out.end_line = i + 1;
        const std::string_view trimmed = rtrim(piece);
        const bool more = !trimmed.empty() && trimmed.back() == escape;
        out.pieces.push_back({out.text.size(), {i + 1, col}});
        out.text += more ? trimmed.substr(0, trimmed.size() - 1) : trimmed;
        ++i;
        if (!more) break;
        while (i < ls.lines.size() && (ltrim(ls.lines[i]).empty() || is_comment(ls.lines[i]))) ++i;
        if (i >= ls.lines.size()) break;
        piece = ls.lines[i];
        col = 1;
    }
    return out;
}

// Heredoc markers in RUN/COPY/ADD args: a word starting with [digits]<<[-]["']NAME["'].
struct Marker {
    std::string delimiter;
    bool strip_tabs = false;
    bool quoted = false;
    std::size_t offset = 0;
};

bool delimiter_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.';
}

bool marker_at(std::string_view args, std::size_t at, Marker& m) {
    std::size_t j = at + 2;
    if (j < args.size() && args[j] == '<') return false;  // <<< here-string
    m = Marker{};
    m.offset = at;
    if (j < args.size() && args[j] == '-') {
        m.strip_tabs = true;
        ++j;
    }
    char quote = 0;
    if (j < args.size() && (args[j] == '"' || args[j] == '\'')) {
        quote = args[j++];
        m.quoted = true;
    }
    const std::size_t start = j;
    while (j < args.size() && delimiter_char(args[j])) ++j;
    if (j == start) return false;
    if (quote != 0 && (j >= args.size() || args[j] != quote)) return false;
    m.delimiter = std::string(args.substr(start, j - start));
    return true;
}

std::vector<Marker> heredoc_markers(std::string_view args) {
    std::vector<Marker> out;
    char quote = 0;
    for (std::size_t i = 0; i + 2 < args.size(); ++i) {
        const char c = args[i];
        if (quote != 0) {
            if (c == quote) quote = 0;
            continue;
        }
        if (c == '"' || c == '\'') {
            quote = c;
            continue;
        }
        if (c != '<' || args[i + 1] != '<') continue;
        std::size_t b = i;
        while (b > 0 && std::isdigit(static_cast<unsigned char>(args[b - 1])) != 0) --b;
        if (b > 0 && !blank(args[b - 1])) continue;
        Marker m;
        if (marker_at(args, i, m)) {
            out.push_back(m);
            i += 2;
        }
    }
    return out;
}

void read_heredocs(const Lines& ls, std::size_t& i, Instruction& in, Dockerfile& df) {
    for (const Marker& m : heredoc_markers(in.args)) {
        Heredoc h{m.delimiter, "", m.strip_tabs, m.quoted, in.position_of(m.offset), {i + 1, 1}};
        bool closed = false;
        while (i < ls.lines.size()) {
            std::string_view line = ls.lines[i++];
            if (m.strip_tabs) {
                while (!line.empty() && line[0] == '\t') line.remove_prefix(1);
            }
            if (line == m.delimiter) {
                closed = true;
                break;
            }
            h.body.append(line).push_back('\n');
        }
        in.end_line = std::max(in.end_line, i);
        if (!closed) {
            df.problems.push_back(
                {"unterminated heredoc <<" + m.delimiter + ": no line '" + m.delimiter + "'",
                 h.pos});
        }
        in.heredocs.push_back(std::move(h));
    }
}

Position map_offset(const std::vector<Instruction::Piece>& pieces, std::size_t offset) {
    if (pieces.empty()) return {};
    std::size_t lo = 0;
    std::size_t hi = pieces.size();
    while (hi - lo > 1) {
        const std::size_t mid = (lo + hi) / 2;
        if (pieces[mid].offset <= offset)
            lo = mid;
        else
            hi = mid;
    }
    const auto& p = pieces[lo];
    return {p.pos.line, p.pos.column + (offset >= p.offset ? offset - p.offset : 0)};
}

void read_json(Instruction& in) {
    if (in.args.empty() || in.args[0] != '[') return;
    auto j = nlohmann::json::parse(in.args, nullptr, false);
    if (j.is_discarded() || !j.is_array()) return;
    std::vector<std::string> out;
    for (const auto& e : j) {
        if (!e.is_string()) return;
        out.push_back(e.get<std::string>());
    }
    in.json_form = true;
    in.json_args = std::move(out);
}

// Keyword, flags and args of `text` from byte `from`; returns the offset where args start.
std::size_t split_instruction(const Logical& lg, std::size_t from, Instruction& in) {
    const std::string& t = lg.text;
    std::size_t i = from;
    while (i < t.size() && !blank(t[i])) ++i;
    const std::string word = t.substr(from, i - from);
    in.pos = map_offset(lg.pieces, from);
    in.keyword = known_keyword(text::upper(word)) ? text::upper(word) : word;
    while (i < t.size() && blank(t[i])) ++i;
    // ONBUILD's own flags belong to its trigger.
    while (in.keyword != "ONBUILD" && t.compare(i, 2, "--") == 0) {
        std::size_t e = i;
        while (e < t.size() && !blank(t[e])) ++e;
        const std::string_view f(t.data() + i + 2, e - i - 2);
        const auto eq = f.find('=');
        Flag flag{std::string(f.substr(0, eq)), "", eq != std::string_view::npos,
                  map_offset(lg.pieces, i)};
        if (flag.has_value) flag.value = std::string(f.substr(eq + 1));
        in.flags.push_back(std::move(flag));
        i = e;
        while (i < t.size() && blank(t[i])) ++i;
    }
    in.args = std::string(rtrim(std::string_view(t).substr(std::min(i, t.size()))));
    in.args_pos = map_offset(lg.pieces, i);
    in.pieces.push_back({0, in.args_pos});
    for (const auto& p : lg.pieces) {
        if (p.offset > i) in.pieces.push_back({p.offset - i, p.pos});
    }
    read_json(in);
    return i;
}

bool needs_args(std::string_view k) {
    return k != "CMD" && k != "ENTRYPOINT" && k != "RUN";
}

void check_instruction(const Instruction& in, Dockerfile& df) {
    if (!known_keyword(in.keyword)) {
        df.problems.push_back({"unknown instruction: " + in.keyword, in.pos});
        return;
    }
    if (in.args.empty() && in.heredocs.empty() && needs_args(in.keyword)) {
        df.problems.push_back({in.keyword + " requires at least one argument", in.pos});
        return;
    }
    if (in.keyword == "ENV" || in.keyword == "LABEL") {
        for (const auto& kv : key_values(in, df.escape)) {
            if (!kv.has_value) {
                df.problems.push_back(
                    {in.keyword + " " + kv.key + " has no value", in.position_of(kv.offset)});
            }
        }
    }
    if (in.keyword == "ONBUILD" && in.trigger.empty()) {
        df.problems.push_back({"ONBUILD requires an instruction", in.pos});
    }
}

void parse_trigger(const Logical& lg, std::size_t from, Instruction& in, Dockerfile& df) {
    if (in.args.empty()) return;
    Instruction trig;
    split_instruction(lg, from, trig);
    trig.end_line = in.end_line;
    check_instruction(trig, df);
    in.trigger.push_back(std::move(trig));
}

void add_stage(Instruction& in, std::size_t index, Dockerfile& df) {
    const auto ws = words(in, df.escape);
    Stage s;
    s.first = index;
    s.last = index;
    s.pos = in.pos;
    if (!ws.empty()) s.base = ws[0].text;
    if (ws.size() >= 3 && text::iequals(ws[1].text, "as")) s.name = ws[2].text;
    const bool shape = ws.size() == 1 || (ws.size() == 3 && !s.name.empty());
    if (!ws.empty() && !shape) {
        df.problems.push_back({"FROM takes IMAGE [AS NAME]", in.args_pos});
    }
    if (const Flag* p = in.flag("platform")) s.platform = p->value;
    Env env;
    for (const auto& [k, v] : df.global_args) env.set(k, v);
    s.image = expand(s.base, env, df.escape).text;
    for (std::size_t k = 0; k < df.stages.size(); ++k) {
        if (!df.stages[k].name.empty() && text::iequals(df.stages[k].name, s.image)) {
            s.base_stage = static_cast<int>(k);
        }
    }
    df.stages.push_back(std::move(s));
}

void place(Instruction& in, Dockerfile& df) {
    const std::size_t index = df.instructions.size();
    if (in.keyword == "FROM") {
        add_stage(in, index, df);
    } else if (df.stages.empty()) {
        if (in.keyword == "ARG") {
            for (const auto& kv : key_values(in, df.escape))
                df.global_args.emplace_back(kv.key, kv.value);
        } else if (known_keyword(in.keyword)) {
            df.problems.push_back(
                {in.keyword + " before the first FROM (only ARG may come first)", in.pos});
        }
    }
    if (!df.stages.empty()) {
        in.stage = static_cast<int>(df.stages.size() - 1);
        df.stages.back().last = index;
        for (auto& t : in.trigger) t.stage = in.stage;
    }
    df.instructions.push_back(std::move(in));
}

}  // namespace

const Flag* Instruction::flag(std::string_view name) const {
    const Flag* found = nullptr;
    for (const auto& f : flags) {
        if (f.name == name) found = &f;
    }
    return found;
}

Position Instruction::position_of(std::size_t offset) const {
    if (pieces.empty()) return args_pos;
    return map_offset(pieces, offset);
}

Dockerfile parse(std::string_view text, std::string path) {
    Dockerfile df;
    df.path = std::move(path);
    const Lines ls = split_lines(text, df);
    std::size_t i = read_directives(ls, df);
    while (i < ls.lines.size()) {
        const std::string_view t = ltrim(ls.lines[i]);
        if (t.empty() || t[0] == '#') {
            if (!t.empty()) df.comments.push_back({std::string(text::trim(t.substr(1))), i + 1});
            ++i;
            continue;
        }
        const Logical lg = read_logical(ls, i, df.escape);
        Instruction in;
        const std::size_t args_at = split_instruction(lg, 0, in);
        in.end_line = lg.end_line;
        if (in.keyword == "RUN" || in.keyword == "COPY" || in.keyword == "ADD") {
            read_heredocs(ls, i, in, df);
        }
        if (in.keyword == "ONBUILD") parse_trigger(lg, args_at, in, df);
        check_instruction(in, df);
        place(in, df);
    }
    if (df.instructions.empty()) df.problems.push_back({"file with no instructions", {1, 1}});
    return df;
}

}  // namespace berth::lint::dockerfile
