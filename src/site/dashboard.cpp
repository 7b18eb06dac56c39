// A period's dashboard: key figures, each cluster's ranking, grades,
// sections, movers, the inspection and the period's documents.
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

View Planner::dashboard_clusters(const score::PeriodScores& ps, const std::string& root) const {
  View clusters = View::list();
  int n = 0;
  for (const auto& cs : ps.clusters) {
    View rows = View::list();
    for (const auto* r : cs.ranked) rows.push(ranking_row(ps, *r, root));
    clusters.push({{"id", cs.cluster ? cs.cluster->id : ""},
                   {"name", cluster_name(cs.cluster)},
                   {"average", num(cs.average)},
                   {"count", cs.ranked.size()},
                   {"chart", ranking_chart(ps, cs, "chart-cluster-" + std::to_string(++n))},
                   {"rows", std::move(rows)}});
  }
  return clusters;
}

View Planner::dashboard_sections(const score::PeriodScores& ps) const {
  View sections = View::list();
  for (std::size_t i = 0; i < ps.scheme->sections.size(); ++i) {
    const Section& s = ps.scheme->sections[i];
    sections.push(
        {{"id", s.id},
         {"title", s.title},
         {"average", num(ps.section_averages[i])},
         {"max", s.kind == SectionKind::kPenalty ? "" : num(s.max())},
         {"kind", t("section_" + std::string(s.kind == SectionKind::kScore   ? "score"
                                             : s.kind == SectionKind::kBonus ? "bonus"
                                                                             : "penalty"))}});
  }
  return sections;
}

}  // namespace thidua::site
