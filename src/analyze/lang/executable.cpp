// SPDX-License-Identifier: Apache-2.0
#include "analyze/lang/executable.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace berth::analyze::lang {
namespace {

// Unsigned fields of a header held in memory; a field past the end reads as nullopt.
class Fields {
  public:
    Fields(std::string_view bytes, bool big_endian) : s_(bytes), big_(big_endian) {}
    [[nodiscard]] std::optional<std::uint64_t> at(std::size_t off, std::size_t width) const {
        if (off > s_.size() || width > s_.size() - off) return std::nullopt;
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < width; ++i) {
            const auto b = static_cast<unsigned char>(s_[off + (big_ ? i : width - 1 - i)]);
            v = (v << 8U) | b;
        }
        return v;
    }
    /// A field that must be there (the caller checked the size); 0 otherwise.
    [[nodiscard]] std::uint64_t get(std::size_t off, std::size_t width) const {
        return at(off, width).value_or(0);
    }
    [[nodiscard]] std::string_view bytes() const { return s_; }

  private:
    std::string_view s_;
    bool big_;
};

Error cut_off(const std::string& what, const std::string& where) {
    return Error{ErrorCode::Truncated, what + " is cut off or points past the end of the file",
                 where};
}

// `n` bytes at `offset`, exactly; Truncated when the file is shorter.
Result<std::string> read_exact(const RandomAccessFile& f, std::uint64_t offset, std::uint64_t n,
                               const std::string& what, const std::string& where) {
    if (n > kMaxHeaderBytes) {
        return fail(
            ErrorCode::LimitExceeded,
            what + " is larger than " + std::to_string(kMaxHeaderBytes >> 20U) + " MiB: not read",
            where);
    }
    if (offset > f.size() || n > f.size() - offset) return fail(cut_off(what, where));
    auto bytes = f.read_at(offset, static_cast<std::size_t>(n));
    if (!bytes) return fail(bytes.error());
    if (bytes->size() != n) return fail(cut_off(what, where));
    return bytes;
}

Result<std::optional<SectionSpan>> checked_span(const RandomAccessFile& f, std::uint64_t offset,
                                                std::uint64_t size, const std::string& where) {
    if (offset > f.size() || size > f.size() - offset)
        return fail(cut_off("the section's data", where));
    return SectionSpan{offset, size};
}

// --- ELF --------------------------------------------------------------------------------------

struct ElfLayout {
    std::size_t shoff, shentsize, shnum, shstrndx;  // header field offsets
    std::size_t min_entry;
    std::size_t name, type, offset, size, link, width;  // section header field offsets, width
};
constexpr ElfLayout kElf32{0x20, 0x2e, 0x30, 0x32, 40, 0, 4, 16, 20, 24, 4};
constexpr ElfLayout kElf64{0x28, 0x3a, 0x3c, 0x3e, 64, 0, 4, 24, 32, 40, 8};
constexpr std::uint64_t kShtNobits = 8;
constexpr std::uint64_t kShnXindex = 0xffff;

Result<std::optional<SectionSpan>> elf_section(const RandomAccessFile& f, std::string_view name,
                                               const std::string& where) {
    auto head = f.read_at(0, 64);
    if (!head) return fail(head.error());
    if (head->size() < 52) return fail(cut_off("the ELF header", where));
    const auto cls = static_cast<unsigned char>((*head)[4]);
    const auto data = static_cast<unsigned char>((*head)[5]);
    if ((cls != 1 && cls != 2) || (data != 1 && data != 2))
        return fail(ErrorCode::Format, "ELF header: unknown class or byte order", where);
    const ElfLayout& layout = cls == 2 ? kElf64 : kElf32;
    const Fields h(*head, data == 2);
    const std::uint64_t shoff = h.get(layout.shoff, layout.width);
    const std::uint64_t entsize = h.get(layout.shentsize, 2);
    std::uint64_t shnum = h.get(layout.shnum, 2);
    std::uint64_t shstrndx = h.get(layout.shstrndx, 2);
    if (shoff == 0) return std::optional<SectionSpan>();  // no section table
    if (entsize < layout.min_entry)
        return fail(ErrorCode::Format, "ELF header: section header size too small", where);
    if (shnum == 0 || shstrndx == kShnXindex) {  // the real values are in section 0
        auto first = read_exact(f, shoff, entsize, "the ELF section table", where);
        if (!first) return fail(first.error());
        const Fields s0(*first, data == 2);
        if (shnum == 0) shnum = s0.get(layout.size, layout.width);
        if (shstrndx == kShnXindex) shstrndx = s0.get(layout.link, 4);
    }
    if (shnum > kMaxHeaderBytes / entsize) {
        return fail(ErrorCode::LimitExceeded, "ELF section table larger than 4 MiB: not read",
                    where);
    }
    auto table = read_exact(f, shoff, shnum * entsize, "the ELF section table", where);
    if (!table) return fail(table.error());
    if (shstrndx >= shnum)
        return fail(ErrorCode::Format, "ELF header: section name table index out of range", where);
    const auto section = [&](std::uint64_t i) {
        return Fields(std::string_view(*table).substr(i * entsize, entsize), data == 2);
    };
    const Fields names_hdr = section(shstrndx);
    auto names =
        read_exact(f, names_hdr.get(layout.offset, layout.width),
                   names_hdr.get(layout.size, layout.width), "the ELF section name table", where);
    if (!names) return fail(names.error());
    for (std::uint64_t i = 0; i < shnum; ++i) {
        const Fields s = section(i);
        const std::uint64_t at = s.get(layout.name, 4);
        if (at >= names->size()) continue;
        const std::string_view rest = std::string_view(*names).substr(at);
        if (rest.substr(0, rest.find('\0')) != name) continue;
        if (s.get(layout.type, 4) == kShtNobits) return std::optional<SectionSpan>();
        return checked_span(f, s.get(layout.offset, layout.width), s.get(layout.size, layout.width),
                            where);
    }
    return std::optional<SectionSpan>();
}

