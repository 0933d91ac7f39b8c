// SPDX-License-Identifier: Apache-2.0
// For the lang/ analyzer tests: one analyzer run on bytes as the walker runs it — the bytes
// handed out in odd-sized chunks, spooled first when the analyzer needs random access.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "analyze/analyzer.hpp"
#include "test_support.hpp"

namespace berth::analyze::test_run {

struct AnalyzerRun {
    Status status;
    LayerAnalysis out;
    /// Every diagnostic as "where: message", one a line.
    [[nodiscard]] std::string warnings() const {
        std::string all;
        for (const auto& d : out.diagnostics) all += d.where + ": " + d.message + "\n";
        return all;
    }
};

inline AnalyzerRun run_analyzer(const Analyzer& a, const std::string& path,
                                const std::string& bytes) {
    test::ChunkedStream s(bytes, 4093);
    std::unique_ptr<RandomAccessFile> file;
    if (a.needs_random_access()) {
        auto spooled = spool(s, bytes.size(), {}, path);
        EXPECT_TRUE(spooled.has_value());
        if (spooled) file = std::move(*spooled);
    }
    std::unique_ptr<ByteStream> again;
    if (file) again = std::make_unique<RandomAccessStream>(*file);
    image::Entry entry;
    entry.path = path;
    AnalysisInput input{path,         entry,      file ? *again : static_cast<ByteStream&>(s),
                        64ULL << 20U, file.get(), 100'000};
    AnalyzerRun r;
    r.status = a.analyze(input, r.out);
    return r;
}

}  // namespace berth::analyze::test_run
