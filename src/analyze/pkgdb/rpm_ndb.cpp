// SPDX-License-Identifier: Apache-2.0
// rpm "ndb" Packages.db, read-only, from memory. Layout from rpm lib/backend/ndb/rpmpkg.c (also
// go-rpmdb pkg/ndb); all integers little-endian, the file is counted in 16-byte blocks:
//
//   0      header (32 bytes): "RpmP", version 0, generation, slot pages, next package index, …
//   32     slots of 16 bytes: "Slot", package index, block offset, block count; the slot pages
//          fill the first `slot pages` × 4096 bytes (the header takes the first two slots);
//          block offset 0 = free slot
//   after  blobs, each at block offset × 16, `block count` blocks long:
//          head "BlbS", package index, timestamp, length | header blob | zero padding |
//          tail adler32, length, "BlbE" (the last 12 bytes of the last block)
//
// Example (go-rpmdb testdata/sle15-bci/Packages.db, 35 of its 254 slots used):
//   @0x0000  52706d50 00000000 2e000000 01000000 29000000  "RpmP", v0, gen 46, 1 page, next 41
//   @0x0020  536c6f74 01000000 00010000 04010000           "Slot", pkg 1, block 256, 260 blocks
//   @0x1000  426c6253 01000000 01000000 20100000           "BlbS", pkg 1, time 1, 4128 bytes
//   @0x1010  00000047 00000ba8 …                           header blob: il 71, dl 2984, …
//   @0x2034  4a468b30 20100000 426c6245                    adler32, 4128, "BlbE"
//   → one blob of 4128 bytes for package 1 (system-user-root)
//
// The adler32 in the tail is not verified: rpm does not verify it when it reads a blob either
// (rpmpkgReadBlob verifies only when it checks a neighbour before a write).
#include "analyze/pkgdb/rpm_ndb.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace berth::analyze::rpmdb {
namespace {

constexpr std::uint32_t fourcc(char a, char b, char c, char d) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(a)) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b)) << 8U |
           static_cast<std::uint32_t>(static_cast<unsigned char>(c)) << 16U |
           static_cast<std::uint32_t>(static_cast<unsigned char>(d)) << 24U;
}
constexpr std::uint32_t kDbMagic = fourcc('R', 'p', 'm', 'P');
constexpr std::uint32_t kSlotMagic = fourcc('S', 'l', 'o', 't');
constexpr std::uint32_t kBlobHeadMagic = fourcc('B', 'l', 'b', 'S');
constexpr std::uint32_t kBlobTailMagic = fourcc('B', 'l', 'b', 'E');
constexpr std::size_t kHeaderSize = 32;
constexpr std::size_t kSlotSize = 16;
constexpr std::size_t kBlockSize = 16;
constexpr std::size_t kPageSize = 4096;
constexpr std::size_t kBlobHead = 16;
constexpr std::size_t kBlobTail = 12;

std::uint32_t le32(std::string_view file, std::size_t off) {
    const auto* p = reinterpret_cast<const unsigned char*>(file.data()) + off;
    return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8U | std::uint32_t{p[2]} << 16U |
           std::uint32_t{p[3]} << 24U;
}

std::string hex(std::uint64_t v) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    do {
        out.insert(out.begin(), kDigits[v & 0xFU]);
        v >>= 4U;
    } while (v != 0);
    return "0x" + out;
}

struct Slot {
    std::uint32_t index;  // slot number, counted from the start of the file
    std::uint32_t package;
    std::uint32_t block;
    std::uint32_t blocks;
};

std::string slot_where(const Slot& s) {
    return "slot " + std::to_string(s.index);
}

}  // namespace

bool looks_like_ndb(std::string_view file) {
    return file.size() >= 4 && le32(file, 0) == kDbMagic;
}

