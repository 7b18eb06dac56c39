// Results as tables: results.csv|xlsx|ods, and such files under results/.
// A CSV's fields and a workbook's cells become one kind of table row, read
// by one set of rules (docs/content-format.md, results.csv and workbooks).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "load/json_reader.hpp"  // valid_id, id_rule
#include "load/report.hpp"
#include "load/results.hpp"
#include "load/workbook.hpp"
#include "text/csv.hpp"
#include "text/links.hpp"

namespace thidua::load {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

/// One cell of a results table, from a CSV field or a workbook cell.
struct TableCell {
  enum class Kind { kText, kNumber, kOther };
  Kind kind = Kind::kText;
  std::string text;  ///< trimmed; kNumber: the number as the file writes it
  std::string raw;   ///< as in the file (a note keeps its spaces)
  const std::string* path = nullptr;
  int line = 0, column = 0;  ///< where it is (a SourcePos is made only when one is needed)
  std::string cell;          ///< a CSV field as a spreadsheet names it ("D2"); workbooks: ""
  text::Message problem;     ///< kOther: what the cell holds instead of a value

  SourcePos pos() const { return SourcePos{*path, line, column}; }
};

struct TableRow {
  std::vector<TableCell> cells;
  SourcePos pos;
};

/// A workbook number as points: exact to two decimals, allowing for what
/// binary arithmetic leaves (7.749999999 is 7.75 within 1e-9).
std::optional<Points> sheet_points(const std::string& text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v) ||
      std::fabs(v) > 1e12)
    return std::nullopt;
  const double hundredths = std::round(v * 100);
  if (std::fabs(v - hundredths / 100) > 1e-9) return std::nullopt;
  return static_cast<Points>(hundredths);
}

/// A results table: its header row makes the columns, each later row a result.
class TableResults {
 public:
  /// `sheet`: the workbook sheet the table is (null for a CSV), named in messages.
  TableResults(const Scheme* scheme, ResultChecker& check, const std::string* sheet = nullptr)
      : scheme_(scheme), check_(check), sheet_(sheet) {
    check_.set_sheet(sheet);
  }
  ~TableResults() { check_.set_sheet(nullptr); }

  std::size_t width() const { return cols_.size(); }

  /// Reads the columns; false when there is no "unit" column (rows cannot be read).
  bool header(const TableRow& header) {
    for (const auto& c : header.cells) column(c);
    if (!has_unit_) {
      check_.report(true, header.pos, text::Message("table-no-unit-column"), true);
      return false;
    }
    if (!scheme_) return true;
    std::string list;  // criteria with no column: reported once, here
    for (const auto& s : scheme_->sections)
      for (const auto& c : s.criteria)
        if (s.kind == SectionKind::kScore && !seen_.count(c.id)) {
          absent_.insert(c.id);
          list += (list.empty() ? "" : ", ") + c.id;
        }
    if (!absent_.empty())
      check_.report(false, header.pos, text::Message("table-no-column-for", {{"criteria", list}}),
                    true);
    return true;
  }

  /// The row's result, or nullopt when it has errors (each reported) or no unit.
  std::optional<Result> row(const TableRow& row) {
    if (!header_ok_ || unit_missing(row)) return std::nullopt;
    // A unit with nothing entered is not scored yet (a template lists every
    // unit; so does a CSV saved from it): passed over as a blank row is. A
    // row with evidence or an override but no score is a result without
    // scores, as a JSON entry is (merge_results warns of it unless another
    // file scores the unit).
    if (nothing_entered(row)) return std::nullopt;
    Result res;
    res.pos = row.pos;
    bool ok = true;
    grade_ = reason_ = nullptr;
    for (std::size_t k = 0; k < cols_.size(); ++k)
      ok = cell(cols_[k].first, cols_[k].second, row.cells[k], res) && ok;
    ok = grade_override(res) && ok;
    // A row without a score at all: merge_results says so, once.
    if (ok && !res.unit.empty() && !res.scores.empty())
      check_.missing(res, [&](const std::string& id) { return absent_.count(id) > 0; });
    if (!ok || res.unit.empty()) return std::nullopt;
    return res;
  }

