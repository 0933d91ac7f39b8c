// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: WWW-Authenticate challenges and docker config.json credentials (no helper
// is ever run: the input may name one, so credHelpers/credsStore keys are dropped first).
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "image/registry/auth.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)berth::image::registry::parse_challenges(text);
    auto doc = nlohmann::json::parse(text, nullptr, false);
    if (!doc.is_discarded() && doc.is_object()) {
        doc.erase("credHelpers");
        doc.erase("credsStore");
        (void)berth::image::registry::credentials_from_docker_config(doc.dump(), "r", "fuzz");
    }
    auto enc = berth::image::registry::base64_encode(text);
    auto dec = berth::image::registry::base64_decode(enc);
    if (!dec || *dec != text) std::abort();
    return 0;
}
