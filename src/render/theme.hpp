// The theme a site is rendered with: built-in files, overridden file by file by
// the content folder's own themes/<name>/ (read by load into the model).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace thidua::render {

class Theme {
 public:
  /// The theme `name`, with `own_files` (path below themes/<name>/ → bytes,
  /// as Content::theme_files holds them; null: built-in files only) looked up
  /// first, then the built-in default theme. `own_files` must outlive the
  /// Theme.
  Theme(const std::map<std::string, std::string>* own_files, std::string name);

  /// The bytes of `path` (e.g. "templates/page.mustache"), or nullopt.
  std::optional<std::string> file(const std::string& path) const;
  /// Every path the theme has below `folder` (e.g. "assets/"), sorted, unique.
  std::vector<std::string> list(const std::string& folder) const;
  const std::string& name() const { return name_; }

 private:
  const std::map<std::string, std::string>* own_files_;
  std::string name_;
};

}  // namespace thidua::render