 private:
  enum class Col {
    kUnit,
    kName,
    kScore,
    kTarget,
    kNote,
    kGrade,         ///< grade_override
    kGradeReason,   ///< grade_reason
    kEvidence,      ///< evidence:<criterion>, one link a line
    kSelf,          ///< self:<criterion>, internal
    kAssessorNote,  ///< assessor_note, internal
    kSkip
  };

  /// The column's header as the office wrote it, for messages.
  static std::string header(Col kind, const std::string& name) {
    switch (kind) {
      case Col::kTarget:
        return "target:" + name;
      case Col::kEvidence:
        return "evidence:" + name;
      case Col::kSelf:
        return "self:" + name;
      default:
        return name;
    }
  }

  /// The row's grade_override and grade_reason, together or not at all.
  bool grade_override(Result& res) {
    const bool grade = grade_ && !grade_->text.empty();
    const bool reason = reason_ && !reason_->text.empty();
    if (!grade && !reason) return true;
    if (!reason) {
      report(true, *grade_, text::Message("grade-override-without-reason"));
      return false;
    }
    if (!grade) {
      report(true, *reason_, text::Message("grade-reason-without-grade"));
      return false;
    }
    if (!valid_id(grade_->text, IdKind::kCriterion)) {
      report(true, *grade_, invalid_id("\"grade_override\"", grade_->text, IdKind::kCriterion, ""));
      return false;
    }
    if (!grade_->cell.empty()) check_.in_cell(grade_->cell);
    const bool known = check_.grade(grade_->text, grade_->pos());
    if (!grade_->cell.empty()) check_.in_cell({});
    if (known) res.grade_override = GradeOverride{grade_->text, reason_->raw};
    return known;
  }

  /// Reports `m` about cell `c`, after the cell as the spreadsheet names it
  /// ("cell D2: ", with its sheet in a workbook).
  void report(bool error, const TableCell& c, text::Message m) {
    if (!c.cell.empty()) check_.in_cell(c.cell);
    check_.report(error, c.pos(), std::move(m));
    if (!c.cell.empty()) check_.in_cell({});
  }

  void column(const TableCell& c) {
    const std::string& name = c.text;
    // The office's own columns: a formula, a remark. Not read, not checked.
    if (name.empty() || name.starts_with("#")) {
      cols_.emplace_back(Col::kSkip, name);
      return;
    }
    if (!seen_.insert(name).second) {
      report(true, c, text::Message("table-duplicate-column", {{"name", name}}));
      header_ok_ = false;
    }
    if (name == "unit") {
      cols_.emplace_back(Col::kUnit, name);
      has_unit_ = true;
    } else if (name == "name") {
      cols_.emplace_back(Col::kName, name);
    } else if (name == "note") {
      cols_.emplace_back(Col::kNote, name);
    } else if (name == "grade_override") {
      cols_.emplace_back(Col::kGrade, name);
    } else if (name == "grade_reason") {
      cols_.emplace_back(Col::kGradeReason, name);
    } else if (name == "assessor_note") {
      cols_.emplace_back(Col::kAssessorNote, name);
    } else if (name.starts_with("evidence:") || name.starts_with("self:")) {
      // A column of a criterion: the criterion must be the scheme's.
      const bool evidence = name.starts_with("evidence:");
      std::string id = name.substr(name.find(':') + 1);
      check_.in_cell(c.cell);
      if (!check_.score(id, 0, c.pos())) header_ok_ = false;
      check_.in_cell({});
      cols_.emplace_back(evidence ? Col::kEvidence : Col::kSelf, id);
    } else if (name.starts_with("target:")) {
      std::string id = name.substr(7);
      check_.in_cell(c.cell);
      if (!check_.target(id, c.pos())) header_ok_ = false;
      check_.in_cell({});
      cols_.emplace_back(Col::kTarget, id);
    } else if (!scheme_ || scheme_->find_criterion(name)) {
      cols_.emplace_back(Col::kScore, name);
    } else {
      report(true, c,
             text::Message("table-unknown-column", {{"name", name}, {"scheme", scheme_->id}}));
      cols_.emplace_back(Col::kSkip, name);
      header_ok_ = false;
    }
  }

