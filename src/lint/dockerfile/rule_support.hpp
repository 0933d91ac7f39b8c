// SPDX-License-Identifier: Apache-2.0
// Helpers the Dockerfile rules share (internal to src/lint/dockerfile).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "lint/dockerfile/rule.hpp"
#include "lint/dockerfile/shell.hpp"

namespace berth::lint::dockerfile {

/// The shell commands of a RUN: its shell-form args, the script of a JSON-form `sh -c`, the
/// words of any other JSON form as one command, and the bodies of its heredocs when they run
/// in a shell (`RUN <<EOF`, `RUN bash <<EOF`). Other instructions give nothing.
std::vector<Command> run_commands(const Instruction& in);

/// The instruction's text as the rules quote it: "RUN apt-get install curl" (first 120 bytes).
std::string quote(const Instruction& in);

/// A finding at the instruction.
Finding at(const Instruction& in, std::string message);

/// True for the last stage (the image that is built when no --target is given).
bool is_final_stage(const Dockerfile& df, int stage);

/// An image reference split the way Docker reads it: "ghcr.io/acme/app:1@sha256:…" →
/// {registry "ghcr.io", path "acme/app", tag "1", digest "sha256:…"}; a first component without
/// '.', ':' and other than "localhost" is a Docker Hub path (registry "docker.io").
struct ImageRef {
    std::string registry;
    std::string path;
    std::string tag;
    std::string digest;
};
ImageRef parse_image(std::string_view ref);

/// The stages whose FROM names an image (not scratch, not an earlier stage, no unresolved
/// variable): the ones base-image rules judge.
std::vector<const Stage*> image_stages(const Dockerfile& df);

/// COPY/ADD operands: sources (heredoc markers left out) and the destination (the last word).
struct CopyArgs {
    std::vector<std::string> sources;
    std::string dest;
    std::size_t words = 0;  ///< operands as written, heredoc markers included
};
CopyArgs copy_args(const Instruction& in, char escape);

/// True for http://, https:// and git@ sources (ADD fetches them).
bool is_remote(std::string_view source);

/// The final stage, then the stages it builds on (FROM <stage>), nearest first; empty without a
/// FROM. Rules about the image's final settings (USER, HEALTHCHECK) read them in this order.
std::vector<const Stage*> final_chain(const Dockerfile& df);

/// True for the final stage and the stages it is built FROM (directly or not): their layers
/// are in the image. -1 (before any FROM) ships too.
bool ships(const Dockerfile& df, int stage);

/// True when the RUN has a `--mount=type=cache,…`.
bool has_cache_mount(const Instruction& in);

/// Package arguments: words not starting with '-', skipping the value of each option named in
/// `with_value` ("-t", "--target-release", …) and `NAME=VALUE` option forms.
std::vector<std::string> package_args(const std::vector<std::string>& args,
                                      std::initializer_list<std::string_view> with_value);

/// The first word of `args` that is not an option (the subcommand: "install"); "" if none.
std::string subcommand(const std::vector<std::string>& args);

/// True when `args` holds any of `flags` exactly, or a combined short option holding `letter`
/// (letter 'y' matches "-qy"); letter 0 = no combined form.
bool has_flag(const std::vector<std::string>& args, std::initializer_list<std::string_view> flags,
              char letter = 0);

/// Every instruction, ONBUILD triggers included, with the keyword `keyword`.
std::vector<const Instruction*> instructions(const Dockerfile& df, std::string_view keyword);

}  // namespace berth::lint::dockerfile
