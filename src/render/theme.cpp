#include "render/theme.hpp"

#include <algorithm>

#include "render/embedded.hpp"

namespace thidua::render {
namespace {
constexpr std::string_view kBuiltIn = "themes/default/";
}

Theme::Theme(const std::map<std::string, std::string>* own_files, std::string name)
    : own_files_(own_files), name_(std::move(name)) {}

std::optional<std::string> Theme::file(const std::string& path) const {
  if (own_files_)
    if (auto it = own_files_->find(path); it != own_files_->end()) return it->second;
  const std::string built_in = std::string(kBuiltIn) + path;
  for (const auto& f : embedded_files())
    if (f.path == built_in) return std::string(f.bytes);
  return std::nullopt;
}

std::vector<std::string> Theme::list(const std::string& folder) const {
  std::vector<std::string> out;
  if (own_files_)
    for (const auto& [p, bytes] : *own_files_)
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
