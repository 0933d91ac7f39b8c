// SPDX-License-Identifier: Apache-2.0
// `berth manpages DIR`: one man page per command (berth.1, berth-scan.1, berth-db-update.1, …)
// generated from the --help texts (cli/help_export.hpp). Hidden from --help: it is a packaging
// step (scripts/package.sh), not a user's job.
#include <filesystem>
#include <iostream>

#include "cli/commands/commands.hpp"
#include "cli/help_export.hpp"
#include "core/version.hpp"

namespace berth::cli {
namespace {

int write_pages(CLI::App& root, const std::filesystem::path& dir) {
    const CommandDoc doc = describe(root);
    const auto commands = flatten(doc);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        print_error(
            Error{ErrorCode::Io, "cannot create the directory: " + ec.message(), dir.string()});
        return kExitRuntime;
    }
    for (const CommandDoc* c : commands) {
        // See also: the parent and the root page, as git's pages do.
        std::vector<std::string> see_also;
        if (c->path.size() > 1) {
            CommandDoc parent;
            parent.path.assign(c->path.begin(), c->path.end() - 1);
            see_also.push_back(page_name(parent));
        }
        const auto path = dir / (page_name(*c) + ".1");
        if (auto st = write_output(path.string(), man_page(*c, kVersion, see_also)); !st) {
            print_error(st.error());
            return kExitRuntime;
        }
    }
    std::cout << commands.size() << " man pages written to " << dir.string() << "\n";
    return kExitOk;
}

}  // namespace

Command register_manpages(CLI::App& root, const GlobalOptions&) {
    auto* cmd = root.add_subcommand("manpages", "Write a man page for every command into DIR");
    cmd->group("");  // hidden: a packaging step
    auto dir = std::make_shared<std::string>();
    cmd->add_option("DIR", *dir, "Directory to write berth.1, berth-scan.1, … into")->required();
    return {cmd, [dir, &root] { return write_pages(root, *dir); }};
}

}  // namespace berth::cli
