// SPDX-License-Identifier: Apache-2.0
// Progress of a long operation (scan, sbom, db import), reported to whoever renders it: the CLI
// draws one line on a terminal's stderr; a server or plugin passes NullProgress or its own.
// Callbacks are cheap and may be called from worker threads: implementations synchronize
// themselves. Counts are totals so far, not increments, so a dropped call loses nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace berth {

class Progress {
  public:
    /// The stages of a scan, in order; a run may skip some (sbom: no database, no matching).
    enum class Phase { Open, Inventory, Database, Match, Report, Import };

    virtual ~Progress() = default;
    /// A new phase starts; `what` names its subject ("oci:./img:latest", a database path).
    virtual void phase(Phase phase, std::string_view what) = 0;
    /// Layers walked or taken from the cache so far, of `total`.
    virtual void layers(std::size_t done, std::size_t total) = 0;
    /// Bytes read so far (registry pulls, blobs), of `total` (0 = unknown).
    virtual void bytes(std::uint64_t done, std::uint64_t total) = 0;
    /// Advisories imported so far (db import).
    virtual void advisories(std::size_t done) = 0;
    /// The operation ended (successfully or not): clear whatever was drawn.
    virtual void finish() = 0;
};

/// Reports nothing: for callers without a display (servers, plugins, tests, `-q`).
class NullProgress final : public Progress {
  public:
    void phase(Phase, std::string_view) override {}
    void layers(std::size_t, std::size_t) override {}
    void bytes(std::uint64_t, std::uint64_t) override {}
    void advisories(std::size_t) override {}
    void finish() override {}
};

/// Short lower-case name of a phase: "open", "inventory", "database", "match", "report",
/// "import".
constexpr std::string_view phase_name(Progress::Phase p) {
    switch (p) {
        case Progress::Phase::Open:
            return "open";
        case Progress::Phase::Inventory:
            return "inventory";
        case Progress::Phase::Database:
            return "database";
        case Progress::Phase::Match:
            return "match";
        case Progress::Phase::Report:
            return "report";
        case Progress::Phase::Import:
            break;
    }
    return "import";
}

}  // namespace berth
