// SPDX-License-Identifier: Apache-2.0
#include "audit/cis_docker/check_support.hpp"

#include <algorithm>
#include <cctype>

namespace berth::audit::cis {
namespace {

Verdict make(Outcome o, std::string detail) {
    Verdict v{o, {}};
    if (!detail.empty()) v.details.push_back(std::move(detail));
    return v;
}

}  // namespace

std::string_view number(const check::RuleInfo& info) {
    const std::size_t slash = info.id.find('/');
    return slash == std::string_view::npos ? info.id : info.id.substr(slash + 1);
}

bool id_less(std::string_view a, std::string_view b) {
    return check::id_less(a, b);
}

Verdict pass(std::string detail) {
    return make(Outcome::Pass, std::move(detail));
}
Verdict warn(std::string detail) {
    return make(Outcome::Fail, std::move(detail));
}
Verdict info(std::string detail) {
    return make(Outcome::Info, std::move(detail));
}
Verdict skipped(std::string detail) {
    return make(Outcome::Skipped, std::move(detail));
}

Verdict manual(const std::string& what) {
    return info("manual check: " + what);
}

std::optional<Verdict> no_daemon_config(const HostFacts& f) {
    if (f.daemon.found) return std::nullopt;
    return info(
        "no Docker daemon configuration found under " + f.root +
        " (no dockerd command line, docker.service ExecStart, /etc/default/docker or daemon.json)");
}

std::optional<Verdict> no_engine(const HostFacts& f) {
    if (f.engine.reachable) return std::nullopt;
    return skipped(std::string(kNeedsDaemon));
}

const std::vector<std::string>* option(const HostFacts& f, const std::string& key) {
    auto it = f.daemon.effective.find(key);
    return it == f.daemon.effective.end() ? nullptr : &it->second;
}

std::string option_last(const HostFacts& f, const std::string& key) {
    const auto* v = option(f, key);
    return v == nullptr || v->empty() ? std::string() : v->back();
}

std::string option_source(const HostFacts& f) {
    std::string s;
    if (!f.daemon.cmdline_source.empty()) s = "flags from " + f.daemon.cmdline_source;
    if (f.daemon.daemon_json_found) s += (s.empty() ? "" : "; ") + f.daemon.daemon_json_path;
    return s;
}

Verdict judge_containers(
    const HostFacts& f,
    const std::function<std::optional<std::string>(const ContainerFacts&)>& bad) {
    if (auto v = no_engine(f)) return *v;
    if (f.engine.containers.empty()) return info("no running containers");
    Verdict v{Outcome::Pass, {}};
    for (const auto& c : f.engine.containers) {
        if (auto why = bad(c)) {
            v.result = Outcome::Fail;
            v.details.push_back(c.name + ": " + *why);
        }
    }
    if (v.result == Outcome::Pass) {
        v.details.push_back(std::to_string(f.engine.containers.size()) +
                            " running container(s) checked");
    }
    return v;
}

Verdict judge_audit_watch(const HostFacts& f, const std::vector<std::string>& paths,
                          bool info_if_missing) {
    auto watched = [&](const std::string& p) {
        return std::find(f.audit.watched.begin(), f.audit.watched.end(), p) !=
               f.audit.watched.end();
    };
    for (const auto& p : paths) {
        if (f.file(p).exists && !watched(p)) {
            return warn(p + " exists but no audit rule watches it" +
                        (f.audit.rules_found ? std::string() : " (no audit rules found)"));
        }
    }
    for (const auto& p : paths) {
        if (!watched(p)) continue;
        return pass("audit rule watches " + p +
                    (f.file(p).exists ? std::string() : " (not present under " + f.root + ")"));
    }
    const std::string missing = paths.front() + " not found";
    return info_if_missing ? info(missing) : warn(missing + " and no audit rule watches it");
}

bool mode_within(std::uint32_t mode, std::uint32_t max) {
    return (mode & ~max & 07777U) == 0;
}

std::string octal(std::uint32_t mode) {
    std::string s;
    for (int shift = 9; shift >= 0; shift -= 3)
        s += static_cast<char>('0' + ((mode >> static_cast<unsigned>(shift)) & 7U));
    return s;
}

std::optional<Verdict> no_image(const HostFacts& f) {
    if (!f.image.given) return info("no image given (use --image IMAGE)");
    if (!f.image.error.empty())
        return info("image " + f.image.spec + " could not be read: " + f.image.error);
    return std::nullopt;
}

}  // namespace berth::audit::cis
