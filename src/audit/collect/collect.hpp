// SPDX-License-Identifier: Apache-2.0
// Collectors: read a Docker host (files under --root, /proc, the Engine API, an image) into
// HostFacts. Nothing here judges; nothing here shells out.
#pragma once

#include <string>

#include "audit/collect/host_facts.hpp"
#include "core/result.hpp"
#include "core/rooted_fs.hpp"

namespace berth::audit {

/// What to collect from.
struct CollectOptions {
    std::string root = "/";  ///< audited filesystem root; "/" also reads /proc and the environment
    /// Docker host (--host); "" = as the docker CLI picks (DOCKER_HOST, DOCKER_CONTEXT, config.json
    /// currentContext), else, when root is "/", the socket dockerd's configuration names.
    std::string host;
    std::string image;         ///< image spec for section 4 ("" = none)
    bool query_daemon = true;  ///< false: never contact a daemon (offline audit of a tree)
};

/// Collects every fact. Files are read inside `root` only (core/rooted_fs.hpp: symlinks and `..`
/// in the paths the host's files name stay in it) and must be regular files (a FIFO is refused,
/// never waited on). Problems reading single files or the daemon become entries in
/// `warnings` / `engine.error` and the audit goes on.
/// Errors: NotFound when `root` is not a directory; InvalidArgument for a malformed --host,
/// Unsupported for an ssh:// or npipe:// --host.
Result<HostFacts> collect_host_facts(const CollectOptions& options);

/// Reads certificate or key file `host_path` inside the audited root `fs` with OpenSSL (PEM): key
/// type and size, and for certificates the expiry. Never fails; problems go to CertFacts::error.
CertFacts read_cert(const RootedFs& fs, const std::string& host_path, const HostFacts& facts);

/// Parses audit rules text (auditctl syntax, audit.rules(7)) and appends the watched paths:
/// "-w /usr/bin/dockerd -k docker" → "/usr/bin/dockerd"; "-a always,exit -F path=/usr/bin/runc" →
/// "/usr/bin/runc".
void parse_audit_rules(std::string_view text, std::vector<std::string>& watched);

}  // namespace berth::audit
