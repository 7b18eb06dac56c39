// The charts of the pages, drawn at build time: each is a list of bars the
// theme's chart template writes as SVG (templates/chart.mustache), labels
// set in HTML beside them so the browser wraps them, never overlapping. The
// geometry is percentages of the bar's width, so a chart fits a 360 px phone
// and a projector alike without knowing the page's width; colours and
// patterns come from the theme's CSS. The same numbers are in the table
// beside each chart; the chart's accessible name and description state what
// it shows.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "site/planner.hpp"

namespace thidua::site {

static View bar_chart(const std::string& id, const std::string& kind, const std::string& label,
                      const std::string& description, View rows);
namespace {

/// `value` as a percentage of `max`, to two decimals with a dot: an SVG
/// length. Values outside 0..max are drawn at its ends.
std::string percent(Points value, Points max) {
  if (max <= 0) return "0";
  return format_points(divide_rounded(std::clamp<Points>(value, 0, max) * 10000, max));
}

/// The CSS class of grade `index` ("g0", …), "g-none" without one.
std::string grade_class(int index) { return index < 0 ? "g-none" : "g" + std::to_string(index); }

/// One bar: `label` beside it (`full` as its tooltip when shortened), its
/// length in percent, its class, the value written after it.
View bar(std::string label, const std::string& full, std::string pct, std::string cls,
         std::string value) {
  View row{{"label", std::move(label)},
           {"pct", std::move(pct)},
           {"hatch", cls.starts_with("g") && cls != "g0" && cls != "g-none"},
           {"class", std::move(cls)},
           {"value", std::move(value)}};
  if (!full.empty()) row.set("full", full);
  return row;
}

}  // namespace

static View bar_chart(const std::string& id, const std::string& kind, const std::string& label,
                      const std::string& description, View rows) {
  return {{"id", id},
          {"kind", kind},
          {"label", label},
          {"description", description},
          {"rows", std::move(rows)}};
}

View ranking_chart(const Context& x, const score::PeriodScores& ps, const score::ClusterScores& cs,
                   const std::string& id, std::size_t shown) {
  View rows = View::list();
  shown = std::min(shown, cs.ranked.size());
  rows.reserve(shown);
  const Points max = ps.scheme->max();
  for (std::size_t i = 0; i < shown; ++i) {
    const score::UnitResult* r = cs.ranked[i];
    const Unit& u = *r->unit;
    const bool shortened = !u.short_name.empty() && u.short_name != u.name;
    rows.push(bar(shortened ? u.short_name : u.name, shortened ? u.name : "",
                  percent(r->total, max), grade_class(grade_index(*ps.scheme, r->grade)),
                  x.num(r->total)));
  }
  std::string description = cluster_name(x, cs.cluster) + ": " + x.count(cs.ranked.size()) + " " +
                            x.t("chart_units", static_cast<long long>(cs.ranked.size()));
  if (!cs.ranked.empty())
    description += ", " + x.t("chart_highest") + " " + x.num(cs.ranked.front()->total) + ", " +
                   x.t("chart_lowest") + " " + x.num(cs.ranked.back()->total);
  description += " (" + x.t("chart_max") + " " + x.num(max) + ")";
  if (shown < cs.ranked.size())
    description += "; " + x.t("chart_shows") + " " + x.count(shown) + " " + x.t("top_units_shown");
  return bar_chart(id, "ranking", x.t("chart_ranking") + ": " + cluster_name(x, cs.cluster),
                   description, std::move(rows));
}

View grade_chart(const Context& x, const score::PeriodScores& ps) {
  const std::vector<long> counts = grade_counts(ps);
  const long most = counts.empty() ? 0 : *std::max_element(counts.begin(), counts.end());
  View rows = View::list();
  std::string description = x.count(ps.ranked.size()) + " " +
                            x.t("chart_units", static_cast<long long>(ps.ranked.size()));
  for (std::size_t i = 0; i < ps.scheme->grades.size(); ++i) {
    const std::string& label = ps.scheme->grades[i].label;
    rows.push(bar(label, "", percent(counts[i], most), grade_class(static_cast<int>(i)),
                  x.count(counts[i])));
    description += (i ? ", " : ": ") + x.count(counts[i]) + " " + label;
  }
  return bar_chart("chart-grades", "grades", x.t("grade_distribution"), description,
                   std::move(rows));
}

View section_averages_chart(const Context& x, const score::PeriodScores& ps) {
  View rows = View::list();
  std::string description = x.t("chart_sections_desc");
  for (std::size_t i = 0; i < ps.scheme->sections.size(); ++i) {
    const Section& s = ps.scheme->sections[i];
    if (s.kind != SectionKind::kScore) continue;
    const Points avg = ps.section_averages[i];
    View row = bar(s.id + ". " + s.title, "", percent(avg, s.max()), "s0",
                   x.num(avg) + " / " + x.num(s.max()));
    row.set("track", true);
    rows.push(std::move(row));
    description += " " + s.id + " " + x.num(avg) + "/" + x.num(s.max()) + ";";
  }
  if (description.ends_with(";")) description.back() = '.';
  return bar_chart("chart-sections", "sections", x.t("section_averages"), description,
                   std::move(rows));
}

View unit_sections_chart(const Context& x, const score::PeriodScores& ps,
                         const score::ClusterScores* cs, const score::UnitResult& r) {
  View rows = View::list();
  std::string description = x.t("chart_unit_sections_desc");
  for (std::size_t i = 0; i < ps.scheme->sections.size(); ++i) {
    const Section& s = ps.scheme->sections[i];
    if (s.kind != SectionKind::kScore) continue;
    View row = bar(s.id + ". " + s.title, "", percent(r.sections[i], s.max()), "s0",
                   x.num(r.sections[i]) + " / " + x.num(s.max()));
    row.set("track", true);
    if (cs) row.set("marker", percent(cs->section_averages[i], s.max()));
    rows.push(std::move(row));
    description += " " + s.id + " " + x.num(r.sections[i]) + "/" + x.num(s.max());
    if (cs)
      description +=
          " (" + x.t("chart_cluster_average") + " " + x.num(cs->section_averages[i]) + ")";
    description += ";";
  }
  if (description.ends_with(";")) description.back() = '.';
  return bar_chart("chart-unit-sections", "unit-sections", x.t("chart_unit_sections"), description,
                   std::move(rows));
}

View history_chart(const Context& x, const std::vector<HistoryBar>& bars) {
  View rows = View::list();
  std::string description;
  for (const HistoryBar& b : bars) {
    rows.push(bar(b.period, "", percent(b.total, b.max), grade_class(b.grade),
                  x.num(b.total) + " · " + x.t("chart_rank") + " " + x.count(b.rank)));
    description += (description.empty() ? "" : "; ") + b.period + ": " + x.num(b.total) + ", " +
                   x.t("chart_rank") + " " + x.count(b.rank);
  }
  return bar_chart("chart-history", "history", x.t("chart_history"), description + ".",
                   std::move(rows));
}

}  // namespace thidua::site
