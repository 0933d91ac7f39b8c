// SPDX-License-Identifier: Apache-2.0
#include "lint/dockerfile/rule_support.hpp"

#include "core/text.hpp"

namespace berth::lint::dockerfile {
namespace {

std::string base_name(std::string_view w) {
    const auto slash = w.rfind('/');
    return std::string(slash == std::string_view::npos ? w : w.substr(slash + 1));
}

bool is_shell(std::string_view p) {
    return p == "sh" || p == "bash" || p == "ash" || p == "dash" || p == "zsh";
}

// The args of a RUN without its heredoc markers ("<<EOF", "<<-'EOF'").
std::string without_markers(const Instruction& in) {
    std::string out;
    for (auto w : text::split_words(in.args)) {
        const auto lt = w.find("<<");
        if (lt != std::string_view::npos && w.find_first_not_of("0123456789") == lt) continue;
        out += std::string(out.empty() ? "" : " ") + std::string(w);
    }
    return out;
}

}  // namespace

std::vector<Command> run_commands(const Instruction& in) {
    if (in.keyword != "RUN") return {};
    if (in.json_form) {
        const auto& a = in.json_args;
        if (a.size() >= 3 && is_shell(base_name(a[0])) && a[1].starts_with("-") &&
            a[1].find('c') != std::string::npos) {
            return split_commands(a[2]);
        }
        Command c;
        c.words = a;
        return {c};
    }
    if (in.heredocs.empty()) return split_commands(in.args);
    const std::string head = without_markers(in);
    std::vector<Command> out = split_commands(head);
    const bool shell_body = out.empty() || is_shell(out.front().program());
    if (shell_body) {
        for (const auto& h : in.heredocs) {
            for (auto& c : split_commands(h.body)) out.push_back(std::move(c));
        }
    }
    return out;
}

const std::vector<Command>& Context::commands(const Instruction& in) const {
    auto it = cache.find(&in);
    if (it == cache.end()) it = cache.emplace(&in, run_commands(in)).first;
    return it->second;
}

std::string quote(const Instruction& in) {
    std::string s = in.keyword;
    for (const auto& f : in.flags) s += " --" + f.name + (f.has_value ? "=" + f.value : "");
    if (!in.args.empty()) s += " " + in.args;
    if (s.size() > 120) s = s.substr(0, 117) + "...";
    for (char& c : s) {
        if (c == '\n' || c == '\t') c = ' ';
    }
    return s;
}

Finding at(const Instruction& in, std::string message) {
    return {in.pos, std::move(message), in.end_line};
}

bool is_final_stage(const Dockerfile& df, int stage) {
    return stage >= 0 && static_cast<std::size_t>(stage) + 1 == df.stages.size();
}

ImageRef parse_image(std::string_view ref) {
    ImageRef out;
    if (const auto at = ref.find('@'); at != std::string_view::npos) {
        out.digest = std::string(ref.substr(at + 1));
        ref = ref.substr(0, at);
    }
    const auto slash = ref.find('/');
    if (slash != std::string_view::npos) {
        const std::string_view first = ref.substr(0, slash);
        if (first.find_first_of(".:") != std::string_view::npos || first == "localhost") {
            out.registry = std::string(first);
            ref = ref.substr(slash + 1);
        }
    }
    if (out.registry.empty()) out.registry = "docker.io";
    const auto colon = ref.rfind(':');
    if (colon != std::string_view::npos && ref.find('/', colon) == std::string_view::npos) {
        out.tag = std::string(ref.substr(colon + 1));
        ref = ref.substr(0, colon);
    }
    out.path = std::string(ref);
    return out;
}

std::vector<const Stage*> image_stages(const Dockerfile& df) {
    std::vector<const Stage*> out;
    for (const auto& s : df.stages) {
        if (s.base_stage >= 0 || s.image.empty() || text::iequals(s.image, "scratch")) continue;
        if (s.image.find('$') != std::string::npos) continue;
        out.push_back(&s);
    }
    return out;
}

CopyArgs copy_args(const Instruction& in, char escape) {
    CopyArgs out;
    auto ws = words(in, escape);
    out.words = ws.size();
    if (ws.empty()) return out;
    out.dest = ws.back().text;
    ws.pop_back();
    for (auto& w : ws) {
        if (w.text.starts_with("<<")) continue;
        out.sources.push_back(std::move(w.text));
    }
    return out;
}

bool is_remote(std::string_view s) {
    return text::istarts_with(s, "http://") || text::istarts_with(s, "https://") ||
           s.starts_with("git@") || text::istarts_with(s, "git://");
}

std::vector<const Stage*> final_chain(const Dockerfile& df) {
    std::vector<const Stage*> out;
    int s = static_cast<int>(df.stages.size()) - 1;
    while (s >= 0 && out.size() < df.stages.size()) {
        out.push_back(&df.stages[static_cast<std::size_t>(s)]);
        s = df.stages[static_cast<std::size_t>(s)].base_stage;
    }
    return out;
}

bool ships(const Dockerfile& df, int stage) {
    if (stage < 0 || df.stages.empty()) return true;
    int s = static_cast<int>(df.stages.size()) - 1;
    for (std::size_t guard = 0; s >= 0 && guard <= df.stages.size(); ++guard) {
        if (s == stage) return true;
        s = df.stages[static_cast<std::size_t>(s)].base_stage;
    }
    return false;
}

bool has_cache_mount(const Instruction& in) {
    for (const auto& f : in.flags) {
        if (f.name == "mount" && f.value.find("type=cache") != std::string::npos) return true;
    }
    return false;
}

std::vector<std::string> package_args(const std::vector<std::string>& args,
                                      std::initializer_list<std::string_view> with_value) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.starts_with("-")) {
            for (auto o : with_value) {
                if (a == o) ++i;
            }
            continue;
        }
        out.push_back(a);
    }
    return out;
}

std::string subcommand(const std::vector<std::string>& args) {
    // Global options whose value is the next word: apt-get -o X / -c F / -t R, apk -X URL,
    // zypper --root D, yum/dnf -c F / --installroot D.
    constexpr std::string_view kWithValue[] = {
        "-o",           "--option", "-c", "--config-file", "-t", "--target-release", "-X",
        "--repository", "--root",   "-R", "--installroot", "-p", "--prefix"};
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (!a.starts_with("-")) return a;
        for (auto o : kWithValue) {
            if (a == o) ++i;
        }
    }
    return {};
}

bool has_flag(const std::vector<std::string>& args, std::initializer_list<std::string_view> flags,
              char letter) {
    for (const auto& a : args) {
        for (auto f : flags) {
            if (a == f || (f.starts_with("--") && a.starts_with(std::string(f) + "="))) {
                return true;
            }
        }
        if (letter != 0 && a.size() > 1 && a[0] == '-' && a[1] != '-' &&
            a.find(letter) != std::string::npos) {
            return true;
        }
    }
    return false;
}

std::vector<const Instruction*> instructions(const Dockerfile& df, std::string_view keyword) {
    std::vector<const Instruction*> out;
    for (const auto& in : df.instructions) {
        if (in.keyword == keyword) out.push_back(&in);
        for (const auto& t : in.trigger) {
            if (t.keyword == keyword) out.push_back(&t);
        }
    }
    return out;
}

}  // namespace berth::lint::dockerfile
