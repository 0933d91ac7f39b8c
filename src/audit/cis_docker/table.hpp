// SPDX-License-Identifier: Apache-2.0
// A table of checks (see docs/cis.md, "Tables"): a constexpr array of rows and one judge taking
// the row. Each row either holds its own `check::RuleInfo info`, or kInfoOf(row) makes it at
// compile time (the 1.1 and 3 tables derive the metadata from a few fields).
// Table<kRows, &judge_row>::by_number("8.1.1") gives the row's Check, so registry.cpp still lists
// one entry per id.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>

#include "audit/cis_docker/check.hpp"

namespace berth::audit::cis {

/// A row's metadata as positional fields, so a table row fits in a few lines:
/// row({"cis-docker/5.5", "Ensure …", Severity::High, "why", "fix", 1, true, true}, …).
struct Meta {
    std::string_view id, title;
    Severity severity;
    std::string_view description, remediation;
    int level;
    bool automated, scored;
};

template <const auto& kRows, auto kJudgeRow, auto kInfoOf = nullptr>
class Table {
  public:
    /// The row whose CIS number is `n`; a Check with null members for an unknown number
    /// (validate_rules() and the registry test report the null).
    static Check by_number(std::string_view n) {
        for (std::size_t i = 0; i < kRows.size(); ++i) {
            if (number(info_at(i)) == n) return {&info_at(i), kJudges[i]};
        }
        return {};
    }

  private:
    static constexpr bool kMadeInfos = !std::is_null_pointer_v<decltype(kInfoOf)>;

    template <std::size_t I>
    static Verdict judge_at(const HostFacts& f) {
        return kJudgeRow(kRows[I], f);
    }

    template <std::size_t... I>
    static constexpr std::array<JudgeFn, sizeof...(I)> judges_of(std::index_sequence<I...>) {
        return {&judge_at<I>...};
    }

    template <std::size_t... I>
    static constexpr auto infos_of(std::index_sequence<I...>) {
        if constexpr (kMadeInfos) {
            return std::array<check::RuleInfo, sizeof...(I)>{kInfoOf(kRows[I])...};
        } else {
            return std::array<check::RuleInfo, 0>{};
        }
    }

    static constexpr auto kJudges = judges_of(std::make_index_sequence<kRows.size()>{});
    static constexpr auto kInfos = infos_of(std::make_index_sequence<kRows.size()>{});

    static const check::RuleInfo& info_at(std::size_t i) {
        if constexpr (kMadeInfos) {
            return kInfos[i];
        } else {
            return kRows[i].info;
        }
    }
};

}  // namespace berth::audit::cis
