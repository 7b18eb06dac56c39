// A unit's scorecard in a period: total, grade, ranks, every section and
// criterion, targets, the inspection's findings, and the way to its
// neighbours and its other periods.
#include <algorithm>

#include "site/planner.hpp"
#include "site/urls.hpp"
#include "text/links.hpp"

namespace thidua::site {

static View scorecard(const Context& x, const score::PeriodScores& ps, std::size_t index);
static View scorecard_sections(const Context& x, const score::PeriodScores& ps,
                               const score::ClusterScores* cs, const score::UnitResult& r);
static View scorecard_explanation(const Context& x, const score::PeriodScores& ps,
                                  const score::ClusterScores* cs, const score::UnitResult& r);
static View scorecard_targets(const Context& x, const score::UnitResult& r);
static void set_visit(const Context& x, View& v, const Period& p, const Unit& u,
                      const std::string& root);
static void set_neighbours(const Context& x, View& v, const score::PeriodScores& ps,
                           std::size_t index, const std::string& root);
static View other_periods(const Context& x, const score::PeriodScores& ps, const Unit& u,
                          const std::string& root);
static void scorecard_inputs(const Context& x, records::Writer& w, const score::PeriodScores& ps,
                             std::size_t index);
namespace {

/// What paper shows of a link, where it cannot be followed: its host and
/// path, without the scheme, the query or the fragment
/// ("drive.example.vn/minh-chung/ke-hoach.pdf").
std::string printed_address(std::string_view url) {
  if (const auto scheme = url.find("://"); scheme != std::string_view::npos)
    url.remove_prefix(scheme + 3);
  url = url.substr(0, url.find_first_of("?#"));
  while (url.ends_with("/")) url.remove_suffix(1);
  return std::string(url);
}

}  // namespace

static View scorecard(const Context& x, const score::PeriodScores& ps, std::size_t index) {
  const score::UnitResult& r = ps.ranked[index];
  const Period& p = *ps.period;
  const Unit& u = *r.unit;
  const std::string path = urls::scorecard(p.id, u.id);
  const std::string root = urls::root_of(path);
  View v = x.base(path, u.name + " — " + p.title, "periods");
  x.crumb(v, root, x.t("home"), urls::home());
  x.crumb(v, root, x.t("periods"), urls::periods());
  x.crumb(v, root, p.title, urls::period(p.id));
  v.set("draft", p.status == PeriodStatus::kDraft);
  v.set("charts", true);
  v.set("period", period_summary(x, p, root));
  const score::ClusterScores* cs = ps.find_cluster(u.cluster);
  // The cluster as it was named then.
  const Cluster* cluster = cs ? cs->cluster : x.c.find_cluster(u.cluster);
  v.set("unit", {{"name", u.name},
                 {"short_name", u.short_name},
                 {"kind", u.kind},
                 {"href", root + urls::unit(u.id)},
                 {"cluster", cluster_name(x, cluster)}});
  v.set("total", x.num(r.total));
  v.set("max", x.num(ps.scheme->max()));
  v.set("total_change", format_total_change(r.total_change, x.locale));
  v.set("grade", grade_view(x, ps, r.grade));
  if (r.overridden()) {
    v.set("override",
          {{"computed", grade_view(x, ps, r.computed_grade)},
           {"reason", r.result->grade_override ? r.result->grade_override->reason : ""}});
  }
  v.set("rank", x.count(r.rank));
  v.set("ranked_count", x.count(ps.ranked.size()));
  v.set("cluster_rank", x.count(r.cluster_rank));
  v.set("cluster_count", x.count(cs ? cs->ranked.size() : 0));
  v.set("change", change_view(x, r.rank_change));
  if (ps.compared) v.set("compared", period_summary(x, *ps.compared, root));
  v.set("self_scores", !r.result->self_scores.empty());
  // The evidence column only when some criterion has a link to show.
  bool has_evidence = false;
  for (const auto& [criterion, urls] : r.result->evidence)
    for (const auto& url : urls) has_evidence = has_evidence || text::is_safe_link(url);
  // Not "has_evidence": a criterion's own evidence list answers that name
  // inside its row, and rows without links lost their cell.
  v.set("evidence_column", has_evidence);
  v.set("sections", scorecard_sections(x, ps, cs, r));
  v.set("section_chart", unit_sections_chart(x, ps, cs, r));
  v.set("targets", scorecard_targets(x, r));
  v.set("explanation", scorecard_explanation(x, ps, cs, r));
  v.set("corrections", corrections_view(x, p, root, &u));
  set_visit(x, v, p, u, root);
  v.set("note", r.result->note);
  v.set("internal", internal_rows(r.result->internal));
  v.set("documents", unit_documents(x, u, root));
  set_neighbours(x, v, ps, index, root);
  v.set("other_periods", other_periods(x, ps, u, root));
  v.set("downloads", downloads(p, root));
  return v;
}

/// Sections and criteria, with the unit's own scoring on the intranet.
static View scorecard_sections(const Context& x, const score::PeriodScores& ps,
                               const score::ClusterScores* cs, const score::UnitResult& r) {
  const bool self = !r.result->self_scores.empty();
  View sections = View::list();
  sections.reserve(ps.scheme->sections.size());
  const CriteriaInOrder& order = x.criteria_order.at(ps.scheme);
  const std::vector<const Points*> scores = order.find(r.result->scores);
  const std::vector<const Points*> self_scores =
      self ? order.find(r.result->self_scores) : std::vector<const Points*>();
  std::size_t place = 0;  // of a criterion in the scheme
  for (std::size_t i = 0; i < ps.scheme->sections.size(); ++i) {
    const Section& s = ps.scheme->sections[i];
    View criteria = View::list();
    criteria.reserve(s.criteria.size());
    for (const auto& cr : s.criteria) {
      const Points* score = scores[place];
      View links = View::list();
      if (auto e = r.result->evidence.find(cr.id); e != r.result->evidence.end()) {
        int k = 0;
        for (const auto& url : e->second)
          if (text::is_safe_link(url))
            links.push({{"href", url},
                        {"label", x.t("evidence") + " " + std::to_string(++k)},
                        {"where", printed_address(url)}});
      }
      // A penalty deducts: its points are shown as its section's are (−4).
      // Only a score criterion left out is "missing": a bonus or penalty
      // nobody entered simply means none.
      const bool penalty = s.kind == SectionKind::kPenalty && score && *score > 0;
      View row = {{"id", cr.id},
                  {"title", cr.title},
                  {"max", x.num(cr.max)},
                  {"score", (penalty ? "−" : "") + x.num(score ? *score : 0)},
                  {"missing", !score && s.kind == SectionKind::kScore},
                  {"deducts", penalty},
                  {"evidence", std::move(links)}};
      if (self) {
        const Points* own = self_scores[place];
        row.set("self_score", own ? x.num(*own) : "");
        // The unit's own score against the assessed one: + it scored itself higher.
        row.set("self_diff", own ? format_total_change(*own - (score ? *score : 0), x.locale) : "");
      }
      criteria.push(std::move(row));
      ++place;
    }
    const Points avg = cs ? cs->section_averages[i] : 0;
    sections.push({{"id", s.id},
                   {"title", s.title},
                   {"value", x.num(r.sections[i])},
                   // A penalty section's max, when it has one, is the most it deducts.
                   {"max", s.kind != SectionKind::kPenalty ? x.num(s.max())
                           : s.cap                         ? "−" + x.num(*s.cap)
                                                           : ""},
                   {"cluster_average", x.num(avg)},
                   {"penalty", s.kind == SectionKind::kPenalty},
                   // a penalty taken off, shown "−2"; none is "0", not "−0"
                   {"minus", s.kind == SectionKind::kPenalty && r.sections[i] > 0},
                   {"bonus", s.kind == SectionKind::kBonus},
                   {"criteria", std::move(criteria)}});
  }
  return sections;
}

static View scorecard_explanation(const Context& x, const score::PeriodScores& ps,
                                  const score::ClusterScores* cs, const score::UnitResult& r) {
  const Scheme& scheme = *ps.scheme;
  const std::string arrow = " → ";
  View steps = View::list();
  auto step = [&](std::string text) { steps.push({{"text", std::move(text)}}); };
  auto quoted = [&](const Grade* g) { return "“" + g->label + "”"; };
  // Each section: its criteria's points added up, then its cap.
  std::string sum_line;  // the total's own sum, section by section
  Points signed_sum = 0;
  for (std::size_t i = 0; i < scheme.sections.size(); ++i) {
    const Section& s = scheme.sections[i];
    std::string terms;
    Points raw = 0;
    int entered = 0;
    for (const auto& c : s.criteria) {
      auto it = r.result->scores.find(c.id);
      if (it == r.result->scores.end()) continue;
      terms += (entered++ ? " + " : "") + x.num(it->second);
      raw += it->second;
    }
    const Points value = r.sections[i];
    std::string text = s.id + ". " + s.title + ": ";
    if (entered == 0)
      text += "0";
    else
      text += terms + (entered > 1 ? " = " + x.num(raw) : "");
    if (s.kind == SectionKind::kPenalty) {
      // A penalty section's max caps what it deducts, and the step says so.
      if (raw > value) text += ", " + x.t("explain_capped") + " " + x.num(*s.cap);
      text += arrow + x.t("explain_taken_off") + " " + x.num(value);
    } else if (raw > value) {
      text += ", " + x.t("explain_capped") + " " + x.num(s.max()) + arrow + x.num(value);
    } else {
      text += " (" + x.t("explain_max") + " " + x.num(s.max()) + ")";
    }
    step(std::move(text));
    const bool minus = s.kind == SectionKind::kPenalty;
    sum_line += (i == 0 ? (minus ? "−" : "") : (minus ? " − " : " + ")) + x.num(value);
    signed_sum += minus ? -value : value;
  }
  std::string total = x.t("total") + ": " + sum_line;
  if (signed_sum < 0)
    total += " = −" + x.num(-signed_sum) + ", " + x.t("explain_floor") + arrow + x.num(r.total);
  else
    total += " = " + x.num(r.total);
  step(total + " / " + x.num(scheme.max()));
  // The grade: the threshold met, or the override and its reason.
  auto met = [&](const Grade* g) {
    return g ? quoted(g) + " (" + x.t("explain_from") + " " + x.num(g->min) + " " +
                   x.t("explain_points") + ")"
             : x.t("explain_no_grade");
  };
  if (r.overridden())
    step(x.t("grade") + ": " + x.t("explain_by_total") + " " + met(r.computed_grade) + ", " +
         x.t("explain_override") + " " + (r.grade ? quoted(r.grade) : x.t("explain_no_grade")) +
         ". " + x.t("reason") + ": " +
         (r.result->grade_override ? r.result->grade_override->reason : ""));
  else
    step(x.t("grade") + ": " + x.num(r.total) + " " + x.t("explain_points") + " " +
         (r.grade ? x.t("explain_grade_met") + " " + met(r.grade) : x.t("explain_no_grade")));
  // Ranks, and who shares them.
  // Competition ranks: a tie starts at ranked[rank - 1] and runs while the
  // total holds (ranked is sorted by total, best first); found by halving, as
  // every scorecard asks it.
  const auto tie_begin = ps.ranked.begin() + (r.rank - 1);
  const auto tie_end = std::partition_point(
      tie_begin, ps.ranked.end(), [&](const score::UnitResult& o) { return o.total >= r.total; });
  const auto tied = static_cast<std::size_t>(tie_end - tie_begin) - 1;  // others than r
  std::string rank = x.t("overall_rank") + ": " + x.count(r.rank) + " " + x.t("explain_of") + " " +
                     x.count(ps.ranked.size()) + " " +
                     x.t("chart_units", static_cast<long long>(ps.ranked.size()));
  if (tied > 0) {
    rank += " (" + x.t("explain_tied");
    std::size_t named = 0;
    for (auto it = tie_begin; it != tie_end && named < 5; ++it)
      if (it->unit != r.unit) rank += (named++ ? ", " : " ") + it->unit->name;
    if (tied > 5)
      rank += " " + x.t("explain_and") + " " + x.count(tied - 5) + " " +
              x.t("explain_others", static_cast<long long>(tied - 5));
    rank += ")";
  }
  step(rank);
  if (cs)
    step(x.t("cluster_rank") + " (" + cluster_name(x, cs->cluster) + "): " +
         x.count(r.cluster_rank) + " " + x.t("explain_of") + " " + x.count(cs->ranked.size()) +
         " " + x.t("chart_units", static_cast<long long>(cs->ranked.size())));
  // The change, and against which period.
  if (!ps.compared) {
    step(x.t("explain_no_compared"));
  } else if (!r.rank_change || !r.total_change) {
    step(x.t("explain_compared") + " " + ps.compared->title + ": " +
         x.t("explain_not_ranked_then"));
  } else {
    const int before = r.rank + *r.rank_change;
    std::string change = x.t("explain_compared") + " " + ps.compared->title + ": " +
                         x.t("overall_rank") + " " + x.count(before) + arrow + x.count(r.rank);
    if (*r.rank_change != 0)
      change += " (" + x.t(*r.rank_change > 0 ? "moved_up" : "moved_down") + " " +
                x.count(std::abs(*r.rank_change)) + ")";
    change += ", " + x.t("total") + " " + x.num(r.total - *r.total_change) + arrow +
              x.num(r.total) + " (" + format_total_change(r.total_change, x.locale) + ")";
    step(std::move(change));
  }
  return steps;
}

static View scorecard_targets(const Context& x, const score::UnitResult& r) {
  View targets = View::list();
  for (const auto& tr : r.targets) {
    const Points goal = tr.target->goal;
    targets.push({{"label", tr.target->label},
                  {"actual", x.num(tr.actual)},
                  {"goal", x.num(goal)},
                  {"unit", unit_suffix(tr.target->unit)},
                  {"met", tr.met},
                  {"lower_is_better", tr.target->lower_is_better},
                  {"meter_value", as_number(std::max<Points>(tr.actual, 0))},
                  {"meter_max", as_number(std::max({goal, tr.actual, Points{1}}))}});
  }
  return targets;
}

static void set_visit(const Context& x, View& v, const Period& p, const Unit& u,
                      const std::string& root) {
  if (!p.inspections) return;
  // The unit's last visit that takes place, else its last cancelled one.
  const Visit* shown = nullptr;
  for (const auto& visit : p.inspections->visits)
    if (visit.unit == u.id && (!shown || shown->cancelled || !visit.cancelled)) shown = &visit;
  if (shown) {
    const Visit& visit = *shown;
    const Findings& f = visit.findings;
    v.set("visit", {{"date", x.date(visit.date)},
                    {"cancelled", visit.cancelled},
                    {"calendar", root + urls::schedule(p.id)},
                    {"session", x.t(session_key(visit.session))},
                    {"form", visit.form},
                    {"strengths", f.strengths},
                    {"weaknesses", f.weaknesses},
                    {"causes", f.causes},
                    {"recommendations", f.recommendations},
                    {"internal", internal_rows(visit.internal)}});
  }
}

static void set_neighbours(const Context& x, View& v, const score::PeriodScores& ps,
                           std::size_t index, const std::string& root) {
  auto link = [&](const score::UnitResult& other) -> View {
    return {{"name", other.unit->name},
            {"rank", x.count(other.rank)},
            {"href", root + urls::scorecard(ps.period->id, other.unit->id)}};
  };
  if (index > 0) v.set("prev", link(ps.ranked[index - 1]));
  if (index + 1 < ps.ranked.size()) v.set("next", link(ps.ranked[index + 1]));
}

static View other_periods(const Context& x, const score::PeriodScores& ps, const Unit& u,
                          const std::string& root) {
  View others = View::list();
  for (const auto& other : x.scores) {
    if (!other.scheme) continue;
    const auto* o = other.find(u);
    if (!o) continue;
    others.push({{"title", other.period->title},
                 {"href", root + urls::scorecard(other.period->id, u.id)},
                 {"total", x.num(o->total)},
                 {"max", x.num(other.scheme->max())},
                 {"rank", x.count(o->rank)},
                 {"grade", grade_view(x, other, o->grade)},
                 {"current", other.period == ps.period}});
  }
  return others;
}

static void scorecard_inputs(const Context& x, records::Writer& w, const score::PeriodScores& ps,
                             std::size_t index) {
  const score::UnitResult& r = ps.ranked[index];
  const Unit& u = *r.unit;
  w.hash(x.period_head(ps));
  write(w, u);
  const score::ClusterScores* cs = ps.find_cluster(u.cluster);
  w.text(cluster_name(x, cs ? cs->cluster : x.c.find_cluster(u.cluster)));
  w.flag(cs != nullptr);
  if (cs) w.hash(x.cluster_head(ps, static_cast<std::size_t>(cs - ps.clusters.data())));
  w.hash(x.result_hash(ps, *r.result));
  x.write_scored(w, ps, r);
  // The explanation names the units tied with it (the first few).
  const auto tie_begin = ps.ranked.begin() + (r.rank - 1);
  std::size_t tied = 0;
  for (auto it = tie_begin; it != ps.ranked.end() && it->total == r.total; ++it, ++tied)
    if (tied < 6) w.text(it->unit->name);
  w.number(static_cast<long long>(tied));
  // Its neighbours in the ranking.
  for (const std::size_t n : {index - 1, index + 1})
    if (n < ps.ranked.size())
      w.text(ps.ranked[n].unit->id).text(ps.ranked[n].unit->name).number(ps.ranked[n].rank);
    else
      w.text("");
  if (ps.period->inspections)
    for (const auto& visit : ps.period->inspections->visits)
      if (visit.unit == u.id) write(w, visit);
  x.unit_across(w, u);
  x.unit_documents_inputs(w, u);
}

void plan_scorecards(const Context& x, const score::PeriodScores& ps, Plan& plan) {
  for (std::size_t i = 0; i < ps.ranked.size(); ++i)
    add_page(
        plan, urls::scorecard(ps.period->id, ps.ranked[i].unit->id), "scorecard",
        [&x, &ps, i](records::Writer& w) { scorecard_inputs(x, w, ps, i); },
        [&x, &ps, i] { return scorecard(x, ps, i); });
}

}  // namespace thidua::site
