// SPDX-License-Identifier: Apache-2.0
#include "analyze/inventory.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "analyze/os/os_release.hpp"

namespace berth::analyze {
namespace {

// Runs every analyzer over the files of one layer and records its deletions.
class AnalyzingVisitor final : public image::LayerVisitor {
  public:
    AnalyzingVisitor(const std::vector<std::unique_ptr<Analyzer>>& analyzers,
                     const image::Limits& limits, const SpoolOptions& spool,
                     FileListBudget& file_lists)
        : analyzers_(analyzers), limits_(limits), spool_(spool) {
        record_.analysis.file_lists = &file_lists;
    }

    Status on_entry(const image::Entry& entry, ByteStream& content) override {
        if (entry.whiteout == image::Whiteout::None)
            record_.written.push_back(path_hash(entry.path));
        if (entry.whiteout == image::Whiteout::File) {
            record_.whiteouts.push_back(entry.path);
            return {};
        }
        if (entry.whiteout == image::Whiteout::Opaque) {
            record_.opaque_dirs.push_back(entry.path);
            return {};
        }
        if (entry.type == image::EntryType::Hardlink) {
            note_hardlink(entry);
            return {};
        }
        if (entry.type == image::EntryType::Directory) return on_directory(entry, content);
        if (entry.type != image::EntryType::File) return {};
        FileInfo info{entry.type, entry.mode, entry.size};
        wanting_.clear();
        for (const auto& a : analyzers_) {
            if (a->required(entry.path, info)) wanting_.push_back(a.get());
        }
        if (wanting_.empty()) return {};
        if (std::any_of(wanting_.begin(), wanting_.end(),
                        [](const Analyzer* a) { return a->needs_random_access(); })) {
            return run_spooled(entry, content);
        }
        if (wanting_.size() == 1) return run(*wanting_.front(), entry, content);
        // Several analyzers want the same file: read it once, hand each a copy of the bytes.
        auto bytes = read_all(content, limits_.max_file_read, entry.path);
        if (!bytes) return note_failure(nullptr, entry, bytes.error());
        for (const Analyzer* a : wanting_) {
            StringStream copy(*bytes);
            if (auto st = run(*a, entry, copy); !st) return st;
        }
        return {};
    }

    // Finishes multi-file databases; returns the layer's record.
    LayerRecord finish(const image::LayerSummary& summary) {
        for (const auto& a : analyzers_) {
            if (auto st = a->finish(record_.analysis, limits_.max_packages); !st)
                note_failure(a.get(), {}, st.error());
        }
        record_.analysis.pending.clear();
        record_.analysis.file_lists = nullptr;  // the budget does not outlive the walk
        std::sort(record_.written.begin(), record_.written.end());
        record_.written.erase(std::unique(record_.written.begin(), record_.written.end()),
                              record_.written.end());
        record_.summary = summary;
        return std::move(record_);
    }

  private:
    // Directories go only to the analyzers that ask for them; they carry no bytes.
    Status on_directory(const image::Entry& entry, ByteStream& content) {
        const FileInfo info{image::EntryType::Directory, entry.mode, 0};
        for (const auto& a : analyzers_) {
            if (a->wants_directories() && a->required(entry.path, info)) {
                if (auto st = run(*a, entry, content); !st) return st;
            }
        }
        return {};
    }

    // A hardlink carries no bytes; when an analyzer wants its path, the target is read after
    // the walk (resolve_hardlinks).
    void note_hardlink(const image::Entry& entry) {
        const FileInfo info{image::EntryType::File, entry.mode, entry.size};
        for (const auto& a : analyzers_) {
            if (a->required(entry.path, info)) {
                record_.hardlinks.push_back({entry.path, entry.link_target, entry.mode});
                return;
            }
        }
    }

    struct StringStream final : ByteStream {
        explicit StringStream(const std::string& s) : data(s) {}
        Result<std::size_t> read(void* buf, std::size_t size) override {
            std::size_t n = std::min(size, data.size() - pos);
            std::copy_n(data.data() + pos, n, static_cast<char*>(buf));
            pos += n;
            return n;
        }
        const std::string& data;
        std::size_t pos = 0;
    };

