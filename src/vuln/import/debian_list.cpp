// SPDX-License-Identifier: Apache-2.0
// Debian security tracker data/DSA/list and data/DLA/list
// (https://salsa.debian.org/security-tracker-team/security-tracker, data/DSA/list). Grammar:
//   [29 Mar 2023] DSA-5380-1 xorg-server - security update      header, column 0
//   	{CVE-2023-1393}                                           the CVEs it fixes
//   	[bullseye] - xorg-server 2:1.20.11-1+deb11u6               fixed version per release
//   	[buster] - xorg-server <not-affected> (Vulnerable code not present)
//   	NOTE: …                                                   ignored
// → Advisory{id "DSA-5380-1", source "debian-dsa", aliases {"CVE-2023-1393"}, summary
//   "xorg-server - security update", published "2023-03-29T00:00:00Z", affected {{"Debian:11",
//   "xorg-server", ranges {Ecosystem {Introduced "0", Fixed "2:1.20.11-1+deb11u6"}}}}}
// States: <not-affected> → NotAffected (no range); <no-dsa>/<ignored> → WillNotFix; <end-of-life>
// → EndOfLife; <postponed> → FixDeferred; <unfixed> → Affected; both with the range {introduced 0}.
// Affected::note keeps the rest of the line after the package name except a fixed version:
// "<no-dsa> (Minor issue)",
// "(bug #365910)". Unknown codenames and states are diagnostics and the line is skipped.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vuln/import/formats.hpp"

namespace berth::vuln::import::detail {

/// Bumped when this importer's output changes (shown by `berth plugins`).
constexpr int kVersion = 1;
const ImporterInfo kDebianDsaImporter{"debian-dsa-list", kVersion,
                                      "Debian security tracker data/DSA/list"};
const ImporterInfo kDebianDlaImporter{"debian-dla-list", kVersion,
                                      "Debian security tracker data/DLA/list"};

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

// Splits off the first whitespace-separated token of `s` (which is advanced past it).
std::string_view next_token(std::string_view& s) {
    s = trim(s);
    std::size_t n = 0;
    while (n < s.size() && !is_space(s[n])) ++n;
    const std::string_view tok = s.substr(0, n);
    s = trim(s.substr(n));
    return tok;
}

class ListParser {
  public:
    ListParser(bool dla, std::string_view where, const Sink& sink, Diagnostics& diagnostics)
        : source_(dla ? "debian-dla" : "debian-dsa"),
          where_(where),
          sink_(sink),
          diagnostics_(diagnostics) {}

    Status run(std::string_view bytes) {
        std::size_t line_no = 0;
        while (!bytes.empty()) {
            const std::string_view line = text::next_line(bytes);
            ++line_no;
            if (trim(line).empty()) continue;
            Status s = is_space(line.front()) ? body_line(trim(line), line_no)
                                              : header_line(line, line_no);
            if (!s) return s;
        }
        return flush();
    }

  private:
    [[nodiscard]] std::string at(std::size_t line_no) const {
        return std::string(where_) + ":" + std::to_string(line_no);
    }

    void warn(std::string message, std::size_t line_no) {
        diagnostics_.push_back({Diagnostic::Severity::Warning, std::move(message), at(line_no)});
    }

    Status flush() {
        if (!open_) return {};
        open_ = false;
        normalize_ids(current_.aliases, current_.id);
        return sink_(std::move(current_));
    }

    // "[29 Mar 2023] DSA-5380-1 xorg-server - security update"
    Status header_line(std::string_view line, std::size_t line_no) {
        if (line.front() != '[')
            return fail(ErrorCode::Format, "expected an advisory header \"[date] ID …\"",
                        at(line_no));
        const std::size_t close = line.find(']');
        if (close == std::string_view::npos)
            return fail(ErrorCode::Format, "advisory header without \"]\"", at(line_no));
        if (auto s = flush(); !s) return s;
        std::string_view rest = line.substr(close + 1);
        const std::string_view id = next_token(rest);
        if (id.empty())
            return fail(ErrorCode::Format, "advisory header without an id", at(line_no));
        current_ = Advisory{};
        current_.id = std::string(id);
        current_.source = source_;
        current_.summary = std::string(rest);
        current_.published = to_rfc3339(line.substr(1, close - 1));
        current_.references.push_back(
            {"ADVISORY", "https://security-tracker.debian.org/tracker/" + current_.id});
        open_ = true;
        return {};
    }

