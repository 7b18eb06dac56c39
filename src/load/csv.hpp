// RFC 4180 CSV as spreadsheets and online forms export it: UTF-8 with or
// without BOM, CRLF or LF, quoted fields with "" escapes and line breaks.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "load/text_index.hpp"
#include "model/diagnostic.hpp"

namespace thidua::load {

struct CsvField {
  std::string text;
  std::size_t offset = 0;  ///< where the field starts in the file
};

struct CsvRow {
  std::vector<CsvField> fields;
  std::size_t offset = 0;
};

/// Parses `text`. Blank lines are skipped. The separator is ',' unless the first
/// line has ';' and no ',' (a spreadsheet in a locale that writes decimal
/// commas). Reports invalid UTF-8, an unterminated quoted field, or text after a
/// closing quote, and returns nullopt.
std::optional<std::vector<CsvRow>> parse_csv(std::string_view text, const std::string& path,
                                             const TextIndex& index, Diagnostics& diags);

/// `field` quoted for CSV output when it needs to be (RFC 4180).
std::string csv_quote(std::string_view field);

}  // namespace thidua::load
