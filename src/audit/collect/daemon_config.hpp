// SPDX-License-Identifier: Apache-2.0
// dockerd's options from its command line and daemon.json, merged the way dockerd merges them.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "audit/collect/host_facts.hpp"
#include "core/result.hpp"

namespace berth::audit {

/// Options keyed by daemon.json name, each with its values in order.
using OptionMap = std::map<std::string, std::vector<std::string>>;

/// Splits a command line the way systemd splits ExecStart= and a shell splits DOCKER_OPTS:
/// whitespace separates words, single and double quotes group, backslash escapes.
/// `-H fd:// "--log-opt=a b"` → {"-H", "fd://", "--log-opt=a b"}.
std::vector<std::string> split_words(std::string_view text);

/// Maps dockerd flags to daemon.json keys (dockerd's `config.go` names): `--insecure-registry X`
/// → insecure-registries [X]; `-H X` → hosts [X]; `--icc=false` → icc ["false"]; a bare boolean
/// flag (`--live-restore`) → ["true"]. Words that are not flags go to `unknown`.
OptionMap parse_dockerd_args(const std::vector<std::string>& args,
                             std::vector<std::string>& unknown);

/// Flattens daemon.json (dockerd reads it as one JSON object): strings stay, booleans become
/// "true"/"false", numbers their decimal text, arrays one value per element, objects "key=value"
/// per member (log-opts, default-ulimits as "nofile=SOFT:HARD").
/// Errors: Format naming `where` when the text is not a JSON object.
Result<OptionMap> parse_daemon_json(std::string_view text, const std::string& where);

/// Sets `effective` and `conflicts` of `config` from its `flags` and `file`: dockerd refuses to
/// start when a key is set both ways (each such key is listed in `conflicts`); otherwise the
/// effective options are the union. For conflicts the flag value is kept.
void merge_daemon_config(DaemonConfig& config);

}  // namespace berth::audit
