// Files built into the binary: the default theme and Chart.js.
#pragma once

#include <span>

#include "text/embedded.hpp"

namespace thidua::render {

using text::EmbeddedFile;  ///< path "themes/default/templates/page.mustache", sorted

/// Every built-in file, sorted by path.
std::span<const EmbeddedFile> embedded_files();

}  // namespace thidua::render
