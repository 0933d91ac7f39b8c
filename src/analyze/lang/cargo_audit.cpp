// SPDX-License-Identifier: Apache-2.0
#include "analyze/lang/cargo_audit.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>

#include "core/json_read.hpp"

namespace berth::analyze::lang {

Result<std::string> inflate_zlib(std::string_view compressed, std::size_t max_out,
                                 const std::string& where) {
    z_stream z{};
    if (inflateInit(&z) != Z_OK)
        return fail(ErrorCode::Internal, "zlib: inflateInit failed", where);
    const std::unique_ptr<z_stream, int (*)(z_streamp)> guard(&z, inflateEnd);
    // zlib takes a non-const pointer but does not write through next_in.
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    z.avail_in = static_cast<uInt>(std::min<std::size_t>(compressed.size(), UINT32_MAX));
    std::string out;
    std::array<char, 64U << 10U> chunk{};
    for (;;) {
        z.next_out = reinterpret_cast<Bytef*>(chunk.data());
        z.avail_out = static_cast<uInt>(chunk.size());
        const int rc = inflate(&z, Z_NO_FLUSH);
        const std::size_t got = chunk.size() - z.avail_out;
        if (got > max_out - out.size()) {
            return fail(ErrorCode::LimitExceeded,
                        "inflates past " + std::to_string(max_out >> 20U) +
                            " MiB (a decompression bomb?): not read",
                        where);
        }
        out.append(chunk.data(), got);
        if (rc == Z_STREAM_END) return out;
        if (rc == Z_BUF_ERROR && z.avail_in == 0)
            return fail(ErrorCode::Truncated, "the zlib stream is cut off", where);
        if (rc != Z_OK) {
            return fail(ErrorCode::Format,
                        std::string("corrupt zlib data: ") + (z.msg != nullptr ? z.msg : "?"),
                        where);
        }
    }
}

namespace {

Result<CargoPackage> cargo_package(const json_read::Cursor& c) {
    CargoPackage p;
    auto name = c.req_string("name");
    if (!name) return fail(name.error());
    auto version = c.req_string("version");
    if (!version) return fail(version.error());
    auto source = c.opt_string("source");
    if (!source) return fail(source.error());
    auto kind = c.opt_string("kind");
    if (!kind) return fail(kind.error());
    auto root = c.opt_bool("root");
    if (!root) return fail(root.error());
    auto deps = c.opt_array("dependencies");
    if (!deps) return fail(deps.error());
    auto elems = deps->elements();
    if (!elems) return fail(elems.error());
    for (const auto& d : *elems) {
        if (!d.value().is_number_unsigned()) return fail(d.error("expected a package index"));
        p.dependencies.push_back(d.value().get<std::size_t>());
    }
    p.name = std::move(*name);
    p.version = std::move(*version);
    p.source = std::move(*source);
    p.build = *kind == "build";
    p.root = *root;
    return p;
}

}  // namespace

Result<CargoAudit> parse_cargo_audit(std::string_view json, const std::string& where) {
    auto doc = json_read::parse(json, where);
    if (!doc) return fail(doc.error());
    const json_read::Cursor root(*doc, where);
    if (!doc->is_object()) return fail(root.error("expected an object"));
    auto list = root.opt_array("packages");
    if (!list) return fail(list.error());
    if (!list->present()) return fail(root.error("no \"packages\" array"));
    auto elems = list->elements();
    if (!elems) return fail(elems.error());
    CargoAudit audit;
    audit.packages.reserve(elems->size());
    for (const auto& e : *elems) {
        auto p = cargo_package(e);
        if (!p) return fail(p.error());
        audit.packages.push_back(std::move(*p));
    }
    for (std::size_t i = 0; i < audit.packages.size(); ++i) {
        for (std::size_t d : audit.packages[i].dependencies) {
            if (d >= audit.packages.size()) {
                return fail((*list)[i]["dependencies"].error("package index " + std::to_string(d) +
                                                             " out of range"));
            }
        }
    }
    return audit;
}

}  // namespace berth::analyze::lang
