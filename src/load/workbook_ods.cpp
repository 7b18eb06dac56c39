// Reading the cells of an OpenDocument spreadsheet (.ods, as LibreOffice
// saves it): content.xml through expat. Values only, as for .xlsx: a
// formula cell's saved value is its value. Repeated rows and columns are
// expanded, covered (merged-away) cells are passed over, a sheet whose table
// style says display="false" is hidden, comments are no part of a value.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "load/workbook.hpp"
#include "load/workbook_parts.hpp"

namespace thidua::load {
namespace {

using workbook_parts::Xml;

const text::Message kSaveAgain("advice-save-ods");
constexpr std::string_view kMimeType = "application/vnd.oasis.opendocument.spreadsheet";

/// The largest sheet LibreOffice makes: 1,048,576 rows of 16,384 columns.
constexpr long kMaxRow = 1048576, kMaxColumn = 16384;

/// A number-*-repeated attribute: 1 when absent, 0 when it is no count.
long repeat(Xml::Attrs attrs, std::string_view name) {
  const std::string_view v = Xml::attr(attrs, name);
  if (v.empty()) return 1;
  long n = 0;
  for (char c : v) {
    if (c < '0' || c > '9' || n > kMaxRow) return 0;
    n = n * 10 + (c - '0');
  }
  return n;
}

/// Reads content.xml into `wb.sheets`, one parse.
class ContentReader {
 public:
  explicit ContentReader(Workbook& wb) : wb_(wb), x_(kSaveAgain) {
    x_.on_start = [this](std::string_view n, Xml::Attrs a) { start(n, a); };
    x_.on_end = [this](std::string_view n) { end(n); };
    x_.on_text = [this](std::string_view s) {
      if (in_cell_ && in_p_ && !annotation_) {
        text_.append(s);
        check_length();
      }
    };
  }

  bool read(const std::string& text) { return x_.parse("content.xml", text, &wb_.problem); }

 private:
  void start(std::string_view name, Xml::Attrs attrs) {
    if (in_cell_) return cell_content(name, attrs, true);
    if (name == "style") {
      style_ = Xml::attr(attrs, "family") == "table" ? std::string(Xml::attr(attrs, "name")) : "";
    } else if (name == "table-properties" && !style_.empty() &&
               Xml::attr(attrs, "display") == "false") {
      hidden_styles_.insert(style_);
    } else if (name == "table") {
      Sheet sheet;
      sheet.name = std::string(Xml::attr(attrs, "name"));
      sheet.hidden = hidden_styles_.count(std::string(Xml::attr(attrs, "style-name"))) > 0;
      wb_.sheets.push_back(std::move(sheet));
      row_ = 1;
    } else if (name == "table-row" && !wb_.sheets.empty()) {
      rows_ = counted(attrs, "number-rows-repeated");
      column_ = 1;
      row_cells_.clear();
    } else if (name == "table-cell" || name == "covered-table-cell") {
      begin_cell(name == "covered-table-cell", attrs);
    }
  }

  void end(std::string_view name) {
    if (in_cell_) {
      if (depth_ > 0) return cell_content(name, nullptr, false);
      return end_cell();
    }
    if (name == "style") style_.clear();
    if (name == "table-row" && !wb_.sheets.empty()) end_row();
  }

  long counted(Xml::Attrs attrs, std::string_view name) {
    const long n = repeat(attrs, name);
    if (n == 0)
      x_.fail(text::Message("ods-bad-repeat",
                            {{"times", Xml::attr(attrs, name)}, {"advice", kSaveAgain}}));
    return n;
  }

