// SPDX-License-Identifier: Apache-2.0
// The secret engine: every enabled rule compiled once; files streamed through it in bounded chunks.
//
// Per chunk (256 KiB plus the previous chunk's last 8 KiB, so a secret across the edge is whole
// in one buffer; memory stays flat whatever the file size):
//   1. Hyperscan scans the buffer once for every rule keyword (literals, case-insensitive);
//   2. for each rule with a hit, RE2 runs on a window from the start of the hit's line (at most
//      512 bytes back) to 4 KiB after it, windows of one rule merged; rules without keywords
//      (only custom ones) run on the whole buffer;
//   3. the secret part must pass the rule's entropy floor, no allow rule may match it, and it must
//      lie outside every exclude block; matches already reported from the overlap are skipped.
// A file whose first chunk holds a NUL byte in its first 8 KiB is binary and not scanned.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "check/rule.hpp"
#include "core/result.hpp"
#include "core/stream.hpp"
#include "secret/config.hpp"

namespace berth::secret {

/// One secret found in one file.
struct Finding {
    const check::RuleInfo* rule = nullptr;  ///< interned: valid for the whole process
    std::string rule_id;
    std::string category;
    std::size_t line = 0;      ///< 1-based line of the match start
    std::uint64_t offset = 0;  ///< byte offset of the match start
    std::string match;         ///< the matched text on one line, the secret part redacted
};

struct ChunkLimits {
    std::size_t chunk = 256U << 10U;  ///< bytes read per step
    std::size_t overlap = 8U << 10U;  ///< tail kept from the previous step
};

class Engine {
  public:
    /// Compiles the built-in rules (as `config` selects) plus the custom ones.
    /// Errors: InvalidArgument naming the rule whose regex or keywords do not compile.
    static Result<std::shared_ptr<const Engine>> create(const Config& config);
    /// The built-in rules with no config, compiled on first use.
    static std::shared_ptr<const Engine> builtin();

    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    /// Streams `in` (a file at `path`) and appends what it finds. Returns false when the file
    /// is binary and was skipped. Errors: the stream's read errors.
    Result<bool> scan(std::string_view path, ByteStream& in, std::vector<Finding>& out,
                      const ChunkLimits& limits = {}) const;
    /// The same on bytes in memory.
    std::vector<Finding> scan_text(std::string_view path, std::string_view text,
                                   const ChunkLimits& limits = {}) const;

    /// The rule with this id, or nullptr.
    [[nodiscard]] const check::RuleInfo* rule_info(std::string_view id) const;
    [[nodiscard]] std::size_t rule_count() const;
    /// Compiles every rule now (built-in rules are otherwise compiled on their first keyword
    /// hit). Errors: InvalidArgument naming the first rule that does not compile.
    [[nodiscard]] Status compile_all() const;
    /// Identifies the compiled rule set (ids, regexes, keywords, allow rules): part of the layer
    /// cache key, so results of another rule set are never served.
    [[nodiscard]] const std::string& fingerprint() const;

    struct Impl;

  private:
    explicit Engine(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// Keeps the first quarter of the secret (at most 4 characters) and masks the rest with '*'
/// (at most 16): "ghp_abc…xyz" → "ghp_************".
std::string redact(std::string_view secret);

/// Shannon entropy in bits per byte.
double shannon_entropy(std::string_view s);

}  // namespace berth::secret
