// SPDX-License-Identifier: Apache-2.0
// BerkeleyDB hash access method, read-only, from memory. Layout from libdb's dbinc/db_page.h
// (also described by rpm lib/backend/bdb_ro.c and go-rpmdb pkg/bdb); all integers are in the
// byte order the magic number shows (rpm wrote them in the host's order):
//
//   page 0, hash metadata (HMETA):          every other page starts with a 26-byte header:
//     0  lsn[8]      20 pagesize              0  lsn[8]          20 entries (u16)
//     8  pgno        24 encrypt_alg (u8)      8  pgno            22 hf_offset (u16)
//     12 magic 0x061561  25 type = 8 (u8)     12 prev_pgno       24 level (u8)
//     16 version     26 metaflags (u8)        16 next_pgno       25 type (u8)
//     32 last_pgno   72 max_bucket   96 spares[32]
//
//   hash page (type 13, or 2 = unsorted): `entries` u16 offsets follow the header, in pairs
//   (key, data); items sit at the end of the page, in index order going down, so item i spans
//   [inp[i], inp[i-1]) with inp[-1] = pagesize. The first byte of an item is its type:
//     1 H_KEYDATA  the bytes follow inline
//     3 H_OFFPAGE  {type, pad[3], pgno u32, tlen u32}: the item lives in a chain of overflow
//                  pages (type 7), each holding hf_offset bytes after its header, linked by
//                  next_pgno
//   Bucket b starts at page b + spares[ceil(log2(b + 1))] and continues through next_pgno.
//
// rpm's Packages: key = header number (u32; key 0 holds rpm's counter), data = the header blob,
// an overflow item in practice. go-rpmdb testdata/libuuid/Packages (page size 4096, 2 buckets):
//   page 1 (bucket 0): type 13, entries 2, inp {4091, 4086}
//     key  @4091  01 | 00000000                      header number 0: skipped
//     data @4086  01 | 01000000                      inline
//   page 2 (bucket 1): type 13, entries 2, inp {4091, 4079}
//     key  @4091  01 | 01000000                      header number 1
//     data @4079  03 | a81c87 | 03000000 | f03b0100  80880 bytes in overflow pages from page 3
//   → visit(1, <80880-byte header blob of libuuid-2.32.1-42.el8_8.x86_64>)
#include "analyze/pkgdb/rpm_bdb.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace berth::analyze::rpmdb {
namespace {

constexpr std::uint32_t kHashMagic = 0x061561;
constexpr std::uint32_t kBtreeMagic = 0x053162;
constexpr std::size_t kMetaSize = 512;   // the part of page 0 that is read
constexpr std::size_t kPageHeader = 26;  // SIZEOF_PAGE
constexpr std::uint8_t kPageHashUnsorted = 2;
constexpr std::uint8_t kPageOverflow = 7;
constexpr std::uint8_t kPageHashMeta = 8;
constexpr std::uint8_t kPageHash = 13;
constexpr std::uint8_t kItemKeyData = 1;
constexpr std::uint8_t kItemDuplicate = 2;
constexpr std::uint8_t kItemOffPage = 3;
constexpr std::uint8_t kItemOffDup = 4;
constexpr std::size_t kOffPageItem = 12;
constexpr std::uint8_t kMetaChecksum = 0x01;  // DBMETA_CHKSUM

std::string page_where(std::uint32_t pgno) {
    return "page " + std::to_string(pgno);
}

class HashDb {
  public:
    static Result<HashDb> open(std::string_view file) {
        HashDb db(file);
        if (auto st = db.read_meta(); !st) return fail(st.error());
        return db;
    }

