// Reading results files (JSON, CSV, workbooks): the checks every result goes through,
// whichever format it came from. Internal to load/.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "load/loaders.hpp"   // suggest
#include "load/workbook.hpp"  // Workbook, cell_name
#include "model/diagnostic.hpp"
#include "model/model.hpp"
#include "text/fold.hpp"

namespace thidua::load {

/// Shared checks of one result, whichever format it came from.
class ResultChecker {
 public:
  ResultChecker(const Content& content, const Scheme* scheme, Period& period, Diagnostics& diags)
      : content_(content), scheme_(scheme), period_(period), diags_(diags) {
    for (const auto& r : period.results) earlier_.insert(r.unit);
    if (!scheme_) return;
    in_order_.emplace(*scheme_);
    for (const auto& s : scheme_->sections)
      for (const auto& c : s.criteria)
        criteria_.emplace(c.id, &c);  // the first of equal ids, as a scan finds it
  }

  /// The id of the unit named `name` (marks and case folded), or "".
  std::string unit_named(std::string_view name) const {
    if (diags_.count(Severity::kError) >= 50) return "";  // as suggest(): not 10,000 × 10,000
    const std::string folded = text::fold(name);
    for (const auto& u : content_.units)
      if (text::fold(u.name) == folded) return u.id;
    return "";
  }

  bool unit(const std::string& id, const SourcePos& pos) {
    unknown_criterion_ = false;  // a new result begins
    const Unit* u = content_.find_unit(id);
    if (!u) {
      report(true, pos,
             {"unknown-unit", {{"id", id}, {"hint", suggest(id, content_.units, diags_)}}});
      return false;
    }
    // Twice in one file is a slip; in another file, the entry may add what
    // this one lacks (merge_results decides).
    if (auto [it, fresh] = seen_.emplace(id, pos); !fresh) {
      report(true, pos,
             {"unit-scored-twice",
              {{"id", id},
               {"period", period_.id},
               {"first", it->second.path + ":" + std::to_string(it->second.line)}}});
      return false;
    }
    if (!earlier_.count(id) && !u->active_during(period_.start, period_.end))
      report(false, pos, {"unit-not-active", {{"id", id}, {"period", period_.id}}});
    return true;
  }

  /// Validates a score against its criterion; false when it must be rejected.
  /// `where` is the score's SourcePos, or what makes it when there is
  /// something to report: every score of every result comes here.
  template <typename Where>
  bool score(const std::string& criterion, Points value, const Where& where) {
    if (!scheme_) return true;
    auto found = criteria_.find(criterion);
    const Criterion* c = found == criteria_.end() ? nullptr : found->second;
    if (!c) {
      unknown_criterion_ = true;
      report(true, pos_of(where),
             {"unknown-criterion",
              {{"id", criterion},
               {"scheme", scheme_->id},
               {"hint", suggest_criterion(criterion, *scheme_, diags_)}}});
      return false;
    }
    if (value < 0 || value > c->max) {
      report(true, pos_of(where),
             {"score-outside",
              {{"score", format_points(value)},
               {"criterion", criterion},
               {"max", format_points(c->max)}}});
      return false;
    }
    return true;
  }

  template <typename Where>
  bool target(const std::string& id, const Where& where) {
    if (!scheme_ || scheme_->find_target(id)) return true;
    report(true, pos_of(where), {"unknown-target", {{"id", id}, {"scheme", scheme_->id}}});
    return false;
  }

  bool grade(const std::string& id, const SourcePos& pos) {
    if (!scheme_ || scheme_->find_grade(id)) return true;
    report(true, pos, {"unknown-grade", {{"id", id}, {"scheme", scheme_->id}}});
    return false;
  }

  /// The sheet of a workbook the results that follow come from (null: a text
  /// file): messages then start with the cell they are about, as the
  /// spreadsheet names it ("cell D7 (sheet \"Kết quả\"): "), or its row.
  void set_sheet(const std::string* sheet) { sheet_ = sheet; }
  /// The CSV field the checks until in_cell({}) are about ("D2"), for their
  /// messages.
  void in_cell(const std::string& cell) { cell_ = cell; }
  /// `m` as it is told at `pos`: after its cell, or its row in a workbook
  /// ("cell D7 (sheet \"Kết quả\"): …"); the cell also kept apart, for
  /// --format json.
  void report(bool error, const SourcePos& pos, text::Message m, bool whole_row = false) {
    std::string cell;
    if (!sheet_) {
      if (!whole_row && !cell_.empty()) {
        cell = cell_;
        m = text::Message("in-cell", {{"cell", cell}, {"message", std::move(m)}});
      }
    } else if (whole_row) {
      m = text::Message(
          "in-row-of-sheet",
          {{"row", std::to_string(pos.line)}, {"sheet", *sheet_}, {"message", std::move(m)}});
    } else {
      cell = cell_name(pos.line, pos.column);
      m = text::Message("in-cell-of-sheet",
                        {{"cell", cell}, {"sheet", *sheet_}, {"message", std::move(m)}});
    }
    if (error)
      diags_.error(pos, std::move(m), std::move(cell));
    else
      diags_.warning(pos, std::move(m), std::move(cell));
  }

  static const SourcePos& pos_of(const SourcePos& pos) { return pos; }
  template <typename MakePos>
  static SourcePos pos_of(const MakePos& make) {
    return make();
  }

  /// Warns about score-section criteria the result leaves out, except those in
  /// `silent`. Bonus and penalty criteria left out simply count as 0.
  /// `silent(id)` is asked only of criteria the result lacks.
  /// Not after an unknown criterion in the same result: that error is the
  /// fault ("I..1" for "I.1"), and "no score for I.1" would be its echo.
  template <typename Silent>
  void missing(const Result& r, Silent silent) {
    if (!scheme_ || std::exchange(unknown_criterion_, false)) return;
    const auto found = in_order_->find(r.scores);  // one walk, not a search per criterion
    std::string list;
    int n = 0;
    std::size_t place = 0;
    for (const auto& s : scheme_->sections)
      for (const auto& c : s.criteria) {
        // no bonus or penalty entered means none
        if (s.kind == SectionKind::kScore && !found[place] && !silent(c.id))
          list += (n++ ? ", " : "") + c.id;
        ++place;
      }
    if (n)
      report(false, r.pos, {"no-score-for", {{"id", r.unit}, {"criteria", list}, {"n", n}}}, true);
  }

 private:
  const Content& content_;
  const Scheme* scheme_;
  std::optional<CriteriaInOrder> in_order_;  ///< the scheme's, to read a result's scores
  std::unordered_map<std::string_view, const Criterion*> criteria_;  ///< the scheme's, by id
  Period& period_;
  Diagnostics& diags_;
  std::map<std::string, SourcePos> seen_;  ///< units of this file
  std::set<std::string> earlier_;          ///< units of the period's files read before
  const std::string* sheet_ = nullptr;
  bool unknown_criterion_ = false;  ///< in the result being read
  std::string cell_;                ///< in_cell(): the CSV field the checks are about
};

void load_results_json(const std::string& path, std::string_view text, ResultChecker& check,
                       Period& period, Diagnostics& diags);
void load_results_csv(const std::string& path, std::string_view text, const Scheme* scheme,
                      ResultChecker& check, Period& period, Diagnostics& diags);
/// An .xlsx or .ods workbook (read_xlsx, read_ods): the first visible sheet
/// with a header row; a workbook with a problem is that one error.
void load_results_workbook(const std::string& path, const Workbook& wb, const Scheme* scheme,
                           ResultChecker& check, Period& period, Diagnostics& diags);

}  // namespace thidua::load
