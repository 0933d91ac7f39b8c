// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: arbitrary bytes as the installed application metadata the lang/ analyzers
// read (npm package.json, Python METADATA / PKG-INFO / .egg-info, gemspec, composer
// installed.json, .deps.json, conda-meta JSON), Go build information (lang/gobinary: an
// executable file, and the blob parser straight after the magic), Rust cargo-auditable data
// (lang/rustbinary: the same executable through its section table; the inflater and the JSON
// reader on their own) and Java archives (lang/jar: a zip, and the pom.properties, pom.xml,
// MANIFEST.MF and file-name readers on their own). The first byte picks the path. Analyzers
// that need random access get the bytes through the walker's spool, as in a scan.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "analyze/analyzer.hpp"
#include "analyze/lang/cargo_audit.hpp"
#include "analyze/lang/go_buildinfo.hpp"
#include "analyze/lang/java_meta.hpp"
#include "analyze/spool.hpp"

namespace {

class BytesStream final : public berth::ByteStream {
  public:
    BytesStream(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    berth::Result<std::size_t> read(void* buf, std::size_t size) override {
        std::size_t n = std::min(size, size_ - pos_);
        std::memcpy(buf, data_ + pos_, n);
        pos_ += n;
        return n;
    }

  private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t pos_ = 0;
};

const char* const kPaths[] = {
    "app/node_modules/@scope/name/package.json",
    "usr/lib/python3/dist-packages/x-1.0.dist-info/METADATA",
    "usr/lib/python3/dist-packages/x-1.0.egg-info",
    "usr/lib/ruby/gems/3.1.0/specifications/x-1.0.gemspec",
    "var/www/vendor/composer/installed.json",
    "app/App.deps.json",
    "opt/conda/conda-meta/x-1.0-0.json",
    "usr/local/bin/app",      // executable: lang/gobinary, lang/rustbinary
    "opt/app/lib/x-1.0.jar",  // lang/jar
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    static const auto analyzers = berth::analyze::all_analyzers();
    const std::string path = kPaths[data[0] % (sizeof kPaths / sizeof kPaths[0])];
    berth::image::Entry entry;
    entry.path = path;
    entry.size = size - 1;
    entry.mode = 0755;
    // The buildinfo parser on its own, behind the magic (the analyzer needs an executable header
    // and 1 KiB first).
    const std::string blob = std::string(berth::analyze::lang::kGoBuildInfoMagic) +
                             std::string(reinterpret_cast<const char*>(data + 1), size - 1);
    (void)berth::analyze::lang::parse_go_buildinfo(blob);
    (void)berth::analyze::lang::parse_go_modinfo(blob);
    const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
    if (auto json = berth::analyze::lang::inflate_zlib(bytes, 1U << 20U, path))
        (void)berth::analyze::lang::parse_cargo_audit(*json, path);
    (void)berth::analyze::lang::parse_cargo_audit(bytes, path);
    (void)berth::analyze::lang::parse_pom_properties(bytes);
    (void)berth::analyze::lang::parse_pom_xml(bytes);
    (void)berth::analyze::lang::parse_manifest(bytes);
    (void)berth::analyze::lang::parse_jar_file_name(bytes);
    for (const auto& a : analyzers) {
        if (!a->required(path, {entry.type, entry.mode, entry.size})) continue;
        berth::analyze::LayerAnalysis out;
        BytesStream content(data + 1, size - 1);
        std::unique_ptr<berth::analyze::RandomAccessFile> random;
        if (a->needs_random_access()) {
            auto spooled = berth::analyze::spool(content, size - 1, {}, path);
            if (!spooled) continue;
            random = std::move(*spooled);
        }
        std::optional<berth::analyze::RandomAccessStream> again;
        if (random) again.emplace(*random);
        berth::ByteStream& stream = random ? static_cast<berth::ByteStream&>(*again) : content;
        berth::analyze::AnalysisInput input{path, entry, stream, 1U << 20U, random.get()};
        (void)a->analyze(input, out);
    }
    return 0;
}
