// The load stage: reads a content folder, validates everything, and returns the
// model with every diagnostic found, the theme's own files included. Never
// throws; nothing after it touches the input folder except to copy static files.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "load/results_cache.hpp"
#include "load/source_tree.hpp"
#include "model/diagnostic.hpp"
#include "model/model.hpp"

namespace thidua::load {

struct Loaded {
  Content content;
  Diagnostics diags;  ///< sorted by file and position
};

/// Periods as an earlier load_content left them, for the preview server, which
/// loads the same folder after every edit: a period folder whose files are
/// byte for byte as before, with units.json and the schemes unchanged too, is
/// copied instead of parsed again. Opaque to callers: keep one alive between
/// loads of the same folder.
struct LoadCache {
  struct Period {
    std::map<std::string, std::optional<std::string>> texts;  ///< what it was loaded from
    std::optional<thidua::Period> period;
    Diagnostics diags;
  };
  std::string against;                    ///< a hash of units.json and the schemes, as they were
  std::map<std::string, Period> periods;  ///< by folder
};

/// Reads and validates the whole folder. The content is usable only when
/// `diags.has_errors()` is false. With `results`, a period's results are
/// taken from it when its files are as an earlier load read them, and kept
/// in it when read (results_cache.hpp).
Loaded load_content(const SourceTree& tree, LoadCache* cache = nullptr,
                    const ResultsCache* results = nullptr);

/// site.json alone, as load_content reads it (what it could read of it; the
/// defaults when it is missing; its errors are load_content's to report):
/// for what must be known before a whole load, such as the preview's sub-path.
Site load_site_settings(const SourceTree& tree);

}  // namespace thidua::load
