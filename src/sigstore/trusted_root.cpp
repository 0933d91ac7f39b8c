// SPDX-License-Identifier: Apache-2.0
#include "sigstore/trusted_root.hpp"

#include "core/json_read.hpp"
#include "sigstore/encoding.hpp"

namespace berth::sigstore {

namespace {

using json_read::Cursor;

Result<std::int64_t> read_time(const Cursor& c, std::string_view key) {
    auto text = c.req_string(key);
    if (!text) return fail(text.error());
    auto t = parse_rfc3339(*text);
    if (!t) return fail(c[key].error("not an RFC 3339 time: \"" + text->substr(0, 40) + "\""));
    return *t;
}

Result<TimeRange> read_range(const Cursor& c) {
    TimeRange r;
    auto range = c.opt_object("validFor");
    if (!range) return fail(range.error());
    if (!range->present()) return r;  // no window given: always valid
    auto start = read_time(*range, "start");
    if (!start) return fail(start.error());
    r.start = *start;
    if ((*range)["end"].present()) {
        auto end = read_time(*range, "end");
        if (!end) return fail(end.error());
        r.end = *end;
    }
    return r;
}

Result<LogKey> parse_log(const Cursor& c) {
    LogKey log;
    auto url = c.opt_string("baseUrl");
    if (!url) return fail(url.error());
    log.base_url = std::move(*url);
    auto key = c.req_object("publicKey");
    if (!key) return fail(key.error());
    auto der = read_bytes(*key, "rawBytes");
    if (!der) return fail(der.error());
    log.key_der = std::move(*der);
    auto details = key->opt_string("keyDetails");
    if (!details) return fail(details.error());
    log.key_details = std::move(*details);
    auto range = read_range(*key);
    if (!range) return fail(range.error());
    log.valid = *range;
    auto id = c.opt_object("logId");
    if (!id) return fail(id.error());
    if (id->present()) {
        auto raw = read_bytes(*id, "keyId");
        if (!raw) return fail(raw.error());
        log.log_id = std::move(*raw);
    } else {
        log.log_id = sha256_bytes(log.key_der);
    }
    return log;
}

Result<Authority> parse_authority(const Cursor& c) {
    Authority a;
    auto uri = c.opt_string("uri");
    if (!uri) return fail(uri.error());
    a.uri = std::move(*uri);
    auto chain = c.req_object("certChain");
    if (!chain) return fail(chain.error());
    auto certs = chain->opt_array("certificates");
    if (!certs) return fail(certs.error());
    auto list = certs->elements();
    if (!list) return fail(list.error());
    if (list->empty()) return fail((*chain)["certificates"].error("empty certificate chain"));
    for (const Cursor& e : *list) {
        auto der = read_bytes(e, "rawBytes");
        if (!der) return fail(der.error());
        a.chain_der.push_back(std::move(*der));
    }
    auto range = read_range(c);
    if (!range) return fail(range.error());
    a.valid = *range;
    return a;
}

template <class T, class F>
Status read_list(const Cursor& root, std::string_view key, std::vector<T>& out, F parse_one) {
    auto arr = root.opt_array(key);
    if (!arr) return fail(arr.error());
    auto list = arr->elements();
    if (!list) return fail(list.error());
    for (const Cursor& e : *list) {
        if (!e.value().is_object()) return fail(e.error("expected an object"));
        auto one = parse_one(e);
        if (!one) return fail(one.error());
        out.push_back(std::move(*one));
    }
    return {};
}

const LogKey* find_log(const std::vector<LogKey>& logs, std::string_view id) {
    for (const auto& l : logs) {
        if (l.log_id == id) return &l;
    }
    return nullptr;
}

}  // namespace

const LogKey* TrustedRoot::tlog(std::string_view log_id) const {
    return find_log(tlogs, log_id);
}
const LogKey* TrustedRoot::ctlog(std::string_view log_id) const {
    return find_log(ctlogs, log_id);
}

Result<TrustedRoot> parse_trusted_root(std::string_view text, const std::string& where) {
    auto doc = json_read::parse(text, where);
    if (!doc) return fail(doc.error());
    const Cursor root(*doc, where);
    if (!doc->is_object()) return fail(root.error("a trusted root is a JSON object"));
    TrustedRoot tr;
    if (auto s = read_list(root, "tlogs", tr.tlogs, parse_log); !s) return fail(s.error());
    if (auto s = read_list(root, "ctlogs", tr.ctlogs, parse_log); !s) return fail(s.error());
    if (auto s =
            read_list(root, "certificateAuthorities", tr.certificate_authorities, parse_authority);
        !s) {
        return fail(s.error());
    }
    if (auto s = read_list(root, "timestampAuthorities", tr.timestamp_authorities, parse_authority);
        !s) {
        return fail(s.error());
    }
    return tr;
}

}  // namespace berth::sigstore
