// SPDX-License-Identifier: Apache-2.0
// Passwords and PINs: from the environment, else a prompt on the terminal that does not echo.
//
//   key passwords   BERTH_PASSWORD, else COSIGN_PASSWORD (cosign's name, so CI settings carry
//                   over); an empty value is an empty password (policy-controller's example key)
//   PKCS#11 PINs    pin-value in the URI, else BERTH_PKCS11_PIN (pkcs11.hpp)
//
// The prompt is shown only when standard input is a terminal: echo off (termios), the answer
// read from stdin, echo restored. Without a terminal and without the variable the read fails,
// never waits.
#pragma once

#include <initializer_list>
#include <string_view>

#include "core/result.hpp"
#include "sign/key.hpp"

namespace berth::sign {

/// The first of `env_vars` that is set (even to ""), else the answer to `prompt` on the
/// terminal; with `confirm` the prompt is asked twice and the answers must match.
/// Errors: InvalidArgument when no variable is set and stdin is not a terminal (the message
/// names the variables), or when the two answers differ; Io when the terminal read fails.
Result<SecretBytes> read_secret(std::initializer_list<const char*> env_vars,
                                std::string_view prompt, bool confirm);

/// The password of a key file: BERTH_PASSWORD, COSIGN_PASSWORD, or the prompt
/// "Enter password for private key: " (twice with `confirm`, for new keys).
Result<SecretBytes> read_key_password(bool confirm);

}  // namespace berth::sign
