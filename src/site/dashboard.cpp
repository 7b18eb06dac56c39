// A period's dashboard: key figures, each cluster's ranking, grades,
// sections, movers, the inspection and the period's documents.
#include <algorithm>
#include <cstdlib>
#include <vector>

#include "site/ics.hpp"
#include "site/open_data.hpp"
#include "site/planner.hpp"
#include "site/urls.hpp"

namespace thidua::site {

static View dashboard(const Context& x, const score::PeriodScores& ps);
static View dashboard_clusters(const Context& x, const score::PeriodScores& ps,
                               const std::string& root);
static View cluster_ranking(const Context& x, const score::PeriodScores& ps,
                            const score::ClusterScores& cs, const std::string& chart_id,
                            std::size_t shown, const std::string& root);
static View cluster_page(const Context& x, const score::PeriodScores& ps, std::size_t index);
static View self_assessment_gaps(const Context& x, const score::PeriodScores& ps,
                                 const std::string& root);
static std::string section_kind_note(const Context& x, const Section& s);
static View dashboard_sections(const Context& x, const score::PeriodScores& ps);

static View dashboard(const Context& x, const score::PeriodScores& ps) {
  const Period& p = *ps.period;
  const std::string path = urls::period(p.id);
  const std::string root = urls::root_of(path);
  View v = x.base(path, p.title, "periods");
  x.crumb(v, root, x.t("home"), urls::home());
  x.crumb(v, root, x.t("periods"), urls::periods());
  v.set("draft", p.status == PeriodStatus::kDraft);
  v.set("charts", true);
  View period = period_summary(x, p, root);
  period.set("scheme", ps.scheme->title);
  v.set("period", std::move(period));
  if (ps.compared) v.set("compared", period_summary(x, *ps.compared, root));
  v.set("kpis", kpis(x, ps));
  v.set("clusters", dashboard_clusters(x, ps, root));
  v.set("grade_chart", grade_chart(x, ps));
  v.set("sections", dashboard_sections(x, ps));
  v.set("section_chart", section_averages_chart(x, ps));
  set_movers(x, v, ps, root);
  v.set("corrections", corrections_view(x, p, root, nullptr));
  View gaps = self_assessment_gaps(x, ps, root);  // empty in a public build: no self scores
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
  View visits = visits_view(x, p, &ps, root);
  v.set("calendar", visits.empty() ? "" : root + urls::schedule(p.id));
  v.set("visits", std::move(visits));
  v.set("documents", period_documents(x, p.id, root));
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

static View dashboard_clusters(const Context& x, const score::PeriodScores& ps,
                               const std::string& root) {
  View clusters = View::list();
  int n = 0;
  for (const auto& cs : ps.clusters) {
    const std::size_t shown = cs.ranked.size() <= kWholeCluster ? cs.ranked.size() : kClusterTop;
    clusters.push(cluster_ranking(x, ps, cs, "chart-cluster-" + std::to_string(++n), shown, root));
  }
  return clusters;
}

static View cluster_ranking(const Context& x, const score::PeriodScores& ps,
                            const score::ClusterScores& cs, const std::string& chart_id,
                            std::size_t shown, const std::string& root) {
  View rows = View::list();
  for (std::size_t i = 0; i < shown && i < cs.ranked.size(); ++i)
    rows.push(ranking_row(x, ps, *cs.ranked[i], root));
  View v = {{"id", cs.cluster->id},
            {"name", cluster_name(x, cs.cluster)},
            {"average", x.num(cs.average)},
            {"count", x.count(cs.ranked.size())},
            {"units_word", x.t("units_lower", static_cast<long long>(cs.ranked.size()))},
            {"chart", ranking_chart(x, ps, cs, chart_id, shown)},
            {"rows", std::move(rows)}};
  if (shown < cs.ranked.size())
    v.set("more", {{"shown", x.count(shown)},
                   {"href", root + urls::cluster(ps.period->id, cs.cluster->id)}});
  return v;
}

static View cluster_page(const Context& x, const score::PeriodScores& ps, std::size_t index) {
  const Period& p = *ps.period;
  const score::ClusterScores& cs = ps.clusters[index];
  const std::string path = urls::cluster(p.id, cs.cluster->id);
  const std::string root = urls::root_of(path);
  View v = x.base(path, cluster_name(x, cs.cluster) + " — " + p.title, "periods");
  x.crumb(v, root, x.t("home"), urls::home());
  x.crumb(v, root, x.t("periods"), urls::periods());
  x.crumb(v, root, p.title, urls::period(p.id));
  v.set("draft", p.status == PeriodStatus::kDraft);
  v.set("charts", true);
  View period = period_summary(x, p, root);
  period.set("scheme", ps.scheme->title);
  v.set("period", std::move(period));
  v.set("dashboard", root + urls::period(p.id) + "#khoi-" + cs.cluster->id);
  v.set("cluster", cluster_ranking(x, ps, cs, "chart-cluster", cs.ranked.size(), root));
  return v;
}

static View self_assessment_gaps(const Context& x, const score::PeriodScores& ps,
                                 const std::string& root) {
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
              {"self", x.num(g.self)},
              {"assessed", x.num(g.assessed)},
              {"diff", format_total_change(g.self - g.assessed, x.locale)}});
  }
  return out;
}

