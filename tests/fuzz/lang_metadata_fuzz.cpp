// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: arbitrary bytes as the installed application metadata the lang/ analyzers
// read (npm package.json, Python METADATA / PKG-INFO / .egg-info, gemspec, composer
// installed.json, .deps.json, conda-meta JSON) and Go build information (lang/gobinary: an
// executable file, and the blob parser straight after the magic). The first byte picks the path.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>

#include "analyze/analyzer.hpp"
#include "analyze/lang/go_buildinfo.hpp"

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
    "usr/local/bin/app",  // executable: lang/gobinary
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
    for (const auto& a : analyzers) {
        if (!a->required(path, {entry.type, entry.mode, entry.size})) continue;
        berth::analyze::LayerAnalysis out;
        BytesStream content(data + 1, size - 1);
        berth::analyze::AnalysisInput input{path, entry, content, 1U << 20U};
        (void)a->analyze(input, out);
    }
    return 0;
}
