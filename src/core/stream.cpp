// SPDX-License-Identifier: Apache-2.0
#include "core/stream.hpp"

#include <utility>

#include "core/file.hpp"

namespace berth {

Result<std::unique_ptr<ByteStream>> open_file_range(const std::filesystem::path& path,
                                                    std::uint64_t offset, std::uint64_t length) {
    auto fd = open_regular(path);
    if (!fd) return fail(fd.error());
    return file_range_stream(std::move(*fd), offset, length, path.string());
}

Result<std::string> read_all(ByteStream& stream, std::uint64_t max_bytes, const std::string& what) {
    std::string out;
    char buf[64 * 1024];
    for (;;) {
        auto n = stream.read(buf, sizeof buf);
        if (!n) return fail(n.error());
        if (*n == 0) break;
        if (out.size() + *n > max_bytes) {
            return fail(ErrorCode::LimitExceeded,
                        "larger than the limit of " + std::to_string(max_bytes) + " bytes", what);
        }
        out.append(buf, *n);
    }
    return out;
}

}  // namespace berth
