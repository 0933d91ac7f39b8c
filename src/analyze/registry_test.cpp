// SPDX-License-Identifier: Apache-2.0
// The analyzer list: every factory declared in plugins.hpp is in all_analyzers(), names are
// unique, sorted and name their folder, and versions start at 1.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>

#include "analyze/plugins.hpp"
#include "test_support.hpp"

namespace berth::analyze {
namespace {

TEST(Registry, ListsEveryFactoryOnceSortedByName) {
    const std::string header =
        test::read_text_file(std::filesystem::path(BERTH_SOURCE_DIR) / "src/analyze/plugins.hpp");
    static const std::regex kFactory(R"(std::unique_ptr<Analyzer> make_(\w+)\(\);)");
    std::size_t declared = 0;
    for (std::sregex_iterator it(header.begin(), header.end(), kFactory), end; it != end; ++it)
        ++declared;

    auto list = all_analyzers();
    EXPECT_EQ(list.size(), declared)
        << "a make_* factory in plugins.hpp is missing from registry.cpp";
    std::set<std::string> names;
    std::string previous;
    for (const auto& a : list) {
        std::string name(a->name());
        EXPECT_TRUE(names.insert(name).second) << "duplicate analyzer name " << name;
        EXPECT_LT(previous, name) << "registry.cpp must stay sorted by name";
        previous = name;
        EXPECT_GE(a->version(), 1) << name;
        const std::string folder = name.substr(0, name.find('/'));
        EXPECT_TRUE(std::filesystem::is_directory(std::filesystem::path(BERTH_SOURCE_DIR) /
                                                  "src/analyze" / folder))
            << name << " does not name a folder under src/analyze";
    }
}

}  // namespace
}  // namespace berth::analyze
