// Writing a workbook (.xlsx) of tables, through libxlsxwriter: text cells,
// number cells, a bold frozen header row, column widths that fit what the
// columns hold; for a form to fill in, also formulas, input cells with their
// checks, and protection. Rows go to libxlsxwriter as they are given (its
// constant-memory mode), so a sheet of 10,000 rows is never held whole. The
// same tables give the same bytes.
#pragma once

#include <ctime>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct lxw_format;
struct lxw_data_validation;

namespace thidua::site {

/// How a sheet is laid out. The default is a plain table: its first row the
/// header, bold and frozen.
struct SheetLayout {
  int header_row = 0;      ///< 0-based: that row bold; it and the rows above it frozen
  int frozen_columns = 0;  ///< columns kept in view at the left
  bool freeze = true;
  bool protect = false;  ///< protected without a password: only kInput cells can change
  /// Printed on A4 landscape, as wide as the page, the rows down to the
  /// header repeated on every page.
  bool print_wide = false;
  std::size_t min_width = 6;  ///< of every column, in characters
  int print_columns = 0;      ///< printed: only the first so many columns (0: all)
};

/// How a cell looks. Every style but kInput is locked in a protected sheet.
enum class CellStyle {
  kPlain,
  kHeading,  ///< bold, wrapped, at the top: a row of titles above the header
  kInput,    ///< unlocked and shaded: where the form is filled in
  kComputed  ///< shaded grey: a formula's result
};

/// Removes the temporary files of the workbooks being written now (each is
/// written to a file in $TMPDIR, read back and removed): for a process that
/// ends at once on a signal, from a thread of its own, never from a signal
/// handler. The workbooks are not usable afterwards.
void remove_unfinished_workbooks();

/// How many characters `v` shows as "%.2f" prints it without its trailing
/// zeros ("2", "1.5", "-0.25"): what a column of numbers is widened to.
std::size_t number_width(double v);

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
  /// wants), laid out as `layout` says.
  void sheet(const std::string& name, const SheetLayout& layout = {});
  /// Cells of the current row, left to right. A text is written as text (a
  /// cell starting with "=" is never a formula), the control rule applied
  /// (text/controls.hpp). Column widths fit the cells of the header row and
  /// below (not kHeading cells, which wrap).
  void text(std::string_view s, CellStyle style = CellStyle::kPlain);
  void number(double v, CellStyle style = CellStyle::kPlain);
  void empty(CellStyle style = CellStyle::kPlain);
  /// A formula ("=SUM(C4:E4)") with the value it has now, which programs
  /// that do not calculate show; it is kComputed. Both under the control rule.
  void formula(const std::string& f, double value);
  void formula(const std::string& f, const std::string& shown);
  /// The current row's first `columns` cells as one, holding `s` in bold:
  /// a title (give it before any other cell of the row).
  void title(std::string_view s, int columns);
  /// The current row's height, in points (give it before its cells).
  void row_height(double points);
  /// A check on the cells of `column` from `first_row` to `last_row`
  /// (0-based): `formula` ("=AND(ISNUMBER(C4),…)", written for the first
  /// cell) must hold for a value to be taken; the cell shows `title` and
  /// `prompt` when selected, and refuses a value with `error`. Texts are cut
  /// to what Excel allows (32 characters for a title, 255 for a message).
  void check(int first_row, int last_row, int column, const std::string& formula,
             std::string_view title, std::string_view prompt, std::string_view error);
  /// Like check(), for cells that take one of `values` (offered as a
  /// drop-down list, at most 255 characters of them together, as Excel
  /// allows; a longer list is checked without the drop-down).
  void choice(int first_row, int last_row, int column, const std::vector<std::string>& values,
              std::string_view title, std::string_view prompt, std::string_view error);
  /// What the cells of `column` show when selected, any value taken.
  void hint(int first_row, int last_row, int column, std::string_view title,
            std::string_view prompt);
  /// Columns `first` to `last` (0-based) of the current sheet as one outline
  /// group, which the office folds or unfolds with its button; `folded`:
  /// folded (hidden) when the workbook opens.
  void group(int first, int last, bool folded);
  /// Ends the current row.
  void end_row();
  /// The row being written (0-based).
  int row() const;

  /// "D7" for row 6, column 3 (0-based).
  static std::string cell(int row, int column);

  /// Finishes the workbook: its bytes, or "" when a step failed (error()).
  std::string finish();

 private:
  void end_sheet();
  lxw_format* format(CellStyle style) const;  ///< the header row's bold, else the style's
  void fit(std::size_t width, CellStyle style);
  void validate(int first_row, int last_row, int column, lxw_data_validation* v,
                std::string_view title, std::string_view prompt, std::string_view error);
  struct State;
  std::unique_ptr<State> s_;
  std::string error_;
};

}  // namespace thidua::site
