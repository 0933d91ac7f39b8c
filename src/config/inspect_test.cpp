// SPDX-License-Identifier: Apache-2.0
// docker inspect input: bad documents give errors with JSON paths; the native dockerd 20.10.24
// captures (shared data: engine-api/native-dockerd-20.10.24, EXPECTED-FROM-FLAGS.tsv) give the
// findings their `docker run` flags imply.
#include "config/inspect.hpp"

#include <gtest/gtest.h>

#include <set>

#include "config/evaluate.hpp"
#include "test_support.hpp"

namespace berth::config {
namespace {

namespace fs = std::filesystem;

std::set<std::string> failed_rules(const std::vector<Container>& cs) {
    std::set<std::string> out;
    for (const auto& r : evaluate(cs, all_rules())) out.insert(std::string(r.rule->id).substr(8));
    return out;
}

TEST(Inspect, ObjectOrArray) {
    const std::string one = R"({"Id":"abc","Name":"/web","HostConfig":{"Privileged":true}})";
    auto a = load_inspect(one, "x.json");
    ASSERT_TRUE(a.has_value()) << a.error().to_string();
    ASSERT_EQ(a->size(), 1U);
    EXPECT_EQ(a->at(0).object, "container web (abc)");
    EXPECT_TRUE(a->at(0).settings.privileged);
    auto b = load_inspect("[" + one + "," + one + "]", "x.json");
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(b->size(), 2U);
    auto empty = load_inspect("[]", "x.json");
    ASSERT_TRUE(empty.has_value());
    EXPECT_TRUE(empty->empty());
}

TEST(Inspect, BadInputNamesTheJsonPath) {
    struct Case {
        std::string json;
        std::string message;
    };
    const Case cases[] = {
        {R"([{"Id":"a","HostConfig":{"Privileged":"yes"}}])",
         "$[0].HostConfig.Privileged: expected true or false, got string"},
        {R"([{"Id":"a"},{"Id":"b","HostConfig":{"CapAdd":"SYS_ADMIN"}}])",
         "$[1].HostConfig.CapAdd: expected an array of strings, got string"},
        {R"([{"Id":"a","Config":{"User":0}}])", "$[0].Config.User: expected a string, got number"},
        {R"([3])", "$[0]: expected a container object"},
        {R"("text")", "$: expected docker inspect output: an array of container objects"},
        {R"([{"message":"authorization denied by plugin authz: no"}])",
         "$[0]: container inspect has no Id: authorization denied by plugin authz: no"},
    };
    for (const auto& c : cases) {
        auto r = load_inspect(c.json, "in.json");
        ASSERT_FALSE(r.has_value()) << c.json;
        EXPECT_EQ(r.error().code, ErrorCode::Format);
        EXPECT_EQ(r.error().message, c.message) << c.json;
    }
    EXPECT_FALSE(load_inspect("[{", "in.json").has_value());
}

// The containers of commands.tsv, and the rules their flags must (and must not) break.
TEST(Inspect, NativeDockerdCaptures) {
    auto data = test::shared_data_dir();
    if (!data) GTEST_SKIP() << "shared data absent: engine-api/native-dockerd-20.10.24";
    const fs::path dir = *data / "engine-api/native-dockerd-20.10.24";
    if (!fs::exists(dir)) GTEST_SKIP() << "native dockerd captures absent";
    struct Case {
        std::string container;
        std::set<std::string> must;
        std::set<std::string> must_not;
    };
    const Case cases[] = {
        {"c-privileged", {"RT001", "RT007"}, {"RT009"}},
        {"c-hostns", {"RT009", "RT010", "RT011", "RT012"}, {"RT001"}},
        {"c-dockersock", {"RT014"}, {"RT001"}},
        {"c-unconfined", {"RT002", "RT005", "RT006", "RT018"}, {"RT001"}},
        {"c-root", {"RT023"}, {}},
        {"c-hardened",
         {},
         {"RT001", "RT003", "RT004", "RT008", "RT019", "RT020", "RT021", "RT022", "RT023",
          "RT024"}},
        {"c-default", {"RT019", "RT022", "RT004"}, {"RT023", "RT001"}},
    };
    for (const auto& c : cases) {
        for (const std::string& file : {"docker-inspect-cli." + c.container + ".json",
                                        "container-inspect." + c.container + ".v1.41.json",
                                        "container-inspect." + c.container + ".v1.24.json"}) {
            SCOPED_TRACE(file);
            auto r = load_inspect(test::read_text_file(dir / file), file);
            ASSERT_TRUE(r.has_value()) << r.error().to_string();
            ASSERT_EQ(r->size(), 1U);
            EXPECT_EQ(r->at(0).settings.name, c.container);
            const auto got = failed_rules(*r);
            for (const auto& id : c.must) EXPECT_EQ(got.count(id), 1U) << id;
            for (const auto& id : c.must_not) EXPECT_EQ(got.count(id), 0U) << id;
        }
    }
    // The authorization plugin denied this inspect: the body is its error, not a container.
    auto denied =
        load_inspect(test::read_text_file(dir / "docker-inspect-cli.c-created.json"), "c-created");
    EXPECT_FALSE(denied.has_value());
}

}  // namespace
}  // namespace berth::config