    Status walk(const BlobVisitor& visit) {
        std::vector<bool> seen(std::size_t{last_page_} + 1, false);
        std::string key_scratch;
        std::string value_scratch;
        for (std::uint64_t bucket = 0; bucket <= max_bucket_; ++bucket) {
            auto first = bucket_page(bucket);
            if (!first) return fail(first.error());
            std::uint32_t pgno = *first;
            while (pgno != 0) {
                if (pgno > last_page_) {
                    return fail(ErrorCode::Format,
                                "hash chain of bucket " + std::to_string(bucket) +
                                    " points to page " + std::to_string(pgno) +
                                    ", past the last page " + std::to_string(last_page_),
                                "bucket " + std::to_string(bucket));
                }
                if (seen[pgno]) {
                    return fail(
                        ErrorCode::Format,
                        "hash page chain comes back to page " + std::to_string(pgno) + " (cycle)",
                        page_where(pgno));
                }
                seen[pgno] = true;
                auto page = load_page(pgno);
                if (!page) return fail(page.error());
                if (auto st = walk_page(*page, pgno, key_scratch, value_scratch, visit); !st)
                    return st;
                pgno = u32(*page + 16);
            }
        }
        return {};
    }

  private:
    explicit HashDb(std::string_view file) : file_(file) {}

    [[nodiscard]] std::uint32_t u32(const unsigned char* p) const {
        return big_ ? (std::uint32_t{p[0]} << 24U) | (std::uint32_t{p[1]} << 16U) |
                          (std::uint32_t{p[2]} << 8U) | std::uint32_t{p[3]}
                    : (std::uint32_t{p[3]} << 24U) | (std::uint32_t{p[2]} << 16U) |
                          (std::uint32_t{p[1]} << 8U) | std::uint32_t{p[0]};
    }
    [[nodiscard]] std::uint16_t u16(const unsigned char* p) const {
        return static_cast<std::uint16_t>(big_ ? (p[0] << 8U) | p[1] : (p[1] << 8U) | p[0]);
    }

    Status read_meta() {
        if (file_.size() < kMetaSize) {
            return fail(ErrorCode::Truncated,
                        "file of " + std::to_string(file_.size()) +
                            " bytes is shorter than a BerkeleyDB metadata page",
                        page_where(0));
        }
        const auto* m = reinterpret_cast<const unsigned char*>(file_.data());
        big_ = false;
        std::uint32_t magic = u32(m + 12);
        if (magic != kHashMagic && magic != kBtreeMagic) {
            big_ = true;
            magic = u32(m + 12);
        }
        if (magic == kBtreeMagic) {
            return fail(ErrorCode::Unsupported,
                        "BerkeleyDB btree database (rpm's Packages is a hash)", page_where(0));
        }
        if (magic != kHashMagic) {
            return fail(ErrorCode::Format, "not a BerkeleyDB hash database (bad magic)",
                        page_where(0));
        }
        const std::uint32_t version = u32(m + 16);
        if (version < 8 || version > 10) {
            return fail(
                ErrorCode::Unsupported,
                "BerkeleyDB hash version " + std::to_string(version) + " (8 to 10 are read)",
                page_where(0));
        }
        page_size_ = u32(m + 20);
        if (page_size_ < 512 || page_size_ > 65536 || (page_size_ & (page_size_ - 1)) != 0) {
            return fail(ErrorCode::Format,
                        "page size " + std::to_string(page_size_) +
                            " is not a power of two from 512 to 65536",
                        page_where(0));
        }
        if (m[24] != 0) {
            return fail(ErrorCode::Unsupported, "encrypted BerkeleyDB database", page_where(0));
        }
        if (m[25] != kPageHashMeta) {
            return fail(ErrorCode::Format,
                        "page 0 has type " + std::to_string(m[25]) + ", not hash metadata (8)",
                        page_where(0));
        }
        if ((m[26] & kMetaChecksum) != 0) {
            return fail(ErrorCode::Unsupported, "BerkeleyDB database with page checksums",
                        page_where(0));
        }
        last_page_ = u32(m + 32);
        const std::uint64_t needed = (std::uint64_t{last_page_} + 1) * page_size_;
        if (needed > file_.size()) {
            return fail(ErrorCode::Truncated,
                        "metadata says " + std::to_string(std::uint64_t{last_page_} + 1) +
                            " pages of " + std::to_string(page_size_) + " bytes, the file has " +
                            std::to_string(file_.size()) + " bytes",
                        page_where(0));
        }
        max_bucket_ = u32(m + 72);
        if (max_bucket_ > last_page_) {
            return fail(ErrorCode::Format,
                        "metadata says " + std::to_string(std::uint64_t{max_bucket_} + 1) +
                            " buckets, more than the " + std::to_string(last_page_) + " pages",
                        page_where(0));
        }
        for (std::size_t i = 0; i < spares_.size(); ++i) spares_[i] = u32(m + 96 + 4 * i);
        return {};
    }

