// SPDX-License-Identifier: Apache-2.0
// DF010–DF031: package-manager hygiene in RUN, one table (like the CIS 3.x table): each row names
// the managers and subcommands it judges and one of four judgements:
//   Yes        the install runs non-interactively (-y and friends): a prompt fails the build
//   Clean      the manager's cache is removed in the same RUN (a later RUN cannot shrink the
//              layer): a clean command, an `rm` of the cache path, or a no-cache flag
//   Pin        each package names a version, so rebuilds install what was reviewed
//   Forbidden  the subcommand or tool is meant for people, not image builds
// Each row keeps its hadolint id. registry.cpp lists the rows one by one:
// make_package_managers("DF010").
#include <array>
#include <cctype>

#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

enum class Judge { Yes, Clean, Pin, Forbidden };

using Words = std::initializer_list<std::string_view>;

struct Row {
    check::RuleInfo info;
    Judge judge;
    std::array<std::string_view, 3> programs;     ///< "" = unused slot
    std::array<std::string_view, 4> subcommands;  ///< "" = unused; all "" = any
    std::array<std::string_view, 6> accepts;      ///< Yes: flags; Clean: "prog sub" commands,
                                                  ///< "rm:PATH" or "flag:--no-cache"
    char letter = 0;                              ///< Yes: the combined short option letter
};

template <std::size_t N>
constexpr std::span<const Reference> refs(const std::array<Reference, N>& a) {
    return {a.data(), a.size()};
}

constexpr std::array<Reference, 1> kDL3014{{{"hadolint", "DL3014"}}};
constexpr std::array<Reference, 1> kDL3030{{{"hadolint", "DL3030"}}};
constexpr std::array<Reference, 1> kDL3034{{{"hadolint", "DL3034"}}};
constexpr std::array<Reference, 1> kDL3038{{{"hadolint", "DL3038"}}};
constexpr std::array<Reference, 1> kDL3009{{{"hadolint", "DL3009"}}};
constexpr std::array<Reference, 1> kDL3019{{{"hadolint", "DL3019"}}};
constexpr std::array<Reference, 1> kDL3032{{{"hadolint", "DL3032"}}};
constexpr std::array<Reference, 1> kDL3036{{{"hadolint", "DL3036"}}};
constexpr std::array<Reference, 1> kDL3040{{{"hadolint", "DL3040"}}};
constexpr std::array<Reference, 1> kDL3042{{{"hadolint", "DL3042"}}};
constexpr std::array<Reference, 1> kDL3060{{{"hadolint", "DL3060"}}};
constexpr std::array<Reference, 1> kDL3008{{{"hadolint", "DL3008"}}};
constexpr std::array<Reference, 1> kDL3018{{{"hadolint", "DL3018"}}};
constexpr std::array<Reference, 1> kDL3033{{{"hadolint", "DL3033"}}};
constexpr std::array<Reference, 1> kDL3037{{{"hadolint", "DL3037"}}};
constexpr std::array<Reference, 1> kDL3041{{{"hadolint", "DL3041"}}};
constexpr std::array<Reference, 1> kDL3013{{{"hadolint", "DL3013"}}};
constexpr std::array<Reference, 1> kDL3016{{{"hadolint", "DL3016"}}};
constexpr std::array<Reference, 1> kDL3028{{{"hadolint", "DL3028"}}};
constexpr std::array<Reference, 1> kDL3062{{{"hadolint", "DL3062"}}};
constexpr std::array<Reference, 1> kDL3027{{{"hadolint", "DL3027"}}};
constexpr std::array<Reference, 1> kDL3035{{{"hadolint", "DL3035"}}};

constexpr const char* kYesWhy =
    "Without the switch the package manager asks for confirmation; in a build nobody answers and "
    "the install aborts or hangs.";
constexpr const char* kCleanWhy =
    "Package caches left in a layer make the image bigger and ship stale metadata; removing them "
    "in a later RUN does not shrink the earlier layer.";
