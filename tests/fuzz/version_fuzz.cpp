// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: version schemes. The input is split in two halves that are compared under
// every scheme; compare() must never crash and must be antisymmetric, validate() and the
// satisfies() helpers must not crash either.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "vuln/version/schemes.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string_view a = text.substr(0, size / 2), b = text.substr(size / 2);
    using namespace berth::vuln::version;
    for (const Scheme* s : all_schemes()) {
        auto ab = s->compare(a, b);
        auto ba = s->compare(b, a);
        if (ab.has_value() != ba.has_value()) std::abort();
        if (ab && (*ab < -1 || *ab > 1 || *ab != -*ba)) std::abort();
        auto va = s->validate(a);
        // a valid version equals itself
        if (va) {
            auto self = s->compare(a, a);
            if (self && *self != 0) std::abort();
        }
        (void)s->satisfies(a, b);
    }
    (void)apk_match(a, "~", b);
    (void)pypi_legacy_compare(a, b);
    (void)go_xmod_compare(a, b);
    (void)npm_compare(a, b, NpmOptions{.loose = true});
    (void)rpm_vercmp(a, b);
    return 0;
}
