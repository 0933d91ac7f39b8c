// SPDX-License-Identifier: Apache-2.0
// The decision log of `berth authz serve --audit-log FILE`: one JSON object per line and per
// AuthZReq decision, written and flushed under a lock, the file rotated by size
// (FILE → FILE.1 → … → FILE.<keep>, the oldest dropped) when a line would take it past
// --audit-log-max-size.
//
//   {"time":"2026-12-07T18:00:00.123Z","user":"bob","method":"POST","path":"/containers/create",
//    "decision":"deny","rule":"authz/role","reason":"roles read-only do not allow …"}
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

#include "authz/decide.hpp"
#include "core/result.hpp"

namespace berth::authz {

/// One audit line (no newline): time, user, method, path, decision ("allow", "warn" = allowed
/// with warnings, "deny"), rule, reason, and image and warnings when present.
std::string audit_line(const Decision& d, std::int64_t unix_ms);

/// A size-rotated JSON-lines file ("-" = standard error, never rotated). Thread-safe.
class AuditLog {
  public:
    /// Opens (appends to) `path`. Errors: Io naming the path.
    static Result<std::unique_ptr<AuditLog>> open(const std::string& path, std::uint64_t max_size,
                                                  int keep = 3);
    ~AuditLog();
    AuditLog(const AuditLog&) = delete;
    AuditLog& operator=(const AuditLog&) = delete;

    /// Appends one decision; rotation or write failures are reported once on stderr and the
    /// decision is not affected.
    void write(const Decision& d);
    /// Appends a raw line (plugin events such as a policy reload).
    void write_line(const std::string& line);

  private:
    AuditLog(std::string path, std::FILE* f, std::uint64_t size, std::uint64_t max_size, int keep);
    void rotate_locked();

    std::mutex mu_;
    std::string path_;
    std::FILE* file_;
    std::uint64_t size_;
    std::uint64_t max_size_;
    int keep_;
    bool reported_ = false;
};

}  // namespace berth::authz
