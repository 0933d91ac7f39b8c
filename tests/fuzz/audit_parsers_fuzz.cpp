// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: every parser `berth audit host` feeds with host files or daemon answers —
// daemon.json, dockerd command lines, systemd units, environment files, audit rules, and the
// Engine API bodies (/info, /version, /swarm, container inspect, lists, top). The first byte
// picks the parser so one corpus covers them all.
#include <cstdint>
#include <string_view>

#include "audit/collect/collect.hpp"
#include "audit/collect/daemon_config.hpp"
#include "audit/collect/systemd_unit.hpp"
#include "engine/models.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    using namespace berth::audit;
    switch (data[0] % 8U) {
        case 0:
            (void)parse_daemon_json(text, "fuzz");
            break;
        case 1: {
            std::vector<std::string> unknown;
            (void)parse_dockerd_args(split_words(text), unknown);
            break;
        }
        case 2: {
            UnitFacts unit;
            apply_unit_text(unit, text);
            (void)expand_exec(unit.exec_start, parse_env_file(text));
            break;
        }
        case 3: {
            std::vector<std::string> watched;
            parse_audit_rules(text, watched);
            break;
        }
        case 4:
            (void)berth::engine::parse_container_inspect(text, "fuzz");
            (void)berth::engine::parse_image_inspect(text, "fuzz");
            break;
        case 5:
            (void)berth::engine::parse_info(text, "fuzz");
            (void)berth::engine::parse_version(text, "fuzz");
            (void)berth::engine::parse_swarm(text, "fuzz");
            break;
        case 6:
            (void)berth::engine::parse_container_list(text, "fuzz");
            (void)berth::engine::parse_image_list(text, "fuzz");
            (void)berth::engine::parse_network_list(text, "fuzz");
            break;
        default:
            (void)berth::engine::parse_top(text, "fuzz");
            break;
    }
    return 0;
}