constexpr const char* kPinWhy =
    "Unpinned packages install whatever is newest at build time: rebuilds are not reproducible "
    "and may pull an unreviewed or compromised release.";

constexpr check::RuleInfo info(std::string_view id, std::string_view title, Severity sev,
                               const char* why, std::string_view fix,
                               std::span<const Reference> r) {
    return {.id = id,
            .title = title,
            .severity = sev,
            .description = why,
            .remediation = fix,
            .references = r};
}

constexpr std::array<Row, 22> kRows{{
    {info("dockerfile/DF010", "Use -y with apt-get install", Severity::Low, kYesWhy,
          "Run `apt-get install -y …`.", refs(kDL3014)),
     Judge::Yes,
     {"apt-get", "", ""},
     {"install", "upgrade", "dist-upgrade", ""},
     {"--yes", "--assume-yes", "-qq", "--quiet=2", "-s", "--simulate"},
     'y'},
    {info("dockerfile/DF011", "Use -y with yum install", Severity::Low, kYesWhy,
          "Run `yum install -y …`.", refs(kDL3030)),
     Judge::Yes,
     {"yum", "", ""},
     {"install", "groupinstall", "localinstall", ""},
     {"--assumeyes", "", "", ""},
     'y'},
    {info("dockerfile/DF012", "Use -n with zypper install", Severity::Low, kYesWhy,
          "Run `zypper --non-interactive install …` (or -y).", refs(kDL3034)),
     Judge::Yes,
     {"zypper", "", ""},
     {"install", "in", "remove", "rm"},
     {"--non-interactive", "--no-confirm", "-y", "--yes"},
     'n'},
    {info("dockerfile/DF013", "Use -y with dnf install", Severity::Low, kYesWhy,
          "Run `dnf install -y …`.", refs(kDL3038)),
     Judge::Yes,
     {"dnf", "microdnf", ""},
     {"install", "groupinstall", "localinstall", ""},
     {"--assumeyes", "", "", ""},
     'y'},
    {info("dockerfile/DF014", "Remove the apt lists in the RUN that fills them", Severity::Low,
          kCleanWhy, "End the RUN with `&& rm -rf /var/lib/apt/lists/*`.", refs(kDL3009)),
     Judge::Clean,
     {"apt-get", "apt", ""},
     {"install", "", "", ""},
     {"rm:/var/lib/apt/lists", "apt-get dist-clean", "apt dist-clean", ""},
     0},
    {info("dockerfile/DF015", "Use apk add --no-cache", Severity::Low, kCleanWhy,
          "Run `apk add --no-cache …` (no `apk update` needed).", refs(kDL3019)),
     Judge::Clean,
     {"apk", "", ""},
     {"add", "", "", ""},
     {"flag:--no-cache", "rm:/var/cache/apk", "apk cache", ""},
     0},
    {info("dockerfile/DF016", "Run yum clean all after yum install", Severity::Low, kCleanWhy,
          "End the RUN with `&& yum clean all` (or remove /var/cache/yum).", refs(kDL3032)),
     Judge::Clean,
     {"yum", "", ""},
     {"install", "groupinstall", "localinstall", ""},
     {"yum clean", "rm:/var/cache/yum", "", ""},
     0},
    {info("dockerfile/DF017", "Run zypper clean after zypper install", Severity::Low, kCleanWhy,
          "End the RUN with `&& zypper clean`.", refs(kDL3036)),
     Judge::Clean,
     {"zypper", "", ""},
     {"install", "in", "", ""},
     {"zypper clean", "zypper cc", "rm:/var/cache/zypp", ""},
     0},
    {info("dockerfile/DF018", "Run dnf clean all after dnf install", Severity::Low, kCleanWhy,
          "End the RUN with `&& dnf clean all` (or `microdnf clean all`).", refs(kDL3040)),
     Judge::Clean,
     {"dnf", "microdnf", ""},
     {"install", "groupinstall", "localinstall", ""},
     {"dnf clean", "microdnf clean", "rm:/var/cache/dnf", "rm:/var/cache/yum"},
     0},
    {info("dockerfile/DF019", "Use pip install --no-cache-dir", Severity::Low, kCleanWhy,
          "Run `pip install --no-cache-dir …` (or set PIP_NO_CACHE_DIR=1).", refs(kDL3042)),
     Judge::Clean,
     {"pip", "pip3", ""},
     {"install", "", "", ""},
     {"flag:--no-cache-dir", "rm:/root/.cache", "pip cache", "pip3 cache"},
     0},
    {info("dockerfile/DF020", "Run yarn cache clean after yarn install", Severity::Low, kCleanWhy,
          "End the RUN with `&& yarn cache clean`.", refs(kDL3060)),
     Judge::Clean,
     {"yarn", "", ""},
     {"install", "", "", ""},
     {"yarn cache", "rm:/usr/local/share/.cache/yarn", "", ""},
     0},
    {info("dockerfile/DF021", "Pin versions in apt-get install", Severity::Low, kPinWhy,
          "Name versions: `apt-get install -y curl=7.88.1-10+deb12u5`.", refs(kDL3008)),
     Judge::Pin,
     {"apt-get", "apt", ""},
     {"install", "", "", ""},
     {},
     0},
    {info("dockerfile/DF022", "Pin versions in apk add", Severity::Low, kPinWhy,
          "Name versions: `apk add --no-cache curl=8.5.0-r0` (or `curl~8.5`).", refs(kDL3018)),
     Judge::Pin,
     {"apk", "", ""},
     {"add", "", "", ""},
     {},
     0},
    {info("dockerfile/DF023", "Pin versions in yum install", Severity::Low, kPinWhy,
          "Name versions: `yum install -y httpd-2.4.6`.", refs(kDL3033)),
     Judge::Pin,
     {"yum", "", ""},
     {"install", "", "", ""},
     {},
     0},
    {info("dockerfile/DF024", "Pin versions in zypper install", Severity::Low, kPinWhy,
          "Name versions: `zypper install -y httpd=2.4.46`.", refs(kDL3037)),
     Judge::Pin,
     {"zypper", "", ""},
     {"install", "in", "", ""},
     {},
     0},
    {info("dockerfile/DF025", "Pin versions in dnf install", Severity::Low, kPinWhy,
          "Name versions: `dnf install -y httpd-2.4.46`.", refs(kDL3041)),
     Judge::Pin,
     {"dnf", "microdnf", ""},
     {"install", "", "", ""},
     {},
     0},
    {info("dockerfile/DF026", "Pin versions in pip install", Severity::Low, kPinWhy,
          "Name versions (`pip install flask==3.0.0`) or install from a lock file "
          "(`pip install -r requirements.txt`).",
          refs(kDL3013)),
     Judge::Pin,
     {"pip", "pip3", ""},
     {"install", "", "", ""},
     {},
     0},
    {info("dockerfile/DF027", "Pin versions in npm install", Severity::Low, kPinWhy,
          "Name versions (`npm install express@4.19.2`) or use `npm ci` with a lock file.",
          refs(kDL3016)),
     Judge::Pin,
     {"npm", "", ""},
     {"install", "i", "add", ""},
     {},
     0},
    {info("dockerfile/DF028", "Pin versions in gem install", Severity::Low, kPinWhy,
          "Name versions: `gem install rails:7.1.3` or `gem install rails -v 7.1.3`.",
          refs(kDL3028)),
     Judge::Pin,
     {"gem", "", ""},
     {"install", "i", "", ""},
     {},
     0},
    {info("dockerfile/DF029", "Pin versions in go install", Severity::Low, kPinWhy,
          "Name versions: `go install golang.org/x/tools/gopls@v0.15.3`.", refs(kDL3062)),
     Judge::Pin,
     {"go", "", ""},
     {"install", "", "", ""},
     {},
     0},
    {info("dockerfile/DF030", "Use apt-get or apt-cache, not apt", Severity::Low,
          "apt is an interactive front end whose output and behaviour may change between "
          "releases; it warns that its command line is not stable for scripts.",
          "Use apt-get (install, update) or apt-cache (search, show).", refs(kDL3027)),
     Judge::Forbidden,
     {"apt", "", ""},
     {"", "", "", ""},
     {},
     0},
    {info("dockerfile/DF031", "Do not run zypper dist-upgrade", Severity::Medium,
          "A distribution upgrade inside a build replaces the base image's release with "
          "whatever is current: the result differs from the tested base.",
          "Use a newer base image instead; update single packages with `zypper update`.",
          refs(kDL3035)),
     Judge::Forbidden,
     {"zypper", "", ""},
     {"dist-upgrade", "dup", "", ""},
     {},
     0},
}};

