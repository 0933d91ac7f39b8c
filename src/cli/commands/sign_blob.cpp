// SPDX-License-Identifier: Apache-2.0
// `berth sign-blob FILE --key K --bundle OUT`: cosign sign-blob's shape, writing a sigstore
// bundle v0.3 (src/sign/bundle.hpp) and the base64 signature.

#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>

#include "cli/commands/commands.hpp"
#include "core/base64.hpp"
#include "core/file.hpp"
#include "sign/bundle.hpp"
#include "sign/signer.hpp"

namespace berth::cli {
namespace {

struct SignBlobOptions {
    std::string file;
    std::string key;
    std::string bundle;
    std::string signature;
};

// Whole blobs are signed (Ed25519 signs the message itself); 1 GiB bounds the memory.
constexpr std::uint64_t kMaxBlob = 1ULL << 30U;

int fail_with(const Error& e) {
    print_error(e);
    return e.code == ErrorCode::InvalidArgument ? kExitUsage : kExitRuntime;
}

int run_sign_blob(const SignBlobOptions& o) {
    // The key first: a wrong password or a missing token fails before anything is read or
    // written.
    auto signer = sign::open_signer(o.key, sign::key_password_source());
    if (!signer) return fail_with(signer.error());
    auto blob = o.file == "-" ? read_fd(STDIN_FILENO, kMaxBlob, "stdin")
                              : read_regular_file(o.file, kMaxBlob);
    if (!blob) return fail_with(blob.error());
    auto signed_blob = sign::sign_blob(**signer, *blob);
    if (!signed_blob) return fail_with(signed_blob.error());
    if (auto s = write_output(o.bundle, signed_blob->bundle); !s) return fail_with(s.error());
    const std::string b64 = base64_encode(signed_blob->signature);
    if (!o.signature.empty()) {
        if (auto s = write_output(o.signature, b64); !s) return fail_with(s.error());
    } else if (o.bundle != "-") {
        std::cout << b64 << "\n";
    }
    std::cerr << "Signed " << (o.file == "-" ? std::string("stdin") : o.file) << " with "
              << (*signer)->description() << "; bundle written to " << o.bundle << "\n";
    return kExitOk;
}

}  // namespace

Command register_sign_blob(CLI::App& root, const GlobalOptions&) {
    auto opt = std::make_shared<SignBlobOptions>();
    auto* cmd = root.add_subcommand(
        "sign-blob",
        "Sign a file (an SBOM, a release archive) with a key file or PKCS#11 key, writing a "
        "sigstore bundle");
    cmd->add_option("FILE", opt->file, "The file to sign; - reads standard input")->required();
    cmd->add_option("--key", opt->key, "Key file (cosign.key, plain PEM) or pkcs11: URI")
        ->required();
    cmd->add_option("--bundle", opt->bundle,
                    "Write the sigstore bundle v0.3 (JSON) here; - for standard output")
        ->required();
    cmd->add_option("--output-signature", opt->signature,
                    "Write the base64 signature here (default: print it)");
    cmd->footer(
        "The bundle holds the SHA-256 of FILE, the signature and the key's hint (base64 SHA-256 "
        "of\n"
        "its public key); it carries no transparency-log entry, so a verifier must be told not to\n"
        "require one (`cosign verify-blob --key cosign.pub --insecure-ignore-tlog --bundle B "
        "FILE`;\n"
        "sigstore-js with tlogThreshold 0, as tests/sigstore-js/verify-bundle.js does).\n"
        "Signatures: ECDSA (ASN.1 DER over SHA-256), RSA PKCS#1 v1.5 SHA-256, Ed25519 — the raw\n"
        "bytes verify with `openssl dgst -sha256 -verify cosign.pub -signature SIG FILE`.\n\n"
        "Examples:\n"
        "  BERTH_PASSWORD=… berth sign-blob sbom.cdx.json --key cosign.key --bundle "
        "sbom.sigstore.json\n"
        "  berth sign-blob release.tar.gz --key cosign.key --bundle r.json --output-signature "
        "r.sig\n"
        "  berth sign-blob app.tgz --bundle app.json \\\n"
        "    --key "
        "'pkcs11:token=berth;object=berth-key?module-path=/usr/lib/softhsm/libsofthsm2.so'\n"
        "  cat notes.txt | berth sign-blob - --key cosign.key --bundle notes.json");
    return {cmd, [opt] { return run_sign_blob(*opt); }};
}

}  // namespace berth::cli
