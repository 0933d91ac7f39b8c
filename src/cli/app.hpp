// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace berth::cli {

/// Parses the command line and runs the chosen command; returns the exit code. Expected
/// failures are printed and mapped to exit codes; exceptions are left to main().
int run(int argc, char** argv);

}  // namespace berth::cli
