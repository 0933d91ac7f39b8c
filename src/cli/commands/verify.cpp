// SPDX-License-Identifier: Apache-2.0
// `berth verify --key PUB IMAGE`: finds the image's cosign signatures (bundle referrers and the
// legacy .sig tag) and verifies each against the key and the digest the image resolves to
// (src/sign/image_signing.hpp; docs/signing.md "Verifying images"). Exit 0 when at least one
// signature is valid, 1 when none is (or there is none), 2 usage error, 3 when the registry
// could not be asked (fail closed: never reported as "unsigned").

#include <algorithm>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/commands/commands.hpp"
#include "core/file.hpp"
#include "sign/image_signing.hpp"

namespace berth::cli {
namespace {

struct VerifyOptions {
    std::string image;
    std::string key;
    std::string trusted_root;
    std::string signature_format = "both";
    std::string format = "table";
    WalkOptions registry;
};

int fail_with(const Error& e) {
    print_error(e);
    return e.code == ErrorCode::InvalidArgument ? kExitUsage : kExitRuntime;
}

std::string render_table(const sign::ImageVerification& v) {
    std::size_t width = 8;
    for (const auto& s : v.signatures) width = std::max(width, s.location.size());
    auto pad = [](std::string s, std::size_t n) {
        s.resize(std::max(n, s.size()), ' ');
        return s;
    };
    std::string out = "Image      " + v.reference + "\n";
    out += "Referrers  " + v.referrers_source + "\n\n";
    if (v.signatures.empty()) return out + "No signatures found: the image is unsigned.\n";
    out += pad("FORMAT", 8) + pad("VERDICT", 9) + pad("LOCATION", width + 2) + "REASON\n";
    std::size_t valid = 0;
    for (const auto& s : v.signatures) {
        valid += s.valid ? 1 : 0;
        std::string row = pad(s.format, 8) + pad(s.valid ? "valid" : "invalid", 9) +
                          pad(s.location, width + 2) + s.reason;
        while (!row.empty() && row.back() == ' ') row.pop_back();
        out += row + "\n";
    }
    out += "\n" + std::to_string(valid) + " of " + std::to_string(v.signatures.size()) +
           " signatures valid: " + (v.verified() ? "verified" : "NOT verified") + "\n";
    return out;
}

nlohmann::json render_json(const sign::ImageVerification& v) {
    nlohmann::json sigs = nlohmann::json::array();
    for (const auto& s : v.signatures) {
        nlohmann::json j = {{"format", s.format}, {"location", s.location}, {"valid", s.valid}};
        if (!s.valid) j["reason"] = s.reason;
        sigs.push_back(std::move(j));
    }
    return {{"image", v.reference},
            {"digest", v.digest.str()},
            {"referrers", v.referrers_source},
            {"verified", v.verified()},
            {"signatures", sigs}};
}

int run_verify(const VerifyOptions& o) {
    sign::VerifyImageRequest request;
    request.image = o.image;
    auto formats = sign::parse_formats(o.signature_format);
    if (!formats) return fail_with(formats.error());
    request.formats = *formats;
    auto key = read_input(o.key, "the public key");
    if (!key) return fail_with(key.error());
    request.public_key = std::move(*key);
    if (!o.trusted_root.empty()) {
        auto root = read_input(o.trusted_root, "the trusted root");
        if (!root) return fail_with(root.error());
        request.trusted_root = std::move(*root);
    }
    if (int code = registry_access(o.registry, request.registry); code != kExitOk) return code;
    auto v = sign::verify_image(request);
    if (!v) return fail_with(v.error());
    if (o.format == "json") {
        std::cout << render_json(*v).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                  << "\n";
    } else {
        std::cout << render_table(*v);
    }
    return v->verified() ? kExitOk : kExitFindings;
}

}  // namespace

Command register_verify(CLI::App& root, const GlobalOptions&) {
    auto opt = std::make_shared<VerifyOptions>();
    auto* cmd = root.add_subcommand(
        "verify", "Verify an image's signatures in a registry against a key (cosign formats)");
    cmd->add_option("IMAGE", opt->image, "Registry image: host/repository:tag or @sha256:…")
        ->required();
    cmd->add_option("--key", opt->key, "Public key (PEM) that must have signed")->required();
    cmd->add_option("--signature-format", opt->signature_format,
                    "Where to look: bundle (OCI referrers), legacy (the .sig tag) or both")
        ->check(CLI::IsMember({"bundle", "legacy", "both"}))
        ->capture_default_str();
    cmd->add_option("--trusted-root", opt->trusted_root,
                    "trusted_root.json to verify transparency-log entries and timestamps that "
                    "bundles carry (berth's own signatures have none)");
    cmd->add_option("-f,--format", opt->format, "Output format")
        ->check(CLI::IsMember({"table", "json"}))
        ->capture_default_str();
    add_registry_options(*cmd, opt->registry, false);
    cmd->footer(
        "IMAGE is resolved to its manifest digest; every signature must sign that digest (a\n"
        "signature copied from another image or left from an earlier push of the tag does not\n"
        "count). Looked up: the referrers API (else the sha256-<hex> referrers tag) for sigstore\n"
        "bundles, and the sha256-<hex>.sig tag for legacy simple-signing payloads, whose\n"
        "docker-reference must name this repository and whose critical section must hold no\n"
        "unknown field. Each signature found is listed with its verdict.\n"
        "Fail closed: when the registry cannot list the signatures (HTTP 5xx or 429 after\n"
        "retries, 401/403, malformed JSON, network), that is an error (exit 3), never "
        "\"unsigned\".\n"
        "Exit codes: 0 at least one valid signature, 1 none valid or unsigned, 2 usage,\n"
        "3 registry or file error.\n\n"
        "Examples:\n"
        "  berth verify --key cosign.pub registry.example/team/app:1.4\n"
        "  berth verify --key cosign.pub --format json localhost:5000/app@sha256:…\n");
    return {cmd, [opt] { return run_verify(*opt); }};
}

}  // namespace berth::cli
