// Writing a workbook (.xlsx) of plain tables, through libxlsxwriter: text
// cells, number cells, a bold frozen header row, column widths that fit what
// the columns hold. The same tables give the same bytes.
#pragma once

#include <ctime>
#include <string>
#include <vector>

namespace thidua::text {

struct XlsxCell {
  enum class Kind { kEmpty, kText, kNumber };
  Kind kind = Kind::kEmpty;
  std::string text;
  double number = 0;

  static XlsxCell of(std::string text) { return {Kind::kText, std::move(text), 0}; }
  static XlsxCell of(double number) { return {Kind::kNumber, "", number}; }
};

struct XlsxSheet {
  std::string name;                         ///< at most 31 characters, no []:*?/\ (Excel's rule)
  std::vector<std::vector<XlsxCell>> rows;  ///< the first is the header
};

/// The workbook's bytes, or "" with `error` set. `created` is the document's
/// date (written in it and in its zip entries): give a date of the data, not
/// the clock, so that the bytes depend on the tables only. Texts are written
/// as text (a cell starting with "=" is never a formula), the control rule
/// applied (text/controls.hpp).
std::string xlsx_bytes(const std::vector<XlsxSheet>& sheets, std::time_t created,
                       std::string* error);

}  // namespace thidua::text
