// SPDX-License-Identifier: Apache-2.0
// `docker save` format reader (moby image/tarexport). manifest.json is an array, one object per
// image: [{"Config":"<id>.json","RepoTags":["busybox:latest"],"Layers":["<id>/layer.tar",…]}].
// Legacy archives store each layer as <id>/layer.tar and deduplicate shared layers with
// symlinks (`../<other id>/layer.tar`), which the blob store follows.
#include <nlohmann/json.hpp>

#include "image/media_types.hpp"
#include "image/readers.hpp"
#include "image/reference.hpp"

namespace berth::image {
namespace {

using nlohmann::json;

std::string normalized_tag(const std::string& text) {
    auto ref = parse_reference(text);
    return ref ? ref->str() : text;
}

// Digest a Config member's name implies: "<hex>.json" or "blobs/sha256/<hex>".
std::optional<Digest> digest_from_name(const std::string& name) {
    std::string base = name.substr(name.rfind('/') == std::string::npos ? 0 : name.rfind('/') + 1);
    if (base.size() > 5 && base.compare(base.size() - 5, 5, ".json") == 0)
        base.resize(base.size() - 5);
    auto d = parse_digest("sha256:" + base);
    if (!d) return std::nullopt;
    return *d;
}

// The manifest.json entry `ref` names: a tag, "@N", or "" when the archive holds one image.
Result<std::size_t> choose_entry(const json& doc, const std::string& ref, const std::string& want,
                                 const std::string& loc, const std::string& mwhere) {
    std::size_t chosen = doc.size();
    std::string all_tags;
    for (std::size_t i = 0; i < doc.size(); ++i) {
        const json& m = doc[i];
        if (!m.is_object()) {
            return fail(ErrorCode::Format, "entry " + std::to_string(i) + " is not an object",
                        mwhere);
        }
        if (auto tags = m.find("RepoTags"); tags != m.end() && tags->is_array()) {
            for (const auto& t : *tags) {
                if (!t.is_string()) continue;
                all_tags += (all_tags.empty() ? "" : ", ") + t.get<std::string>();
                if (!want.empty() && normalized_tag(t.get<std::string>()) == want) chosen = i;
            }
        }
    }
    if (!ref.empty() && ref.front() == '@') {
        std::size_t n = 0;
        try {
            n = std::stoul(ref.substr(1));
        } catch (const std::exception&) {
            return fail(ErrorCode::InvalidArgument, "'" + ref + "' is not an image index like @0",
                        loc);
        }
        if (n >= doc.size()) {
            return fail(ErrorCode::NotFound,
                        "the archive holds " + std::to_string(doc.size()) + " images, no " + ref,
                        loc);
        }
        chosen = n;
    } else if (!ref.empty() && chosen == doc.size()) {
        return fail(
            ErrorCode::NotFound,
            "no image tagged '" + ref + "' (tags: " + (all_tags.empty() ? "none" : all_tags) + ")",
            loc);
    } else if (ref.empty()) {
        if (doc.size() > 1) {
            return fail(ErrorCode::InvalidArgument,
                        "the archive holds " + std::to_string(doc.size()) +
                            " images; name one as docker-archive:PATH:NAME:TAG or …:@N (" +
                            all_tags + ")",
                        loc);
        }
        chosen = 0;
    }
    return chosen;
}

// Docker 25+ records each layer's descriptor under LayerSources; its digest names the stored
// blob and its media type says how the layer is stored.
void apply_layer_sources(const json& sources, Image& image) {
    for (auto& layer : image.layers) {
        auto it = sources.find(layer.diff_id.str());
        if (it == sources.end() || !it->is_object()) continue;
        if (auto mt = it->find("mediaType"); mt != it->end() && mt->is_string()) {
            layer.media_type = mt->get<std::string>();
        }
        if (auto dg = it->find("digest"); dg != it->end() && dg->is_string()) {
            if (auto d = parse_digest(dg->get<std::string>())) layer.digest = *d;
        }
    }
}

}  // namespace

Result<Image> read_docker_archive(std::shared_ptr<BlobStore> store, const std::string& ref) {
    const std::string& loc = store->location();
    if (!store->exists("manifest.json")) {
        return fail(ErrorCode::Format, "not a docker-archive (no manifest.json)", loc);
    }
    auto text = store->read_small("manifest.json", kMaxMetadataBytes);
    if (!text) return fail(text.error());
    const std::string mwhere = loc + "/manifest.json";
    auto doc = parse_json(*text, mwhere);
    if (!doc) return fail(doc.error());
    if (!doc->is_array()) return fail(ErrorCode::Format, "manifest.json is not an array", mwhere);
    if (doc->empty()) return fail(ErrorCode::NotFound, "the archive holds no images", mwhere);

    const std::string want =
        ref.empty() || ref.front() == '@' ? std::string() : normalized_tag(ref);
    auto chosen = choose_entry(*doc, ref, want, loc, mwhere);
    if (!chosen) return fail(chosen.error());
    const json& m = (*doc)[*chosen];
    const std::string where = mwhere + "[" + std::to_string(*chosen) + "]";
    Image image;
    image.location = loc;
    if (auto tags = m.find("RepoTags"); tags != m.end() && tags->is_array()) {
        for (const auto& t : *tags) {
            if (t.is_string()) image.repo_tags.push_back(t.get<std::string>());
        }
    }
    if (!ref.empty() && ref.front() != '@') {
        image.reference = want;
    } else if (!image.repo_tags.empty()) {
        image.reference = normalized_tag(image.repo_tags.front());
    }

    auto cfg = m.find("Config");
    if (cfg == m.end() || !cfg->is_string()) {
        return fail(ErrorCode::Format, "image entry has no Config", where);
    }
    const std::string config_name = cfg->get<std::string>();
    auto config_text = store->read_small(config_name, kMaxMetadataBytes);
    if (!config_text) return fail(config_text.error());
    Digest config_digest = sha256_of(*config_text);
    if (auto named = digest_from_name(config_name); named && *named != config_digest) {
        return fail(
            ErrorCode::DigestMismatch,
            "image config hashes to " + config_digest.str() + ", its name says " + named->str(),
            loc + "/" + config_name);
    }
    image.config_digest = config_digest;
    image.config_media_type = std::string(media_type::kDockerConfig);

    auto layers = m.find("Layers");
    if (layers == m.end() || !layers->is_array()) {
        return fail(ErrorCode::Format, "image entry has no Layers array", where);
    }
    const json* sources = nullptr;
    if (auto ls = m.find("LayerSources"); ls != m.end() && ls->is_object()) sources = &*ls;
    for (std::size_t i = 0; i < layers->size(); ++i) {
        const json& l = (*layers)[i];
        if (!l.is_string()) return fail(ErrorCode::Format, "Layers[] is not a string", where);
        std::string path = l.get<std::string>();
        auto size = store->size(path);
        if (!size) return fail(size.error());
        LayerRef layer;
        layer.index = i;
        layer.size = *size;
        layer.media_type = std::string(media_type::kDockerLayerTar);
        layer.open = [store, path]() { return store->open(path); };
        image.layers.push_back(std::move(layer));
    }
    if (auto st = apply_image_config(image, *config_text, loc + "/" + config_name); !st) {
        return fail(st.error());
    }
    if (sources != nullptr) apply_layer_sources(*sources, image);
    return image;
}

}  // namespace berth::image
