// SPDX-License-Identifier: Apache-2.0
// files/secrets with a given rule set (--secret-config). make_secrets() in plugins.hpp is the
// same analyzer with the built-in rules.
#pragma once

#include <memory>

#include "analyze/analyzer.hpp"
#include "secret/engine.hpp"

namespace berth::analyze {

/// The analyzer's name, for callers that select it ("files/secrets").
inline constexpr std::string_view kSecretsAnalyzer = "files/secrets";

/// files/secrets with `engine`'s rules; its fingerprint is the analyzer's cache salt.
std::unique_ptr<Analyzer> make_secrets(std::shared_ptr<const secret::Engine> engine);

}  // namespace berth::analyze