// --- PE ---------------------------------------------------------------------------------------

Result<std::optional<SectionSpan>> pe_section(const RandomAccessFile& f, std::string_view name,
                                              const std::string& where) {
    auto dos = f.read_at(0, 64);
    if (!dos) return fail(dos.error());
    if (dos->size() < 64) return std::optional<SectionSpan>();  // "MZ" but no DOS header
    const std::uint64_t lfanew = Fields(*dos, false).get(0x3c, 4);
    auto coff = f.read_at(lfanew, 24);
    if (!coff) return fail(coff.error());
    if (coff->size() < 24 || !coff->starts_with(std::string_view("PE\0\0", 4)))
        return std::optional<SectionSpan>();  // not a PE file
    const Fields c(*coff, false);
    const std::uint64_t count = c.get(6, 2);
    const std::uint64_t table_at = lfanew + 24 + c.get(20, 2);
    auto table = read_exact(f, table_at, count * 40, "the PE section table", where);
    if (!table) return fail(table.error());
    for (std::uint64_t i = 0; i < count; ++i) {
        const std::string_view raw = std::string_view(*table).substr(i * 40, 40);
        const std::string_view n = raw.substr(0, 8);
        if (n.substr(0, n.find('\0')) != name) continue;
        const Fields s(raw, false);
        const std::uint64_t virtual_size = s.get(8, 4);
        std::uint64_t size = s.get(16, 4);  // SizeOfRawData: padded to the file alignment
        if (virtual_size != 0 && virtual_size < size) size = virtual_size;
        return checked_span(f, s.get(20, 4), size, where);
    }
    return std::optional<SectionSpan>();
}

// --- Mach-O -----------------------------------------------------------------------------------

constexpr std::uint64_t kLcSegment = 0x1;
constexpr std::uint64_t kLcSegment64 = 0x19;

Result<std::optional<SectionSpan>> macho_section(const RandomAccessFile& f, std::string_view name,
                                                 const std::string& where) {
    auto head = f.read_at(0, 32);
    if (!head) return fail(head.error());
    if (head->size() < 28) return fail(cut_off("the Mach-O header", where));
    const auto m0 = static_cast<unsigned char>((*head)[0]);
    const bool big = m0 == 0xfe;
    const bool is64 = big ? (*head)[3] == '\xcf' : m0 == 0xcf;
    const Fields h(*head, big);
    const std::uint64_t ncmds = h.get(16, 4);
    auto cmds = read_exact(f, is64 ? 32 : 28, h.get(20, 4), "the Mach-O load commands", where);
    if (!cmds) return fail(cmds.error());
    const std::size_t seg_size = is64 ? 72 : 56;
    const std::size_t sect_size = is64 ? 80 : 68;
    std::size_t pos = 0;
    for (std::uint64_t i = 0; i < ncmds; ++i) {
        const Fields lc(std::string_view(*cmds).substr(std::min(pos, cmds->size())), big);
        const auto cmd = lc.at(0, 4);
        const auto size = lc.at(4, 4);
        if (!cmd || !size || *size < 8 || *size > cmds->size() - pos)
            return fail(cut_off("the Mach-O load commands", where));
        if (*cmd == (is64 ? kLcSegment64 : kLcSegment) && *size >= seg_size) {
            const std::uint64_t nsects = lc.get(is64 ? 64 : 48, 4);
            for (std::uint64_t s = 0; s < nsects; ++s) {
                const std::size_t at = seg_size + static_cast<std::size_t>(s) * sect_size;
                if (at + sect_size > *size) return fail(cut_off("a Mach-O segment", where));
                const std::string_view sect = lc.bytes().substr(at, 16);
                if (sect.substr(0, sect.find('\0')) != name) continue;
                const std::uint64_t bytes = lc.get(at + 32 + (is64 ? 8 : 4), is64 ? 8 : 4);
                const std::uint64_t offset = lc.get(at + (is64 ? 48 : 40), 4);
                if (offset == 0) return std::optional<SectionSpan>();  // zero-fill
                return checked_span(f, offset, bytes, where);
            }
        }
        pos += static_cast<std::size_t>(*size);
    }
    return std::optional<SectionSpan>();
}

}  // namespace

ExecutableFormat executable_format(std::string_view head) {
    if (head.starts_with("\x7f"
                         "ELF")) {
        return ExecutableFormat::Elf;
    }
    if (head.starts_with("MZ")) return ExecutableFormat::Pe;
    static constexpr std::array<std::string_view, 4> kMachO = {
        "\xfe\xed\xfa\xce", "\xfe\xed\xfa\xcf", "\xce\xfa\xed\xfe", "\xcf\xfa\xed\xfe"};
    const bool macho = std::any_of(kMachO.begin(), kMachO.end(),
                                   [&](std::string_view m) { return head.starts_with(m); });
    return macho ? ExecutableFormat::MachO : ExecutableFormat::None;
}

Result<std::optional<SectionSpan>> find_section(const RandomAccessFile& file,
                                                ExecutableFormat format, std::string_view name,
                                                const std::string& where) {
    switch (format) {
        case ExecutableFormat::Elf:
            return elf_section(file, name, where);
        case ExecutableFormat::Pe:
            return pe_section(file, name, where);
        case ExecutableFormat::MachO:
            return macho_section(file, name, where);
        case ExecutableFormat::None:
            break;
    }
    return std::optional<SectionSpan>();
}

}  // namespace berth::analyze::lang
