// SPDX-License-Identifier: Apache-2.0
// Compose variable interpolation (compose spec, "Interpolation"; compose-go template package):
//
//   $VAR  ${VAR}            the value, "" when unset (a warning names the variable)
//   ${VAR:-default}         default when VAR is unset or empty;  ${VAR-default}  only when unset
//   ${VAR:+alt} ${VAR+alt}  alt when VAR is set and non-empty / set
//   ${VAR:?err} ${VAR?err}  an error "VAR: err" when unset or empty / unset
//   $$                      a literal $
// Defaults and alternatives are interpolated themselves ("${A:-${B}}").
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace berth::config {

/// Looks a variable up: nullopt when unset.
using Lookup = std::function<std::optional<std::string>(std::string_view)>;

/// Interpolates `text`; unset variables used without a default are appended to `unset`.
/// Errors: Format for a `${` without its `}`, a bad name (`${1x}`), or a `:?`/`?` variable
/// that is missing (the message is the one the file gives).
Result<std::string> interpolate(std::string_view text, const Lookup& lookup,
                                std::vector<std::string>& unset);

}  // namespace berth::config