    Status body_line(std::string_view line, std::size_t line_no) {
        if (!open_)
            return fail(ErrorCode::Format, "indented line before the first advisory header",
                        at(line_no));
        if (line.front() == '{') {
            const std::size_t close = line.find('}');
            if (close == std::string_view::npos)
                return fail(ErrorCode::Format, "CVE list without \"}\"", at(line_no));
            std::string_view ids = line.substr(1, close - 1);
            for (std::string_view id = next_token(ids); !id.empty(); id = next_token(ids)) {
                current_.aliases.emplace_back(id);
            }
            return {};
        }
        if (line.front() == '[') return release_line(line, line_no);
        if (line.starts_with("NOTE:")) return {};
        warn("line of no known shape ignored", line_no);
        return {};
    }

    // "[bullseye] - xorg-server 2:1.20.11-1+deb11u6" or "[buster] - pkg <state> (note)"
    Status release_line(std::string_view line, std::size_t line_no) {
        const std::size_t close = line.find(']');
        if (close == std::string_view::npos)
            return fail(ErrorCode::Format, "release without \"]\"", at(line_no));
        const std::string_view codename = line.substr(1, close - 1);
        std::string_view rest = line.substr(close + 1);
        if (next_token(rest) != "-")
            return fail(ErrorCode::Format, "expected \"[release] - package …\"", at(line_no));
        const std::string_view package = next_token(rest);
        if (package.empty())
            return fail(ErrorCode::Format, "release line without a package", at(line_no));
        const std::string_view number = debian_release(codename);
        if (number.empty()) {
            warn("unknown Debian release \"" + std::string(codename) + "\"; line skipped", line_no);
            return {};
        }
        Affected a;
        a.ecosystem = "Debian:" + std::string(number);
        a.package = std::string(package);
        if (rest.starts_with('<')) {
            const std::size_t end = rest.find('>');
            if (end == std::string_view::npos)
                return fail(ErrorCode::Format, "state without \">\"", at(line_no));
            const std::string_view state = rest.substr(1, end - 1);
            if (state == "not-affected") {
                a.state = FixState::NotAffected;
            } else if (state == "no-dsa" || state == "ignored") {
                a.state = FixState::WillNotFix;
            } else if (state == "end-of-life") {
                a.state = FixState::EndOfLife;
            } else if (state == "postponed") {
                a.state = FixState::FixDeferred;
            } else if (state == "unfixed") {
                a.state = FixState::Affected;
            } else {
                warn("unknown state <" + std::string(state) + ">; line skipped", line_no);
                return {};
            }
            if (a.state != FixState::NotAffected) {
                a.ranges.push_back({Range::Type::Ecosystem, {{RangeEvent::Kind::Introduced, "0"}}});
            }
            a.note = std::string(rest);
        } else {
            const std::string_view version = next_token(rest);
            if (version.empty()) {
                warn("release line without a version or state; skipped", line_no);
                return {};
            }
            a.ranges.push_back({Range::Type::Ecosystem,
                                {{RangeEvent::Kind::Introduced, "0"},
                                 {RangeEvent::Kind::Fixed, std::string(version)}}});
            a.note = std::string(rest);
        }
        current_.affected.push_back(std::move(a));
        return {};
    }

    std::string source_;
    std::string_view where_;
    const Sink& sink_;
    Diagnostics& diagnostics_;
    Advisory current_;
    bool open_ = false;
};

}  // namespace

Status parse_debian_list(std::string_view bytes, bool dla, std::string_view where, const Sink& sink,
                         Diagnostics& diagnostics) {
    ListParser parser(dla, where, sink, diagnostics);
    return parser.run(bytes);
}

}  // namespace berth::vuln::import::detail