bool listed(const auto& slots, std::string_view s) {
    for (auto x : slots) {
        if (!x.empty() && x == s) return true;
    }
    return false;
}

bool any_sub(const Row& row) {
    for (auto s : row.subcommands) {
        if (!s.empty()) return false;
    }
    return true;
}

// Options whose value is a separate word, per manager (so the value is not taken for a package).
const Words kValueOptions = {"-t",
                             "--target-release",
                             "-o",
                             "--option",
                             "-c",
                             "--config-file",
                             "-r",
                             "--repo",
                             "--repository",
                             "-X",
                             "--root",
                             "-v",
                             "--version",
                             "--registry",
                             "--prefix",
                             "-i",
                             "--index-url",
                             "--extra-index-url",
                             "--enablerepo",
                             "--disablerepo",
                             "--setopt",
                             "--releasever",
                             "--installroot",
                             "--constraint",
                             "--target",
                             "--platform",
                             "--source",
                             "-s"};

bool pinned(std::string_view program, std::string_view p) {
    if (program == "apt-get" || program == "apt" || program == "apk") {
        return p.find('=') != std::string_view::npos || p.find('~') != std::string_view::npos ||
               p.ends_with(".deb") || p.ends_with(".apk") || p.find('/') != std::string_view::npos;
    }
    if (program == "yum" || program == "dnf" || program == "microdnf") {
        for (std::size_t i = 0; i + 1 < p.size(); ++i) {
            if (p[i] == '-' && std::isdigit(static_cast<unsigned char>(p[i + 1])) != 0) return true;
        }
        return p.ends_with(".rpm") || p.find('/') != std::string_view::npos;
    }
    if (program == "zypper") {
        return p.find_first_of("=<>") != std::string_view::npos || p.ends_with(".rpm");
    }
    if (program == "pip" || program == "pip3") {
        return p.find_first_of("=<>~@") != std::string_view::npos || p.find('/') != p.npos ||
               p.ends_with(".whl") || p.ends_with(".tar.gz") || p.ends_with(".zip") || p == "." ||
               p.find('$') != p.npos;
    }
    if (program == "npm") {
        const auto at = p.rfind('@');
        return (at != std::string_view::npos && at > 0) || p.find('/') != p.npos ||
               p.find(':') != p.npos || p.ends_with(".tgz");
    }
    if (program == "gem") return p.find(':') != std::string_view::npos;
    if (program == "go") {
        // Local packages (./cmd/x) and names without a dot in the first element (std, tool)
        // are not downloaded.
        const std::string_view first = p.substr(0, p.find('/'));
        return p.find('@') != std::string_view::npos || p.starts_with(".") || p.starts_with("/") ||
               first.find('.') == std::string_view::npos;
    }
    return true;
}