    // Some analyzer wants to seek: copy the file into a bounded spool once, give those analyzers
    // random access and the others a stream over the same copy. A file over the spool's size
    // cap is a warning naming it, not a failure.
    Status run_spooled(const image::Entry& entry, ByteStream& content) {
        auto spooled = spool(content, entry.size, spool_,
                             "layer " + std::to_string(entry.layer) + "/" + entry.path);
        if (!spooled) {
            const Error& e = spooled.error();
            record_.analysis.diagnostics.push_back(
                {Diagnostic::Severity::Warning, e.message, e.where, /*incomplete=*/true});
            return {};
        }
        for (const Analyzer* a : wanting_) {
            RandomAccessStream stream(**spooled);
            const RandomAccessFile* random = a->needs_random_access() ? spooled->get() : nullptr;
            if (auto st = run(*a, entry, stream, random); !st) return st;
        }
        return {};
    }

    Status run(const Analyzer& a, const image::Entry& entry, ByteStream& content,
               const RandomAccessFile* random = nullptr) {
        AnalysisInput input{entry.path,          entry, content, limits_.max_file_read, random,
                            limits_.max_packages};
        if (auto st = a.analyze(input, record_.analysis); !st) note_failure(&a, entry, st.error());
        return {};
    }

    // One analyzer failing on one file is a warning; the scan goes on (STYLE.md §4), marked
    // incomplete: what that file holds is missing from the inventory.
    Status note_failure(const Analyzer* a, const image::Entry& entry, const Error& e) {
        record_.analysis.diagnostics.push_back(
            {Diagnostic::Severity::Warning,
             (a != nullptr ? std::string(a->name()) + ": " : std::string()) + e.message,
             "layer " + std::to_string(entry.layer) + "/" + entry.path, /*incomplete=*/true});
        return {};
    }

