// SPDX-License-Identifier: Apache-2.0
#include "secret/engine.hpp"

#include <hs/hs.h>
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <utility>

#include "core/text.hpp"
#include "secret/builtin.hpp"
#include "secret/compiled_rule.hpp"

namespace berth::secret {
namespace {

using detail::compile;
using detail::compile_allow;
using detail::CompiledAllow;
using detail::CompiledRule;
using detail::RuleRegexes;

constexpr std::size_t kBinaryProbe = 8192;  // NUL in these first bytes = binary
constexpr std::size_t kWindowBack = 512;    // window start: line start, at most this far back
constexpr std::size_t kWindowAhead = 4096;  // window end after a keyword hit
constexpr std::size_t kShownContext = 64;   // match text kept on each side of the secret

std::uint64_t fnv1a(std::string_view s, std::uint64_t h) {
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

// One keyword literal of the Hyperscan database and the rules that list it.
struct Keyword {
    std::string text;  // lower case
    std::vector<std::size_t> rules;
};

struct HsDatabase {
    hs_database_t* db = nullptr;
    ~HsDatabase() { hs_free_database(db); }
};

// Hyperscan scratch space is per thread, grown for each database it meets. hs_alloc_scratch() on
// a scratch that is already big enough still costs more than scanning a small file, so each
// thread remembers which databases (by engine serial, never by a pointer that could be reused)
// its scratch already fits.
hs_scratch_t* thread_scratch(const hs_database_t* db, std::uint64_t serial) {
    struct Holder {
        hs_scratch_t* s = nullptr;
        std::vector<std::uint64_t> fits;
        ~Holder() { hs_free_scratch(s); }
    };
    thread_local Holder holder;
    if (std::find(holder.fits.begin(), holder.fits.end(), serial) != holder.fits.end()) {
        return holder.s;
    }
    if (hs_alloc_scratch(db, &holder.s) != HS_SUCCESS) return nullptr;
    holder.fits.push_back(serial);
    return holder.s;
}

std::uint64_t next_serial() {
    static std::atomic<std::uint64_t> serial{0};
    return ++serial;
}

}  // namespace

struct Engine::Impl {
    std::deque<CompiledRule> rules;    // deque: CompiledRule holds a once_flag and never moves
    std::vector<std::size_t> unkeyed;  // rules without keywords: run on every buffer
    std::vector<Keyword> keywords;
    HsDatabase hs;
    std::uint64_t serial = next_serial();  // identifies this engine's database to scratch spaces
    std::vector<CompiledAllow> allow;
    std::vector<std::unique_ptr<RE2>> exclude_blocks;
    std::string fingerprint;

