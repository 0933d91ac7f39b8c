// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: --secret-config files (Trivy's trivy-secret.yaml shape). Never crashes; a
// parsed config is compiled (its regexes may be refused) and run over its own bytes.
#include <cstdint>
#include <string_view>

#include "secret/config.hpp"
#include "secret/engine.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto config = berth::secret::parse_config(text, "fuzz.yaml");
    if (!config) return 0;
    auto engine = berth::secret::Engine::create(*config);
    if (engine) (void)(*engine)->scan_text("fuzz.yaml", text);
    return 0;
}
