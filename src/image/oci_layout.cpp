// SPDX-License-Identifier: Apache-2.0
// OCI image layout reader. Spec: opencontainers/image-spec image-layout.md, image-index.md,
// manifest.md. Example: index.json {"manifests":[{"mediaType":
// "application/vnd.oci.image.manifest.v1+json","digest":"sha256:…","size":1234,
// "annotations":{"org.opencontainers.image.ref.name":"latest"}}]} → that manifest's layers.
#include <nlohmann/json.hpp>

#include "image/media_types.hpp"
#include "image/readers.hpp"

namespace berth::image {
namespace {

using nlohmann::json;

constexpr std::string_view kRefNameAnnotation = "org.opencontainers.image.ref.name";
using media_type::kOciManifest;

struct Descriptor {
    std::string media_type;
    Digest digest;
    std::uint64_t size = 0;
    std::string ref_name;
    std::optional<Platform> platform;
};

std::string blob_path(const Digest& d) {
    return "blobs/" + d.algorithm + "/" + d.hex;
}

Result<Descriptor> parse_descriptor(const json& j, const std::string& where) {
    if (!j.is_object()) return fail(ErrorCode::Format, "descriptor is not an object", where);
    Descriptor d;
    auto mt = j.find("mediaType");
    if (mt != j.end() && mt->is_string()) d.media_type = mt->get<std::string>();
    auto dg = j.find("digest");
    if (dg == j.end() || !dg->is_string()) {
        return fail(ErrorCode::Format, "descriptor has no digest", where);
    }
    auto parsed = parse_digest(dg->get<std::string>());
    if (!parsed) {
        // A bad digest inside a file is a defect of the image, not of the command line.
        Error e = with_where(parsed.error(), where);
        e.code = ErrorCode::Format;
        return fail(std::move(e));
    }
    d.digest = *parsed;
    auto sz = j.find("size");
    if (sz == j.end() || !sz->is_number_unsigned()) {
        return fail(ErrorCode::Format, "descriptor has no valid size",
                    where + "/" + d.digest.str());
    }
    d.size = sz->get<std::uint64_t>();
    if (auto an = j.find("annotations"); an != j.end() && an->is_object()) {
        auto rn = an->find(kRefNameAnnotation);
        if (rn != an->end() && rn->is_string()) d.ref_name = rn->get<std::string>();
    }
    if (auto pf = j.find("platform"); pf != j.end() && pf->is_object()) {
        Platform p;
        if (auto v = pf->find("os"); v != pf->end() && v->is_string()) p.os = v->get<std::string>();
        if (auto v = pf->find("architecture"); v != pf->end() && v->is_string()) {
            p.architecture = v->get<std::string>();
        }
        if (auto v = pf->find("variant"); v != pf->end() && v->is_string()) {
            p.variant = v->get<std::string>();
        }
        d.platform = p;
    }
    return d;
}

// Reads a blob named by a descriptor and checks it hashes to the digest.
Result<std::string> read_verified(const BlobStore& store, const Descriptor& d,
                                  std::string_view what) {
    const std::string where = store.location() + "/" + blob_path(d.digest);
    auto data = store.read_small(blob_path(d.digest), kMaxMetadataBytes);
    if (!data) return fail(data.error());
    Digest got = sha256_of(*data);
    if (d.digest.algorithm == "sha256" && got != d.digest) {
        return fail(
            ErrorCode::DigestMismatch,
            std::string(what) + " content hashes to " + got.str() + ", not " + d.digest.str(),
            where);
    }
    if (d.size != 0 && d.size != data->size()) {
        return fail(ErrorCode::DigestMismatch,
                    std::string(what) + " is " + std::to_string(data->size()) +
                        " bytes, its descriptor says " + std::to_string(d.size),
                    where);
    }
    return data;
}

Result<std::vector<Descriptor>> parse_manifests(const json& index, const std::string& where) {
    if (!index.is_object()) return fail(ErrorCode::Format, "index is not a JSON object", where);
    auto m = index.find("manifests");
    if (m == index.end() || !m->is_array()) {
        return fail(ErrorCode::Format, "index has no \"manifests\" array", where);
    }
    std::vector<Descriptor> out;
    for (std::size_t i = 0; i < m->size(); ++i) {
        auto d = parse_descriptor((*m)[i], where + "/manifests[" + std::to_string(i) + "]");
        if (!d) return fail(d.error());
        out.push_back(std::move(*d));
    }
    return out;
}

bool platform_matches(const Platform& have, const Platform& want) {
    if (have.os != want.os || have.architecture != want.architecture) return false;
    if (want.variant.empty()) return true;
    // arm64 images often omit the v8 variant.
    return have.variant == want.variant || (have.variant.empty() && want.variant == "v8");
}

Result<Descriptor> pick_platform(const BlobStore& store, const Descriptor& index_desc,
                                 const Platform& want, int depth);

// Turns a descriptor into a manifest descriptor, descending indexes.
Result<Descriptor> to_manifest(const BlobStore& store, const Descriptor& d, const Platform& want,
                               int depth) {
    if (media_type::is_index(d.media_type)) return pick_platform(store, d, want, depth + 1);
    return d;
}

Result<Descriptor> pick_platform(const BlobStore& store, const Descriptor& index_desc,
                                 const Platform& want, int depth) {
    if (depth > 4) {
        return fail(ErrorCode::Format, "image indexes nested too deeply", store.location());
    }
    auto data = read_verified(store, index_desc, "image index");
    if (!data) return fail(data.error());
    const std::string where = store.location() + "/" + blob_path(index_desc.digest);
    auto doc = parse_json(*data, where);
    if (!doc) return fail(doc.error());
    auto list = parse_manifests(*doc, where);
    if (!list) return fail(list.error());
    if (list->empty()) {
        return fail(ErrorCode::NotFound,
                    std::string(depth > 1 ? "nested " : "") +
                        "image index lists no manifests: the chain of indexes ends without an "
                        "image",
                    where);
    }
    std::string seen;
    const Descriptor* nested = nullptr;  // the first entry that is an index naming no platform
    for (const auto& d : *list) {
        if (!d.platform) {
            if (nested == nullptr && media_type::is_index(d.media_type)) nested = &d;
            continue;
        }
        // Attestation manifests (buildkit) carry platform unknown/unknown.
        if (platform_matches(*d.platform, want)) return to_manifest(store, d, want, depth);
        seen += (seen.empty() ? "" : ", ") + d.platform->str();
    }
    // An index inside an index often names no platform of its own: look inside it (one per
    // level, so the depth limit bounds the reads). Its own error says where the chain ended.
    if (nested != nullptr) return to_manifest(store, *nested, want, depth);
    if (seen.empty()) {
        return fail(ErrorCode::NotFound,
                    "no image for platform " + want.str() + ": none of the index's " +
                        std::to_string(list->size()) + " entries names a platform",
                    where);
    }
    return fail(ErrorCode::NotFound,
                "no image for platform " + want.str() + " (the index has: " + seen +
                    "); choose one with --platform",
                where);
}

// The index entry `selector` names: a ref name (tag), a digest ("@sha256:…" or "sha256:…"),
// or "" when the layout holds one image.
Result<Descriptor> choose_manifest(const std::vector<Descriptor>& top, const std::string& selector,
                                   const std::string& loc) {
    std::optional<Descriptor> chosen;
    std::string sel = selector;
    if (!sel.empty() && sel.front() == '@') sel.erase(0, 1);
    if (sel.rfind("sha256:", 0) == 0) {
        auto want = parse_digest(sel);
        if (!want) return fail(want.error());
        for (const auto& d : top) {
            if (d.digest == *want) chosen = d;
        }
        if (!chosen) {
            return fail(ErrorCode::NotFound, "no manifest with digest " + sel + " in index.json",
                        loc);
        }
    } else if (!sel.empty()) {
        std::string tags;
        for (const auto& d : top) {
            if (d.ref_name == sel) chosen = d;
            if (!d.ref_name.empty()) tags += (tags.empty() ? "" : ", ") + d.ref_name;
        }
        if (!chosen) {
            return fail(
                ErrorCode::NotFound,
                "no image tagged '" + sel + "' (tags: " + (tags.empty() ? "none" : tags) + ")",
                loc);
        }
    } else if (top.size() == 1) {
        chosen = top.front();
    } else {
        std::string tags;
        for (const auto& d : top) {
            tags += (tags.empty() ? "" : ", ") + (d.ref_name.empty() ? d.digest.str() : d.ref_name);
        }
        return fail(ErrorCode::InvalidArgument,
                    "the layout holds " + std::to_string(top.size()) +
                        " images; name one as oci:DIR:TAG or oci:DIR@DIGEST (" + tags + ")",
                    loc);
    }
    return *chosen;
}

}  // namespace

Result<Image> read_oci_layout(const std::shared_ptr<BlobStore>& store, const std::string& selector,
                              const Platform& platform) {
    const std::string& loc = store->location();
    if (!store->exists("oci-layout")) {
        return fail(ErrorCode::Format, "not an OCI image layout (no oci-layout file)", loc);
    }
    auto layout_text = store->read_small("oci-layout", kMaxMetadataBytes);
    if (!layout_text) return fail(layout_text.error());
    auto layout = parse_json(*layout_text, loc + "/oci-layout");
    if (!layout) return fail(layout.error());
    if (!layout->is_object() || !layout->contains("imageLayoutVersion")) {
        return fail(ErrorCode::Format, "oci-layout has no imageLayoutVersion", loc + "/oci-layout");
    }
    auto index_text = store->read_small("index.json", kMaxMetadataBytes);
    if (!index_text) return fail(index_text.error());
    auto index = parse_json(*index_text, loc + "/index.json");
    if (!index) return fail(index.error());
    auto top = parse_manifests(*index, loc + "/index.json");
    if (!top) return fail(top.error());
    if (top->empty())
        return fail(ErrorCode::NotFound, "the layout holds no images", loc + "/index.json");

    auto chosen = choose_manifest(*top, selector, loc);
    if (!chosen) return fail(chosen.error());
    auto manifest_desc = to_manifest(*store, *chosen, platform, 0);
    if (!manifest_desc) return fail(manifest_desc.error());
    auto manifest_text = read_verified(*store, *manifest_desc, "manifest");
    if (!manifest_text) return fail(manifest_text.error());
    const std::string mwhere = loc + "/" + blob_path(manifest_desc->digest);
    auto manifest = parse_json(*manifest_text, mwhere);
    if (!manifest) return fail(manifest.error());
    if (!manifest->is_object()) return fail(ErrorCode::Format, "manifest is not an object", mwhere);

    Image image;
    image.location = loc;
    image.reference = chosen->ref_name;
    image.manifest_digest = manifest_desc->digest;
    image.manifest_media_type = manifest_desc->media_type;
    if (auto mt = manifest->find("mediaType"); mt != manifest->end() && mt->is_string()) {
        image.manifest_media_type = mt->get<std::string>();
    }
    if (image.manifest_media_type.empty()) image.manifest_media_type = std::string(kOciManifest);
    if (!media_type::is_image_manifest(image.manifest_media_type)) {
        return fail(
            ErrorCode::Unsupported,
            "manifest media type '" + image.manifest_media_type + "' is not an image manifest",
            mwhere);
    }
    auto cfg = manifest->find("config");
    if (cfg == manifest->end()) return fail(ErrorCode::Format, "manifest has no config", mwhere);
    auto config_desc = parse_descriptor(*cfg, mwhere + "/config");
    if (!config_desc) return fail(config_desc.error());
    image.config_digest = config_desc->digest;
    image.config_media_type = config_desc->media_type;

    auto layers = manifest->find("layers");
    if (layers == manifest->end() || !layers->is_array()) {
        return fail(ErrorCode::Format, "manifest has no layers array", mwhere);
    }
    for (std::size_t i = 0; i < layers->size(); ++i) {
        auto d = parse_descriptor((*layers)[i], mwhere + "/layers[" + std::to_string(i) + "]");
        if (!d) return fail(d.error());
        LayerRef layer;
        layer.index = i;
        layer.digest = d->digest;
        layer.media_type = d->media_type;
        layer.size = d->size;
        const std::string path = blob_path(d->digest);
        if (!store->exists(path)) {
            return fail(ErrorCode::NotFound,
                        "layer blob " + d->digest.str() + " is missing from the layout" +
                            (d->media_type.find("nondistributable") != std::string::npos ||
                                     d->media_type.find("foreign") != std::string::npos
                                 ? " (a non-distributable layer)"
                                 : ""),
                        loc);
        }
        layer.open = [store, path]() { return store->open(path); };
        image.layers.push_back(std::move(layer));
    }

    auto config_text = read_verified(*store, *config_desc, "image config");
    if (!config_text) return fail(config_text.error());
    if (auto st =
            apply_image_config(image, *config_text, loc + "/" + blob_path(config_desc->digest));
        !st) {
        return fail(st.error());
    }
    return image;
}

}  // namespace berth::image