View corrections_view(const Context& x, const Period& p, const std::string& root,
                      const Unit* unit) {
  View out = View::list();
  for (const auto& c : p.corrections) {
    if (unit && std::find(c.units.begin(), c.units.end(), unit->id) == c.units.end()) continue;
    View units = View::list();
    for (const auto& id : c.units)
      if (const Unit* u = x.c.find_unit(id))
        units.push({{"sep", units.empty() ? "" : ", "},
                    {"name", u->name_on(p.end)},
                    {"href", root + urls::unit(id)}});
    out.push({{"n", out.size() + 1},
              {"date", x.date(c.date)},
              {"change", c.change},
              {"reason", c.reason},
              {"units", std::move(units)}});
  }
  return out;
}

static std::string section_kind_note(const Context& x, const Section& s) {
  // Only what the title does not say already: most sections are scored
  // ("Điểm chấm" on every row said nothing), and a bonus section is often
  // titled "Điểm thưởng" itself.
  if (s.kind == SectionKind::kScore) return "";
  std::string label = x.t(s.kind == SectionKind::kBonus ? "section_bonus" : "section_penalty");
  return s.title == label ? "" : label;
}

static View dashboard_sections(const Context& x, const score::PeriodScores& ps) {
  View sections = View::list();
  for (std::size_t i = 0; i < ps.scheme->sections.size(); ++i) {
    const Section& s = ps.scheme->sections[i];
    sections.push({{"id", s.id},
                   {"title", s.title},
                   {"average", x.num(ps.section_averages[i])},
                   {"max", s.kind == SectionKind::kPenalty ? "" : x.num(s.max())},
                   {"kind", section_kind_note(x, s)}});
  }
  return sections;
}

void plan_periods(const Context& x, Plan& plan) {
  for (const auto& ps : x.scores) {
    if (!ps.scheme) continue;
    const std::string& id = ps.period->id;
    const Inputs period = x.whole_period(ps);
    add_page(plan, urls::period(id), "dashboard", period, [&x, &ps] { return dashboard(x, ps); });
    for (std::size_t i = 0; i < ps.clusters.size(); ++i)
      add_page(plan, urls::cluster(id, ps.clusters[i].cluster->id), "cluster", period,
               [&x, &ps, i] { return cluster_page(x, ps, i); });
    plan_scorecards(x, ps, plan);
    const Inputs data = x.period_data(ps);
    add_file(plan, urls::data(id, "json"), data, [&ps] { return results_json(ps); });
    add_file(plan, urls::data(id, "csv"), data, [&ps] { return results_csv(ps); });
    plan.files.push_back({urls::data(id, "xlsx"),
                          [&x, &ps](std::string* error) {
                            return results_xlsx(ps, x.t("sheet_results"), x.t("sheet_scheme"),
                                                error);
                          },
                          data});
    if (ps.period->inspections && !ps.period->inspections->visits.empty())
      add_file(plan, urls::schedule(id), data,
               [&x, &ps] { return schedule_ics(x.c, *ps.period, x.t("calendar_summary") + " "); });
  }
}

}  // namespace thidua::site
