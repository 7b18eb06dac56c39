#include "site/results_template.hpp"

#include <algorithm>
#include <ctime>
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

/// The template's columns, left to right.
struct Columns {
  struct Input {
    const Criterion* criterion = nullptr;  ///< or a target
    const Target* target = nullptr;
    const Section* section = nullptr;
  };
  static constexpr int kFirstInput = 2;       ///< after unit and name
  std::vector<Input> inputs;                  ///< criteria in scheme order, then targets
  std::vector<std::pair<int, int>> sections;  ///< each section's first and last input column
  int note = 0, first_section = 0, total = 0, grade = 0, width = 0;

  explicit Columns(const Scheme& scheme) {
    for (const Section& s : scheme.sections) {
      const int first = kFirstInput + static_cast<int>(inputs.size());
      for (const Criterion& c : s.criteria) inputs.push_back({&c, nullptr, &s});
      sections.emplace_back(first, kFirstInput + static_cast<int>(inputs.size()) - 1);
    }
    for (const Target& t : scheme.targets) inputs.push_back({nullptr, &t, nullptr});
    note = kFirstInput + static_cast<int>(inputs.size());
    first_section = note + 1;
    total = first_section + static_cast<int>(scheme.sections.size());
    grade = total + 1;
    width = grade + 1;
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
  w.end_row();
  w.text("unit");
  w.text("name");
  for (const auto& in : cols.inputs)
    w.text(in.criterion ? in.criterion->id : "target:" + in.target->id);
  w.text("note");
  for (const Section& s : scheme.sections) w.text("# " + s.id);
  w.text("# " + t("template_total_short"));
  w.text("# " + t("template_grade"));
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
  w.end_row();
}

/// Each input column's check, with what the cell says when selected.
void input_checks(XlsxWriter& w, const Words& t, const Columns& cols, int last_row) {
  for (std::size_t i = 0; i < cols.inputs.size(); ++i) {
    const auto& in = cols.inputs[i];
    const int col = Columns::kFirstInput + static_cast<int>(i);
    const std::string x = XlsxWriter::cell(kFirstUnitRow, col);
    const std::string decimals = "ROUND(" + x + ",2)=" + x;
    if (in.criterion) {
      const std::string max = t.number(in.criterion->max);
      const char* kind = in.section->kind == SectionKind::kBonus     ? "template_kind_bonus"
                         : in.section->kind == SectionKind::kPenalty ? "template_kind_penalty"
                                                                     : "template_kind_score";
      w.check(kFirstUnitRow, last_row, col,
              "=AND(ISNUMBER(" + x + ")," + x + ">=0," + x +
                  "<=" + format_points(in.criterion->max) + "," + decimals + ")",
              in.criterion->id,
              t("template_check_score",
                {{"kind", t(kind)}, {"max", max}, {"title", in.criterion->title}}),
              t("template_check_score_error", {{"max", max}}));
    } else {
      w.check(kFirstUnitRow, last_row, col, "=AND(ISNUMBER(" + x + ")," + decimals + ")",
              "target:" + in.target->id, t("template_check_target", {{"title", in.target->label}}),
              t("template_check_target_error"));
    }
  }
}

/// The second sheet: how to fill the first in, and the scheme it follows.
void guide_sheet(XlsxWriter& w, const Words& t, const Period& p, const Scheme& scheme) {
  w.sheet(t("template_guide_sheet"),
          site::SheetLayout{.header_row = 0, .freeze = false, .protect = true});
  w.text(t("template_guide_title", {{"period", p.title}}));
  w.end_row();
  for (const char* line : {"template_guide_1", "template_guide_2", "template_guide_3",
                           "template_guide_4", "template_guide_5", "template_guide_6"}) {
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
                                 const nlohmann::json& strings, std::string* error) {
  const Words words(strings, content.site.language);
  ResultsTemplate t;
  const Scheme* scheme = content.find_scheme(period.scheme);
  if (!scheme) {
    *error = "period \"" + period.id + "\" has no scheme";
    return t;
  }
  const Columns cols(*scheme);
  // Active units in the directory's order, and any other the period scored
  // (a result is never dropped on the way out and back in).
  std::vector<std::pair<const Unit*, const Result*>> rows;
  for (const Unit& u : content.units) {
    const auto r =
        std::lower_bound(period.results.begin(), period.results.end(), u.id,
                         [](const Result& a, const std::string& id) { return a.unit < id; });
    const Result* result = r != period.results.end() && r->unit == u.id ? &*r : nullptr;
    if (result || u.active_during(period.start, period.end)) rows.emplace_back(&u, result);
    if (result) ++t.filled;
  }
  t.units = rows.size();
  XlsxWriter w(static_cast<std::time_t>(period.end.days()) * 86400);
  w.sheet(words("template_sheet"), site::SheetLayout{.header_row = kHeaderRow,
                                                     .frozen_columns = Columns::kFirstInput,
                                                     .freeze = true,
                                                     .protect = true,
                                                     .print_wide = true,
                                                     .min_width = 10});
  heading_rows(w, words, content, period, *scheme, cols);
  for (const auto& [u, r] : rows) unit_row(w, *u, r, *scheme, cols);
  input_checks(w, words, cols, kFirstUnitRow + static_cast<int>(rows.size()) - 1);
  guide_sheet(w, words, period, *scheme);
  t.bytes = w.finish();
  if (t.bytes.empty()) *error = w.error();
  return t;
}

}  // namespace thidua::site