    // BUCKET_TO_PAGE in libdb's hash.h.
    [[nodiscard]] Result<std::uint32_t> bucket_page(std::uint64_t bucket) const {
        std::size_t bits = 0;
        for (std::uint64_t b = bucket; b != 0; b >>= 1U) ++bits;
        const std::uint64_t pgno = bits < spares_.size() ? bucket + spares_[bits] : UINT64_MAX;
        if (pgno == 0 || pgno > last_page_) {
            return fail(ErrorCode::Format,
                        "bucket " + std::to_string(bucket) + " maps to page " +
                            (pgno == UINT64_MAX ? std::string("(none)") : std::to_string(pgno)) +
                            ", outside pages 1 to " + std::to_string(last_page_),
                        page_where(0));
        }
        return static_cast<std::uint32_t>(pgno);
    }

    // The page `pgno` (already checked to be ≤ last_page_, hence inside the file).
    [[nodiscard]] Result<const unsigned char*> load_page(std::uint32_t pgno) const {
        const auto* p =
            reinterpret_cast<const unsigned char*>(file_.data()) + std::size_t{pgno} * page_size_;
        if (u32(p + 8) != pgno) {
            return fail(ErrorCode::Format,
                        "page " + std::to_string(pgno) + " carries the number " +
                            std::to_string(u32(p + 8)),
                        page_where(pgno));
        }
        return p;
    }

    Status walk_page(const unsigned char* p, std::uint32_t pgno, std::string& key_scratch,
                     std::string& value_scratch, const BlobVisitor& visit) {
        if (p[25] != kPageHash && p[25] != kPageHashUnsorted) {
            return fail(ErrorCode::Format,
                        "page " + std::to_string(pgno) + " has type " + std::to_string(p[25]) +
                            " in a hash chain (expected 13 or 2)",
                        page_where(pgno));
        }
        const std::size_t entries = u16(p + 20);
        if (kPageHeader + 2 * entries > page_size_) {
            return fail(ErrorCode::Format,
                        std::to_string(entries) + " item offsets do not fit in the page",
                        page_where(pgno));
        }
        if (entries % 2 != 0) {
            return fail(ErrorCode::Format,
                        std::to_string(entries) + " items: keys and data must come in pairs",
                        page_where(pgno));
        }
        const std::size_t floor = kPageHeader + 2 * entries;
        std::size_t upper = page_size_;  // end of the previous item
        for (std::size_t i = 0; i < entries; i += 2) {
            const std::size_t key_off = u16(p + kPageHeader + 2 * i);
            const std::size_t value_off = u16(p + kPageHeader + 2 * (i + 1));
            if (key_off < floor || key_off >= upper || value_off < floor || value_off >= key_off) {
                return fail(ErrorCode::Format,
                            "item offsets " + std::to_string(key_off) + "/" +
                                std::to_string(value_off) + " are outside the item area [" +
                                std::to_string(floor) + ", " + std::to_string(upper) + ")",
                            page_where(pgno) + " item " + std::to_string(i));
            }
            auto key = item(p, pgno, i, key_off, upper - key_off, key_scratch);
            if (!key) return fail(key.error());
            auto value = item(p, pgno, i + 1, value_off, key_off - value_off, value_scratch);
            if (!value) return fail(value.error());
            upper = value_off;
            if (key->size() != 4) continue;  // not a header number: not a package
            const std::uint32_t number = u32(reinterpret_cast<const unsigned char*>(key->data()));
            if (number == 0) continue;  // rpm's "next header number" record
            if (auto st = visit(number, *value); !st) return st;
        }
        return {};
    }

