// SPDX-License-Identifier: Apache-2.0
// The analyzer contract (after Trivy analyzer.go and scalibr plugin.go). One file per analyzer
// under src/analyze/<kind>/, listed in registry.cpp.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/spool.hpp"
#include "core/result.hpp"
#include "core/stream.hpp"
#include "image/layer_walker.hpp"
#include "sbom/model.hpp"

namespace berth::analyze {

/// A package database (or one file of a split database such as dpkg status.d/) as one layer
/// holds it. The merge stage decides which snapshot of each path is current.
struct PackageDb {
    std::string analyzer;  ///< name() of the analyzer that read it
    std::string path;      ///< normalized path of the database file, e.g. "var/lib/dpkg/status"
    std::vector<sbom::Package> packages;  ///< location.path set; layer fields filled by the merge
};

/// Files a package owns, from a separate file (dpkg info/<pkg>.list).
struct OwnedFiles {
    std::string analyzer;
    std::string package;             ///< "libc6" or "libc6:amd64" as the file name says
    std::string path;                ///< the list file
    std::vector<std::string> files;  ///< normalized relative paths
};

/// An OS identification file as one layer holds it.
struct OsRelease {
    std::string path;  ///< "etc/os-release", "etc/alpine-release", …
    sbom::OsInfo info;
};

/// A file flagged in one layer (setuid binary, …): sbom::FileFinding with location.path set;
/// the merge fills the layer fields and drops it when a later layer deletes or replaces the file.
using FileFinding = sbom::FileFinding;

/// Bytes of owned-file paths (apk R: lines, dpkg info/*.list, rpm file names) one inventory
/// keeps. Paths amplify memory (apk joins every R: name to its F: directory, rpm every base name
/// to a directory name), so a few MiB of hostile database could become gigabytes of strings.
/// Past the budget further paths are dropped and one warning says so (note_file_lists_cut); the
/// packages themselves are all kept. One budget is shared by the layers of a walk (atomic).
class FileListBudget {
  public:
    /// 64 MiB: about 700,000 paths of 60 bytes, several times the largest real images.
    static constexpr std::uint64_t kDefaultBytes = 64ULL << 20U;
    /// Charged per path besides its bytes: the std::string and vector slot that hold it.
    static constexpr std::uint64_t kEntryOverhead = 40;

    explicit FileListBudget(std::uint64_t max_bytes = kDefaultBytes) : max_(max_bytes) {}
    /// Charges one path of `length` bytes; false (and nothing charged) once it would not fit.
    bool take(std::size_t length) {
        const std::uint64_t cost = length + kEntryOverhead;
        std::uint64_t used = used_.load(std::memory_order_relaxed);
        do {
            if (used + cost > max_) return false;
        } while (!used_.compare_exchange_weak(used, used + cost, std::memory_order_relaxed));
        return true;
    }
    [[nodiscard]] std::uint64_t max_bytes() const { return max_; }
    /// True for the first caller only: who reports that the budget ran out.
    bool first_cut() { return !cut_reported_.exchange(true); }

  private:
    std::uint64_t max_;
    std::atomic<std::uint64_t> used_{0};
    std::atomic<bool> cut_reported_{false};
};

/// Adds the warning that the FileListBudget ran out, once per walk (the first database to lose
/// paths names itself; the others would only repeat it). Which packages' files are missing
/// matters less than that some are: files_whited_out may then be missed.
inline void note_file_lists_cut(FileListBudget& budget, const std::string& path, Diagnostics& out) {
    if (!budget.first_cut()) return;
    out.push_back({Diagnostic::Severity::Warning,
                   "owned-file paths past " + std::to_string(budget.max_bytes() >> 20U) +
                       " MiB per image are not kept (from this file on); the packages are all "
                       "listed, their files in part",
                   path});
}

/// Everything all analyzers found in one layer. Cached per layer (diffID + analyzer versions),
/// so it holds plain data only.
struct LayerAnalysis {
    std::vector<PackageDb> package_dbs;
    std::vector<OwnedFiles> owned_files;
    std::vector<OsRelease> os_releases;
    std::vector<FileFinding> file_findings;
    std::vector<sbom::SecretFinding> secrets;  ///< location.path set; layers by the merge
    Diagnostics diagnostics;
    /// Scratch for analyzers whose database spans several files (rpmdb.sqlite + -wal): bytes kept
    /// by path until finish(). Emptied by the walker after finish(); never cached.
    std::map<std::string, std::string> pending;
    /// The walk's budget for owned-file paths (never cached); nullptr = unbounded (unit tests).
    FileListBudget* file_lists = nullptr;

