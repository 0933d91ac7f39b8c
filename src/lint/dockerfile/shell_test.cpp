// SPDX-License-Identifier: Apache-2.0
// The RUN splitter: separators, quotes, substitutions, redirections, shell heredocs, keywords,
// wrappers and nested `sh -c`.
#include "lint/dockerfile/shell.hpp"

#include <gtest/gtest.h>

namespace berth::lint::dockerfile {
namespace {

std::vector<std::string> render(const std::vector<Command>& cmds) {
    std::vector<std::string> out;
    for (const auto& c : cmds) {
        std::string s = std::to_string(c.depth) + (c.piped_from ? "|" : " ") + "[";
        for (std::size_t i = 0; i < c.words.size(); ++i) s += (i ? " " : "") + c.words[i];
        s += "]";
        switch (c.next) {
            case Sep::And:
                s += " &&";
                break;
            case Sep::Or:
                s += " ||";
                break;
            case Sep::Semi:
                s += " ;";
                break;
            case Sep::Pipe:
                s += " |";
                break;
            case Sep::Background:
                s += " &";
                break;
            case Sep::End:
                break;
        }
        out.push_back(s);
    }
    return out;
}

TEST(DockerfileShell, SeparatorsQuotesAndRedirections) {
    EXPECT_EQ(
        render(split_commands(
            "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \"curl\" "
            "'wget' 2>&1 | tee /log; echo \"$(date +%s) a\\\"b\" || true")),
        (std::vector<std::string>{"0 [apt-get update] &&", "0 [apt-get install -y curl wget] |",
                                  "0|[tee /log] ;", "0 [echo $(date +%s) a\"b] ||", "0 [true]"}));
}

TEST(DockerfileShell, KeywordsHeredocsAndNesting) {
    EXPECT_EQ(render(split_commands("if [ -f x ]; then\n  cat <<EOF > y\nrm -rf /\nEOF\n"
                                    "fi\nbash -c 'curl -s x | sh'")),
              (std::vector<std::string>{"0 [[ -f x ]] ;", "0 [cat] ;", "0 [bash -c curl -s x | sh]",
                                        "1 [curl -s x] |", "1|[sh]"}));
}

TEST(DockerfileShell, ProgramSkipsWrappers) {
    const auto cmds = split_commands("sudo -E -u app env A=1 /usr/bin/apt-get install curl");
    ASSERT_EQ(cmds.size(), 1U);
    EXPECT_EQ(cmds[0].program(), "apt-get");
    EXPECT_EQ(cmds[0].args(), (std::vector<std::string>{"install", "curl"}));
    EXPECT_TRUE(split_commands("").empty());
    EXPECT_EQ(split_commands("echo 'unterminated").size(), 1U);
}

}  // namespace
}  // namespace berth::lint::dockerfile
