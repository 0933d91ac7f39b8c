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

std::string_view outcome_name(Outcome outcome) {
    switch (outcome) {
        case Outcome::Pass:
            return "PASS";
        case Outcome::Warn:
            return "WARN";
        case Outcome::Info:
            return "INFO";
        case Outcome::Note:
            return "NOTE";
        case Outcome::Skip:
            return "SKIP";
    }
    return "INFO";
}

bool id_less(std::string_view a, std::string_view b) {
    auto parts = [](std::string_view s) {
        std::vector<std::string_view> out;
        std::size_t start = 0;
        while (start <= s.size()) {
            const std::size_t dot = std::min(s.find('.', start), s.size());
            out.push_back(s.substr(start, dot - start));
            start = dot + 1;
        }
        return out;
    };
    auto numeric = [](std::string_view p) {
        return !p.empty() && std::all_of(p.begin(), p.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c)) != 0;
        });
    };
    const auto pa = parts(a);
    const auto pb = parts(b);
    for (std::size_t i = 0; i < pa.size() && i < pb.size(); ++i) {
        const bool na = numeric(pa[i]);
        const bool nb = numeric(pb[i]);
        if (na != nb) return na;  // numbers before letters: "7.1" < "C.1"
        if (na && pa[i].size() != pb[i].size()) return pa[i].size() < pb[i].size();
        if (pa[i] != pb[i]) return pa[i] < pb[i];
    }
    return pa.size() < pb.size();
}

Verdict pass(std::string detail) {
    return make(Outcome::Pass, std::move(detail));
}
Verdict warn(std::string detail) {
    return make(Outcome::Warn, std::move(detail));
}
Verdict info(std::string detail) {
    return make(Outcome::Info, std::move(detail));
}
Verdict note(std::string detail) {
    return make(Outcome::Note, std::move(detail));
}

Verdict manual(std::string what) {
    return note("manual check: " + what);
}

std::optional<Verdict> no_daemon_config(const HostFacts& f) {
    if (f.daemon.found) return std::nullopt;
    std::string msg =
        "no Docker daemon configuration found under " + f.root +
        " (no dockerd command line, docker.service ExecStart, /etc/default/docker or daemon.json)";
    if (!f.engine.endpoint.empty() && !f.engine.reachable) {
        msg += "; no Docker daemon reachable at " + f.engine.endpoint;
    }
    return info(msg);
}

std::optional<Verdict> no_engine(const HostFacts& f) {
    if (f.engine.reachable) return std::nullopt;
    if (f.engine.endpoint.empty())
        return info("no Docker daemon queried (use --host unix://PATH or set DOCKER_HOST)");
    return info("no Docker daemon reachable at " + f.engine.endpoint +
                (f.engine.error.empty() ? std::string() : " (" + f.engine.error + ")"));
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
            v.result = Outcome::Warn;
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
    for (const auto& p : paths) {
        if (!f.file(p).exists) continue;
        const bool watched =
            std::find(f.audit.watched.begin(), f.audit.watched.end(), p) != f.audit.watched.end();
        if (watched) return pass("audit rule watches " + p);
        return warn(p + " exists but no audit rule watches it" +
                    (f.audit.rules_found ? std::string() : " (no audit rules found)"));
    }
    const std::string missing = paths.front() + " not found";
    return info_if_missing ? info(missing) : warn(missing);
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
