// SPDX-License-Identifier: Apache-2.0
#include "vuln/match/match.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "vuln/ecosystem.hpp"
#include "vuln/severity.hpp"

namespace berth::vuln::match {
namespace {

bool is_cve(std::string_view id) {
    return id.rfind("CVE-", 0) == 0;
}

// AlmaLinux/Rocky errata name the CVEs they fix only in reference URLs
// (https://access.redhat.com/security/cve/CVE-2022-36369); without them an erratum could not be
// merged with the CVE's other records.
bool is_rpm_erratum(std::string_view id) {
    for (std::string_view p : {"ALSA-", "ALBA-", "ALEA-", "RLSA-", "RLBA-", "RLEA-"}) {
        if (id.rfind(p, 0) == 0) return true;
    }
    return false;
}

// "CVE-" 4 digits "-" at least 4 digits, nothing else.
bool is_cve_id(std::string_view s) {
    if (s.size() < 13 || s.rfind("CVE-", 0) != 0 || s[8] != '-') return false;
    for (std::size_t i = 4; i < s.size(); ++i) {
        if (i != 8 && (s[i] < '0' || s[i] > '9')) return false;
    }
    return true;
}

void add_cves_from_references(const Advisory& a, std::set<std::string>& ids) {
    if (!is_rpm_erratum(a.id)) return;
    for (const auto& r : a.references) {
        const auto pos = r.url.rfind("/CVE-");
        if (pos == std::string::npos) continue;
        const std::string id = r.url.substr(pos + 1);
        if (is_cve_id(id)) ids.insert(id);
    }
}

struct Hit {
    const Advisory* advisory = nullptr;
    Affected affected;  // the entry that matched
    Evaluation eval;
    std::string matched_by;
    std::set<std::string> ids;  // id + aliases (+ derived CVEs)
};

// Union-find over non-CVE ids so that RUSTSEC-x (alias GHSA-y) and GHSA-y (alias RUSTSEC-x)
// end in one finding.
struct Groups {
    std::map<std::string, std::string> parent;
    std::string find(const std::string& x) {
        auto it = parent.find(x);
        if (it == parent.end()) {
            parent.emplace(x, x);
            return x;
        }
        if (it->second == x) return x;
        std::string root = find(it->second);
        parent[x] = root;
        return root;
    }
    void unite(const std::string& a, const std::string& b) {
        std::string ra = find(a);
        std::string rb = find(b);
        if (ra == rb) return;
        if (rb < ra) std::swap(ra, rb);
        parent[rb] = ra;
    }
};

void merge_into(Finding& f, const Hit& h, const std::string& key) {
    // A DSA naming two CVEs makes it an alias of each, but the CVEs are not aliases of one another.
    for (const auto& id : h.ids) {
        if (id != key && !(is_cve(id) && is_cve(key))) f.aliases.push_back(id);
    }
    f.sources.push_back(h.advisory->source);
    for (const auto& r : h.advisory->references) f.references.push_back(r.url);
    if (f.ecosystem.empty()) f.ecosystem = h.affected.ecosystem;
    if (f.matched_by.empty()) f.matched_by = h.matched_by;
    if (f.distro_severity.empty()) f.distro_severity = h.affected.severity;
    // The record named by the key itself describes the flaw best; others only fill gaps.
    const bool own = h.advisory->id == key;
    if (own || f.title.empty()) {
        if (!h.advisory->summary.empty()) f.title = h.advisory->summary;
    }
    if (own || f.description.empty()) {
        if (!h.advisory->details.empty()) f.description = h.advisory->details;
    }
    for (const auto& s : h.advisory->severity) {
        if (auto c = cvss_from_severity(s, h.advisory->id)) f.cvss.push_back(std::move(*c));
    }
}

void sort_unique(std::vector<std::string>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

Result<Evaluation> evaluate_affected(const Affected& affected, std::string_view installed,
                                     const version::Scheme& scheme) {
    Evaluation out;
    // An explicit listing matches, but the ranges are still read: osv.dev exports list the
    // versions *and* give the range with its fix, which the finding should show.
    const bool listed = std::find(affected.versions.begin(), affected.versions.end(), installed) !=
                        affected.versions.end();
    for (const auto& range : affected.ranges) {
        if (range.type == Range::Type::Git) continue;
        std::vector<const RangeEvent*> events;
        for (const auto& e : range.events) events.push_back(&e);
        // Sort by version; "introduced: 0" is below everything.
        Status bad;
        auto less = [&](const RangeEvent* a, const RangeEvent* b) {
            const bool a0 = a->kind == RangeEvent::Kind::Introduced && a->value == "0";
            const bool b0 = b->kind == RangeEvent::Kind::Introduced && b->value == "0";
            if (a0 || b0) return a0 && !b0;
            auto c = scheme.compare(a->value, b->value);
            if (!c) {
                if (bad) bad = fail(c.error());
                return false;
            }
            return *c < 0;
        };
        std::stable_sort(events.begin(), events.end(), less);
        if (!bad) return fail(bad.error());
        bool in = false;
        std::string fix;
        for (const auto* e : events) {
            const bool zero = e->kind == RangeEvent::Kind::Introduced && e->value == "0";
            int c = 1;
            if (!zero) {
                auto r = scheme.compare(installed, e->value);
                if (!r) return fail(r.error());
                c = *r;
            }
            switch (e->kind) {
                case RangeEvent::Kind::Introduced:
                    if (c >= 0) {
                        in = true;
                        fix.clear();
                    }
                    break;
                case RangeEvent::Kind::Fixed:
                    if (c >= 0) {
                        in = false;
                    } else if (in && fix.empty()) {
                        fix = e->value;
                    }
                    break;
                case RangeEvent::Kind::LastAffected:
                    if (c > 0) in = false;
                    break;
                case RangeEvent::Kind::Limit:
                    if (c >= 0) in = false;
                    break;
            }
        }
        if (in) {
            out.affected = true;
            out.fixed = fix;
            return out;
        }
    }
    out.affected = listed;
    return out;
}

namespace {

// What one package's lookups found: hits to report, ids a distro says do not affect it, and
// whether its own version failed to parse (then it is not matched at all).
struct PackageHits {
    std::vector<Hit> hits;
    std::set<std::string> not_affected;
    bool bad_installed = false;
};

// State shared by the packages of one inventory: the database, advisory metadata fetched
// once per advisory, and one diagnostic per bad advisory.
class Matcher {
  public:
    Matcher(const db::Reader& db, Diagnostics& diagnostics, MatchStats& stats)
        : db_(db), diagnostics_(diagnostics), stats_(stats) {}

    // Looks up every name of `lookup` and evaluates each affected row against the installed
    // version (the source version for source-package names).
    Status collect(const sbom::Package& pkg, const Lookup& lookup, const version::Scheme& scheme,
                   PackageHits& out) {
        std::set<std::int64_t> done;  // advisories matched under an earlier name
        for (const auto& name : lookup.names) {
            ++stats_.lookups;
            auto rows =
                db_.lookup(lookup.eco_key, normalize_package_name(lookup.eco_key, name.name));
            if (!rows) return fail(rows.error());
            const std::string& installed =
                name.matched_by == "source-package" && !lookup.source_version.empty()
                    ? lookup.source_version
                    : lookup.version;
            if (!rows->empty() && !scheme.compare(installed, installed)) {
                // The package's own version does not parse: say so once, not once per advisory.
                diagnostics_.push_back({Diagnostic::Severity::Warning,
                                        "installed version \"" + installed + "\" is not a valid " +
                                            std::string(scheme.name()) +
                                            " version; package not matched",
                                        pkg.location.path + ": " + pkg.name});
                out.bad_installed = true;
                return {};
            }
            std::set<std::int64_t> this_name;
            // Every row counts: an advisory may list one package several times (one range per
            // release branch, or one secdb entry per fixed version).
            for (auto& row : *rows) {
                if (done.count(row.advisory_pk) != 0) continue;
                this_name.insert(row.advisory_pk);
                ++stats_.affected_rows;
                if (auto st = evaluate_row(row, installed, name.matched_by, scheme, out); !st)
                    return st;
            }
            done.insert(this_name.begin(), this_name.end());
        }
        return {};
    }

  private:
    Result<const Advisory*> advisory(std::int64_t pk) {
        auto it = advisories_.find(pk);
        if (it == advisories_.end()) {
            auto a = db_.advisory(pk);
            if (!a) return fail(a.error());
            it = advisories_.emplace(pk, std::move(*a)).first;
        }
        return &it->second;
    }

    template <typename Row>
    Status evaluate_row(Row& row, const std::string& installed, const std::string& matched_by,
                        const version::Scheme& scheme, PackageHits& out) {
        auto found = advisory(row.advisory_pk);
        if (!found) return fail(found.error());
        const Advisory& adv = **found;
        if (!adv.withdrawn.empty()) return {};
        Hit h;
        h.ids.insert(adv.id);
        h.ids.insert(adv.aliases.begin(), adv.aliases.end());
        if (std::none_of(h.ids.begin(), h.ids.end(),
                         [](const std::string& s) { return is_cve(s); })) {
            add_cves_from_references(adv, h.ids);
        }
        if (row.affected.state == FixState::NotAffected) {
            for (const auto& id : h.ids) {
                if (is_cve(id) || h.ids.size() == 1) out.not_affected.insert(id);
            }
            return {};
        }
        auto ev = evaluate_affected(row.affected, installed, scheme);
        if (!ev) {
            if (reported_bad_.insert(adv.id).second) {
                diagnostics_.push_back({Diagnostic::Severity::Warning,
                                        "advisory skipped: " + ev.error().message,
                                        adv.source + "/" + adv.id});
            }
            return {};
        }
        if (!ev->affected) return {};
        h.advisory = &adv;
        h.eval = std::move(*ev);
        h.matched_by = matched_by;
        h.affected = std::move(row.affected);
        out.hits.push_back(std::move(h));
        return {};
    }

    const db::Reader& db_;
    Diagnostics& diagnostics_;
    MatchStats& stats_;
    std::unordered_map<std::int64_t, Advisory> advisories_;  // pk → metadata, fetched once
    std::set<std::string> reported_bad_;                     // one diagnostic per bad advisory
};

const std::string* first_non_cve(const Hit& h) {
    for (const auto& id : h.ids) {
        if (!is_cve(id)) return &id;
    }
    return nullptr;
}

// The finding keys of each hit: its CVEs; without one, the CVEs of the records its non-CVE
// ids link it to (RUSTSEC-y alias GHSA-x, GHSA-x alias CVE-1 → CVE-1), else the group's root.
std::map<std::string, std::vector<const Hit*>> hits_by_key(const std::vector<Hit>& hits) {
    Groups groups;
    for (const auto& h : hits) {
        const std::string* first = nullptr;
        for (const auto& id : h.ids) {
            if (is_cve(id)) continue;
            if (first == nullptr) {
                first = &id;
                groups.find(id);
            } else {
                groups.unite(*first, id);
            }
        }
    }
    std::map<std::string, std::set<std::string>> group_cves;
    for (const auto& h : hits) {
        const std::string* id = first_non_cve(h);
        if (id == nullptr) continue;
        auto& cves = group_cves[groups.find(*id)];
        for (const auto& c : h.ids) {
            if (is_cve(c)) cves.insert(c);
        }
    }
    std::map<std::string, std::vector<const Hit*>> out;
    for (const auto& h : hits) {
        std::vector<std::string> keys;
        for (const auto& id : h.ids) {
            if (is_cve(id)) keys.push_back(id);
        }
        if (keys.empty()) {
            const std::string root = groups.find(*first_non_cve(h));
            const auto& cves = group_cves[root];
            if (cves.empty()) {
                keys.push_back(root);
            } else {
                keys.assign(cves.begin(), cves.end());
            }
        }
        for (const auto& k : keys) out[k].push_back(&h);
    }
    return out;
}

// Trackers without a summary (Ubuntu's CVE files): the description's first sentence, its
// wrapped lines joined, at most 120 characters.
std::string first_sentence(const std::string& d) {
    std::string t;
    for (std::size_t i = 0; i < d.size(); ++i) {
        const char ch = d[i] == '\n' ? ' ' : d[i];
        if (ch == ' ' && (t.empty() || t.back() == ' ')) continue;
        t.push_back(ch);
        // A sentence ends at ". " ("shell.c" does not end one).
        if (ch == '.' && (i + 1 == d.size() || d[i + 1] == ' ' || d[i + 1] == '\n')) break;
    }
    if (t.size() > 120) t = t.substr(0, 117) + "...";
    return t;
}

// The status a statement gives a finding no fix resolves.
FindingStatus unfixed_status(FixState s) {
    switch (s) {
        case FixState::WillNotFix:
            return FindingStatus::WillNotFix;
        case FixState::EndOfLife:
            return FindingStatus::EndOfLife;
        case FixState::FixDeferred:
            return FindingStatus::FixDeferred;
        case FixState::Affected:
        case FixState::NotAffected:
            break;
    }
    return FindingStatus::Affected;
}

// Sources that disagree: the most final statement wins (end of life: never; will not fix: a
// decision; deferred: maybe later; affected: nothing said).
FindingStatus stronger(FindingStatus a, FindingStatus b) {
    auto rank = [](FindingStatus s) {
        switch (s) {
            case FindingStatus::EndOfLife:
                return 3;
            case FindingStatus::WillNotFix:
                return 2;
            case FindingStatus::FixDeferred:
                return 1;
            case FindingStatus::Affected:
            case FindingStatus::Fixed:
                break;
        }
        return 0;
    };
    return rank(b) > rank(a) ? b : a;
}

Finding make_finding(const std::string& key, const std::vector<const Hit*>& hs, std::size_t index,
                     const sbom::Package& pkg) {
    Finding f;
    f.id = key;
    f.package_index = index;
    f.installed_version = pkg.version;
    std::vector<std::string> fixes;
    FindingStatus unfixed = FindingStatus::Affected;
    for (const Hit* h : hs) {
        merge_into(f, *h, key);
        if (!h->eval.fixed.empty()) fixes.push_back(h->eval.fixed);
        unfixed = stronger(unfixed, unfixed_status(h->affected.state));
    }
    sort_unique(fixes);
    if (!fixes.empty()) {
        f.status = FindingStatus::Fixed;
        std::string joined;
        for (const auto& x : fixes) joined += (joined.empty() ? "" : ", ") + x;
        f.fixed_version = joined;
    } else {
        f.status = unfixed;
    }
    if (f.title.empty() && !f.description.empty()) f.title = first_sentence(f.description);
    sort_unique(f.aliases);
    sort_unique(f.sources);
    sort_unique(f.references);
    finish_severity(f);
    return f;
}

// A clean result must not hide that nothing could be checked; and it must not say so when they
// were. `unsourced` counts, per package type, OS packages without an advisory key (an rpm
// database in a Debian image); when others were looked up, only those are named.
Status warn_unchecked_os(const sbom::Inventory& inventory, const db::Reader& db,
                         const std::map<std::string, std::size_t>& unsourced,
                         const std::set<std::string>& os_keys, Diagnostics& diagnostics) {
    const std::string os_name =
        inventory.os ? inventory.os->id + " " + inventory.os->version_id : "unknown";
    if (inventory.os && !inventory.os->repository_release.empty() && !os_keys.empty()) {
        // Say which branch was used when the image's two sources disagree (issue 19).
        diagnostics.push_back(
            {Diagnostic::Severity::Info,
             "OS packages matched against branch " + inventory.os->repository_release +
                 " named by etc/apk/repositories, not os-release's " + inventory.os->version_id,
             "os"});
    }
    if (!unsourced.empty() && os_keys.empty()) {
        diagnostics.push_back({Diagnostic::Severity::Warning,
                               "berth has no advisory source for this OS (" + os_name +
                                   "); its OS packages were not checked",
                               "os"});
    } else if (!unsourced.empty()) {
        std::string counts;
        for (const auto& [type, n] : unsourced) {
            counts += (counts.empty() ? "" : ", ") + std::to_string(n) + " " + type;
        }
        diagnostics.push_back({Diagnostic::Severity::Warning,
                               "berth has no advisory source for some OS packages on this OS (" +
                                   os_name + "): " + counts +
                                   " package(s) were not checked (the others were)",
                               "os"});
    }
    for (const auto& key : os_keys) {
        auto has = db.has_ecosystem(key);
        if (!has) return fail(has.error());
        if (!*has) {
            diagnostics.push_back(
                {Diagnostic::Severity::Warning,
                 "the database has no advisories for " + key + " (" + os_name +
                     "); its OS packages were not checked — import that distribution's "
                     "advisories",
                 "os"});
        }
    }
    return {};
}

// Application packages: a type no advisory ecosystem covers (conda) and an ecosystem the database
// holds no advisories for are each said once, with the number of packages not checked; a
// clean result must not read as "checked and clean".
Status warn_unchecked_lang(const db::Reader& db,
                           const std::map<std::string, std::size_t>& no_source,
                           const std::map<std::string, std::size_t>& looked_up,
                           Diagnostics& diagnostics) {
    for (const auto& [type, n] : no_source) {
        diagnostics.push_back({Diagnostic::Severity::Warning,
                               std::to_string(n) + " " + type +
                                   " package(s) were not checked: berth has no advisory source "
                                   "for the " +
                                   type + " ecosystem",
                               "ecosystem " + type});
    }
    for (const auto& [key, n] : looked_up) {
        auto has = db.has_ecosystem(key);
        if (!has) return fail(has.error());
        if (*has) continue;
        diagnostics.push_back({Diagnostic::Severity::Warning,
                               std::to_string(n) + " " + key +
                                   " package(s) were not checked: the database has no " + key +
                                   " advisories — import them (e.g. OSV's " + key + " data)",
                               "ecosystem " + key});
    }
    return {};
}

}  // namespace

Result<std::vector<Finding>> match_inventory(const sbom::Inventory& inventory, const db::Reader& db,
                                             Diagnostics& diagnostics, MatchStats* stats) {
    const auto drivers = all_drivers();
    MatchStats local;
    MatchStats& st = stats != nullptr ? *stats : local;
    Matcher matcher(db, diagnostics, st);
    std::vector<Finding> findings;
    std::set<std::string> os_keys;                 // ecosystem keys OS packages were looked up in
    std::map<std::string, std::size_t> unsourced;  // OS packages without an advisory key, by type
    std::map<std::string, std::size_t> lang_unsourced;  // other packages no driver handles, by type
    std::map<std::string, std::size_t> lang_keys;       // language ecosystem key → packages

    for (std::size_t index = 0; index < inventory.packages.size(); ++index) {
        const auto& pkg = inventory.packages[index];
        ++st.packages;
        auto driver = std::find_if(drivers.begin(), drivers.end(),
                                   [&](const auto& d) { return d->handles(pkg); });
        if (driver == drivers.end()) {
            if (!sbom::is_os_package_type(pkg.type) && !pkg.type.empty())
                ++lang_unsourced[pkg.type];
            continue;
        }
        const Lookup lookup = (*driver)->lookup(pkg, inventory.os);
        const bool os_package = (*driver)->name() != "lang";
        if (os_package && lookup.eco_key.empty()) ++unsourced[pkg.type];
        if (lookup.eco_key.empty() || lookup.names.empty()) continue;
        if (os_package) os_keys.insert(lookup.eco_key);
        if (!os_package) ++lang_keys[lookup.eco_key];
        const version::Scheme* scheme = version::scheme_by_name(scheme_for_key(lookup.eco_key));
        if (scheme == nullptr) continue;
        ++st.packages_matched;

        PackageHits found;
        if (auto s = matcher.collect(pkg, lookup, *scheme, found); !s) return fail(s.error());
        if (found.bad_installed) continue;
        for (const auto& [key, hs] : hits_by_key(found.hits)) {
            if (found.not_affected.count(key) != 0) continue;
            findings.push_back(make_finding(key, hs, index, pkg));
        }
    }
    if (auto s = warn_unchecked_os(inventory, db, unsourced, os_keys, diagnostics); !s) {
        return fail(s.error());
    }
    if (auto s = warn_unchecked_lang(db, lang_unsourced, lang_keys, diagnostics); !s) {
        return fail(s.error());
    }
    return findings;
}

}  // namespace berth::vuln::match
