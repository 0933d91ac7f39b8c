// SPDX-License-Identifier: Apache-2.0
#include "imagecheck/imagecheck.hpp"

namespace berth::imagecheck {

Context make_context(const image::Image& image, const sbom::Inventory& inventory,
                     const Options& options) {
    Context ctx{image, inventory, options, {}};
    std::size_t non_empty = 0;
    for (const auto& h : image.history) non_empty += h.empty_layer ? 0 : 1;
    const bool matches = non_empty == image.layers.size();
    long layer = 0;
    for (const auto& h : image.history) {
        if (h.empty_layer || !matches) {
            ctx.layer_of_history.push_back(-1);
        } else {
            ctx.layer_of_history.push_back(layer++);
        }
    }
    return ctx;
}

std::vector<check::RuleResult> check_image(const image::Image& image,
                                           const sbom::Inventory& inventory,
                                           const Options& options) {
    const Context ctx = make_context(image, inventory, options);
    std::vector<check::RuleResult> out;
    for (const Rule& r : all_rules()) {
        check::RuleResult result;
        result.rule = r.info;
        result.outcome = check::Outcome::Fail;
        r.check(ctx, result);
        if (!result.message.empty()) out.push_back(std::move(result));
    }
    return out;
}

}  // namespace berth::imagecheck
