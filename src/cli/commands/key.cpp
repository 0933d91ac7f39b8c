// SPDX-License-Identifier: Apache-2.0
// `berth key generate|import|public`: signing keys in cosign's formats (src/sign/,
// docs/signing.md).

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands/commands.hpp"
#include "core/file.hpp"
#include "sign/cosign_key.hpp"
#include "sign/password.hpp"
#include "sign/pkcs11.hpp"
#include "sign/pkcs11_uri.hpp"
#include "sign/signer.hpp"

namespace berth::cli {
namespace {

namespace fs = std::filesystem;

struct KeyOptions {
    std::string type = "ecdsa-p256";
    std::string prefix;
    std::string pkcs11;
    std::string input;
    std::string key;
    std::string output;
    bool force = false;
};

int fail_with(const Error& e) {
    print_error(e);
    return e.code == ErrorCode::InvalidArgument ? kExitUsage : kExitRuntime;
}

// Writes `text` to `path` with `mode` through a temporary file beside it and a rename, so a
// reader never sees half a key and a failure leaves nothing behind.
Status write_file_mode(const fs::path& path, const std::string& text, mode_t mode) {
    const std::string tmp = path.string() + ".tmp." + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) return fail(errno_error(errno, "cannot create file", path.string()));
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int err = errno;
            ::close(fd);
            ::unlink(tmp.c_str());
            return fail(errno_error(err, "cannot write file", path.string()));
        }
        done += static_cast<std::size_t>(n);
    }
    ::fchmod(fd, mode);  // the umask may have narrowed or (for .pub) must not widen it
    if (::close(fd) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        return fail(errno_error(err, "cannot write file", path.string()));
    }
    return {};
}

// Refuses to overwrite PREFIX.key / PREFIX.pub unless --force; checked before anything is
// written, so a refusal leaves both files as they were.
Status check_free(const std::vector<fs::path>& paths, bool force) {
    if (force) return {};
    for (const auto& p : paths) {
        std::error_code ec;
        if (fs::exists(fs::symlink_status(p, ec))) {
            return fail(ErrorCode::InvalidArgument, "exists already; pass --force to overwrite it",
                        p.string());
        }
    }
    return {};
}

// PREFIX.key (0600) and PREFIX.pub (0644) from `key`, encrypted under a password asked twice.
int write_key_pair(const sign::PrivateKey& key, const std::string& prefix, bool force) {
    const fs::path key_path = prefix + ".key";
    const fs::path pub_path = prefix + ".pub";
    if (auto s = check_free({key_path, pub_path}, force); !s) return fail_with(s.error());
    auto password = sign::read_key_password(true);
    if (!password) return fail_with(password.error());
    auto pem = sign::encrypt_private_key(key, password->view());
    if (!pem) return fail_with(pem.error());
    auto pub = key.public_pem();
    if (!pub) return fail_with(pub.error());
    if (auto s = write_file_mode(key_path, *pem, 0600); !s) return fail_with(s.error());
    if (auto s = write_file_mode(pub_path, *pub, 0644); !s) {
        std::error_code ec;
        fs::remove(key_path, ec);  // no half pair
        return fail_with(s.error());
    }
    std::cerr << "Private key written to " << key_path.string() << "\n"
              << "Public key written to " << pub_path.string() << "\n";
    return kExitOk;
}

int run_generate(const KeyOptions& o) {
    const std::string prefix = o.prefix.empty() ? "cosign" : o.prefix;
    if (!o.pkcs11.empty()) {
        auto der = sign::generate_pkcs11_key(o.pkcs11);
        if (!der) return fail_with(der.error());
        const std::string pem = sign::write_pem("PUBLIC KEY", *der);
        std::cout << pem;
        if (!o.prefix.empty()) {
            if (auto s = check_free({prefix + ".pub"}, o.force); !s) return fail_with(s.error());
            if (auto s = write_file_mode(prefix + ".pub", pem, 0644); !s)
                return fail_with(s.error());
            std::cerr << "Public key written to " << prefix << ".pub\n";
        }
        return kExitOk;
    }
    auto type = sign::parse_key_type(o.type);
    if (!type) return fail_with(type.error());
    auto key = sign::PrivateKey::generate(*type);
    if (!key) return fail_with(key.error());
    return write_key_pair(*key, prefix, o.force);
}

