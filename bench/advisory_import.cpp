// SPDX-License-Identifier: Apache-2.0
// Advisory import throughput: runs import_path over each argument (file, directory or zip) with a
// sink that only counts, and prints advisories, bytes and advisories/s per argument and in total.
// The DB insert is not included: this is the parse side of the 20,000 advisories/s target.
// With --in-memory the files are read first and only detect_format + parse_document are timed
// (the machine's disk and page cache are shared, so this is the stable number).
//   build/dev/bench/advisory_import_bench [--in-memory] ../shared/data/advisories/*
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "vuln/import/import.hpp"

namespace fs = std::filesystem;

// Detects and parses every file under `path` from memory; returns advisories, adds seconds/bytes.
int in_memory(const fs::path& path, std::size_t& advisories, std::size_t& bytes, double& seconds) {
    std::vector<fs::path> files;
    if (fs::is_directory(path)) {
        for (const auto& e : fs::recursive_directory_iterator(path)) {
            if (e.is_regular_file()) files.push_back(e.path());
        }
    } else {
        files.push_back(path);
    }
    std::sort(files.begin(), files.end());
    std::vector<std::pair<std::string, std::string>> docs;
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        std::ostringstream ss;
        ss << in.rdbuf();
        docs.emplace_back(f.string(), ss.str());
        bytes += docs.back().second.size();
    }
    berth::Diagnostics diagnostics;
    const auto sink = [&](berth::vuln::Advisory&&) -> berth::Status {
        ++advisories;
        return {};
    };
    const auto start = std::chrono::steady_clock::now();
    for (const auto& [name, text] : docs) {
        const auto format =
            berth::vuln::import::detect_format(text, fs::path(name).filename().string());
        if (format == berth::vuln::import::Format::Unknown) continue;
        if (auto s = berth::vuln::import::parse_document(format, text, name, sink, diagnostics);
            !s) {
            std::fprintf(stderr, "%s\n", s.error().to_string().c_str());
            return 3;
        }
    }
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return 0;
}

int main(int argc, char** argv) {
    std::size_t total_advisories = 0;
    std::size_t total_bytes = 0;
    double total_seconds = 0;
    if (argc > 1 && std::strcmp(argv[1], "--in-memory") == 0) {
        for (int i = 2; i < argc; ++i) {
            std::size_t advisories = 0;
            std::size_t bytes = 0;
            double seconds = 0;
            if (in_memory(argv[i], advisories, bytes, seconds) != 0) return 3;
            std::printf("%-40s %7zu advisories %8.1f MB %7.3f s %9.0f adv/s %6.1f MB/s\n",
                        fs::path(argv[i]).filename().c_str(), advisories,
                        static_cast<double>(bytes) / 1e6, seconds,
                        static_cast<double>(advisories) / seconds,
                        static_cast<double>(bytes) / 1e6 / seconds);
            total_advisories += advisories;
            total_bytes += bytes;
            total_seconds += seconds;
        }
        std::printf("%-40s %7zu advisories %8.1f MB %7.3f s %9.0f adv/s %6.1f MB/s\n", "TOTAL",
                    total_advisories, static_cast<double>(total_bytes) / 1e6, total_seconds,
                    static_cast<double>(total_advisories) / total_seconds,
                    static_cast<double>(total_bytes) / 1e6 / total_seconds);
        return 0;
    }
    for (int i = 1; i < argc; ++i) {
        const fs::path path(argv[i]);
        std::size_t bytes = 0;
        if (fs::is_directory(path)) {
            for (const auto& e : fs::recursive_directory_iterator(path)) {
                if (e.is_regular_file()) bytes += e.file_size();
            }
        } else {
            bytes = fs::file_size(path);
        }
        berth::Diagnostics diagnostics;
        const auto start = std::chrono::steady_clock::now();
        auto stats = berth::vuln::import::import_path(
            path, [](berth::vuln::Advisory&&) -> berth::Status { return {}; }, diagnostics);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!stats) {
            std::fprintf(stderr, "%s: %s\n", argv[i], stats.error().to_string().c_str());
            return 3;
        }
        std::printf("%-40s %7zu files %6zu skipped %7zu advisories %8.1f MB %7.2f s %9.0f adv/s\n",
                    path.filename().c_str(), stats->files, stats->skipped_files, stats->advisories,
                    static_cast<double>(bytes) / 1e6, seconds,
                    static_cast<double>(stats->advisories) / seconds);
        total_advisories += stats->advisories;
        total_bytes += bytes;
        total_seconds += seconds;
    }
    std::printf("%-40s %7s %14s %7zu advisories %8.1f MB %7.2f s %9.0f adv/s\n", "TOTAL", "", "",
                total_advisories, static_cast<double>(total_bytes) / 1e6, total_seconds,
                static_cast<double>(total_advisories) / total_seconds);
    return 0;
}
