// SPDX-License-Identifier: Apache-2.0
// Header blob → sbom::Package with librpm 4.18 (see rpm_header.hpp for the layout).
//
// Example (go-rpmdb testdata/blob.bin, from a Fedora 35 rpmdb.sqlite):
//   be32 il=0x45, be32 dl=0x1030, 69 index entries, 4144 data bytes
//   → Package{name "publicsuffix-list-dafsa", version "20210518-2.fc35", epoch "",
//             arch "noarch", source_name "publicsuffix-list", installed_size 68815, …}
//
// Why file names are assembled here rather than read as RPMTAG_FILENAMES with HEADERGET_EXT: that
// extension goes through librpm's rpmfiles, which drops every name when one entry is damaged
// (go-rpmdb's testdata/blob.bin: DIRINDEXES {0, 1, 2, 4} with 4 DIRNAMES → no names at all).
// Here only the damaged entry is dropped. For a sound header the result is what rpm -ql prints:
// DIRNAMES[DIRINDEXES[i]] + BASENAMES[i] (OLDFILENAMES in headers older than rpm 4.0).
#include "analyze/pkgdb/rpm_header.hpp"

#include <rpm/header.h>
#include <rpm/rpmtag.h>
#include <rpm/rpmtd.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "image/blob_store.hpp"

namespace berth::analyze::rpmdb {
namespace {

struct HeaderFree {
    void operator()(headerToken_s* h) const { headerFree(h); }
};
using HeaderPtr = std::unique_ptr<headerToken_s, HeaderFree>;

// A tag data container that frees what it holds.
class TagData {
  public:
    TagData() : td_(rpmtdNew()) {}
    ~TagData() {
        rpmtdFreeData(td_);
        rpmtdFree(td_);
    }
    TagData(const TagData&) = delete;
    TagData& operator=(const TagData&) = delete;

    /// Loads `tag` without copying (the data points into the header); false when absent.
    bool load(Header h, rpmTagVal tag) {
        rpmtdFreeData(td_);
        return headerGet(h, tag, td_, HEADERGET_MINMEM) != 0;
    }
    [[nodiscard]] rpmtd get() const { return td_; }

