// SPDX-License-Identifier: Apache-2.0
// `berth verify-blob FILE --bundle B [--key K | --certificate-identity[-regexp] …
// --certificate-oidc-issuer[-regexp] …] [--trusted-root T]`: offline verification of a sigstore
// bundle over a file (or a `sha256:<hex>` digest), in cosign verify-blob's shape
// (src/sigstore/verify.hpp; docs/signing.md "Verifying bundles"). Exit 0 verified, 1 not
// verified (the reason on stderr), 2 usage error, 3 a file could not be read.
#include "sigstore/verify_blob.hpp"

#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands/commands.hpp"
#include "core/time.hpp"

namespace berth::cli {
namespace {

struct VerifyBlobOptions {
    sigstore::BlobRequest request;
    std::string format = "table";
};

std::string signer_line(const sigstore::Verification& v) {
    return v.keyless ? v.signer + " (certificate, " + v.key_type + ")" : v.signer + " (key)";
}

std::string render_table(const sigstore::Verification& v, const sigstore::BlobRequest& r) {
    std::string out = "Verified OK: " + r.artifact + "\n";
    out += "  bundle        " + r.bundle_path + " (" + v.media_type + ", " + v.content + ")\n";
    out += "  signer        " + signer_line(v) + "\n";
    if (v.keyless) out += "  OIDC issuer   " + v.issuer + "\n";
    for (const auto& t : v.times) {
        out += "  signed at     " + format_rfc3339(static_cast<std::time_t>(t.time)) + " (" +
               (t.source == "tlog" ? "Rekor integrated time" : "RFC 3161 timestamp") + ")\n";
    }
    if (v.times.empty()) out += "  signed at     (no verified time; key mode)\n";
    out += v.tlog_ignored ? std::string("  tlog entries  none (--insecure-ignore-tlog)\n")
                          : "  tlog entries  " + std::to_string(v.tlog_entries) + " verified\n";
    return out;
}

nlohmann::json render_json(const Result<sigstore::Verification>& v,
                           const sigstore::BlobRequest& r) {
    nlohmann::json j = {
        {"artifact", r.artifact}, {"bundle", r.bundle_path}, {"verified", v.has_value()}};
    if (!v) {
        j["reason"] = v.error().to_string();
        return j;
    }
    j["mode"] = v->keyless ? "certificate" : "key";
    j["signer"] = v->signer;
    j["key_type"] = v->key_type;
    if (v->keyless) j["issuer"] = v->issuer;
    j["content"] = v->content;
    j["media_type"] = v->media_type;
    nlohmann::json times = nlohmann::json::array();
    for (const auto& t : v->times) {
        times.push_back(
            {{"source", t.source}, {"time", format_rfc3339(static_cast<std::time_t>(t.time))}});
    }
    j["signing_times"] = times;
    j["tlog_entries"] = v->tlog_entries;
    j["tlog_ignored"] = v->tlog_ignored;
    return j;
}

bool is_file_error(const Error& e) {
    return e.code == ErrorCode::NotFound || e.code == ErrorCode::Io;
}

int run_verify_blob(VerifyBlobOptions o) {
    if (o.request.trusted_root.empty()) {
        if (const char* env = std::getenv("BERTH_TRUSTED_ROOT"); env != nullptr) {
            o.request.trusted_root = env;
        }
    }
    if (o.request.policy.ignore_tlog) {
        if (o.request.key_path.empty()) {
            print_error(Error{ErrorCode::InvalidArgument,
                              "--insecure-ignore-tlog needs --key: a certificate's signing time "
                              "comes from the transparency log",
                              "verify-blob"});
            return kExitUsage;
        }
        std::cerr << "berth: warning: --insecure-ignore-tlog: the signature is not checked "
                     "against a transparency log; it proves who signed, not when\n";
    } else if (o.request.trusted_root.empty()) {
        print_error(Error{ErrorCode::InvalidArgument,
                          "--trusted-root FILE is required (or $BERTH_TRUSTED_ROOT): berth "
                          "verifies offline and never fetches a root",
                          "verify-blob"});
        return kExitUsage;
    }
    auto v = sigstore::verify_blob(o.request);
    if (o.format == "json") {
        std::cout << render_json(v, o.request)
                         .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                  << "\n";
    } else if (v) {
        std::cout << render_table(*v, o.request);
    }
    if (v) return kExitOk;
    print_error(v.error());
    if (v.error().code == ErrorCode::InvalidArgument) return kExitUsage;
    return is_file_error(v.error()) ? kExitRuntime : kExitFindings;
}

}  // namespace

Command register_verify_blob(CLI::App& root, const GlobalOptions&) {
    auto opts = std::make_shared<VerifyBlobOptions>();
    auto* cmd = root.add_subcommand(
        "verify-blob",
        "Verify a sigstore bundle over a file, offline (cosign verify-blob's shape)");
    cmd->add_option("FILE", opts->request.artifact,
                    "The signed file, or sha256:<hex> to verify against its digest")
        ->required();
    cmd->add_option("--bundle", opts->request.bundle_path,
                    "Sigstore bundle (v0.1, v0.2 or v0.3 JSON)")
        ->required();
    cmd->add_option("--key", opts->request.key_path, "Public key (PEM) that must have signed");
    cmd->add_option("--certificate-identity", opts->request.policy.identity,
                    "Exact SAN (URI or email) of the Fulcio certificate");
    cmd->add_option("--certificate-identity-regexp", opts->request.policy.identity_regexp,
                    "RE2 regexp the SAN must match");
    cmd->add_option("--certificate-oidc-issuer", opts->request.policy.issuer,
                    "Exact OIDC issuer recorded in the certificate");
    cmd->add_option("--certificate-oidc-issuer-regexp", opts->request.policy.issuer_regexp,
                    "RE2 regexp the OIDC issuer must match");
    cmd->add_option("--trusted-root", opts->request.trusted_root,
                    "trusted_root.json: Fulcio CAs, Rekor and CT log keys, TSAs (default "
                    "$BERTH_TRUSTED_ROOT)");
    cmd->add_flag("--insecure-ignore-tlog", opts->request.policy.ignore_tlog,
                  "With --key: accept a bundle without transparency log entries, as `berth "
                  "sign-blob` writes offline (--trusted-root is then optional)");
    cmd->add_option("-f,--format", opts->format, "Output format")
        ->check(CLI::IsMember({"table", "json"}))
        ->capture_default_str();
    cmd->footer(
        "Checks, offline: the signature over FILE (or the DSSE envelope and its in-toto subject),\n"
        "every Rekor entry (body, signed entry timestamp, inclusion proof, checkpoint), RFC 3161\n"
        "timestamps, and for certificates the Fulcio chain and SCT at the signing time and the\n"
        "identity and issuer. Exit codes: 0 verified, 1 not verified, 2 usage, 3 unreadable file.\n"
        "Example:\n"
        "  berth verify-blob sbom.json --bundle sbom.json.sigstore.json --trusted-root "
        "trusted_root.json \\\n"
        "    --certificate-identity https://github.com/org/repo/.github/workflows/rel.yml@refs/"
        "heads/main \\\n"
        "    --certificate-oidc-issuer https://token.actions.githubusercontent.com\n");
    return {cmd, [opts] { return run_verify_blob(*opts); }};
}

}  // namespace berth::cli
