// SPDX-License-Identifier: Apache-2.0
// The RUN splitter (shell.hpp): one pass over the script with a tiny state machine; the only
// recursion is `sh -c` (bounded by kMaxDepth) and balanced `$(…)` copying (iterative).
#include "lint/dockerfile/shell.hpp"

#include <cctype>

namespace berth::lint::dockerfile {
namespace {

constexpr int kMaxDepth = 4;

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

bool is_shell(std::string_view p) {
    return p == "sh" || p == "bash" || p == "ash" || p == "dash" || p == "zsh" || p == "ksh";
}

class Splitter {
  public:
    explicit Splitter(std::string_view s) : s_(s) {}

    std::vector<Command> run() {
        while (i_ < s_.size()) step();
        end_word();
        end_command(Sep::End);
        return std::move(out_);
    }

  private:
    void step() {
        const char c = s_[i_];
        if (quote_ != 0) return in_quote(c);
        if (c == '\n') {
            end_word();
            end_command(Sep::Semi);
            ++i_;
            skip_heredoc_bodies();
            return;
        }
        if (is_blank(c)) return end_word(), void(++i_);
        if (c == '#' && !in_word_) return skip_comment();
        if (c == '\\') return escape();
        if (c == '\'' || c == '"') {
            quote_ = c;
            in_word_ = true;
            return void(++i_);
        }
        if (c == '$' && i_ + 1 < s_.size() && (s_[i_ + 1] == '(' || s_[i_ + 1] == '{')) {
            return copy_balanced();
        }
        if (c == '`') return copy_backticks();
        if (c == '&' || c == '|' || c == ';') return separator();
        if (c == '<' || c == '>') return redirect();
        if ((c == '(' || c == ')') || ((c == '{' || c == '}') && !in_word_ && next_blank())) {
            end_word();
            end_command(Sep::Semi);
            return void(++i_);
        }
        add(c);
        ++i_;
    }

    bool next_blank() const {
        return i_ + 1 >= s_.size() || is_blank(s_[i_ + 1]) || s_[i_ + 1] == '\n' ||
               s_[i_ + 1] == ';';
    }

    void add(char c) {
        if (!in_word_) word_start_ = i_;
        in_word_ = true;
        word_ += c;
    }

    void in_quote(char c) {
        if (c == quote_) {
            quote_ = 0;
            return void(++i_);
        }
        if (quote_ == '"' && c == '\\' && i_ + 1 < s_.size()) {
            const char n = s_[i_ + 1];
            if (n == '"' || n == '\\' || n == '$' || n == '`') {
                word_ += n;
                i_ += 2;
                return;
            }
            if (n == '\n') return void(i_ += 2);
        }
        if (quote_ == '"' && c == '$' && i_ + 1 < s_.size() && s_[i_ + 1] == '(') {
            return copy_balanced();
        }
        word_ += c;
        ++i_;
    }

    void escape() {
        if (i_ + 1 >= s_.size()) return void(++i_);
        if (s_[i_ + 1] == '\n') return void(i_ += 2);
        add(s_[i_ + 1]);
        i_ += 2;
    }

    void skip_comment() {
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
    }

    // `$(…)`, `$((…))`, `${…}`: copied into the word with nesting, quotes inside skipped over.
    void copy_balanced() {
        const char open = s_[i_ + 1];
        const char close = open == '(' ? ')' : '}';
        add('$');
        ++i_;
        int depth = 0;
        char q = 0;
        for (; i_ < s_.size(); ++i_) {
            const char c = s_[i_];
            word_ += c;
            if (q != 0) {
                if (c == q) q = 0;
                continue;
            }
            if (c == '\'' || c == '"')
                q = c;
            else if (c == open)
                ++depth;
            else if (c == close && --depth == 0) {
                ++i_;
                return;
            }
        }
    }

    void copy_backticks() {
        add('`');
        ++i_;
        while (i_ < s_.size() && s_[i_] != '`') word_ += s_[i_++];
        if (i_ < s_.size()) word_ += s_[i_++];
    }

    void separator() {
        end_word();
        const char c = s_[i_];
        const bool twice = i_ + 1 < s_.size() && s_[i_ + 1] == c;
        if (c == '|' && i_ + 1 < s_.size() && s_[i_ + 1] == '&') {
            i_ += 2;
            return end_command(Sep::Pipe);
        }
        i_ += twice ? 2 : 1;
        if (c == '&') return end_command(twice ? Sep::And : Sep::Background);
        if (c == '|') return end_command(twice ? Sep::Or : Sep::Pipe);
        end_command(Sep::Semi);
    }

    // Drops the operator, a numeric fd word before it and the target word after it; records the
    // delimiter of a shell heredoc so its body is skipped at the next newline.
    void redirect() {
        if (in_word_ && !word_.empty() &&
            word_.find_first_not_of("0123456789") == std::string::npos) {
            word_.clear();
            in_word_ = false;
        }
        end_word();
        const bool heredoc = s_.compare(i_, 2, "<<") == 0 && s_.compare(i_, 3, "<<<") != 0;
        bool dup = false;
        while (i_ < s_.size() && (s_[i_] == '<' || s_[i_] == '>' || s_[i_] == '&')) {
            dup = dup || (s_[i_] == '&' && i_ > 0 && s_[i_ - 1] == '>');
            ++i_;
        }
        bool strip = false;
        if (heredoc && i_ < s_.size() && s_[i_] == '-') {
            strip = true;
            ++i_;
        }
        if (dup && i_ < s_.size() &&
            (s_[i_] == '-' || std::isdigit(static_cast<unsigned char>(s_[i_])))) {
            ++i_;  // >&2, >&-: no target word
            return;
        }
        while (i_ < s_.size() && is_blank(s_[i_])) ++i_;
        drop_next_ = true;
        heredoc_next_ = heredoc;
        strip_next_ = strip;
    }

