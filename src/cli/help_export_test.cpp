// SPDX-License-Identifier: Apache-2.0
// The command line as data (cli/help_export.hpp): what describe() keeps and leaves out, and
// that the generated completions and man pages carry it. The generated scripts are run by real
// shells in tests/e2e/package_test.cpp.
#include "cli/help_export.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace berth::cli {
namespace {

struct Fixture {
    CLI::App app{"tool — does things.\nSecond line.", "tool"};
    std::string format, db, secret;
    bool quiet = false;
    Fixture() {
        app.add_flag("-q,--quiet", quiet, "Quiet");
        auto* db_cmd = app.add_subcommand("db", "The database. Longer text");
        db_cmd->add_option("--db", db, "Database file");
        auto* update = db_cmd->add_subcommand("update", "Update it");
        update->add_option("--feeds", db, "Feeds");
        auto* scan = app.add_subcommand("scan", "Scan an image");
        scan->add_option("-f,--format", format, "Report format")
            ->check(CLI::IsMember({"table", "json", "sarif"}));
        scan->add_option("IMAGE", db, "The image")->required();
        auto* group = scan->add_option_group("Registry");
        group->add_option("--username", db, "User name");
        scan->add_option("--secret", secret, "Hidden")->group("");
        app.add_subcommand("internal", "Hidden command")->group("");
        scan->footer("Examples:\n  tool scan alpine:3.19");
    }
};

const OptionDoc* find_option(const CommandDoc& c, const std::string& name) {
    for (const auto& o : c.options)
        if (std::find(o.names.begin(), o.names.end(), name) != o.names.end()) return &o;
    return nullptr;
}

TEST(HelpExport, DescribesCommandsOptionsGroupsAndChoices) {
    Fixture f;
    const CommandDoc root = describe(f.app);
    ASSERT_EQ(root.path, std::vector<std::string>{"tool"});
    ASSERT_EQ(root.subcommands.size(), 2U) << "the hidden command is left out";
    const CommandDoc& scan = root.subcommands[1];
    EXPECT_EQ(scan.path, (std::vector<std::string>{"tool", "scan"}));
    const OptionDoc* format = find_option(scan, "--format");
    ASSERT_NE(format, nullptr);
    EXPECT_EQ(format->names, (std::vector<std::string>{"-f", "--format"}));
    EXPECT_EQ(format->value, "TEXT");
    EXPECT_EQ(format->choices, (std::vector<std::string>{"table", "json", "sarif"}));
    EXPECT_NE(find_option(scan, "--username"), nullptr) << "option groups belong to the command";
    EXPECT_EQ(find_option(scan, "--secret"), nullptr) << "hidden options are left out";
    ASSERT_EQ(scan.positionals.size(), 1U);
    EXPECT_EQ(scan.positionals[0].value, "IMAGE");
    EXPECT_EQ(find_option(root, "--quiet")->value, "") << "a flag takes no value";
    EXPECT_EQ(flatten(root).size(), 4U);
    EXPECT_EQ(page_name(root.subcommands[0].subcommands[0]), "tool-db-update");
}

TEST(HelpExport, CompletionsNameEveryCommandAndChoice) {
    Fixture f;
    const CommandDoc root = describe(f.app);
    for (const std::string& script :
         {bash_completion(root), zsh_completion(root), fish_completion(root)}) {
        EXPECT_NE(script.find("update"), std::string::npos) << script;
        EXPECT_NE(script.find("username"), std::string::npos) << script;
        EXPECT_NE(script.find("sarif"), std::string::npos) << script;
        EXPECT_EQ(script.find("--secret"), std::string::npos) << script;
        EXPECT_EQ(script.find("internal"), std::string::npos) << script;
    }
    EXPECT_NE(zsh_completion(root).find("#compdef tool"), std::string::npos);
    EXPECT_NE(bash_completion(root).find("complete -o filenames -F _tool_complete tool"),
              std::string::npos);
}

TEST(HelpExport, ManPageEscapesRoffAndKeepsExamples) {
    Fixture f;
    CLI::App app{"Tricky", "tool"};
    std::string value;
    app.add_option("--path", value, ".starts with a dot\\backslash and a-dash");
    const std::string page = man_page(describe(app), "1.2.3", {"tool-db"});
    EXPECT_NE(page.find(".TH TOOL 1 \"\" \"tool 1.2.3\""), std::string::npos) << page;
    EXPECT_NE(page.find("\\&.starts with a dot\\ebackslash and a\\-dash"), std::string::npos)
        << "a leading '.' must not become a roff request: " << page;
    EXPECT_NE(page.find("\\fBtool\\-db\\fR(1)"), std::string::npos) << page;

    const std::string scan = man_page(describe(f.app).subcommands[1], "1", {});
    EXPECT_NE(scan.find(".SH NOTES\n.nf\nExamples:\n  tool scan alpine:3.19"), std::string::npos)
        << scan;
    EXPECT_NE(scan.find("One of: table, json, sarif."), std::string::npos) << scan;
    EXPECT_NE(scan.find("tool\\-scan \\- Scan an image"), std::string::npos) << scan;
    const std::string root = man_page(describe(f.app), "1", {});
    EXPECT_NE(root.find("tool \\[u2014] does things"), std::string::npos)
        << "UTF-8 is written as troff's \\[uXXXX]: " << root;
}

}  // namespace
}  // namespace berth::cli
