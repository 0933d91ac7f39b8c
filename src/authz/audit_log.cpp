// SPDX-License-Identifier: Apache-2.0
#include "authz/audit_log.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "core/time.hpp"

namespace berth::authz {

std::string audit_line(const Decision& d, std::int64_t unix_ms) {
    std::string time = format_rfc3339(static_cast<std::time_t>(unix_ms / 1000));
    char ms[8];
    std::snprintf(ms, sizeof ms, ".%03d", static_cast<int>(unix_ms % 1000));
    time.insert(time.size() - 1, ms);
    nlohmann::ordered_json j = {{"time", time},
                                {"user", d.user},
                                {"method", d.method},
                                {"path", d.path},
                                {"decision", !d.allow             ? "deny"
                                             : d.warnings.empty() ? "allow"
                                                                  : "warn"},
                                {"rule", d.rule},
                                {"reason", d.reason}};
    if (!d.image.empty()) j["image"] = d.image;
    if (!d.warnings.empty()) j["warnings"] = d.warnings;
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<std::unique_ptr<AuditLog>> AuditLog::open(const std::string& path, std::uint64_t max_size,
                                                 int keep) {
    if (path == "-") {
        return std::unique_ptr<AuditLog>(new AuditLog(path, stderr, 0, 0, 0));
    }
    std::FILE* f = std::fopen(path.c_str(), "ae");
    if (f == nullptr) {
        return fail(ErrorCode::Io,
                    std::string("cannot open the audit log: ") + std::strerror(errno), path);
    }
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    return std::unique_ptr<AuditLog>(new AuditLog(path, f, ec ? 0 : size, max_size, keep));
}

AuditLog::AuditLog(std::string path, std::FILE* f, std::uint64_t size, std::uint64_t max_size,
                   int keep)
    : path_(std::move(path)), file_(f), size_(size), max_size_(max_size), keep_(keep) {}

AuditLog::~AuditLog() {
    if (file_ != nullptr && file_ != stderr) std::fclose(file_);
}

void AuditLog::rotate_locked() {
    std::fclose(file_);
    file_ = nullptr;
    std::error_code ec;
    namespace fs = std::filesystem;
    for (int i = keep_; i >= 1; --i) {
        const std::string from = i == 1 ? path_ : path_ + "." + std::to_string(i - 1);
        const std::string to = path_ + "." + std::to_string(i);
        if (fs::exists(from, ec)) fs::rename(from, to, ec);
    }
    if (keep_ == 0) fs::remove(path_, ec);
    file_ = std::fopen(path_.c_str(), "ae");
    size_ = 0;
}

void AuditLog::write_line(const std::string& line) {
    std::lock_guard lock(mu_);
    if (max_size_ > 0 && size_ > 0 && size_ + line.size() + 1 > max_size_) rotate_locked();
    if (file_ == nullptr || std::fprintf(file_, "%s\n", line.c_str()) < 0 ||
        std::fflush(file_) != 0) {
        if (!reported_) std::cerr << "berth: warning: cannot write the audit log " << path_ << "\n";
        reported_ = true;
        return;
    }
    size_ += line.size() + 1;
}

void AuditLog::write(const Decision& d) {
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now().time_since_epoch());
    write_line(audit_line(d, now.count()));
}

}  // namespace berth::authz
