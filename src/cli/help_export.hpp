// SPDX-License-Identifier: Apache-2.0
// The command line as data, for what is generated from it: shell completions (bash, zsh, fish)
// and one man page per command. Generated from the same CLI11 definition `--help` prints, so
// the three can never disagree (`berth completion`, `berth manpages`, scripts/package.sh).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace berth::cli {

/// One option or positional of a command.
struct OptionDoc {
    std::vector<std::string> names;  ///< "-f", "--format"; empty for a positional
    std::string value;               ///< "IMAGE" for a positional, "TEXT" for an option's value,
                                     ///< "" for a flag
    std::string description;
    std::vector<std::string> choices;  ///< the allowed values, when the definition lists them
};

/// One command and everything under it. Hidden options and commands (empty group) are left out.
struct CommandDoc {
    std::vector<std::string> path;  ///< {"berth", "db", "update"}
    std::string description;
    std::string footer;  ///< examples and notes, as --help prints them
    std::vector<OptionDoc> options;
    std::vector<OptionDoc> positionals;
    std::vector<CommandDoc> subcommands;
};

/// Describes `app` (options of its option groups count as its own) and its subcommands.
CommandDoc describe(CLI::App& app);

/// A bash completion script (`complete -F`), for /usr/share/bash-completion/completions/berth.
std::string bash_completion(const CommandDoc& root);

/// A zsh completion function (#compdef), for /usr/share/zsh/vendor-completions/_berth.
std::string zsh_completion(const CommandDoc& root);

/// fish `complete` lines, for /usr/share/fish/vendor_completions.d/berth.fish.
std::string fish_completion(const CommandDoc& root);

/// A man page (roff, section 1) for `command`, whose name is its path joined by '-'
/// ("berth-db-update"). `version` goes in the footer line; `see_also` names the other pages.
std::string man_page(const CommandDoc& command, std::string_view version,
                     const std::vector<std::string>& see_also);

/// Every command of the tree, depth first, root included.
std::vector<const CommandDoc*> flatten(const CommandDoc& root);

/// "berth-db-update" for {"berth", "db", "update"}.
std::string page_name(const CommandDoc& command);

}  // namespace berth::cli
