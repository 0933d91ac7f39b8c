// SPDX-License-Identifier: Apache-2.0
#include "image/image.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace berth::image {

using nlohmann::json;

std::string Platform::str() const {
    std::string s = os + "/" + architecture;
    if (!variant.empty()) s += "/" + variant;
    return s;
}

Result<json> parse_json(std::string_view text, const std::string& where) {
    json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
        return fail(ErrorCode::Format, "not valid JSON", where);
    }
    return doc;
}

namespace {

Error type_error(const std::string& where, std::string_view key, std::string_view want) {
    return Error{ErrorCode::Format,
                 "field \"" + std::string(key) + "\" should be " + std::string(want), where};
}

// Optional string field: absent or null → "", wrong type → error.
Result<std::string> opt_string(const json& obj, std::string_view key, const std::string& where) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return std::string();
    if (!it->is_string()) return fail(type_error(where, key, "a string"));
    return it->get<std::string>();
}

Result<std::vector<std::string>> opt_strings(const json& obj, std::string_view key,
                                             const std::string& where) {
    std::vector<std::string> out;
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return out;
    // Docker accepts a bare string for Cmd/Entrypoint in some legacy configs.
    if (it->is_string()) {
        out.push_back(it->get<std::string>());
        return out;
    }
    if (!it->is_array()) return fail(type_error(where, key, "an array of strings"));
    for (const auto& v : *it) {
        if (!v.is_string()) return fail(type_error(where, key, "an array of strings"));
        out.push_back(v.get<std::string>());
    }
    return out;
}

// {"8080/tcp": {}} → sorted keys
Result<std::vector<std::string>> opt_key_set(const json& obj, std::string_view key,
                                             const std::string& where) {
    std::vector<std::string> out;
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return out;
    if (!it->is_object()) return fail(type_error(where, key, "an object"));
    for (const auto& [k, v] : it->items()) out.push_back(k);
    std::sort(out.begin(), out.end());
    return out;
}

Result<std::int64_t> opt_int(const json& obj, std::string_view key, const std::string& where) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return std::int64_t{0};
    if (!it->is_number_integer()) return fail(type_error(where, key, "an integer"));
    return it->get<std::int64_t>();
}

Status parse_run_config(const json& c, RunConfig& rc, const std::string& where) {
    if (!c.is_object()) return fail(type_error(where, "config", "an object"));
    auto user = opt_string(c, "User", where);
    auto env = opt_strings(c, "Env", where);
    auto entrypoint = opt_strings(c, "Entrypoint", where);
    auto cmd = opt_strings(c, "Cmd", where);
    auto workdir = opt_string(c, "WorkingDir", where);
    auto ports = opt_key_set(c, "ExposedPorts", where);
    auto volumes = opt_key_set(c, "Volumes", where);
    auto stop = opt_string(c, "StopSignal", where);
    for (const Error* e : {user ? nullptr : &user.error(), env ? nullptr : &env.error(),
                           entrypoint ? nullptr : &entrypoint.error(), cmd ? nullptr : &cmd.error(),
                           workdir ? nullptr : &workdir.error(), ports ? nullptr : &ports.error(),
                           volumes ? nullptr : &volumes.error(), stop ? nullptr : &stop.error()}) {
        if (e != nullptr) return fail(*e);
    }
    rc.user = *user;
    rc.env = *env;
    rc.entrypoint = *entrypoint;
    rc.cmd = *cmd;
    rc.working_dir = *workdir;
    rc.exposed_ports = *ports;
    rc.volumes = *volumes;
    rc.stop_signal = *stop;

    if (auto it = c.find("Labels"); it != c.end() && !it->is_null()) {
        if (!it->is_object()) return fail(type_error(where, "Labels", "an object"));
        for (const auto& [k, v] : it->items()) {
            if (!v.is_string()) return fail(type_error(where, "Labels." + k, "a string"));
            rc.labels[k] = v.get<std::string>();
        }
    }
    if (auto it = c.find("Healthcheck"); it != c.end() && !it->is_null()) {
        if (!it->is_object()) return fail(type_error(where, "Healthcheck", "an object"));
        Healthcheck hc;
        auto test = opt_strings(*it, "Test", where);
        if (!test) return fail(test.error());
        hc.test = *test;
        auto interval = opt_int(*it, "Interval", where);
        auto timeout = opt_int(*it, "Timeout", where);
        auto start = opt_int(*it, "StartPeriod", where);
        auto retries = opt_int(*it, "Retries", where);
        if (!interval) return fail(interval.error());
        if (!timeout) return fail(timeout.error());
        if (!start) return fail(start.error());
        if (!retries) return fail(retries.error());
        hc.interval_ns = *interval;
        hc.timeout_ns = *timeout;
        hc.start_period_ns = *start;
        hc.retries = *retries;
        rc.healthcheck = std::move(hc);
    }
    return {};
}

}  // namespace