  /// True when the row's unit cell is empty: the row is skipped (a blank line
  /// of the sheet, a unit the office has not given an id), with a warning when
  /// it has scores, which would otherwise be lost unseen.
  bool unit_missing(const TableRow& row) {
    bool has_unit = false, has_scores = false;
    for (std::size_t k = 0; k < cols_.size(); ++k) {
      const bool filled = !row.cells[k].text.empty();
      if (cols_[k].first == Col::kUnit) has_unit = filled;
      if (cols_[k].first == Col::kScore || cols_[k].first == Col::kTarget)
        has_scores = has_scores || filled;
    }
    if (has_unit) return false;
    if (has_scores) check_.report(false, row.pos, text::Message("table-row-without-unit"), true);
    return true;
  }

  bool nothing_entered(const TableRow& row) const {
    for (std::size_t k = 0; k < cols_.size(); ++k) {
      const Col kind = cols_[k].first;
      if (kind != Col::kUnit && kind != Col::kName && kind != Col::kSkip &&
          !row.cells[k].text.empty())
        return false;
    }
    return true;
  }

  /// One cell into `res`; false when it has an error.
  bool cell(Col kind, const std::string& name, const TableCell& c, Result& res) {
    if (kind == Col::kName || kind == Col::kSkip) return true;
    if (c.kind == TableCell::Kind::kOther) {
      report(true, c,
             text::Message("table-cell-not-a-value",
                           {{"problem", c.problem}, {"column", header(kind, name)}}));
      return false;
    }
    const std::string& cell = c.text;
    if (kind == Col::kUnit) {
      if (!valid_id(cell, IdKind::kEntity)) {
        report(true, c,
               invalid_id(text::Message("what-unit-id"), cell, IdKind::kEntity,
                          check_.unit_named(cell)));
        return false;
      }
      check_.in_cell(c.cell);
      const bool known = check_.unit(cell, c.pos());
      check_.in_cell({});
      if (known) {
        res.unit = cell;
        res.unit_pos = c.pos();
        res.unit_cell = c.cell.empty() ? cell_name(c.line, c.column) : c.cell;
        if (sheet_) res.unit_sheet = *sheet_;
      }
      return known;
    }
    if (kind == Col::kNote) {
      res.note = c.raw;
      return true;
    }
    if (kind == Col::kGrade || kind == Col::kGradeReason) {
      (kind == Col::kGrade ? grade_ : reason_) = &c;
      return true;
    }
    if (kind == Col::kAssessorNote) {
      if (!c.raw.empty()) res.internal.emplace_back("assessor_note", c.raw);
      return true;
    }
    if (kind == Col::kEvidence) return evidence(c, name, res);
    if (cell.empty()) return true;
    const std::optional<Points> value = points(c, kind, name);
    if (!value) return false;
    if (kind == Col::kTarget) {
      res.targets[name] = *value;
      return true;
    }
    check_.in_cell(c.cell);
    const bool valid = check_.score(name, *value, [&c] { return c.pos(); });
    check_.in_cell({});
    if (valid) (kind == Col::kSelf ? res.self_scores : res.scores)[name] = *value;
    return valid;
  }

  /// An evidence cell: one link a line; a link of an unsafe scheme is left
  /// out with a warning, as in a JSON result.
  bool evidence(const TableCell& c, const std::string& criterion, Result& res) {
    std::string_view rest = c.raw;
    while (!rest.empty()) {
      const std::size_t end = std::min(rest.find('\n'), rest.size());
      const std::string link = trim(std::string(rest.substr(0, end)));
      rest.remove_prefix(std::min(end + 1, rest.size()));
      if (link.empty()) continue;
      if (text::is_safe_link(link))
        res.evidence[criterion].push_back(link);
      else
        report(false, c, text::Message("evidence-link-left-out"));
    }
    return true;
  }