Status for_each_ndb_blob(std::string_view file, const BlobVisitor& visit) {
    if (file.size() < kHeaderSize) {
        return fail(
            ErrorCode::Truncated,
            "file of " + std::to_string(file.size()) + " bytes is shorter than the NDB header",
            "offset 0x0");
    }
    if (!looks_like_ndb(file))
        return fail(ErrorCode::Format, "not an rpm NDB database (bad magic)", "offset 0x0");
    if (const auto version = le32(file, 4); version != 0) {
        return fail(ErrorCode::Unsupported,
                    "NDB version " + std::to_string(version) + " (0 is read)", "offset 0x4");
    }
    const std::uint64_t pages = le32(file, 12);
    if (pages == 0)
        return fail(ErrorCode::Format, "NDB header announces no slot page", "offset 0xc");
    if (pages * kPageSize > file.size()) {
        return fail(ErrorCode::Truncated,
                    "NDB header announces " + std::to_string(pages) + " slot pages, the file has " +
                        std::to_string(file.size()) + " bytes",
                    "offset 0xc");
    }
    const std::uint64_t file_blocks = file.size() / kBlockSize;
    const std::uint64_t first_blob_block = pages * (kPageSize / kBlockSize);

    std::vector<Slot> slots;
    const std::size_t slot_count = static_cast<std::size_t>(pages * (kPageSize / kSlotSize));
    for (std::size_t i = kHeaderSize / kSlotSize; i < slot_count; ++i) {
        const std::size_t off = i * kSlotSize;
        const Slot s{static_cast<std::uint32_t>(i), le32(file, off + 4), le32(file, off + 8),
                     le32(file, off + 12)};
        if (le32(file, off) != kSlotMagic) {
            return fail(ErrorCode::Format, "bad slot magic",
                        slot_where(s) + " at offset " + hex(off));
        }
        if (s.block == 0) continue;  // free
        if (s.package == 0 || s.blocks == 0 || s.block < first_blob_block) {
            return fail(ErrorCode::Format,
                        "slot for package " + std::to_string(s.package) + " at block " +
                            std::to_string(s.block) + " × " + std::to_string(s.blocks) +
                            " is not a valid entry",
                        slot_where(s));
        }
        if (std::uint64_t{s.block} + s.blocks > file_blocks) {
            return fail(ErrorCode::Truncated,
                        "blob of package " + std::to_string(s.package) + " ends at byte " +
                            std::to_string((std::uint64_t{s.block} + s.blocks) * kBlockSize) +
                            ", past the end of the file (" + std::to_string(file.size()) +
                            " bytes)",
                        slot_where(s));
        }
        slots.push_back(s);
    }
    // rpm lists packages in file order; overlapping blobs or a package stored twice mean the
    // slot table cannot be trusted.
    std::sort(slots.begin(), slots.end(),
              [](const Slot& a, const Slot& b) { return a.block < b.block; });
    for (std::size_t i = 1; i < slots.size(); ++i) {
        if (std::uint64_t{slots[i - 1].block} + slots[i - 1].blocks > slots[i].block) {
            return fail(ErrorCode::Format,
                        "blobs of packages " + std::to_string(slots[i - 1].package) + " and " +
                            std::to_string(slots[i].package) + " overlap",
                        slot_where(slots[i]));
        }
    }
    {
        std::vector<std::uint32_t> packages;
        packages.reserve(slots.size());
        for (const auto& s : slots) packages.push_back(s.package);
        std::sort(packages.begin(), packages.end());
        if (auto dup = std::adjacent_find(packages.begin(), packages.end());
            dup != packages.end()) {
            return fail(ErrorCode::Format, "package " + std::to_string(*dup) + " has two slots",
                        "slots");
        }
    }

    for (const auto& s : slots) {
        const std::size_t off = std::size_t{s.block} * kBlockSize;
        const std::size_t span = std::size_t{s.blocks} * kBlockSize;
        const std::string where =
            "blob of package " + std::to_string(s.package) + " at offset " + hex(off);
        if (span < kBlobHead + kBlobTail) {
            return fail(ErrorCode::Format, std::to_string(s.blocks) + " blocks cannot hold a blob",
                        where);
        }
        if (le32(file, off) != kBlobHeadMagic)
            return fail(ErrorCode::Format, "bad blob head magic", where);
        if (le32(file, off + 4) != s.package) {
            return fail(ErrorCode::Format,
                        "blob head names package " + std::to_string(le32(file, off + 4)) +
                            ", the slot package " + std::to_string(s.package),
                        where);
        }
        const std::uint64_t length = le32(file, off + 12);
        if ((kBlobHead + length + kBlobTail + kBlockSize - 1) / kBlockSize != s.blocks) {
            return fail(ErrorCode::Format,
                        "blob length " + std::to_string(length) + " does not fill the slot's " +
                            std::to_string(s.blocks) + " blocks",
                        where);
        }
        const std::size_t tail = off + span - kBlobTail;
        if (le32(file, tail + 4) != length || le32(file, tail + 8) != kBlobTailMagic) {
            return fail(ErrorCode::Format, "blob tail does not match its head", where);
        }
        if (auto st =
                visit(s.package, file.substr(off + kBlobHead, static_cast<std::size_t>(length)));
            !st) {
            return st;
        }
    }
    return {};
}

}  // namespace berth::analyze::rpmdb
