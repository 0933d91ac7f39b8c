// SPDX-License-Identifier: Apache-2.0
#include "sign/pkcs11.hpp"

#include <dlfcn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

#include "core/file.hpp"
#include "core/text.hpp"
#include "sign/password.hpp"
#include "sign/pkcs11_uri.hpp"

// GNU names (struct ck_attribute {type, value, value_len}): the header's default compatibility
// names are macros (`#define value pValue`) that would rewrite unrelated C++ identifiers.
#define CRYPTOKI_GNU 1
#include <p11-kit/pkcs11.h>

namespace berth::sign {

namespace {

const char* rv_name(ck_rv_t rv) {
    switch (rv) {
        case CKR_PIN_INCORRECT:
            return "CKR_PIN_INCORRECT";
        case CKR_PIN_LOCKED:
            return "CKR_PIN_LOCKED";
        case CKR_TOKEN_NOT_PRESENT:
            return "CKR_TOKEN_NOT_PRESENT";
        case CKR_DEVICE_REMOVED:
            return "CKR_DEVICE_REMOVED";
        case CKR_DEVICE_ERROR:
            return "CKR_DEVICE_ERROR";
        case CKR_MECHANISM_INVALID:
            return "CKR_MECHANISM_INVALID";
        case CKR_KEY_TYPE_INCONSISTENT:
            return "CKR_KEY_TYPE_INCONSISTENT";
        case CKR_KEY_FUNCTION_NOT_PERMITTED:
            return "CKR_KEY_FUNCTION_NOT_PERMITTED";
        case CKR_USER_NOT_LOGGED_IN:
            return "CKR_USER_NOT_LOGGED_IN";
        case CKR_SESSION_READ_ONLY:
            return "CKR_SESSION_READ_ONLY";
        case CKR_TEMPLATE_INCONSISTENT:
            return "CKR_TEMPLATE_INCONSISTENT";
        case CKR_ATTRIBUTE_SENSITIVE:
            return "CKR_ATTRIBUTE_SENSITIVE";
        case CKR_GENERAL_ERROR:
            return "CKR_GENERAL_ERROR";
        case CKR_FUNCTION_FAILED:
            return "CKR_FUNCTION_FAILED";
        case CKR_ARGUMENTS_BAD:
            return "CKR_ARGUMENTS_BAD";
        default:
            return nullptr;
    }
}

Error rv_error(ck_rv_t rv, std::string_view call, const std::string& where) {
    std::array<char, 24> hex{};
    std::snprintf(hex.data(), hex.size(), "0x%lx", rv);
    const char* name = rv_name(rv);
    return Error{ErrorCode::Io,
                 std::string(call) + " failed: " + (name != nullptr ? name : hex.data()), where};
}

// A loaded module: dlopen handle and its initialized function list. C_Finalize and dlclose on
// destruction (sessions must be closed first: members of the signer are destroyed in reverse).
class Module {
  public:
    Module(void* handle, ck_function_list* f, bool finalize)
        : handle_(handle), f_(f), finalize_(finalize) {}
    Module(const Module&) = delete;
    Module& operator=(const Module&) = delete;
    ~Module() {
        if (finalize_) f_->C_Finalize(nullptr);
        dlclose(handle_);
    }
    [[nodiscard]] ck_function_list* f() const { return f_; }

  private:
    void* handle_;
    ck_function_list* f_;
    bool finalize_;
};

// An open session, closed on destruction.
class Session {
  public:
    Session(std::shared_ptr<Module> module, ck_session_handle_t handle)
        : module_(std::move(module)), handle_(handle) {}
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
    ~Session() { module_->f()->C_CloseSession(handle_); }
    [[nodiscard]] ck_function_list* f() const { return module_->f(); }
    [[nodiscard]] ck_session_handle_t handle() const { return handle_; }