  /// The cell's number, or nullopt with the error reported.
  std::optional<Points> points(const TableCell& c, Col kind, const std::string& name) {
    const std::string& cell = c.text;
    const std::string column = header(kind, name);
    if (c.kind == TableCell::Kind::kNumber) {
      if (auto v = sheet_points(cell)) return v;
      report(true, c, text::Message("cell-decimals", {{"value", cell}, {"column", column}}));
      return std::nullopt;
    }
    // A decimal comma, as spreadsheets in a Vietnamese locale write numbers:
    // in a ';'-separated file, or quoted in a ','-separated one (unquoted, it
    // would have split the number in two), or typed as text in a cell.
    std::string number = cell;
    if (std::count(cell.begin(), cell.end(), ',') == 1 && cell.find('.') == std::string::npos)
      number[cell.find(',')] = '.';
    ParsedPoints p = parse_points(number);
    if (p.value) return p.value;
    const char* code = p.error == ParsePointsError::kTooManyDecimals ? "cell-decimals-quoted"
                       : cell.find(',') != std::string::npos         ? "cell-thousands-separator"
                                                                     : "cell-not-a-number";
    report(true, c, text::Message(code, {{"value", cell}, {"column", column}}));
    return std::nullopt;
  }

  const Scheme* scheme_;
  ResultChecker& check_;
  const std::string* sheet_;  ///< the workbook sheet (null for a CSV)
  std::vector<std::pair<Col, std::string>> cols_;
  std::set<std::string> seen_;    ///< column names
  std::set<std::string> absent_;  ///< score criteria without a column
  bool has_unit_ = false, header_ok_ = true;
  const TableCell *grade_ = nullptr, *reason_ = nullptr;  ///< of the row being read
};

void field_count_error(const std::string& path, const text::TextIndex& index,
                       const text::CsvRow& row, std::size_t width, Diagnostics& diags) {
  // "8,5" unquoted in a comma-separated file is two fields, 8 and 5.
  bool split_decimal = false;
  for (std::size_t k = 0; k + 1 < row.fields.size() && row.fields.size() > width; ++k) {
    const std::string a = trim(row.fields[k].text), b = trim(row.fields[k + 1].text);
    split_decimal = split_decimal || (!a.empty() && b.size() <= 2 && !b.empty() &&
                                      a.find_first_not_of("0123456789") == std::string::npos &&
                                      b.find_first_not_of("0123456789") == std::string::npos);
  }
  report_error(diags, path, index, row.offset,
               text::Message(split_decimal ? "csv-decimal-comma-split" : "csv-field-count",
                             {{"fields", row.fields.size()}, {"width", width}}));
}

/// Row `record` (1 for the header) of a CSV file.
TableRow csv_row(const std::string& path, const text::TextIndex& index, text::CsvRow& row,
                 int record) {
  TableRow out;
  auto pos = [&](std::size_t offset) {
    auto [line, col] = index.locate(offset);
    return SourcePos{path, line, col};
  };
  out.pos = pos(row.offset);
  out.cells.reserve(row.fields.size());
  for (auto& f : row.fields) {
    TableCell c;
    c.text = trim(f.text);
    c.raw = std::move(f.text);
    c.path = &path;
    std::tie(c.line, c.column) = index.locate(f.offset);
    c.cell = cell_name(record, static_cast<int>(out.cells.size()) + 1);
    out.cells.push_back(std::move(c));
  }
  return out;
}