    Status build_keywords();
    using Windows = std::vector<std::pair<std::size_t, std::size_t>>;  // [from, to) in a buffer
    struct Hit {
        std::size_t at;
        std::size_t end;  // of the whole match
        std::size_t rule;
        Finding finding;
    };
    [[nodiscard]] std::map<std::size_t, Windows> keyword_windows(std::string_view buf) const;
    void scan_buffer(std::string_view path, std::string_view buf, std::uint64_t base,
                     std::size_t line_base, std::vector<Finding>& out,
                     std::set<std::pair<std::size_t, std::uint64_t>>& seen) const;
    void run_rule(std::size_t rule, std::string_view path, std::string_view buf, std::size_t from,
                  std::size_t to, const Windows& excluded, std::vector<Hit>& hits) const;
    bool allowed(const RuleRegexes& r, std::string_view path, std::string_view secret,
                 std::string_view whole) const;
};

Status Engine::Impl::build_keywords() {
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < rules.size(); ++i) {
        if (rules[i].rule.keywords.empty()) {
            unkeyed.push_back(i);
            continue;
        }
        for (const auto& k : rules[i].rule.keywords) {
            std::string low = text::lower(k);
            auto [it, added] = index.emplace(low, keywords.size());
            if (added) keywords.push_back({low, {}});
            keywords[it->second].rules.push_back(i);
        }
    }
    if (keywords.empty()) return {};
    std::vector<const char*> exprs;
    std::vector<std::size_t> lens;
    std::vector<unsigned> flags;
    std::vector<unsigned> ids;
    for (std::size_t i = 0; i < keywords.size(); ++i) {
        exprs.push_back(keywords[i].text.c_str());
        lens.push_back(keywords[i].text.size());
        flags.push_back(HS_FLAG_CASELESS);
        ids.push_back(static_cast<unsigned>(i));
    }
    hs_compile_error_t* err = nullptr;
    if (hs_compile_lit_multi(exprs.data(), flags.data(), ids.data(), lens.data(),
                             static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr, &hs.db,
                             &err) != HS_SUCCESS) {
        std::string msg = err != nullptr && err->message != nullptr ? err->message : "?";
        hs_free_compile_error(err);
        return fail(ErrorCode::InvalidArgument, "secret keywords do not compile: " + msg);
    }
    return {};
}

bool Engine::Impl::allowed(const RuleRegexes& r, std::string_view path, std::string_view secret,
                           std::string_view whole) const {
    auto judge = [&](const CompiledAllow& a) {
        if (a.path && !RE2::PartialMatch(path, *a.path)) return false;
        if (!a.regex) return a.path != nullptr;
        return RE2::PartialMatch(secret, *a.regex) ||
               (a.whole_match && RE2::PartialMatch(whole, *a.regex));
    };
    return std::any_of(allow.begin(), allow.end(), judge) ||
           std::any_of(r.allow.begin(), r.allow.end(), judge);
}

namespace {

// "abc SECRET def" with the secret's bytes redacted, on one line, at most
// kShownContext bytes of context on each side.
std::string shown_match(std::string_view whole, std::size_t secret_at, std::size_t secret_len) {
    std::string_view before = whole.substr(0, secret_at);
    std::string_view after = whole.substr(secret_at + secret_len);
    std::string out;
    if (before.size() > kShownContext) {
        out = "…";
        before = before.substr(before.size() - kShownContext);
    }
    out += before;
    out += redact(whole.substr(secret_at, secret_len));
    out += after.substr(0, kShownContext);
    if (after.size() > kShownContext) out += "…";
    for (char& c : out) {
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    return out;
}

bool inside(const Engine::Impl::Windows& ranges, std::size_t at) {
    return std::any_of(ranges.begin(), ranges.end(),
                       [&](const auto& r) { return at >= r.first && at < r.second; });
}

}  // namespace

void Engine::Impl::run_rule(std::size_t index, std::string_view path, std::string_view buf,
                            std::size_t from, std::size_t to, const Windows& excluded,
                            std::vector<Hit>& hits) const {
    const CompiledRule& r = rules[index];
    const RuleRegexes& x = r.regexes();
    if (x.path && !RE2::PartialMatch(path, *x.path)) return;  // the rule's `path:` filter
    const int groups = x.regex->NumberOfCapturingGroups();
    std::array<re2::StringPiece, 10> sub{};
    const int nsub = std::min(groups, 9) + 1;
    std::size_t pos = from;
    while (pos < to && x.regex->Match(re2::StringPiece(buf.data(), buf.size()), pos, to,
                                      RE2::UNANCHORED, sub.data(), nsub)) {
        const re2::StringPiece whole = sub[0];
        const auto at = static_cast<std::size_t>(whole.data() - buf.data());
        pos = at + std::max<std::size_t>(whole.size(), 1);
        re2::StringPiece secret = whole;
        if (x.secret_group > 0 && x.secret_group < nsub && sub[x.secret_group].data() != nullptr) {
            secret = sub[x.secret_group];
        } else if (x.secret_group == 0) {
            for (int g = 1; g < nsub; ++g) {
                if (sub[g].data() != nullptr) {
                    secret = sub[g];
                    break;
                }
            }
        }
        const std::string_view s(secret.data(), secret.size());
        const std::string_view w(whole.data(), whole.size());
        if (s.empty() || inside(excluded, at)) continue;
        if (r.rule.min_entropy > 0 && shannon_entropy(s) < r.rule.min_entropy) continue;
        if (allowed(x, path, s, w)) continue;
        Finding f;
        f.rule = r.info;
        f.rule_id = r.rule.id;
        f.category = r.rule.category;
        f.match = shown_match(w, static_cast<std::size_t>(secret.data() - whole.data()), s.size());
        hits.push_back({at, at + w.size(), index, std::move(f)});
    }
}

std::map<std::size_t, Engine::Impl::Windows> Engine::Impl::keyword_windows(
    std::string_view buf) const {
    std::map<std::size_t, Windows> windows;
    if (hs.db != nullptr && !buf.empty()) {
        struct Ctx {
            const Impl* self;
            std::string_view buf;
            std::map<std::size_t, Windows>* windows;
        } ctx{this, buf, &windows};
        auto on_hit = [](unsigned id, unsigned long long /*from*/, unsigned long long to,
                         unsigned /*flags*/, void* p) -> int {
            auto* c = static_cast<Ctx*>(p);
            const auto end = static_cast<std::size_t>(to);
            const std::size_t floor = end > kWindowBack ? end - kWindowBack : 0;
            std::size_t start = end;
            while (start > floor && c->buf[start - 1] != '\n') --start;
            const std::size_t stop = std::min(c->buf.size(), end + kWindowAhead);
            for (std::size_t rule : c->self->keywords[id].rules) {
                auto& w = (*c->windows)[rule];
                if (!w.empty() && start <= w.back().second) {
                    w.back().second = std::max(w.back().second, stop);
                } else {
                    w.emplace_back(start, stop);
                }
            }
            return 0;
        };
        hs_scratch_t* scratch = thread_scratch(hs.db, serial);
        if (scratch == nullptr || hs_scan(hs.db, buf.data(), static_cast<unsigned>(buf.size()), 0,
                                          scratch, on_hit, &ctx) != HS_SUCCESS) {
            // Without the prefilter every rule runs on the whole buffer: slower, never blind.
            for (std::size_t i = 0; i < rules.size(); ++i) windows[i] = {{0, buf.size()}};
        }
    }
    for (std::size_t i : unkeyed) windows[i] = {{0, buf.size()}};
    return windows;
}

void Engine::Impl::scan_buffer(std::string_view path, std::string_view buf, std::uint64_t base,
                               std::size_t line_base, std::vector<Finding>& out,
                               std::set<std::pair<std::size_t, std::uint64_t>>& seen) const {
    Windows excluded;
    for (const auto& re : exclude_blocks) {
        std::array<re2::StringPiece, 1> m{};
        std::size_t pos = 0;
        while (pos < buf.size() && re->Match(re2::StringPiece(buf.data(), buf.size()), pos,
                                             buf.size(), RE2::UNANCHORED, m.data(), 1)) {
            const auto at = static_cast<std::size_t>(m[0].data() - buf.data());
            excluded.emplace_back(at, at + m[0].size());
            pos = at + std::max<std::size_t>(m[0].size(), 1);
        }
    }
    std::vector<Hit> hits;
    for (const auto& [rule, ws] : keyword_windows(buf)) {
        for (const auto& [from, to] : ws) run_rule(rule, path, buf, from, to, excluded, hits);
    }
    // A generic rule that matched where a specific one did says less: keep the specific one
    // (AWS_ACCESS_KEY_ID=AKIA… is an AWS key, not a "secret-named assignment").
    std::vector<Hit> kept;
    for (auto& h : hits) {
        const bool shadowed =
            rules[h.rule].rule.category == "generic" &&
            std::any_of(hits.begin(), hits.end(), [&](const Hit& o) {
                return rules[o.rule].rule.category != "generic" && o.at < h.end && h.at < o.end;
            });
        if (!shadowed) kept.push_back(std::move(h));
    }
    hits = std::move(kept);
    std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.at < b.at; });
    std::size_t counted = 0;
    std::size_t line = line_base + 1;
    for (auto& h : hits) {
        line += static_cast<std::size_t>(std::count(buf.data() + counted, buf.data() + h.at, '\n'));
        counted = h.at;
        const std::uint64_t abs = base + h.at;
        // A match starting in the overlap was reported by the previous buffer (same rule, same
        // start); overlapping windows of one rule can also find it twice.
        if (!seen.emplace(h.rule, abs).second) continue;
        h.finding.line = line;
        h.finding.offset = abs;
        out.push_back(std::move(h.finding));
    }
}

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

