// SPDX-License-Identifier: Apache-2.0
// `berth sign --key K IMAGE`: signs the manifest digest IMAGE resolves to and pushes the
// signature in cosign's formats (src/sign/image_signing.hpp; docs/signing.md "Signing images").

#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cli/commands/commands.hpp"
#include "sign/image_signing.hpp"
#include "sign/signer.hpp"

namespace berth::cli {
namespace {

struct SignOptions {
    std::string image;
    std::string key;
    std::string format = "both";
    std::vector<std::string> annotations;
    WalkOptions registry;
};

int fail_with(const Error& e) {
    print_error(e);
    return e.code == ErrorCode::InvalidArgument ? kExitUsage : kExitRuntime;
}

Result<std::vector<std::pair<std::string, std::string>>> parse_annotations(
    const std::vector<std::string>& items) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& item : items) {
        const auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0) {
            return fail(ErrorCode::InvalidArgument, "annotation must be KEY=VALUE", item);
        }
        out.emplace_back(item.substr(0, eq), item.substr(eq + 1));
    }
    return out;
}

int run_sign(const SignOptions& o) {
    sign::SignImageRequest request;
    request.image = o.image;
    auto formats = sign::parse_formats(o.format);
    if (!formats) return fail_with(formats.error());
    request.formats = *formats;
    auto annotations = parse_annotations(o.annotations);
    if (!annotations) return fail_with(annotations.error());
    request.annotations = std::move(*annotations);
    if (auto ref = sign::parse_registry_image(o.image); !ref) return fail_with(ref.error());
    if (int code = registry_access(o.registry, request.registry); code != kExitOk) return code;
    // The key first: a wrong password or a missing token fails before the registry is touched.
    auto signer = sign::open_signer(o.key, sign::key_password_source());
    if (!signer) return fail_with(signer.error());
    auto signed_image = sign::sign_image(request, **signer);
    if (!signed_image) return fail_with(signed_image.error());
    const auto& s = *signed_image;
    std::cout << s.repository << "@" << s.digest.str() << "\n";
    std::cerr << "Signed " << s.repository << "@" << s.digest.str() << " with "
              << (*signer)->description() << " (no transparency log: signed offline)\n";
    if (!s.referrer.empty()) {
        std::cerr << "  bundle  referrer " << s.referrer << " ("
                  << (s.referrers_api ? "registry referrers API" : "referrers tag schema") << ")\n";
    }
    if (!s.legacy_tag.empty()) {
        std::cerr << "  legacy  tag " << s.legacy_tag << " (" << s.legacy_signatures
                  << (s.legacy_signatures == 1 ? " signature" : " signatures") << ")\n";
    }
    return kExitOk;
}

}  // namespace

Command register_sign(CLI::App& root, const GlobalOptions&) {
    auto opt = std::make_shared<SignOptions>();
    auto* cmd = root.add_subcommand(
        "sign", "Sign an image in a registry with a key file or PKCS#11 key (cosign formats)");
    cmd->add_option("IMAGE", opt->image, "Registry image: host/repository:tag or @sha256:…")
        ->required();
    cmd->add_option("--key", opt->key, "Key file (cosign.key, plain PEM) or pkcs11: URI")
        ->required();
    cmd->add_option("--format", opt->format,
                    "Signature format: bundle (cosign v3: sigstore bundle as an OCI referrer), "
                    "legacy (cosign v1/v2: the sha256-<hex>.sig tag) or both")
        ->check(CLI::IsMember({"bundle", "legacy", "both"}))
        ->capture_default_str();
    cmd->add_option("-a,--annotation", opt->annotations,
                    "KEY=VALUE added to the legacy payload's \"optional\" section (repeatable)");
    add_registry_options(*cmd, opt->registry, false);
    cmd->footer(
        "The tag is resolved once and the manifest digest is what gets signed (printed on\n"
        "stdout as REPOSITORY@DIGEST); for a multi-platform image that is the index digest, as\n"
        "cosign signs it. Both formats are written by default, so cosign v2/v3, Kyverno,\n"
        "policy-controller and podman find a signature:\n"
        "  bundle  a sigstore bundle v0.3 (DSSE, in-toto statement, predicateType\n"
        "          https://sigstore.dev/cosign/sign/v1) pushed as an OCI 1.1 referrer manifest;\n"
        "          registries without the referrers API get the sha256-<hex> index tag\n"
        "  legacy  a simple-signing payload appended as one more layer to the\n"
        "          sha256-<hex>.sig tag (earlier signatures stay)\n"
        "Nothing is uploaded to a transparency log (Rekor): berth signs offline. Verifiers must\n"
        "be told so: `cosign verify --key cosign.pub --insecure-ignore-tlog IMAGE`.\n"
        "The key password comes from BERTH_PASSWORD (or COSIGN_PASSWORD) or a prompt, a token\n"
        "PIN from the URI or BERTH_PKCS11_PIN; registry credentials as for pulling\n"
        "(~/.docker/config.json, or --username with --password-stdin).\n\n"
        "Examples:\n"
        "  BERTH_PASSWORD=… berth sign --key cosign.key registry.example/team/app:1.4\n"
        "  berth sign --key cosign.key --format legacy -a ci=build-512 localhost:5000/app:dev\n"
        "  berth sign --key "
        "'pkcs11:token=berth;object=berth-key?module-path=/usr/lib/softhsm/libsofthsm2.so' \\\n"
        "    registry.example/team/app@sha256:…\n");
    return {cmd, [opt] { return run_sign(*opt); }};
}

}  // namespace berth::cli
