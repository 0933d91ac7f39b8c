// SPDX-License-Identifier: Apache-2.0
#include "serve/service.hpp"

#include <algorithm>
#include <ctime>
#include <iostream>

#include "core/progress.hpp"
#include "core/time.hpp"
#include "report/writer.hpp"
#include "sbom/decode.hpp"
#include "scan/scan.hpp"
#include "serve/service_internal.hpp"
#include "vuln/db/store.hpp"
#include "vuln/match/match.hpp"

namespace berth::serve {

std::string now_text() {
    return format_rfc3339(std::time(nullptr));
}

FindingsDiff diff_findings(const std::vector<FindingRow>& before,
                           const std::vector<FindingRow>& after) {
    FindingsDiff d;
    auto contains = [](const std::vector<FindingRow>& list, const FindingRow& f) {
        return std::any_of(list.begin(), list.end(), [&](const auto& o) { return o.same_as(f); });
    };
    for (const auto& f : after) {
        if (!contains(before, f)) d.added.push_back(f);
    }
    for (const auto& f : before) {
        if (!contains(after, f)) d.removed.push_back(f);
    }
    return d;
}

Matcher database_matcher(const std::filesystem::path& db_path) {
    return [db_path](const std::string& cyclonedx) -> Result<std::vector<FindingRow>> {
        auto decoded = sbom::decode_sbom(cyclonedx, "stored SBOM");
        if (!decoded) return fail(decoded.error());
        auto db = vuln::db::Reader::open(db_path.empty() ? vuln::db::default_db_path() : db_path);
        if (!db) return fail(db.error());
        Diagnostics diags;
        auto found = vuln::match::match_inventory(decoded->inventory, *db, diags);
        if (!found) return fail(found.error());
        std::vector<FindingRow> rows;
        for (const auto& f : *found) {
            const auto& pkg = decoded->inventory.packages.at(f.package_index);
            rows.push_back({f.id, pkg.name, f.installed_version, f.fixed_version,
                            std::string(vuln::level_name(f.level)), ""});
        }
        std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
            return std::tie(a.vuln_id, a.package, a.version) <
                   std::tie(b.vuln_id, b.package, b.version);
        });
        rows.erase(std::unique(rows.begin(), rows.end(),
                               [](const auto& a, const auto& b) { return a.same_as(b); }),
                   rows.end());
        return rows;
    };
}

Scanner stage_scanner(const ServiceOptions& options, Matcher match) {
    return [options, match = std::move(match)](const ImageRow& row) -> Result<ScanRecord> {
        scan::ScanRequest req;
        req.image = row.reference();
        req.kind = report::Kind::Sbom;  // findings come from the stored SBOM (service.hpp)
        req.source.insecure_registries = options.insecure_registries;
        req.cache_dir = options.data_dir / "layer-cache";
        NullProgress progress;
        auto rep = scan::scan(req, progress);
        if (!rep) return fail(rep.error());
        auto cdx = report::find_writer("cyclonedx", report::Kind::Sbom);
        auto spdx = report::find_writer("spdx", report::Kind::Sbom);
        if (!cdx) return fail(cdx.error());
        if (!spdx) return fail(spdx.error());
        ScanRecord rec;
        rec.cyclonedx = (*cdx)->write(*rep, {});
        rec.spdx = (*spdx)->write(*rep, {});
        for (const auto& p : rep->inventory.packages) {
            rec.packages.push_back({p.type, p.name, p.version, sbom::purl(p, rep->inventory.os)});
        }
        auto findings = match(rec.cyclonedx);
        if (!findings) return fail(findings.error());
        rec.findings = std::move(*findings);
        return rec;
    };
}

void Service::Impl::log(const std::string& line) const {
    if (options.log) return options.log(line);
    std::cerr << "berth serve: " << line << std::endl;
}

std::filesystem::path Service::Impl::db_path() const {
    return options.db_path.empty() ? vuln::db::default_db_path() : options.db_path;
}

std::string Service::Impl::db_fingerprint() const {
    std::error_code ec;
    const auto path = db_path();
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) return {};
    const auto mtime = std::filesystem::last_write_time(path, ec);
    if (ec) return {};
    return std::to_string(size) + ":" + std::to_string(mtime.time_since_epoch().count());
}

void Service::Impl::scan_one(const ImageRow& row) {
    log("scanning " + row.reference());
    auto rec = scanner(row);
    if (!rec) {
        log("scan of " + row.reference() + " failed: " + rec.error().to_string());
        if (auto s = store->save_failure(row.id, rec.error().to_string(), now_text()); !s) {
            log("cannot record the failure: " + s.error().to_string());
        }
        return;
    }
    if (auto s = store->save_scan(row.id, *rec, now_text()); !s) {
        log("cannot store the scan of " + row.reference() + ": " + s.error().to_string());
        (void)store->save_failure(row.id, s.error().to_string(), now_text());
        return;
    }
    log("scanned " + row.reference() + ": " + std::to_string(rec->packages.size()) + " packages, " +
        std::to_string(rec->findings.size()) + " findings");
}

