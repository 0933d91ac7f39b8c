// SPDX-License-Identifier: Apache-2.0
// A table of checks (see docs/cis.md, "Tables"): a constexpr array of rows, each with its own
// `check::RuleInfo info`, and one judge taking the row. Table<kRows, judge_row>::by_number("8.1.1")
// gives the row's Check, so registry.cpp still lists one entry per id.
#pragma once

#include <array>
#include <string_view>
#include <utility>

#include "audit/cis_docker/check.hpp"

namespace berth::audit::cis {

template <const auto& kRows, auto kJudgeRow>
class Table {
  public:
    /// The row whose CIS number is `n`; a Check with null members for an unknown number
    /// (validate_rules() and the registry test report the null).
    static Check by_number(std::string_view n) {
        for (std::size_t i = 0; i < kRows.size(); ++i) {
            if (number(kRows[i].info) == n) return {&kRows[i].info, kJudges[i]};
        }
        return {};
    }

  private:
    template <std::size_t I>
    static Verdict judge_at(const HostFacts& f) {
        return kJudgeRow(kRows[I], f);
    }

    template <std::size_t... I>
    static constexpr std::array<JudgeFn, sizeof...(I)> judges_of(std::index_sequence<I...>) {
        return {&judge_at<I>...};
    }

    static constexpr auto kJudges = judges_of(std::make_index_sequence<kRows.size()>{});
};

}  // namespace berth::audit::cis
