// SPDX-License-Identifier: Apache-2.0
// A read-only reader for rpm's own "ndb" package store, Packages.db (SUSE since SLE 15 SP3 /
// openSUSE Leap 15.3). Helper of pkgdb/rpm (rpm_db.cpp).
#pragma once

#include <string_view>

#include "analyze/pkgdb/rpm_bdb.hpp"
#include "core/result.hpp"

namespace berth::analyze::rpmdb {

/// True when `file` starts with the NDB magic "RpmP".
bool looks_like_ndb(std::string_view file);

/// Calls `visit` for every package blob of an NDB Packages.db held in memory, in file order (as
/// rpm lists them). The slot table, each blob's head and tail are checked against each other
/// and against the file, as rpm's rpmpkg.c does before it trusts a blob.
/// Errors (`where` = "slot N" or "blob of package N at offset 0x…"): Truncated when a slot
/// points past the end of the file; Format for bad magics, counts or overlapping blobs;
/// Unsupported for an NDB version other than 0.
Status for_each_ndb_blob(std::string_view file, const BlobVisitor& visit);

}  // namespace berth::analyze::rpmdb
