// SPDX-License-Identifier: Apache-2.0
// PKCS#11 URIs (RFC 7512), the way a key on a token (SoftHSM2, a YubiKey through ykcs11, a
// smart card through OpenSC) is named:
//
//   pkcs11:token=berth;object=berth-key;id=%01?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-value=1234
//   → token "berth", object label "berth-key", CKA_ID {0x01}, module path, PIN "1234"
//
// Path attributes (before '?', separated by ';'): token, manufacturer, serial, model, object,
// type (public|private|cert|secret-key|data), id, slot-id, slot-description, slot-manufacturer,
// library-manufacturer, library-description, library-version; query attributes (after '?',
// separated by '&'): module-path, module-name, pin-value, pin-source. Values are
// percent-decoded ("YubiKey%20PIV" → "YubiKey PIV"); `id` is raw bytes (%01%02). Vendor
// attributes ("x-…") are accepted and ignored, as RFC 7512 §2.3 allows; any other unknown
// attribute, a repeated attribute or a bad %-escape is an error naming it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace berth::sign {

/// A parsed PKCS#11 URI; absent attributes match anything.
struct Pkcs11Uri {
    std::optional<std::string> token;         ///< token label (CK_TOKEN_INFO.label)
    std::optional<std::string> manufacturer;  ///< token manufacturerID
    std::optional<std::string> serial;        ///< token serialNumber
    std::optional<std::string> model;         ///< token model
    std::optional<std::string> object;        ///< CKA_LABEL
    std::optional<std::string> type;          ///< object class
    std::optional<std::string> id;            ///< CKA_ID bytes
    std::optional<unsigned long> slot_id;     ///< CK_SLOT_ID
    std::optional<std::string> slot_description;
    std::optional<std::string> slot_manufacturer;
    std::optional<std::string> module_path;  ///< the module to dlopen
    std::optional<std::string> module_name;  ///< a p11-kit module name ("softhsm2")
    std::optional<std::string> pin_value;    ///< the user PIN
    std::optional<std::string> pin_source;   ///< a file holding the PIN ("file:/path" or "/path")
};

/// True when `text` starts with "pkcs11:" (what makes --key a token URI rather than a file).
bool is_pkcs11_uri(std::string_view text);

/// Parses an RFC 7512 URI. Errors: InvalidArgument naming the attribute or escape at fault.
Result<Pkcs11Uri> parse_pkcs11_uri(std::string_view text);

/// The URI for messages, with pin-value replaced by "***".
std::string redact_pkcs11_uri(std::string_view text);

}  // namespace berth::sign