void judge_pin(const Command& c, std::vector<std::string>& unpinned) {
    const auto args = c.args();
    const std::string prog = c.program();
    if (prog == "pip" || prog == "pip3") {
        if (has_flag(args, {"-r", "--requirement", "-e", "--editable", "-c", "--constraint"}))
            return;
    }
    if (prog == "gem" && has_flag(args, {"-v", "--version"})) return;
    auto pkgs = package_args(args, kValueOptions);
    if (!pkgs.empty()) pkgs.erase(pkgs.begin());  // the subcommand
    for (const auto& p : pkgs) {
        if (!pinned(prog, p)) unpinned.push_back(p);
    }
}

bool cleaned(const Row& row, const Command& install, const std::vector<Command>& all) {
    const auto args = install.args();
    for (auto a : row.accepts) {
        if (a.starts_with("flag:") && has_flag(args, {a.substr(5)})) return true;
    }
    for (const auto& c : all) {
        const std::string prog = c.program();
        const auto cargs = c.args();
        for (auto a : row.accepts) {
            if (a.empty() || a.starts_with("flag:")) continue;
            if (a.starts_with("rm:")) {
                if (prog != "rm") continue;
                for (const auto& w : cargs) {
                    if (w.starts_with(a.substr(3))) return true;
                }
                continue;
            }
            const auto sp = a.find(' ');
            if (prog == a.substr(0, sp) && subcommand(cargs) == a.substr(sp + 1)) return true;
        }
    }
    return false;
}

