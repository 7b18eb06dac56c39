// The theme a site is rendered with: built-in files, overridden file by file by
// the content folder's own themes/<name>/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "load/source_tree.hpp"

namespace thidua::render {

class Theme {
 public:
  /// The theme `name` of the content in `tree` (null: built-in files only).
  /// A file is looked up as `themes/<name>/<path>` in the content folder first,
  /// then in the built-in default theme.
  Theme(const load::SourceTree* tree, std::string name);

  /// The bytes of `path` (e.g. "templates/page.mustache"), or nullopt.
  std::optional<std::string> file(const std::string& path) const;
  /// Every path the theme has below `folder` (e.g. "assets/"), sorted, unique.
  std::vector<std::string> list(const std::string& folder) const;
  const std::string& name() const { return name_; }

 private:
  const load::SourceTree* tree_;
  std::string name_;
  std::vector<std::string> own_files_;  ///< paths below themes/<name>/ in the content
};

}  // namespace thidua::render
