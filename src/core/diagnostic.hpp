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
};

using Diagnostics = std::vector<Diagnostic>;

}  // namespace berth