Result<std::shared_ptr<const Engine>> Engine::create(const Config& config) {
    auto impl = std::make_unique<Impl>();
    std::uint64_t h = 14695981039346656037ULL;
    const auto custom = [&](const Rule& r) {
        return std::any_of(config.rules.begin(), config.rules.end(),
                           [&](const Rule& c) { return c.id == r.id; });
    };
    for (auto& r : detail::selected_rules(config)) {
        h = fnv1a(r.id + '\x1f' + r.regex + '\x1f' + text::join(r.keywords, ",") + '\x1f' + r.path +
                      '\x1f' + std::to_string(r.min_entropy) + '\x1f' + r.secret_group + '\n',
                  h);
        for (const auto& a : r.allow_rules) h = fnv1a(a.id + a.regex + a.path + '\n', h);
        const bool eager = custom(r);
        CompiledRule& c = impl->rules.emplace_back();
        c.info = detail::intern(r);
        c.rule = std::move(r);
        if (eager) {
            if (const auto& compiled = c.compiled(); !compiled) return fail(compiled.error());
        }
    }
    auto allow_rules = detail::selected_allow_rules(config);
    for (const auto& a : allow_rules) h = fnv1a("allow " + a.id + a.regex + a.path + '\n', h);
    auto allow = compile_allow(allow_rules, "secret config");
    if (!allow) return fail(allow.error());
    for (auto& a : *allow) {
        a.whole_match = std::none_of(builtin_allow_rules().begin(), builtin_allow_rules().end(),
                                     [&](const BuiltinAllowRule& b) { return b.id == a.id; });
    }
    impl->allow = std::move(*allow);
    for (const auto& e : config.exclude_blocks) {
        auto re = compile(e, "secret config exclude-block");
        if (!re) return fail(re.error());
        if (*re) impl->exclude_blocks.push_back(std::move(*re));
        h = fnv1a("exclude " + e + '\n', h);
    }
    if (auto st = impl->build_keywords(); !st) return fail(st.error());
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    impl->fingerprint = hex;
    return std::shared_ptr<const Engine>(new Engine(std::move(impl)));
}

