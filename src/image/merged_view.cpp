// SPDX-License-Identifier: Apache-2.0
#include "image/merged_view.hpp"

#include "image/blob_store.hpp"

namespace berth::image {

Status PathRecorder::on_entry(const Entry& entry, ByteStream&) {
    paths_.items.push_back({entry.path, entry.type, entry.whiteout, entry.link_target});
    return {};
}

void MergedView::remove_tree(const std::string& path, bool keep_root) {
    if (path.empty()) {
        // Opaque root: everything goes.
        nodes_.clear();
        return;
    }
    if (!keep_root) nodes_.erase(path);
    const std::string prefix = path + "/";
    auto it = nodes_.lower_bound(prefix);
    while (it != nodes_.end() && it->first.compare(0, prefix.size(), prefix) == 0) {
        it = nodes_.erase(it);
    }
}

MergedView MergedView::build(const std::vector<LayerPaths>& layers) {
    MergedView view;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        // Whiteouts of a layer apply to lower layers only, so apply them before its entries.
        for (const auto& item : layers[i].items) {
            if (item.whiteout == Whiteout::File) view.remove_tree(item.path, false);
            if (item.whiteout == Whiteout::Opaque) view.remove_tree(item.path, true);
        }
        for (const auto& item : layers[i].items) {
            if (item.whiteout != Whiteout::None) continue;
            auto existing = view.nodes_.find(item.path);
            // A non-directory replacing a directory replaces the whole tree.
            if (existing != view.nodes_.end() && existing->second.type == EntryType::Directory &&
                item.type != EntryType::Directory) {
                view.remove_tree(item.path, false);
            }
            view.nodes_[item.path] = Node{i, item.type, item.link_target};
        }
    }
    return view;
}

std::optional<MergedView::Node> MergedView::lookup(const std::string& path) const {
    auto it = nodes_.find(path);
    if (it == nodes_.end()) return std::nullopt;
    return it->second;
}

Result<std::string> MergedView::resolve(const std::string& path) const {
    constexpr int kMaxLinks = 40;  // as Linux's MAXSYMLINKS
    int links = 0;
    std::vector<std::string> done;  // resolved components
    std::vector<std::string> todo;  // components still to walk, reversed
    auto push_path = [&todo](std::string_view p) {
        std::vector<std::string> parts;
        std::size_t i = 0;
        while (i <= p.size()) {
            std::size_t j = p.find('/', i);
            if (j == std::string_view::npos) j = p.size();
            if (j > i) parts.emplace_back(p.substr(i, j - i));
            i = j + 1;
        }
        for (auto it = parts.rbegin(); it != parts.rend(); ++it) todo.push_back(*it);
    };
    auto join = [](const std::vector<std::string>& parts) {
        std::string s;
        for (const auto& p : parts) s += (s.empty() ? "" : "/") + p;
        return s;
    };
    push_path(path);
    while (!todo.empty()) {
        std::string comp = std::move(todo.back());
        todo.pop_back();
        if (comp == ".") continue;
        if (comp == "..") {
            if (!done.empty()) done.pop_back();  // ".." at the root stays at the root
            continue;
        }
        done.push_back(comp);
        std::string cur = join(done);
        auto node = lookup(cur);
        if (!node) return fail(ErrorCode::NotFound, "no such path in the image", cur);
        if (node->type != EntryType::Symlink) continue;
        if (++links > kMaxLinks) {
            return fail(ErrorCode::LimitExceeded,
                        "symbolic link loop (more than " + std::to_string(kMaxLinks) +
                            " links followed; too many levels of symbolic links)",
                        path);
        }
        done.pop_back();
        const std::string& target = node->link_target;
        if (!target.empty() && target.front() == '/') done.clear();
        push_path(target);
    }
    return join(done);
}

}  // namespace berth::image
