// SPDX-License-Identifier: Apache-2.0
// The parts of systemd unit files the benchmark needs (systemd.unit(5), systemd.exec(5),
// systemd.service(5), systemd.socket(5)).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "audit/collect/host_facts.hpp"

namespace berth::audit {

/// Applies one unit file or drop-in to `unit`, in the order systemd does: an empty
/// `ExecStart=` clears earlier ExecStart lines, a non-empty one replaces the command (a
/// service has one); Environment= and EnvironmentFile= accumulate; ListenStream=,
/// SocketGroup=, SocketMode= for sockets. Lines ending in '\' continue on the next line;
/// '#' and ';' start comments. Prefixes `-@+!:` of ExecStart are dropped.
/// Example: "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://" → exec_start
/// {"/usr/bin/dockerd", "-H", "fd://"}.
void apply_unit_text(UnitFacts& unit, std::string_view text);

/// Parses an environment file (systemd EnvironmentFile=, /etc/default/docker): core's
/// parse_env_file with EnvSyntax::systemd() (quoting rules there), diagnostics dropped.
/// `DOCKER_OPTS="--icc=false -H tcp://0.0.0.0:2376"` → {DOCKER_OPTS: "--icc=false -H
/// tcp://0.0.0.0:2376"}.
std::map<std::string, std::string> parse_env_file(std::string_view text);

/// Expands $VAR and ${VAR} in ExecStart words with `env`: a word that is exactly `$VAR`
/// splits into the value's words (systemd's unquoted form), `${VAR}` inside a word is
/// substituted as one word. Unknown variables expand to nothing.
std::vector<std::string> expand_exec(const std::vector<std::string>& words,
                                     const std::map<std::string, std::string>& env);

}  // namespace berth::audit