    const std::vector<std::unique_ptr<Analyzer>>& analyzers_;
    const image::Limits& limits_;
    const SpoolOptions& spool_;
    std::vector<const Analyzer*> wanting_;
    LayerRecord record_;
};

bool covers(const std::string& dir_or_path, const std::string& path) {
    return dir_or_path.empty() || path == dir_or_path ||
           (path.size() > dir_or_path.size() &&
            path.compare(0, dir_or_path.size(), dir_or_path) == 0 &&
            path[dir_or_path.size()] == '/');
}

// True when `path` names something inside the file `file`: "FILE!/ENTRY" (lang/jar).
bool inside_file(const std::string& path, const std::string& file) {
    return path.size() > file.size() + 2 && path.compare(0, file.size(), file) == 0 &&
           path.compare(file.size(), 2, "!/") == 0;
}

// True when a layer in (written, until) deletes `path` (whiteout of it or a parent, or an opaque
// marker on a parent). A layer's own markers apply to the layers below it.
bool deleted_after(const std::vector<LayerRecord>& layers, std::size_t written,
                   const std::string& path, std::size_t until = SIZE_MAX) {
    for (std::size_t i = written + 1; i < layers.size() && i < until; ++i) {
        for (const auto& w : layers[i].whiteouts) {
            if (covers(w, path)) return true;
        }
        for (const auto& o : layers[i].opaque_dirs) {
            if (path != o && covers(o, path)) return true;
        }
    }
    return false;
}

// What identifies one installed package across snapshots of a database. The version is part of
// it: rpm databases hold several records of one name and arch (kernels, gpg-pubkey).
std::string package_key(const sbom::Package& p) {
    return p.name + "\x1f" + p.arch + "\x1f" + p.version;
}

// Everything but the location: a change here is a change by that layer.
auto record_fields(const sbom::Package& p) {
    return std::tie(p.version, p.source_name, p.source_version, p.maintainer, p.vendor, p.license,
                    p.installed_size, p.checksum, p.files);
}

// Neither an OS release file nor a package database in any layer: the input is most likely not
// an image or a root filesystem (a mistyped directory, a source tree), and "0 packages" alone
// would read as "nothing vulnerable". Said once, as a warning; the run still succeeds.
void note_unrecognized_root(const image::Image& image, bool any_package_db, sbom::Inventory& inv) {
    if (inv.os || any_package_db) return;
    const std::string& where = !image.location.empty() ? image.location : image.reference;
    inv.diagnostics.push_back({Diagnostic::Severity::Warning,
                               "no OS release file (etc/os-release, usr/lib/os-release) and no "
                               "package database (dpkg, apk, "
                               "rpm) found: this does not look like an image or a root filesystem, "
                               "so no packages are listed",
                               where.empty() ? std::string("image") : where});
}

}  // namespace

namespace {

// Sets the layer fields of a location from the layer that introduced what it locates.
void fill_layer(sbom::Location& loc, std::size_t layer, const image::Image& image) {
    loc.layer_introduced = layer;
    if (layer < image.layers.size()) {
        const auto& l = image.layers[layer];
        loc.layer_digest = l.digest;
        loc.layer_diff_id = l.diff_id;
        loc.created_by = l.created_by;
    }
}

// True when a layer after `written` writes `path` again (any non-whiteout entry: a new file,
// a directory or a link there replaces what was flagged).
bool replaced_after(const std::vector<LayerRecord>& layers, std::size_t written,
                    const std::string& path) {
    const std::uint64_t h = path_hash(path);
    for (std::size_t i = written + 1; i < layers.size(); ++i) {
        if (std::binary_search(layers[i].written.begin(), layers[i].written.end(), h)) return true;
    }
    return false;
}

// One database path's snapshots, in layer order.
struct Snapshot {
    std::size_t layer;
    const PackageDb* db;
};
using OwnedIndex = std::map<std::string, std::pair<std::size_t, const OwnedFiles*>>;

// Attributes one package of the last snapshot: walks back through the snapshots while the
// package is there with its current version and the database was not deleted in between; the
// earliest such layer introduced it, the latest record change changed it.
void attribute(sbom::Package& out, const std::vector<Snapshot>& snaps,
               const std::vector<std::unordered_map<std::string, const sbom::Package*>>& index,
               const std::string& db_path, const std::vector<LayerRecord>& layers) {
    const Snapshot& last = snaps.back();
    const std::string k = package_key(out);
    std::size_t introduced = last.layer;
    std::size_t changed = last.layer;
    bool change_found = false;
    const sbom::Package* newer = &out;
    for (std::size_t s_i = snaps.size() - 1; s_i-- > 0;) {
        const std::size_t newer_layer = snaps[s_i + 1].layer;
        if (deleted_after(layers, snaps[s_i].layer, db_path, newer_layer + 1)) break;
        auto found = index[s_i].find(k);
        if (found == index[s_i].end()) break;
        if (!change_found && record_fields(*found->second) != record_fields(*newer)) {
            change_found = true;
            changed = newer_layer;
        }
        introduced = snaps[s_i].layer;
        newer = found->second;
    }
    out.location.layer_introduced = introduced;
    out.location.layer_changed = change_found ? changed : introduced;
}

// `consume`: the records are the caller's to spend (merge_layers(…, &&)), so the current
// snapshot's vector of packages is taken over, not copied. With 2 million apk records a copy per
// stage (analyzer, merge) of ~750-byte Packages, each vector grown by doubling, was what drove a
// scan past 12 GB (issue 11; heaptrack on 200k records: 197 MB + 296 MB before, 197 MB after).
void merge_database(const std::pair<std::string, std::string>& key,
                    const std::vector<Snapshot>& snaps, const OwnedIndex& owned,
                    const image::Image& image, const std::vector<LayerRecord>& layers, bool consume,
                    sbom::Inventory& inv) {
    const Snapshot& last = snaps.back();
    if (deleted_after(layers, last.layer, key.second)) return;  // database removed
    // Index the older snapshots once: package key → record.
    std::vector<std::unordered_map<std::string, const sbom::Package*>> index(snaps.size());
    for (std::size_t s_i = 0; s_i + 1 < snaps.size(); ++s_i) {
        for (const auto& q : snaps[s_i].db->packages) index[s_i].emplace(package_key(q), &q);
    }
    // The records are non-const objects of the caller's when `consume` is set.
    // (Not a ?: expression: its const operand would make both a copy.)
    std::vector<sbom::Package> packages;
    if (consume) {
        packages = std::move(const_cast<PackageDb*>(last.db)->packages);
    } else {
        packages = last.db->packages;
    }
    for (auto& out : packages) {
        attribute(out, snaps, index, key.second, layers);
        // A package inside the file (a jar nested in a war: "app.war!/WEB-INF/lib/x.jar")
        // keeps that path; the others are located at the file.
        if (!inside_file(out.location.path, key.second)) out.location.path = key.second;
        const std::size_t changed = out.location.layer_changed;
        fill_layer(out.location, out.location.layer_introduced, image);
        out.location.layer_changed = changed;
        // Further evidence files were seen with the database record: same layers.
        for (auto& extra : out.locations) {
            fill_layer(extra, out.location.layer_introduced, image);
            extra.layer_changed = changed;
        }
        // Owned files from a separate list (dpkg info/NAME[:ARCH].list).
        if (out.files.empty()) {
            for (const std::string& name : {out.name + ":" + out.arch, out.name}) {
                auto of = owned.find(key.first + "\x1f" + name);
                if (of != owned.end() &&
                    !deleted_after(layers, of->second.first, of->second.second->path)) {
                    out.files = of->second.second->files;
                    break;
                }
            }
            std::sort(out.files.begin(), out.files.end());
        }
        // Still installed per its database, but a later layer deleted some of its files
        // (e.g. `rm /usr/bin/curl` without dpkg): flagged, not dropped.
        for (const auto& f : out.files) {
            if (deleted_after(layers, changed, f)) {
                out.files_whited_out = true;
                break;
            }
        }
    }
    if (inv.packages.empty()) {
        inv.packages = std::move(packages);
    } else {
        inv.packages.insert(inv.packages.end(), std::make_move_iterator(packages.begin()),
                            std::make_move_iterator(packages.end()));
    }
}

// A file finding is current when no later layer deletes (whiteout, opaque parent) or rewrites
// its file; a later layer flagging the same path again supersedes it the same way.
void merge_file_findings(const image::Image& image, const std::vector<LayerRecord>& layers,
                         sbom::Inventory& inv) {
    for (std::size_t i = 0; i < layers.size(); ++i) {
        for (const auto& f : layers[i].analysis.file_findings) {
            const std::string& path = f.location.path;
            if (deleted_after(layers, i, path) || replaced_after(layers, i, path)) continue;
            sbom::FileFinding out = f;
            fill_layer(out.location, i, image);
            out.location.layer_changed = i;
            inv.file_findings.push_back(std::move(out));
        }
    }
    std::sort(inv.file_findings.begin(), inv.file_findings.end(),
              [](const sbom::FileFinding& a, const sbom::FileFinding& b) {
                  return std::tie(a.location.path, a.analyzer, a.kind) <
                         std::tie(b.location.path, b.analyzer, b.kind);
              });
}

// Secrets are kept whatever later layers do: a deleted or replaced file still ships its bytes in
// the layer that wrote them. Such findings are marked removed_later.
void merge_secrets(const image::Image& image, const std::vector<LayerRecord>& layers,
                   sbom::Inventory& inv) {
    for (std::size_t i = 0; i < layers.size(); ++i) {
        for (const auto& f : layers[i].analysis.secrets) {
            sbom::SecretFinding out = f;
            fill_layer(out.location, i, image);
            out.location.layer_changed = i;
            const std::string& path = f.location.path;
            out.removed_later = deleted_after(layers, i, path) || replaced_after(layers, i, path);
            inv.secrets.push_back(std::move(out));
        }
    }
    std::sort(inv.secrets.begin(), inv.secrets.end(),
              [](const sbom::SecretFinding& a, const sbom::SecretFinding& b) {
                  return std::tie(a.location.path, a.location.layer_introduced, a.line, a.rule_id) <
                         std::tie(b.location.path, b.location.layer_introduced, b.line, b.rule_id);
              });
}

// The history check behind Location::created_by (image.cpp maps the i-th non-empty history
// entry to layer i only when the counts agree).
void check_history(const image::Image& image, sbom::Inventory& inv) {
    if (image.history.empty()) return;
    std::size_t non_empty = 0;
    for (const auto& h : image.history) non_empty += h.empty_layer ? 0U : 1U;
    if (non_empty == image.layers.size()) return;
    inv.diagnostics.push_back({Diagnostic::Severity::Warning,
                               "image history lists " + std::to_string(non_empty) +
                                   " layer-creating entries but the image has " +
                                   std::to_string(image.layers.size()) +
                                   " layers; layers are not attributed to instructions",
                               "image config history"});
}

// --- hardlinks -------------------------------------------------------------------------------
// A tar hardlink entry has no data: `var/lib/dpkg/status` linked to `tmp/x` is the bytes of
// tmp/x. As Docker applies a layer, the target is an earlier entry of the same layer or a file
// that lower layers left. After the walk, each wanted hardlink's target layer is walked again up
// to the target, whose bytes the analyzers read under the hardlink's path. A target that is
// missing, not a regular file, or cannot be read makes the inventory incomplete.

// The layer whose entry at `path` is what layer `layer` sees: `layer` itself when it writes the
// path, else the highest lower layer writing it with no deletion up to `layer`.
std::optional<std::size_t> target_layer(const std::vector<LayerRecord>& layers, std::size_t layer,
                                        const std::string& path) {
    const std::uint64_t h = path_hash(path);
    auto writes = [&](std::size_t i) {
        return std::binary_search(layers[i].written.begin(), layers[i].written.end(), h);
    };
    if (writes(layer)) return layer;
    for (std::size_t j = layer; j-- > 0;) {
        if (!writes(j)) continue;
        if (deleted_after(layers, j, path, layer + 1)) return std::nullopt;
        return j;
    }
    return std::nullopt;
}

// Reads one layer up to a hardlink's target and hands the target's bytes, under the hardlink's
// path, to `sink`. Stops the walk as soon as it knows the outcome.
class HardlinkTargetVisitor final : public image::LayerVisitor {
  public:
    enum class Outcome { Missing, Read, Chained, NotFile };

