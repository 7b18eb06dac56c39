// The workbook an office fills in for a period (`thidua template`): one row
// per unit, a column per criterion and target, checks on every input cell,
// formulas that add up as the office types, and a sheet of instructions.
// Read back by the results reader unchanged (docs/commands/template.md).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/model.hpp"

namespace thidua::site {

struct ResultsTemplate {
  std::string bytes;       ///< the .xlsx; "" when it cannot be made
  std::size_t units = 0;   ///< rows: the units active in the period, and any other it scored
  std::size_t filled = 0;  ///< of them, rows holding results so far
  /// Without `internal`: the units whose internal fields (self scores, the
  /// assessor's note…) the workbook leaves out.
  std::size_t internal_left_out = 0;
  /// With `internal`: the internal fields no column holds (an office's own,
  /// from results.json), and how many units have one.
  std::vector<std::string> fields_without_column;
  std::size_t fields_without_column_units = 0;
};

/// `period`'s template, its results so far filled in, in the site's
/// language: its words are the theme's UI `strings` ("template_…" keys; the
/// sheets' names too: "template_sheet" is the one read back), its numbers
/// written as the language writes them. Every field of a result has its
/// column; the internal ones (self scores, the assessor's note) only when
/// `internal`. Bytes "" with `error` set when the workbook cannot be made.
/// `period` must be one of `content`'s.
ResultsTemplate results_template(const Content& content, const Period& period,
                                 const nlohmann::json& strings, bool internal, std::string* error);

}  // namespace thidua::site