  private:
    std::shared_ptr<Module> module_;
    ck_session_handle_t handle_;
};

// The "module:" line of p11-kit's NAME.module config (p11-kit's module configuration: user
// config in /etc/pkcs11/modules, packaged in /usr/share/p11-kit/modules); "" when none says.
std::string module_from_p11kit_config(const std::string& name) {
    for (const char* dir : {"/etc/pkcs11/modules/", "/usr/share/p11-kit/modules/"}) {
        auto text = read_regular_file(std::string(dir) + name + ".module", 64U << 10U);
        if (!text) continue;
        std::string_view rest = *text;
        while (!rest.empty()) {
            const std::string_view line = text::trim(text::next_line(rest));
            if (line.starts_with("module:")) return std::string(text::trim(line.substr(7)));
        }
    }
    return {};
}

// module-path; else module-name, resolved as p11-kit resolves it (its NAME.module config, a
// relative path under the multiarch pkcs11/ directory); else p11-kit's proxy module, which loads
// every module p11-kit is configured with (package p11-kit-modules).
std::string module_path(const Pkcs11Uri& uri) {
    if (uri.module_path) return *uri.module_path;
    constexpr const char* kLibDir = "/usr/lib/x86_64-linux-gnu/";
    if (uri.module_name) {
        std::string module = module_from_p11kit_config(*uri.module_name);
        if (module.empty()) module = *uri.module_name + ".so";
        return module.starts_with('/') ? module : std::string(kLibDir) + "pkcs11/" + module;
    }
    return std::string(kLibDir) + "p11-kit-proxy.so";
}

Result<std::shared_ptr<Module>> load_module(const std::string& path, const std::string& where) {
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        const char* why = dlerror();
        const bool proxy = path.ends_with("/p11-kit-proxy.so");
        return fail(ErrorCode::NotFound,
                    "cannot load PKCS#11 module " + path + ": " + (why != nullptr ? why : "?") +
                        (proxy ? " (the URI names no module-path or module-name, and p11-kit's "
                                 "proxy module is not installed: package p11-kit-modules)"
                               : ""),
                    where);
    }
    auto* get_list =
        reinterpret_cast<ck_rv_t (*)(ck_function_list**)>(dlsym(handle, "C_GetFunctionList"));
    ck_function_list* f = nullptr;
    if (get_list == nullptr || get_list(&f) != CKR_OK || f == nullptr) {
        dlclose(handle);
        return fail(ErrorCode::Format, path + " is not a PKCS#11 module (no C_GetFunctionList)",
                    where);
    }
    ck_c_initialize_args args{};
    args.flags = CKF_OS_LOCKING_OK;
    const ck_rv_t rv = f->C_Initialize(&args);
    if (rv != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
        dlclose(handle);
        return fail(rv_error(rv, "C_Initialize of " + path, where));
    }
    return std::make_shared<Module>(handle, f, rv == CKR_OK);
}

// A blank-padded fixed-size field of CK_TOKEN_INFO / CK_SLOT_INFO, trimmed.
std::string padded(const unsigned char* field, std::size_t size) {
    std::string s(reinterpret_cast<const char*>(field), size);
    return std::string(text::trim(s, std::string_view(" \0", 2)));
}

bool matches(const std::optional<std::string>& want, const std::string& have) {
    return !want || *want == have;
}

struct Token {
    ck_slot_id_t slot = 0;
    std::string label;
    ck_flags_t flags = 0;
};

bool slot_matches(ck_function_list* f, ck_slot_id_t slot, const Pkcs11Uri& uri) {
    if (uri.slot_id && *uri.slot_id != slot) return false;
    if (!uri.slot_description && !uri.slot_manufacturer) return true;
    ck_slot_info info{};
    if (f->C_GetSlotInfo(slot, &info) != CKR_OK) return false;
    return matches(uri.slot_description,
                   padded(info.slot_description, sizeof info.slot_description)) &&
           matches(uri.slot_manufacturer,
                   padded(info.manufacturer_id, sizeof info.manufacturer_id));
}

Result<Token> find_token(ck_function_list* f, const Pkcs11Uri& uri, const std::string& where) {
    unsigned long count = 0;
    if (auto rv = f->C_GetSlotList(1, nullptr, &count); rv != CKR_OK) {
        return fail(rv_error(rv, "C_GetSlotList", where));
    }
    std::vector<ck_slot_id_t> slots(count);
    if (auto rv = f->C_GetSlotList(1, slots.data(), &count); rv != CKR_OK) {
        return fail(rv_error(rv, "C_GetSlotList", where));
    }
    slots.resize(count);
    std::vector<std::string> seen;
    for (ck_slot_id_t slot : slots) {
        ck_token_info info{};
        if (f->C_GetTokenInfo(slot, &info) != CKR_OK) continue;
        Token t{slot, padded(info.label, sizeof info.label), info.flags};
        seen.push_back("\"" + t.label + "\" (slot " + std::to_string(slot) + ")");
        if (matches(uri.token, t.label) &&
            matches(uri.manufacturer, padded(info.manufacturer_id, sizeof info.manufacturer_id)) &&
            matches(uri.serial, padded(info.serial_number, sizeof info.serial_number)) &&
            matches(uri.model, padded(info.model, sizeof info.model)) &&
            slot_matches(f, slot, uri)) {
            return t;
        }
    }
    return fail(ErrorCode::NotFound,
                "no token matches the URI; tokens present: " +
                    (seen.empty() ? std::string("none") : text::join(seen, ", ")),
                where);
}

Result<SecretBytes> read_pin(const Pkcs11Uri& uri, const Token& token, const std::string& where) {
    if (uri.pin_value) return SecretBytes(*uri.pin_value);
    if (uri.pin_source) {
        std::string path = *uri.pin_source;
        if (text::istarts_with(path, "file:")) path = path.substr(5);
        auto text = read_regular_file(path, 4096);
        if (!text) return fail(with_where(text.error(), where + " pin-source"));
        SecretBytes pin(std::move(*text));
        while (!pin.empty() && (pin.view().back() == '\n' || pin.view().back() == '\r')) {
            pin.buffer().pop_back();
        }
        return pin;
    }
    return read_secret({"BERTH_PKCS11_PIN"},
                       "Enter PIN for PKCS#11 token \"" + token.label + "\": ", false);
}

Result<std::unique_ptr<Session>> open_session(const std::shared_ptr<Module>& module,
                                              const Pkcs11Uri& uri, const Token& token,
                                              bool read_write, const std::string& where) {
    ck_session_handle_t handle = 0;
    const ck_flags_t flags = CKF_SERIAL_SESSION | (read_write ? CKF_RW_SESSION : 0);
    if (auto rv = module->f()->C_OpenSession(token.slot, flags, nullptr, nullptr, &handle);
        rv != CKR_OK) {
        return fail(rv_error(rv, "C_OpenSession", where));
    }
    auto session = std::make_unique<Session>(module, handle);
    if ((token.flags & CKF_LOGIN_REQUIRED) == 0) return session;
    auto pin = read_pin(uri, token, where);
    if (!pin) return fail(pin.error());
    auto* pin_bytes = reinterpret_cast<unsigned char*>(pin->buffer().data());
    const ck_rv_t rv = module->f()->C_Login(handle, CKU_USER, pin_bytes, pin->size());
    if (rv == CKR_PIN_INCORRECT) {
        return fail(ErrorCode::InvalidArgument, "wrong PIN for token \"" + token.label + "\"",
                    where);
    }
    if (rv != CKR_OK && rv != CKR_USER_ALREADY_LOGGED_IN)
        return fail(rv_error(rv, "C_Login", where));
    return session;
}

// Objects of `cls` with the URI's label and id.
Result<std::vector<ck_object_handle_t>> find_objects(const Session& s, ck_object_class_t cls,
                                                     const Pkcs11Uri& uri,
                                                     const std::string& where) {
    std::vector<ck_attribute> tmpl;
    tmpl.push_back({CKA_CLASS, &cls, sizeof cls});
    std::string label = uri.object.value_or("");
    std::string id = uri.id.value_or("");
    if (uri.object) tmpl.push_back({CKA_LABEL, label.data(), label.size()});
    if (uri.id) tmpl.push_back({CKA_ID, id.data(), id.size()});
    if (auto rv = s.f()->C_FindObjectsInit(s.handle(), tmpl.data(), tmpl.size()); rv != CKR_OK) {
        return fail(rv_error(rv, "C_FindObjectsInit", where));
    }
    std::vector<ck_object_handle_t> found;
    std::array<ck_object_handle_t, 16> batch{};
    for (;;) {
        unsigned long n = 0;
        if (auto rv = s.f()->C_FindObjects(s.handle(), batch.data(), batch.size(), &n);
            rv != CKR_OK) {
            s.f()->C_FindObjectsFinal(s.handle());
            return fail(rv_error(rv, "C_FindObjects", where));
        }
        if (n == 0) break;
        found.insert(found.end(), batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(n));
    }
    s.f()->C_FindObjectsFinal(s.handle());
    return found;
}

Result<std::string> read_attribute(const Session& s, ck_object_handle_t obj,
                                   ck_attribute_type_t type, const std::string& where) {
    ck_attribute attr{type, nullptr, 0};
    if (auto rv = s.f()->C_GetAttributeValue(s.handle(), obj, &attr, 1); rv != CKR_OK) {
        return fail(rv_error(rv, "C_GetAttributeValue", where));
    }
    std::string value(attr.value_len, '\0');
    attr.value = value.data();
    if (auto rv = s.f()->C_GetAttributeValue(s.handle(), obj, &attr, 1); rv != CKR_OK) {
        return fail(rv_error(rv, "C_GetAttributeValue", where));
    }
    value.resize(attr.value_len);
    return value;
}

Result<ck_key_type_t> key_type(const Session& s, ck_object_handle_t obj, const std::string& where) {
    auto raw = read_attribute(s, obj, CKA_KEY_TYPE, where);
    if (!raw) return fail(raw.error());
    ck_key_type_t type = 0;
    if (raw->size() != sizeof type) return fail(ErrorCode::Format, "odd CKA_KEY_TYPE", where);
    std::memcpy(&type, raw->data(), sizeof type);
    return type;
}

struct ParamBldFree {
    void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
};
struct ParamFree {
    void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
struct PkeyCtxFree {
    void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
struct BnFree {
    void operator()(BIGNUM* b) const { BN_free(b); }
};

// A public EVP_PKEY from parameters, then its SPKI DER.
Result<std::string> spki_from_params(const char* type, OSSL_PARAM_BLD* bld,
                                     const std::string& where) {
    std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(bld));
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(
        EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY* key = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
        return fail(ErrorCode::Format, "the token's public key is not a valid key", where);
    }
    EvpPkeyPtr owned(key);
    if (auto alg = key_algorithm_of(key, where); !alg) return fail(alg.error());
    unsigned char* der = nullptr;
    const int len = i2d_PUBKEY(key, &der);
    if (len <= 0) return fail(ErrorCode::Internal, "cannot encode the token's public key", where);
    std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
    OPENSSL_free(der);
    return out;
}

// CKA_EC_POINT is a DER OCTET STRING around the point (PKCS#11 2.40); a few tokens return the
// bare point. The bare form is taken when the bytes are not one whole OCTET STRING holding an
// uncompressed point.
std::string unwrap_ec_point(const std::string& raw) {
    const auto* p = reinterpret_cast<const unsigned char*>(raw.data());
    ASN1_OCTET_STRING* os = d2i_ASN1_OCTET_STRING(nullptr, &p, static_cast<long>(raw.size()));
    if (os == nullptr) return raw;
    const bool whole = p == reinterpret_cast<const unsigned char*>(raw.data()) + raw.size();
    std::string inner(reinterpret_cast<const char*>(ASN1_STRING_get0_data(os)),
                      static_cast<std::size_t>(ASN1_STRING_length(os)));
    ASN1_OCTET_STRING_free(os);
    return whole && !inner.empty() && inner[0] == 0x04 && inner.size() % 2 == 1 ? inner : raw;
}

Result<std::string> ec_public_der(const Session& s, ck_object_handle_t pub,
                                  const std::string& where) {
    auto params = read_attribute(s, pub, CKA_EC_PARAMS, where);
    if (!params) return fail(params.error());
    auto point = read_attribute(s, pub, CKA_EC_POINT, where);
    if (!point) return fail(point.error());
    const auto* p = reinterpret_cast<const unsigned char*>(params->data());
    ASN1_OBJECT* oid = d2i_ASN1_OBJECT(nullptr, &p, static_cast<long>(params->size()));
    const int nid = oid != nullptr ? OBJ_obj2nid(oid) : NID_undef;
    ASN1_OBJECT_free(oid);
    if (nid == NID_undef) {
        return fail(ErrorCode::Unsupported, "the token's EC key has no named curve", where);
    }
    const std::string bare = unwrap_ec_point(*point);
    std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree> bld(OSSL_PARAM_BLD_new());
    if (!bld ||
        OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, OBJ_nid2sn(nid),
                                        0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, bare.data(),
                                         bare.size()) != 1) {
        return fail(ErrorCode::Internal, "OpenSSL: out of memory", where);
    }
    return spki_from_params("EC", bld.get(), where);
}

Result<std::string> rsa_public_der(const Session& s, ck_object_handle_t pub,
                                   const std::string& where) {
    auto n = read_attribute(s, pub, CKA_MODULUS, where);
    if (!n) return fail(n.error());
    auto e = read_attribute(s, pub, CKA_PUBLIC_EXPONENT, where);
    if (!e) return fail(e.error());
    auto bn = [](const std::string& v) {
        return std::unique_ptr<BIGNUM, BnFree>(BN_bin2bn(
            reinterpret_cast<const unsigned char*>(v.data()), static_cast<int>(v.size()), nullptr));
    };
    auto bn_n = bn(*n);
    auto bn_e = bn(*e);
    std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree> bld(OSSL_PARAM_BLD_new());
    if (!bld || !bn_n || !bn_e ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1) {
        return fail(ErrorCode::Internal, "OpenSSL: out of memory", where);
    }
    return spki_from_params("RSA", bld.get(), where);
}

// The one object of `cls` the URI names. Errors: NotFound (none), InvalidArgument (several).
Result<ck_object_handle_t> one_object(const Session& s, ck_object_class_t cls, const Pkcs11Uri& uri,
                                      const std::string& where) {
    auto found = find_objects(s, cls, uri, where);
    if (!found) return fail(found.error());
    const char* what = cls == CKO_PRIVATE_KEY ? "private key" : "public key";
    if (found->empty()) {
        return fail(ErrorCode::NotFound,
                    std::string("no ") + what + " object on the token matches the URI's " +
                        "object= / id= (list them: pkcs11-tool --module MODULE --list-objects)",
                    where);
    }
    if (found->size() > 1) {
        return fail(ErrorCode::InvalidArgument,
                    std::to_string(found->size()) + " " + what +
                        " objects match the URI; add object= or id= to pick one",
                    where);
    }
    return found->front();
}

// Raw r‖s (PKCS#11 CKM_ECDSA) → ASN.1 DER ECDSA-Sig-Value.
Result<std::string> ecdsa_raw_to_der(const std::string& raw, const std::string& where) {
    if (raw.empty() || raw.size() % 2 != 0) {
        return fail(ErrorCode::Format, "the token returned an odd-sized ECDSA signature", where);
    }
    const int half = static_cast<int>(raw.size() / 2);
    const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
    ECDSA_SIG* sig = ECDSA_SIG_new();
    BIGNUM* r = BN_bin2bn(bytes, half, nullptr);
    BIGNUM* s = BN_bin2bn(bytes + half, half, nullptr);
    if (sig == nullptr || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig, r, s) != 1) {
        BN_free(r);
        BN_free(s);
        ECDSA_SIG_free(sig);
        return fail(ErrorCode::Internal, "OpenSSL: out of memory", where);
    }
    unsigned char* der = nullptr;
    const int len = i2d_ECDSA_SIG(sig, &der);
    ECDSA_SIG_free(sig);
    if (len <= 0) return fail(ErrorCode::Internal, "cannot encode the ECDSA signature", where);
    std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
    OPENSSL_free(der);
    return out;
}