    HardlinkTargetVisitor(const PendingHardlink& link, std::size_t link_layer, std::string target,
                          bool same_layer, image::LayerVisitor& sink)
        : link_(link),
          link_layer_(link_layer),
          target_(std::move(target)),
          same_layer_(same_layer),
          sink_(sink) {}

    Status on_entry(const image::Entry& entry, ByteStream& content) override {
        // In the hardlink's own layer, the target must come before the link.
        if (same_layer_ && entry.path == link_.path) return stop();
        if (entry.path != target_ || entry.whiteout != image::Whiteout::None) return {};
        if (entry.type == image::EntryType::Hardlink) {
            outcome_ = Outcome::Chained;
            next_target_ = entry.link_target;
            return stop();
        }
        if (entry.type != image::EntryType::File) {
            outcome_ = Outcome::NotFile;
            return stop();
        }
        image::Entry as_link = entry;
        as_link.path = link_.path;
        as_link.layer = link_layer_;
        as_link.mode = link_.mode;
        outcome_ = Outcome::Read;
        if (auto st = sink_.on_entry(as_link, content); !st) return st;
        return stop();
    }

    [[nodiscard]] Outcome outcome() const { return outcome_; }
    [[nodiscard]] bool stopped() const { return stopped_; }
    [[nodiscard]] const std::string& next_target() const { return next_target_; }