    void skip_heredoc_bodies() {
        for (const auto& [delim, strip] : pending_) {
            while (i_ < s_.size()) {
                auto nl = s_.find('\n', i_);
                if (nl == std::string_view::npos) nl = s_.size();
                std::string_view line = s_.substr(i_, nl - i_);
                i_ = nl < s_.size() ? nl + 1 : nl;
                while (strip && !line.empty() && line[0] == '\t') line.remove_prefix(1);
                while (!line.empty() && is_blank(line.back())) line.remove_suffix(1);
                if (line == delim) break;
            }
        }
        pending_.clear();
    }

    void end_word() {
        if (!in_word_) return;
        in_word_ = false;
        if (drop_next_) {
            drop_next_ = false;
            if (heredoc_next_) pending_.emplace_back(word_, strip_next_);
            word_.clear();
            return;
        }
        if (cur_.words.empty() && cur_.assignments.empty()) cur_.offset = word_start_;
        const auto eq = word_.find('=');
        const bool assignment =
            cur_.words.empty() && eq != std::string::npos && eq > 0 &&
            (std::isalpha(static_cast<unsigned char>(word_[0])) != 0 || word_[0] == '_');
        if (assignment) {
            cur_.assignments.push_back(std::move(word_));
        } else if (!(cur_.words.empty() && is_keyword(word_))) {
            cur_.words.push_back(std::move(word_));
        }
        word_.clear();
    }

    static bool is_keyword(std::string_view w) {
        return w == "if" || w == "then" || w == "else" || w == "elif" || w == "do" ||
               w == "while" || w == "until" || w == "!" || w == "fi" || w == "done" ||
               w == "esac" || w == "{" || w == "}";
    }

    void end_command(Sep sep) {
        const bool empty = cur_.words.empty() && cur_.assignments.empty();
        if (!empty) {
            cur_.next = sep;
            cur_.piped_from = piped_;
            out_.push_back(std::move(cur_));
        }
        cur_ = Command{};
        drop_next_ = false;
        if (!empty || sep != Sep::Pipe) piped_ = sep == Sep::Pipe;
    }

    std::string_view s_;
    std::size_t i_ = 0;
    char quote_ = 0;
    bool in_word_ = false;
    std::string word_;
    std::size_t word_start_ = 0;
    bool drop_next_ = false;
    bool heredoc_next_ = false;
    bool strip_next_ = false;
    bool piped_ = false;
    std::vector<std::pair<std::string, bool>> pending_;
    Command cur_;
    std::vector<Command> out_;
};

std::string base_name(std::string_view w) {
    const auto slash = w.rfind('/');
    return std::string(slash == std::string_view::npos ? w : w.substr(slash + 1));
}

bool is_wrapper(std::string_view p) {
    return p == "sudo" || p == "env" || p == "exec" || p == "nohup" || p == "time" ||
           p == "command" || p == "xargs" || p == "gosu" || p == "su-exec" || p == "nice";
}

void split_into(std::string_view script, int depth, std::vector<Command>& out) {
    for (Command& c : Splitter(script).run()) {
        c.depth = depth;
        std::string nested;
        const std::size_t p = c.program_index();
        if (depth < kMaxDepth && p < c.words.size() && is_shell(base_name(c.words[p]))) {
            for (std::size_t k = p + 1; k + 1 < c.words.size(); ++k) {
                const std::string& w = c.words[k];
                if (w.size() >= 2 && w[0] == '-' && w[1] != '-' &&
                    w.find('c') != std::string::npos) {
                    nested = c.words[k + 1];
                    break;
                }
            }
        }
        out.push_back(std::move(c));
        if (!nested.empty()) split_into(nested, depth + 1, out);
    }
}

}  // namespace

std::size_t Command::program_index() const {
    std::size_t i = 0;
    while (i < words.size()) {
        const std::string p = base_name(words[i]);
        if (!is_wrapper(p)) return i;
        ++i;
        // Wrapper options and env's NAME=value words; sudo -u USER takes a value.
        while (i < words.size() && (words[i].starts_with("-") ||
                                    (p == "env" && words[i].find('=') != std::string::npos))) {
            const bool takes_value = p == "sudo" && (words[i] == "-u" || words[i] == "-g");
            i += takes_value ? 2 : 1;
        }
        if (p == "gosu" || p == "su-exec") ++i;  // the user
    }
    return words.size();
}

std::string Command::program() const {
    const std::size_t i = program_index();
    if (i >= words.size()) return {};
    std::string p = base_name(words[i]);
    // tonistiigi/xx cross-compilation wrappers (xx-apt-get, xx-apk, xx-go) behave as the tool.
    if (p.starts_with("xx-") && p.size() > 3) p.erase(0, 3);
    return p;
}

std::vector<std::string> Command::args() const {
    const std::size_t i = program_index();
    if (i >= words.size()) return {};
    return {words.begin() + static_cast<std::ptrdiff_t>(i) + 1, words.end()};
}

bool Command::has(std::string_view w) const {
    for (const auto& x : words) {
        if (x == w) return true;
    }
    return false;
}

std::vector<Command> split_commands(std::string_view script) {
    std::vector<Command> out;
    split_into(script, 0, out);
    return out;
}

}  // namespace berth::lint::dockerfile
