// results.csv, and any .csv under results/.
#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "load/json_reader.hpp"  // valid_id, id_rule
#include "load/report.hpp"
#include "load/results.hpp"
#include "text/csv.hpp"

namespace thidua::load {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

/// One results table: its header row makes the columns, each later row a result.
class CsvResults {
 public:
  CsvResults(const std::string& path, const text::TextIndex& index, const Scheme* scheme,
             ResultChecker& check, Diagnostics& diags)
      : path_(path), index_(index), scheme_(scheme), check_(check), diags_(diags) {}

  /// Reads the columns; false when there is no "unit" column (rows cannot be read).
  bool header(const text::CsvRow& header) {
    for (const auto& f : header.fields) column(trim(f.text), pos(f.offset));
    if (!has_unit_) {
      diags_.error(pos(header.offset), "the header has no \"unit\" column");
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
      diags_.warning(pos(header.offset), "no column for " + list + ": every unit gets 0 there");
    return true;
  }

  /// The row's result, or nullopt when it has errors (each reported).
  std::optional<Result> row(const text::CsvRow& row) {
    if (row.fields.size() != cols_.size()) {
      field_count_error(row);
      return std::nullopt;
    }
    if (!header_ok_ || unit_missing(row)) return std::nullopt;
    Result res;
    res.pos = pos(row.offset);
    bool ok = true;
    for (std::size_t k = 0; k < cols_.size(); ++k)
      ok = cell(cols_[k].first, cols_[k].second, row.fields[k], res) && ok;
    if (!ok || res.unit.empty()) return std::nullopt;
    check_.missing(res, [&](const std::string& id) { return absent_.count(id) > 0; });
    return res;
  }

 private:
  enum class Col { kUnit, kName, kScore, kTarget, kNote, kSkip };

  SourcePos pos(std::size_t offset) const {
    auto [line, col] = index_.locate(offset);
    return SourcePos{path_, line, col};
  }

  void column(const std::string& name, const SourcePos& at) {
    // The office's own columns: a formula, a remark. Not read, not checked.
    if (name.empty() || name.starts_with("#")) {
      cols_.emplace_back(Col::kSkip, name);
      return;
    }
    if (!seen_.insert(name).second) {
      diags_.error(at, "duplicate column \"" + name + "\"");
      header_ok_ = false;
    }
    if (name == "unit") {
      cols_.emplace_back(Col::kUnit, name);
      has_unit_ = true;
    } else if (name == "name") {
      cols_.emplace_back(Col::kName, name);
    } else if (name == "note") {
      cols_.emplace_back(Col::kNote, name);
    } else if (name.starts_with("target:")) {
      std::string id = name.substr(7);
      if (!check_.target(id, at)) header_ok_ = false;
      cols_.emplace_back(Col::kTarget, id);
    } else if (!scheme_ || scheme_->find_criterion(name)) {
      cols_.emplace_back(Col::kScore, name);
    } else {
      diags_.error(at, "unknown column \"" + name + "\": not a criterion of scheme \"" +
                           scheme_->id + "\", \"target:<id>\", \"note\" or \"name\"");
      cols_.emplace_back(Col::kSkip, name);
      header_ok_ = false;
    }
  }

  /// True when the row's unit cell is empty: the row is skipped (a blank line
  /// of the sheet, a unit the office has not given an id), with a warning when
  /// it has scores, which would otherwise be lost unseen.
  bool unit_missing(const text::CsvRow& row) {
    bool has_unit = false, has_scores = false;
    for (std::size_t k = 0; k < cols_.size(); ++k) {
      const bool filled = !trim(row.fields[k].text).empty();
      if (cols_[k].first == Col::kUnit) has_unit = filled;
      if (cols_[k].first == Col::kScore || cols_[k].first == Col::kTarget)
        has_scores = has_scores || filled;
    }
    if (has_unit) return false;
    if (has_scores)
      diags_.warning(pos(row.offset), "row without a unit id skipped: its scores are not read");
    return true;
  }

  void field_count_error(const text::CsvRow& row) {
    // "8,5" unquoted in a comma-separated file is two fields, 8 and 5.
    bool split_decimal = false;
    for (std::size_t k = 0; k + 1 < row.fields.size() && row.fields.size() > cols_.size(); ++k) {
      const std::string a = trim(row.fields[k].text), b = trim(row.fields[k + 1].text);
      split_decimal = split_decimal || (!a.empty() && b.size() <= 2 && !b.empty() &&
                                        a.find_first_not_of("0123456789") == std::string::npos &&
                                        b.find_first_not_of("0123456789") == std::string::npos);
    }
    diags_.error(pos(row.offset),
                 "row has " + std::to_string(row.fields.size()) + " fields but the header has " +
                     std::to_string(cols_.size()) +
                     (split_decimal ? ": a decimal comma (8,5) splits a number in two; write "
                                      "decimals with a dot (8.5)"
                                    : ""));
  }

  /// One cell into `res`; false when it has an error.
  bool cell(Col kind, const std::string& name, const text::CsvField& field, Result& res) {
    const std::string cell = trim(field.text);
    const SourcePos at = pos(field.offset);
    switch (kind) {
      case Col::kUnit:
        if (!valid_id(cell, IdKind::kEntity)) {
          diags_.error(at, "invalid unit id \"" + cell + "\": use " + id_rule(IdKind::kEntity));
          return false;
        }
        if (!check_.unit(cell, at)) return false;
        res.unit = cell;
        return true;
      case Col::kNote:
        res.note = field.text;
        return true;
      case Col::kName:
      case Col::kSkip:
        return true;
      case Col::kScore:
      case Col::kTarget:
        break;
    }
    if (cell.empty()) return true;
    // A decimal comma, as spreadsheets in a Vietnamese locale write numbers:
    // in a ';'-separated file, or quoted in a ','-separated one (unquoted, it
    // would have split the number in two).
    std::string number = cell;
    if (std::count(cell.begin(), cell.end(), ',') == 1 && cell.find('.') == std::string::npos)
      number[cell.find(',')] = '.';
    ParsedPoints p = parse_points(number);
    if (!p.value) {
      std::string why = p.error == ParsePointsError::kTooManyDecimals ? " has more than 2 decimals"
                        : cell.find(',') != std::string::npos
                            ? " is not a number (write it without a thousands separator: "
                              "1000,5 or 1000.5)"
                            : " is not a number";
      diags_.error(at, "\"" + cell + "\" in column \"" + (kind == Col::kTarget ? "target:" : "") +
                           name + "\"" + why);
      return false;
    }
    if (kind == Col::kTarget) {
      res.targets[name] = *p.value;
      return true;
    }
    if (!check_.score(name, *p.value, at)) return false;
    res.scores[name] = *p.value;
    return true;
  }

  const std::string& path_;
  const text::TextIndex& index_;
  const Scheme* scheme_;
  ResultChecker& check_;
  Diagnostics& diags_;
  std::vector<std::pair<Col, std::string>> cols_;
  std::set<std::string> seen_;    ///< column names
  std::set<std::string> absent_;  ///< score criteria without a column
  bool has_unit_ = false, header_ok_ = true;
};

}  // namespace

void load_results_csv(const std::string& path, std::string_view text, const Scheme* scheme,
                      ResultChecker& check, Period& period, Diagnostics& diags) {
  text::TextIndex index(text);
  const text::CsvTable table = text::parse_csv(text);
  if (table.problem) {
    report_error(diags, path, index, table.problem->offset, table.problem->message);
    return;
  }
  if (table.rows.empty()) {
    diags.error({path, 1, 1},
                "empty results file: the first line must be a header \"unit,<criterion id>,…\"");
    return;
  }
  CsvResults results(path, index, scheme, check, diags);
  if (!results.header(table.rows[0])) return;
  for (std::size_t i = 1; i < table.rows.size(); ++i)
    if (auto res = results.row(table.rows[i])) period.results.push_back(std::move(*res));
}

}  // namespace thidua::load