class Pkcs11Signer final : public Signer {
  public:
    Pkcs11Signer(std::unique_ptr<Session> session, ck_object_handle_t key, ck_key_type_t type,
                 KeyAlgorithm algorithm, std::string public_der, std::string description)
        : session_(std::move(session)),
          key_(key),
          type_(type),
          algorithm_(algorithm),
          public_der_(std::move(public_der)),
          description_(std::move(description)) {}

    Result<std::string> sign(std::string_view message) override {
        const bool ec = type_ == CKK_EC;
        // CKM_ECDSA signs a hash the caller made; CKM_SHA256_RSA_PKCS hashes on the token.
        std::string input(message);
        if (ec) {
            input.assign(32, '\0');
            unsigned int md_len = 0;
            EVP_Digest(message.data(), message.size(),
                       reinterpret_cast<unsigned char*>(input.data()), &md_len, EVP_sha256(),
                       nullptr);
        }
        ck_mechanism mech{ec ? CKM_ECDSA : CKM_SHA256_RSA_PKCS, nullptr, 0};
        auto* f = session_->f();
        const auto h = session_->handle();
        if (auto rv = f->C_SignInit(h, &mech, key_); rv != CKR_OK) {
            return fail(rv_error(rv, "C_SignInit", description_));
        }
        auto* data = reinterpret_cast<unsigned char*>(input.data());
        unsigned long len = 0;
        if (auto rv = f->C_Sign(h, data, input.size(), nullptr, &len); rv != CKR_OK) {
            return fail(rv_error(rv, "C_Sign", description_));
        }
        std::string sig(len, '\0');
        if (auto rv = f->C_Sign(h, data, input.size(), reinterpret_cast<unsigned char*>(sig.data()),
                                &len);
            rv != CKR_OK) {
            return fail(rv_error(rv, "C_Sign", description_));
        }
        sig.resize(len);
        return ec ? ecdsa_raw_to_der(sig, description_) : Result<std::string>(std::move(sig));
    }
    [[nodiscard]] KeyAlgorithm algorithm() const override { return algorithm_; }
    [[nodiscard]] const std::string& public_der() const override { return public_der_; }
    [[nodiscard]] std::string description() const override { return description_; }

  private:
    std::unique_ptr<Session> session_;
    ck_object_handle_t key_;
    ck_key_type_t type_;
    KeyAlgorithm algorithm_;
    std::string public_der_;
    std::string description_;
};

// The parsed URI, its module loaded and its token found.
struct Opened {
    Pkcs11Uri uri;
    std::shared_ptr<Module> module;
    Token token;
};

Result<Opened> open_token(const std::string& text, const std::string& where) {
    auto uri = parse_pkcs11_uri(text);
    if (!uri) return fail(with_where(uri.error(), where));
    auto module = load_module(module_path(*uri), where);
    if (!module) return fail(module.error());
    auto token = find_token((*module)->f(), *uri, where);
    if (!token) return fail(token.error());
    return Opened{std::move(*uri), std::move(*module), std::move(*token)};
}

Result<std::string> public_der_of(const Session& s, ck_key_type_t type, const Pkcs11Uri& uri,
                                  const std::string& where) {
    auto pub = one_object(s, CKO_PUBLIC_KEY, uri, where);
    if (!pub) return fail(pub.error());
    return type == CKK_EC ? ec_public_der(s, *pub, where) : rsa_public_der(s, *pub, where);
}

}  // namespace

Result<std::unique_ptr<Signer>> open_pkcs11_signer(const std::string& uri_text) {
    const std::string where = redact_pkcs11_uri(uri_text);
    auto opened = open_token(uri_text, where);
    if (!opened) return fail(opened.error());
    auto session = open_session(opened->module, opened->uri, opened->token, false, where);
    if (!session) return fail(session.error());
    auto key = one_object(**session, CKO_PRIVATE_KEY, opened->uri, where);
    if (!key) return fail(key.error());
    auto type = key_type(**session, *key, where);
    if (!type) return fail(type.error());
    if (*type != CKK_EC && *type != CKK_RSA) {
        return fail(ErrorCode::Unsupported,
                    "the key's type (CKK 0x" + std::to_string(*type) +
                        ") is not signed with by berth (EC and RSA keys are)",
                    where);
    }
    auto der = public_der_of(**session, *type, opened->uri, where);
    if (!der) return fail(der.error());
    auto* raw = reinterpret_cast<const unsigned char*>(der->data());
    EvpPkeyPtr pub(d2i_PUBKEY(nullptr, &raw, static_cast<long>(der->size())));
    auto algorithm = key_algorithm_of(pub.get(), where);
    if (!algorithm) return fail(algorithm.error());
    return std::unique_ptr<Signer>(std::make_unique<Pkcs11Signer>(
        std::move(*session), *key, *type, *algorithm, std::move(*der), where));
}

