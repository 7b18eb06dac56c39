// Writing a workbook (.xlsx) of plain tables, through libxlsxwriter: text
// cells, number cells, a bold frozen header row, column widths that fit what
// the columns hold. Rows go to libxlsxwriter as they are given (its
// constant-memory mode), so a sheet of 10,000 rows is never held whole. The
// same tables give the same bytes.
#pragma once

#include <ctime>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace thidua::text {

class XlsxWriter {
 public:
  /// `created` is the document's date (written in it and in its zip
  /// entries): give a date of the data, not the clock, so that the bytes
  /// depend on the tables only. Check ok() before writing.
  explicit XlsxWriter(std::time_t created);
  ~XlsxWriter();
  XlsxWriter(const XlsxWriter&) = delete;
  XlsxWriter& operator=(const XlsxWriter&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  /// Starts a sheet (at most 31 characters, none of []:*?/\ as Excel
  /// wants); its first row is the header, frozen and bold.
  void sheet(const std::string& name);
  /// Cells of the current row, left to right. A text is written as text (a
  /// cell starting with "=" is never a formula), the control rule applied
  /// (text/controls.hpp).
  void text(std::string_view s);
  void number(double v);
  void empty();
  /// Ends the current row.
  void end_row();

  /// Finishes the workbook: its bytes, or "" when a step failed (error()).
  std::string finish();

 private:
  void end_sheet();
  struct State;
  std::unique_ptr<State> s_;
  std::string error_;
};

}  // namespace thidua::text
