// RFC 4180 CSV as spreadsheets and online forms export it: UTF-8 with or
// without BOM, CRLF or LF, quoted fields with "" escapes and line breaks.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/messages.hpp"

namespace thidua::text {

struct CsvField {
  std::string text;
  std::size_t offset = 0;  ///< where the field starts in the file
};

struct CsvRow {
  std::vector<CsvField> fields;
  std::size_t offset = 0;
};

/// Why a text is not CSV: what is wrong, and the byte offset where.
struct CsvProblem {
  std::size_t offset = 0;
  Message message;
};

struct CsvTable {
  std::vector<CsvRow> rows;
  std::optional<CsvProblem> problem;  ///< set: rows is empty
};

/// Parses `text`. Blank lines are skipped. The separator is ',' unless the first
/// line has ';' and no ',' (a spreadsheet in a locale that writes decimal
/// commas). Stops at the first problem: invalid UTF-8, an unterminated quoted
/// field, or text after a closing quote.
CsvTable parse_csv(std::string_view text);

/// `field` quoted for CSV output when it needs to be (RFC 4180).
std::string csv_quote(std::string_view field);

}  // namespace thidua::text