  private:
    Status stop() {
        stopped_ = true;
        return fail(ErrorCode::Internal, "hardlink target read; walk stopped");
    }

    const PendingHardlink& link_;
    std::size_t link_layer_;
    std::string target_;
    bool same_layer_;
    image::LayerVisitor& sink_;
    Outcome outcome_ = Outcome::Missing;
    std::string next_target_;
    bool stopped_ = false;
};

// Analyzes the target of one wanted hardlink of layer `i` into `sink`; "" on success, else why
// the target could not be read. Follows hardlinks to hardlinks (a link in a later layer to a
// link of a lower one) up to kMaxHops.
std::string resolve_hardlink(const image::Image& image, const std::vector<LayerRecord>& layers,
                             std::size_t i, const PendingHardlink& link,
                             const image::Limits& limits, image::LayerVisitor& sink) {
    constexpr int kMaxHops = 8;
    std::string target = link.target;
    std::size_t at = i;
    for (int hop = 0; hop < kMaxHops; ++hop) {
        auto j = target_layer(layers, at, target);
        if (!j) return "hardlink target '" + target + "' is not in the image";
        HardlinkTargetVisitor v(link, i, target, *j == i, sink);
        auto walked = image::walk_layer(image.layers[*j], v, limits);
        if (!walked && !v.stopped()) {
            return "hardlink target '" + target + "' not read: " + walked.error().to_string();
        }
        switch (v.outcome()) {
            case HardlinkTargetVisitor::Outcome::Read:
                return {};
            case HardlinkTargetVisitor::Outcome::Chained:
                target = v.next_target();
                at = *j;
                continue;
            case HardlinkTargetVisitor::Outcome::NotFile:
                return "hardlink target '" + target + "' is not a regular file";
            case HardlinkTargetVisitor::Outcome::Missing:
                return "hardlink target '" + target + "' does not precede the link in " +
                       image::layer_label(image.layers[*j]);
        }
    }
    return "more than " + std::to_string(kMaxHops) + " chained hardlinks from '" + link.target +
           "'";
}

// Reads the targets of every layer's wanted hardlinks (after the walk or the cache: the result
// depends on lower layers, so it is never cached) and adds what the analyzers found to the
// hardlink's layer.
void resolve_hardlinks(const image::Image& image,
                       const std::vector<std::unique_ptr<Analyzer>>& analyzers,
                       const image::Limits& limits, const SpoolOptions& spool,
                       FileListBudget& file_lists, std::vector<LayerRecord>& layers) {
    for (std::size_t i = 0; i < layers.size(); ++i) {
        if (layers[i].hardlinks.empty() || i >= image.layers.size()) continue;
        AnalyzingVisitor sink(analyzers, limits, spool, file_lists);
        LayerAnalysis& out = layers[i].analysis;
        for (const auto& link : layers[i].hardlinks) {
            std::string why = resolve_hardlink(image, layers, i, link, limits, sink);
            if (why.empty()) continue;
            out.diagnostics.push_back({Diagnostic::Severity::Warning, why + "; not analyzed",
                                       "layer " + std::to_string(i) + "/" + link.path,
                                       /*incomplete=*/true});
        }
        LayerRecord found = sink.finish(layers[i].summary);
        auto append = [](auto& to, auto& from) {
            std::move(from.begin(), from.end(), std::back_inserter(to));
        };
        append(out.package_dbs, found.analysis.package_dbs);
        append(out.owned_files, found.analysis.owned_files);
        append(out.os_releases, found.analysis.os_releases);
        append(out.file_findings, found.analysis.file_findings);
        append(out.secrets, found.analysis.secrets);
        append(out.diagnostics, found.analysis.diagnostics);
    }
}

}  // namespace

namespace {

sbom::Inventory merge(const image::Image& image, const std::vector<LayerRecord>& layers,
                      bool consume) {
    sbom::Inventory inv;
    check_history(image, inv);
    std::map<std::pair<std::string, std::string>, std::vector<Snapshot>> dbs;
    OwnedIndex owned;  // package → last list
    std::map<std::string, std::pair<std::size_t, const OsRelease*>> os_files;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        for (const auto& db : layers[i].analysis.package_dbs) {
            dbs[{db.analyzer, db.path}].push_back({i, &db});
        }
        for (const auto& of : layers[i].analysis.owned_files) {
            owned[of.analyzer + "\x1f" + of.package] = {i, &of};
        }
        for (const auto& r : layers[i].analysis.os_releases) os_files[r.path] = {i, &r};
        for (const auto& d : layers[i].analysis.diagnostics) inv.diagnostics.push_back(d);
    }
    for (const auto& [key, snaps] : dbs) {
        merge_database(key, snaps, owned, image, layers, consume, inv);
    }
    merge_file_findings(image, layers, inv);
    merge_secrets(image, layers, inv);