/// A workbook row as wide as the header, from the cells of one sheet row.
TableRow sheet_row(const std::string& path, const Sheet& sheet, int row,
                   std::vector<SheetCell>::const_iterator& it, std::size_t width) {
  TableRow out;
  out.pos = SourcePos{path, row, 1};
  out.cells.resize(width);
  for (std::size_t k = 0; k < width; ++k) {
    out.cells[k].path = &path;
    out.cells[k].line = row;
    out.cells[k].column = static_cast<int>(k) + 1;
  }
  for (; it != sheet.cells.end() && it->row == row; ++it) {
    if (static_cast<std::size_t>(it->column) > width) continue;
    TableCell& c = out.cells[static_cast<std::size_t>(it->column) - 1];
    c.raw = it->text;
    c.text = trim(it->text);
    switch (it->kind) {
      case SheetCell::Kind::kText:
        break;
      case SheetCell::Kind::kNumber:
        c.kind = TableCell::Kind::kNumber;
        break;
      case SheetCell::Kind::kBool:
        c.kind = TableCell::Kind::kOther;
        c.problem = text::Message("cell-holds-bool", {{"value", it->text}});
        break;
      case SheetCell::Kind::kError:
        c.kind = TableCell::Kind::kOther;
        c.problem = text::Message("cell-holds-formula-error", {{"value", it->text}});
        break;
      case SheetCell::Kind::kDate:
        c.kind = TableCell::Kind::kOther;
        c.problem = text::Message("cell-holds-date", {{"value", it->text}});
        break;
      case SheetCell::Kind::kNoValue:
        c.kind = TableCell::Kind::kOther;
        c.text = "=";  // not empty: the unit column, say, is not "missing"
        c.problem = text::Message("cell-holds-unsaved-formula");
        break;
    }
  }
  return out;
}

}  // namespace

void load_results_csv(const std::string& path, std::string_view text, const Scheme* scheme,
                      ResultChecker& check, Period& period, Diagnostics& diags) {
  text::TextIndex index(text);
  text::CsvTable table = text::parse_csv(text);
  if (table.problem) {
    report_error(diags, path, index, table.problem->offset, table.problem->message);
    return;
  }
  if (table.rows.empty()) {
    diags.error({path, 1, 1}, text::Message("csv-empty"));
    return;
  }
  TableResults results(scheme, check);
  if (!results.header(csv_row(path, index, table.rows[0], 1))) return;
  for (std::size_t i = 1; i < table.rows.size(); ++i) {
    text::CsvRow& row = table.rows[i];
    if (row.fields.size() != results.width()) {
      field_count_error(path, index, row, results.width(), diags);
      continue;
    }
    if (auto res = results.row(csv_row(path, index, row, static_cast<int>(i) + 1)))
      period.results.push_back(std::move(*res));
  }
}

void load_results_workbook(const std::string& path, const Workbook& wb, const Scheme* scheme,
                           ResultChecker& check, Period& period, Diagnostics& diags) {
  if (!wb.problem.empty()) {
    diags.error({path, 0, 0}, wb.problem);  // a message of the workbook reader
    return;
  }
  // The first visible sheet with a header row: the first row whose first
  // non-empty cell is "unit". Rows above it are the office's (a title).
  for (const Sheet& sheet : wb.sheets) {
    if (sheet.hidden) continue;
    auto it = sheet.cells.begin();
    while (it != sheet.cells.end()) {
      const int row = it->row;
      const bool is_header = it->kind == SheetCell::Kind::kText && trim(it->text) == "unit";
      if (!is_header) {
        while (it != sheet.cells.end() && it->row == row) ++it;
        continue;
      }
      // The office's two-row header: "unit" merged down over both rows,
      // each section's name merged across its criteria above their ids. The
      // header row is then the last row of the "unit" merge.
      int header_row = row;
      const int unit_column = it->column;
      for (const Merge& m : sheet.merges)
        if (m.first_row == row && m.first_column == unit_column && m.last_row > row)
          header_row = m.last_row;
      while (it != sheet.cells.end() && it->row < header_row) ++it;
      int width = unit_column;
      for (auto h = it; h != sheet.cells.end() && h->row == header_row; ++h) width = h->column;
      TableResults results(scheme, check, &sheet.name);
      TableRow header = sheet_row(path, sheet, header_row, it, static_cast<std::size_t>(width));
      if (header_row != row) header.cells[static_cast<std::size_t>(unit_column) - 1].text = "unit";
      if (!results.header(header)) return;
      while (it != sheet.cells.end()) {
        const int r = it->row;
        if (auto res = results.row(sheet_row(path, sheet, r, it, results.width())))
          period.results.push_back(std::move(*res));
      }
      return;
    }
  }
  diags.error({path, 0, 0}, text::Message("workbook-no-header"));
}

}  // namespace thidua::load
