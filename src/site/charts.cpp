// The chart specs pages carry for the theme's chart script: JSON escaped for
// a script block (text::script_json). A scorecard's section chart is written
// from parts made once per cluster and period (section_chart_parts).
#include <initializer_list>
#include <string_view>
#include <utility>

#include "site/planner.hpp"
#include "text/escape.hpp"

namespace thidua::site {
namespace {

using json = nlohmann::json;

/// Labels ("I. Title"), short labels ("I") and maximums of the score sections.
struct SectionAxis {
  json labels = json::array(), short_labels = json::array(), max = json::array();
};

/// A JSON object of members given as JSON texts, written in the order given
/// (here the order nlohmann writes, by key, so all charts read alike).
std::string json_object(std::initializer_list<std::pair<std::string_view, std::string>> members) {
  std::string out = "{";
  for (const auto& [key, value] : members) {
    if (out.size() > 1) out += ',';
    out += '"';
    out += key;
    out += "\":";
    out += value;
  }
  out += '}';
  return out;
}

SectionAxis section_axis(const Scheme& scheme) {
  SectionAxis axis;
  for (const Section& s : scheme.sections) {
    if (s.kind != SectionKind::kScore) continue;
    axis.labels.push_back(s.id + ". " + s.title);
    axis.short_labels.push_back(s.id);
    axis.max.push_back(as_number(s.max()));
  }
  return axis;
}

}  // namespace

View Planner::chart(const std::string& id, const json& spec) const {
  return {
      {"id", id}, {"json", text::script_json(spec)}, {"label", spec["title"].get<std::string>()}};
}

json Planner::score_section_data(const Scheme& scheme, const std::vector<Points>* values) const {
  json data = json::array();
  for (std::size_t i = 0; i < scheme.sections.size(); ++i)
    if (scheme.sections[i].kind == SectionKind::kScore)
      data.push_back(as_number(values ? (*values)[i] : 0));
  return data;
}

View Planner::ranking_chart(const score::PeriodScores& ps, const score::ClusterScores& cs,
                            const std::string& id) const {
  json labels = json::array(), data = json::array(), grades = json::array(), gl = json::array();
  for (const auto* r : cs.ranked) {
    labels.push_back(r->unit->short_name.empty() ? r->unit->name : r->unit->short_name);
    data.push_back(as_number(r->total));
    grades.push_back(grade_index(*ps.scheme, r->grade));
  }
  for (const auto& g : ps.scheme->grades) gl.push_back(g.label);
  json spec = {{"type", "ranking"},
               {"title", t("chart_ranking") + ": " + cluster_name(cs.cluster)},
               {"labels", std::move(labels)},
               {"max", as_number(ps.scheme->max())},
               {"datasets", json::array({{{"label", t("total")}, {"data", std::move(data)}}})},
               {"grades", std::move(grades)},
               {"grade_labels", std::move(gl)}};
  return chart(id, spec);
}

View Planner::grade_chart(const score::PeriodScores& ps) const {
  json labels = json::array(), data = json::array(), classes = json::array();
  const std::vector<long> counts = grade_counts(ps);
  for (std::size_t i = 0; i < ps.scheme->grades.size(); ++i) {
    labels.push_back(ps.scheme->grades[i].label);
    data.push_back(counts[i]);
    classes.push_back(i);
  }
  return chart(
      "chart-grades",
      {{"type", "grades"},
       {"title", t("grade_distribution")},
       {"labels", std::move(labels)},
       {"datasets", json::array({{{"label", t("units_count")}, {"data", std::move(data)}}})},
       {"grades", std::move(classes)}});
}

View Planner::section_averages_chart(const score::PeriodScores& ps) const {
  SectionAxis axis = section_axis(*ps.scheme);
  json averages = score_section_data(*ps.scheme, &ps.section_averages);
  return chart("chart-sections",
               {{"type", "sections"},
                {"title", t("section_averages")},
                {"labels", std::move(axis.labels)},
                {"short_labels", std::move(axis.short_labels)},
                {"datasets", json::array({{{"label", t("average")}, {"data", std::move(averages)}},
                                          {{"label", t("max")}, {"data", std::move(axis.max)}}})}});
}

Planner::SectionChartParts Planner::section_chart_parts(const score::PeriodScores& ps,
                                                        const score::ClusterScores* cs) const {
  SectionAxis axis = section_axis(*ps.scheme);
  const json cluster = score_section_data(*ps.scheme, cs ? &cs->section_averages : nullptr);
  return {
      json_object({{"data", text::script_json(cluster)},
                   {"label", text::script_json(t("cluster_average"))}}),
      json_object({{"data", text::script_json(axis.max)}, {"label", text::script_json(t("max"))}}),
      text::script_json(axis.labels), text::script_json(axis.short_labels),
      text::script_json(t("chart_unit_sections"))};
}

View Planner::unit_sections_chart(const score::PeriodScores& ps, const score::ClusterScores* cs,
                                  const score::UnitResult& r) const {
  const Unit& u = *r.unit;
  const SectionChartParts& parts = section_chart_parts_.at({&ps, cs});
  const std::string unit =
      json_object({{"data", text::script_json(score_section_data(*ps.scheme, &r.sections))},
                   {"label", text::script_json(u.short_name.empty() ? u.name : u.short_name)}});
  std::string spec = json_object(
      {{"datasets", "[" + unit + "," + parts.cluster_dataset + "," + parts.max_dataset + "]"},
       {"labels", parts.labels},
       {"short_labels", parts.short_labels},
       {"title", parts.title},
       {"type", R"("sections")"}});
  return {{"id", "chart-unit-sections"},
          {"json", std::move(spec)},
          {"label", t("chart_unit_sections")}};
}

View Planner::history_chart(json labels, json totals, json ranks) const {
  return chart("chart-history",
               {{"type", "history"},
                {"title", t("chart_history")},
                {"labels", std::move(labels)},
                {"datasets", json::array({{{"label", t("total")}, {"data", std::move(totals)}},
                                          {{"label", t("rank")}, {"data", std::move(ranks)}}})}});
}

}  // namespace thidua::site
