// SPDX-License-Identifier: Apache-2.0
// Executable file formats and their named sections, for the analyzers that read data a
// toolchain embeds in a program (lang/gobinary, lang/rustbinary).
//
// Formats (the header fields read; everything else is ignored):
//   ELF     System V ABI, "ELF header" and "Sections": e_shoff, e_shentsize, e_shnum, e_shstrndx
//           (with the SHN_XINDEX / sh_size-of-section-0 escapes for > 65279 sections), then
//           each section header's sh_name (an offset into .shstrtab), sh_type, sh_offset, sh_size.
//   PE      Microsoft PE/COFF: e_lfanew at 0x3c → "PE\0\0", COFF header (NumberOfSections,
//           SizeOfOptionalHeader), then 40-byte section headers (Name[8], VirtualSize,
//           SizeOfRawData, PointerToRawData).
//   Mach-O  <mach-o/loader.h>: mach_header(_64), load commands LC_SEGMENT(_64) with their
//           section(_64) records (sectname[16], size, offset). Universal (fat) files are not read.
// Example: find_section(file, Elf, ".dep-v0") on a cargo-auditable binary → {offset 324899,
// size 118}. The table reads are capped (kMaxHeaderBytes), so a hostile header cannot make the
// reader allocate more than that.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "analyze/spool.hpp"
#include "core/result.hpp"

namespace berth::analyze::lang {

enum class ExecutableFormat { None, Elf, Pe, MachO };

/// The most bytes of section or load-command tables read from one file (4 MiB: 65,535 ELF
/// section headers of 64 bytes).
inline constexpr std::size_t kMaxHeaderBytes = std::size_t{4} << 20U;

/// What the first bytes (at least 4) of a file say it is: "\x7fELF", "MZ" or a Mach-O magic
/// (32/64-bit, either byte order); None otherwise.
ExecutableFormat executable_format(std::string_view head);

/// Where a section's bytes are in the file.
struct SectionSpan {
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
};

/// The file span of the first section named `name` (ELF and PE names; a Mach-O sectname,
/// whatever its segment). nullopt when the file has no such section (or, for PE, when "MZ" is
/// not followed by a PE header: not a PE file). Errors: Format or Truncated, naming `where`, when
/// the headers point outside the file or are cut off; Io from the file.
Result<std::optional<SectionSpan>> find_section(const RandomAccessFile& file,
                                                ExecutableFormat format, std::string_view name,
                                                const std::string& where);

}  // namespace berth::analyze::lang
