// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>

#include "vuln/match/match.hpp"

namespace berth::vuln::match {

std::unique_ptr<Driver> make_apk();   ///< apk.cpp
std::unique_ptr<Driver> make_dpkg();  ///< dpkg.cpp
std::unique_ptr<Driver> make_lang();  ///< lang.cpp
std::unique_ptr<Driver> make_rpm();   ///< rpm.cpp

}  // namespace berth::vuln::match
