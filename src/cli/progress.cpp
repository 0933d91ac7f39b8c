// SPDX-License-Identifier: Apache-2.0
// The CLI's renderers of core/progress.hpp: a one-line bar on a terminal's stderr
//   "inventory  [##########----------]  3/7 layers"
// redrawn only when its text changes and cleared at the end, and BERTH_TIMINGS=1's timing line
//   "timing: database 1.20 ms, inventory 35.10 ms, match 4.00 ms, total 41.00 ms"
// (bench/scan.sh greps it). Nothing is drawn when stderr is not a terminal or with -q.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "cli/commands/commands.hpp"

namespace berth::cli {
namespace {

class TerminalProgress final : public Progress {
  public:
    void phase(Phase p, std::string_view) override {
        std::lock_guard lock(mu_);
        phase_ = p;
        counter_.clear();
        draw();
    }
    void layers(std::size_t done, std::size_t total) override {
        std::lock_guard lock(mu_);
        fraction_ = total == 0 ? 0.0 : static_cast<double>(done) / static_cast<double>(total);
        counter_ = std::to_string(done) + "/" + std::to_string(total) + " layers";
        draw();
    }
    void bytes(std::uint64_t done, std::uint64_t total) override {
        std::lock_guard lock(mu_);
        fraction_ = total == 0 ? 0.0 : static_cast<double>(done) / static_cast<double>(total);
        counter_ = std::to_string(done >> 20U) + "/" + std::to_string(total >> 20U) + " MiB";
        draw();
    }
    void advisories(std::size_t done) override {
        std::lock_guard lock(mu_);
        fraction_ = 0.0;
        counter_ = std::to_string(done) + " advisories";
        draw();
    }
    void finish() override {
        std::lock_guard lock(mu_);
        if (!last_.empty()) std::fputs("\r\033[K", stderr);
        std::fflush(stderr);
        last_.clear();
    }

  private:
    void draw() {
        constexpr int kWidth = 20;
        std::string line(phase_name(phase_));
        line.resize(10, ' ');
        if (!counter_.empty()) {
            const int filled = static_cast<int>(fraction_ * kWidth);
            line += "[" + std::string(static_cast<std::size_t>(filled), '#') +
                    std::string(static_cast<std::size_t>(kWidth - filled), '-') + "]  " + counter_;
        }
        if (line == last_) return;
        last_ = line;
        std::fprintf(stderr, "\r\033[K%s", line.c_str());
        std::fflush(stderr);
    }

    std::mutex mu_;
    Phase phase_ = Phase::Open;
    double fraction_ = 0.0;
    std::string counter_;
    std::string last_;
};

// Forwards to another renderer and measures each phase.
class TimingProgress final : public Progress {
  public:
    explicit TimingProgress(std::unique_ptr<Progress> inner) : inner_(std::move(inner)) {}
    void phase(Phase p, std::string_view what) override {
        close_phase();
        current_ = p;
        has_current_ = true;
        inner_->phase(p, what);
    }
    void layers(std::size_t done, std::size_t total) override { inner_->layers(done, total); }
    void bytes(std::uint64_t done, std::uint64_t total) override { inner_->bytes(done, total); }
    void advisories(std::size_t done) override { inner_->advisories(done); }
    void finish() override {
        close_phase();
        inner_->finish();
        std::string line = "timing:";
        for (const auto& [p, ms] : ms_) {
            line += " " + std::string(phase_name(p)) + " " + format_ms(ms) + ",";
        }
        line += " total " + format_ms(since(start_)) + "\n";
        std::fputs(line.c_str(), stderr);
    }

  private:
    using Clock = std::chrono::steady_clock;
    static double since(Clock::time_point t) {
        return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
    }
    static std::string format_ms(double ms) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.2f ms", ms);
        return buf;
    }
    void close_phase() {
        if (has_current_) ms_[current_] += since(phase_start_);
        phase_start_ = Clock::now();
    }

    std::unique_ptr<Progress> inner_;
    Clock::time_point start_ = Clock::now();
    Clock::time_point phase_start_ = Clock::now();
    Phase current_ = Phase::Open;
    bool has_current_ = false;
    std::map<Phase, double> ms_;
};

}  // namespace

std::unique_ptr<Progress> make_progress(const GlobalOptions& global) {
    std::unique_ptr<Progress> out;
    if (!global.quiet && ::isatty(STDERR_FILENO) != 0) {
        out = std::make_unique<TerminalProgress>();
    } else {
        out = std::make_unique<NullProgress>();
    }
    if (std::getenv("BERTH_TIMINGS") != nullptr) {
        out = std::make_unique<TimingProgress>(std::move(out));
    }
    return out;
}

}  // namespace berth::cli
