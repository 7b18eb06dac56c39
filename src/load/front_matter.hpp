// Markdown files with YAML front matter between `---` lines.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "load/report.hpp"
#include "model/diagnostic.hpp"

namespace thidua::load {

struct FrontMatter {
  YAML::Node fields;        ///< a map (possibly empty)
  std::size_t yaml_offset;  ///< where the YAML text starts in the file
  std::string body;         ///< the Markdown after the closing `---`
};

/// Splits and parses. Reports a missing or unclosed front matter block, YAML
/// syntax errors, nesting deeper than 32, and a top level that is not a map.
std::optional<FrontMatter> parse_front_matter(std::string_view text, const std::string& path,
                                              const text::TextIndex& index, Diagnostics& diags);

/// A side file: the whole of `text` is the YAML of front matter (a Word
/// document's `<name>.yml`). Reported as parse_front_matter reports.
std::optional<FrontMatter> parse_side_file(std::string_view text, const std::string& path,
                                           const text::TextIndex& index, Diagnostics& diags);

/// Position of a YAML node of a front matter parsed from the same file.
SourcePos yaml_pos(const YAML::Node& node, const FrontMatter& fm, const std::string& path,
                   const text::TextIndex& index);

}  // namespace thidua::load
