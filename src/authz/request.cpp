// SPDX-License-Identifier: Apache-2.0
#include "authz/request.hpp"

#include "core/base64.hpp"
#include "core/json_read.hpp"
#include "core/text.hpp"

namespace berth::authz {
namespace {

using json_read::Cursor;

constexpr std::string_view kWhere = "AuthZReq";

// A []byte member: base64 text, decoded.
Result<std::optional<std::string>> read_bytes(const Cursor& c, std::string_view key) {
    const Cursor v = c[key];
    if (!v.present()) return std::optional<std::string>{};
    auto text = c.opt_string(key);
    if (!text) return fail(text.error());
    auto bytes = base64_decode(*text);
    if (!bytes) return fail(v.error("not valid base64"));
    return std::optional<std::string>(std::move(*bytes));
}

Status read_headers(const Cursor& root, AuthzRequest& r) {
    auto headers = root["RequestHeaders"].members();
    if (!headers) return fail(headers.error());
    for (const auto& [name, value] : *headers) {
        auto v = value.as_string();
        if (!v) return fail(value.error("expected a string header value"));
        r.headers[text::lower(name)] = std::move(*v);
    }
    return {};
}

Status read_certificates(const Cursor& root, AuthzRequest& r) {
    auto certs = root["RequestPeerCertificates"].elements();
    if (!certs) return fail(certs.error());
    for (const Cursor& c : *certs) {
        auto text = c.as_string();
        if (!text) return fail(c.error("expected a base64 string"));
        auto pem = base64_decode(*text);
        if (!pem) return fail(c.error("not valid base64"));
        r.peer_certificates.push_back(std::move(*pem));
    }
    return {};
}

}  // namespace

std::optional<std::string_view> AuthzRequest::header(std::string_view name) const {
    auto it = headers.find(std::string(name));
    if (it == headers.end()) return std::nullopt;
    return std::string_view(it->second);
}

Result<AuthzRequest> parse_authz_request(std::string_view text, const RequestLimits& limits) {
    auto doc = json_read::parse(text, std::string(kWhere));
    if (!doc) return fail(doc.error());
    const Cursor root(*doc, std::string(kWhere));
    if (!doc->is_object()) return fail(root.error("expected a JSON object"));
    AuthzRequest r;
    auto user = root.opt_string("User");
    auto authn = root.opt_string("UserAuthNMethod");
    auto method = root.req_string("RequestMethod");
    auto uri = root.req_string("RequestUri");
    for (auto* s : {&user, &authn, &method, &uri}) {
        if (!*s) return fail(s->error());
    }
    r.user = std::move(*user);
    r.authn_method = std::move(*authn);
    r.method = std::move(*method);
    r.uri = std::move(*uri);
    if (auto s = read_headers(root, r); !s) return fail(s.error());
    if (auto s = read_certificates(root, r); !s) return fail(s.error());
    auto body = read_bytes(root, "RequestBody");
    if (!body) return fail(body.error());
    if (*body) {
        if ((*body)->size() > limits.max_body) {
            return fail(ErrorCode::LimitExceeded,
                        "request body of " + std::to_string((*body)->size()) +
                            " bytes is over the limit of " + std::to_string(limits.max_body),
                        std::string(kWhere));
        }
        r.has_body = true;
        r.body = std::move(**body);
    }
    r.is_response = root["ResponseStatusCode"].present() || root["ResponseHeaders"].present() ||
                    root["ResponseBody"].present();
    return r;
}

std::optional<std::string> media_type(std::string_view content_type) {
    const std::string_view type = text::trim(content_type.substr(0, content_type.find(';')));
    const auto slash = type.find('/');
    if (type.empty() || slash == std::string_view::npos || slash == 0 || slash + 1 == type.size()) {
        return std::nullopt;
    }
    for (char c : type) {
        if (text::is_space(c) || c == '"' || c == ',') return std::nullopt;
    }
    return text::lower(type);
}

}  // namespace berth::authz