    /// Charges one owned-file path to the walk's budget; false: drop the path (and count it for
    /// note_file_lists_cut).
    bool keep_file_path(std::size_t length) const {
        return file_lists == nullptr || file_lists->take(length);
    }
};

/// What an analyzer sees of a file before deciding to read it.
struct FileInfo {
    image::EntryType type = image::EntryType::File;
    std::uint32_t mode = 0;
    std::uint64_t size = 0;
};

/// One file handed to an analyzer.
struct AnalysisInput {
    const std::string& path;  ///< normalized relative path
    const image::Entry& entry;
    ByteStream& content;                         ///< the file's bytes; valid during analyze() only
    std::uint64_t max_file_read = 64ULL << 20U;  ///< largest file to read whole (read_all)
    /// The same bytes with random access, for analyzers whose needs_random_access() is true
    /// (`content` then reads the spool from its start); nullptr for the others.
    const RandomAccessFile* random = nullptr;
    /// Most packages one database may list (--max-packages): past it the analyzer stops and
    /// returns too_many_packages(), so a hostile database cannot make memory grow without bound.
    std::size_t max_packages = 100'000;
};

/// The error of a package database that lists more than `max_packages` packages (LimitExceeded,
/// naming the option). Fail closed: none of its packages is kept, and the scan says so.
inline Error too_many_packages(std::size_t max_packages, const std::string& path) {
    return Error{ErrorCode::LimitExceeded,
                 "lists more than " + std::to_string(max_packages) +
                     " packages (--max-packages); the database is not read",
                 path};
}

class Analyzer {
  public:
    virtual ~Analyzer() = default;
    /// Path-like name equal to the file's location under src/analyze: "pkgdb/dpkg".
    [[nodiscard]] virtual std::string_view name() const = 0;
    /// Starts at 1; bumped whenever output for the same input changes (part of cache keys).
    [[nodiscard]] virtual int version() const = 0;
    /// What else changes this analyzer's output besides version(): a configuration (the secret
    /// rules of --secret-config). Part of cache keys; "" = nothing.
    [[nodiscard]] virtual std::string cache_salt() const { return {}; }
    /// Hot path, called for every entry of every layer: string compares only, no regex, no
    /// allocation. Regular files are offered, and directories (FileInfo::type Directory, empty
    /// content) to analyzers whose wants_directories() is true.
    [[nodiscard]] virtual bool required(std::string_view path, const FileInfo& info) const = 0;
    /// True when required() should also see directory entries (files/world_writable).
    [[nodiscard]] virtual bool wants_directories() const { return false; }
    /// True when analyze() needs AnalysisInput::random (seeking: zip central directory, ELF
    /// section table). The walker then spools the file first (spool.hpp: memory, then a
    /// temporary file, refused past --max-file-size with a warning diagnostic).
    [[nodiscard]] virtual bool needs_random_access() const { return false; }
    /// Reads one required file and adds what it found to `out`. An error here becomes a
    /// warning diagnostic naming analyzer and path; the scan goes on.
    virtual Status analyze(const AnalysisInput& input, LayerAnalysis& out) const = 0;
    /// Called once per layer after all its files: for databases spanning several files, with the
    /// same package cap as AnalysisInput::max_packages.
    virtual Status finish(LayerAnalysis& /*out*/, std::size_t /*max_packages*/) const { return {}; }
};

/// Every analyzer, in one explicit, sorted list (registry.cpp).
std::vector<std::unique_ptr<Analyzer>> all_analyzers();

}  // namespace berth::analyze
