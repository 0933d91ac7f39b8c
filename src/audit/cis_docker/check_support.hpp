// SPDX-License-Identifier: Apache-2.0
// Helpers the check files share: verdict builders, option lookup, per-container judging,
// file ownership/permission and audit-rule tests.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "audit/cis_docker/check.hpp"

namespace berth::audit::cis {

/// Verdict builders: pass → Pass, warn → Fail (docker-bench WARN), info → Info, skipped →
/// Skipped.
Verdict pass(std::string detail = {});
Verdict warn(std::string detail = {});
Verdict info(std::string detail = {});
Verdict skipped(std::string detail = {});

/// The detail of every check skipped because no Docker daemon answered; the report says once,
/// in its header, which endpoint was tried and why it failed.
inline constexpr std::string_view kNeedsDaemon = "needs the Docker daemon";

/// INFO "no Docker daemon configuration found …" when neither a dockerd command line nor
/// daemon.json was found (and no daemon answered); nullopt when there is something to judge.
std::optional<Verdict> no_daemon_config(const HostFacts& f);

/// Skipped "needs the Docker daemon" when the Engine API was not queried or not reachable.
std::optional<Verdict> no_engine(const HostFacts& f);

/// The effective values of daemon option `key` (daemon.json name), or nullptr when unset.
const std::vector<std::string>* option(const HostFacts& f, const std::string& key);
/// The last effective value of `key`, "" when unset.
std::string option_last(const HostFacts& f, const std::string& key);
/// Where the daemon's options came from, for details: "flags from X; daemon.json".
std::string option_source(const HostFacts& f);

/// Judges every running container: WARN listing "name: why" for each one `bad` returns a
/// reason for, PASS when none, INFO when no daemon or no running container.
Verdict judge_containers(
    const HostFacts& f,
    const std::function<std::optional<std::string>(const ContainerFacts&)>& bad);

/// 1.1.x, as docker-bench judges them (the rule, not the file): WARN when one of `paths` exists
/// under the root and no audit rule watches it; else PASS when an audit rule watches one of
/// them (even when the file is absent under --root); else INFO "not found" (WARN when
/// `info_if_missing` is false).
Verdict judge_audit_watch(const HostFacts& f, const std::vector<std::string>& paths,
                          bool info_if_missing = true);

/// True when `mode` grants nothing beyond `max` (e.g. 0640 within 0644).
bool mode_within(std::uint32_t mode, std::uint32_t max);

/// "0644".
std::string octal(std::uint32_t mode);

/// Info "manual check: what" (docker-bench NOTE): the check is manual and says what to review.
Verdict manual(const std::string& what);

/// INFO "no image given (use --image IMAGE)" or the image's read error; nullopt when usable.
std::optional<Verdict> no_image(const HostFacts& f);

}  // namespace berth::audit::cis
