// A period's dashboard: key figures, each cluster's ranking, grades,
// sections, movers, the inspection and the period's documents.
#include <algorithm>
#include <cstdlib>
#include <vector>

#include "site/planner.hpp"
#include "site/urls.hpp"

namespace thidua::site {

View Planner::dashboard(const score::PeriodScores& ps) const {
  const Period& p = *ps.period;
  const std::string path = urls::period(p.id);
  const std::string root = urls::root_of(path);
  View v = base(path, p.title, "periods");
  crumb(v, root, t("home"), urls::home());
  crumb(v, root, t("periods"), urls::periods());
  v.set("draft", p.status == PeriodStatus::kDraft);
  v.set("charts", true);
  View period = period_summary(p, root);
  period.set("scheme", ps.scheme->title);
  v.set("period", std::move(period));
  if (ps.compared) v.set("compared", period_summary(*ps.compared, root));
  v.set("kpis", kpis(ps));
  v.set("clusters", dashboard_clusters(ps, root));
  v.set("grade_chart", grade_chart(ps));
  v.set("sections", dashboard_sections(ps));
  v.set("section_chart", section_averages_chart(ps));
  set_movers(v, ps, root);
  v.set("corrections", corrections_view(p, root, nullptr));
  View gaps = self_assessment_gaps(ps, root);  // empty in a public build: no self scores
  v.set("has_self_gaps", !gaps.empty());
  v.set("self_gaps", std::move(gaps));

  View unranked = View::list();
  for (const auto* u : ps.unranked)
    unranked.push({{"name", u->name}, {"href", root + urls::unit(u->id)}});
  v.set("unranked", std::move(unranked));

  if (p.inspections) {
    View team = View::list();
    for (const auto& m : p.inspections->team)
      team.push({{"name", m.name}, {"role", m.role}, {"title", m.title}});
    v.set("team", std::move(team));
  }
  View visits = visits_view(p, &ps, root);
  v.set("calendar", visits.empty() ? "" : root + urls::schedule(p.id));
  v.set("visits", std::move(visits));
  v.set("documents", period_documents(p.id, root));
  v.set("downloads", downloads(p, root));
  return v;
}

namespace {

/// A cluster of up to kWholeCluster ranked units is shown whole on the
/// dashboard; a larger one by its first kClusterTop, its page holding the
/// rest. A dashboard of 40 clusters of 250 units stays a page a phone loads
/// in a second (bench/lighthouse), not 8 MB.
constexpr std::size_t kWholeCluster = 20;
constexpr std::size_t kClusterTop = 10;

}  // namespace

View Planner::dashboard_clusters(const score::PeriodScores& ps, const std::string& root) const {
  View clusters = View::list();
  int n = 0;
  for (const auto& cs : ps.clusters) {
    const std::size_t shown = cs.ranked.size() <= kWholeCluster ? cs.ranked.size() : kClusterTop;
    clusters.push(cluster_ranking(ps, cs, "chart-cluster-" + std::to_string(++n), shown, root));
  }
  return clusters;
}

View Planner::cluster_ranking(const score::PeriodScores& ps, const score::ClusterScores& cs,
                              const std::string& chart_id, std::size_t shown,
                              const std::string& root) const {
  View rows = View::list();
  for (std::size_t i = 0; i < shown && i < cs.ranked.size(); ++i)
    rows.push(ranking_row(ps, *cs.ranked[i], root));
  View v = {{"id", cs.cluster->id},
            {"name", cluster_name(cs.cluster)},
            {"average", num(cs.average)},
            {"count", count(cs.ranked.size())},
            {"units_word", t("units_lower", static_cast<long long>(cs.ranked.size()))},
            {"chart", ranking_chart(ps, cs, chart_id, shown)},
            {"rows", std::move(rows)}};
  if (shown < cs.ranked.size())
    v.set("more",
          {{"shown", count(shown)}, {"href", root + urls::cluster(ps.period->id, cs.cluster->id)}});
  return v;
}

View Planner::cluster_page(const score::PeriodScores& ps, std::size_t index) const {
  const Period& p = *ps.period;
  const score::ClusterScores& cs = ps.clusters[index];
  const std::string path = urls::cluster(p.id, cs.cluster->id);
  const std::string root = urls::root_of(path);
  View v = base(path, cluster_name(cs.cluster) + " — " + p.title, "periods");
  crumb(v, root, t("home"), urls::home());
  crumb(v, root, t("periods"), urls::periods());
  crumb(v, root, p.title, urls::period(p.id));
  v.set("draft", p.status == PeriodStatus::kDraft);
  v.set("charts", true);
  View period = period_summary(p, root);
  period.set("scheme", ps.scheme->title);
  v.set("period", std::move(period));
  v.set("dashboard", root + urls::period(p.id) + "#khoi-" + cs.cluster->id);
  v.set("cluster", cluster_ranking(ps, cs, "chart-cluster", cs.ranked.size(), root));
  return v;
}

View Planner::self_assessment_gaps(const score::PeriodScores& ps, const std::string& root) const {
  struct Gap {
    const score::UnitResult* r;
    Points self = 0, assessed = 0;
  };
  std::vector<Gap> gaps;
  for (const auto& r : ps.ranked) {
    if (r.result->self_scores.empty()) continue;
    Gap g{&r};
    for (const auto& [criterion, own] : r.result->self_scores) {
      g.self += own;
      if (auto it = r.result->scores.find(criterion); it != r.result->scores.end())
        g.assessed += it->second;
    }
    if (g.self != g.assessed) gaps.push_back(g);
  }
  // Furthest first; then by rank, as the ranking lists them.
  std::stable_sort(gaps.begin(), gaps.end(), [](const Gap& a, const Gap& b) {
    return std::abs(a.self - a.assessed) > std::abs(b.self - b.assessed);
  });
  View out = View::list();
  for (std::size_t i = 0; i < gaps.size() && i < 10; ++i) {
    const Gap& g = gaps[i];
    out.push({{"name", g.r->unit->name},
              {"href", root + urls::scorecard(ps.period->id, g.r->unit->id)},
              {"self", num(g.self)},
              {"assessed", num(g.assessed)},
              {"diff", format_total_change(g.self - g.assessed, locale_)}});
  }
  return out;
}

View Planner::corrections_view(const Period& p, const std::string& root, const Unit* unit) const {
  View out = View::list();
  for (const auto& c : p.corrections) {
    if (unit && std::find(c.units.begin(), c.units.end(), unit->id) == c.units.end()) continue;
    View units = View::list();
    for (const auto& id : c.units)
      if (const Unit* u = c_.find_unit(id))
        units.push({{"sep", units.empty() ? "" : ", "},
                    {"name", u->name_on(p.end)},
                    {"href", root + urls::unit(id)}});
    out.push({{"n", out.size() + 1},
              {"date", date(c.date)},
              {"change", c.change},
              {"reason", c.reason},
              {"units", std::move(units)}});
  }
  return out;
}

std::string Planner::section_kind_note(const Section& s) const {
  // Only what the title does not say already: most sections are scored
  // ("Điểm chấm" on every row said nothing), and a bonus section is often
  // titled "Điểm thưởng" itself.
  if (s.kind == SectionKind::kScore) return "";
  std::string label = t(s.kind == SectionKind::kBonus ? "section_bonus" : "section_penalty");
  return s.title == label ? "" : label;
}

View Planner::dashboard_sections(const score::PeriodScores& ps) const {
  View sections = View::list();
  for (std::size_t i = 0; i < ps.scheme->sections.size(); ++i) {
    const Section& s = ps.scheme->sections[i];
    sections.push({{"id", s.id},
                   {"title", s.title},
                   {"average", num(ps.section_averages[i])},
                   {"max", s.kind == SectionKind::kPenalty ? "" : num(s.max())},
                   {"kind", section_kind_note(s)}});
  }
  return sections;
}

}  // namespace thidua::site