void Service::Impl::worker() {
    for (;;) {
        {
            std::lock_guard lock(mu);
            if (stopping) return;
        }
        auto next = store->claim_next();
        if (!next) log("cannot claim a scan: " + next.error().to_string());
        if (next && *next) {
            scan_one(**next);
            continue;
        }
        std::unique_lock lock(mu);
        wake.wait_for(lock, std::chrono::seconds(1), [this] { return stopping; });
    }
}

void Service::Impl::watcher() {
    if (options.db_poll.count() <= 0) return;
    for (;;) {
        {
            std::unique_lock lock(mu);
            if (wake.wait_for(lock, options.db_poll, [this] { return stopping; })) return;
        }
        const std::string now = db_fingerprint();
        auto seen = store->meta("db_fingerprint");
        if (now.empty() || !seen || *seen == now) continue;
        log("the advisory database changed: matching the stored bills of materials again");
        if (auto r = rematch(); !r) log("re-match failed: " + r.error().to_string());
    }
}

Service::Service(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Service::~Service() {
    stop();
}

Result<std::unique_ptr<Service>> Service::create(ServiceOptions options, Scanner scanner,
                                                 Matcher matcher) {
    std::error_code ec;
    std::filesystem::create_directories(options.data_dir, ec);
    if (ec) {
        return fail(ErrorCode::Io, "cannot create the data directory: " + ec.message(),
                    options.data_dir.string());
    }
    auto store = Store::open(options.data_dir / "serve.db");
    if (!store) return fail(store.error());
    auto impl = std::make_unique<Impl>();
    impl->options = std::move(options);
    impl->store = std::move(*store);
    impl->matcher = matcher ? std::move(matcher) : database_matcher(impl->options.db_path);
    impl->scanner = scanner ? std::move(scanner) : stage_scanner(impl->options, impl->matcher);
    auto seen = impl->store->meta("db_fingerprint");
    if (!seen) return fail(seen.error());
    if (seen->empty()) {
        // Nothing was matched yet: the first database is the baseline, not a change.
        if (auto s = impl->store->set_meta("db_fingerprint", impl->db_fingerprint()); !s) {
            return fail(s.error());
        }
    }
    return std::unique_ptr<Service>(new Service(std::move(impl)));
}

void Service::start() {
    Impl& s = *impl_;
    const unsigned n = std::max(1U, s.options.workers);
    for (unsigned i = 0; i < n; ++i) s.threads.emplace_back([&s] { s.worker(); });
    s.threads.emplace_back([this] { impl_->watcher(); });
}

void Service::stop() {
    Impl& s = *impl_;
    std::call_once(s.stopped, [&s] {
        {
            std::lock_guard lock(s.mu);
            s.stopping = true;
        }
        s.wake.notify_all();
        for (auto& t : s.threads) {
            if (t.joinable()) t.join();
        }
    });
}

Store& Service::store() {
    return *impl_->store;
}

bool Service::wait_idle(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        auto images = impl_->store->images();
        const bool busy = !images || std::any_of(images->begin(), images->end(), [](const auto& i) {
            return i.state == "queued" || i.state == "scanning";
        });
        if (!busy) return true;
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

Result<RematchSummary> Service::rematch() {
    return impl_->rematch();
}

Result<RematchSummary> Service::Impl::rematch() {
    Impl& s = *this;
    std::lock_guard lock(s.rematch_mu);
    const std::string fingerprint = s.db_fingerprint();
    auto images = s.store->images();
    if (!images) return fail(images.error());
    std::string built_at;
    if (auto db = vuln::db::Reader::open(s.db_path()); db) {
        if (auto st = db->status(false); st) built_at = st->built_at;
    }
    RematchSummary sum;
    std::vector<FindingsDiff> diffs;
    for (const auto& img : *images) {
        if (img.state != "scanned" || img.deleted) continue;
        auto cdx = s.store->sbom(img.id, "cyclonedx");
        if (!cdx) return fail(cdx.error());
        if (!*cdx) continue;
        auto after = s.matcher(**cdx);
        if (!after) return fail(after.error());
        auto before = s.store->findings(img.id);
        if (!before) return fail(before.error());
        ++sum.images;
        FindingsDiff d = diff_findings(*before, *after);
        if (d.added.empty() && d.removed.empty()) continue;
        ++sum.changed;
        if (auto st = s.store->replace_findings(img.id, *after, now_text()); !st) {
            return fail(st.error());
        }
        d.image = img;
        diffs.push_back(std::move(d));
    }
    if (auto st = s.store->set_meta("db_fingerprint", fingerprint); !st) return fail(st.error());
    s.log("re-matched " + std::to_string(sum.images) + " images: " + std::to_string(sum.changed) +
          " changed");
    for (const auto& d : diffs) {
        if (d.added.empty()) continue;
        const std::string body = notification_json(d, built_at);
        for (const auto& url : s.options.notify_urls) {
            if (deliver(url, body, s.options.notify_retry,
                        [&s](const std::string& l) { s.log(l); })) {
                ++sum.notifications;
            } else {
                ++sum.failed;
            }
        }
    }
    return sum;
}

Response Service::handle(const Request& request) {
    return route(*impl_, *this, request);
}

}  // namespace berth::serve
