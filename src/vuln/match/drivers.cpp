// SPDX-License-Identifier: Apache-2.0
// The one list of matching drivers, sorted by name.
#include "vuln/match/drivers.hpp"

namespace berth::vuln::match {

std::vector<std::unique_ptr<Driver>> all_drivers() {
    std::vector<std::unique_ptr<Driver>> v;
    v.push_back(make_apk());
    v.push_back(make_dpkg());
    v.push_back(make_lang());
    v.push_back(make_rpm());
    return v;
}

}  // namespace berth::vuln::match