  void begin_cell(bool covered, Xml::Attrs attrs) {
    const long rows = repeat(attrs, "number-rows-spanned"),
               columns = repeat(attrs, "number-columns-spanned");
    if (!covered && (rows > 1 || columns > 1) && !wb_.sheets.empty())
      wb_.sheets.back().merges.push_back(
          {static_cast<int>(row_), static_cast<int>(column_),
           static_cast<int>(std::min(row_ + std::max(rows, 1L) - 1, kMaxRow)),
           static_cast<int>(std::min(column_ + std::max(columns, 1L) - 1, kMaxColumn))});
    in_cell_ = true;
    depth_ = 0;
    covered_ = covered;
    columns_ = counted(attrs, "number-columns-repeated");
    text_.clear();
    in_p_ = false;
    paragraphs_ = 0;
    annotation_ = 0;
    cell_ = SheetCell{};
    const std::string_view type = Xml::attr(attrs, "value-type");  // office: or calcext:
    const bool formula = Xml::has_attr(attrs, "formula");
    // calcext:value-type comes after office:value-type; "error" is only there.
    bool error = false;
    for (std::size_t i = 0; attrs[i]; i += 2)
      if (std::string_view(attrs[i]).ends_with("|value-type") &&
          std::string_view(attrs[i + 1]) == "error")
        error = true;
    value_ = "";
    use_text_ = false;
    if (error) {
      cell_.kind = SheetCell::Kind::kError;
      use_text_ = true;
    } else if (type == "float" || type == "percentage" || type == "currency") {
      cell_.kind = SheetCell::Kind::kNumber;
      value_ = std::string(Xml::attr(attrs, "value"));
      if (value_.empty()) cell_.kind = SheetCell::Kind::kNoValue;
    } else if (type == "date" || type == "time") {
      cell_.kind = SheetCell::Kind::kDate;
      value_ = std::string(Xml::attr(attrs, type == "date" ? "date-value" : "time-value"));
    } else if (type == "boolean") {
      cell_.kind = SheetCell::Kind::kBool;
      value_ = Xml::attr(attrs, "boolean-value") == "true" ? "TRUE" : "FALSE";
    } else if (type == "string" && Xml::has_attr(attrs, "string-value")) {
      value_ = std::string(Xml::attr(attrs, "string-value"));
    } else if (type.empty() && formula) {
      cell_.kind = SheetCell::Kind::kNoValue;
    } else {
      use_text_ = true;  // a string, or a cell a writer left untyped
    }
  }

  /// Inside a cell: paragraphs, their spaces, tabs and breaks; comments and
  /// anything nested (a sub-table) are no part of the value.
  void cell_content(std::string_view name, Xml::Attrs attrs, bool opening) {
    if (!opening) {
      --depth_;
      if (name == "annotation") --annotation_;
      if (name == "p" || name == "h") in_p_ = false;
      return;
    }
    ++depth_;
    if (name == "annotation") ++annotation_;
    if (annotation_) return;
    if (name == "p" || name == "h") {
      if (paragraphs_++ > 0) text_ += '\n';
      in_p_ = true;
    } else if (in_p_ && name == "s") {
      const long n = std::min(repeat(attrs, "c"), 1000L);
      text_.append(static_cast<std::size_t>(std::max(n, 1L)), ' ');
    } else if (in_p_ && name == "tab") {
      text_ += '\t';
    } else if (in_p_ && name == "line-break") {
      text_ += '\n';
    }
    check_length();
  }

  /// A cell's text within kMaxCellText characters (a character is at most 4
  /// bytes: past that, no cell is this long; the exact count at its end).
  void check_length() {
    if (text_.size() > 4 * kMaxCellText) x_.fail(too_long());
  }

  text::Message too_long() const {
    return text::Message(
        "workbook-cell-too-long",
        {{"what", text::Message("what-cell", {{"cell", cell_name(static_cast<int>(row_),
                                                                 static_cast<int>(column_))}})},
         {"max", kMaxCellText}});
  }

  void end_cell() {
    in_cell_ = false;
    const long first = column_;
    column_ += columns_;
    if (covered_) return;  // merged into the cell before it: shows nothing
    cell_.text = use_text_ ? text_ : value_;
    if (cell_.kind == SheetCell::Kind::kText && cell_.text.empty()) return;
    if (column_ - 1 > kMaxColumn) return x_.fail(beyond());
    std::size_t chars = 0;
    for (const char c : cell_.text) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (chars > kMaxCellText) {
      column_ = first;
      return x_.fail(too_long());
    }
    for (long c = first; c < column_; ++c) {
      cell_.column = static_cast<int>(c);
      if (!room(1, cell_.text.size())) return;
      row_cells_.push_back(cell_);
    }
  }

