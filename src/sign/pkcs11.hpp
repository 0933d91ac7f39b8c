// SPDX-License-Identifier: Apache-2.0
// Keys on PKCS#11 tokens, through the PKCS#11 C API of any module (dlopen + C_GetFunctionList):
// SoftHSM2 (/usr/lib/softhsm/libsofthsm2.so), a YubiKey through Yubico's ykcs11
// (/usr/lib/x86_64-linux-gnu/libykcs11.so), smart cards through OpenSC, or every module p11-kit
// knows through its proxy (the default without module-path/module-name).
//
//   pkcs11:token=berth;object=berth-key?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-value=1234
//
// The token is the first whose label/serial/manufacturer/model (and slot-id) match the URI; the
// key is the one private-key object with the URI's label (object=) and CKA_ID (id=). The public
// key is read from the public-key object with the same label/id (CKA_EC_PARAMS + CKA_EC_POINT,
// or CKA_MODULUS + CKA_PUBLIC_EXPONENT). Signing: ECDSA keys with CKM_ECDSA over SHA-256 of the
// message (the token's raw r‖s is re-encoded as ASN.1 DER, as cosign's signatures are); RSA
// keys with CKM_SHA256_RSA_PKCS. The PIN: pin-value, else pin-source (a file), else
// BERTH_PKCS11_PIN, else a prompt on the terminal; none is asked when the token needs no login.
#pragma once

#include <memory>
#include <string>

#include "core/result.hpp"
#include "sign/signer.hpp"

namespace berth::sign {

/// Opens the key `uri` names and logs in. Errors: InvalidArgument (bad URI, wrong PIN, several
/// keys match), NotFound (module file, token or key object missing), Unsupported (a key type
/// berth cannot sign with), Io (the module failed), each naming the URI (PIN redacted).
Result<std::unique_ptr<Signer>> open_pkcs11_signer(const std::string& uri);

/// Generates an ECDSA P-256 key pair on the token `uri` names, labelled with its `object` and
/// `id` (both required; the private key sensitive and non-extractable), and returns the public
/// key's SubjectPublicKeyInfo DER. Errors: as open_pkcs11_signer; InvalidArgument when a key
/// with that label or id already exists.
Result<std::string> generate_pkcs11_key(const std::string& uri);

}  // namespace berth::sign