std::shared_ptr<const Engine> Engine::builtin() {
    static const std::shared_ptr<const Engine> engine = [] {
        auto e = create(Config{});
        BERTH_ASSERT(e.has_value(), "the built-in secret rules compile (rules_test.cpp)");
        return *e;
    }();
    return engine;
}

namespace {

// The chunk buffer of one thread, reused file after file and never cleared: a std::string resized
// for each file zero-filled 256 KiB even for a 20-byte file (3 % of a whole scan's CPU).
char* thread_buffer(std::size_t size) {
    struct Buffer {
        std::unique_ptr<char[]> data;
        std::size_t size = 0;
    };
    thread_local Buffer b;
    if (b.size < size) {
        b.data.reset(new char[size]);  // NOLINT(cppcoreguidelines-owning-memory): not zeroed
        b.size = size;
    }
    return b.data.get();
}

}  // namespace

Result<bool> Engine::scan(std::string_view path, ByteStream& in, std::vector<Finding>& out,
                          const ChunkLimits& limits) const {
    char* const buf = thread_buffer(limits.chunk + limits.overlap);
    std::size_t used = 0;  // bytes of buf holding data
    std::uint64_t base = 0;
    std::size_t line_base = 0;
    bool first = true;
    std::set<std::pair<std::size_t, std::uint64_t>> seen;
    // Appends up to `want` bytes (a stream may return less than asked before its end).
    auto fill = [&](std::size_t want) -> Result<std::size_t> {
        std::size_t got = 0;
        while (got < want) {
            auto n = in.read(buf + used + got, want - got);
            if (!n) return fail(n.error());
            if (*n == 0) break;
            got += *n;
        }
        used += got;
        return got;
    };
    for (;;) {
        std::size_t got = 0;
        if (first) {  // the binary probe first: a binary costs 8 KiB, not a whole chunk
            auto probe = fill(std::min(kBinaryProbe, limits.chunk));
            if (!probe) return fail(probe.error());
            if (std::memchr(buf, '\0', used) != nullptr) return false;
            first = false;
            got = *probe;
        }
        auto rest = fill(limits.chunk - got);
        if (!rest) return fail(rest.error());
        got += *rest;
        if (got == 0) break;
        const std::string_view view(buf, used);
        impl_->scan_buffer(path, view, base, line_base, out, seen);
        // Keep the tail; forget what lies before it.
        const std::size_t kept = std::min(limits.overlap, used);
        const std::size_t drop = used - kept;
        line_base += static_cast<std::size_t>(std::count(buf, buf + drop, '\n'));
        base += drop;
        std::memmove(buf, buf + drop, kept);
        used = kept;
        std::erase_if(seen, [&](const auto& s) { return s.second < base; });
        if (got < limits.chunk) break;  // the stream ended inside this chunk
    }
    return true;
}

std::vector<Finding> Engine::scan_text(std::string_view path, std::string_view text,
                                       const ChunkLimits& limits) const {
    struct View final : ByteStream {
        explicit View(std::string_view d) : data(d) {}
        Result<std::size_t> read(void* buf, std::size_t size) override {
            const std::size_t n = std::min(size, data.size() - pos);
            std::memcpy(buf, data.data() + pos, n);
            pos += n;
            return n;
        }
        std::string_view data;
        std::size_t pos = 0;
    } view(text);
    std::vector<Finding> out;
    (void)scan(path, view, out, limits);
    return out;
}

const check::RuleInfo* Engine::rule_info(std::string_view id) const {
    for (const auto& r : impl_->rules) {
        if (r.rule.id == id) return r.info;
    }
    return nullptr;
}

Status Engine::compile_all() const {
    for (const auto& r : impl_->rules) {
        if (const auto& c = r.compiled(); !c) return fail(c.error());
    }
    return {};
}

std::size_t Engine::rule_count() const {
    return impl_->rules.size();
}

const std::string& Engine::fingerprint() const {
    return impl_->fingerprint;
}

std::string redact(std::string_view secret) {
    const std::size_t keep = std::min<std::size_t>(4, secret.size() / 4);
    std::string out(secret.substr(0, keep));
    out.append(std::min<std::size_t>(16, secret.size() - keep), '*');
    return out;
}

double shannon_entropy(std::string_view s) {
    if (s.empty()) return 0;
    std::array<std::size_t, 256> counts{};
    for (unsigned char c : s) ++counts[c];
    double h = 0;
    const auto n = static_cast<double>(s.size());
    for (std::size_t c : counts) {
        if (c == 0) continue;
        const double p = static_cast<double>(c) / n;
        h -= p * std::log2(p);
    }
    return h;
}

}  // namespace berth::secret
