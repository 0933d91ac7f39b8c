// SPDX-License-Identifier: Apache-2.0
#include <exception>
#include <iostream>

#include "cli/app.hpp"

int main(int argc, char** argv) {
    // The one catch-all (STYLE.md §4): anything thrown this far is a bug; say so and exit 3.
    try {
        return berth::cli::run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "berth: internal error: " << e.what() << "\n";
    } catch (...) {
        std::cerr << "berth: internal error: unknown exception\n";
    }
    return 3;
}