    std::vector<OsRelease> os_final;
    for (const auto& [path, entry] : os_files) {
        if (!deleted_after(layers, entry.first, path)) os_final.push_back(*entry.second);
    }
    inv.os = choose_os(os_final);
    note_unrecognized_root(image, !dbs.empty(), inv);

    std::sort(inv.packages.begin(), inv.packages.end(),
              [](const sbom::Package& a, const sbom::Package& b) {
                  return std::tie(a.type, a.name, a.version, a.arch, a.location.path) <
                         std::tie(b.type, b.name, b.version, b.arch, b.location.path);
              });
    return inv;
}

}  // namespace

sbom::Inventory merge_layers(const image::Image& image, const std::vector<LayerRecord>& layers) {
    return merge(image, layers, /*consume=*/false);
}

sbom::Inventory merge_layers(const image::Image& image, std::vector<LayerRecord>&& layers) {
    return merge(image, layers, /*consume=*/true);
}

Result<InventoryResult> build_inventory(const image::Image& image,
                                        const std::vector<std::unique_ptr<Analyzer>>& analyzers,
                                        const InventoryOptions& options) {
    const std::size_t n = image.layers.size();
    std::vector<std::optional<LayerRecord>> records(n);
    InventoryResult result;
    std::optional<LayerCache> cache;
    if (options.cache_dir) cache.emplace(*options.cache_dir, analyzers_key(analyzers));

    // Cached layers are not walked at all.
    image::Image to_walk = image;
    to_walk.layers.clear();
    std::vector<std::size_t> walk_index;
    for (std::size_t i = 0; i < n; ++i) {
        const auto& l = image.layers[i];
        if (cache && !l.diff_id.empty()) {
            if (auto rec = cache->load(l.diff_id)) {
                rec->summary.index = i;
                records[i] = std::move(*rec);
                ++result.layers_from_cache;
                continue;
            }
        }
        to_walk.layers.push_back(l);
        walk_index.push_back(i);
    }

    // Spilled files go next to the cache (same file system as its entries), else to TMPDIR.
    SpoolOptions spool_options = options.spool;
    if (spool_options.dir.empty() && options.cache_dir)
        spool_options.dir = *options.cache_dir / "spool";
    FileListBudget file_lists(options.max_file_list_bytes);
    std::vector<std::unique_ptr<AnalyzingVisitor>> visitors;
    std::vector<image::LayerVisitor*> ptrs;
    for (std::size_t k = 0; k < to_walk.layers.size(); ++k) {
        visitors.push_back(std::make_unique<AnalyzingVisitor>(analyzers, options.limits,
                                                              spool_options, file_lists));
        ptrs.push_back(visitors.back().get());
    }
    auto walked = image::walk_layers(to_walk, ptrs, options.limits, options.jobs, options.progress,
                                     options.bytes_progress);
    for (std::size_t k = 0; k < walked.size(); ++k) {
        if (!walked[k]) return fail(walked[k].error());
        LayerRecord rec = visitors[k]->finish(*walked[k]);
        const auto& l = image.layers[walk_index[k]];
        if (cache && !l.diff_id.empty()) {
            if (auto st = cache->store(l.diff_id, rec); !st) {
                rec.analysis.diagnostics.push_back(
                    {Diagnostic::Severity::Warning,
                     "layer cache not written: " + st.error().message, st.error().where});
            }
        }
        records[walk_index[k]] = std::move(rec);
    }

    std::vector<LayerRecord> ordered;
    ordered.reserve(records.size());
    for (auto& r : records) ordered.push_back(std::move(*r));
    resolve_hardlinks(image, analyzers, options.limits, spool_options, file_lists, ordered);
    Diagnostics walk_diagnostics;
    for (auto& r : ordered) {
        walk_diagnostics.insert(walk_diagnostics.end(), r.summary.diagnostics.begin(),
                                r.summary.diagnostics.end());
        result.layers.push_back(r.summary);
    }
    // The records' packages move into the inventory: one copy of each, not two.
    result.inventory = merge_layers(image, std::move(ordered));
    result.inventory.diagnostics.insert(result.inventory.diagnostics.end(),
                                        std::make_move_iterator(walk_diagnostics.begin()),
                                        std::make_move_iterator(walk_diagnostics.end()));
    return result;
}

}  // namespace berth::analyze
