// Reading the cells of a workbook: Excel's .xlsx (Office Open XML
// SpreadsheetML) and LibreOffice's .ods (OpenDocument): the zip through
// libarchive, its XML through expat. Values only: no styles, no formulas (a
// formula cell's saved value is its value).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "text/messages.hpp"

namespace thidua::load {

struct SheetCell {
  enum class Kind {
    kText,     ///< a shared or inline string, or a formula's text result
    kNumber,   ///< `text` holds the number as the file writes it ("7.75")
    kBool,     ///< TRUE or FALSE
    kError,    ///< #DIV/0!, #N/A…: `text` holds it
    kNoValue,  ///< a formula the file holds no saved value of
    kDate,     ///< an ISO date cell (t="d")
  };
  int row = 0, column = 0;  ///< 1-based
  Kind kind = Kind::kText;
  std::string text;
};

/// Cells merged into one: the first holds the value, the others are covered.
struct Merge {
  int first_row = 0, first_column = 0, last_row = 0, last_column = 0;  ///< 1-based
};

struct Sheet {
  std::string name;
  bool hidden = false;
  std::vector<SheetCell> cells;  ///< non-empty cells, by row then column
  std::vector<Merge> merges;     ///< in the file's order
};

struct Workbook {
  std::vector<Sheet> sheets;  ///< in the workbook's order
  text::Message problem;      ///< set: why the file cannot be read (sheets then empty)
};

/// Limits against zip bombs and runaway files: any part (one XML file of
/// the zip) uncompressed, and all shared strings together.
inline constexpr std::size_t kMaxWorkbookPart = 256u << 20;
inline constexpr std::size_t kMaxSharedStrings = 64u << 20;
/// And on the cells a workbook fills (an .ods's repeated rows and columns
/// each counted, every sheet together): a 10,000-unit table of 40 columns is
/// 400,000.
inline constexpr std::size_t kMaxWorkbookCells = 4'000'000;
/// The text of one cell, in characters: Excel's own limit.
inline constexpr std::size_t kMaxCellText = 32'767;
/// The text of all cells together, in bytes, a text used by many cells (a
/// shared string, a repeated cell) counted each time: what a file may make
/// beyond what its own size justifies stops here.
inline constexpr std::size_t kMaxWorkbookText = 128u << 20;

/// Reads the sheets of an .xlsx file's bytes. A file that is no workbook (an
/// old binary .xls, a password-protected workbook, a damaged zip), XML with a
/// document type declaration (entities are never expanded nor fetched), a part
/// over its limit: `problem` says which, in words for the office.
Workbook read_xlsx(std::string_view bytes);

/// The same for an .ods file's bytes: the sheets of its content.xml. Hidden
/// sheets are those whose table style has display="false"; merged-away
/// (covered) cells and comments are no values.
Workbook read_ods(std::string_view bytes);

/// "D7" for row 7, column 4.
std::string cell_name(int row, int column);

}  // namespace thidua::load
