#include "site/results_template.hpp"

#include <algorithm>
#include <ctime>
#include <set>
#include <span>
#include <vector>

#include "model/points.hpp"
#include "score/score.hpp"
#include "site/format.hpp"
#include "site/xlsx.hpp"

namespace thidua::site {
namespace {

// Rows 0 and 1 are the title and the columns' titles (heading_rows).
constexpr int kHeaderRow = 2, kFirstUnitRow = 3;

double number(Points p) { return static_cast<double>(p) / 100; }

/// The theme's words for the template, and its numbers as the site's
/// language writes them.
class Words {
 public:
  Words(const nlohmann::json& strings, const std::string& language)
      : strings_(strings), locale_(locale_for(language)) {}
  /// The text of `key`, each "{name}" in it replaced by its value.
  std::string operator()(
      const std::string& key,
      std::initializer_list<std::pair<std::string_view, std::string>> values = {}) const {
    const auto it = strings_.find(key);
    std::string text = it != strings_.end() && it->is_string() ? it->get<std::string>() : key;
    for (const auto& [name, value] : values) {
      const std::string slot = "{" + std::string(name) + "}";
      if (const auto at = text.find(slot); at != std::string::npos)
        text.replace(at, slot.size(), value);
    }
    return text;
  }
  std::string number(Points p) const { return format_number(p, locale_); }

 private:
  const nlohmann::json& strings_;
  Locale locale_;
};

/// A text inside a formula's quotes.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

/// The template's columns, left to right: the unit, the inputs that are
/// added up, the note, the formulas, then the rest of a result (its grade
/// override, evidence, and, internal, self scores and the assessor's note).
struct Columns {
  struct Input {
    const Criterion* criterion = nullptr;  ///< or a target
    const Target* target = nullptr;
    const Section* section = nullptr;
  };
  static constexpr int kFirstInput = 2;       ///< after unit and name
  std::vector<Input> inputs;                  ///< criteria in scheme order, then targets
  std::vector<std::pair<int, int>> sections;  ///< each section's first and last input column
  int note = 0, first_section = 0, total = 0, grade = 0, grade_override = 0, grade_reason = 0,
      first_evidence = 0, first_self = 0, assessor_note = 0, width = 0;
  bool internal = false;

