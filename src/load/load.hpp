// The load stage: reads a content folder, validates everything, and returns the
// model with every diagnostic found. Never throws; nothing after it touches the
// input folder except to copy static files.
#pragma once

#include "load/source_tree.hpp"
#include "model/diagnostic.hpp"
#include "model/model.hpp"

namespace thidua::load {

struct Loaded {
  Content content;
  Diagnostics diags;  ///< sorted by file and position
};

/// Reads and validates the whole folder. The content is usable only when
/// `diags.has_errors()` is false.
Loaded load_content(const SourceTree& tree);

}  // namespace thidua::load
