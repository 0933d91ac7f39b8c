// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: sigstore bundles and trusted roots (`berth verify-blob --bundle B
// --trusted-root T`). Whatever parses must be well-formed as the parser promises (exactly one
// content, material as declared, proofs inside their trees); verifying it against an empty trust
// root must fail cleanly, never crash.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sigstore/bundle.hpp"
#include "sigstore/trusted_root.hpp"
#include "sigstore/verify.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace berth::sigstore;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)parse_trusted_root(text, "fuzz");
    auto bundle = parse_bundle(text, "fuzz");
    if (!bundle) return 0;
    if (bundle->message.has_value() == bundle->dsse.has_value()) std::abort();
    if (bundle->minor_version < 1 || bundle->minor_version > 3) std::abort();
    if (bundle->material != Material::PublicKey && bundle->certificates.empty()) std::abort();
    for (const auto& e : bundle->tlog_entries) {
        if (e.log_index < 0 || e.integrated_time < 0) std::abort();
        if (e.inclusion_proof && (e.inclusion_proof->log_index >= e.inclusion_proof->tree_size ||
                                  e.inclusion_proof->root_hash.size() != 32)) {
            std::abort();
        }
    }
    Artifact artifact;
    artifact.bytes = std::string("artifact");
    artifact.sha256 = std::string(32, '\0');
    Policy policy;
    policy.identity_regexp = ".*";
    policy.issuer_regexp = ".*";
    if (verify_bundle(*bundle, artifact, TrustedRoot{}, policy)) std::abort();
    return 0;
}
