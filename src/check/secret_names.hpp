// SPDX-License-Identifier: Apache-2.0
// Names and values that look like secrets, shared by the rules that judge KEY=VALUE settings:
// Dockerfile ARG/ENV (lint/dockerfile DF042) and an image's Env, labels and build arguments
// (imagecheck IC005). Name-based, as hadolint DL3064 and dockle CIS-DI-0010 are.
#pragma once

#include <string_view>

namespace berth::check {

/// True when a setting's name says it holds a secret: one of its words (split at _ - .) is
/// password, passwd, pword, secret, token, apikey, credential(s) or auth, or two words read
/// "api key", "access key", "private key", "secret key". Names with a word public, gpg, pub,
/// fingerprint, file, path, dir, url or id are not (a GPG fingerprint or a *_FILE pointing to a
/// mounted secret is not the secret). Case-insensitive: "DB_PASSWORD", "aws-secret-access-key".
bool sensitive_name(std::string_view name);

/// True when a value looks like a credential whatever its name: AKIA…/ASIA… (20 chars), ghp_…,
/// gho_…, ghs_…, github_pat_…, glpat-…, xoxb-…, xoxp-…, sk_live_…, -----BEGIN….
bool credential_value(std::string_view value);

}  // namespace berth::check