Status apply_image_config(Image& image, std::string_view config_json, const std::string& where) {
    auto doc = parse_json(config_json, where);
    if (!doc) return fail(doc.error());
    const json& cfg = *doc;
    if (!cfg.is_object()) return fail(ErrorCode::Format, "image config is not a JSON object", where);

    auto os = opt_string(cfg, "os", where);
    auto arch = opt_string(cfg, "architecture", where);
    auto variant = opt_string(cfg, "variant", where);
    auto created = opt_string(cfg, "created", where);
    auto author = opt_string(cfg, "author", where);
    if (!os) return fail(os.error());
    if (!arch) return fail(arch.error());
    if (!variant) return fail(variant.error());
    if (!created) return fail(created.error());
    if (!author) return fail(author.error());
    image.platform = Platform{*os, *arch, *variant};
    image.created = *created;
    image.author = *author;

    if (auto it = cfg.find("config"); it != cfg.end() && !it->is_null()) {
        if (auto st = parse_run_config(*it, image.config, where); !st) return st;
    }

    image.history.clear();
    if (auto it = cfg.find("history"); it != cfg.end() && !it->is_null()) {
        if (!it->is_array()) return fail(type_error(where, "history", "an array"));
        for (const auto& h : *it) {
            if (!h.is_object()) return fail(type_error(where, "history[]", "an object"));
            HistoryEntry e;
            auto hc = opt_string(h, "created", where);
            auto hb = opt_string(h, "created_by", where);
            auto ha = opt_string(h, "author", where);
            auto hm = opt_string(h, "comment", where);
            if (!hc) return fail(hc.error());
            if (!hb) return fail(hb.error());
            if (!ha) return fail(ha.error());
            if (!hm) return fail(hm.error());
            e.created = *hc;
            e.created_by = *hb;
            e.author = *ha;
            e.comment = *hm;
            if (auto el = h.find("empty_layer"); el != h.end() && el->is_boolean()) {
                e.empty_layer = el->get<bool>();
            }
            image.history.push_back(std::move(e));
        }
    }

    std::vector<Digest> diff_ids;
    auto rootfs = cfg.find("rootfs");
    if (rootfs == cfg.end() || !rootfs->is_object()) {
        return fail(ErrorCode::Format, "image config has no rootfs object", where);
    }
    auto ids = rootfs->find("diff_ids");
    if (ids == rootfs->end() || !ids->is_array()) {
        return fail(ErrorCode::Format, "image config has no rootfs.diff_ids array", where);
    }
    for (const auto& id : *ids) {
        if (!id.is_string()) return fail(type_error(where, "rootfs.diff_ids[]", "a string"));
        auto d = parse_digest(id.get<std::string>());
        if (!d) return fail(with_where(d.error(), where + "/rootfs.diff_ids"));
        diff_ids.push_back(*d);
    }
    if (diff_ids.size() != image.layers.size()) {
        return fail(ErrorCode::Format,
                    "config lists " + std::to_string(diff_ids.size()) +
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
        image.layers[i].diff_id = diff_ids[i];
        image.layers[i].created_by = attributable ? layer_history[i]->created_by : std::string();
    }
    return {};
}

}  // namespace berth::image
