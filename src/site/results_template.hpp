// The workbook an office fills in for a period (`thidua template`): one row
// per unit, a column per criterion and target, checks on every input cell,
// formulas that add up as the office types, and a sheet of instructions.
// Read back by the results reader unchanged (docs/commands/template.md).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "model/model.hpp"

namespace thidua::site {

struct ResultsTemplate {
  std::string bytes;       ///< the .xlsx; "" when it cannot be made
  std::size_t units = 0;   ///< rows: the units active in the period, and any other it scored
  std::size_t filled = 0;  ///< of them, rows holding results so far
};

/// `period`'s template, its results so far filled in, in the site's
/// language: its words are the theme's UI `strings` ("template_…" keys; the
/// sheets' names too: "template_sheet" is the one read back), its numbers
/// written as the language writes them. Bytes "" with `error` set when the
/// workbook cannot be made. `period` must be one of `content`'s.
ResultsTemplate results_template(const Content& content, const Period& period,
                                 const nlohmann::json& strings, std::string* error);

}  // namespace thidua::site
