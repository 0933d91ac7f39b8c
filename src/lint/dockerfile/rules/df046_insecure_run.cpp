// SPDX-License-Identifier: Apache-2.0
// DF046: RUN without privileged build options: `--security=insecure` (a privileged build
// container), `--network=host`, and a `--mount` of the Docker socket (root on the build host).
#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr Reference kRefs[] = {
    {"url", "https://docs.docker.com/reference/dockerfile/#run---security"}};
constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF046",
    .title = "Do not run build steps privileged",
    .severity = Severity::High,
    .description =
        "RUN --security=insecure runs the step as a privileged container, "
        "--network=host shares the build host's network, and mounting docker.sock "
        "gives the step root on the build host.",
    .remediation = "Drop the option; build what needs privileges outside the Dockerfile.",
    .references = kRefs,
};

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    for (const Instruction* in : instructions(ctx.df, "RUN")) {
        for (const auto& f : in->flags) {
            std::string why;
            if (f.name == "security" && f.value == "insecure") why = "--security=insecure";
            if (f.name == "network" && f.value == "host") why = "--network=host";
            if (f.name == "mount" && f.value.find("docker.sock") != std::string::npos) {
                why = "--mount of the Docker socket";
            }
            if (!why.empty()) out.push_back({f.pos, "RUN " + why, in->end_line});
        }
    }
}

}  // namespace

Rule make_df046_insecure_run() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile
