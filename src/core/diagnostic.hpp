// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

namespace berth {

/// Something a user should know that did not stop the work (a tolerated defect, a skipped
/// entry). Reports list them; `where` locates it like Error::where.
struct Diagnostic {
    enum class Severity { Info, Warning };
    Severity severity = Severity::Warning;
    std::string message;
    std::string where;
    /// Something that should have been read was not (a package database or analyzer input that
    /// failed, a hardlink whose target is missing): the result is incomplete. `berth scan`'s
    /// gate fails on it unless --allow-incomplete is given, and every report lists it.
    bool incomplete = false;
};

using Diagnostics = std::vector<Diagnostic>;

}  // namespace berth
