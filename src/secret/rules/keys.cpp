// SPDX-License-Identifier: Apache-2.0
// Built-in secret rules, keys. Written for berth from the token formats the vendors document
// (prefixes, lengths, alphabets); each rule carries a true-positive and a false-positive sample
// that rules_test.cpp checks. Regexes are RE2 syntax; `keywords` (comma-separated, matched
// case-insensitively by the Hyperscan prefilter) must all be literal parts of what the regex
// matches, so a chunk without any of them never reaches RE2.
//   Private keys and signed tokens: PEM RSA/EC/DSA/OpenSSH/PKCS#8/PGP, PuTTY, SSH2, age, JWT, GnuPG
//   passphrases, kubeconfig credentials.
#include "secret/builtin.hpp"

namespace berth::secret {
namespace {

using check::Severity;

constexpr BuiltinRule kRules[] = {
    {.id = "private-key-rsa",
     .category = "keys",
     .title = "RSA private key",
     .severity = Severity::High,
     .regex =
         R"re(-----BEGIN RSA PRIVATE KEY-----\s*(?:[A-Za-z-]+:[^\n]*\n)*\s*([A-Za-z0-9+/=]{40,}))re",
     .keywords = "BEGIN RSA PRIVATE KEY",
     .tp = "-----BEGIN RSA PRIVATE "
           "KEY-----\nWo+7r8ER9yN2qr/EUiwZ/313HXvBLueem+nzwNkfzAy8POEmAFv0RQKU/"
           "nYXm7fo\npdFukEfW8VLitiF5AuLV99jQzGam3doyjkPdgD+kLvEHneKEp7Y5dnxZellPAIih\n-----END "
           "RSA PRIVATE KEY-----\n",
     .fp = "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n"},
    {.id = "private-key-ec",
     .category = "keys",
     .title = "EC private key",
     .severity = Severity::High,
     .regex =
         R"re(-----BEGIN EC PRIVATE KEY-----\s*(?:[A-Za-z-]+:[^\n]*\n)*\s*([A-Za-z0-9+/=]{40,}))re",
     .keywords = "BEGIN EC PRIVATE KEY",
     .tp = "-----BEGIN EC PRIVATE "
           "KEY-----\nIa2YDyfDgyUW7TtWxiBeGL1bJ1pdHsp3T7+ftp/"
           "NdqKiKu8ohSvXhSKZoGIjImQn\nsY5SgVbAeJ4T6Q39UhawzswD3h+MtYbXh75CnF98yo0A++"
           "UZJlweBdGSbJmdHfva\n-----END EC PRIVATE KEY-----\n",
     .fp = "-----BEGIN EC PRIVATE KEY-----\n...\n-----END EC PRIVATE KEY-----\n"},
    {.id = "private-key-dsa",
     .category = "keys",
     .title = "DSA private key",
     .severity = Severity::High,
     .regex =
         R"re(-----BEGIN DSA PRIVATE KEY-----\s*(?:[A-Za-z-]+:[^\n]*\n)*\s*([A-Za-z0-9+/=]{40,}))re",
     .keywords = "BEGIN DSA PRIVATE KEY",
     .tp = "-----BEGIN DSA PRIVATE "
           "KEY-----\nfA7gSVkQ880ud3POMAbFpFQrQUIhiENiDSHX5reQ5WFBWI6+7LcivcWl1/"
           "+azoqH\npQhngz+hl36t63u3B4NocBq93x9nmNVRZsfkW/glJg7qxg/ajHkYqudbI2l9tbV6\n-----END DSA "
           "PRIVATE KEY-----\n",
     .fp = "-----BEGIN DSA PRIVATE KEY-----\n...\n-----END DSA PRIVATE KEY-----\n"},
    {.id = "private-key-openssh",
     .category = "keys",
     .title = "OpenSSH private key",
     .severity = Severity::High,
     .regex = R"re(-----BEGIN OPENSSH PRIVATE KEY-----\s*([A-Za-z0-9+/=]{40,}))re",
     .keywords = "BEGIN OPENSSH PRIVATE KEY",
     .tp = "-----BEGIN OPENSSH PRIVATE "
           "KEY-----\nmyh7cZidB06ZjZvrLX9K+TsQrbCdOxXlbxkAxpdgzWesRSc3i8hIA6/"
           "3iyAgAFUo\n75tl9oZ+FtdOJFKat7lJyouEpOhO+nmZ6AeSyhKhYqTziVxVIQmCqRFW3U5Ieblj\n-----END "
           "OPENSSH PRIVATE KEY-----\n",
     .fp = "-----BEGIN OPENSSH PRIVATE KEY-----\n...\n-----END OPENSSH PRIVATE KEY-----\n"},
    {.id = "private-key-pkcs8",
     .category = "keys",
     .title = "PKCS#8 private key",
     .severity = Severity::High,
     .regex = R"re(-----BEGIN PRIVATE KEY-----\s*([A-Za-z0-9+/=]{40,}))re",
     .keywords = "BEGIN PRIVATE KEY",
     .tp = "-----BEGIN PRIVATE "
           "KEY-----\n80STVPngQtcScBY1m+7VylBryP8P2WQJ+oDEJAX7omoKMsJlFJjLiZxwc8f+k+9U\nf+"
           "lbAuHhxnOsMeibv7xWmEME0/EHWZTcyVQW+MmyS55jMAFz10ECoSbURnArsJ0G\n-----END PRIVATE "
           "KEY-----\n",
     .fp = "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n"},
    {.id = "private-key-pkcs8-encrypted",
     .category = "keys",
     .title = "encrypted PKCS#8 private key",
     .severity = Severity::Medium,
     .regex = R"re(-----BEGIN ENCRYPTED PRIVATE KEY-----\s*([A-Za-z0-9+/=]{40,}))re",
     .keywords = "BEGIN ENCRYPTED PRIVATE KEY",
     .tp = "-----BEGIN ENCRYPTED PRIVATE "
           "KEY-----\nxMxeQfJmFckA/"
           "NFjV0MtpBhA64w7DRUHM6EpxxV3OgLm36HQVJM2xim6YQyECjuN\nJucKlOtdtnwvskpmly9STV71+"
           "GFIvtcHUwbjNxZZ+ZHwoQdFiYBYxyVOf5cphij4\n-----END ENCRYPTED PRIVATE KEY-----\n",
     .fp = "-----BEGIN ENCRYPTED PRIVATE KEY-----\n...\n-----END ENCRYPTED PRIVATE KEY-----\n"},
    {.id = "private-key-pgp",
     .category = "keys",
     .title = "PGP private key block",
     .severity = Severity::High,
     .regex =
         R"re(-----BEGIN PGP PRIVATE KEY BLOCK-----\s*(?:[A-Za-z-]+:[^\n]*\n)*\s*([A-Za-z0-9+/=]{40,}))re",
     .keywords = "BEGIN PGP PRIVATE KEY BLOCK",
     .tp = "-----BEGIN PGP PRIVATE KEY "
           "BLOCK-----\ngIssC/jrQGkVXif8VpMUeEZCgw5cz4r4UXmAhsTShgq3SEOZr5wJB/"
           "FVZUc67+6X\nmkZDrmJ+o3aDE9BwgGNMUxNElqfIrpAyzJ8co2EY+VCwvenxi5iwaa34+sA603JJ\n-----END "
           "PGP PRIVATE KEY BLOCK-----\n",
     .fp = "-----BEGIN PGP PRIVATE KEY BLOCK-----\n...\n-----END PGP PRIVATE KEY BLOCK-----\n"},
    {.id = "private-key-putty",
     .category = "keys",
     .title = "PuTTY private key",
     .severity = Severity::High,
     .regex =
         R"re(PuTTY-User-Key-File-[23]: [^\n]+\n(?:[^\n]*\n){1,40}?Private-Lines: \d+\s*\n([A-Za-z0-9+/=]{40,}))re",
     .keywords = "PuTTY-User-Key-File-",
     .tp = "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: demo\nPublic-Lines: "
           "2\nWFCQ9J7MdbrrKfceZSGAJ9lsdAIkCmeV6t9+FvQTmwpmUmqoNVxjJ5dwscK9kdVS\nPrivate-Lines: "
           "1\n6PbVFfmT22KOZt6tblP3EFTF6O5l/QVzcgpl/xj/LmxA\n",
     .fp = "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n"},
    {.id = "private-key-ssh2",
     .category = "keys",
     .title = "SSH2 (Tectia) private key",
     .severity = Severity::High,
     .regex =
         R"re(---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\s*(?:[A-Za-z-]+: [^\n]*\n)*\s*([A-Za-z0-9+/=]{40,}))re",
     .keywords = "BEGIN SSH2 ENCRYPTED PRIVATE KEY",
     .tp = "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: "
           "\"demo\"\nm5MtNOp+XTkOmsINekeJlgZDov/"
           "VS8ITvrS17hF6c9WFfc+MEeKO3wZ0jFg5uYdq\nZ4ts7WH6wWaUu3sYoHz0r2rtFTW4bcO+gnQxV3HjoT+"
           "sFo6tzIRrdjmvPzV83peF\n---- END SSH2 ENCRYPTED PRIVATE KEY ----\n",
     .fp = "---- BEGIN SSH2 PUBLIC KEY "
           "----\nTBnSxz6Q2I6T4wQvoxSC9967o5vL3vxTUCiS5prN0krXzwX6VMI/2jnr/Cm3Pt65\n"},
    {.id = "age-secret-key",
     .category = "keys",
     .title = "age secret key",
     .severity = Severity::High,
     .regex = R"re(\b(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})\b)re",
     .keywords = "AGE-SECRET-KEY-1",
     .tp = "AGE-SECRET-KEY-1229N0LEK5PJPXHJ5A4Z8SP2XWJG35JWP50PL5AJY9GYADZTLDX45J2WP0C",
     .fp = "# public key: age1WRC3RL2NGR8ZP79NHYU556ZL68R92G9Y4F3ELYG434TZ20Q09433G2L5JF"},
    {.id = "jwt",
     .category = "keys",
     .title = "JSON Web Token",
     .severity = Severity::Medium,
     .regex = R"re(\b(eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{20,}))re",
     .keywords = "eyJ",
     .tp = "Authorization: Bearer "
           "eyJhbGciOiJIUzI1NiJ9.eyJfeZmBQtT3JfPPBccGaTg636sHzoh134ojbiGirSg."
           "owCsp0VRrqsO1VeK7oAgfFjHzDRF7nX9NQTrys_uMLo",
     .fp = "header eyJhbGciOiJIUzI1NiJ9 alone"},
    {.id = "jwt-base64",
     .category = "keys",
     .title = "Base64-encoded JSON Web Token",
     .severity = Severity::Medium,
     .regex = R"re(\b(ZXlK[A-Za-z0-9+/_\-]{8,}(?:LmV5S|5leU|uZXlK)[A-Za-z0-9+/_\-]{20,}={0,2}))re",
     .keywords = "ZXlK",
     .tp = "token: "
           "ZXlKaGJHY2lPaUpJVXpJMU5pSjkuZXlKh2WQr4cyaR0QVowLU8xxOOAcT2CXT/v32+lu3ZmsO/"
           "BmUFNAYQGGzfRCrmpv",
     .fp = "token: ZXlKaGJHY2lPaUpJVXpJMU5pSjk="},
    {.id = "gpg-passphrase-env",
     .category = "keys",
     .title = "GnuPG passphrase in environment",
     .severity = Severity::Medium,
     .regex = R"re((?i)\b(?:GPG|PGP|GNUPG)_?PASSPHRASE\s*=\s*[\'"]?([^\s\'"$]{8,}))re",
     .keywords = "passphrase",
     .min_entropy = 3.0,
     .tp = "GPG_PASSPHRASE=PQnfAixEabK4wfbKwI6f",
     .fp = "GPG_PASSPHRASE=$GPG_PASSPHRASE"},
    {.id = "kubeconfig-client-key-data",
     .category = "keys",
     .title = "Kubernetes client key in a kubeconfig",
     .severity = Severity::High,
     .regex = R"re(client-key-data:\s*([A-Za-z0-9+/=]{64,}))re",
     .keywords = "client-key-data",
     .tp = "    client-key-data: "
           "7eupKJ2HTLrDRe3/"
           "XAXU0xvgT+"
           "WjYpEykeUAzf7PCPvcppoCOY4Bk5ebTkQJGtWZn2eIiRu2yBXsvtVlgBwH4q4wSX2KSbRZwVvdUT0tbPNX30v6U"
           "UHMqhVn",
     .fp = "    client-key-data: REDACTED"},
    {.id = "kubeconfig-token",
     .category = "keys",
     .title = "Kubernetes bearer token in a kubeconfig",
     .severity = Severity::High,
     .regex = R"re((?m)^\s+token:\s*([A-Za-z0-9_.\-]{32,})\s*$)re",
     .keywords = "token:",
     .min_entropy = 3.0,
     .tp = "users:\n- name: admin\n  user:\n    token: "
           "vtvTFHGyQLBlblhNuiO5c18yW-QhxOhGYM808uop0_Edy739\n",
     .fp = "users:\n- name: admin\n  user:\n    token: ${KUBE_TOKEN}\n"},
};

}  // namespace

std::span<const BuiltinRule> keys_rules() {
    return kRules;
}

}  // namespace berth::secret