  void end_row() {
    const long first = row_;
    row_ += rows_;
    if (row_cells_.empty()) return;
    if (row_ - 1 > kMaxRow) return x_.fail(beyond());
    auto& cells = wb_.sheets.back().cells;
    std::size_t row_text = 0;
    for (const auto& c : row_cells_) row_text += c.text.size();
    for (long r = first; r < row_; ++r) {
      // The row's own cells were counted as they were read; its repeats now.
      if (r > first && !room(row_cells_.size(), row_text)) return;
      for (SheetCell c : row_cells_) {
        c.row = static_cast<int>(r);
        cells.push_back(std::move(c));
      }
    }
  }

  /// Whether `n` more cells holding `bytes` of text keep the workbook within
  /// kMaxWorkbookCells and kMaxWorkbookText.
  bool room(std::size_t n, std::size_t bytes) {
    total_ += n;
    text_total_ += bytes;
    if (total_ > kMaxWorkbookCells) {
      x_.fail(text::Message("ods-too-many-cells", {{"max", kMaxWorkbookCells}}));
      return false;
    }
    if (text_total_ > kMaxWorkbookText) {
      x_.fail(text::Message("ods-too-much-text", {{"mb", kMaxWorkbookText >> 20}}));
      return false;
    }
    return true;
  }

  text::Message beyond() const {
    return text::Message("ods-beyond", {{"row", std::to_string(kMaxRow)},
                                        {"column", std::to_string(kMaxColumn)},
                                        {"advice", kSaveAgain}});
  }

  Workbook& wb_;
  Xml x_;
  std::set<std::string> hidden_styles_;
  std::string style_;  ///< the table style being read
  long row_ = 1, rows_ = 1, column_ = 1, columns_ = 1;
  std::vector<SheetCell> row_cells_;  ///< the row being read, before its repeats
  bool in_cell_ = false, covered_ = false, in_p_ = false, use_text_ = false;
  int depth_ = 0, annotation_ = 0, paragraphs_ = 0;
  SheetCell cell_;
  std::string text_, value_;
  std::size_t total_ = 0, text_total_ = 0;
};

/// Whether META-INF/manifest.xml says content.xml is encrypted.
bool encrypted(const std::string& manifest, text::Message* problem) {
  Xml x(kSaveAgain);
  bool content = false, found = false;
  x.on_start = [&](std::string_view name, Xml::Attrs attrs) {
    if (name == "file-entry") content = Xml::attr(attrs, "full-path") == "content.xml";
    if (name == "encryption-data" && content) found = true;
  };
  if (!x.parse("META-INF/manifest.xml", manifest, problem)) return false;
  return found;
}

}  // namespace

Workbook read_ods(std::string_view bytes) {
  Workbook wb;
  std::vector<std::string> names;
  auto parts = workbook_parts::read_zip(
      bytes,
      [](const std::string& name) {
        return name == "mimetype" || name == "content.xml" || name == "META-INF/manifest.xml";
      },
      ".ods", kSaveAgain, &wb.problem, &names);
  if (!parts) return wb;
  if (std::find(names.begin(), names.end(), "xl/workbook.xml") != names.end()) {
    wb.problem = text::Message("workbook-xlsx-named-ods");
    return wb;
  }
  const auto part = [&](const std::string& name) -> const std::string* {
    auto it = parts->find(name);
    return it == parts->end() ? nullptr : &it->second;
  };
  if (const std::string* manifest = part("META-INF/manifest.xml")) {
    if (encrypted(*manifest, &wb.problem)) {
      wb.problem = text::Message("ods-password");
      return wb;
    }
    if (!wb.problem.empty()) return wb;
  }
  const std::string* mimetype = part("mimetype");
  const std::string* content = part("content.xml");
  if ((mimetype && *mimetype != kMimeType) || !content) {
    wb.problem =
        mimetype && *mimetype != kMimeType
            ? text::Message("ods-wrong-type", {{"type", *mimetype}, {"advice", kSaveAgain}})
            : text::Message("ods-no-content", {{"advice", kSaveAgain}});
    return wb;
  }
  if (!ContentReader(wb).read(*content)) wb.sheets.clear();
  return wb;
}

}  // namespace thidua::load
