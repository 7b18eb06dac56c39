// Files built into the binary: the default theme and Chart.js.
#pragma once

#include <span>
#include <string_view>

namespace thidua::render {

struct EmbeddedFile {
  std::string_view path;  ///< "themes/default/templates/page.mustache", sorted
  std::string_view bytes;
};

/// Every built-in file, sorted by path.
std::span<const EmbeddedFile> embedded_files();

}  // namespace thidua::render
