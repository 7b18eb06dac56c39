// The workbook an office fills in for a period (`thidua template`): one row
// per unit, a column per criterion and target, checks on every input cell,
// formulas that add up as the office types, and a sheet of instructions.
// Read back by the results reader unchanged (docs/commands/template.md).
#pragma once

#include <string>

#include "model/model.hpp"

namespace thidua::site {

/// The template's sheet names: the first is the one read back.
inline constexpr const char* kTemplateSheet = "Kết quả";
inline constexpr const char* kGuideSheet = "Hướng dẫn";

struct ResultsTemplate {
  std::string bytes;       ///< the .xlsx; "" when it cannot be made
  std::size_t units = 0;   ///< rows: the units active in the period, and any other it scored
  std::size_t filled = 0;  ///< of them, rows holding results so far
};

/// `period`'s template, its results so far filled in; bytes "" with `error`
/// set when the workbook cannot be made. `period` must be one of
/// `content`'s.
ResultsTemplate results_template(const Content& content, const Period& period, std::string* error);

}  // namespace thidua::site
