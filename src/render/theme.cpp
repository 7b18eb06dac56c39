#include "render/theme.hpp"

#include <algorithm>

#include "render/embedded.hpp"

namespace thidua::render {
namespace {
constexpr std::string_view kBuiltIn = "themes/default/";
}

Theme::Theme(const load::SourceTree* tree, std::string name) : tree_(tree), name_(std::move(name)) {
  if (!tree_) return;
  Diagnostics ignored;  // the loader has reported what cannot be listed
  const std::string prefix = "themes/" + name_ + "/";
  for (const auto& p : tree_->list(ignored))
    if (p.starts_with(prefix)) own_files_.push_back(p.substr(prefix.size()));
}

std::optional<std::string> Theme::file(const std::string& path) const {
  if (std::binary_search(own_files_.begin(), own_files_.end(), path))
    return tree_->read("themes/" + name_ + "/" + path);
  const std::string built_in = std::string(kBuiltIn) + path;
  for (const auto& f : embedded_files())
    if (f.path == built_in) return std::string(f.bytes);
  return std::nullopt;
}

std::vector<std::string> Theme::list(const std::string& folder) const {
  std::vector<std::string> out;
  for (const auto& p : own_files_)
    if (p.starts_with(folder)) out.push_back(p);
  for (const auto& f : embedded_files()) {
    if (!f.path.starts_with(kBuiltIn)) continue;
    std::string p(f.path.substr(kBuiltIn.size()));
    if (p.starts_with(folder)) out.push_back(std::move(p));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace thidua::render
