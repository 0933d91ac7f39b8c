// SPDX-License-Identifier: Apache-2.0
#include "image/image.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/json_read.hpp"

namespace berth::image {

using nlohmann::json;

std::string Platform::str() const {
    std::string s = os + "/" + architecture;
    if (!variant.empty()) s += "/" + variant;
    return s;
}

Result<json> parse_json(std::string_view text, const std::string& where) {
    return json_read::parse(text, where);
}

namespace {

using json_read::Cursor;

// A string array; Docker also accepts a bare string for Cmd/Entrypoint in legacy configs.
Result<std::vector<std::string>> opt_string_list(const Cursor& obj, std::string_view key) {
    const Cursor v = obj[key];
    if (v.value().is_string()) return std::vector<std::string>{v.value().get<std::string>()};
    return obj.opt_strings(key);
}

// {"8080/tcp": {}} → sorted keys
Result<std::vector<std::string>> opt_key_set(const Cursor& obj, std::string_view key) {
    auto o = obj.opt_object(key);
    if (!o) return fail(o.error());
    auto members = o->members();
    if (!members) return fail(members.error());
    std::vector<std::string> out;
    for (const auto& m : *members) out.push_back(m.first);
    std::sort(out.begin(), out.end());
    return out;
}

// Assigns `r` to `out`, or passes its error on (keeps field-by-field reads one line each).
template <typename T, typename U>
Status take(Result<T> r, U& out) {
    if (!r) return fail(std::move(r.error()));
    out = std::move(*r);
    return {};
}

Status parse_healthcheck(const Cursor& h, Healthcheck& hc) {
    for (Status st :
         {take(h.opt_strings("Test"), hc.test), take(h.opt_int("Interval"), hc.interval_ns),
          take(h.opt_int("Timeout"), hc.timeout_ns),
          take(h.opt_int("StartPeriod"), hc.start_period_ns),
          take(h.opt_int("Retries"), hc.retries)}) {
        if (!st) return st;
    }
    return {};
}

Status parse_run_config(const Cursor& c, RunConfig& rc) {
    for (Status st :
         {take(c.opt_string("User"), rc.user), take(opt_string_list(c, "Env"), rc.env),
          take(opt_string_list(c, "Entrypoint"), rc.entrypoint),
          take(opt_string_list(c, "Cmd"), rc.cmd), take(c.opt_string("WorkingDir"), rc.working_dir),
          take(opt_key_set(c, "ExposedPorts"), rc.exposed_ports),
          take(opt_key_set(c, "Volumes"), rc.volumes),
          take(c.opt_string("StopSignal"), rc.stop_signal)}) {
        if (!st) return st;
    }
    auto labels = c.opt_object("Labels");
    if (!labels) return fail(labels.error());
    auto members = labels->members();
    if (!members) return fail(members.error());
    for (const auto& [k, v] : *members) {
        auto value = v.as_string();
        if (!value) return fail(value.error());
        rc.labels[k] = std::move(*value);
    }
    auto health = c.opt_object("Healthcheck");
    if (!health) return fail(health.error());
    if (health->present()) {
        Healthcheck hc;
        if (auto st = parse_healthcheck(*health, hc); !st) return st;
        rc.healthcheck = std::move(hc);
    }
    return {};
}

Status parse_history(const Cursor& cfg, std::vector<HistoryEntry>& history) {
    history.clear();
    auto entries = cfg.opt_array("history");
    if (!entries) return fail(entries.error());
    auto items = entries->elements();
    if (!items) return fail(items.error());
    for (const Cursor& h : *items) {
        if (!h.value().is_object()) {
            return fail(
                h.error("expected an object, got " + std::string(json_read::type_name(h.value()))));
        }
        HistoryEntry e;
        for (Status st :
             {take(h.opt_string("created"), e.created),
              take(h.opt_string("created_by"), e.created_by),
              take(h.opt_string("author"), e.author), take(h.opt_string("comment"), e.comment)}) {
            if (!st) return st;
        }
        e.empty_layer = h.bool_or("empty_layer", false);
        history.push_back(std::move(e));
    }
    return {};
}

Result<std::vector<Digest>> parse_diff_ids(const Cursor& cfg) {
    const Cursor rootfs = cfg["rootfs"];
    if (!rootfs.value().is_object()) return fail(rootfs.error("image config has no rootfs object"));
    const Cursor ids = rootfs["diff_ids"];
    if (!ids.value().is_array()) {
        return fail(ids.error("image config has no rootfs.diff_ids array"));
    }
    auto items = ids.elements();
    if (!items) return fail(items.error());
    std::vector<Digest> diff_ids;
    for (const Cursor& id : *items) {
        auto text = id.as_string();
        if (!text) return fail(text.error());
        auto d = parse_digest(*text);
        if (!d) {
            // Malformed inside the image's config: a format error, not a usage error.
            Error e = with_where(d.error(), cfg.where() + "/rootfs.diff_ids");
            e.code = ErrorCode::Format;
            return fail(std::move(e));
        }
        diff_ids.push_back(*d);
    }
    return diff_ids;
}

}  // namespace

Status apply_image_config(Image& image, std::string_view config_json, const std::string& where) {
    auto doc = parse_json(config_json, where);
    if (!doc) return fail(doc.error());
    const Cursor cfg(*doc, where);
    if (!doc->is_object())
        return fail(ErrorCode::Format, "image config is not a JSON object", where);

    Platform platform;
    for (Status st : {take(cfg.opt_string("os"), platform.os),
                      take(cfg.opt_string("architecture"), platform.architecture),
                      take(cfg.opt_string("variant"), platform.variant),
                      take(cfg.opt_string("created"), image.created),
                      take(cfg.opt_string("author"), image.author)}) {
        if (!st) return st;
    }
    image.platform = std::move(platform);

    auto config = cfg.opt_object("config");
    if (!config) return fail(config.error());
    if (config->present()) {
        if (auto st = parse_run_config(*config, image.config); !st) return st;
    }
    if (auto st = parse_history(cfg, image.history); !st) return st;

    auto diff_ids = parse_diff_ids(cfg);
    if (!diff_ids) return fail(diff_ids.error());
    if (diff_ids->size() != image.layers.size()) {
        return fail(ErrorCode::Format,
                    "config lists " + std::to_string(diff_ids->size()) +
                        " diff_ids but the manifest lists " + std::to_string(image.layers.size()) +
                        " layers",
                    where);
    }
    // The i-th history entry without empty_layer describes layer i — only when the counts
    // agree; otherwise which entry made which layer is unknown and created_by stays empty (the
    // inventory reports one warning).
    std::vector<const HistoryEntry*> layer_history;
    for (const auto& entry : image.history) {
        if (!entry.empty_layer) layer_history.push_back(&entry);
    }
    const bool attributable = layer_history.size() == image.layers.size();
    for (std::size_t i = 0; i < image.layers.size(); ++i) {
        image.layers[i].index = i;
        image.layers[i].diff_id = (*diff_ids)[i];
        image.layers[i].created_by = attributable ? layer_history[i]->created_by : std::string();
    }
    return {};
}

}  // namespace berth::image
