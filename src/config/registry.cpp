// SPDX-License-Identifier: Apache-2.0
// The one list of runtime rules (`berth config`), sorted by id. A unit test checks that every
// file under rules/ is listed, ids are unique and sorted, every rule has a failing and a passing
// case in rules/testdata/, and docs/rules.md documents it.
#include "config/rules/rules.hpp"

namespace berth::config {

std::vector<Rule> all_rules() {
    return {
        make_rt001_privileged(),
        make_rt002_dangerous_capabilities(),
        make_rt003_capabilities_beyond_default(),
        make_rt004_no_drop_all(),
        make_rt005_seccomp_unconfined(),
        make_rt006_apparmor_unconfined(),
        make_rt007_selinux_disabled(),
        make_rt008_no_new_privileges(),
        make_rt009_host_network(),
        make_rt010_host_pid(),
        make_rt011_host_ipc(),
        make_rt012_host_uts(),
        make_rt013_host_userns(),
        make_rt014_docker_socket(),
        make_rt015_host_system_dirs(),
        make_rt016_host_data_dirs(),
        make_rt017_shared_propagation(),
        make_rt018_host_devices(),
        make_rt019_no_memory_limit(),
        make_rt020_no_cpu_limit(),
        make_rt021_no_pids_limit(),
        make_rt022_writable_rootfs(),
        make_rt023_runs_as_root(),
        make_rt024_restart_policy(),
        make_rt025_ulimit_overrides(),
        make_rt026_privileged_ports(),
        make_rt027_all_interfaces(),
        make_rt028_host_cgroupns(),
    };
}

const check::RuleKind& rule_kind() {
    static const check::RuleKind kind{
        .name = "runtime",
        .version = kRulesVersion,
        .title = "Runtime settings rules",
        .summary =
            "`berth config` judges the settings containers run with, read from `docker inspect` "
            "JSON, Compose files or the running containers of a Docker daemon (`docker://`): "
            "privileges, capabilities, confinement (seccomp, AppArmor, SELinux), host namespaces, "
            "host mounts, resource limits, users, restart policies and published ports. Each rule "
            "names its CIS Docker Benchmark v1.6 number and the equivalent Trivy Kubernetes id; "
            "the rules sharing a CIS §5 number judge exactly as the `berth audit host` check does "
            "(one judgement, src/config/judge.cpp).",
        .rules_dir = "src/config/rules",
        .list_file = "src/config/registry.cpp",
        .rules =
            [] {
                std::vector<const check::RuleInfo*> out;
                for (const auto& r : all_rules()) out.push_back(r.info);
                return out;
            },
    };
    return kind;
}

}  // namespace berth::config
