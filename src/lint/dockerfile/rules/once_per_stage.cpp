// SPDX-License-Identifier: Apache-2.0
// DF036–DF038: instructions of which only the last one per stage counts (HEALTHCHECK, CMD,
// ENTRYPOINT). A second one silently replaces the first: one table, one judge; registry.cpp
// lists the rows: make_once_per_stage("DF036").
#include <array>

#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

struct Row {
    check::RuleInfo info;
    std::string_view keyword;
};

constexpr std::array<Reference, 1> kDL3012{{{"hadolint", "DL3012"}}};
constexpr std::array<Reference, 1> kDL4003{{{"hadolint", "DL4003"}}};
constexpr std::array<Reference, 1> kDL4004{{{"hadolint", "DL4004"}}};

constexpr std::array<Row, 3> kRows{{
    {{.id = "dockerfile/DF036",
      .title = "Use one HEALTHCHECK per stage",
      .severity = Severity::Medium,
      .description = "Only the last HEALTHCHECK counts; earlier ones are silently dropped, so "
                     "the check that runs may not be the one reviewed.",
      .remediation = "Keep a single HEALTHCHECK in each stage.",
      .references = {kDL3012.data(), kDL3012.size()}},
     "HEALTHCHECK"},
    {{.id = "dockerfile/DF037",
      .title = "Use one CMD per stage",
      .severity = Severity::Low,
      .description = "Only the last CMD counts; earlier ones are silently dropped.",
      .remediation = "Keep a single CMD in each stage.",
      .references = {kDL4003.data(), kDL4003.size()}},
     "CMD"},
    {{.id = "dockerfile/DF038",
      .title = "Use one ENTRYPOINT per stage",
      .severity = Severity::Medium,
      .description = "Only the last ENTRYPOINT counts; earlier ones are silently dropped, so "
                     "the process that starts may not be the one reviewed.",
      .remediation = "Keep a single ENTRYPOINT in each stage.",
      .references = {kDL4004.data(), kDL4004.size()}},
     "ENTRYPOINT"},
}};

template <std::size_t I>
void check_row(const Context& ctx, std::vector<Finding>& out) {
    const Row& row = kRows[I];
    std::vector<int> seen(ctx.df.stages.size() + 1, 0);
    for (const auto& in : ctx.df.instructions) {
        if (in.keyword != row.keyword) continue;
        auto& n = seen[static_cast<std::size_t>(in.stage) + 1];
        if (++n > 1) {
            out.push_back(at(in, std::string(row.keyword) + " number " + std::to_string(n) +
                                     " in this stage replaces the earlier one"));
        }
    }
}

template <std::size_t... I>
constexpr std::array<CheckFn, sizeof...(I)> checks_of(std::index_sequence<I...>) {
    return {&check_row<I>...};
}

constexpr auto kChecks = checks_of(std::make_index_sequence<kRows.size()>{});

}  // namespace

Rule make_once_per_stage(std::string_view id) {
    for (std::size_t i = 0; i < kRows.size(); ++i) {
        if (short_id(kRows[i].info.id) == id) return {&kRows[i].info, kChecks[i]};
    }
    return {};
}

}  // namespace berth::lint::dockerfile