  private:
    rpmtd td_;
};

std::string string_tag(Header h, rpmTagVal tag) {
    const char* s = headerGetString(h, tag);
    return s != nullptr ? std::string(s) : std::string();
}

std::vector<std::string> string_array(Header h, rpmTagVal tag) {
    std::vector<std::string> out;
    TagData td;
    if (!td.load(h, tag)) return out;
    out.reserve(rpmtdCount(td.get()));
    while (const char* s = rpmtdNextString(td.get())) out.emplace_back(s);
    return out;
}

std::string sigmd5_hex(Header h) {
    TagData td;
    if (!td.load(h, RPMTAG_SIGMD5)) return {};
    const rpmtd t = td.get();
    if (t->type != RPM_BIN_TYPE || t->data == nullptr) return {};
    static constexpr char kHex[] = "0123456789abcdef";
    const auto* bytes = static_cast<const unsigned char*>(t->data);
    std::string out;
    out.reserve(std::size_t{t->count} * 2);
    for (rpm_count_t i = 0; i < t->count; ++i) {
        out.push_back(kHex[bytes[i] >> 4U]);
        out.push_back(kHex[bytes[i] & 0x0FU]);
    }
    return out;
}

// Owned files as rpm -ql lists them (regular files, directories, symlinks, ghosts alike).
std::vector<std::string> file_names(Header h, FileKeeping& keeping) {
    // Charged before the path is built: a long directory name joined to many base names is
    // the amplifier the budget exists for.
    auto keep = [&keeping](std::size_t length) {
        if (keeping.budget == nullptr || keeping.budget->take(length)) return true;
        ++keeping.cut;
        return false;
    };
    std::vector<std::string> full;
    std::vector<std::string> bases = string_array(h, RPMTAG_BASENAMES);
    if (!bases.empty()) {
        std::vector<std::string> dirs = string_array(h, RPMTAG_DIRNAMES);
        TagData idx;
        if (idx.load(h, RPMTAG_DIRINDEXES)) {
            std::size_t i = 0;
            while (const std::uint32_t* d = rpmtdNextUint32(idx.get())) {
                if (i >= bases.size()) break;
                // An index past DIRNAMES is a damaged header: that file is left out rather
                // than placed in a guessed directory.
                if (*d < dirs.size() && keep(dirs[*d].size() + bases[i].size())) {
                    full.push_back(dirs[*d] + bases[i]);
                }
                ++i;
            }
        }
    } else {
        full = string_array(h, RPMTAG_OLDFILENAMES);  // headers older than rpm 4.0
        std::erase_if(full, [&keep](const std::string& f) { return !keep(f.size()); });
    }
    std::vector<std::string> out;
    out.reserve(full.size());
    for (const auto& f : full) {
        auto norm = image::normalize_member_path(f);
        if (norm && !norm->empty()) out.push_back(std::move(*norm));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace

std::optional<SourceRpm> split_source_rpm(std::string_view value) {
    for (std::string_view suffix : {std::string_view(".src.rpm"), std::string_view(".nosrc.rpm")}) {
        if (value.size() <= suffix.size() || value.substr(value.size() - suffix.size()) != suffix) {
            continue;
        }
        std::string_view nvr = value.substr(0, value.size() - suffix.size());
        const auto rel_dash = nvr.rfind('-');
        if (rel_dash == std::string_view::npos || rel_dash == 0 || rel_dash + 1 == nvr.size()) {
            return std::nullopt;
        }
        const auto ver_dash = nvr.rfind('-', rel_dash - 1);
        if (ver_dash == std::string_view::npos || ver_dash == 0 || ver_dash + 1 == rel_dash) {
            return std::nullopt;
        }
        return SourceRpm{std::string(nvr.substr(0, ver_dash)),
                         std::string(nvr.substr(ver_dash + 1, rel_dash - ver_dash - 1)),
                         std::string(nvr.substr(rel_dash + 1))};
    }
    return std::nullopt;
}

Result<sbom::Package> parse_header_blob(std::string_view blob) {
    FileKeeping keep_all;
    return parse_header_blob(blob, keep_all);
}

Result<sbom::Package> parse_header_blob(std::string_view blob, FileKeeping& files) {
    if (blob.size() > kMaxHeaderBlob) {
        return fail(ErrorCode::LimitExceeded, "rpm header blob of " + std::to_string(blob.size()) +
                                                  " bytes is over the limit of " +
                                                  std::to_string(kMaxHeaderBlob));
    }
    // headerImport with size 0 would trust the blob's own il/dl: never hand it an empty blob.
    if (blob.size() < 8) {
        return fail(ErrorCode::Format, "rpm header blob of " + std::to_string(blob.size()) +
                                           " bytes is shorter than its 8-byte intro");
    }
    // HEADERIMPORT_COPY: librpm copies the bytes before looking at them, so the const_cast never
    // lets it write to `blob`.
    HeaderPtr h(headerImport(const_cast<char*>(blob.data()), static_cast<unsigned int>(blob.size()),
                             HEADERIMPORT_COPY));
    if (!h) return fail(ErrorCode::Format, "librpm refused the header blob (bad index or data)");

    sbom::Package p;
    p.type = "rpm";
    p.name = string_tag(h.get(), RPMTAG_NAME);
    if (p.name.empty()) return fail(ErrorCode::Format, "rpm header has no NAME");
    if (headerIsEntry(h.get(), RPMTAG_EPOCH) != 0) {
        p.epoch = std::to_string(headerGetNumber(h.get(), RPMTAG_EPOCH));
    }
    p.upstream_version = string_tag(h.get(), RPMTAG_VERSION);
    p.release = string_tag(h.get(), RPMTAG_RELEASE);
    p.version = (p.epoch.empty() ? std::string() : p.epoch + ":") + p.upstream_version;
    if (!p.release.empty()) p.version += "-" + p.release;
    p.arch = string_tag(h.get(), RPMTAG_ARCH);
    if (auto src = split_source_rpm(string_tag(h.get(), RPMTAG_SOURCERPM))) {
        p.source_name = std::move(src->name);
        p.source_version =
            (p.epoch.empty() ? std::string() : p.epoch + ":") + src->version + "-" + src->release;
    }
    p.license = string_tag(h.get(), RPMTAG_LICENSE);
    p.vendor = string_tag(h.get(), RPMTAG_VENDOR);
    p.modularity_label = string_tag(h.get(), RPMTAG_MODULARITYLABEL);
    p.checksum = sigmd5_hex(h.get());
    // LONGSIZE through the tag extension falls back to the 32-bit SIZE, as rpm -q %{LONGSIZE}.
    p.installed_size = headerGetNumber(h.get(), RPMTAG_LONGSIZE);
    p.files = file_names(h.get(), files);
    return p;
}

}  // namespace berth::analyze::rpmdb