    // The bytes of item `index` at [off, off + len) of page `pgno`.
    Result<std::string_view> item(const unsigned char* p, std::uint32_t pgno, std::size_t index,
                                  std::size_t off, std::size_t len, std::string& scratch) {
        const std::string where = page_where(pgno) + " item " + std::to_string(index);
        switch (p[off]) {
            case kItemKeyData:
                return std::string_view(reinterpret_cast<const char*>(p) + off + 1, len - 1);
            case kItemOffPage: {
                if (len < kOffPageItem) {
                    return fail(
                        ErrorCode::Format,
                        "overflow reference of " + std::to_string(len) + " bytes (12 expected)",
                        where);
                }
                auto st = overflow(u32(p + off + 4), u32(p + off + 8), scratch);
                if (!st) return fail(with_where(st.error(), where));
                return std::string_view(scratch);
            }
            case kItemDuplicate:
            case kItemOffDup:
                return fail(ErrorCode::Unsupported, "duplicate-key items (not used by rpm)", where);
            default:
                return fail(ErrorCode::Format, "unknown item type " + std::to_string(p[off]),
                            where);
        }
    }

    // Reads `total` bytes from the overflow chain starting at `pgno` into `out`.
    Status overflow(std::uint32_t pgno, std::uint32_t total, std::string& out) {
        if (total == 0 || total > file_.size()) {
            return fail(ErrorCode::Format, "overflow item of " + std::to_string(total) +
                                               " bytes (the file has " +
                                               std::to_string(file_.size()) + ")");
        }
        if (chain_stamp_.empty()) chain_stamp_.assign(std::size_t{last_page_} + 1, 0);
        ++chain_;
        out.clear();
        out.reserve(total);
        std::size_t remaining = total;
        while (remaining > 0) {
            if (pgno == 0 || pgno > last_page_) {
                return fail(ErrorCode::Format,
                            "overflow chain points to page " + std::to_string(pgno) + " with " +
                                std::to_string(remaining) + " of " + std::to_string(total) +
                                " bytes still to read (pages are 1 to " +
                                std::to_string(last_page_) + ")",
                            "overflow " + page_where(pgno));
            }
            if (chain_stamp_[pgno] == chain_) {
                return fail(
                    ErrorCode::Format,
                    "overflow chain comes back to page " + std::to_string(pgno) + " (cycle)",
                    "overflow " + page_where(pgno));
            }
            // libdb gives every item its own overflow chain; a page already read for another
            // item means a crafted file that would make us re-read one long chain per item.
            if (chain_stamp_[pgno] != 0) {
                return fail(ErrorCode::Format,
                            "overflow page " + std::to_string(pgno) + " is shared by two items",
                            "overflow " + page_where(pgno));
            }
            chain_stamp_[pgno] = chain_;
            auto page = load_page(pgno);
            if (!page) return fail(page.error());
            const unsigned char* p = *page;
            if (p[25] != kPageOverflow) {
                return fail(
                    ErrorCode::Format,
                    "page of type " + std::to_string(p[25]) + " in an overflow chain (expected 7)",
                    "overflow " + page_where(pgno));
            }
            const std::size_t used = u16(p + 22);
            if (used == 0 || used > page_size_ - kPageHeader || used > remaining) {
                return fail(ErrorCode::Format,
                            "overflow page holds " + std::to_string(used) + " bytes with " +
                                std::to_string(remaining) + " still to read (page room " +
                                std::to_string(page_size_ - kPageHeader) + ")",
                            "overflow " + page_where(pgno));
            }
            out.append(reinterpret_cast<const char*>(p) + kPageHeader, used);
            remaining -= used;
            pgno = u32(p + 16);
        }
        return {};
    }

    std::string_view file_;
    bool big_ = false;
    std::uint32_t page_size_ = 0;
    std::uint32_t last_page_ = 0;
    std::uint32_t max_bucket_ = 0;
    std::array<std::uint32_t, 32> spares_{};
    std::vector<std::uint32_t> chain_stamp_;  // chain_stamp_[page] != 0: read by chain number N
    std::uint32_t chain_ = 0;
};

}  // namespace

Status for_each_bdb_hash_record(std::string_view file, const BlobVisitor& visit) {
    auto db = HashDb::open(file);
    if (!db) return fail(db.error());
    return db->walk(visit);
}

}  // namespace berth::analyze::rpmdb
