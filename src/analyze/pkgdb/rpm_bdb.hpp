// SPDX-License-Identifier: Apache-2.0
// A read-only reader for the one BerkeleyDB file rpm ≤ 4.15 keeps its headers in: Packages, a
// BerkeleyDB (libdb 4.x–5.x) hash database. Helper of pkgdb/rpm (rpm_db.cpp).
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "core/result.hpp"

namespace berth::analyze::rpmdb {

/// Called once per record: rpm's header number (the 4-byte key) and the header blob. The view is
/// valid during the call only. An error stops the walk and is returned as is.
using BlobVisitor = std::function<Status(std::uint32_t number, std::string_view blob)>;

/// Walks every record of a BerkeleyDB hash database held in memory, bucket by bucket as
/// rpm's own read-only backend (lib/backend/bdb_ro.c) does, and calls `visit` for each record
/// whose key is a non-zero 4-byte header number (key 0 holds rpm's next-number counter).
/// Both byte orders are read. Every offset, length and page number is checked against the page
/// and the file; each hash page and each overflow page may be visited once per chain, so a
/// cyclic chain is an error, never a loop.
/// Errors (`where` = "page N", "page N item I" or "overflow page N"): Truncated when the file is
/// shorter than its metadata says; Format for a bad magic, page type, offset or chain;
/// Unsupported for btree, encrypted or checksummed databases and duplicate-key items.
Status for_each_bdb_hash_record(std::string_view file, const BlobVisitor& visit);

}  // namespace berth::analyze::rpmdb