int run_import(const KeyOptions& o) {
    auto text = read_regular_file(o.input, 1U << 20U);
    if (!text) return fail_with(text.error());
    const sign::SecretBytes guard(std::move(*text));
    // An encrypted cosign key is opened with its own password (BERTH_PASSWORD / prompt), then
    // written under the password asked for the new file.
    auto key = sign::read_private_key(guard.view(), sign::key_password_source(), o.input);
    if (!key) return fail_with(key.error());
    return write_key_pair(*key, o.prefix.empty() ? "import-cosign" : o.prefix, o.force);
}

int run_public(const KeyOptions& o) {
    auto signer = sign::open_signer(o.key, sign::key_password_source());
    if (!signer) return fail_with(signer.error());
    if (auto s = write_output(o.output, (*signer)->public_pem()); !s) return fail_with(s.error());
    return kExitOk;
}

}  // namespace

Command register_key(CLI::App& root, const GlobalOptions&) {
    auto opt = std::make_shared<KeyOptions>();
    auto* cmd = root.add_subcommand(
        "key", "Create, import and show signing keys (cosign's key file format, PKCS#11 tokens)");
    cmd->require_subcommand(1);
    cmd->footer(
        "Key files are cosign's: PREFIX.key is an \"ENCRYPTED SIGSTORE PRIVATE KEY\" PEM (scrypt "
        "+\n"
        "nacl/secretbox over PKCS#8), PREFIX.pub a \"PUBLIC KEY\" PEM. The password comes from\n"
        "BERTH_PASSWORD (or COSIGN_PASSWORD; empty is allowed), else a prompt on the terminal.\n"
        "A key on a token is named by a PKCS#11 URI; its PIN from the URI's pin-value,\n"
        "BERTH_PKCS11_PIN or a prompt.\n\n"
        "Examples:\n"
        "  berth key generate                                # cosign.key + cosign.pub, ECDSA "
        "P-256\n"
        "  BERTH_PASSWORD=… berth key generate --type ed25519 --output-key-prefix release\n"
        "  berth key import old-key.pem --output-key-prefix team   # PKCS#8, SEC1, PKCS#1, cosign\n"
        "  berth key public --key cosign.key\n"
        "  berth key public --key "
        "'pkcs11:token=berth;object=berth-key?module-path=/usr/lib/softhsm/"
        "libsofthsm2.so'\n"
        "  berth key generate --pkcs11 'pkcs11:token=berth;object=berth-key;id=%01?module-path=…'\n"
        "See docs/signing.md.");

    auto* gen = cmd->add_subcommand(
        "generate", "Generate a key pair: PREFIX.key (encrypted, mode 0600) and PREFIX.pub");
    gen->add_option("--type", opt->type, "Key type: ecdsa-p256, ed25519 or rsa-3072")
        ->capture_default_str();
    gen->add_option("--output-key-prefix", opt->prefix,
                    "Write PREFIX.key and PREFIX.pub (default cosign; with --pkcs11 only "
                    "PREFIX.pub, and only when given)");
    gen->add_option("--pkcs11", opt->pkcs11,
                    "Generate an ECDSA P-256 key pair on this PKCS#11 token (URI with object= "
                    "and id=) instead of a file; prints the public key");
    gen->add_flag("--force", opt->force, "Overwrite existing files");

    auto* imp = cmd->add_subcommand(
        "import",
        "Re-write a private key (PEM PKCS#8, SEC1 \"EC PRIVATE KEY\", PKCS#1 \"RSA PRIVATE KEY\", "
        "or a cosign key) as a cosign key pair");
    imp->add_option("FILE", opt->input, "The private key file")->required();
    imp->add_option("--output-key-prefix", opt->prefix,
                    "Write PREFIX.key and PREFIX.pub (default import-cosign)");
    imp->add_flag("--force", opt->force, "Overwrite existing files");

    auto* pub = cmd->add_subcommand("public", "Print the public key of a key file or token key");
    pub->add_option("--key", opt->key, "Key file or pkcs11: URI")->required();
    pub->add_option("-o,--output", opt->output, "Write the PEM to FILE instead of stdout");

    return {cmd, [opt, gen, imp, pub] {
                if (gen->parsed()) return run_generate(*opt);
                if (imp->parsed()) return run_import(*opt);
                if (pub->parsed()) return run_public(*opt);
                return kExitUsage;
            }};
}

}  // namespace berth::cli
