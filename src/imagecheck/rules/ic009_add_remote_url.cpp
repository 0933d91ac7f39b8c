// SPDX-License-Identifier: Apache-2.0
// IC009 (CIS Docker 4.9, dockle CIS-DI-0009, Trivy DS005, hadolint DL3020): no ADD of a remote
// URL in the history. BuildKit records the instruction as written ("ADD https://x/y.tgz /opt/
// # buildkit"); the classic builder records a checksum instead of the URL, so only BuildKit and
// buildah/podman histories show it.
#include "core/text.hpp"
#include "imagecheck/rules/rules.hpp"
#include "imagecheck/support.hpp"

namespace berth::imagecheck {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 4.9"},
                               {"dockle", "CIS-DI-0009"},
                               {"trivy", "DS005"},
                               {"hadolint", "DL3020"}};
constexpr check::RuleInfo kInfo{
    .id = "image/IC009",
    .title = "Do not ADD files from remote URLs",
    .severity = Severity::Medium,
    .description =
        "ADD fetches a URL at build time without verifying what it got (unless --checksum is "
        "given) and keeps the download in a layer; the image depends on a server's content on "
        "the day of the build.",
    .remediation =
        "Download with curl or wget in a RUN that verifies a checksum or signature (and "
        "removes the archive), or use `ADD --checksum=sha256:…`; COPY local files.",
    .references = kRefs,
};

bool remote(std::string_view add) {
    for (auto w : text::split_words(add.substr(4))) {
        if (text::istarts_with(w, "http://") || text::istarts_with(w, "https://")) return true;
    }
    return false;
}

void evaluate(const Context& ctx, check::RuleResult& out) {
    const auto& h = ctx.image.history;
    for (std::size_t i = 0; i < h.size(); ++i) {
        const std::string in = instruction(h[i].created_by);
        if (in.starts_with("ADD ") && remote(in))
            out.locations.push_back(history_location(ctx, i, "history entry " + std::to_string(i)));
    }
    if (!out.locations.empty()) {
        out.message = std::to_string(out.locations.size()) + " ADD of a remote URL";
    }
}

}  // namespace

Rule make_ic009_add_remote_url() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::imagecheck