  Columns(const Scheme& scheme, bool with_internal) : internal(with_internal) {
    for (const Section& s : scheme.sections) {
      const int first = kFirstInput + static_cast<int>(inputs.size());
      for (const Criterion& c : s.criteria) inputs.push_back({&c, nullptr, &s});
      sections.emplace_back(first, kFirstInput + static_cast<int>(inputs.size()) - 1);
    }
    const int criteria = static_cast<int>(inputs.size());
    for (const Target& t : scheme.targets) inputs.push_back({nullptr, &t, nullptr});
    note = kFirstInput + static_cast<int>(inputs.size());
    first_section = note + 1;
    total = first_section + static_cast<int>(scheme.sections.size());
    grade = total + 1;
    grade_override = grade + 1;
    grade_reason = grade_override + 1;
    first_evidence = grade_reason + 1;
    first_self = first_evidence + criteria;
    assessor_note = internal ? first_self + criteria : first_self;
    width = internal ? assessor_note + 1 : first_self;
  }
  /// The inputs that are criteria (the first ones), in scheme order.
  std::span<const Input> criteria() const {
    return {inputs.data(), static_cast<std::size_t>(first_self - first_evidence)};
  }
};

/// The formulas of one unit's row (0-based `row`), and their values now.
struct RowFormulas {
  std::vector<std::string> sections;
  std::string total, grade;
};

RowFormulas row_formulas(const Scheme& scheme, const Columns& cols, int row) {
  RowFormulas f;
  std::string sum;
  for (std::size_t i = 0; i < scheme.sections.size(); ++i) {
    const Section& s = scheme.sections[i];
    const auto [first, last] = cols.sections[i];
    std::string v = last < first ? "0"
                                 : "SUM(" + XlsxWriter::cell(row, first) + ":" +
                                       XlsxWriter::cell(row, last) + ")";
    if (s.kind == SectionKind::kBonus || (s.kind == SectionKind::kScore && s.cap))
      v = "MIN(" + v + "," + format_points(s.max()) + ")";
    f.sections.push_back("=" + v);
    const std::string ref = XlsxWriter::cell(row, cols.first_section + static_cast<int>(i));
    sum += (s.kind == SectionKind::kPenalty ? "-" : sum.empty() ? "" : "+") + ref;
  }
  const std::string inputs =
      XlsxWriter::cell(row, Columns::kFirstInput) + ":" + XlsxWriter::cell(row, cols.note - 1);
  f.total = "=IF(COUNT(" + inputs + ")=0,\"\",MAX(0," + (sum.empty() ? "0" : sum) + "))";
  const std::string total = XlsxWriter::cell(row, cols.total);
  std::string grade = "\"\"";
  for (auto g = scheme.grades.rbegin(); g != scheme.grades.rend(); ++g)
    grade =
        "IF(" + total + ">=" + format_points(g->min) + "," + quoted(g->label) + "," + grade + ")";
  f.grade = "=IF(" + total + "=\"\",\"\"," + grade + ")";
  return f;
}

/// Row 1: the title; row 2: what each column is, with its maximum; row 3:
/// the header the results reader takes.
void heading_rows(XlsxWriter& w, const Words& t, const Content& c, const Period& p,
                  const Scheme& scheme, const Columns& cols) {
  w.title(c.site.organization + (c.site.organization.empty() ? "" : " — ") +
              t("template_title", {{"period", p.title}}),
          cols.width);
  w.end_row();
  w.row_height(90);
  w.text(t("template_unit_id"), CellStyle::kHeading);
  w.text(t("template_unit_name"), CellStyle::kHeading);
  for (const auto& in : cols.inputs) {
    if (in.criterion)
      w.text(t("template_with_max",
               {{"title", in.criterion->title}, {"max", t.number(in.criterion->max)}}),
             CellStyle::kHeading);
    else
      w.text(t("template_with_goal",
               {{"title", in.target->label},
                {"goal", t.number(in.target->goal) +
                             (in.target->unit.empty() ? "" : " " + in.target->unit)}}),
             CellStyle::kHeading);
  }
  w.text(t("template_note"), CellStyle::kHeading);
  for (const Section& s : scheme.sections)
    w.text(t(s.kind == SectionKind::kPenalty ? "template_with_penalty_max" : "template_with_max",
             {{"title", s.title}, {"max", t.number(s.max())}}),
           CellStyle::kHeading);
  w.text(t("template_total", {{"max", t.number(scheme.max())}}), CellStyle::kHeading);
  w.text(t("template_grade"), CellStyle::kHeading);
  w.text(t("template_grade_override"), CellStyle::kHeading);
  w.text(t("template_grade_reason"), CellStyle::kHeading);
  for (const auto& in : cols.criteria())
    w.text(t("template_evidence", {{"title", in.criterion->title}}), CellStyle::kHeading);
  if (cols.internal) {
    for (const auto& in : cols.criteria())
      w.text(t("template_self",
               {{"title", in.criterion->title}, {"max", t.number(in.criterion->max)}}),
             CellStyle::kHeading);
    w.text(t("template_assessor_note"), CellStyle::kHeading);
  }
  w.end_row();
  w.text("unit");
  w.text("name");
  for (const auto& in : cols.inputs)
    w.text(in.criterion ? in.criterion->id : "target:" + in.target->id);
  w.text("note");
  for (const Section& s : scheme.sections) w.text("# " + s.id);
  w.text("# " + t("template_total_short"));
  w.text("# " + t("template_grade"));
  w.text("grade_override");
  w.text("grade_reason");
  for (const auto& in : cols.criteria()) w.text("evidence:" + in.criterion->id);
  if (cols.internal) {
    for (const auto& in : cols.criteria()) w.text("self:" + in.criterion->id);
    w.text("assessor_note");
  }
  w.end_row();
}

/// One unit's row: what is entered so far, in input cells, then formulas.
void unit_row(XlsxWriter& w, const Unit& u, const Result* r, const Scheme& scheme,
              const Columns& cols) {
  w.text(u.id);
  w.text(u.name);
  for (const auto& in : cols.inputs) {
    const PointsByKey* values = !r ? nullptr : in.criterion ? &r->scores : &r->targets;
    const auto it = values ? values->find(in.criterion ? in.criterion->id : in.target->id)
                           : PointsByKey::const_iterator{};
    if (values && it != values->end())
      w.number(number(it->second), CellStyle::kInput);
    else
      w.empty(CellStyle::kInput);
  }
  if (r && !r->note.empty())
    w.text(r->note, CellStyle::kInput);
  else
    w.empty(CellStyle::kInput);
  const RowFormulas f = row_formulas(scheme, cols, w.row());
  for (std::size_t i = 0; i < scheme.sections.size(); ++i)
    w.formula(f.sections[i], r ? number(score::section_value(scheme.sections[i], *r)) : 0.0);
  const bool entered = r && (!r->scores.empty() || !r->targets.empty());
  if (entered) {
    const Points t = score::total(scheme, *r);
    const Grade* g = score::grade_for(scheme, t);
    w.formula(f.total, number(t));
    w.formula(f.grade, g ? g->label : std::string());
  } else {
    w.formula(f.total, std::string());
    w.formula(f.grade, std::string());
  }
  const auto text = [&w](const std::string& s) {
    if (s.empty())
      w.empty(CellStyle::kInput);
    else
      w.text(s, CellStyle::kInput);
  };
  text(r && r->grade_override ? r->grade_override->grade : std::string());
  text(r && r->grade_override ? r->grade_override->reason : std::string());
  for (const auto& in : cols.criteria()) {
    std::string links;
    if (r)
      if (const auto it = r->evidence.find(in.criterion->id); it != r->evidence.end())
        for (const std::string& link : it->second) links += (links.empty() ? "" : "\n") + link;
    text(links);
  }
  if (!cols.internal) return w.end_row();
  for (const auto& in : cols.criteria()) {
    const auto it = r ? r->self_scores.find(in.criterion->id) : PointsByKey::const_iterator{};
    if (r && it != r->self_scores.end())
      w.number(number(it->second), CellStyle::kInput);
    else
      w.empty(CellStyle::kInput);
  }
  std::string assessor_note;
  if (r)
    for (const auto& [field, value] : r->internal)
      if (field == "assessor_note") assessor_note = value;
  text(assessor_note);
  w.end_row();
}

/// A score cell's check: a number from 0 to the criterion's maximum, with
/// at most two decimals.
void score_check(XlsxWriter& w, const Words& t, int col, int last_row, const Criterion& c,
                 const char* kind) {
  const std::string x = XlsxWriter::cell(kFirstUnitRow, col);
  const std::string max = t.number(c.max);
  w.check(kFirstUnitRow, last_row, col,
          "=AND(ISNUMBER(" + x + ")," + x + ">=0," + x + "<=" + format_points(c.max) + ",ROUND(" +
              x + ",2)=" + x + ")",
          c.id, t("template_check_score", {{"kind", t(kind)}, {"max", max}, {"title", c.title}}),
          t("template_check_score_error", {{"max", max}}));
}

/// Each input column's check, with what the cell says when selected.
void input_checks(XlsxWriter& w, const Words& t, const Scheme& scheme, const Columns& cols,
                  int last_row) {
  for (std::size_t i = 0; i < cols.inputs.size(); ++i) {
    const auto& in = cols.inputs[i];
    const int col = Columns::kFirstInput + static_cast<int>(i);
    if (in.criterion) {
      score_check(w, t, col, last_row, *in.criterion,
                  in.section->kind == SectionKind::kBonus     ? "template_kind_bonus"
                  : in.section->kind == SectionKind::kPenalty ? "template_kind_penalty"
                                                              : "template_kind_score");
    } else {
      const std::string x = XlsxWriter::cell(kFirstUnitRow, col);
      w.check(kFirstUnitRow, last_row, col,
              "=AND(ISNUMBER(" + x + "),ROUND(" + x + ",2)=" + x + ")", "target:" + in.target->id,
              t("template_check_target", {{"title", in.target->label}}),
              t("template_check_target_error"));
    }
  }
  std::vector<std::string> grades;
  std::string listed;
  for (const Grade& g : scheme.grades) {
    grades.push_back(g.id);
    listed += (listed.empty() ? "" : ", ") + g.id + " (" + g.label + ")";
  }
  w.choice(kFirstUnitRow, last_row, cols.grade_override, grades, "grade_override",
           t("template_check_override", {{"grades", listed}}),
           t("template_check_override_error", {{"grades", listed}}));
  w.hint(kFirstUnitRow, last_row, cols.grade_reason, "grade_reason", t("template_check_reason"));
  int col = cols.first_evidence;
  for (const auto& in : cols.criteria())
    w.hint(kFirstUnitRow, last_row, col++, "evidence:" + in.criterion->id,
           t("template_check_evidence", {{"title", in.criterion->title}}));
  if (!cols.internal) return;
  for (const auto& in : cols.criteria())
    score_check(w, t, col++, last_row, *in.criterion, "template_kind_self");
  w.hint(kFirstUnitRow, last_row, cols.assessor_note, "assessor_note",
         t("template_check_assessor"));
}

/// The second sheet: how to fill the first in, and the scheme it follows.
void guide_sheet(XlsxWriter& w, const Words& t, const Period& p, const Scheme& scheme,
                 bool internal) {
  w.sheet(t("template_guide_sheet"),
          site::SheetLayout{.header_row = 0, .freeze = false, .protect = true});
  w.text(t("template_guide_title", {{"period", p.title}}));
  w.end_row();
  for (const char* line : {"template_guide_1", "template_guide_2", "template_guide_3",
                           "template_guide_4", "template_guide_5", "template_guide_6",
                           internal ? "template_guide_7_intranet" : "template_guide_7_public"}) {
    w.text(t(line, {{"sheet", t("template_sheet")}}));
    w.end_row();
  }
  w.end_row();
  w.text(t("template_grade"));
  w.text(t("template_grade_from"));
  w.end_row();
  for (const Grade& g : scheme.grades) {
    w.text(g.label);
    w.number(number(g.min));
    w.end_row();
  }
  w.end_row();
  w.text(t("template_code"));
  w.text(t("template_criterion"));
  w.text(t("template_max"));
  w.end_row();
  for (const Section& s : scheme.sections) {
    w.text(s.id);
    w.text(s.title);
    w.number(number(s.max()));
    w.end_row();
    for (const Criterion& c : s.criteria) {
      w.text(c.id);
      w.text(c.title);
      w.number(number(c.max));
      w.end_row();
    }
  }
}

}  // namespace

ResultsTemplate results_template(const Content& content, const Period& period,
                                 const nlohmann::json& strings, bool internal, std::string* error) {
  const Words words(strings, content.site.language);
  ResultsTemplate t;
  const Scheme* scheme = content.find_scheme(period.scheme);
  if (!scheme) {
    *error = "period \"" + period.id + "\" has no scheme";
    return t;
  }
  const Columns cols(*scheme, internal);
  // Active units in the directory's order, and any other the period scored
  // (a result is never dropped on the way out and back in).
  std::vector<std::pair<const Unit*, const Result*>> rows;
  bool evidence = false, self = false;
  std::set<std::string> without_column;
  for (const Unit& u : content.units) {
    const auto r =
        std::lower_bound(period.results.begin(), period.results.end(), u.id,
                         [](const Result& a, const std::string& id) { return a.unit < id; });
    const Result* result = r != period.results.end() && r->unit == u.id ? &*r : nullptr;
    if (result || u.active_during(period.start, period.end)) rows.emplace_back(&u, result);
    if (!result) continue;
    ++t.filled;
    evidence = evidence || !result->evidence.empty();
    self = self || !result->self_scores.empty() || !result->internal.empty();
    if (!internal && (!result->self_scores.empty() || !result->internal.empty()))
      ++t.internal_left_out;
    if (!internal) continue;
    bool lost = false;
    for (const auto& [field, value] : result->internal)
      if (field != "assessor_note") {
        without_column.insert(field);
        lost = true;
      }
    if (lost) ++t.fields_without_column_units;
  }
  t.fields_without_column.assign(without_column.begin(), without_column.end());
  t.units = rows.size();
  XlsxWriter w(static_cast<std::time_t>(period.end.days()) * 86400);
  w.sheet(words("template_sheet"), site::SheetLayout{.header_row = kHeaderRow,
                                                     .frozen_columns = Columns::kFirstInput,
                                                     .freeze = true,
                                                     .protect = true,
                                                     .print_wide = true,
                                                     .min_width = 10,
                                                     .print_columns = cols.grade + 1});
  heading_rows(w, words, content, period, *scheme, cols);
  for (const auto& [u, r] : rows) unit_row(w, *u, r, *scheme, cols);
  input_checks(w, words, *scheme, cols, kFirstUnitRow + static_cast<int>(rows.size()) - 1);
  // Evidence, and the internal columns, each a group of columns folded while
  // the period has none of it.
  w.group(cols.first_evidence, cols.first_self - 1, !evidence);
  if (internal) w.group(cols.first_self, cols.assessor_note, !self);
  guide_sheet(w, words, period, *scheme, internal);
  t.bytes = w.finish();
  if (t.bytes.empty()) *error = w.error();
  return t;
}

}  // namespace thidua::site
