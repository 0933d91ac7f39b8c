// SPDX-License-Identifier: Apache-2.0
// `berth completion bash|zsh|fish`: a completion script generated from the command line's own
// definition (cli/help_export.hpp), so it lists exactly the commands and options --help shows.
#include <iostream>

#include "cli/commands/commands.hpp"
#include "cli/help_export.hpp"

namespace berth::cli {

Command register_completion(CLI::App& root, const GlobalOptions&) {
    auto* cmd = root.add_subcommand("completion", "Print a shell completion script");
    auto shell = std::make_shared<std::string>();
    cmd->add_option("SHELL", *shell, "bash, zsh or fish")
        ->required()
        ->check(CLI::IsMember({"bash", "zsh", "fish"}));
    cmd->footer(
        "Examples:\n"
        "  source <(berth completion bash)                     # this shell only\n"
        "  berth completion bash > /etc/bash_completion.d/berth\n"
        "  berth completion zsh > \"${fpath[1]}/_berth\"\n"
        "  berth completion fish > ~/.config/fish/completions/berth.fish\n"
        "The Debian package installs all three.");
    return {cmd, [shell, &root] {
                const CommandDoc doc = describe(root);
                if (*shell == "bash")
                    std::cout << bash_completion(doc);
                else if (*shell == "zsh")
                    std::cout << zsh_completion(doc);
                else
                    std::cout << fish_completion(doc);
                return kExitOk;
            }};
}

}  // namespace berth::cli
