// SPDX-License-Identifier: Apache-2.0
// CVSS vector parsing and scoring: v2.0, v3.0, v3.1 and v4.0, per the FIRST specifications.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "vuln/finding.hpp"

namespace berth::vuln {

/// Qualitative severity rating scale of CVSS v3.x/v4.0 ("Table 14" of v3.1, section 6 of v4.0).
/// CVSS v2 defines no scale; berth uses NVD's for v2 (Low 0.0–3.9, Medium 4.0–6.9, High 7.0–10.0).
enum class CvssRating { None, Low, Medium, High, Critical };

/// A parsed and scored vector.
struct CvssResult {
    std::string version;  ///< "2.0", "3.0", "3.1", "4.0"
    double score = 0;     ///< one decimal; v2/v3 base score; v4 the CVSS-B/BT/BE/BTE score of the
                          ///< metrics present (the base score when only base metrics are given)
    CvssRating rating = CvssRating::None;
};

/// Parses `vector` and computes its score:
///   "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" → {"3.1", 9.8, Critical}
///   "AV:N/AC:L/Au:N/C:P/I:P/A:P" (v2, optionally in parentheses or "CVSS:2.0/") → {"2.0", 7.5,
///   High} "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N" → {"4.0", 9.3,
///   Critical}
/// Every mandatory base metric must be present exactly once; optional (temporal, threat,
/// environmental, supplemental) metrics are validated. v2/v3 scores are base scores (temporal
/// and environmental metrics are checked, not applied). Errors: InvalidArgument, naming the bad
/// metric ("CVSS:3.1: unknown value 'Q' for metric AV", "missing metric PR", "duplicate metric").
Result<CvssResult> parse_cvss(std::string_view vector);

/// The rating of a score on the v3.x/v4.0 scale (0.0 None, 0.1–3.9 Low, …, 9.0–10.0 Critical).
CvssRating cvss_rating(double score);

/// The finding level of a rating: None → Unknown (a 0.0 score states no impact, which is not a
/// severity users gate on), the others by name.
Level to_level(CvssRating rating);

/// "NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL".
std::string_view rating_name(CvssRating rating);

}  // namespace berth::vuln