template <std::size_t I>
void check_row(const Context& ctx, std::vector<Finding>& out) {
    const Row& row = kRows[I];
    for (const Instruction* in : instructions(ctx.df, "RUN")) {
        // Caches on a cache mount, or in a stage the image does not ship, are not in the image.
        if (row.judge == Judge::Clean && (has_cache_mount(*in) || !ships(ctx.df, in->stage))) {
            continue;
        }
        const auto& cmds = ctx.commands(*in);
        for (const auto& c : cmds) {
            const std::string prog = c.program();
            if (!listed(row.programs, prog)) continue;
            const auto args = c.args();
            const std::string sub = subcommand(args);
            if (!any_sub(row) && !listed(row.subcommands, sub)) continue;
            const std::string what = prog + (sub.empty() ? "" : " " + sub);
            switch (row.judge) {
                case Judge::Yes:
                    if (!has_flag(args,
                                  {row.accepts[0], row.accepts[1], row.accepts[2], row.accepts[3],
                                   row.accepts[4], row.accepts[5]},
                                  row.letter) &&
                        !(prog == "microdnf")) {
                        out.push_back(at(*in, what + " without a non-interactive switch"));
                    }
                    break;
                case Judge::Clean:
                    if (!cleaned(row, c, cmds)) {
                        out.push_back(at(*in, what + " leaves its cache in the layer"));
                    }
                    break;
                case Judge::Pin: {
                    std::vector<std::string> unpinned;
                    judge_pin(c, unpinned);
                    if (!unpinned.empty()) {
                        std::string list;
                        for (const auto& p : unpinned) list += (list.empty() ? "" : ", ") + p;
                        out.push_back(at(*in, what + " without versions: " + list));
                    }
                    break;
                }
                case Judge::Forbidden:
                    out.push_back(at(*in, what + " in a RUN"));
                    break;
            }
        }
    }
}

template <std::size_t... I>
constexpr std::array<CheckFn, sizeof...(I)> checks_of(std::index_sequence<I...>) {
    return {&check_row<I>...};
}

constexpr auto kChecks = checks_of(std::make_index_sequence<kRows.size()>{});

}  // namespace

Rule make_package_managers(std::string_view short_id) {
    for (std::size_t i = 0; i < kRows.size(); ++i) {
        if (dockerfile::short_id(kRows[i].info.id) == short_id) return {&kRows[i].info, kChecks[i]};
    }
    return {};
}

}  // namespace berth::lint::dockerfile
