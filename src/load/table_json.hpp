// The folder's files as tables ("The rest of the folder as workbooks",
// docs/content-format.md): a workbook's sheets, or a CSV, read into the very
// tree its JSON form parses to, so that one loader checks both forms alike.
// Each value's offset indexes the cells it came from (CellPlace): every
// message of the loader names the cell, "cell C14 (sheet "Đơn vị"): …".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "load/json_reader.hpp"
#include "load/json_tree.hpp"
#include "load/workbook.hpp"
#include "model/diagnostic.hpp"

namespace thidua::load {

/// A tree made from a table, with where each of its values came from.
struct TableTree {
  std::optional<JsonValue> root;  ///< nullopt: nothing could be read (said in diags)
  CellPlaces places;              ///< by JsonValue::offset
};

/// The kinds of files a table may stand for.
enum class TableFile { kUnits, kScheme, kPeriod, kInspections };

/// `path`'s bytes (.xlsx, .ods or .csv, by its extension) as the tree of
/// the JSON file `kind` it stands for: units.xlsx as units.json's
/// {"clusters": [...], "units": [...]}. Problems of the table itself (no
/// header row, a cell holding an error, a row without an id) are reported
/// in `diags`; those of its values are the loader's.
TableTree table_tree(TableFile kind, const std::string& path, std::string_view bytes,
                     Diagnostics& diags);

/// A content file's tree, parsed from JSON or read from a table by its
/// extension, with the reader that reports at its places.
class FileTree {
 public:
  FileTree(TableFile kind, const std::string& path, std::string_view bytes, Diagnostics& diags);
  FileTree(const FileTree&) = delete;
  FileTree& operator=(const FileTree&) = delete;
  JsonReader& reader() { return *reader_; }
  /// nullopt: not JSON, or no table (said).
  const std::optional<JsonValue>& root() const { return root_; }

 private:
  TableTree table_;
  std::optional<JsonReader> reader_;
  std::optional<JsonValue> root_;
};

/// Whether `path` ends in an extension a table is read from (.xlsx, .ods,
/// .csv, in any case).
bool is_table_file(std::string_view path);

/// Excel's serial day number (days since 1899-12-30, as a date cell of the
/// 1900 date system holds it) as a date; nullopt when not a whole day
/// number from 1900-03-01 on.
std::optional<Date> excel_date(std::string_view number);

}  // namespace thidua::load