Result<std::string> generate_pkcs11_key(const std::string& uri_text) {
    const std::string where = redact_pkcs11_uri(uri_text);
    auto opened = open_token(uri_text, where);
    if (!opened) return fail(opened.error());
    Pkcs11Uri& uri = opened->uri;
    if (!uri.object || !uri.id) {
        return fail(ErrorCode::InvalidArgument,
                    "a key made on a token needs object= (its label) and id= in the URI", where);
    }
    auto session = open_session(opened->module, uri, opened->token, true, where);
    if (!session) return fail(session.error());
    Pkcs11Uri by_label;
    by_label.object = uri.object;
    Pkcs11Uri by_id;
    by_id.id = uri.id;
    for (const Pkcs11Uri* probe : {&by_label, &by_id}) {
        auto existing = find_objects(**session, CKO_PRIVATE_KEY, *probe, where);
        if (!existing) return fail(existing.error());
        if (!existing->empty()) {
            return fail(ErrorCode::InvalidArgument,
                        "the token already holds a private key with this object= or id=", where);
        }
    }
    // prime256v1's OID, DER: 06 08 2A 86 48 CE 3D 03 01 07.
    std::array<unsigned char, 10> p256 = {0x06, 0x08, 0x2a, 0x86, 0x48,
                                          0xce, 0x3d, 0x03, 0x01, 0x07};
    unsigned char yes = 1;  // CK_BBOOL
    unsigned char no = 0;
    std::string label = *uri.object;
    std::string id = *uri.id;
    std::array<ck_attribute, 5> pub_tmpl = {{{CKA_TOKEN, &yes, sizeof yes},
                                             {CKA_VERIFY, &yes, sizeof yes},
                                             {CKA_EC_PARAMS, p256.data(), p256.size()},
                                             {CKA_LABEL, label.data(), label.size()},
                                             {CKA_ID, id.data(), id.size()}}};
    std::array<ck_attribute, 7> priv_tmpl = {{{CKA_TOKEN, &yes, sizeof yes},
                                              {CKA_PRIVATE, &yes, sizeof yes},
                                              {CKA_SENSITIVE, &yes, sizeof yes},
                                              {CKA_EXTRACTABLE, &no, sizeof no},
                                              {CKA_SIGN, &yes, sizeof yes},
                                              {CKA_LABEL, label.data(), label.size()},
                                              {CKA_ID, id.data(), id.size()}}};
    ck_mechanism mech{CKM_EC_KEY_PAIR_GEN, nullptr, 0};
    ck_object_handle_t pub = 0;
    ck_object_handle_t priv = 0;
    if (auto rv = (*session)->f()->C_GenerateKeyPair((*session)->handle(), &mech, pub_tmpl.data(),
                                                     pub_tmpl.size(), priv_tmpl.data(),
                                                     priv_tmpl.size(), &pub, &priv);
        rv != CKR_OK) {
        return fail(rv_error(rv, "C_GenerateKeyPair", where));
    }
    return ec_public_der(**session, pub, where);
}

}  // namespace berth::sign
