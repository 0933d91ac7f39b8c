// SPDX-License-Identifier: Apache-2.0
#include "config/compose.hpp"

#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>

#include "config/compose_service.hpp"
#include "config/interpolate.hpp"
#include "core/env_file.hpp"
#include "core/text.hpp"

namespace berth::config {
namespace {

namespace fs = std::filesystem;
using yaml::Node;

// Compose files are small; a bigger one is refused before yaml-cpp sees it.
constexpr std::uintmax_t kMaxFileBytes = 16U << 20U;

Result<std::string> read_file(const fs::path& path) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec) return fail(ErrorCode::NotFound, "cannot read the compose file", path.string());
    if (size > kMaxFileBytes) {
        return fail(ErrorCode::LimitExceeded, "compose file larger than 16 MiB", path.string());
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(ErrorCode::NotFound, "cannot read the compose file", path.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Interpolates every scalar value (keys stay as written).
Status interpolate_tree(Node& n, const Lookup& lookup, std::vector<std::string>& unset) {
    if (n.is_scalar()) {
        if (n.scalar.find('$') == std::string::npos) return {};
        auto v = interpolate(n.scalar, lookup, unset);
        if (!v) return fail(ErrorCode::Format, v.error().message, yaml::where(n.pos));
        n.scalar = std::move(*v);
        return {};
    }
    for (Node& child : n.items) {
        if (auto s = interpolate_tree(child, lookup, unset); !s) return s;
    }
    return {};
}

bool replaced_whole(std::string_view key) {
    return key == "command" || key == "entrypoint" || key == "test";
}

// compose spec "Merge and override": `over` (the extending service) onto `base`.
void merge_into(Node& base, const Node& over, std::string_view key = {}) {
    if (over.tag == "!override" || !base.is_map() || !over.is_map()) {
        if (base.is_seq() && over.is_seq() && !replaced_whole(key) && over.tag.empty()) {
            for (const Node& item : over.items) {
                const bool dup =
                    item.is_scalar() &&
                    std::any_of(base.items.begin(), base.items.end(), [&](const Node& b) {
                        return b.is_scalar() && b.scalar == item.scalar;
                    });
                if (!dup) base.items.push_back(item);
            }
            return;
        }
        base = over;
        base.tag.clear();
        return;
    }
    for (std::size_t i = 0; i < over.keys.size(); ++i) {
        const Node& value = over.items[i];
        Node* mine = base.find(over.keys[i]);
        if (value.tag == "!reset") {
            if (mine != nullptr) {
                const auto at = static_cast<std::size_t>(mine - base.items.data());
                base.keys.erase(base.keys.begin() + static_cast<std::ptrdiff_t>(at));
                base.key_pos.erase(base.key_pos.begin() + static_cast<std::ptrdiff_t>(at));
                base.items.erase(base.items.begin() + static_cast<std::ptrdiff_t>(at));
            }
            continue;
        }
        if (mine == nullptr) {
            base.keys.push_back(over.keys[i]);
            base.key_pos.push_back(over.key_pos[i]);
            base.items.push_back(value);
            base.items.back().tag.clear();
            continue;
        }
        base.key_pos[static_cast<std::size_t>(mine - base.items.data())] = over.key_pos[i];
        merge_into(*mine, value, over.keys[i]);
    }
    base.pos = over.pos;
}

class Loader {
  public:
    Loader(const ComposeOptions& options, ComposeProject& project)
        : options_(options), project_(project) {}

    Status load_env(const fs::path& dir) {
        if (!options_.read_dot_env) return {};
        const fs::path env = dir / ".env";
        std::error_code ec;
        if (!fs::is_regular_file(env, ec)) return {};
        auto text = read_file(env);
        if (!text) return fail(text.error());
        Diagnostics diags;
        dot_env_ = parse_env_file(*text, env.string(), "compose .env", diags);
        for (const auto& d : diags) project_.warnings.push_back(d.where + ": " + d.message);
        return {};
    }

    // Parses and interpolates one compose file (kept: extends may name it again).
    Result<const Node*> document(std::string_view text, const std::string& file) {
        if (auto it = docs_.find(file); it != docs_.end()) return it->second.get();
        auto root = yaml::parse(text, file, options_.limits);
        if (!root) return fail(root.error());
        std::vector<std::string> unset;
        const Lookup lookup = [this](std::string_view name) -> std::optional<std::string> {
            if (auto it = options_.environment.find(std::string(name));
                it != options_.environment.end())
                return it->second;
            if (auto it = dot_env_.find(std::string(name)); it != dot_env_.end()) return it->second;
            return std::nullopt;
        };
        if (auto s = interpolate_tree(*root, lookup, unset); !s) return fail(s.error());
        std::sort(unset.begin(), unset.end());
        unset.erase(std::unique(unset.begin(), unset.end()), unset.end());
        for (const auto& v : unset) {
            project_.warnings.push_back(file + ": the " + v +
                                        " variable is not set; defaulting to a blank string");
        }
        if (root->type != Node::Type::Null && !root->is_map()) {
            return fail(ErrorCode::Format, "a compose file is a mapping", yaml::where(root->pos));
        }
        auto owned = std::make_unique<Node>(std::move(*root));
        return docs_.emplace(file, std::move(owned)).first->second.get();
    }

    Result<const Node*> document_file(const std::string& file) {
        if (auto it = docs_.find(file); it != docs_.end()) return it->second.get();
        auto text = read_file(file);
        if (!text) return fail(text.error());
        return document(*text, file);
    }

    // The service `name` of `doc` with its extends chain applied.
    Result<Node> resolve(const Node& doc, const std::string& file, const std::string& name,
                         std::vector<std::string>& chain) {
        const Node* services = doc.find("services");
        const Node* svc =
            services != nullptr && services->is_map() ? services->find(name) : nullptr;
        if (svc == nullptr) {
            return fail(ErrorCode::Format, "extends: no service '" + name + "' in " + file,
                        chain.empty() ? file : chain.back());
        }
        const std::string id = file + "#" + name;
        if (std::find(chain.begin(), chain.end(), id) != chain.end()) {
            return fail(ErrorCode::Format,
                        "extends cycle: " + text::join(chain, " -> ") + " -> " + id,
                        yaml::where(svc->pos));
        }
        if (chain.size() >= options_.max_extends) {
            return fail(ErrorCode::LimitExceeded,
                        "extends chain longer than " + std::to_string(options_.max_extends),
                        yaml::where(svc->pos));
        }
        const Node* ext = svc->is_map() ? svc->find("extends") : nullptr;
        if (ext == nullptr) return *svc;
        chain.push_back(id);
        auto base = resolve_extends(*ext, file, name, chain);
        chain.pop_back();
        if (!base) return fail(base.error());
        Node own = *svc;
        const auto at = static_cast<std::size_t>(own.find("extends") - own.items.data());
        own.keys.erase(own.keys.begin() + static_cast<std::ptrdiff_t>(at));
        own.key_pos.erase(own.key_pos.begin() + static_cast<std::ptrdiff_t>(at));
        own.items.erase(own.items.begin() + static_cast<std::ptrdiff_t>(at));
        merge_into(*base, own);
        return base;
    }

  private:
    Result<Node> resolve_extends(const Node& ext, const std::string& file, const std::string& name,
                                 std::vector<std::string>& chain) {
        std::string base_name;
        std::string base_file = file;
        if (ext.is_scalar()) {
            base_name = ext.scalar;
        } else if (ext.is_map() && ext.find("service") && ext.find("service")->is_scalar()) {
            base_name = ext.find("service")->scalar;
            if (const Node* f = ext.find("file"); f != nullptr && f->is_scalar()) {
                if (!options_.other_files) {
                    return fail(ErrorCode::Unsupported, "extends: other files are not read",
                                yaml::where(f->pos));
                }
                base_file = (fs::path(file).parent_path() / f->scalar).lexically_normal().string();
            }
        } else {
            return fail(ErrorCode::Format,
                        "services." + name + ".extends: expected a service name or {service, file}",
                        yaml::where(ext.pos));
        }
        auto doc = document_file(base_file);
        if (!doc) return fail(doc.error());
        return resolve(**doc, base_file, base_name, chain);
    }

    const ComposeOptions& options_;
    ComposeProject& project_;
    std::map<std::string, std::string> dot_env_;
    std::map<std::string, std::unique_ptr<Node>> docs_;
};

std::vector<std::string> active_profiles(const ComposeOptions& o) {
    if (!o.profiles.empty()) return o.profiles;
    std::vector<std::string> out;
    if (auto it = o.environment.find("COMPOSE_PROFILES"); it != o.environment.end()) {
        for (auto p : text::split(it->second, ',')) {
            if (!text::trim(p).empty()) out.emplace_back(text::trim(p));
        }
    }
    return out;
}

// A service without profiles is always enabled; one with profiles when one of them is active
// ("*" activates every profile, as in compose).
bool enabled(const Node& svc, const std::vector<std::string>& active) {
    const Node* p = svc.is_map() ? svc.find("profiles") : nullptr;
    if (p == nullptr || !p->is_seq() || p->items.empty()) return true;
    return std::any_of(p->items.begin(), p->items.end(), [&](const Node& item) {
        return std::any_of(active.begin(), active.end(),
                           [&](const std::string& a) { return a == "*" || a == item.scalar; });
    });
}

}  // namespace

Result<ComposeProject> load_compose(std::string_view text, const std::string& path,
                                    const ComposeOptions& options) {
    ComposeProject project;
    Loader loader(options, project);
    const fs::path dir = path == "-" ? fs::path(".") : fs::path(path).parent_path();
    if (auto s = loader.load_env(dir.empty() ? fs::path(".") : dir); !s) return fail(s.error());
    auto doc = loader.document(text, path);
    if (!doc) return fail(doc.error());
    const Node* services = (*doc)->find("services");
    if (services == nullptr || services->type == Node::Type::Null) return project;
    if (!services->is_map()) {
        return fail(ErrorCode::Format, "services: expected a mapping", yaml::where(services->pos));
    }
    const auto active = active_profiles(options);
    for (std::size_t i = 0; i < services->keys.size(); ++i) {
        const std::string& name = services->keys[i];
        std::vector<std::string> chain;
        auto svc = loader.resolve(**doc, path, name, chain);
        if (!svc) return fail(svc.error());
        if (!enabled(*svc, active)) continue;
        Container c;
        c.origin = "compose";
        c.object = "service " + name;
        c.position = services->key_pos[i];
        if (auto s = fill_service(name, *svc, c); !s) return fail(s.error());
        project.services.push_back(std::move(c));
    }
    return project;
}

Result<ComposeProject> load_compose_file(const fs::path& path, const ComposeOptions& options) {
    auto text = read_file(path);
    if (!text) return fail(text.error());
    return load_compose(*text, path.string(), options);
}

}  // namespace berth::config
